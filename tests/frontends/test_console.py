"""The console chat: what an officer types in a terminal and what they read back."""

from __future__ import annotations

from bot.console import run_console
from tests.support.telegram_harness import FakeCoach


def chat(lines: list[str], language: str | None = None) -> tuple[str, FakeCoach]:
    coach = FakeCoach()
    typed = iter(lines)
    out: list[str] = []

    def read(_prompt: str) -> str:
        try:
            return next(typed)
        except StopIteration:
            raise EOFError from None

    assert run_console(coach, language, read=read, write=out.append) == 0
    return "\n".join(map(str, out)), coach


def test_a_question_is_answered_with_its_sources_and_the_conversation_is_kept():
    text, coach = chat(["¿Qué es un marco lógico?", "¿y para el BID?", "/fuentes"])
    assert "Respuesta a" in text and "Fuentes" in text
    assert coach.asked[1]["history"] and coach.asked[1]["history"][0].question == "¿Qué es un marco lógico?"


def test_commands_answer_in_the_chosen_language():
    text, coach = chat(["/idioma en", "/reset", "/nada", "/salir", "never read"])
    assert "(language: en)" in text and "(conversation forgotten)" in text
    assert "Unknown command. /help lists the commands." in text
    assert not coach.asked  # /salir stopped before the last line


def test_a_pasted_section_is_reviewed_until_the_empty_line():
    text, coach = chat(["/crítica", "Objetivo general: reducir la informalidad.", "Meta: 10 % en 2027.", "", "/exit"])
    assert coach.critiqued and "reducir la informalidad" in coach.critiqued[0]["text"]
    assert "Meta: 10 % en 2027." in coach.critiqued[0]["text"]
    assert "Pegue la sección" in text


def test_an_unknown_donor_or_language_lists_the_choices():
    text, _ = chat(["/donante xyz", "/idioma de"])
    assert "Donantes: ilab, idb, aecid, canada, ilo, none" in text
    assert "Idiomas: es, en, pt, fr" in text
