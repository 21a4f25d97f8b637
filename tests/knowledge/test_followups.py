"""Follow-ups over the real knowledge base and the shipped scope model."""

from __future__ import annotations

import pytest

from bot.models import Turn
from tests.knowledge.conftest import module_coach

FILES = ("donors/bid.es.md", "faq/bid-preguntas.es.md", "proposal-components-guide.en.md")


coach = module_coach(FILES)


@pytest.mark.slow
@pytest.mark.parametrize("previous, followup", [
    ("¿La puede solicitar directamente el ministerio al BID o hay que ir por otra institución? Hablo de una "
     "cooperación técnica.", "ok, ¿y el ministerio la puede pedir directo?"),
    ("Queremos pedirle al BID una cooperación técnica no reembolsable para el observatorio laboral. ¿Qué "
     "categorías de CT tiene el banco?", "¿y el ministerio se la puede pedir directo o tiene que ir por otro lado?"),
])
def test_a_follow_up_turned_away_within_its_topic_is_read_with_the_previous_question(coach, previous, followup):
    # Twelfth round, on seen sets: searched as "… (el BID)", these were turned away by the scope model
    # ("I found nothing"); read with the question before, they are answered.
    answer = coach.ask(followup, history=[Turn(previous, "…")])
    assert not answer.abstained, answer.text
    assert any("bid" in p.source for p in answer.sources)
