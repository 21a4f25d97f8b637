"""The domain's words, spelled once: languages, donors, encoder roles, file kinds, errors, the Coach API.

Every other module imports these names instead of writing its own list, so that
adding a language or a file kind is a change in one place (and the data files
that hold the words for it).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

if TYPE_CHECKING:  # the Protocol's signatures only; no import cycle at run time
    from bot.config import Config
    from bot.models import Answer, Critique, DocumentCritique, IngestSummary, Passage, Turn

# --- languages and donors ----------------------------------------------------------------

LANGUAGES = ("es", "en", "pt", "fr")  # the readers' languages; Spanish first, the fallback
DEFAULT_LANGUAGE = "es"
LANGUAGE_NAMES = {"es": "Spanish", "en": "English", "pt": "Portuguese", "fr": "French"}  # for LLM prompts

DONORS = ("ilab", "idb", "aecid", "canada", "ilo")  # the ``donor`` ids of knowledge/ front matter

# --- knowledge documents -------------------------------------------------------------------

DOCUMENT_KINDS = ("workshop", "donor", "methods", "guide", "example")  # front matter ``kind``
VERIFICATION_STATUSES = ("verified", "mixed", "secondary", "unverified", "illustrative")
# A donor document whose facts were last checked longer ago than this is named by
# `coach ingest` and /stats: donors change their rules (section 4b of the research notes).
STALE_AFTER_MONTHS = 12

# --- encoders ----------------------------------------------------------------------------


class EncoderRole(StrEnum):
    """What an encoder embeds; also the name of its Chroma collection and its fusion weight."""

    DENSE = "dense"                         # all-MiniLM-L6-v2 (English)
    MULTILINGUAL = "multilingual"           # Universal Sentence Encoder v3
    MULTILINGUAL_LEAD = "multilingual-lead"  # the same encoder on each passage's opening sentence
    E5 = "e5"                               # multilingual-e5-small, when configured

    @property
    def encoder(self) -> EncoderRole:
        """The role whose model embeds this collection ("multilingual-lead" -> "multilingual")."""
        return EncoderRole(self.value.removesuffix(LEAD_SUFFIX))

    @property
    def is_lead(self) -> bool:
        return self.value.endswith(LEAD_SUFFIX)


LEAD_SUFFIX = "-lead"
# The encoders whose best similarity decides abstention, in order of preference.
RELEVANCE_ROLES = (EncoderRole.MULTILINGUAL, EncoderRole.E5)

# --- file kinds --------------------------------------------------------------------------

KNOWLEDGE_SUFFIXES = (".md", ".txt", ".pdf", ".docx", ".html", ".htm")  # what an ingest reads
DRAFT_SUFFIXES = (".docx", ".pdf", ".txt", ".md")  # what the critic reads as a whole draft
ISOLATED_SUFFIXES = (".pdf", ".docx")  # parsed in a child process: untrusted binary formats
TEXT_SUFFIXES = (".txt", ".md")  # read as text: a pasted section unless it has headings

# --- errors a user can cause -------------------------------------------------------------


class UnreadableFile(Exception):
    """A file was refused or could not be read. ``reason_code`` is stable; ``detail`` is for logs."""

    REASONS = ("too_large", "bomb", "encrypted", "corrupt", "unsupported", "too_many_pages", "empty", "front_matter")

    def __init__(self, reason_code: str, detail: str = "") -> None:
        if reason_code not in self.REASONS:
            raise ValueError(f"unknown reason code {reason_code!r}")
        super().__init__(f"{reason_code}: {detail}" if detail else reason_code)
        self.reason_code = reason_code
        self.detail = detail


class IngestAlreadyRunning(RuntimeError):
    """An ingest is under way in this process."""


class IndexNotReady(RuntimeError):
    """No index generation exists yet: run the ingestion first."""


# --- the Coach as the front ends see it ---------------------------------------------------


@runtime_checkable
class CoachAPI(Protocol):
    """What the console, the CLI and the Telegram bot call; the real Coach and the test fake both satisfy it.

    Every method blocks (models, Chroma, files): front ends call them from a thread.
    """

    config: Config

    def ask(
        self, question: str, *, history: Sequence[Turn] = (), language: str | None = None, donor: str | None = None
    ) -> Answer: ...

    def passages(self, ids: Sequence[str]) -> list[Passage]: ...

    def critique(
        self, text: str, *, language: str | None = None, donor: str | None = None, section_type: str | None = None
    ) -> Critique: ...

    def critique_file(
        self, path: Path, *, filename: str, language: str | None = None, donor: str | None = None
    ) -> DocumentCritique: ...

    def annotate_file(self, path: Path, report: DocumentCritique, target: Path, *, filename: str) -> int: ...

    def ingest(self, *, rebuild: bool = False, progress: Callable[[Any], None] | None = None) -> IngestSummary: ...

    def add_document(self, path: Path, filename: str) -> Path: ...

    def stats(self) -> dict[str, Any]: ...

    def evaluate(self, questions_path: Path | None = None) -> Any: ...

    def close(self) -> None: ...
