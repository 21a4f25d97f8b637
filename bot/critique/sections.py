"""Which part of a proposal a text is, and how a whole draft splits into parts.

A pasted text is typed by bot.critique.typing. A document's blocks are split
at headings; a document without headings is judged as one text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, Sequence

from bot.critique.rubric import Rubric
from bot.critique.typing import (  # noqa: F401  re-exported: the typing of one text lives in typing.py
    content_scores,
    decide_type,
    detect_section_type,
    heading_type,
    heading_types,
    looks_like_heading,
)

# A document without headings, long enough to be one, is judged as a whole proposal.
FALLBACK_TYPE = "full_proposal"


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
    # The document's title ("Propuesta", level 1) is skipped below: the parts under it are the top level.
    parts = [b for b in headings if heading_type(b.text.strip(), rubric) != "full_proposal"] or headings
    top_level = min(b.heading_level for b in parts)

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
            decision = decide_type("\n".join(lines[1:]), rubric)
            kind = decision.section_type if decision.by != "fallback" and decision.section_type != FALLBACK_TYPE else None
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
