"""User-facing strings, kept as one TOML file per language in prompts/messages/.

Every sentence a user reads lives there: the bot's HTML messages, the answer
phrases ([answer]) and the critic's sentences ([critic], plain text).

Every file must hold the same keys with the same ``{placeholders}``; a missing
key or a mismatch fails at load, never in front of a user. Strings are Telegram
HTML: ``text()`` escapes the values it fills in, ``plain()`` is for button
labels and other places that are not parsed as HTML.
"""

from __future__ import annotations

import html
import string
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.resources import resource_path
from bot.vocabulary import DEFAULT_LANGUAGE, LANGUAGES

MESSAGES_DIR = resource_path("messages")


class MessagesError(ValueError):
    """A messages file is missing, malformed or inconsistent with the others."""


def _flatten(data: dict[str, Any], prefix: str = "") -> dict[str, str | tuple[str, ...]]:
    flat: dict[str, str | tuple[str, ...]] = {}
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{name}."))
        elif isinstance(value, str):
            flat[name] = value
        elif isinstance(value, list) and all(isinstance(item, str) for item in value):
            flat[name] = tuple(value)
        else:
            raise MessagesError(f"key {name!r}: expected a string or a list of strings")
    return flat


def _placeholders(value: str | tuple[str, ...]) -> set[str]:
    items = (value,) if isinstance(value, str) else value
    return {f for item in items for _, f, _, _ in string.Formatter().parse(item) if f}


@dataclass(frozen=True)
class Messages:
    """All strings for all languages, checked for consistency."""

    strings: dict[str, dict[str, str | tuple[str, ...]]]

    @classmethod
    def load(cls, directory: Path = MESSAGES_DIR, languages: tuple[str, ...] = LANGUAGES) -> Messages:
        strings: dict[str, dict[str, str | tuple[str, ...]]] = {}
        for language in languages:
            path = Path(directory) / f"{language}.toml"
            try:
                strings[language] = _flatten(tomllib.loads(path.read_text(encoding="utf-8")))
            except (OSError, tomllib.TOMLDecodeError) as exc:
                raise MessagesError(f"cannot read {path}: {exc}") from exc
        reference = strings[DEFAULT_LANGUAGE]
        for language, table in strings.items():
            missing = reference.keys() - table.keys()
            extra = table.keys() - reference.keys()
            if missing or extra:
                raise MessagesError(
                    f"{language}.toml: missing keys {sorted(missing)}, unknown keys {sorted(extra)}"
                )
            for key, value in table.items():
                ref = reference[key]
                if type(value) is not type(ref) or (
                    isinstance(ref, tuple) and len(ref) != len(value)
                ):
                    raise MessagesError(f"{language}.toml: {key!r} has a different shape than in es")
                if _placeholders(value) != _placeholders(ref):
                    raise MessagesError(
                        f"{language}.toml: {key!r} placeholders {sorted(_placeholders(value))} "
                        f"differ from es {sorted(_placeholders(ref))}"
                    )
        return cls(strings)

    def _get(self, key: str, language: str | None) -> str | tuple[str, ...]:
        table = self.strings.get(language or DEFAULT_LANGUAGE) or self.strings[DEFAULT_LANGUAGE]
        try:
            return table[key]
        except KeyError:
            raise MessagesError(f"unknown message key {key!r}") from None

    def text(self, key: str, language: str | None, /, **values: Any) -> str:
        """The HTML string ``key`` in ``language`` with escaped ``values`` filled in."""
        template = self._get(key, language)
        if not isinstance(template, str):
            raise MessagesError(f"message {key!r} is a list; use items()")
        return template.format(**{k: html.escape(str(v), quote=False) for k, v in values.items()})

    def plain(self, key: str, language: str | None, /, **values: Any) -> str:
        """Like ``text`` without escaping: for button labels and command descriptions."""
        template = self._get(key, language)
        if not isinstance(template, str):
            raise MessagesError(f"message {key!r} is a list; use items()")
        return template.format(**{k: str(v) for k, v in values.items()})

    def items(self, key: str, language: str | None) -> tuple[str, ...]:
        value = self._get(key, language)
        if isinstance(value, str):
            raise MessagesError(f"message {key!r} is a string; use text()")
        return value

