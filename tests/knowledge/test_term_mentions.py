"""A question that quotes a term reads where the knowledge base names it, across its documents.

Seen on a blind set (answers-unseen-33, with a model): "vi que la palabra «auditoría» aparece en varias fichas. ¿Qué
auditorías menciona, quién las hizo y cuándo?" was given the example's annual external audit only, and the model said
the knowledge base named one audit; the USDOL OIG's audit of 2000 and Canada's Auditor General's of 2023 were in the
donor sheets, beyond what the search returned.
"""

from __future__ import annotations

import re

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


# After the measurement of answers-unseen-34 (spent): "Which statements in the methods sheet are flagged as
# unverified?" was answered, with a model, from the few chunks the search found; the model named one of several.
WHOLE = ("methods/methods.en.md", "proposal-components-guide.en.md", "donors/ilo.en.md", "donors/idb.en.md",
         "donors/canada.en.md", "faq/metodos-preguntas.en.md")
whole_coach = module_coach(WHOLE)


def test_a_question_that_names_the_methods_sheet_reads_it_whole(whole_coach):
    read = what_the_model_reads(whole_coach, "I'm quoting the methods sheet in a training pack. Which statements in it "
                                             "are explicitly flagged as unverified ('confirm with the donor')?")
    for line in ("the core problem should not be \"lack of X\"", "Effectiveness (DAC criterion, paraphrase)",
                 "whether the book itself presents CREAM"):
        assert line in read, line
    # The sheet comes first, whole and in order: its flagged statements are not left to the search's ranking.
    numbered = re.findall(r"^\[(\d+)\] (.*)$", read, flags=re.MULTILINE)
    assert numbered[0][1].startswith("Proposal design methods"), numbered[:3]


def test_a_question_that_does_not_name_a_document_is_not_given_one_whole(whole_coach):
    assert whole_coach.answerer.named_document("Which DAC criteria are paraphrased?", "en") == []
    assert whole_coach.answerer.named_document("¿Qué dice la ficha de métodos sobre el CREAM?", "es")
