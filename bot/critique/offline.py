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

from bot.critique.rubric import Against, Criterion, Rubric
from bot.language import fold
from bot.critique.sections import heading_types, looks_like_heading
from bot.critique.typing import is_title
from bot.critique.signals import DETECTORS
from bot.models import Finding
from bot.resources import load_toml

STATUSES = ("missing", "weak", "ok")
_SENTENCE_END = re.compile(r"(?<=[.;!?])\s+(?=[\"«“(¿¡A-ZÁÉÍÓÚÑÇÂÊÔÃÕ])")
# A result's or objective's label before its text ("R1. Fortalecidas…", "OE2. Reducir…") is no sentence of its own.
_BARE_LABEL = re.compile(r"^(?:[A-Z]{1,3}\d{0,2}|\d{1,2})(?:\.\d{1,2})*\.$")
# Markdown emphasis pasted with the text ("**R1. …**") is not quoted back.
_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1")
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
    """Lines, then sentences within lines; headings are flagged so they are not quoted.

    Rows of a table written with "|" stay whole, and their folded form names each
    cell's column ("meta (fecha): 55 % (dic. 2026)"), so a pattern such as
    "target followed by a number" finds the number in the Target column. Numbers
    written as words are matched as digits ("eight months" → "8 months").
    """
    segments: list[Segment] = []
    header: list[str] | None = None
    for line in text.splitlines():
        line = line.strip()
        if not line:
            header = None
            continue
        cells = _cells(line)
        if cells is not None:
            if all(set(c) <= set("-: ") for c in cells):  # |---|---| separator
                continue
            if header is None:
                header = cells
                segments.append(Segment(line, _normalise(fold(line)), True))
            else:
                labelled = " | ".join(
                    f"{h}: {c}" if h else c for h, c in zip(header + [""] * len(cells), cells)
                )
                segments.append(Segment(line, _normalise(fold(labelled)), False))
            continue
        header = None
        line = _EMPHASIS.sub(r"\2", line)
        heading = looks_like_heading(line) and len(line.split()) <= 6
        label = ""
        for sentence in _SENTENCE_END.split(line):
            sentence = sentence.strip()
            if _BARE_LABEL.match(sentence):
                label += sentence + " "
            elif sentence:
                sentence = label + sentence
                label = ""
                segments.append(Segment(sentence, _normalise(fold(sentence)), heading))
        if label:
            segments.append(Segment(label.strip(), _normalise(fold(label)), heading))
    return segments


def _cells(line: str) -> list[str] | None:
    """The cells of a table row ('a | b | c'), or None when the line is not one."""
    if line.count("|") < 2 and not (line.count("|") == 1 and not line.startswith("|")):
        return None
    cells = [c.strip() for c in line.strip("|").split("|")]
    return cells if len(cells) >= 2 else None


_WORDS = load_toml("critique_words.toml")["judge"]  # prompts/critique_words.toml
_NUMBER_WORDS = _WORDS["number_words"]
_NUMBER_WORD = re.compile(
    r"\b(" + "|".join(sorted(map(re.escape, _NUMBER_WORDS), key=len, reverse=True)) + r")\b"
)
# "dos" is "two" in Spanish but "of the" in Portuguese: only before a counted noun.
_DOS = re.compile(_WORDS["spanish_two"])


_OLD_PORTUGUESE = [(re.compile(old), new) for old, new in _WORDS["old_portuguese"].items()]


def _normalise(folded: str) -> str:
    folded = _NUMBER_WORD.sub(lambda m: str(_NUMBER_WORDS[m.group(1)]), folded)
    for old, new in _OLD_PORTUGUESE:  # "objectivos do projecto" is "objetivos do projeto"
        folded = old.sub(new, folded)
    return _DOS.sub("2 ", folded)


_GOAL_LEVEL = re.compile(_WORDS["goal_level"])
# Criteria whose rewrite must build on a sentence of a given form (an indicator states a measure).
_REWRITE_REQUIRES = {c: re.compile(p) for c, p in _WORDS["rewrite_requires"].items()}
_METADATA = re.compile(_WORDS["metadata_label"])


def content_segments(text: str) -> list[Segment]:
    """The segments a judgement may rest on: cover-sheet fields ("Project code: …") are left out."""
    return [s for s in split_segments(text) if not _METADATA.match(s.folded.strip())]


def judge(text: str, section_type: str, language: str, rubric: Rubric) -> list[Judgement]:
    """Judge ``text`` on every criterion that applies to ``section_type``, in rubric order.

    * A criterion outside the section type is judged too when its ``also_when``
      patterns match (a budget that only buys equipment is judged on capacity).
    * In a full proposal with section headings, each criterion is judged on the
      parts it belongs to (objectives on "Objetivos", not on a figure from the
      budget); a criterion with no part of its own is judged on the whole text.
    """
    segments = content_segments(text)
    applicable = set(c.id for c in rubric.applicable(section_type))
    parts = _parts(text, rubric) if section_type == "full_proposal" else []
    judgements = []
    for criterion in rubric.criteria.values():
        if criterion.id not in applicable:
            if not _triggered(criterion, segments):
                continue
        scope, scope_type, lenient = segments, section_type, section_type != "full_proposal"
        if parts:
            home = set(criterion.applies_to) - {"full_proposal"}
            own = [(types, segs) for types, segs in parts if home & types]
            if own:
                scope = [s for _, segs in own for s in segs]
                scope_type = next(iter(sorted(home & own[0][0])))
                lenient = True
        if section_type == "full_proposal" and scope is segments and criterion.colocated:
            scope = [s for s in segments if _matches(criterion.mentions.compiled, s)]
        judgements.append(
            judge_criterion(criterion, scope, language, rubric, section_type=section_type,
                            scope_type=scope_type, lenient=lenient)
        )
    return judgements


_NEGATION = re.compile(_WORDS["negation"])


def _triggered(criterion: Criterion, segments: list[Segment]) -> bool:
    """Whether a criterion outside the section type should be judged here too (see ``also_when``)."""
    if criterion.also_when is None or not any(_matches(criterion.also_when.compiled, s) for s in segments):
        return False
    unless = criterion.also_unless.compiled if criterion.also_unless else ()
    return not any(_affirmed(p, s.folded) for p in unless for s in segments)


def _affirmed(pattern: re.Pattern[str], folded: str) -> bool:
    """``pattern`` occurs in ``folded`` with no negation in the 40 characters before it."""
    return any(
        not _NEGATION.search(folded[max(0, m.start() - 40): m.start()])
        for m in pattern.finditer(folded)
    )


def _parts(text: str, rubric: Rubric) -> list[tuple[set[str], list[Segment]]]:
    """A full proposal cut at lines that name a section type; [] when it has fewer than 2 such parts."""
    raw: list[tuple[set[str], list[str]]] = [(set(), [])]
    for line in text.splitlines():
        stripped = line.strip()
        types = set()
        if stripped and looks_like_heading(stripped):
            types = set(heading_types(stripped, rubric)) - {"full_proposal"}
        if types:
            raw.append((types, []))
        raw[-1][1].append(line)
    typed = [(types, content_segments("\n".join(lines))) for types, lines in raw if types]
    return typed if len(typed) >= 2 else []


def judge_criterion(
    criterion: Criterion,
    segments: list[Segment],
    language: str,
    rubric: Rubric,
    *,
    section_type: str | None = None,
    scope_type: str | None = None,
    lenient: bool = True,
) -> Judgement:
    section_type = section_type or (criterion.applies_to[0])
    scope_type = scope_type or section_type
    found_at: dict[str, int] = {}
    for element in criterion.elements:
        index = _first_match(element.patterns.compiled, segments)
        for name in element.signals:
            if index is None:
                index = DETECTORS[name](segments, scope_type)
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
    bar = criterion.bar(section_type) if lenient else criterion.ok_requires
    if len(found) >= bar and required_ok and not capped:
        status = "ok"
    elif supported:
        status = "weak"
    else:
        status = "missing"

    if status != "ok" and fired is None:
        presumed = _presumed(criterion, segments)
        if presumed is not None:
            # Nothing in the text gives a reason to doubt it: say nothing negative.
            status, found_at = "ok", {**found_at, "_presumed": presumed}
    if status == "ok":
        short = _items_falling_short(criterion, segments)
        if short is not None:
            fired, status = short, "weak"

    against = fired[0] if fired and status != "ok" else None
    quoted = _pick_quote(status, segments, found_at, mention_at, fired if against else None)
    quote = _clean(segments[quoted].text, _evidence_at(criterion, segments[quoted], found, fired if against else None)) if quoted is not None else None
    reason = _reason(criterion, status, missing, against, quote, language, rubric, found=found)
    # A rewrite builds on a sentence that carries the criterion (never on one that shows
    # a weakness, a goal-level "contribute to…", or an unrelated sentence); else placeholders.
    rewrite = _rewrite_target(criterion, segments, mention_at, found_at,
                              prefer=quoted if against is None else None)
    messages = rubric.messages_for(language)
    suggestion = (
        messages.ok_suggestion
        if status == "ok"
        else _suggestion(criterion, status, missing, rewrite, language,
                         placeholder=messages.rewrite_placeholder.format(name=criterion.name.get(language)))
    )
    anchor = segments[quoted].text if quoted is not None else None
    finding = Finding(criterion.id, status, reason, suggestion, anchor=anchor)
    return Judgement(criterion, status, found, missing, against, quote, supported, finding)


def clearly_satisfied(criterion: Criterion, segments: list[Segment], language: str, rubric: Rubric) -> bool:
    """Whether the text shows enough of the criterion's own elements, with no weakness, to call it a strength.

    Used for criteria outside the section type: only what the text plainly does
    counts (no benefit of the doubt, no bare mention).
    """
    home = next((t for t in criterion.applies_to if t != "full_proposal"), criterion.applies_to[0])
    judgement = judge_criterion(criterion, segments, language, rubric,
                                section_type=home, scope_type=home, lenient=False)
    return (judgement.status == "ok" and judgement.against is None
            and len(judgement.found) >= max(criterion.ok_requires, 1))


def _presumed(criterion: Criterion, segments: list[Segment]) -> int | None:
    """Index of the sentence that grounds the presumption, or None (see ``Criterion.presumption``)."""
    if not criterion.presumption:
        return None
    first = None
    for group in criterion.presumption:
        index = _first_match(group.compiled, [s for s in segments if not s.is_heading])
        if index is None:
            return None
        first = index if first is None else first
    body = [i for i, s in enumerate(segments) if not s.is_heading]
    return body[first] if first is not None else None


def _items_falling_short(criterion: Criterion, segments: list[Segment]) -> tuple[Against, int] | None:
    """When most listed items (indicators) lack their own elements: the rule as a cap and the first such item."""
    rule = criterion.items
    if rule is None:
        return None
    items: list[list[int]] = []
    for index, segment in enumerate(segments):
        if segment.is_heading:
            continue
        is_row = "|" in segment.text
        if is_row or _matches(rule.start.compiled, segment):
            items.append([index])
        elif items:
            items[-1].append(index)
    if len(items) < rule.min_items:
        return None
    short = []
    for item in items:
        scope = [segments[i] for i in item]
        shown = sum(1 for e in criterion.elements if _first_match(e.patterns.compiled, scope) is not None)
        if shown < rule.requires:
            short.append(item[0])
    if 2 * len(short) <= len(items):
        return None
    against = Against(id=rule.id, mode="cap", label=rule.label, patterns=rule.start)
    return against, short[0]


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
) -> int | None:
    """The index of the sentence of the user's text the reason should point at."""
    if status == "missing" or not segments:
        return None
    if fired is not None:
        return fired[1]
    if status == "ok":
        counts: dict[int, int] = {}
        for index in found_at.values():
            counts[index] = counts.get(index, 0) + 1
        # A heading or a table's header row is no example of what the text does well.
        body_counts = {i: n for i, n in counts.items() if not segments[i].is_heading}
        counts = body_counts or counts
        return max(counts, key=lambda i: (counts[i], -i)) if counts else None
    # A weak finding quotes a sentence on its topic, or none (never an arbitrary first sentence).
    # When the text already gives part of the criterion, the quote is where it gives it: the reason
    # says "the text already gives X («…»)", and a sentence that merely names the topic is no proof.
    body = [i for i in range(len(segments)) if not segments[i].is_heading]
    given = sorted(i for e, i in found_at.items() if e != "_presumed" and i in body)
    topical = [i for i in mention_at if i in body]
    for candidates in (given, topical):
        if candidates:
            return candidates[0]
    return None


def _rewrite_target(
    criterion: Criterion,
    segments: list[Segment],
    mention_at: list[int],
    found_at: dict[str, int],
    *,
    prefer: int | None = None,
) -> str | None:
    """A sentence that carries the criterion and shows no known weakness, to rewrite in place.

    It must name the criterion's topic or show one of its elements; the quoted
    sentence is preferred when it qualifies.
    """
    weak_patterns = tuple(p for a in criterion.against for p in a.patterns.compiled)
    # Only sentences that name the topic: an element alone (a date, "estudo de base" in a news item)
    # does not make a sentence an objective or an indicator.
    carriers = set(mention_at)
    order = ([prefer] if prefer is not None else []) + sorted(carriers)
    for index in order:
        if index not in carriers or index >= len(segments):
            continue
        segment = segments[index]
        if segment.is_heading or "|" in segment.text or segment.text.rstrip().endswith(":"):
            continue
        if looks_like_heading(segment.text) and not is_title(segment.text):  # "Project Development Objective (from …)"
            continue
        if _ELISION.search(segment.text):  # an excerpt with a gap is no sentence to rewrite
            continue
        if _matches(weak_patterns, segment) or _GOAL_LEVEL.search(segment.folded.strip()):
            continue
        form = _REWRITE_REQUIRES.get(criterion.id)
        if form is not None and not form.search(segment.folded.strip()):
            continue
        return _clause(segment.text)
    return None


_REWRITE_CHARS = 160
_REWRITE_CHARS_AT_MOST = 260
_LIST_ITEM_WORDS = 3  # "youth", "mujeres rurales": a list's items, not a clause
_ELISION = re.compile(r"\[(?:…|\.\.\.)\]?")
# "…violations; and" at the end of a list item: the connector goes with the cut.
_TRAILING_CONNECTOR = re.compile(r"[\s;,]+(?:and|or|y|o|e|ou|et)$", re.IGNORECASE)
_DANGLING = re.compile(r"[\s,;:]+(?:\w{1,4})?$")


def _clause(sentence: str) -> str:
    """The sentence to rewrite, whole when short, else cut at its last clause break (never mid-clause)."""
    text = _LEADING_MARK.sub("", sentence.strip()).strip()
    if len(text) <= _REWRITE_CHARS:
        return text
    head = text[:_REWRITE_CHARS]
    breaks = [m.start() for m in re.finditer(r"[,;:] ", head) if m.start() > _REWRITE_CHARS // 3]
    for cut in reversed(breaks):
        if head[cut] != "," or not _inside_a_list(text, cut):
            return head[:cut]
    if len(text) <= _REWRITE_CHARS_AT_MOST:  # no clause to stop at: a sentence a little long is kept whole
        return text
    # No clause break: cut at a word and drop a dangling short word ("para", "de", "and").
    return _DANGLING.sub("", head.rsplit(" ", 1)[0])


def _inside_a_list(text: str, comma: int) -> bool:
    """Whether the comma at ``comma`` separates short items ("for women, youth, and persons…")."""
    before = text[:comma].rsplit(",", 1)
    after = re.split(r"[,;:]", text[comma + 1:], maxsplit=1)
    return (len(before) > 1 and len(before[1].split()) <= _LIST_ITEM_WORDS) or (
        len(after) > 1 and len(after[0].split()) <= _LIST_ITEM_WORDS)


def _clean(sentence: str, around: float | None = None) -> str:
    """The sentence to quote, cut to _QUOTE_CHARS; a long one is cut around its evidence.

    ``around`` is where the evidence lies, as a share of the sentence's length: a
    committee named at the end of a long sentence is quoted with the committee in it.
    """
    text = _LEADING_MARK.sub("", sentence.strip()).strip()
    if len(text) <= _QUOTE_CHARS:
        return text
    at = int((around or 0.0) * len(text))
    if at < _QUOTE_CHARS - _QUOTE_LEAD:
        return text[:_QUOTE_CHARS].rsplit(" ", 1)[0] + "…"
    start = text.find(" ", max(0, at - _QUOTE_LEAD)) + 1
    window = text[start:start + _QUOTE_CHARS]
    if start + _QUOTE_CHARS < len(text):
        window = window.rsplit(" ", 1)[0] + "…"
    return "…" + window


_QUOTE_LEAD = 30  # characters of context kept before the evidence in a long sentence


def _evidence_at(criterion: Criterion, segment: Segment, found: tuple[str, ...],
                 fired: tuple[Against, int] | None) -> float | None:
    """Where in ``segment`` the evidence the reason rests on starts, as a share of its length (None: unknown)."""
    if fired is not None:
        patterns = fired[0].patterns.compiled
    else:
        by_id = {e.id: e for e in criterion.elements}
        patterns = tuple(p for e in found for p in by_id[e].patterns.compiled) + criterion.mentions.compiled
    starts = [m.start() for p in patterns for m in [p.search(segment.folded)] if m]
    return min(starts) / max(len(segment.folded), 1) if starts else None


def _for_rewrite(quote: str) -> str:
    """'Objetivo general: Fortalecer X.' → 'Fortalecer X' so it can be rewritten in place."""
    text = _TRAILING_CONNECTOR.sub("", _LABEL.sub("", quote).rstrip(" .;:…")).rstrip(" .;:…")
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
    *,
    found: tuple[str, ...] = (),
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
    if not quote:
        return messages.reason_weak_unquoted.format(name=name, missing=_join(labels, language, rubric))
    if found:
        # Partial credit: say what the text already gives before what it lacks.
        given = _join(_labels(criterion, found, language), language, rubric)
        return messages.reason_partial.format(found=given, quote=quote, missing=_join(labels, language, rubric))
    return messages.reason_weak.format(name=name, quote=quote, missing=_join(labels, language, rubric))


def _labels(criterion: Criterion, ids: tuple[str, ...], language: str) -> list[str]:
    by_id = {e.id: e for e in criterion.elements}
    ordered = sorted(ids, key=lambda i: not by_id[i].required)  # required first
    return [by_id[i].label.get(language) for i in ordered]


def _suggestion(
    criterion: Criterion, status: str, missing: tuple[str, ...], quote: str | None, language: str,
    *, placeholder: str = "[…]",
) -> str:
    templates = criterion.suggestion.get(language)
    fields = {
        "name": criterion.name.get(language),
        "missing": ", ".join(_labels(criterion, missing, language)[:_MAX_LISTED]),
    }
    if status == "missing":
        return templates.missing.format(**fields)
    return templates.weak.format(quote=_for_rewrite(quote) if quote else placeholder, **fields)
