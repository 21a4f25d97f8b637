"""Shared fixtures: the real rubric (loaded once), a Critic, hand-built blocks and a fake retriever."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from bot.critique import Critic, load_rubric
from bot.models import Passage


@dataclass(frozen=True)
class Block:
    """Same fields as bot.index.reading.Block, built by hand."""

    text: str
    heading_level: int = 0
    page: int | None = None


@pytest.fixture(scope="session")
def rubric():
    return load_rubric()


@pytest.fixture()
def critic(rubric):
    return Critic(rubric)


class FakeRetriever:
    """Returns one passage per query, named after the query, and records every call."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str | None, str | None, int]] = []

    def __call__(self, query: str, *, language: str | None, donor: str | None, k: int) -> list[Passage]:
        self.calls.append((query, language, donor, k))
        return [
            Passage(
                id=f"p-{abs(hash(query)) % 10_000}",
                text=f"Passage about {query}",
                title="Taller CIMT 2007",
                section="II.3",
                source="knowledge/taller-cimt-2007.es.md",
                language="es",
            )
        ]


@pytest.fixture()
def retriever():
    return FakeRetriever()
