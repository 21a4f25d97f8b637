"""A Coach with the real encoders over some files of the real knowledge base."""

from __future__ import annotations

import shutil
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import pytest
from langchain_core.language_models.fake_chat_models import FakeListChatModel

from bot.coach import Coach
from bot.config import load_config
from tests.foundation.conftest import PROJECT


@contextmanager
def coach_over(files: Sequence[str], root: Path) -> Iterator[Coach]:
    """``files`` (paths under knowledge/) copied under ``root``, indexed, and a Coach over them."""
    for name in files:
        target = root / "knowledge" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(PROJECT / "knowledge" / name, target)
    config = load_config(None, environ={"COACH_PATHS__KNOWLEDGE_DIR": str(root / "knowledge"),
                                        "COACH_PATHS__DATA_DIR": str(root / "data")})
    opened = Coach.open(config)
    try:
        opened.ingest()
        yield opened
    finally:
        opened.close()


def module_coach(files: Sequence[str]):
    """A module-scoped ``coach`` fixture over ``files`` of the real knowledge base (indexed once per module)."""

    @pytest.fixture(scope="module")
    def coach(tmp_path_factory) -> Iterator[Coach]:
        with coach_over(files, tmp_path_factory.mktemp("knowledge")) as opened:
            yield opened

    return coach


class ReadingModel(FakeListChatModel):
    """A model that remembers what it was given to read."""

    read: list = []

    def _call(self, messages, *args, **kwargs):
        type(self).read.append("\n".join(str(m.content) for m in messages))
        return "Según los pasajes [1]."


def what_the_model_reads(coach: Coach, question: str) -> str:
    """What a configured model is given to read for ``question`` (its answer must come from the model)."""
    ReadingModel.read = []
    coach.answerer.chat_model = ReadingModel(responses=["unused"])
    try:
        answer = coach.ask(question)
    finally:
        coach.answerer.chat_model = None
    assert answer.mode == "llm"
    return ReadingModel.read[-1]
