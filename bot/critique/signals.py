"""Structural signals: what a reviewer sees in the layout of a text, not in its words.

Keyword patterns miss evidence that lives in a text's shape: a budget table whose
rows are outputs with amounts, or a risk list written as "risk: response" pairs.
Each detector here looks at the segments of a text (see bot.critique.offline) and
returns the index of the segment that best shows the quality, or None. A rubric
element names the detectors that also count as evidence for it (``signals``).

Detectors work on folded text (lower case, no accents), except named_plan, which reads
capitals, and know nothing about the rubric, so the rubric can validate the names
without an import cycle.
"""

from __future__ import annotations

import re
from typing import Callable, Protocol, Sequence

from bot.language import without_accents
from bot.resources import load_toml


class SegmentLike(Protocol):
    text: str
    folded: str
    is_heading: bool


Detector = Callable[[Sequence[SegmentLike], str], "int | None"]

# The words these signals match on are data (prompts/critique_words.toml, [signals]).
_WORDS = load_toml("critique_words.toml")["signals"]
# A currency named anywhere in the text makes bare grouped numbers (180.000) amounts.
_CURRENCY = re.compile(_WORDS["currency"])
_MONEY = re.compile(_WORDS["money"])
_GROUPED = re.compile(r"\b\d{1,3}(?:[.,]\d{3})+\b")
# What names an output: a code (R1, P2, O1, C3, 1., 2.1) or the word with a number.
_OUTPUT_WORD = _WORDS["output_word"]
_OUTPUT_CODE = re.compile(
    rf"^(?:[-•*–]\s*)?(?:[rpoc]\s?\d+(?:\.\d+)*\b|\d+(?:\.\d+)*[.)]\s|{_OUTPUT_WORD}\s*\d+\b)"
)
# A table row folded as "header: cell | header: cell"; the first header may name outputs.
_OUTPUT_COLUMN = re.compile(rf"^[^:|]{{0,40}}\b{_OUTPUT_WORD}\b[^:|]{{0,30}}:\s*")
_FIELD = re.compile(r"^(?:[-•*–]\s*)?([^:|]{2,90}?):\s+(\S.*)$")
_NOT_A_RESPONSE = re.compile(_WORDS["not_a_response"])


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


# "Risk: it could delay X" states a consequence, not a response.
_CONSEQUENCE = re.compile(_WORDS["consequence"])


def risk_responses(segments: Sequence[SegmentLike], section_type: str) -> int | None:
    """In a risks section, "risk: what we do about it" lines or sentences.

    Two such pairs are enough; a single pair counts when it is the only line of
    the part (a one-risk paragraph in a short proposal, answered in full).
    """
    if section_type != "risks":
        return None
    hits = []
    body = 0
    for index, segment in enumerate(segments):
        if segment.is_heading or "|" in segment.folded:
            continue
        body += 1
        match = _FIELD.match(segment.folded.strip())
        if not match:
            continue
        label, clause = match.group(1).strip(), match.group(2).strip()
        if len(label.split()) > 12 or _NOT_A_RESPONSE.match(label) or len(clause.split()) < 4:
            continue
        if _CONSEQUENCE.search(clause):
            continue
        hits.append(index)
    if len(hits) >= 2 or (len(hits) == 1 and body == 1):
        return hits[0]
    return None


# An output or result named by its code or by the word and a number: R1, P2, O3, "output 2".
_OUTPUT_REF = re.compile(_WORDS["output_reference"])
_LIST_ITEM = re.compile(r"^(?:[-•*–]\s*)?(?:[rpoac]\s?\d+(?:\.\d+)*|\d+(?:\.\d+)*[.)]|"
                        rf"{_OUTPUT_WORD}\s*\d+|{_WORDS['activity_word']}\s*\d+(?:\.\d+)*)\b")


def linked_outputs(segments: Sequence[SegmentLike], section_type: str) -> int | None:
    """A prose sentence that cites two or more outputs by code ("if R1 and R2 …, then …").

    Outputs listed one per line show result levels; a sentence that brings
    several of them together says how they combine, i.e. the causal link.
    A line that itself defines an output ("R1. 40 inspectors trained") does not count.
    """
    for index, segment in enumerate(segments):
        folded = segment.folded.strip()
        if segment.is_heading or "|" in folded or _LIST_ITEM.match(folded):
            continue
        cited = {m.group(1) or m.group(2) for m in _OUTPUT_REF.finditer(folded)}
        if len(cited) >= 2:
            return index
    return None


_OBJECTIVE_LEVEL = re.compile(_WORDS["objective_level"])
_OUTPUTS_INTRO = re.compile(_WORDS["outputs_intro"])
_INPUT_ITEM = re.compile(_WORDS["input_item"])


def outputs_under_objective(segments: Sequence[SegmentLike], section_type: str) -> int | None:
    """Outputs set out under the objectives they serve ("The overall objective is… The specific
    objective is… Three outputs are to be achieved:").

    Two named levels of the hierarchy and a line that introduces the outputs below them are
    the results chain's vertical logic; a reviewer does not ask for an "if… then" sentence
    on top. Outputs merely listed under one objective prove nothing (a website and a
    seminar under "fewer fatal accidents").
    """
    levels: dict[str, int] = {}
    for index, segment in enumerate(segments):
        if not segment.is_heading:
            for match in _OBJECTIVE_LEVEL.finditer(segment.folded):
                levels.setdefault(match.group(0), index)
    if len(levels) < 2:
        return None
    first = min(levels.values())
    intro = next((i for i in range(first, len(segments)) if _OUTPUTS_INTRO.search(segments[i].folded)), None)
    if intro is None:
        return None
    # "Resultados esperados: 1. Aquisição de 240 computadores…" lists inputs, not outputs.
    listed = [s for s in segments[intro + 1:intro + 12] if not s.is_heading and len(s.folded.split()) > 1]
    if listed and sum(bool(_INPUT_ITEM.match(s.folded.strip())) for s in listed) * 2 >= len(listed):
        return None
    return first


# What a monitoring plan shows, however it is worded: when data are collected, how, by whom, and reported to whom.
_ME_FACETS = {facet: re.compile(pattern) for facet, pattern in _WORDS["monitoring_plan"].items()}


def me_plan_facets(segments: Sequence[SegmentLike], section_type: str) -> int | None:
    """Three of the four facets of a monitoring plan (frequency, method, owner, reporting), in any words."""
    first: dict[str, int] = {}
    for index, segment in enumerate(segments):
        if segment.is_heading:
            continue
        for facet, pattern in _ME_FACETS.items():
            if facet not in first and pattern.search(segment.folded):
                first[facet] = index
    if len(first) < 3 or "frequency" not in first:
        return None
    return min(first.values())


_COUNTRY = re.compile(_WORDS["country"])
_COUNTRY_SENTENCES = 2


def country_situation(segments: Sequence[SegmentLike], section_type: str) -> int | None:
    """Two or more sentences that name the same country or its people ("Paraguay presentaba…", "la sociedad hondureña").

    A text that describes one country's own situation, sentence after sentence,
    is read against that country, whatever words it uses; a reviewer does not
    call its fit with the context missing. One passing mention is not enough.
    """
    seen: dict[str, list[int]] = {}
    for index, segment in enumerate(segments):
        if segment.is_heading:
            continue
        for name in {_country_key(m.group(0)) for m in _COUNTRY.finditer(segment.folded)}:
            seen.setdefault(name, []).append(index)
    grounded = [found[0] for found in seen.values() if len(found) >= _COUNTRY_SENTENCES]
    return min(grounded) if grounded else None


_NAMED_PLAN_WORDS = _WORDS["named_plan"]
_NAMED_PLAN = tuple(re.compile(_NAMED_PLAN_WORDS[key].replace("{own_plan}", _NAMED_PLAN_WORDS["own_plan"]))
                    for key in ("romance", "english"))
_LINE_BREAK = re.compile(r"(?<!\n)\n(?!\n)")


def named_plan(segments: Sequence[SegmentLike], section_type: str) -> int | None:
    """A sentence that names a plan, policy or strategy by its proper name ("Política Nacional da Juventude").

    The rubric's patterns credit a plan named with its years, axis or acronym; a text that serves the
    "Iniciativa de Empleo Juvenil" or the "National Employment Plan" was told it named no strategy (blind
    assessors, twenty-fifth and twenty-sixth rounds). A heading is the text's own subject, not a plan it serves.
    """
    for index, segment in enumerate(segments):
        if segment.is_heading:
            continue
        plain = _LINE_BREAK.sub(" ", without_accents(segment.text))  # a sentence wrapped as pasted from a PDF
        if any(pattern.search(plain) for pattern in _NAMED_PLAN):
            return index
    return None


def _country_key(name: str) -> str:
    """'hondurena', 'hondurenos' and 'honduras' are one country: compare the first five letters."""
    return name.replace(" ", "")[:5]


_EMPTY_VALUE = re.compile(_WORDS["empty_value"])
_FIELD_LINE = re.compile(r"^(?:[-•*–]\s*)?([^:|]{2,60}?)\s*:\s*(.*)$")
_MIN_FIELDS = 3  # a cover sheet: several "Label: value" lines
_LABEL_WORDS = 6  # a field's label is short; a longer line ending in ":" introduces a list
_FIELD_WORDS = 12  # a cover sheet's values are short ("Duração: 58 meses")


def empty_fields(text: str) -> list[str]:
    """The labels of cover-sheet fields left blank ("Resultado dos PTDP:", "Funding: TBD").

    Only in a text with several "Label: value" lines; a "Label:" followed by a list or
    a paragraph is a heading, not an empty field.
    """
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    fields = [(_FIELD_LINE.match(line), line) for line in lines]
    if sum(1 for match, _ in fields if match and match.group(2).strip()) < _MIN_FIELDS:
        return []
    empty = []
    for index, (match, line) in enumerate(fields):
        if not match or not _EMPTY_VALUE.match(match.group(2).strip().lower()):
            continue
        label = match.group(1).strip()
        if len(label.split()) > _LABEL_WORDS or "," in label:  # "The project lasts 12 months, as below:"
            continue
        if match.group(2).strip():  # "TBD", "por definir"
            empty.append(label)
            continue
        # Blank: the next line is another short field (a lead-in to a list of descriptions is no field).
        following = fields[index + 1][0] if index + 1 < len(fields) else None
        if following is not None and len(following.group(2).split()) <= _FIELD_WORDS:
            empty.append(label)
    return empty


DETECTORS: dict[str, Detector] = {
    "costed_outputs": costed_outputs,
    "risk_responses": risk_responses,
    "linked_outputs": linked_outputs,
    "outputs_under_objective": outputs_under_objective,
    "me_plan_facets": me_plan_facets,
    "country_situation": country_situation,
    "named_plan": named_plan,
}
SIGNAL_NAMES = frozenset(DETECTORS)
