"""A small knowledge index built with an exact keyword embedder: no model, no network."""

from __future__ import annotations

import math
import textwrap
from pathlib import Path

import pytest
from langchain_core.embeddings import Embeddings

from bot.answers.compose import Answerer
from bot.assembly import build_answerer
from bot.config import load_config
from bot.index.ingestion import Ingestor
from bot.language import fold
from bot.answers.search import HybridSearch
from bot.index.store import open_store

# One dimension per topic; a text's vector counts its topic words (plus a small constant
# so that a text with none of them still has a direction, far from every passage).
TOPICS = {
    "logframe": ("marco logico", "logical framework", "quadro logico", "cadre logique", "matriz", "matrix"),
    "sustainability": ("sostenibilidad", "sustainability", "sustentabilidade", "durabilite"),
    "usdol": ("usdol", "ilab"),
    "idb": ("bid", "idb", "banco interamericano"),
    "indicators": ("indicador", "indicator", "indicateur", "linea de base", "baseline"),
    "budget": ("presupuesto", "budget", "orcamento"),
}
BIAS = 0.05


def topic_vector(text: str) -> list[float]:
    folded = fold(text)
    values = [float(sum(folded.count(word) for word in words)) for words in TOPICS.values()] + [BIAS]
    norm = math.sqrt(sum(v * v for v in values))
    return [v / norm for v in values]


class TopicEncoder(Embeddings):
    """Exact vectors from topic words: similarities are predictable in tests."""

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [topic_vector(text) for text in texts]

    def embed_query(self, text: str) -> list[float]:
        return topic_vector(text)


def md(title: str, language: str, sections: dict[str, str], url: str = "") -> str:
    head = ["---", f'title: "{title}"', f'language: "{language}"'] + ([f'url: "{url}"'] if url else []) + ["---", ""]
    body = [f"# {title}", ""]
    for heading, text in sections.items():
        body += [f"## {heading}", "", text, ""]
    return "\n".join(head + body)


def write_knowledge(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "usdol.es.md").write_text(md("USDOL – ILAB", "es", {
        "Sostenibilidad": "USDOL exige un plan de sostenibilidad con responsables y presupuesto después del cierre. "
                          "La sostenibilidad valía 15 de 100 puntos en la evaluación de USDOL.",
        "Indicadores": "USDOL pide indicadores con línea de base, meta y fuente de verificación para cada resultado.",
    }, url="https://www.dol.gov/agencies/ilab"), "utf-8")
    (root / "bid.es.md").write_text(md("BID", "es", {
        "Sostenibilidad": "El BID revisa la sostenibilidad: quién financia las actividades cuando termina la cooperación técnica del BID. "
                          "El BID pide un presupuesto de continuidad firmado por el ministerio.",
    }), "utf-8")
    (root / "methods.en.md").write_text(md("Methods", "en", {
        "Logical framework": "The logical framework matrix has one general objective and one specific objective. "
                             "Each row of the logical framework states indicators, means of verification and assumptions.",
    }), "utf-8")
    return root


def write_config(tmp_path: Path, extra: str = "", embedding: str = 'multilingual = "none"') -> Path:
    path = tmp_path / "config.toml"
    path.write_text(textwrap.dedent(f"""\
        [paths]
        knowledge_dir = "{tmp_path / 'knowledge'}"
        data_dir = "{tmp_path / 'data'}"

        [embedding]
        e5 = "none"
        """) + textwrap.dedent(embedding) + "\n" + textwrap.dedent(extra), encoding="utf-8")
    return path


class Index:
    """A built index and what an Answerer needs, for one test."""

    def __init__(self, tmp_path: Path, extra_config: str = "") -> None:
        write_knowledge(tmp_path / "knowledge")
        self.config = load_config(write_config(tmp_path, extra_config), environ={})
        self.store = open_store(self.config)
        self.encoder = TopicEncoder()
        self.encoders = {"dense": self.encoder}
        Ingestor(self.config, self.store, lambda: self.encoders).run()
        self.search = HybridSearch(self.store, self.encoders, self.config.retrieval)

    def answerer(self, chat_model=None) -> Answerer:
        return build_answerer(self.search, self.encoder, self.config, chat_model=chat_model)


@pytest.fixture
def index(tmp_path) -> Index:
    return Index(tmp_path)
