"""config.toml and COACH_<SECTION>__<KEY> overrides: what an operator sees when it is wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import PROJECT_DIR, ConfigError, load_config
from tests.foundation.conftest import write_config


def test_shipped_config_toml_loads_with_documented_defaults():
    config = load_config(PROJECT_DIR / "config.toml", environ={})
    assert config.chunking.max_tokens == 230
    assert config.vector_store.mode == "embedded"
    assert config.source == str(PROJECT_DIR / "config.toml")


def test_unknown_key_names_key_and_file(tmp_path):
    path = write_config(tmp_path, "[chunking]\nmax_tokenz = 200\n")
    with pytest.raises(ConfigError) as error:
        load_config(path, environ={})
    assert "chunking.max_tokenz" in str(error.value)
    assert str(path) in str(error.value)


def test_unknown_section_names_it(tmp_path):
    path = write_config(tmp_path, "[chunkin]\nmax_tokens = 200\n")
    with pytest.raises(ConfigError, match="chunkin") as error:
        load_config(path, environ={})
    assert str(path) in str(error.value)


def test_wrong_type_names_key_file_and_value(tmp_path):
    path = write_config(tmp_path, '[retrieval]\nk = "five"\n')
    with pytest.raises(ConfigError) as error:
        load_config(path, environ={})
    message = str(error.value)
    assert "retrieval.k" in message and str(path) in message and "five" in message


def test_out_of_range_value_is_refused(tmp_path):
    path = write_config(tmp_path, "[vector_store]\nport = 70000\n")
    with pytest.raises(ConfigError, match="vector_store.port"):
        load_config(path, environ={})


@pytest.mark.parametrize("value, expected", [('"auto"', "auto"), ("0.4", 0.4)])
def test_abstention_cut_off_is_auto_or_a_number(tmp_path, value, expected):
    path = write_config(tmp_path, f"[retrieval]\nmin_relevance = {value}\n")
    assert load_config(path, environ={}).retrieval.min_relevance == expected


@pytest.mark.parametrize("value", ["1.5", '"sometimes"'])
def test_bad_abstention_cut_off_is_refused_by_key(tmp_path, value):
    path = write_config(tmp_path, f"[retrieval]\nmin_relevance = {value}\n")
    with pytest.raises(ConfigError, match="retrieval.min_relevance"):
        load_config(path, environ={})


def test_unknown_encoder_name_is_refused_naming_the_variable(tmp_path):
    with pytest.raises(ConfigError, match="COACH_EMBEDDING__E5"):
        load_config(write_config(tmp_path), environ={"COACH_EMBEDDING__E5": "e5-large"})


def test_invalid_toml_names_the_file(tmp_path):
    path = tmp_path / "broken.toml"
    path.write_text("[paths\nknowledge_dir = 1\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="broken.toml"):
        load_config(path, environ={})


def test_missing_explicit_file_is_an_error(tmp_path):
    with pytest.raises(ConfigError, match="not found"):
        load_config(tmp_path / "nope.toml", environ={})


def test_coach_config_variable_chooses_the_file(tmp_path):
    path = write_config(tmp_path, "[retrieval]\nk = 7\n")
    assert load_config(environ={"COACH_CONFIG": str(path)}).retrieval.k == 7


def test_env_overrides_path_list_and_plain_string(tmp_path):
    path = write_config(tmp_path)
    config = load_config(path, environ={
        "COACH_PATHS__DATA_DIR": str(tmp_path / "elsewhere"),       # plain string (not TOML)
        "COACH_TELEGRAM__ADMIN_IDS": "[1001,1002]",                 # TOML list
        "COACH_TELEGRAM__WEBHOOK_URL": "https://coach.example.org/hook",
        "COACH_RETRIEVAL__K": "9",                                  # TOML integer
        "COACH_VECTOR_STORE__SSL": "true",
        "COACH_LLM__MODEL": '"quoted-model"',                       # a TOML string is unquoted
    })
    assert config.data_dir == tmp_path / "elsewhere"
    assert config.telegram.admin_ids == (1001, 1002)
    assert config.telegram.webhook_url == "https://coach.example.org/hook"
    assert config.retrieval.k == 9
    assert config.vector_store.ssl is True
    assert config.llm.model == "quoted-model"


def test_env_override_wins_over_the_file(tmp_path):
    path = write_config(tmp_path, "[retrieval]\nk = 7\n")
    assert load_config(path, environ={"COACH_RETRIEVAL__K": "3"}).retrieval.k == 3


def test_single_admin_id_becomes_a_list(tmp_path):
    config = load_config(write_config(tmp_path), environ={"COACH_TELEGRAM__ADMIN_IDS": "1001"})
    assert config.telegram.admin_ids == (1001,)


@pytest.mark.parametrize("key, raw", [
    ("COACH_LLM__MODEL", "7"),                      # a model tag that looks like a number
    ("COACH_TELEGRAM__WEBHOOK_PATH", "12345"),
    ("COACH_VECTOR_STORE__COLLECTION_PREFIX", "2024-01-01"),  # TOML would read a date
    ("COACH_LLM__MODEL", "true"),
])
def test_text_settings_keep_values_that_look_like_other_toml_types(tmp_path, key, raw):
    config = load_config(write_config(tmp_path), environ={key: raw})
    section, _, name = key[len("COACH_"):].lower().partition("__")
    assert getattr(getattr(config, section), name) == raw


def test_env_override_with_unknown_key_names_variable_key_and_file(tmp_path):
    path = write_config(tmp_path)
    with pytest.raises(ConfigError) as error:
        load_config(path, environ={"COACH_PATHS__DATADIR": "/x"})
    message = str(error.value)
    assert "paths.datadir" in message and str(path) in message and "COACH_PATHS__DATADIR" in message


def test_env_override_with_wrong_type_names_the_variable(tmp_path):
    with pytest.raises(ConfigError) as error:
        load_config(write_config(tmp_path), environ={"COACH_RETRIEVAL__K": "many"})
    assert "retrieval.k" in str(error.value) and "COACH_RETRIEVAL__K" in str(error.value)


def test_env_override_with_unknown_section_is_refused(tmp_path):
    with pytest.raises(ConfigError, match="COACH_RETRIVAL__K"):
        load_config(write_config(tmp_path), environ={"COACH_RETRIVAL__K": "3"})


def test_secrets_and_unrelated_variables_are_ignored(tmp_path):
    config = load_config(write_config(tmp_path), environ={
        "COACH_LLM_API_KEY": "sk-test", "COACH_STATE_DSN": "postgresql://x", "HOME": "/root",
    })
    assert config.llm.provider == "none"


def test_relative_paths_are_relative_to_the_project(tmp_path):
    config = load_config(write_config(tmp_path), environ={"COACH_PATHS__DATA_DIR": "var/data"})
    assert config.data_dir == PROJECT_DIR / "var" / "data"
    assert Path(config.paths.data_dir) == Path("var/data")


def test_config_is_frozen(tmp_path):
    config = load_config(write_config(tmp_path), environ={})
    with pytest.raises(Exception):
        config.retrieval.k = 99  # type: ignore[misc]


def test_config_toml_documents_every_key_with_its_default():
    """config.toml is the operators' reference: every setting appears there, with the default value."""
    import tomllib

    from bot.config import DEFAULT_CONFIG, Config

    shipped = tomllib.loads(DEFAULT_CONFIG.read_text(encoding="utf-8"))
    defaults = Config().model_dump(mode="json", exclude={"source"})
    assert set(shipped) == set(defaults)
    for section, values in defaults.items():
        assert set(shipped[section]) == set(values), section
        for key, value in values.items():
            written = shipped[section][key]
            assert (list(written) if isinstance(written, list) else written) == value, f"{section}.{key}"
