"""Helpers for Telegram handler tests: a FakeCoach and an offline application around it."""

from __future__ import annotations

import threading
from dataclasses import dataclass, replace
from pathlib import Path

from telegram import Update

from tests.support.fake_bot_api import FakeBotApi
from tests.support.fake_bot_transport import FakeBotApiRequest

from bot.config import Config, LimitsConfig, PathsConfig, StateConfig, TelegramConfig
from bot.models import (
    Answer, Critique, DocumentCritique, Finding, IngestSummary, Passage,
)
from bot.telegram.app import build_application
from bot.vocabulary import IngestAlreadyRunning, UnreadableFile

ADMIN_ID = 1
USER_ID = 42


@dataclass(frozen=True)
class IngestProgress:
    stage: str
    done: int
    total: int


def passage(i: int) -> Passage:
    return Passage(id=f"p{i}", text=f"Texto del pasaje {i} <con> & símbolos", title=f"Doc {i}",
                   section=f"Sección {i}", source=f"doc{i}.md", language="es", url=f"https://example.org/{i}")


@dataclass
class RetrievalResult:
    passages: list
    relevance: float


class FakeAnswerer:
    """``coach.answerer.retrieve`` as the evaluation uses it: passages and a relevance."""

    def __init__(self):
        self.passages = [Passage(id="e1", text="presupuesto nacional propio", title="Guía", section="Sostenibilidad",
                                 source="guia.es.md", language="es")]
        self.relevance = 0.9

    def retrieve(self, question, language=None):
        return RetrievalResult(list(self.passages), self.relevance)


class FakeCoach:
    """Scripted answers; records every call. Blocking like the real Coach."""

    def __init__(self):
        self.config = Config()
        self.answerer = FakeAnswerer()
        self.abstain_on: set[str] = set()
        self.asked: list[dict] = []
        self.critiqued: list[dict] = []
        self.files: list[dict] = []
        self.annotated: list[dict] = []
        self.added: list[str] = []
        self.answer_text: str | None = None
        self.alternative_type: str | None = None  # the next type the critic offers when unsure
        self.fail_next_ask: Exception | None = None
        self.ingest_calls = 0
        self.ingest_elsewhere = False
        self.stale: list[str] = []  # donor documents the index says were not checked for a year
        self.ingest_gate = threading.Event()
        self.ingest_started = threading.Event()

    def evaluate(self, questions_path=None):
        """The real evaluation over the scripted retriever."""
        from bot.answers.evaluation import evaluate, load_questions

        questions = load_questions(Path(questions_path or self.config.evaluation_questions))

        def search(question):
            result = self.answerer.retrieve(question)
            return result.passages, result.relevance

        return evaluate(questions, search, 0.5)  # the scripted relevance is 0.9 (answer) or 0.1 (abstain)
        self.closed = False

    def ask(self, question, *, history=(), language=None, donor=None):
        self.asked.append({"question": question, "history": list(history), "language": language, "donor": donor})
        if self.fail_next_ask is not None:
            error, self.fail_next_ask = self.fail_next_ask, None
            raise error
        if question in self.abstain_on:
            return Answer(question=question, language=language or "es", text="", abstained=True,
                          mode="extractive", sources=())
        text = self.answer_text or f"Respuesta a «{question}» <b>no es HTML</b> & más."
        return Answer(question=question, language=language or "es", text=text, abstained=False,
                      mode="extractive", sources=(passage(1), passage(2)))

    def _critique(self, section_type="objectives", title=None):
        return Critique(
            section_type=section_type, language="es", title=title, mode="offline",
            findings=(
                Finding("Objetivo SMART", "weak", "No es medible <aún>.", "Añade una meta & un plazo.", (passage(1),)),
                Finding("Población", "ok", "Definida.", ""),
                Finding("Indicadores", "missing", "No hay indicadores.", "Define 2-3 indicadores."),
            ),
            next_steps=("Reescribe el objetivo general.",),
        )

    def critique(self, text, *, language=None, donor=None, section_type=None):
        entry = {"text": text, "language": language, "donor": donor}
        if section_type is not None:
            entry["section_type"] = section_type
        self.critiqued.append(entry)
        critique = self._critique(section_type or "objectives")
        if section_type is None and self.alternative_type:
            critique = replace(critique, alternative_type=self.alternative_type)
        return critique

    def annotate_file(self, path, report, target, *, filename):
        self.annotated.append({"filename": filename, "sections": len(report.sections)})
        Path(target).write_bytes(b"ANNOTATED " + Path(path).read_bytes())
        return 2

    def critique_file(self, path, *, filename, language=None, donor=None):
        content = Path(path).read_bytes()
        self.files.append({"path": Path(path), "filename": filename, "content": content, "language": language})
        if content.startswith(b"ENCRYPTED"):
            raise UnreadableFile("encrypted", "password")
        return DocumentCritique(filename=filename, language="es", mode="offline",
                                sections=(self._critique("objectives", "Objetivos"),
                                          self._critique("budget", "Presupuesto")))

    def ingest(self, *, rebuild=False, progress=None):
        if self.ingest_elsewhere:  # e.g. a scheduled ingest of this process holds the coach's lock
            raise IngestAlreadyRunning("an ingest is already running")
        self.ingest_calls += 1
        self.ingest_started.set()
        for i in range(3):
            if progress:
                progress(IngestProgress("embedding", i + 1, 3))
            if not self.ingest_gate.wait(10):
                raise TimeoutError("test never released the ingest")
        return IngestSummary(added=["a.md"], changed=[], removed=[], unchanged=4, chunks=120, seconds=1.25,
                             switched=True, generation="g2", stale=list(self.stale))

    def add_document(self, path, filename):
        self.added.append(filename)
        return Path("knowledge/added") / filename

    def stats(self):
        return {"chunks": 120, "documents": 5, "generation": "g1", "last_ingest": "2024-05-01T10:00:00",
                "stale": list(self.stale)}

    def passages(self, ids):
        return [passage(int(i[1:])) for i in ids]

    def close(self):
        self.closed = True


class Harness:
    """The application, its fake Bot API and coach, and helpers to push updates."""

    def __init__(self, app, api: FakeBotApi, coach: FakeCoach, config: Config):
        self.app, self.api, self.coach, self.config = app, api, coach, config

    async def send(self, update: dict) -> None:
        self.api.push(update)
        await self.app.process_update(Update.de_json(update, self.app.bot))

    async def text(self, user_id: int, text: str, **kwargs) -> dict:
        update = self.api.text_update(user_id, text, **kwargs)
        await self.send(update)
        return update["message"]

    async def press(self, user_id: int, data: str, message: dict) -> None:
        await self.send(self.api.callback_update(user_id, data, message))

    def last_keyboard_message(self, chat_id: int) -> dict:
        return [m for m in self.api.bot_messages(chat_id) if m.get("reply_markup")][-1]


def make_config(tmp_path: Path, telegram: dict | None = None, **limits) -> Config:
    return Config(
        paths=PathsConfig(data_dir=tmp_path / "data", knowledge_dir=tmp_path / "knowledge"),
        telegram=TelegramConfig(**{"admin_ids": (ADMIN_ID,), "base_url": "http://offline.invalid/bot",
                                   "base_file_url": "http://offline.invalid/file/bot",
                                   "progress_edit_seconds": 0.1, **(telegram or {})}),
        limits=LimitsConfig(**{"paste_join_seconds": 0.0, **limits}),
        state=StateConfig(retention_days=30),
    )


async def start_harness(config: Config, coach: FakeCoach) -> Harness:
    api = FakeBotApi()
    app = build_application(config, lambda _config: coach, token=api.token,
                            request=FakeBotApiRequest(api), rate_limiter=False)
    await app.initialize()
    await app.post_init(app)
    await app.start()
    return Harness(app, api, coach, config)


async def stop_harness(harness: Harness) -> None:
    harness.coach.ingest_gate.set()
    await harness.app.stop()
    await harness.app.post_shutdown(harness.app)
    await harness.app.shutdown()
