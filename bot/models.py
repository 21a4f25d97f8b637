"""Plain data shared by retrieval, answering, critique and the front ends."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any



@dataclass(frozen=True)
class Passage:
    """One retrieved chunk of the knowledge base, ready to cite."""

    id: str
    text: str
    title: str
    section: str
    source: str
    language: str
    url: str | None = None
    donor: str | None = None
    kind: str | None = None
    page: int | None = None
    verification: str | None = None
    checked: str | None = None  # when the document's facts were last checked (YYYY-MM)
    family: str | None = None  # the original document, shared by its translations
    status: str | None = None  # the route's current standing ("grants terminated in 2025"), said with every quote
    position: int = 0  # the chunk's place in its document: sections are quoted in reading order
    score: float = 0.0

    @property
    def as_of(self) -> str | None:
        """The date a donor fact is current as of, for the reader ("2026-12"); None for other passages."""
        return self.checked if self.kind == "donor" else None

    @property
    def citation(self) -> str:
        """'Document › section' as shown to users."""
        return f"{self.title} › {self.section}" if self.section else self.title

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "section": self.section,
            "source": self.source,
            "url": self.url,
            "language": self.language,
            "checked": self.checked,
            "text": self.text,
            "score": round(float(self.score), 4),
        }


@dataclass(frozen=True)
class Turn:
    """One exchange of a conversation, kept for follow-up questions."""

    question: str
    answer: str


@dataclass(frozen=True)
class Answer:
    question: str
    language: str
    text: str
    abstained: bool
    mode: str  # "extractive" or "llm"
    sources: tuple[Passage, ...] = ()
    note: str | None = None  # e.g. why the LLM answer fell back to extractive
    standalone_question: str | None = None  # the follow-up rewritten on its own

    def to_json(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "language": self.language,
            "answer": self.text,
            "abstained": self.abstained,
            "mode": self.mode,
            "sources": [p.to_json() for p in self.sources],
        }


@dataclass(frozen=True)
class Finding:
    criterion: str
    status: str  # "ok", "weak" or "missing"
    reason: str
    suggestion: str
    sources: tuple[Passage, ...] = ()
    label: str = ""  # the criterion's name in the reader's language
    # Where in the officer's text the finding belongs (a Word comment is anchored there):
    anchor: str | None = None  # the sentence it concerns, as written
    row: tuple[int, int] | None = None  # or (table, row) of a logframe table in a .docx

    def to_json(self) -> dict[str, Any]:
        data = {
            "criterion": self.criterion,
            "label": self.label,
            "status": self.status,
            "reason": self.reason,
            "suggestion": self.suggestion,
            "sources": [p.to_json() for p in self.sources],
        }
        if self.anchor is not None:
            data["anchor"] = self.anchor
        if self.row is not None:
            data["row"] = list(self.row)
        return data


# With this many "ok" findings, a rendered critique names them on one line after the problems.
COLLAPSE_OK_FROM = 3


@dataclass(frozen=True)
class Critique:
    section_type: str
    language: str
    findings: tuple[Finding, ...]
    next_steps: tuple[str, ...]
    mode: str  # "offline" or "llm"
    title: str | None = None  # heading of the section, for whole documents
    note: str | None = None
    type_note: str | None = None  # "I reviewed this text as the budget section (from its heading)."
    alternative_type: str | None = None  # the next most likely type when the critic was unsure (offered as a button)
    also_strong: tuple[str, ...] = ()  # criteria of other section types the text satisfies
    strengths_note: str | None = None  # the sentence that acknowledges them
    # Criteria the text lacks that are named on one line (in ``note``) rather than as findings with fixes.
    listed_missing: tuple[str, ...] = ()

    def shown_and_collapsed(self) -> tuple[list[Finding], list[Finding]]:
        """(findings shown in full, "ok" findings named on one line); the JSON keeps them all."""
        ok = [f for f in self.findings if f.status == "ok"]
        if len(ok) < COLLAPSE_OK_FROM:
            return list(self.findings), []
        return [f for f in self.findings if f.status != "ok"], ok

    def to_json(self) -> dict[str, Any]:
        data = {
            "section_type": self.section_type,
            "language": self.language,
            "findings": [f.to_json() for f in self.findings],
            "next_steps": list(self.next_steps),
            "mode": self.mode,
        }
        if self.title is not None:
            data["title"] = self.title
        if self.type_note is not None:
            data["type_note"] = self.type_note
        if self.alternative_type is not None:
            data["alternative_type"] = self.alternative_type
        if self.also_strong:
            data["also_strong"] = list(self.also_strong)
            data["strengths_note"] = self.strengths_note
        if self.listed_missing:
            data["listed_missing"] = list(self.listed_missing)
        return data


@dataclass(frozen=True)
class DocumentCritique:
    """A whole draft: one critique per section plus a summary table."""

    filename: str
    language: str
    sections: tuple[Critique, ...]
    mode: str
    note: str | None = None  # e.g. sections skipped or beyond the limit

    def to_json(self) -> dict[str, Any]:
        data = {
            "filename": self.filename,
            "language": self.language,
            "section_type": "full_proposal",
            "mode": self.mode,
            "sections": [c.to_json() for c in self.sections],
        }
        if self.note is not None:
            data["note"] = self.note
        return data


@dataclass
class IngestSummary:
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    skipped: dict[str, str] = field(default_factory=dict)  # path -> reason
    unchanged: int = 0
    chunks: int = 0
    embedded: int = 0
    seconds: float = 0.0
    generation: str | None = None
    switched: bool = False
    # Donor documents not checked against their sources in the last 12 months: "path (checked YYYY-MM)".
    stale: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["seconds"] = round(self.seconds, 3)
        return data
