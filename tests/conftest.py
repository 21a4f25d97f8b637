"""Shared by every test folder: only makes `tests.<folder>` importable under plain `pytest` too."""

from __future__ import annotations

import sys
from pathlib import Path

_PROJECT = str(Path(__file__).resolve().parent.parent)
if _PROJECT not in sys.path:
    sys.path.insert(0, _PROJECT)
