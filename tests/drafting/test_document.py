"""The .docx draft read back with python-docx: the officer's words, the logframe, the indicators — no figure
that the officer did not write."""

from __future__ import annotations

import io
import re
from datetime import date

import docx

from bot.drafting.document import build_document
from bot.drafting.session import Draft
from bot.drafting.steps import load_interview
from bot.messages import Messages

INTERVIEW = load_interview()
ANSWERS = {
    "title": "Labour inspection based on risk\nDonor: IDB",
    "problem": "According to the 2024 labour force survey, 45% of wage earners do not contribute; causes: weak inspection.",
    "goal": "Informality falls from 45% in 2024 to 40% by December 2030.",
    "purpose": "By 2029, 50% of routine visits go to high-risk workplaces.",
    "results": "R1. Risk matrix approved\nR2. Case system in use in 9 offices",
    "indicators": "R1. Offices planning by risk. Baseline: 0 of 9 (2024); target: 9 of 9 by Dec 2027; source: plans\n"
                  "R2. Case files in the system. Target: 95%",
    "activities": "1.1 Design the matrix\n2.1 Build the system with the IT directorate",
    "risks": "Change of government after the 2028 elections: approve the matrix by resolution to reduce the risk.\n"
             "Assumption: the inspection law stays in force",
}


def build(answers=ANSWERS, language="en") -> docx.Document:
    draft = Draft(language, step=INTERVIEW.total, answers=dict(answers))
    return docx.Document(io.BytesIO(build_document(draft, INTERVIEW, Messages.load(), today=date(2026, 12, 4))))


def test_headings_are_in_the_officers_language_with_their_words_under_them():
    document = build()
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings[:3] == ["Title and donor", "Problem and justification", "Overall objective"]
    assert headings[-3:] == ["Logical framework", "Indicators: baseline, target and date", "What is still weak"]
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "Labour inspection based on risk"
    assert ANSWERS["problem"] in texts and "Donor: IDB" in texts
    spanish = build(language="es")
    assert "Problema y justificación" in [p.text for p in spanish.paragraphs]


def test_missing_components_are_marked_and_listed_as_weak():
    document = build()
    texts = [p.text for p in document.paragraphs]
    after_budget = texts[texts.index("Budget") + 1]
    assert after_budget == "(to be completed)"
    weak = [p.text for p in document.paragraphs if p.style.name == "List Bullet"]
    assert "Budget: no answer." in weak and "Sustainability: no answer." in weak
    assert "Title and donor: no answer." not in weak  # the title is optional
    assert any(w.startswith("Indicators: • Indicator 2") or w.startswith("Indicators: Indicator 2") for w in weak)


def test_the_logframe_and_indicator_tables():
    logframe, indicators = build().tables
    assert [c.text for c in logframe.rows[0].cells] == ["Level", "Narrative summary", "Indicators",
                                                       "Means of verification", "Assumptions"]
    assert [r.cells[0].text for r in logframe.rows[1:]] == ["Goal (overall objective)", "Purpose (specific objectives)",
                                                           "Result 1", "Result 2", "Activities"]
    assert logframe.rows[5].cells[1].text == "1.1 Design the matrix\n2.1 Build the system with the IT directorate"
    assert logframe.rows[2].cells[4].text == "the inspection law stays in force"
    assert [[c.text for c in r.cells] for r in indicators.rows[1:]] == [
        ["R1. Offices planning by risk", "0 of 9 (2024)", "9 of 9", "Dec 2027", "plans"],
        ["R2. Case files in the system", "—", "95%", "—", "—"],
    ]


def test_no_figure_appears_that_the_officer_did_not_write():
    document = build()
    written = set(re.findall(r"\d+", " ".join(ANSWERS.values())))
    paragraphs = [p.text for p in document.paragraphs]
    # The draft itself: after the title and the dated note, before the critic's advice on what is weak.
    shown = paragraphs[2: paragraphs.index("What is still weak")]
    shown += [c.text for t in document.tables for r in t.rows for c in r.cells[1:]]  # not the level names
    figures = set(re.findall(r"\d+", " ".join(shown)))
    assert figures <= written, figures - written


def test_text_pasted_from_a_word_processor_is_kept_with_its_line_breaks():
    pasted = {"problem": "Primera línea\x0bsegunda línea\r\ntercera\x07 línea", "goal": "Meta\x00 2030"}
    document = build(pasted, language="es")
    texts = [p.text for p in document.paragraphs]
    assert ["Primera línea", "segunda línea", "tercera línea"] == texts[texts.index("Problema y justificación") + 1:
                                                                        texts.index("Objetivo general")]
    assert "Meta 2030" in texts
