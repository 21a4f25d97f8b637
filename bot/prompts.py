"""Prompt templates kept as TOML files in prompts/, loaded by name and validated.

A prompt file has a ``description``, the ``variables`` it needs, a ``system``
text and a ``user`` text with ``{variable}`` placeholders (str.format syntax;
write literal braces as ``{{`` and ``}}``).
"""

from __future__ import annotations

import string
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from bot.resources import resource_dir

PROMPTS_DIR = resource_dir()
_ALLOWED_KEYS = {"description", "variables", "system", "user"}


class PromptError(ValueError):
    """A prompt file is malformed or a render is missing a variable."""


@dataclass(frozen=True)
class Prompt:
    name: str
    description: str
    variables: tuple[str, ...]
    system: str
    user: str

    def render(self, **values: str) -> list[tuple[str, str]]:
        """Return [("system", ...), ("human", ...)] with every variable filled in."""
        missing = set(self.variables) - values.keys()
        unknown = values.keys() - set(self.variables)
        if missing or unknown:
            raise PromptError(
                f"prompt {self.name!r}: missing {sorted(missing)}, unknown {sorted(unknown)}"
            )
        return [("system", self.system.format(**values)), ("human", self.user.format(**values))]


def _placeholders(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field}


@lru_cache(maxsize=32)
def load_prompt(name: str, prompts_dir: Path = PROMPTS_DIR) -> Prompt:
    """Load ``prompts/<name>.toml``; fail loudly on unknown keys or undeclared placeholders."""
    path = Path(prompts_dir) / f"{name}.toml"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise PromptError(f"cannot read prompt {path}: {exc}") from exc
    unknown = data.keys() - _ALLOWED_KEYS
    if unknown:
        raise PromptError(f"{path}: unknown keys {sorted(unknown)}")
    for key in ("system", "user"):
        if not isinstance(data.get(key), str):
            raise PromptError(f"{path}: '{key}' must be a string")
    variables = tuple(data.get("variables", ()))
    used = _placeholders(data["system"]) | _placeholders(data["user"])
    if used != set(variables):
        raise PromptError(
            f"{path}: placeholders {sorted(used)} do not match variables {sorted(variables)}"
        )
    return Prompt(name, data.get("description", ""), variables, data["system"], data["user"])
