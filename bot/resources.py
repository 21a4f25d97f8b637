"""The data files the code reads: prompt templates, the rubric, messages and word lists in prompts/.

prompts/ is installed as a package beside bot/ (pyproject.toml), so a normal,
non-editable install finds the same files. Every loader asks this module for
them by name; a missing or malformed file fails here, naming the file.
"""

from __future__ import annotations

import tomllib
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Any

RESOURCE_PACKAGE = "prompts"


class ResourceError(ValueError):
    """A data file is missing or is not valid TOML."""


def resource_dir() -> Path:
    """The installed prompts/ folder."""
    return Path(str(files(RESOURCE_PACKAGE)))


def resource_path(name: str) -> Path:
    """prompts/<name> (e.g. ``"rubric.toml"``, ``"messages/es.toml"``)."""
    return resource_dir() / name


def load_toml(path: str | Path) -> dict[str, Any]:
    """A TOML file by resource name (``"words.toml"``) or by path; errors name the file."""
    path = resource_path(path) if isinstance(path, str) else Path(path)
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ResourceError(f"cannot read {path}: {exc}") from exc


@lru_cache(maxsize=1)
def words() -> dict[str, Any]:
    """prompts/words.toml: the word lists that recognise donors, follow-ups, the workshop, stopwords."""
    return load_toml("words.toml")
