"""Which part of a proposal a text is, and how a whole draft splits into parts.

A pasted text is typed by its heading (first line) and, failing that, by
content cues from the rubric. A document's blocks are split at headings; a
document without headings becomes one full_proposal section.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol, Sequence

from bot.critique.rubric import SECTION_TYPES, Rubric
from bot.language import fold

_NUMBERING = re.compile(r"^\s*(?:[ivxlc]+|\d+(?:\.\d+)*|[a-h])[.)\-–:]?\s+", re.IGNORECASE)
_BULLET = re.compile(r"^[-•*–·]\s")
# A short pasted text with no recognised heading and no cues is judged as this.
FALLBACK_TYPE = "full_proposal"
# Distinct section headings inside one text that make it a whole proposal.
_FULL_PROPOSAL_HEADINGS = 3


class BlockLike(Protocol):
    """What bot.index.reading.Block provides; kept as a protocol so tests can build blocks by hand."""

    text: str
    heading_level: int
    page: int | None


@dataclass(frozen=True)
class Section:
    """One part of a document: its heading, detected type and text (heading included)."""

    title: str | None
    section_type: str | None  # None when neither heading nor content says what it is
    text: str
    page: int | None = None


def looks_like_heading(line: str) -> bool:
    """A short line that does not read as a sentence ('3. Presupuesto', 'Riesgos:')."""
    stripped = line.strip()
    if not stripped or len(stripped) > 70 or len(stripped.split()) > 9:
        return False
    if _BULLET.match(stripped):  # "- Meta: 20 % …" is a list item, not a heading
        return False
    return not stripped.rstrip(":").endswith((".", ";", ","))


def heading_type(heading: str, rubric: Rubric) -> str | None:
    """The section type whose keyword appears earliest in ``heading`` (longest on ties)."""
    types = heading_types(heading, rubric)
    return types[0] if types else None


def heading_types(heading: str, rubric: Rubric) -> list[str]:
    """Every section type ``heading`` names, earliest first ('Cronograma y presupuesto' → timeline, budget).

    A keyword counts in the singular too ('Component 2' is an activities heading),
    but not as the first half of a compound modifier ('Risk-based inspection' is
    not a risks heading).
    """
    text = _NUMBERING.sub("", fold(heading.strip())).strip(" :")
    best: dict[str, tuple[int, int]] = {}
    for section_type, spec in rubric.section_types.items():
        for keyword in spec.headings.all():
            match = _keyword_pattern(keyword).search(text)
            if match:
                rank = (match.start(), -len(keyword))
                if section_type not in best or rank < best[section_type]:
                    best[section_type] = rank
    return sorted(best, key=lambda t: (*best[t], t))


def _keyword_pattern(keyword: str) -> re.Pattern[str]:
    pattern = _KEYWORD_CACHE.get(keyword)
    if pattern is None:
        stem = keyword[:-1] if keyword.endswith("s") and len(keyword) > 4 else keyword
        pattern = re.compile(rf"(?<![\w-]){re.escape(stem)}(?:s|es)?(?![\w-])")
        _KEYWORD_CACHE[keyword] = pattern
    return pattern


_KEYWORD_CACHE: dict[str, re.Pattern[str]] = {}


def content_scores(text: str, rubric: Rubric) -> dict[str, int]:
    """How strongly the text's wording points at each section type (0 = no cue)."""
    folded = fold(text)
    scores: dict[str, int] = {}
    for section_type, spec in rubric.section_types.items():
        score = sum(min(len(p.findall(folded)), 3) for p in spec.content_patterns)
        if score:
            scores[section_type] = score
    return scores


def detect_section_type(text: str, rubric: Rubric) -> str:
    """Section type of a pasted text: several headings → full_proposal, else first-line heading, else content."""
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        return FALLBACK_TYPE
    heading_types = [heading_type(line, rubric) for line in lines if looks_like_heading(line)]
    distinct = {t for t in heading_types if t and t != "full_proposal"}
    if len(distinct) >= _FULL_PROPOSAL_HEADINGS:
        return "full_proposal"
    if looks_like_heading(lines[0]):
        composite = _composite_type(lines[0], "\n".join(lines[1:]), rubric)
        if composite:
            return composite
        first = heading_type(lines[0], rubric)
        if first:
            return first
    scores = content_scores(text, rubric)
    if not scores:
        return FALLBACK_TYPE
    order = {t: i for i, t in enumerate(SECTION_TYPES)}
    return max(scores, key=lambda t: (scores[t], -order[t]))


def _composite_type(heading: str, body: str, rubric: Rubric) -> str | None:
    """The type of a text under a heading that names a multi-part document (see ``CompositeHeadings``)."""
    spec = rubric.composite_headings
    if spec is None:
        return None
    text = _NUMBERING.sub("", fold(heading.strip())).strip(" :")
    if not any(_keyword_pattern(k).search(text) for k in spec.headings.all()):
        return None
    scores = content_scores(body, rubric)
    return next((t for t in spec.order if scores.get(t)), spec.fallback)


def split_sections(blocks: Sequence[BlockLike], rubric: Rubric) -> list[Section]:
    """Split a document at its headings; [] when it has none (judge it as one full proposal).

    Sub-headings that name no section type ('Objetivo específico 1') stay inside
    the current section; adjacent sections of the same type are merged. Text
    before the first heading (title page) is left out: it still counts in the
    whole-document review.
    """
    blocks = [b for b in blocks if b.text and b.text.strip()]
    headings = [b for b in blocks if b.heading_level > 0]
    if not headings:
        blocks, headings = _infer_headings(blocks, rubric)
        if not headings:
            return []
    top_level = min(b.heading_level for b in headings)

    raw: list[tuple[str, str | None, list[str], int | None]] = []
    for block in blocks:
        text = block.text.strip()
        if block.heading_level > 0:
            kind = heading_type(text, rubric)
            if kind == "full_proposal":  # the document's title, not a section
                continue
            if kind or block.heading_level <= top_level:
                raw.append((text, kind, [text], block.page))
                continue
        if raw:
            raw[-1][2].append(text)

    sections: list[Section] = []
    for title, kind, lines, page in raw:
        text = "\n".join(lines)
        if kind is None and len(lines) > 1:
            detected = detect_section_type("\n".join(lines[1:]), rubric)
            kind = None if detected == FALLBACK_TYPE else detected
        if sections and kind and sections[-1].section_type == kind:
            previous = sections.pop()
            sections.append(Section(previous.title, kind, previous.text + "\n" + text, previous.page))
            continue
        sections.append(Section(title, kind, text, page))
    return sections


def _infer_headings(blocks: list[BlockLike], rubric: Rubric) -> tuple[list[BlockLike], list[BlockLike]]:
    """For drafts without heading styles: short lines that name a section type act as headings.

    Blocks are first cut into lines, since a PDF page often arrives as one block.
    """
    lines: list[BlockLike] = [
        _Heading(line.strip(), 0, block.page)
        for block in blocks
        for line in block.text.splitlines()
        if line.strip()
    ]
    marked: list[BlockLike] = []
    found: set[str] = set()
    for block in lines:
        kind = heading_type(block.text, rubric) if looks_like_heading(block.text) else None
        if kind and kind != "full_proposal":
            found.add(kind)
            marked.append(_Heading(block.text, 1, block.page))
        else:
            marked.append(block)
    if len(found) < 2:
        return blocks, []
    return marked, [b for b in marked if b.heading_level > 0]


@dataclass(frozen=True)
class _Heading:
    text: str
    heading_level: int
    page: int | None = None


def body_word_count(section: Section) -> int:
    """Words under the heading (the heading itself does not count)."""
    lines = section.text.split("\n")
    body = lines[1:] if section.title is not None else lines
    return sum(len(line.split()) for line in body)
