"""Rendering and the 4096-character splitter."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.support.fake_bot_api import check_html

from bot.messages import Messages
from bot.models import Answer, Critique, DocumentCritique, Finding, Passage
from bot.telegram.formatting import (
    escape, render_answer, render_critique, render_document_critique, split_html, strip_html,
)

MESSAGES = Messages.load()
NASTY = 'a <b>bold</b> & "quoted" </i> &amp; <script>x</script>'


def test_escape_covers_tags_entities_and_quotes():
    assert escape(NASTY) == ("a &lt;b&gt;bold&lt;/b&gt; &amp; &quot;quoted&quot; &lt;/i&gt; &amp;amp; "
                             "&lt;script&gt;x&lt;/script&gt;")
    assert strip_html(escape(NASTY)) == NASTY


def test_answer_escapes_text_and_citations():
    passage = Passage(id="1", text="t", title="Guía <AECID>", section="Presupuesto & costos", source="s",
                      language="es")
    html = render_answer(Answer("q", "es", NASTY, False, "extractive", (passage,)), MESSAGES, "es")
    assert check_html(html).startswith(NASTY)
    assert "Guía <AECID> › Presupuesto & costos" in check_html(html)


def test_abstained_answer_without_text_says_so():
    html = render_answer(Answer("q", "en", "", True, "extractive"), MESSAGES, "en")
    assert "did not find enough information" in html


def test_critique_and_document_render_valid_html():
    finding = Finding("Criterio <1>", "missing", NASTY, NASTY)
    critique = Critique("budget", "es", (finding,), (NASTY,), "offline", title="Presupuesto <v2>")
    html = render_document_critique(DocumentCritique("a<b>.docx", "es", (critique,), "offline"), MESSAGES, "es")
    visible = check_html(html)
    assert "a<b>.docx" in visible and "Presupuesto <v2>: ✅ 0 · ⚠️ 0 · ❌ 1" in visible
    assert visible.count(NASTY) == 3
    assert "Criterio <1>" in check_html(render_critique(critique, MESSAGES, "fr"))


def test_short_text_is_one_part():
    assert split_html("<b>hola</b>") == ["<b>hola</b>"]


def test_split_prefers_paragraphs():
    paragraph = "x" * 3000
    parts = split_html(f"{paragraph}\n\n{paragraph}\n\n{paragraph}")
    assert [strip_html(p).strip() for p in parts] == [paragraph] * 3


def test_split_reopens_tags_across_parts():
    text = "<b>" + "palabra " * 1000 + "</b>"
    parts = split_html(text)
    assert len(parts) == 2
    assert all(p.startswith("<b>") and p.endswith("</b>") for p in parts)
    for part in parts:
        check_html(part)


def test_split_never_cuts_entities():
    text = "&amp;" * 2000  # 10,000 characters of one entity repeated
    parts = split_html(text)
    assert all(len(p) <= 4096 and re.fullmatch(r"(&amp;)+", p) for p in parts)
    assert "".join(parts) == text


# Text drawn from characters that stress the splitter: spaces, newlines, sentence ends, HTML specials.
_words = st.text(alphabet=st.sampled_from(list("abcñé <>&\"'.!?\n ")), min_size=0, max_size=300)


@st.composite
def telegram_html(draw) -> str:
    pieces = []
    for _ in range(draw(st.integers(1, 40))):
        text = escape(draw(_words))
        wrap = draw(st.sampled_from(["", "b", "i", "a", "nested"]))
        if wrap == "a":
            text = f'<a href="https://example.org/?q={draw(st.integers(0, 99))}">{text}</a>'
        elif wrap == "nested":
            text = f"<b>x<i>{text}</i>y</b>"
        elif wrap:
            text = f"<{wrap}>{text}</{wrap}>"
        pieces.append(text)
        pieces.append(draw(st.sampled_from(["", " ", "\n", "\n\n", ". "])))
    return "".join(pieces)


@settings(max_examples=150, deadline=None)
@given(telegram_html(), st.integers(min_value=60, max_value=4096))
def test_split_properties(html, limit):
    parts = split_html(html, limit)
    for part in parts:
        assert len(part) <= limit  # never over the limit
        check_html(part)  # never a broken tag or entity, tags balanced in every part
    assert "".join(strip_html(p) for p in parts) == strip_html(html)  # all text preserved, in order


@settings(max_examples=30, deadline=None)
@given(st.integers(min_value=5000, max_value=30000))
def test_split_long_plain_text(size):
    text = escape(("Frase con <signos> & más. " * (size // 20 + 1))[:size])
    parts = split_html(text)
    assert all(len(p) <= 4096 for p in parts)
    assert "".join(parts) == text
