"""How a critique reads: problems in full, three or more "ok" findings on one line; JSON stays complete."""

from __future__ import annotations

import pytest

from bot.messages import Messages
from bot.models import Critique, Finding
from bot.report import critique_text
from bot.telegram.formatting import render_critique, strip_html


def _critique(oks: int, language: str = "es") -> Critique:
    labels = ["la necesidad", "el alineamiento estratégico", "la adecuación al contexto", "los riesgos"]
    findings = [Finding("budget", "weak", "Falta la contrapartida.", "Agregue la contrapartida.", (), "el presupuesto")]
    findings += [Finding(f"c{i}", "ok", f"Bien resuelto: «frase {i}».", "Nada que corregir.", (), labels[i])
                 for i in range(oks)]
    return Critique("full_proposal", language, tuple(findings), ("Presupuesto: agregue la contrapartida.",), "offline")


@pytest.fixture(scope="module")
def messages():
    return Messages.load()


def test_three_ok_findings_collapse_into_one_line_in_the_terminal():
    text = critique_text(_critique(3))
    assert "Falta la contrapartida." in text and "→ Agregue la contrapartida." in text
    assert "✓ También bien: la necesidad, el alineamiento estratégico, la adecuación al contexto" in text
    assert "frase 0" not in text and "✓ ok" not in text


def test_two_ok_findings_are_still_printed_one_by_one():
    text = critique_text(_critique(2))
    assert "frase 0" in text and "frase 1" in text and "También bien" not in text


def test_telegram_collapses_ok_findings_with_the_message_in_the_readers_language(messages):
    html = render_critique(_critique(4, "en"), messages, "en")
    visible = strip_html(html)
    assert "Also fine: la necesidad, el alineamiento estratégico, la adecuación al contexto, los riesgos." in visible
    assert "Falta la contrapartida." in visible and "frase 2" not in visible
    assert visible.index("Falta la contrapartida.") < visible.index("Also fine")


def test_telegram_escapes_collapsed_labels(messages):
    critique = Critique("problem", "es", tuple(
        Finding(f"c{i}", "ok", "ok", "", (), f"a<b>{i}") for i in range(3)), (), "offline")
    assert "a&lt;b&gt;0" in render_critique(critique, messages, "es")


def test_json_keeps_every_finding():
    data = _critique(3).to_json()
    assert [f["status"] for f in data["findings"]] == ["weak", "ok", "ok", "ok"]
