"""What a citation tells the reader: where the passage is, and how current a donor fact is."""

from __future__ import annotations

import pytest

from bot.answers.compose import plain_text, source_line
from bot.answers.units import split_units
from bot.messages import Messages
from bot.models import Answer, Passage
from bot.telegram.formatting import render_answer


def passage(kind: str, checked: str | None = "2026-12") -> Passage:
    return Passage(id="p1", text="USDOL – ILAB terminó sus subvenciones en 2025.", title="USDOL – ILAB",
                   section="Situación en 2025–2026", source="donors/usdol-ilab.es.md", language="es",
                   kind=kind, checked=checked)


@pytest.mark.parametrize("language, said", [
    ("es", "(datos revisados en diciembre de 2026)"),
    ("en", "(facts checked in December 2026)"),
    ("pt", "(dados revisados em dezembro de 2026)"),
    ("fr", "(données vérifiées en décembre 2026)"),
])
def test_a_donor_fact_says_when_it_was_checked_in_the_readers_language(language, said):
    assert source_line(1, passage("donor"), language).endswith(said)
    answer = Answer("¿Sigue ILAB?", language, "• … [1]", False, "extractive", (passage("donor"),))
    assert said in plain_text(answer)
    assert said in render_answer(answer, Messages.load(), language).replace("<i>", "").replace("</i>", "")


def test_only_donor_documents_with_a_checked_date_carry_it():
    assert "revisados" not in source_line(1, passage("guide"), "es")
    assert "revisados" not in source_line(1, passage("donor", checked=None), "es")


def test_an_abbreviation_with_a_space_does_not_cut_the_sentence():
    text = "El 27 de marzo de 2025 el Departamento de Trabajo de EE. UU. terminó todas las subvenciones de ILAB."
    assert split_units(text) == [text]


def test_a_rare_corpus_term_matched_verbatim_with_most_of_the_question_is_in_scope():
    from bot.answers.search import SearchResult, Signals

    undaf = Signals(multilingual=0.25, lexical=0.54, rarest=3.9)  # "What replaced the UNDAF?"
    assert SearchResult([], undaf).relevance == 1.0
    # Off-topic questions share a rare word at most by chance, with little of the question.
    capital = Signals(multilingual=0.27, lexical=0.29, rarest=6.9)  # "What's the capital of Canada?"
    assert SearchResult([], capital).relevance == 0.27
    common = Signals(multilingual=0.25, lexical=0.6, rarest=2.0)  # only common words shared
    assert SearchResult([], common).relevance == 0.25
