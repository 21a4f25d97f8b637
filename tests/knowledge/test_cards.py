"""Which answer card answers: the one matched by its question, or the one the search found first."""

from __future__ import annotations

import pytest

from tests.knowledge.conftest import module_coach

# The card's four versions: a card matches by the closest of its versions' questions.
coach = module_coach(("faq/ilab-preguntas.es.md", "faq/ilab-preguntas.en.md", "faq/ilab-preguntas.pt.md",
                      "faq/ilab-preguntas.fr.md", "donors/usdol-ilab.en.md"))


@pytest.mark.slow
def test_a_loosely_matched_card_gives_way_to_the_card_the_search_finds_first(coach):
    # Twenty-fifth round, on answers-unseen-26 (spent): this question matched the card "Which facts about USDOL – ILAB
    # are unverified?" by its question (0.56) and was answered with that list, while the search had found first the
    # card on what the FY2007 call required.
    answer = coach.ask('A consultant who worked on ILAB projects says ILAB "always demanded research and data '
                       'collection" and wants us to budget a research component. What exactly did ILAB\'s calls ask '
                       'for on research, data and baselines?')
    assert "research and data collection" in answer.text, answer.text
    assert not answer.text.split("\n• ")[1].startswith("Unverified"), answer.text
