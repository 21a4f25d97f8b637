"""LLM polishing with a scripted chat model: better wording is used only when the figures stay the officer's."""

from __future__ import annotations

import io
from datetime import date

import docx
from langchain_core.language_models.fake_chat_models import FakeListChatModel

from bot.drafting.document import build_document
from bot.drafting.polish import polish_answers, same_figures
from bot.drafting.session import Draft
from bot.drafting.steps import load_interview
from bot.messages import Messages

INTERVIEW = load_interview()
ANSWERS = {
    "title": "inspeccion moderna",
    "problem": "segun la encuesta 2024 el 40 % no cotiza, por falta de inspeccion",
    "goal": "bajar la informalidad del 40 % al 35 % para 2030",
    "results": "R1. matriz aprobada",
    "budget": "R1: US$ 200.000; contrapartida US$ 50.000 en especie",
}


class RecordingModel(FakeListChatModel):
    prompts: list = []

    def invoke(self, messages, *args, **kwargs):
        self.prompts.append(messages)
        return super().invoke(messages, *args, **kwargs)


def test_polished_prose_is_kept_only_when_its_figures_are_the_officers():
    model = RecordingModel(responses=[
        "Según la Encuesta de Hogares de 2024, el 40 % de los asalariados no cotiza, por la falta de inspección.",
        "Reducir la informalidad del 40 % al 30 % para 2030.",  # a figure changed: the original stays
        "R1: US$ 200.000. Contrapartida del Ministerio: US$ 50.000 en especie, y un aporte adicional que "
        "el Ministerio negociará con Hacienda en los próximos años para asegurar la sostenibilidad del proyecto.",
    ])
    polished = polish_answers(ANSWERS, INTERVIEW, Messages.load(), "es", model, timeout=5)
    assert polished["problem"].startswith("Según la Encuesta de Hogares de 2024")
    assert polished["goal"] == ANSWERS["goal"]
    assert polished["budget"] == ANSWERS["budget"]  # much longer: something was added
    assert polished["title"] == ANSWERS["title"] and polished["results"] == ANSWERS["results"]  # never sent
    assert len(model.prompts) == 3
    system, human = model.prompts[0]
    assert "Spanish" in system[1] and "keep every figure" in system[1]
    assert "Problema y justificación" in human[1] and ANSWERS["problem"] in human[1]


def test_figures_are_compared_as_counted_runs_of_digits():
    assert same_figures("de 18 % a 60 % en 2030", "del 18 % al 60 % para 2030")
    assert not same_figures("de 18 % a 60 %", "de 18 % a 65 %")
    assert not same_figures("US$ 200.000", "US$ 200,000 y 200.000")


def test_the_document_uses_the_polished_prose_but_the_logframe_keeps_the_exact_words():
    draft = Draft("es", step=INTERVIEW.total, answers=dict(ANSWERS))
    polished = {**ANSWERS, "goal": "Reducir la informalidad del 40 % al 35 % para 2030."}
    document = docx.Document(io.BytesIO(build_document(draft, INTERVIEW, Messages.load(), today=date(2026, 12, 4),
                                                       polished=polished)))
    texts = [p.text for p in document.paragraphs]
    assert "Reducir la informalidad del 40 % al 35 % para 2030." in texts
    assert any("pulida por el modelo de lenguaje" in t for t in texts)
    assert document.tables[0].rows[1].cells[1].text == ANSWERS["goal"]


def test_a_failing_model_leaves_the_officers_text():
    class Broken(FakeListChatModel):
        def invoke(self, *args, **kwargs):
            raise ConnectionError("server down")

    polished = polish_answers(ANSWERS, INTERVIEW, Messages.load(), "es", Broken(responses=["x"]), timeout=5)
    assert polished == ANSWERS
