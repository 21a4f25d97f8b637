"""Logframe tables in a .docx, read as tables and checked row by row.

A logframe pasted as prose loses what a reviewer reads in it: which row is
the goal, the purpose, an output or an activity, and which cells are empty.
So the tables of a .docx are read with python-docx (a merged cell appears
once per grid column it spans and is kept once), a table is taken as a
logframe when its header names an indicators column and a narrative or level
column, and three checks run on it:

* the vertical logic: goal, purpose, outputs and activities are all there,
  and read from the top no higher level comes below a lower one (outputs and
  their activities may alternate);
* every indicator has a baseline, a target with its date and a means of
  verification, in their own columns or in the indicator's own words;
* the assumptions sit at the right level: each level below the goal has one,
  and none of them is something the project itself does.

Each finding points at its table row (``Finding.row``), where the annotated
draft puts its comment. Words are data (prompts/critique_words.toml,
[logframe]); sentences are in prompts/messages/<language>.toml, [logframe].
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from bot.language import fold
from bot.messages import Messages
from bot.models import Finding
from bot.resources import load_toml

_WORDS = load_toml("critique_words.toml")["logframe"]
_COLUMNS = {role: re.compile(p) for role, p in _WORDS["columns"].items()}
_LEVELS = {level: re.compile(p) for level, p in _WORDS["levels"].items()}
_EMPTY = re.compile(_WORDS["values"]["empty"])
_YEAR = re.compile(_WORDS["values"]["year"])
_NUMBER = re.compile(_WORDS["values"]["number"])
_INTERNAL = re.compile(_WORDS["values"]["internal"])
_BASELINE_WORDS = _COLUMNS["baseline"]
_TARGET_WORDS = _COLUMNS["target"]
_VERIFICATION_WORDS = _COLUMNS["verification"]
RANK = {"goal": 0, "purpose": 1, "output": 2, "activity": 3}
_QUOTE_CHARS = 80

Table = list[list[str]]  # rows of cell texts, a merged cell once


@dataclass(frozen=True)
class Logframe:
    """One logframe table: its index in the document, its header row and each column's role."""

    table: int
    header: int
    roles: tuple[str | None, ...]
    rows: tuple[tuple[int, tuple[str, ...]], ...]  # (row index in the table, cells) below the header

    def cell(self, cells: tuple[str, ...], role: str) -> str:
        """The text of the ``role`` column in a row ('' when the table has no such column)."""
        if role not in self.roles:
            return ""
        index = self.roles.index(role)
        return cells[index].strip() if index < len(cells) else ""


def read_docx_tables(path: Path) -> list[Table]:
    """Every table of a .docx as rows of cell texts; a merged cell is kept once."""
    import docx  # python-docx; the file was already checked by the isolated reader

    document = docx.Document(str(path))
    tables = []
    for table in document.tables:
        rows = []
        for row in table.rows:
            seen: set[int] = set()
            cells = []
            for cell in row.cells:
                if id(cell._tc) not in seen:
                    seen.add(id(cell._tc))
                    cells.append(cell.text.strip())
            rows.append(cells)
        tables.append(rows)
    return tables


def find_logframes(tables: list[Table]) -> list[Logframe]:
    """The tables whose header row names an indicators column and a narrative or level column."""
    found = []
    for number, rows in enumerate(tables):
        for header_index, header in enumerate(rows[:3]):
            roles = tuple(_role(cell) for cell in header)
            if "indicators" in roles and ({"narrative", "level"} & set(roles)):
                body = tuple((i, tuple(cells)) for i, cells in enumerate(rows) if i > header_index)
                found.append(Logframe(number, header_index, roles, body))
                break
    return found


def _role(cell: str) -> str | None:
    folded = fold(cell.strip())
    if not folded:
        return None
    # A header cell may name two things ("Indicadores y metas"): the first listed role wins.
    for role in ("level", "assumptions", "baseline", "indicators", "verification", "target", "narrative"):
        if _COLUMNS[role].search(folded):
            return role
    return None


def row_level(frame: Logframe, cells: tuple[str, ...]) -> str | None:
    """goal, purpose, output or activity, read from the level column or else the row's first cell."""
    text = frame.cell(cells, "level") or (cells[0] if cells else "")
    folded = fold(text.strip())
    for level in ("activity", "purpose", "goal", "output"):
        if _LEVELS[level].search(folded):
            return level
    return None


@lru_cache(maxsize=1)
def _messages() -> Messages:
    return Messages.load()


def _say(key: str, language: str, **values: str) -> str:
    return _messages().plain(f"logframe.{key}", language, **values)


def title(frame: Logframe, language: str) -> str:
    return _say("title", language, number=str(frame.table + 1))


def check_logframe(frame: Logframe, language: str) -> list[Finding]:
    """Findings on the vertical logic, the indicators and the assumptions, each pointing at a row."""
    # A row merged across the whole table ("Componente 1: …") is a title, not a level of the logic.
    width = len(frame.roles)
    levelled = [(index, cells, row_level(frame, cells)) for index, cells in frame.rows
                if any(x.strip() for x in cells) and (len(cells) > 1 or width == 1)]
    return (_vertical_logic(frame, levelled, language) + _indicators(frame, levelled, language)
            + _assumptions(frame, levelled, language))


def _at(frame: Logframe, row: int) -> tuple[int, int]:
    return (frame.table, row)


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _QUOTE_CHARS else text[:_QUOTE_CHARS].rsplit(" ", 1)[0] + "…"


def _vertical_logic(frame: Logframe, rows, language: str) -> list[Finding]:
    findings = []
    present = {level for _, _, level in rows if level}
    for level in RANK:
        if level not in present:
            name = _say(f"level_{level}", language)
            findings.append(Finding("results_chain", "weak", _say("missing_level", language, level=name),
                                    _say("missing_level_fix", language, level=name), row=_at(frame, frame.header)))
    deepest: str | None = None
    for index, cells, level in rows:
        if level is None:
            continue
        # Outputs and their activities alternate; only a goal or purpose below them is out of place.
        if deepest is not None and RANK[level] < RANK[deepest] and RANK[level] <= RANK["purpose"]:
            findings.append(Finding(
                "results_chain", "weak",
                _say("out_of_order", language, row=_short(cells[0]), level=_say(f"level_{level}", language),
                     below=_say(f"level_{deepest}", language)),
                _say("out_of_order_fix", language), row=_at(frame, index)))
        if deepest is None or RANK[level] > RANK[deepest]:
            deepest = level
    return findings


def _indicators(frame: Logframe, rows, language: str) -> list[Finding]:
    findings = []
    for index, cells, level in rows:
        indicator = frame.cell(cells, "indicators")
        if level == "activity" or _is_empty(indicator):
            continue
        own = fold(indicator)
        baseline = frame.cell(cells, "baseline")
        target = frame.cell(cells, "target")
        verification = frame.cell(cells, "verification")
        lacks = []
        if _is_empty(baseline) and not (_BASELINE_WORDS.search(own) and _NUMBER.search(own)):
            lacks.append(_say("baseline", language))
        dated_target = (not _is_empty(target) and _YEAR.search(target)) or (
            _TARGET_WORDS.search(own) and _YEAR.search(own))
        if not dated_target:
            lacks.append(_say("target_date", language))
        if _is_empty(verification) and not _VERIFICATION_WORDS.search(own):
            lacks.append(_say("verification", language))
        if lacks:
            findings.append(Finding(
                "indicators", "weak",
                _say("indicator_lacks", language, indicator=_short(indicator), missing=_join(lacks, language)),
                _say("indicator_fix", language), row=_at(frame, index)))
    return findings


def _assumptions(frame: Logframe, rows, language: str) -> list[Finding]:
    if "assumptions" not in frame.roles:
        return [Finding("risks", "weak", _say("no_assumptions_column", language),
                        _say("no_assumptions_column_fix", language), row=_at(frame, frame.header))]
    findings = []
    for index, cells, level in rows:
        if level is None:
            continue
        assumption = frame.cell(cells, "assumptions")
        if _is_empty(assumption):
            # The goal needs none: nothing sits above it. Activities and their output share one.
            if level in ("purpose", "output"):
                findings.append(Finding("risks", "weak", _say("no_assumption", language, row=_short(cells[0])),
                                        _say("no_assumption_fix", language), row=_at(frame, index)))
        elif _INTERNAL.search(fold(assumption)):
            findings.append(Finding("risks", "weak",
                                    _say("internal_assumption", language, assumption=_short(assumption)),
                                    _say("internal_assumption_fix", language), row=_at(frame, index)))
    return findings


def _is_empty(text: str) -> bool:
    return not text.strip() or bool(_EMPTY.match(fold(text.strip())))


def _join(items: Iterable[str], language: str) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + _say("lacks_joiner", language) + items[-1]
