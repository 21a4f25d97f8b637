"""The interview's state machine: answers, improvements, going back, skipping, storage — nothing typed is lost."""

from __future__ import annotations

from bot.drafting.checks import check_answer
from bot.drafting.session import Check, Draft, Issue
from bot.drafting.steps import load_interview

INTERVIEW = load_interview()
LIMIT = 3000


def weak_until(word: str):
    """A scripted checker: an answer is weak until it contains ``word``; "hola" is no answer."""
    def check(step, text, language):
        if text.strip() in ("", "hola"):
            return Check(False)
        return Check(True) if word in text else Check(True, (Issue("drafting.issue", {"reason": "r", "suggestion": "s"}),))
    return check


def test_a_good_answer_is_saved_and_the_next_step_asked():
    draft = Draft("es")
    outcome = draft.answer("  Mi título  ", INTERVIEW, weak_until(""), limit=LIMIT)
    assert outcome.kind == "saved" and draft.step == 1
    assert draft.answers == {"title": "Mi título"}


def test_a_non_answer_is_not_stored_and_the_step_stays():
    draft = Draft("es", step=1)
    assert draft.answer("hola", INTERVIEW, weak_until(""), limit=LIMIT).kind == "not_an_answer"
    assert draft.answers == {} and draft.step == 1


def test_a_weak_answer_waits_then_an_addition_is_added_and_a_rewrite_replaces():
    draft = Draft("es", step=1)
    first = draft.answer("Los inspectores eligen visitas por denuncias", INTERVIEW, weak_until("fuente"), limit=LIMIT)
    assert first.kind == "needs_work" and draft.waiting and draft.step == 1
    added = draft.answer("Datos de 2024 según el registro", INTERVIEW, weak_until("zzz"), limit=LIMIT)
    assert added.merged == "added"
    assert draft.answers["problem"] == "Los inspectores eligen visitas por denuncias\nDatos de 2024 según el registro"
    rewrite = draft.answer("Los inspectores eligen visitas por denuncias y datos de 2024 según el registro (fuente: SIT)",
                           INTERVIEW, weak_until("fuente"), limit=LIMIT)
    assert rewrite.kind == "saved" and rewrite.merged == "replaced" and draft.step == 2
    assert draft.answers["problem"].endswith("(fuente: SIT)")


def test_a_greeting_while_waiting_is_not_added_to_the_stored_answer():
    draft = Draft("es", step=1)
    draft.answer("Los inspectores eligen visitas por denuncias", INTERVIEW, weak_until("fuente"), limit=LIMIT)
    assert draft.answer("hola", INTERVIEW, weak_until("fuente"), limit=LIMIT).kind == "not_an_answer"
    assert draft.answers["problem"] == "Los inspectores eligen visitas por denuncias"


def test_a_long_answer_is_cut_to_the_limit_and_says_from_how_long():
    draft = Draft("es")
    outcome = draft.answer("palabra " * 100, INTERVIEW, weak_until(""), limit=120)
    assert outcome.cut_from == len(("palabra " * 100).strip()) and len(draft.answers["title"]) <= 120


def test_back_skip_and_keep_never_delete_an_answer():
    draft = Draft("es")
    for text in ("Título", "Problema con datos"):
        draft.answer(text, INTERVIEW, weak_until(""), limit=LIMIT)
    assert draft.back().kind == "moved" and draft.step == 1
    assert draft.back().kind == "moved" and draft.step == 0
    assert draft.back().kind == "at_first_step"
    draft.skip(INTERVIEW)
    draft.keep(INTERVIEW)
    assert draft.step == 2 and draft.answers == {"title": "Título", "problem": "Problema con datos"}
    draft.back()
    draft.answer("Problema nuevo", INTERVIEW, weak_until(""), limit=LIMIT)  # after /atras: a new answer replaces
    assert draft.answers["problem"] == "Problema nuevo"


def test_the_draft_round_trips_through_json_and_tolerates_a_changed_interview():
    draft = Draft("pt", step=3, answers={"title": "T", "goal": "G"}, waiting=True)
    assert Draft.from_json(draft.to_json(), INTERVIEW) == draft
    old = {"language": "es", "step": 99, "answers": {"title": "T", "annexes": "gone"}, "waiting": True}
    restored = Draft.from_json(old, INTERVIEW)
    assert restored.answers == {"title": "T"} and restored.finished(INTERVIEW) and not restored.waiting


def test_the_real_checker_reads_the_critic():
    draft = Draft("es", step=INTERVIEW.index("indicators"))
    outcome = draft.answer("R1. Oficinas con plan. Meta: 9 de 9 a dic. 2027; fuente: planes anuales",
                           INTERVIEW, check_answer, limit=LIMIT)
    assert outcome.kind == "needs_work"
    assert outcome.issues[0].values["missing"] == "la línea de base"


def test_line_breaks_from_a_word_processor_are_stored_as_newlines():
    draft = Draft("es")
    draft.answer("Título\x0bsubtítulo\x00", INTERVIEW, weak_until(""), limit=LIMIT)
    assert draft.answers["title"] == "Título\nsubtítulo"
