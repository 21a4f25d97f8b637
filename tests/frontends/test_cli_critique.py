"""`coach critique FILE --type X` and `--annotate OUT.docx` (issue 16), with the real Critic and no index."""

from __future__ import annotations

import json
from pathlib import Path

import docx
import pytest

from bot import cli
from bot.critique import Critic, load_rubric
from bot.index.reading import FileLimits, docx_blocks


class CriticOnlyCoach:
    """The Coach's critique methods on the real Critic, without an index."""

    def __init__(self) -> None:
        self.critic = Critic(load_rubric())

    def ingest(self, progress=None):
        class Summary:
            switched = False
        return Summary()

    def critique(self, text, *, language=None, donor=None, section_type=None):
        return self.critic.critique(text, language=language, donor=donor, section_type=section_type)

    def critique_file(self, path, *, filename, language=None, donor=None):
        return self.critic.critique_blocks(docx_blocks(Path(path), FileLimits()), filename=filename,
                                           language=language, donor=donor)

    def annotate_file(self, path, report, target, *, filename):
        from bot.coach import Coach

        return Coach.annotate_file(self, path, report, target, filename=filename)

    def close(self):
        pass


@pytest.fixture()
def coach(monkeypatch):
    fake = CriticOnlyCoach()
    monkeypatch.setattr(cli, "_open_coach", lambda config, warm=True: fake)
    return fake


def test_type_option_overrides_the_detected_type(tmp_path, coach, capsys):
    draft = tmp_path / "seccion.txt"
    draft.write_text("Se capacitará a 40 inspectores en dos regiones y se probará un sistema de casos.",
                     encoding="utf-8")
    assert cli.main(["critique", str(draft), "--type", "budget", "--json"]) == 0
    result = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert result["section_type"] == "budget"
    assert [f["criterion"] for f in result["findings"]] == ["budget"]
    assert "presupuesto" in result["type_note"] and "indicó" in result["type_note"]


def test_annotate_writes_the_draft_with_comments(tmp_path, coach, capsys):
    source = tmp_path / "borrador.docx"
    document = docx.Document()
    document.add_heading("Objetivos", 1)
    document.add_paragraph("Mejorar la inspección del trabajo en las zonas rurales.")
    document.add_heading("Presupuesto", 1)
    document.add_paragraph("Se definirá más adelante con el equipo del Ministerio de Trabajo.")
    document.save(source)
    target = tmp_path / "comentado.docx"
    assert cli.main(["critique", str(source), "--annotate", str(target)]) == 0
    captured = capsys.readouterr()
    assert str(target) in captured.err
    annotated = docx.Document(str(target))
    assert len(list(annotated.comments)) >= 2
    assert [p.text for p in annotated.paragraphs] == [p.text for p in docx.Document(str(source)).paragraphs]


def test_annotate_a_pdf_says_comments_need_a_docx(tmp_path, coach, capsys, monkeypatch):
    source = tmp_path / "borrador.pdf"
    source.write_bytes(b"%PDF-1.4")
    monkeypatch.setattr(coach, "critique_file", lambda path, **kw: coach.critic.critique(
        "Objectives\nImprove labour inspection in rural areas by 2027.", language="en"))
    assert cli.main(["critique", str(source), "--annotate", str(tmp_path / "out.docx")]) == 0
    assert "need a .docx" in capsys.readouterr().err
    assert not (tmp_path / "out.docx").exists()
