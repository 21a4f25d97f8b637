"""The offline judge: the rubric's patterns applied sentence by sentence.

For each applicable criterion it decides ok / weak / missing, writes a
one-sentence reason that quotes the user's own text, and fills a suggestion
template (often a rewrite of the quoted sentence with placeholders such as
[X %] and [fecha]). No model, no network: fast and predictable, and the
baseline the LLM path falls back to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.critique.rubric import Against, Criterion, Rubric, fold
from bot.critique.sections import looks_like_heading
from bot.models import Finding

STATUSES = ("missing", "weak", "ok")
_SENTENCE_END = re.compile(r"(?<=[.;!?])\s+(?=[\"«“(¿¡A-ZÁÉÍÓÚÑÇÂÊÔÃÕ])")
_LEADING_MARK = re.compile(r"^\s*(?:[-•*–·]+|\(?[a-z]?\d+(?:\.\d+)*[.)]?|[a-z]\))\s+", re.IGNORECASE)
_LABEL = re.compile(r"^[^:]{1,40}:\s+(?=\S)")
_QUOTE_CHARS = 110
_MAX_LISTED = 3


@dataclass(frozen=True)
class Segment:
    """A sentence or line of the user's text, with its folded form for matching."""

    text: str
    folded: str
    is_heading: bool


@dataclass(frozen=True)
class Judgement:
    """The offline verdict on one criterion, with what supported it."""

    criterion: Criterion
    status: str
    found: tuple[str, ...]  # element ids present in the text
    missing: tuple[str, ...]  # element ids absent
    against: Against | None  # the weakness pattern that fired, if any
    quote: str | None
    supported: bool  # anything in the text speaks to this criterion at all
    finding: Finding


def split_segments(text: str) -> list[Segment]:
    """Lines, then sentences within lines; headings are flagged so they are not quoted."""
    segments: list[Segment] = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        heading = looks_like_heading(line) and len(line.split()) <= 6
        for sentence in _SENTENCE_END.split(line):
            sentence = sentence.strip()
            if sentence:
                segments.append(Segment(sentence, fold(sentence), heading))
    return segments


def judge(text: str, section_type: str, language: str, rubric: Rubric) -> list[Judgement]:
    """Judge ``text`` on every criterion that applies to ``section_type``, in rubric order."""
    segments = split_segments(text)
    return [
        judge_criterion(criterion, segments, language, rubric)
        for criterion in rubric.applicable(section_type)
    ]


def judge_criterion(
    criterion: Criterion, segments: list[Segment], language: str, rubric: Rubric
) -> Judgement:
    found_at: dict[str, int] = {}
    for element in criterion.elements:
        index = _first_match(element.patterns.compiled, segments)
        if index is not None:
            found_at[element.id] = index
    mention_at = [i for i, s in enumerate(segments) if _matches(criterion.mentions.compiled, s)]
    fired: tuple[Against, int] | None = None
    for against in criterion.against:
        index = _first_match(against.patterns.compiled, segments)
        if index is not None:
            fired = (against, index)
            break

    found = tuple(e.id for e in criterion.elements if e.id in found_at)
    missing = tuple(e.id for e in criterion.elements if e.id not in found_at)
    required_ok = all(e.id in found_at for e in criterion.elements if e.required)
    capped = fired is not None and fired[0].mode == "cap"
    supported = bool(found or mention_at or fired)
    if len(found) >= criterion.ok_requires and required_ok and not capped:
        status = "ok"
    elif supported:
        status = "weak"
    else:
        status = "missing"

    against = fired[0] if fired and status != "ok" else None
    quote = _pick_quote(status, segments, found_at, mention_at, fired if against else None)
    reason = _reason(criterion, status, missing, against, quote, language, rubric)
    suggestion = (
        rubric.messages_for(language).ok_suggestion
        if status == "ok"
        else _suggestion(criterion, status, missing, quote, language)
    )
    finding = Finding(criterion.id, status, reason, suggestion)
    return Judgement(criterion, status, found, missing, against, quote, supported, finding)


def _matches(patterns: tuple[re.Pattern[str], ...], segment: Segment) -> bool:
    return any(p.search(segment.folded) for p in patterns)


def _first_match(patterns: tuple[re.Pattern[str], ...], segments: list[Segment]) -> int | None:
    for index, segment in enumerate(segments):
        if _matches(patterns, segment):
            return index
    return None


def _pick_quote(
    status: str,
    segments: list[Segment],
    found_at: dict[str, int],
    mention_at: list[int],
    fired: tuple[Against, int] | None,
) -> str | None:
    """The sentence of the user's text the reason should point at."""
    if status == "missing" or not segments:
        return None
    if fired is not None:
        return _clean(segments[fired[1]].text)
    if status == "ok":
        counts: dict[int, int] = {}
        for index in found_at.values():
            counts[index] = counts.get(index, 0) + 1
        best = max(counts, key=lambda i: (counts[i], -i)) if counts else None
        return _clean(segments[best].text) if best is not None else None
    body = [i for i in range(len(segments)) if not segments[i].is_heading]
    for candidates in ([i for i in mention_at if i in body], sorted(set(found_at.values()) & set(body)), body):
        if candidates:
            return _clean(segments[candidates[0]].text)
    return _clean(segments[0].text)


def _clean(sentence: str) -> str:
    text = _LEADING_MARK.sub("", sentence.strip()).strip()
    if len(text) > _QUOTE_CHARS:
        text = text[:_QUOTE_CHARS].rsplit(" ", 1)[0] + "…"
    return text


def _for_rewrite(quote: str) -> str:
    """'Objetivo general: Fortalecer X.' → 'Fortalecer X' so it can be rewritten in place."""
    text = _LABEL.sub("", quote).rstrip(" .;:…")
    return text or quote


def _join(labels: list[str], language: str, rubric: Rubric) -> str:
    labels = labels[:_MAX_LISTED]
    if len(labels) <= 1:
        return "".join(labels)
    return ", ".join(labels[:-1]) + rubric.messages_for(language).and_ + labels[-1]


def _reason(
    criterion: Criterion,
    status: str,
    missing: tuple[str, ...],
    against: Against | None,
    quote: str | None,
    language: str,
    rubric: Rubric,
) -> str:
    messages = rubric.messages_for(language)
    name = criterion.name.get(language)
    labels = _labels(criterion, missing, language)
    if status == "missing":
        every = _labels(criterion, tuple(e.id for e in criterion.elements), language)
        return messages.reason_missing.format(name=name, missing=_join(every, language, rubric))
    if against is not None and quote:
        return messages.reason_against.format(quote=quote, label=against.label.get(language))
    if status == "ok":
        return messages.reason_ok.format(quote=quote or name, name=name)
    return messages.reason_weak.format(
        name=name, quote=quote or "…", missing=_join(labels, language, rubric)
    )


def _labels(criterion: Criterion, ids: tuple[str, ...], language: str) -> list[str]:
    by_id = {e.id: e for e in criterion.elements}
    ordered = sorted(ids, key=lambda i: not by_id[i].required)  # required first
    return [by_id[i].label.get(language) for i in ordered]


def _suggestion(
    criterion: Criterion, status: str, missing: tuple[str, ...], quote: str | None, language: str
) -> str:
    templates = criterion.suggestion.get(language)
    fields = {
        "name": criterion.name.get(language),
        "missing": ", ".join(_labels(criterion, missing, language)[:_MAX_LISTED]),
    }
    if status == "missing":
        return templates.missing.format(**fields)
    return templates.weak.format(quote=_for_rewrite(quote or "…"), **fields)
