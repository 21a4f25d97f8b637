"""The draft comes back with each finding as a Word comment in the margin (issue 16)."""

from __future__ import annotations

import zipfile

import docx
import pytest

from bot.critique.annotate import annotate_docx
from bot.index.reading import FileLimits, docx_blocks


def _draft(path):
    document = docx.Document()
    document.add_heading("Propuesta: inspección rural", 1)
    document.add_heading("Objetivos", 2)
    paragraph = document.add_paragraph("Objetivo general: ")
    paragraph.add_run("fortalecer la inspección del trabajo").bold = True
    paragraph.add_run(" en las zonas rurales del país.")
    document.add_paragraph("Se espera mejorar la atención de denuncias en las fincas alejadas.")
    document.add_heading("Presupuesto", 2)
    document.add_paragraph("El presupuesto se definirá más adelante con el equipo del Ministerio.")
    document.save(path)
    return path


def _texts(path):
    return [p.text for p in docx.Document(str(path)).paragraphs]


def test_every_finding_becomes_a_comment_and_the_text_is_unchanged(tmp_path, critic):
    source = _draft(tmp_path / "borrador.docx")
    blocks = docx_blocks(source, FileLimits())
    report = critic.critique_blocks(blocks, filename="borrador.docx", language="es")
    target = tmp_path / "comentado.docx"
    count = annotate_docx(source, target, report, author="Coach", initials="PC")
    problems = [f for c in report.sections for f in c.findings if f.status != "ok"]
    assert count == len(problems) > 0
    assert _texts(target) == _texts(source)  # the officer's text is untouched
    annotated = docx.Document(str(target))
    comments = list(annotated.comments)
    assert len(comments) == count
    assert all(c.author == "Coach" and c.initials == "PC" for c in comments)
    with zipfile.ZipFile(target) as archive:
        body = archive.read("word/document.xml").decode("utf-8")
    assert body.count("commentRangeStart") == count


def test_a_comment_is_anchored_to_the_paragraph_it_concerns(tmp_path, critic):
    source = _draft(tmp_path / "borrador.docx")
    report = critic.critique_blocks(docx_blocks(source, FileLimits()), filename="borrador.docx", language="es")
    target = tmp_path / "comentado.docx"
    annotate_docx(source, target, report, author="Coach", initials="PC")
    annotated = docx.Document(str(target))
    budget = [p for p in annotated.paragraphs if p.text.startswith("El presupuesto se definirá")][0]
    assert "commentRangeStart" in budget._p.xml  # the budget finding sits next to the budget sentence
    objective = [p for p in annotated.paragraphs if p.text.startswith("Objetivo general")][0]
    assert "commentRangeStart" in objective._p.xml


def test_only_a_docx_can_be_annotated(tmp_path, critic):
    source = tmp_path / "borrador.pdf"
    source.write_bytes(b"%PDF-1.4")
    report = None  # never looked at
    with pytest.raises(ValueError, match="docx"):
        annotate_docx(source, tmp_path / "out.docx", report, author="Coach", initials="PC")
