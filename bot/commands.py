"""Command names as data (prompts/commands.toml): one table for Telegram, the menus and the console."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from bot.language import fold
from bot.resources import ResourceError, load_toml

_VALID_NAME = re.compile(r"^[a-z0-9_]{1,32}$")  # what Telegram accepts as a command


@lru_cache(maxsize=1)
def _table() -> dict[str, Any]:
    data = load_toml("commands.toml")
    for command, names in data["names"].items():
        bad = [name for name in names if not _VALID_NAME.match(name)]
        if bad or not names:
            raise ResourceError(f"commands.toml: [names].{command} has invalid names {bad}")
    for scope, menu in data["menu"].items():
        unknown = set(menu["commands"]) - set(data["names"])
        if unknown:
            raise ResourceError(f"commands.toml: [menu.{scope}] names unknown commands {sorted(unknown)}")
        for language, shown in menu.items():
            if language != "commands" and len(shown) != len(menu["commands"]):
                raise ResourceError(f"commands.toml: [menu.{scope}].{language} must name every command")
    return data


def names(command: str) -> list[str]:
    """Every name ``command`` answers to (for CommandHandler)."""
    return list(_table()["names"][command])


def command_of(text: str) -> str | None:
    """The command id a typed "/name …" means (accents and case folded), or None."""
    word = fold(text.strip().split(maxsplit=1)[0]) if text.strip() else ""
    if not word.startswith("/"):
        return None
    name = word[1:].split("@", 1)[0]
    return next((command for command, aliases in _table()["names"].items() if name in aliases), None)


def menu(scope: str, language: str) -> list[tuple[str, str]]:
    """(name shown, command id) for the ``scope`` ("private" or "groups") menu in ``language``."""
    table = _table()["menu"][scope]
    shown = table.get(language, table["es"])
    return list(zip(shown, table["commands"]))
