"""The officer's .docx back with each finding as a Word comment in the margin.

Each weak or missing finding becomes one comment (python-docx 1.2
``Document.add_comment``), anchored to what it concerns:

* a logframe finding (``Finding.row``) to the first cell of its table row;
* a finding that quotes the text (``Finding.anchor``) to the paragraph or
  table row holding that sentence, looked for first inside its own section;
* a finding about something absent to its section's heading (or the
  document's first paragraph for the whole-document overview).

Only comment ranges are added: every paragraph's text stays as the officer wrote it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from bot.language import fold
from bot.models import DocumentCritique, Finding

_STATUS_MARK = {"weak": "⚠️", "missing": "❌"}


def annotate_docx(source: Path, target: Path, report: DocumentCritique, *, author: str, initials: str) -> int:
    """Write ``source`` with the report's findings as comments to ``target``; return how many were added."""
    if Path(source).suffix.lower() != ".docx":
        raise ValueError("only a .docx can carry Word comments")
    import docx  # python-docx, imported only when a draft is annotated

    document = docx.Document(str(source))
    places = _Places(document)
    added = 0
    for critique in report.sections:
        home = places.heading(critique.title)
        for finding in critique.findings:
            if finding.status == "ok":
                continue
            paragraph = places.row(finding.row) or places.sentence(finding.anchor, home) or places.at(home)
            runs = [run for run in paragraph.runs if run.text] if paragraph is not None else []
            if not runs:
                continue
            document.add_comment(runs, text=comment_text(finding), author=author, initials=initials)
            added += 1
    document.save(str(target))
    return added


def comment_text(finding: Finding) -> str:
    """'⚠️ the indicators: reason' then '→ suggestion' and the sources, as plain text."""
    lines = [f"{_STATUS_MARK.get(finding.status, '')} {finding.label or finding.criterion}: {finding.reason}".strip()]
    if finding.suggestion:
        lines.append(f"→ {finding.suggestion}")
    lines += [f"[{passage.citation}]" for passage in finding.sources]
    return "\n".join(lines)


class _Places:
    """The document's non-empty paragraphs in reading order (body, then tables) and how to find them."""

    def __init__(self, document) -> None:
        self.body = [p for p in document.paragraphs if p.text.strip()]
        self.tables = document.tables
        self.rows: list[tuple[str, object]] = []  # (folded "cell | cell" text, first paragraph of the row)
        for table in document.tables:
            for row in table.rows:
                cells = _unique_cells(row.cells)
                texts = [c.text.strip() for c in cells if c.text.strip()]
                first = next((p for c in cells for p in c.paragraphs if p.text.strip()), None)
                if texts and first is not None:
                    self.rows.append((fold(" | ".join(dict.fromkeys(texts))), first))

    def heading(self, title: str | None) -> int:
        """Index of the paragraph that heads a section (0, the document's top, when not found)."""
        if title:
            wanted = fold(title.strip())
            for index, paragraph in enumerate(self.body):
                if fold(paragraph.text.strip()) == wanted:
                    return index
        return 0

    def at(self, index: int):
        return self.body[index] if self.body else (self.rows[0][1] if self.rows else None)

    def row(self, where: tuple[int, int] | None):
        if where is None:
            return None
        table, row = where
        if table >= len(self.tables) or row >= len(self.tables[table].rows):
            return None
        cells = _unique_cells(self.tables[table].rows[row].cells)
        return next((p for c in cells for p in c.paragraphs if p.text.strip()), None)

    def sentence(self, anchor: str | None, start: int):
        """The paragraph (from ``start`` on, then anywhere) or table row that holds ``anchor``."""
        if not anchor:
            return None
        wanted = fold(anchor.strip())
        order = list(range(start, len(self.body))) + list(range(0, start))
        for index in order:
            if wanted in fold(self.body[index].text):
                return self.body[index]
        for text, paragraph in self.rows:
            if wanted in text or text in wanted:
                return paragraph
        return None


def _unique_cells(cells: Iterable) -> list:
    """A merged cell appears once per grid column it spans: keep it once."""
    seen, unique = set(), []
    for cell in cells:
        if id(cell._tc) not in seen:
            seen.add(id(cell._tc))
            unique.append(cell)
    return unique
