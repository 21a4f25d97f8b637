"""Plain-text rendering of answers and critiques for the terminal (CLI and console chat)."""

from __future__ import annotations

from collections import Counter
from functools import lru_cache

from bot.answers.compose import plain_text as answer_text
from bot.messages import Messages
from bot.models import Critique, DocumentCritique

__all__ = ["answer_text", "critique_text", "document_critique_text", "terminal_messages"]


@lru_cache(maxsize=1)
def terminal_messages() -> Messages:
    """The messages files, loaded once for the terminal front ends."""
    return Messages.load()


def _say(key: str, language: str, **values) -> str:
    return terminal_messages().plain(f"terminal.{key}", language, **values)


def critique_text(critique: Critique) -> str:
    language = critique.language
    heading = critique.title or critique.section_type.replace("_", " ")
    lines = [f"== {heading} [{critique.section_type}] ({critique.mode})"]
    if critique.type_note:
        lines.append(critique.type_note)
    shown, collapsed = critique.shown_and_collapsed()
    for finding in shown:
        lines.append(f"\n{_say(f'status_{finding.status}', language)} · {finding.label or finding.criterion}")
        lines.append(f"  {finding.reason}")
        if finding.status != "ok" and finding.suggestion:
            lines.append(f"  → {finding.suggestion}")
        for passage in finding.sources:
            lines.append(f"  [{passage.citation}]")
    if collapsed:
        names = ", ".join(f.label or f.criterion for f in collapsed)
        lines.append(f"\n✓ {_say('also_fine', language)}: {names}")
    if critique.strengths_note:
        lines.append(f"\n+ {critique.strengths_note}")
    if critique.next_steps:
        lines.append(f"\n{_say('next_steps', language)}:")
        lines.extend(f"  {i}. {step}" for i, step in enumerate(critique.next_steps, start=1))
    if critique.note:
        lines.append(f"\n({critique.note})")
    return "\n".join(lines)


def document_critique_text(document: DocumentCritique) -> str:
    rows = [f"# {document.filename} ({document.mode})", "", _say("summary_columns", document.language)]
    for section in document.sections:
        counts = Counter(f.status for f in section.findings)
        title = (section.title or section.section_type)[:40]
        rows.append(f"{title:40} {counts['ok']:>2} {counts['weak']:>4} {counts['missing']:>7}")
    parts = ["\n".join(rows)] + [critique_text(section) for section in document.sections]
    if document.note:
        parts.append(f"({document.note})")
    return "\n\n".join(parts)
