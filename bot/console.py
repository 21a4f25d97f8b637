"""The console chat: the same conversation as the Telegram bot, in a terminal."""

from __future__ import annotations

import sys
from collections.abc import Callable

from bot.models import Turn
from bot.vocabulary import DONORS, LANGUAGES
from bot.report import answer_text, critique_text

HELP = """Escriba una pregunta (o en English, Português, Français). Comandos:
  /critica     pegar una sección de propuesta; termine con una línea vacía
  /fuentes     los pasajes detrás de la última respuesta
  /idioma xx   es, en, pt o fr    /donante x   ilab, idb, aecid, canada, ilo o none
  /reset       olvidar la conversación     /salir   terminar (o Ctrl-D)"""


def run_console(coach, language: str | None = None, read: Callable[[str], str] = input, write=print) -> int:
    """Read questions until EOF or /salir; returns the exit status."""
    history: list[Turn] = []
    last_answer = None
    donor: str | None = None
    write(HELP)
    while True:
        try:
            line = read("\n> ").strip()
        except EOFError:
            write("")
            return 0
        if not line:
            continue
        command, _, rest = line.partition(" ")
        command = command.lower()
        if command in ("/salir", "/exit", "/quit", "/sair", "/quitter"):
            return 0
        if command in ("/help", "/ayuda", "/start"):
            write(HELP)
        elif command in ("/reset",):
            history.clear()
            last_answer = None
            write("(conversación olvidada)")
        elif command in ("/idioma", "/lang"):
            choice = rest.strip().lower()
            if choice in LANGUAGES:
                language = choice
                write(f"(idioma: {language})")
            else:
                write("Idiomas: es, en, pt, fr")
        elif command in ("/donante", "/donor"):
            choice = rest.strip().lower()
            if choice in DONORS or choice == "none":
                donor = None if choice == "none" else choice
                write(f"(donante: {donor or 'ninguno'})")
            else:
                write("Donantes: " + ", ".join(DONORS) + ", none")
        elif command in ("/fuentes", "/sources", "/fontes"):
            if last_answer is None or not last_answer.sources:
                write("(todavía no hay fuentes)")
            for number, passage in enumerate(last_answer.sources if last_answer else (), start=1):
                write(f"[{number}] {passage.citation}\n{passage.text}\n")
        elif command in ("/critica", "/critique", "/crítica"):
            text = rest.strip() or _read_block(read, write)
            if text:
                try:
                    write(critique_text(coach.critique(text, language=language, donor=donor)))
                except ValueError as exc:
                    write(f"(no se pudo revisar: {exc})")
        elif command.startswith("/"):
            write("Comando desconocido. /help muestra los comandos.")
        else:
            answer = coach.ask(line, history=history[-coach.config.limits.history_turns:], language=language, donor=donor)
            last_answer = answer
            history.append(Turn(line, answer.text))
            write(answer_text(answer))


def _read_block(read, write) -> str:
    write("Pegue la sección y termine con una línea vacía:")
    lines = []
    while True:
        try:
            line = read("")
        except EOFError:
            break
        if not line.strip():
            break
        lines.append(line)
    return "\n".join(lines)


if __name__ == "__main__":  # pragma: no cover
    sys.exit("use: coach chat")
