"""A question that quotes a term reads where the knowledge base names it, across its documents.

Seen on a blind set (answers-unseen-33, with a model): "vi que la palabra «auditoría» aparece en varias fichas. ¿Qué
auditorías menciona, quién las hizo y cuándo?" was given the example's annual external audit only, and the model said
the knowledge base named one audit; the USDOL OIG's audit of 2000 and Canada's Auditor General's of 2023 were in the
donor sheets, beyond what the search returned.
"""

from __future__ import annotations

from tests.knowledge.conftest import module_coach, what_the_model_reads

FILES = ("donors/usdol-ilab.es.md", "donors/canada.es.md", "examples/propuesta-ejemplo-inspeccion.es.md",
         "faq/ejemplo-preguntas.es.md")

coach = module_coach(FILES)

AUDITS = ("La Contraloría nos pidió una nota sobre auditorías vinculadas a la cooperación. Vi que la palabra "
          "«auditoría» aparece en varias fichas. ¿Qué auditorías menciona, quién las hizo y cuándo?")


def test_a_quoted_term_is_found_in_every_document_that_names_it(coach):
    mentions = coach.answerer.mentions(AUDITS, "es")
    texts = "\n".join(p.text for p in mentions)
    assert "auditoría de la OIG del año 2000" in texts, texts
    assert "Auditor General de Canadá auditó en 2023" in texts, texts  # "auditoría" names "auditó" too
    # One chunk of each document first: the sheets are not crowded out by the example's many mentions.
    assert len({p.source for p in mentions[:3]}) == 3, [p.source for p in mentions]


def test_the_model_reads_the_mentions(coach):
    read = what_the_model_reads(coach, AUDITS)
    assert "auditoría de la OIG del año 2000" in read and "Auditor General de Canadá auditó en 2023" in read


def test_a_question_that_quotes_no_term_reads_as_before(coach):
    assert coach.answerer.mentions("¿Qué auditorías menciona la base?", "es") == []
