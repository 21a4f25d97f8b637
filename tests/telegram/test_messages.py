"""The user-facing strings: same keys and placeholders in every language, loud failures."""

from __future__ import annotations

import shutil

import pytest

from bot.messages import MESSAGES_DIR, Messages, MessagesError
from bot.vocabulary import LANGUAGES


def test_every_language_loads_with_the_same_keys():
    messages = Messages.load()
    keys = {language: set(table) for language, table in messages.strings.items()}
    assert set(keys) == set(LANGUAGES)
    assert all(k == keys["es"] for k in keys.values())
    assert len(messages.items("start.examples", "pt")) == 3


def test_values_are_escaped_but_templates_keep_their_html():
    messages = Messages.load()
    assert messages.text("settings.donor_set", "en", donor="<x>") == "Donor: <b>&lt;x&gt;</b>."
    assert messages.plain("critique.offer_button", "fr").startswith("📝")


def test_unknown_language_falls_back_to_spanish():
    assert Messages.load().text("error.apology", "de").startswith("Lo siento")


def test_unknown_key_fails_loudly():
    with pytest.raises(MessagesError, match="unknown message key"):
        Messages.load().text("no.such.key", "es")


def _copy(tmp_path):
    for language in LANGUAGES:
        shutil.copy(MESSAGES_DIR / f"{language}.toml", tmp_path / f"{language}.toml")


def test_a_missing_key_fails_at_load(tmp_path):
    _copy(tmp_path)
    path = tmp_path / "fr.toml"
    path.write_text(path.read_text(encoding="utf-8").replace('apology = "', 'apologie = "'), encoding="utf-8")
    with pytest.raises(MessagesError, match=r"fr\.toml: missing keys \['error\.apology'\]"):
        Messages.load(tmp_path)


def test_a_wrong_placeholder_fails_at_load(tmp_path):
    _copy(tmp_path)
    path = tmp_path / "en.toml"
    path.write_text(path.read_text(encoding="utf-8").replace("{limit} MB", "{limite} MB"), encoding="utf-8")
    with pytest.raises(MessagesError, match="placeholders"):
        Messages.load(tmp_path)
