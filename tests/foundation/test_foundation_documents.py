"""Reading each format, and refusing corrupt, encrypted and bomb files with a stable reason."""

from __future__ import annotations

import os
import time
import zipfile

import pytest

from bot.index.reading import FileLimits, UnreadableFile, extract_blocks, read_source
from tests.foundation.fakes import (
    build_docx, build_pdf, deflated_whitespace, encrypted_pdf, zip_bomb_docx,
)


def reason(path, limits: FileLimits = FileLimits()) -> str:
    with pytest.raises(UnreadableFile) as error:
        read_source(path, limits)
    return error.value.reason_code


# --- each loader ------------------------------------------------------------------


def test_markdown_front_matter_headings_and_list_items(tmp_path):
    path = tmp_path / "guia.md"
    path.write_text(
        "---\ntitle: \"Guía de propuestas\"\nlanguage: es\nurl: https://example.org/guia\nyear: 2007\n---\n\n"
        "# Guía de propuestas\n\nIntroducción breve.\n\n## Objetivos\n\n"
        "Un objetivo dice qué cambia,\npara quién y cuándo.\n\n- primer punto\n- segundo punto\n",
        encoding="utf-8",
    )
    doc = read_source(path)
    assert doc.metadata == {"title": "Guía de propuestas", "language": "es",
                            "url": "https://example.org/guia", "year": 2007}
    assert [(b.heading_level, b.text) for b in doc.blocks] == [
        (1, "Guía de propuestas"), (0, "Introducción breve."), (2, "Objetivos"),
        (0, "Un objetivo dice qué cambia, para quién y cuándo."),
        (0, "- primer punto"), (0, "- segundo punto"),
    ]


def test_markdown_with_broken_front_matter_is_corrupt(tmp_path):
    path = tmp_path / "roto.md"
    path.write_text("---\ntitle: [unclosed\n---\n\nTexto.\n", encoding="utf-8")
    assert reason(path) == "corrupt"


def test_text_file_paragraphs_and_latin1_fallback(tmp_path):
    path = tmp_path / "notas.txt"
    path.write_bytes("Primera línea\nsigue aquí.\n\nSegundo párrafo: inspección.\n".encode("latin-1"))
    blocks = extract_blocks(path)
    assert [b.text for b in blocks] == ["Primera línea sigue aquí.", "Segundo párrafo: inspección."]
    assert all(b.heading_level == 0 for b in blocks)  # '#' means nothing in .txt


def test_html_keeps_title_headings_and_drops_scripts_and_navigation(tmp_path):
    path = tmp_path / "pagina.html"
    path.write_text(
        "<html><head><title> Ficha   BID </title><style>p{}</style></head><body>"
        "<nav><a href='/'>Inicio</a></nav><h1>Ficha BID</h1><p>El BID financia <b>préstamos</b>.</p>"
        "<h2>Requisitos</h2><ul><li>Matriz de resultados</li><li>Plan de <i>adquisiciones</i></li></ul>"
        "<script>alert('x')</script><footer>pie</footer></body></html>",
        encoding="utf-8",
    )
    doc = read_source(path)
    assert doc.metadata["title"] == "Ficha BID"
    assert [(b.heading_level, b.text) for b in doc.blocks] == [
        (1, "Ficha BID"), (0, "El BID financia préstamos ."), (2, "Requisitos"),
        (0, "Matriz de resultados"), (0, "Plan de adquisiciones"),
    ]
    text = " ".join(b.text for b in doc.blocks)
    assert "alert" not in text and "Inicio" not in text and "pie" not in text


def test_docx_headings_paragraphs_and_tables(tmp_path):
    path = build_docx(tmp_path / "borrador.docx", "Propuesta OIT", ["El problema central es la informalidad."],
                      subheading="Problema", table=[["Indicador", "Meta"], ["Inspecciones", "500"]])
    blocks = extract_blocks(path)
    assert [(b.heading_level, b.text) for b in blocks] == [
        (1, "Propuesta OIT"), (2, "Problema"), (0, "El problema central es la informalidad."),
        (0, "Indicador | Meta"), (0, "Inspecciones | 500"),
    ]


def test_pdf_pages_are_numbered_and_accents_survive(tmp_path):
    path = tmp_path / "informe.pdf"
    path.write_bytes(build_pdf([["Página uno: inspección del trabajo."], ["Página dos (anexo)."]], flate=True))
    blocks = extract_blocks(path)
    assert [(b.page, b.text) for b in blocks] == [
        (1, "Página uno: inspección del trabajo."), (2, "Página dos (anexo)."),
    ]


# --- refusals ---------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".pdf", ".docx"])
def test_binary_junk_is_corrupt(tmp_path, suffix):
    path = tmp_path / f"junk{suffix}"
    path.write_bytes(os.urandom(4096))
    assert reason(path) == "corrupt"


def test_pdf_header_followed_by_junk_is_corrupt(tmp_path):
    path = tmp_path / "truncated.pdf"
    path.write_bytes(build_pdf([["Un texto cualquiera."]])[:60] + os.urandom(2000))
    assert reason(path) in ("corrupt", "empty")


def test_docx_that_is_a_zip_without_a_document_is_corrupt(tmp_path):
    path = tmp_path / "not-word.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "hola")
    assert reason(path) == "corrupt"


def test_text_file_with_binary_content_is_corrupt(tmp_path):
    path = tmp_path / "binary.txt"
    path.write_bytes(b"abc\x00\x01\x02" * 100)
    assert reason(path) == "corrupt"


def test_encrypted_pdf_is_refused(tmp_path):
    path = tmp_path / "secreto.pdf"
    path.write_bytes(encrypted_pdf(build_pdf([["Confidencial."]])))
    assert reason(path) == "encrypted"


def test_zip_bomb_docx_is_refused_quickly(tmp_path):
    path = zip_bomb_docx(tmp_path / "bomb.docx", megabytes=60)
    assert path.stat().st_size < 1024 * 1024
    started = time.monotonic()
    assert reason(path) == "bomb"
    assert time.monotonic() - started < 2  # refused from the directory, not by unpacking


def test_highly_compressed_docx_under_the_size_limit_is_still_a_bomb(tmp_path):
    path = zip_bomb_docx(tmp_path / "ratio.docx", megabytes=5)  # 5 MB, but about 1000:1
    assert reason(path) == "bomb"


def test_pdf_decompression_bomb_is_refused(tmp_path):
    path = tmp_path / "bomb.pdf"
    path.write_bytes(build_pdf(streams=[deflated_whitespace(60)], flate=True))
    assert path.stat().st_size < 200 * 1024
    assert reason(path) == "bomb"


def test_pdf_bomb_beyond_pypdf_own_limit_is_still_a_bomb(tmp_path):
    # pypdf stops at 75 MB per stream with its own error; the reason must still be "bomb".
    path = tmp_path / "bigger-bomb.pdf"
    path.write_bytes(build_pdf(streams=[deflated_whitespace(100)], flate=True))
    assert reason(path) == "bomb"


def test_pdf_bomb_spread_over_pages_is_refused(tmp_path):
    limits = FileLimits(max_uncompressed_bytes=8 * 1024 * 1024)
    path = tmp_path / "pages.pdf"
    path.write_bytes(build_pdf(streams=[deflated_whitespace(3) for _ in range(4)], flate=True))
    assert reason(path, limits) == "bomb"


def test_too_large_and_too_many_pages(tmp_path):
    big = tmp_path / "big.txt"
    big.write_text("palabra " * 2000, encoding="utf-8")
    assert reason(big, FileLimits(max_bytes=1000)) == "too_large"
    pages = tmp_path / "pages.pdf"
    pages.write_bytes(build_pdf([[f"Página {i}"] for i in range(5)]))
    assert reason(pages, FileLimits(max_pages=3)) == "too_many_pages"


def test_empty_and_unsupported(tmp_path):
    empty = tmp_path / "vacio.md"
    empty.write_text("---\ntitle: x\n---\n\n", encoding="utf-8")
    assert reason(empty) == "empty"
    blank_pdf = tmp_path / "blank.pdf"
    blank_pdf.write_bytes(build_pdf([[]]))
    assert reason(blank_pdf) == "empty"
    odd = tmp_path / "tabla.xlsx"
    odd.write_bytes(b"PK")
    assert reason(odd) == "unsupported"


def test_missing_file_is_reported_not_crashing(tmp_path):
    assert reason(tmp_path / "gone.md") == "corrupt"
