"""Plain-text rendering of answers and critiques for the terminal (CLI and console chat)."""

from __future__ import annotations

from collections import Counter

from bot.answers.compose import plain_text as answer_text
from bot.models import Critique, DocumentCritique

__all__ = ["answer_text", "critique_text", "document_critique_text"]

STATUS_MARK = {"missing": "✗ missing", "weak": "~ weak", "ok": "✓ ok"}


# With this many "ok" findings, they are listed on one line after the problems.
COLLAPSE_OK_FROM = 3
ALSO_FINE = {"es": "También bien", "en": "Also fine", "pt": "Também bem", "fr": "Également bien"}


def split_ok(findings) -> tuple[list, list]:
    """(findings shown in full, ok findings collapsed into one line); nothing collapsed below COLLAPSE_OK_FROM."""
    ok = [f for f in findings if f.status == "ok"]
    if len(ok) < COLLAPSE_OK_FROM:
        return list(findings), []
    return [f for f in findings if f.status != "ok"], ok


def critique_text(critique: Critique) -> str:
    heading = critique.title or critique.section_type.replace("_", " ")
    lines = [f"== {heading} [{critique.section_type}] ({critique.mode})"]
    shown, collapsed = split_ok(critique.findings)
    for finding in shown:
        lines.append(f"\n{STATUS_MARK.get(finding.status, finding.status)} · {finding.label or finding.criterion}")
        lines.append(f"  {finding.reason}")
        if finding.status != "ok" and finding.suggestion:
            lines.append(f"  → {finding.suggestion}")
        for passage in finding.sources:
            lines.append(f"  [{passage.citation}]")
    if collapsed:
        names = ", ".join(f.label or f.criterion for f in collapsed)
        lines.append(f"\n✓ {ALSO_FINE.get(critique.language, ALSO_FINE['en'])}: {names}")
    if critique.next_steps:
        lines.append("\nNext steps / Próximos pasos:")
        lines.extend(f"  {i}. {step}" for i, step in enumerate(critique.next_steps, start=1))
    if critique.note:
        lines.append(f"\n({critique.note})")
    return "\n".join(lines)


def document_critique_text(document: DocumentCritique) -> str:
    rows = [f"# {document.filename} ({document.mode})", "", f"{'section':40} ok weak missing"]
    for section in document.sections:
        counts = Counter(f.status for f in section.findings)
        title = (section.title or section.section_type)[:40]
        rows.append(f"{title:40} {counts['ok']:>2} {counts['weak']:>4} {counts['missing']:>7}")
    parts = ["\n".join(rows)] + [critique_text(section) for section in document.sections]
    if getattr(document, "note", None):
        parts.append(f"({document.note})")
    return "\n\n".join(parts)
