"""The officer's answers read into a logframe: goal, purpose, results and activities, with indicators and assumptions.

Nothing is written here that the officer did not write: each cell holds their words (or nothing), and an
indicator line is only cut into its fields ("Línea de base: 12 % (2024); meta: 30 % a dic. 2027; fuente:
registros del SIT" → baseline, target, date, means of verification).

Choices kept simple on purpose:

* One indicator a line, all in one step. A line that opens with a code ("R2.", "Resultado 2:", "P1", "OG")
  belongs to that row; any other line to the purpose row, which indicators most often measure.
* The risks step's lines that open with "Supuesto:" (or its translations) are the assumptions column,
  placed by the same codes; the other lines are risks and stay in the text of the draft.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from bot.critique.rubric import load_rubric
from bot.drafting.steps import Interview
from bot.language import fold

_BULLET = re.compile(r"^\s*(?:[-•*–·]+\s*)")
_LEADING_PREPOSITION = re.compile(r"^(?:para|hasta|antes de|a|al|by|until|before|in|en|em|ate|d'ici|no|na)\s+",
                                  re.IGNORECASE)
_TRIM = " \t;,.:–-"


@dataclass(frozen=True)
class Indicator:
    """One indicator line and the fields read from it ("" where the officer wrote none)."""

    text: str
    name: str
    baseline: str = ""
    target: str = ""
    date: str = ""
    verification: str = ""
    level: str = "purpose"  # "goal", "purpose" or "result"
    result: int | None = None  # the result's number when level is "result"


@dataclass
class Row:
    """One level of the logframe."""

    level: str  # "goal", "purpose", "result", "activities"
    narrative: list[str] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    assumptions: list[str] = field(default_factory=list)
    number: int | None = None  # results only


@dataclass
class Logframe:
    goal: Row
    purpose: Row
    results: list[Row]
    activities: Row
    indicators: list[Indicator]

    @property
    def rows(self) -> list[Row]:
        return [self.goal, self.purpose, *self.results, self.activities]


def items(text: str) -> list[str]:
    """The answer's lines without bullets, empty lines dropped."""
    return [line for line in (_BULLET.sub("", raw).strip() for raw in text.splitlines()) if line]


def level_of(line: str, interview: Interview) -> tuple[str, int | None] | None:
    """("result", 2) for "R2. …", ("purpose", None) for "OE1: …", ("goal", None) for "OG: …"; None without a code."""
    folded = fold(line)
    codes = interview.level_codes
    for level, words in (("result", codes.result), ("goal", codes.goal), ("purpose", codes.purpose)):
        match = _code_pattern(tuple(words)).match(folded)
        if match:
            digits = match.group("n") or match.group("n2")
            number = int(digits) if digits else None
            return level, number
    return None


@lru_cache(maxsize=8)
def _code_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    # A one-letter code needs its number ("R1", not "R"); a word may stand alone before a separator ("Fin:").
    letters = [re.escape(fold(w)) for w in words if len(w) == 1]
    names = [re.escape(fold(w)) for w in sorted(words, key=len, reverse=True) if len(w) > 1]
    alternatives = []
    if letters:
        alternatives.append(rf"(?:{'|'.join(letters)})\s?(?P<n>\d+)[a-z]?(?:\.\d+)*")
    if names:
        alternatives.append(rf"(?:{'|'.join(names)})\s*(?:(?P<n2>\d+)[a-z]?)?")
    pattern = rf"^\(?(?:{'|'.join(alternatives)})\)?\s*(?:[.:)\-–]|\s(?=\S))"
    return re.compile(pattern)


def parse_indicator(line: str, interview: Interview) -> Indicator:
    """Cut one indicator line into its fields by their labels; a date inside the target is found too."""
    folded = fold(line)
    if len(folded) != len(line):  # positions in the folded text must be positions in the line
        folded = line.lower()
    marks = sorted(_label_pattern(interview).finditer(folded), key=lambda m: m.start())
    fields: dict[str, str] = {}
    for index, mark in enumerate(marks):
        end = marks[index + 1].start() if index + 1 < len(marks) else len(line)
        name = _field_of(mark.group("label"), interview)
        value = line[mark.end():end].strip(_TRIM)
        if name and value and name not in fields:
            fields[name] = value
    name = (line[: marks[0].start()] if marks else line).strip(_TRIM) or line.strip(_TRIM)
    target, date = fields.get("target", ""), fields.get("date", "")
    if target and not date:
        target, date = _date_in(target)
    level = level_of(line, interview)
    kind, number = level if level else ("purpose", None)
    if kind == "result" and number is None:
        kind = "purpose"
    return Indicator(text=line.strip(), name=name, baseline=fields.get("baseline", ""), target=target, date=date,
                     verification=fields.get("verification", ""), level=kind,
                     result=number if kind == "result" else None)


def _label_pattern(interview: Interview) -> re.Pattern[str]:
    return _compiled_labels(tuple((k, tuple(v)) for k, v in interview.indicator_fields.model_dump().items()))


@lru_cache(maxsize=4)
def _compiled_labels(fields: tuple[tuple[str, tuple[str, ...]], ...]) -> re.Pattern[str]:
    labels = sorted({fold(label) for _, words in fields for label in words}, key=len, reverse=True)
    alternatives = "|".join(re.escape(label) for label in labels)
    # A label counts when a colon (or "=") follows it, or a figure does ("meta 30 %").
    return re.compile(rf"(?<![\w])(?P<label>{alternatives})(?:\s*[:=]\s*|\s+(?=[\d(\[]))")


def _field_of(label: str, interview: Interview) -> str | None:
    for name, words in interview.indicator_fields.model_dump().items():
        if label in {fold(w) for w in words}:
            return name
    return None


def _date_in(target: str) -> tuple[str, str]:
    """("30 %", "dic. 2027") from "30 % a dic. 2027", with the critic's own deadline pattern."""
    folded = fold(target)
    if len(folded) != len(target):
        return target, ""
    for pattern in _deadline_patterns():
        match = pattern.search(folded)
        if match:
            # A pattern that also matches the target's figure marks the date itself as "due".
            start, end = match.span("due") if "due" in pattern.groupindex else match.span()
            date = _LEADING_PREPOSITION.sub("", target[start:end].strip())
            rest = (target[:start] + target[end:]).strip(_TRIM)
            return (rest or target), date
    return target, ""


@lru_cache(maxsize=1)
def _deadline_patterns():
    indicators = load_rubric().criteria["indicators"]
    return next(e for e in indicators.elements if e.id == "date").patterns.compiled


def split_assumptions(text: str, interview: Interview) -> tuple[list[str], list[str]]:
    """(risks, assumptions) from the risks step: assumption lines open with "Supuesto:" or its translations."""
    words = sorted({fold(w) for w in interview.assumption_words.words}, key=len, reverse=True)
    opener = re.compile(rf"^(?:{'|'.join(map(re.escape, words))})\b\s*[:.\-–]?\s*")
    risks, assumptions = [], []
    for line in items(text):
        match = opener.match(fold(line))
        if match and len(fold(line)) == len(line):
            assumptions.append(line[match.end():].strip() or line)
        elif match:
            assumptions.append(line)
        else:
            risks.append(line)
    return risks, assumptions


def build_logframe(answers: dict[str, str], interview: Interview) -> Logframe:
    """The logframe rows from the answers by step id ("goal", "purpose", "results", "indicators", …)."""
    goal = Row("goal", narrative=items(answers.get("goal", "")))
    purpose = Row("purpose", narrative=items(answers.get("purpose", "")))
    results: list[Row] = []
    for position, line in enumerate(items(answers.get("results", "")), start=1):
        level = level_of(line, interview)
        number = level[1] if level and level[0] == "result" and level[1] else position
        results.append(Row("result", narrative=[line], number=number))
    by_number = {row.number: row for row in results}
    activities = Row("activities", narrative=items(answers.get("activities", "")))
    indicators = [parse_indicator(line, interview) for line in items(answers.get("indicators", ""))]
    for indicator in indicators:
        _row_for(indicator.level, indicator.result, goal, purpose, by_number).indicators.append(indicator)
    _, assumptions = split_assumptions(answers.get("risks", ""), interview)
    for assumption in assumptions:
        level = level_of(assumption, interview)
        kind, number = level if level else ("purpose", None)
        _row_for(kind, number, goal, purpose, by_number).assumptions.append(assumption)
    return Logframe(goal, purpose, results, activities, indicators)


def _row_for(level: str, number: int | None, goal: Row, purpose: Row, results: dict[int | None, Row]) -> Row:
    if level == "goal":
        return goal
    if level == "result" and number in results:
        return results[number]
    return purpose
