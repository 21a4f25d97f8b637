"""Fixtures for the foundation tests: temp config, a small knowledge dir, an embedded store."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from bot.config import load_config
from bot.index.store import open_store
from tests.foundation.fakes import EncoderFactory

PROJECT = Path(__file__).resolve().parents[2]


def write_config(tmp_path: Path, extra: str = "", *, knowledge: Path | None = None) -> Path:
    """A config.toml under tmp_path: data and knowledge there, one encoder, plus ``extra`` TOML."""
    path = tmp_path / "config.toml"
    knowledge = knowledge or tmp_path / "knowledge"
    path.write_text(
        textwrap.dedent(
            f"""\
            [paths]
            knowledge_dir = "{knowledge}"
            data_dir = "{tmp_path / 'data'}"

            [embedding]
            multilingual = "none"
            e5 = "none"
            """
        )
        + textwrap.dedent(extra),
        encoding="utf-8",
    )
    return path


def md_file(title: str, sections: dict[str, list[str]], language: str = "es", url: str = "") -> str:
    lines = ["---", f'title: "{title}"', f'language: "{language}"']
    if url:
        lines.append(f'url: "{url}"')
    lines += ["---", "", f"# {title}", ""]
    for heading, paragraphs in sections.items():
        lines += [f"## {heading}", ""]
        for paragraph in paragraphs:
            lines += [paragraph, ""]
    return "\n".join(lines)


def paragraphs(topic: str, n: int) -> list[str]:
    return [
        f"Párrafo {i} sobre {topic}: el ministerio define objetivos medibles, indicadores con línea de base "
        f"y metas anuales, y explica cómo la asistencia técnica fortalece la inspección del trabajo."
        for i in range(n)
    ]


def small_knowledge(root: Path) -> Path:
    """Three Markdown files, a few chunks each."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "alpha.md").write_text(
        md_file("Alfa", {"Objetivos": paragraphs("objetivos", 3), "Riesgos": paragraphs("riesgos", 2)}), "utf-8")
    (root / "beta.md").write_text(
        md_file("Beta", {"Presupuesto": paragraphs("presupuesto", 3)}, language="en"), "utf-8")
    (root / "sub").mkdir(exist_ok=True)
    (root / "sub" / "gamma.txt").write_text("\n\n".join(paragraphs("monitoreo", 4)), "utf-8")
    return root


@pytest.fixture
def knowledge(tmp_path) -> Path:
    return small_knowledge(tmp_path / "knowledge")


@pytest.fixture
def config(tmp_path, knowledge):
    return load_config(write_config(tmp_path), environ={})


@pytest.fixture
def store(config):
    opened = open_store(config)
    yield opened
    opened.client.close()


@pytest.fixture
def encoders() -> EncoderFactory:
    return EncoderFactory()
