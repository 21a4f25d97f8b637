""""How do I fix my indicator?" gets the guide's common mistakes and how-to-improve passages first."""

from __future__ import annotations

import pytest

from bot.answers.understanding import DraftLens
from bot.assembly import Experiments, build_answerer
from bot.critique import heading_types, load_rubric
from tests.answers.conftest import Index

GUIDE = """---
title: "Guía"
language: "es"
kind: "guide"
---

# Guía

## Indicadores

### Qué revisan los donantes en los indicadores

- El donante revisa el indicador del objetivo específico en la matriz.

### Errores frecuentes en los indicadores

- Un indicador sin unidad ni fecha no se puede medir.

### Cómo mejorar los indicadores

- Reescriba cada indicador con unidad, meta y fecha.

## Presupuesto

### Cómo mejorar el presupuesto

- Ligue cada línea del presupuesto a un producto.
"""
# Shares the question's words ("revisor", "débil", "indicador") but gives no fix.
NOTES = """---
title: "Notas"
language: "es"
---

# Notas

## Revisiones

- El revisor marcó como débil el indicador; el revisor pidió otra versión del indicador.
"""
QUESTION = "El revisor marcó como débil mi indicador. ¿Cómo lo mejoro?"


@pytest.fixture(scope="module")
def lens() -> DraftLens:
    rubric = load_rubric()
    return DraftLens.load(lambda question: heading_types(question, rubric), rubric.section_types)


@pytest.mark.parametrize("question, element", [
    (QUESTION, "indicators"),
    ("En la parte de seguimiento solo pusimos un párrafo. ¿Qué más habría que detallar?", "monitoring_evaluation"),
    ("Our budget was flagged as weak: what is missing?", "budget"),
    ("O que falta no nosso cronograma?", "timeline"),
    ("Comment améliorer nos indicateurs ?", "indicators"),
    # How to build one element is asked as often as how to fix it ("como armo el presupuesto para q el donante no
    # me lo rebote??" was turned away; seen sets, twenty-second round).
    ("como armo el presupuesto para q el donante no me lo rebote??", "budget"),
    ("How do we build a realistic timeline?", "timeline"),
    ("Como monto os indicadores da proposta?", "indicators"),
    ("Comment construire notre budget ?", "budget"),
])
def test_a_request_to_fix_one_element_is_recognised(lens, question, element):
    assert lens.element(question) == element


@pytest.mark.parametrize("question", [
    "¿Qué es un indicador de resultado?",   # asks what, not how to fix
    "¿Qué le falta?",                       # no element named
    "What did the workshop say about budgets?",
])
def test_other_questions_are_left_alone(lens, question):
    assert lens.element(question) is None


def test_the_advice_sections_of_that_element_are_found(lens):
    metadatas = [
        {"kind": "guide", "section": "Indicadores › Errores frecuentes en los indicadores"},
        {"kind": "guide", "section": "Indicadores › Qué revisan los donantes en los indicadores"},
        {"kind": "guide", "section": "Indicators › How to improve the indicators"},
        {"kind": "guide", "section": "Presupuesto › Cómo mejorar el presupuesto"},
        {"kind": "methods", "section": "Indicadores › Errores frecuentes en los indicadores"},
    ]
    assert lens.sections("indicators", metadatas) == (
        "Indicadores › Errores frecuentes en los indicadores",
        "Indicators › How to improve the indicators",
    )


def test_elements_must_be_rubric_section_types(tmp_path):
    path = tmp_path / "draft_lens.toml"
    path.write_text('fix_intent = ["falta"]\nadvice_sections = ["Cómo"]\n[elements]\nlogo = ["Logo"]\n', "utf-8")
    with pytest.raises(ValueError, match="logo"):
        DraftLens.load(lambda question: [], load_rubric().section_types, path)


def test_the_guide_advice_on_that_element_comes_first(tmp_path):
    root = tmp_path / "knowledge"
    root.mkdir()
    (root / "guia.es.md").write_text(GUIDE, "utf-8")
    (root / "notas.es.md").write_text(NOTES, "utf-8")
    index = Index(tmp_path)
    answerer = index.answerer()

    passages = answerer.retrieve(QUESTION).passages
    assert {p.section for p in passages[:2]} == {
        "Indicadores › Errores frecuentes en los indicadores",
        "Indicadores › Cómo mejorar los indicadores",
    }

    without_lens = build_answerer(index.search, index.encoder, index.config, experiments=Experiments(draft_lens=False))
    assert without_lens.retrieve(QUESTION).passages[0].source == "notas.es.md"  # what the lens is for


def test_a_request_to_fix_the_officers_own_draft_is_never_turned_away(tmp_path):
    root = tmp_path / "knowledge"
    root.mkdir()
    (root / "guia.es.md").write_text(GUIDE, "utf-8")
    # A cut-off no passage reaches: every plain question is turned away.
    answerer = Index(tmp_path, "[retrieval]\nmin_relevance = 0.99\n").answerer()
    assert answerer.answer("¿Qué dice el donante de los indicadores, la matriz y el presupuesto?").abstained

    # Its words spread over four topics: no passage is close to it as a whole.
    answer = answerer.answer("El revisor marcó como débil el indicador de sostenibilidad del presupuesto "
                             "del marco lógico. ¿Cómo lo mejoro?")
    assert not answer.abstained
    assert any(source.section.startswith("Indicadores › ") for source in answer.sources)
