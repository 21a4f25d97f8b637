"""Structural signals: what a reviewer sees in the layout of a text, not in its words.

Keyword patterns miss evidence that lives in a text's shape: a budget table whose
rows are outputs with amounts, or a risk list written as "risk: response" pairs.
Each detector here looks at the segments of a text (see bot.critique.offline) and
returns the index of the segment that best shows the quality, or None. A rubric
element names the detectors that also count as evidence for it (``signals``).

Detectors work on folded text (lower case, no accents) and know nothing about
the rubric, so the rubric can validate the names without an import cycle.
"""

from __future__ import annotations

import re
from typing import Callable, Protocol, Sequence


class SegmentLike(Protocol):
    text: str
    folded: str
    is_heading: bool


Detector = Callable[[Sequence[SegmentLike], str], "int | None"]

# A currency named anywhere in the text makes bare grouped numbers (180.000) amounts.
_CURRENCY = re.compile(r"(us\s?\$|\busd\b|\bcad\b|\beur\b|€|r\$|\bdolares\b|\bdollars\b|\breais\b|\$)")
_MONEY = re.compile(r"(us\s?\$|\busd\b|\bcad\b|r\$|€|\$)\s?\d|\d[\d.,]*\s*(mil|millones|million|milhoes)\b")
_GROUPED = re.compile(r"\b\d{1,3}(?:[.,]\d{3})+\b")
# What names an output: a code (R1, P2, O1, C3, 1., 2.1) or the word with a number.
_OUTPUT_WORD = r"(output|outcome|result|resultado|producto|produto|componente|component|efecto|efeito)s?"
_OUTPUT_CODE = re.compile(
    rf"^(?:[-•*–]\s*)?(?:[rpoc]\s?\d+(?:\.\d+)*\b|\d+(?:\.\d+)*[.)]\s|{_OUTPUT_WORD}\s*\d+\b)"
)
# A table row folded as "header: cell | header: cell"; the first header may name outputs.
_OUTPUT_COLUMN = re.compile(rf"^[^:|]{{0,40}}\b{_OUTPUT_WORD}\b[^:|]{{0,30}}:\s*")
_FIELD = re.compile(r"^(?:[-•*–]\s*)?([^:|]{2,90}?):\s+(\S.*)$")
_NOT_A_RESPONSE = re.compile(
    r"^(riesgos?|risks?|riscos?|supuestos?|assumptions?|pressupostos?|probabilidad|probability|likelihood|"
    r"probabilidade|impacto|impact|responsable|owner|responsavel)\b(\s*\d+)?$"
)


def costed_outputs(segments: Sequence[SegmentLike], section_type: str) -> int | None:
    """Two or more lines, each an output (by code or by column) with an amount of money."""
    if not any(_CURRENCY.search(s.folded) for s in segments):
        return None
    hits = []
    for index, segment in enumerate(segments):
        folded = segment.folded.strip()
        if not (_MONEY.search(folded) or _GROUPED.search(folded)):
            continue
        column = _OUTPUT_COLUMN.match(folded)
        label = folded[column.end():] if column else folded
        if _OUTPUT_CODE.match(label) or (column and not label.startswith(("total", "subtotal"))):
            hits.append(index)
    outputs_named = [i for i in hits if _OUTPUT_CODE.match(_strip_column(segments[i].folded))]
    return hits[0] if len(hits) >= 2 and outputs_named else None


def _strip_column(folded: str) -> str:
    column = _OUTPUT_COLUMN.match(folded.strip())
    return folded.strip()[column.end():] if column else folded.strip()


def risk_responses(segments: Sequence[SegmentLike], section_type: str) -> int | None:
    """In a risks section, two or more "risk: what we do about it" lines or sentences."""
    if section_type != "risks":
        return None
    hits = []
    for index, segment in enumerate(segments):
        if segment.is_heading or "|" in segment.folded:
            continue
        match = _FIELD.match(segment.folded.strip())
        if not match:
            continue
        label, clause = match.group(1).strip(), match.group(2)
        if len(label.split()) > 12 or _NOT_A_RESPONSE.match(label) or len(clause.split()) < 4:
            continue
        hits.append(index)
    return hits[0] if len(hits) >= 2 else None


DETECTORS: dict[str, Detector] = {
    "costed_outputs": costed_outputs,
    "risk_responses": risk_responses,
}
SIGNAL_NAMES = frozenset(DETECTORS)
