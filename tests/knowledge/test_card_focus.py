"""Offline, a question about one item of an answer card is answered with that item first, not buried in the card."""

from __future__ import annotations

import pytest

from tests.knowledge.conftest import coach_over

pytestmark = pytest.mark.slow

FILES = ("faq/ejemplo-preguntas.en.md", "faq/ejemplo-preguntas.es.md", "examples/example-proposal-inspection.en.md",
         "examples/propuesta-ejemplo-inspeccion.es.md", "proposal-components-guide.en.md")


@pytest.fixture(scope="module")
def coach(tmp_path_factory):
    with coach_over(FILES, tmp_path_factory.mktemp("focus")) as opened:
        yield opened


def bullets(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("• ")]


def test_a_question_on_one_risk_of_the_example_gets_that_risk_first(coach):
    # Seen: the turnover measures buried under the elections, procurement and budget-cut risks.
    answer = coach.ask("Our inspectors keep leaving for better-paid private-sector jobs a year or two after we "
                       "train them. How does the sample labour-inspection proposal deal with the risk of losing "
                       "the inspectors it trains?")
    quoted = bullets(answer.text)
    assert quoted and "turnover" in quoted[0], answer.text


def test_a_question_on_all_the_risks_still_gets_the_whole_table(coach):
    answer = coach.ask("What risks does the sample inspection proposal list, and how does it handle them?")
    quoted = bullets(answer.text)
    assert "table with likelihood" in quoted[0] and any("elections" in line for line in quoted), answer.text
