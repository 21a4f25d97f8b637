"""The guided draft in a terminal: /borrador in the console chat, and `coach draft` (interview or --answers)."""

from __future__ import annotations

import json

import docx

from bot.cli import main
from bot.console import run_console
from tests.support.telegram_harness import FakeCoach


def scripted(lines: list[str]):
    typed = iter(lines)

    def read(_prompt: str) -> str:
        try:
            return next(typed)
        except StopIteration:
            raise EOFError from None

    return read


def test_the_console_chat_runs_the_interview_and_writes_the_docx(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    out: list[str] = []
    lines = ["/borrador",
             "Inspección basada en riesgo", "",
             "hola", "",                                   # not an answer: the hint again
             "/atras", "",
             "/seguir", "",                                # the title is kept
             "Los inspectores eligen las visitas por denuncias.", "",   # weak: no data
             "/seguir", "",
             "/saltar", "",
             "/listo", "",
             "¿Qué pide el BID?", "/salir"]
    coach = FakeCoach()
    assert run_console(coach, read=scripted(lines), write=out.append) == 0
    text = "\n".join(out)
    assert "Paso 1 de 12 · Título y donante" in text and "Paso 3 de 12 · Objetivo general" in text
    assert "No lo tomé como respuesta a esta pregunta." in text
    assert "Tu respuesta guardada para este paso: «Inspección basada en riesgo»" in text
    assert "⚠️ Antes de seguir, revisa:" in text and "la fuente de los datos" in text
    saved = list(tmp_path.glob("borrador-propuesta-*.docx"))
    assert len(saved) == 1 and f"Borrador guardado en {saved[0]}" in text
    document = docx.Document(str(saved[0]))
    assert document.paragraphs[0].text == "Inspección basada en riesgo"
    assert "Los inspectores eligen las visitas por denuncias." in [p.text for p in document.paragraphs]
    assert coach.asked[-1]["question"] == "¿Qué pide el BID?"  # the chat goes on after the draft


def test_cancel_in_the_console_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    out: list[str] = []
    run_console(FakeCoach(), read=scripted(["/draft", "Title", "", "/cancel", ""]), write=out.append)
    assert "(borrador descartado)" in "\n".join(out)
    assert not list(tmp_path.glob("*.docx"))


def test_coach_draft_answers_builds_the_docx_from_saved_answers(tmp_path, capsys):
    answers = tmp_path / "ejemplo.json"
    answers.write_text(json.dumps({"language": "es", "answers": {
        "title": "Inspección moderna",
        "goal": "Reducir la informalidad del 45 % al 40 % para 2030.",
        "indicators": "Línea de base: 12 % (2024); meta: 30 % a dic. 2027; fuente: registros del SIT",
    }}, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "x.docx"
    assert main(["draft", "--answers", str(answers), "--out", str(out)]) == 0
    document = docx.Document(str(out))
    assert document.paragraphs[0].text == "Inspección moderna"
    logframe, indicators = document.tables
    assert logframe.rows[1].cells[1].text == "Reducir la informalidad del 45 % al 40 % para 2030."
    assert [c.text for c in indicators.rows[1].cells][1:] == ["12 % (2024)", "30 %", "dic. 2027", "registros del SIT"]


def test_coach_draft_answers_refuses_unknown_steps_naming_them(tmp_path, capsys):
    answers = tmp_path / "bad.json"
    answers.write_text(json.dumps({"problema": "x"}), encoding="utf-8")
    assert main(["draft", "--answers", str(answers)]) == 2
    error = capsys.readouterr().err
    assert "unknown steps ['problema']" in error and "'problem'" in error


def test_coach_draft_interview_in_the_terminal(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr("builtins.input", scripted(["Mi título", "", "/listo", ""]))
    out = tmp_path / "draft.docx"
    assert main(["draft", "--lang", "en", "--out", str(out)]) == 0
    assert "Step 2 of 12 · Problem and justification" in capsys.readouterr().out
    assert docx.Document(str(out)).paragraphs[0].text == "Mi título"
