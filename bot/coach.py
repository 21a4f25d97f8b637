"""The assistant's capabilities behind one object, built once per process.

Every method blocks (models, Chroma, files): front ends call them from a
thread (``asyncio.to_thread``). The console chat, the CLI and the Telegram
bot all go through this class.
"""

from __future__ import annotations

import logging
import shutil
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.answers.compose import Answerer
from bot.answers.evaluation import Report, evaluate, load_questions
from bot.answers.policy import RetrievalPolicy
from bot.answers.search import HybridSearch
from bot.config import Config
from bot.critique import Critic
from bot.critique.logframe import read_docx_tables
from bot.index.front_matter import stale_documents
from bot.index.ingestion import IngestProgress, Ingestor
from bot.index.isolation import read_source_isolated
from bot.index.reading import FileLimits
from bot.index.store import IndexStore, ProcessLock
from bot.language import warm_up as warm_up_language
from bot.models import Answer, Critique, DocumentCritique, IngestSummary, Passage, Turn
from bot.vocabulary import DRAFT_SUFFIXES, KNOWLEDGE_SUFFIXES, IngestAlreadyRunning, UnreadableFile

if TYPE_CHECKING:
    from bot.assembly import Experiments

log = logging.getLogger(__name__)

__all__ = ["Coach", "IngestAlreadyRunning", "IngestProgress"]


@dataclass
class _LastIngest:
    summary: IngestSummary | None = None
    error: str | None = None


class Coach:
    """Answers, critiques and ingestion over one knowledge index (built by bot/assembly.py)."""

    def __init__(
        self,
        config: Config,
        *,
        store: IndexStore,
        encoders: dict[str, Any],
        search: HybridSearch,
        policy: RetrievalPolicy,
        answerer: Answerer,
        critic: Critic,
        ingestor: Ingestor,
        chat_model: Any = None,
        lock: ProcessLock | None = None,
    ) -> None:
        self.config = config
        self.store = store
        self.encoders = encoders
        self.search = search
        self.policy = policy
        self.answerer = answerer
        self.critic = critic
        self.ingestor = ingestor
        self.chat_model = chat_model
        self.limits = FileLimits.from_config(config.limits)
        self._lock = lock
        self._ingest_lock = threading.Lock()
        self.last_ingest = _LastIngest()

    @classmethod
    def open(
        cls, config: Config, *, warm: bool = True, chat_model: Any = None, experiments: Experiments | None = None
    ) -> "Coach":
        """Open the index (taking the embedded store's process lock) and, if asked, load the models."""
        from bot.assembly import Experiments, build_coach

        lock = ProcessLock.for_config(config)
        try:
            coach = build_coach(config, chat_model=chat_model, lock=lock, experiments=experiments or Experiments())
            if warm:
                coach.warm_up()
        except BaseException:
            if lock:
                lock.release()
            raise
        return coach

    def warm_up(self) -> None:
        """Load the query encoders, the language detector and the active index now, side by side.

        Queries never import torch (see bot/index/bert_numpy.py); sentence-transformers loads only
        when an ingest has something to embed.
        """
        self.search.warm_up(warm_up_language)

    def close(self) -> None:
        closer = getattr(self.store.client, "close", None)
        if callable(closer):
            try:
                closer()
            except Exception:  # closing is best effort; the lock must still be released
                log.debug("closing the Chroma client failed", exc_info=True)
        if self._lock:
            self._lock.release()
            self._lock = None

    # --- questions ------------------------------------------------------------------

    def ask(
        self, question: str, *, history: Sequence[Turn] = (), language: str | None = None, donor: str | None = None
    ) -> Answer:
        return self.answerer.answer(question, history=history, language=language, donor=donor)

    def passages(self, ids: Sequence[str]) -> list[Passage]:
        snapshot = self.search.snapshot()
        return [snapshot.passage(chunk_id) for chunk_id in ids if chunk_id in snapshot.position]

    def evaluate(self, questions_path: Path | None = None) -> Report:
        """hit@5, MRR and abstention of this retriever on a question set (JSON lines)."""
        questions = load_questions(Path(questions_path or self.config.evaluation_questions))

        def search(question: str):
            result = self.policy.for_question(question)
            return result.passages, result.relevance

        return evaluate(questions, search, self.search.min_relevance())

    def refresh_index(self) -> bool:
        """Follow the pointer if another process (http mode) switched the index."""
        return self.search.refresh()

    # --- critique ---------------------------------------------------------------------

    def critique(
        self, text: str, *, language: str | None = None, donor: str | None = None, section_type: str | None = None
    ) -> Critique:
        """Review one pasted section; ``section_type`` overrides the type the critic would assume."""
        return self.critic.critique(text, language=language, donor=donor, section_type=section_type)

    def critique_file(
        self, path: Path, *, filename: str, language: str | None = None, donor: str | None = None
    ) -> DocumentCritique:
        """Critique a whole draft; raises UnreadableFile with a reason code."""
        suffix = Path(filename).suffix.lower()
        if suffix not in DRAFT_SUFFIXES:
            raise UnreadableFile("unsupported", f"'{suffix}' drafts are not read")
        source = _with_suffix(path, suffix)
        blocks = read_source_isolated(source, self.limits).blocks
        # Read after the isolated reader accepted the file: logframes are checked as tables.
        tables = read_docx_tables(source) if suffix == ".docx" else []
        return self.critic.critique_blocks(blocks, filename=filename, language=language, donor=donor,
                                           tables=tables)

    def annotate_file(self, path: Path, report: DocumentCritique, target: Path, *, filename: str) -> int:
        """Write the draft at ``path`` with the report's findings as Word comments to ``target``.

        Only a .docx can carry comments (ValueError otherwise); returns the number of comments.
        """
        if Path(filename).suffix.lower() != ".docx":
            raise ValueError("only a .docx can carry Word comments")
        from bot.critique.annotate import annotate_docx

        messages = self.critic.rubric.messages_for(report.language)
        return annotate_docx(_with_suffix(path, ".docx"), target, report,
                             author=messages.comment_author, initials=messages.comment_initials)

    # --- ingestion --------------------------------------------------------------------

    def ingest(
        self, *, rebuild: bool = False, progress: Callable[[IngestProgress], None] | None = None
    ) -> IngestSummary:
        """Re-index knowledge/; the current index keeps answering until the switch."""
        if not self._ingest_lock.acquire(blocking=False):
            raise IngestAlreadyRunning("an ingest is already running")
        try:
            summary = self.ingestor.run(rebuild=rebuild, progress=progress)
            self.last_ingest = _LastIngest(summary)
            self.search.refresh()
            return summary
        except Exception as exc:
            self.last_ingest = _LastIngest(error=str(exc))
            raise
        finally:
            self._ingest_lock.release()

    @property
    def ingesting(self) -> bool:
        return self._ingest_lock.locked()

    def add_document(self, path: Path, filename: str) -> Path:
        """Check that an uploaded file is readable, then copy it into knowledge/added/."""
        name = Path(filename).name
        suffix = Path(name).suffix.lower()
        if suffix not in KNOWLEDGE_SUFFIXES or not name or name.startswith("."):
            raise UnreadableFile("unsupported", f"'{suffix}' files are not read")
        read_source_isolated(_with_suffix(path, suffix), self.limits)
        target_dir = self.config.knowledge_dir / "added"
        target_dir.mkdir(parents=True, exist_ok=True)
        target = target_dir / name
        temporary = target.with_name(f".{name}.part")
        shutil.copyfile(path, temporary)
        temporary.replace(target)  # atomic: an ingest never reads half a file
        return target

    def stats(self) -> dict[str, Any]:
        active = self.store.active()
        return {
            "chunks": active.chunks if active else 0,
            "documents": len(active.manifest) if active else 0,
            "generation": active.generation if active else None,
            "last_ingest": _iso(active.created) if active else None,
            "stale": stale_documents(active.manifest, date.today()) if active else [],
        }


def _with_suffix(path: Path, suffix: str) -> Path:
    """Readers choose the format by suffix; a downloaded temp file may have none."""
    path = Path(path)
    if path.suffix.lower() == suffix:
        return path
    link = path.with_name(path.name + suffix)
    if not link.exists():
        shutil.copyfile(path, link)
    return link


def _iso(timestamp: float) -> str:
    from datetime import datetime, timezone

    return datetime.fromtimestamp(timestamp, tz=timezone.utc).isoformat(timespec="seconds")
