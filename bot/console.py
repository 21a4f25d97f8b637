"""The console chat: the same conversation as the Telegram bot, in a terminal."""

from __future__ import annotations

from collections.abc import Callable

from bot.commands import command_of
from bot.models import Turn
from bot.report import answer_text, critique_text, terminal_messages
from bot.vocabulary import DEFAULT_LANGUAGE, DONORS, LANGUAGES, CoachAPI


def run_console(coach: CoachAPI, language: str | None = None, read: Callable[[str], str] = input, write=print) -> int:
    """Read questions until EOF or /salir; returns the exit status."""
    messages = terminal_messages()
    history: list[Turn] = []
    last_answer = None
    donor: str | None = None

    def say(key: str, **values) -> str:
        return messages.plain(f"terminal.{key}", language or DEFAULT_LANGUAGE, **values)

    write(say("help"))
    while True:
        try:
            line = read("\n> ").strip()
        except EOFError:
            write("")
            return 0
        if not line:
            continue
        command = command_of(line)
        rest = line.partition(" ")[2].strip()
        if command == "exit":
            return 0
        if command in ("help", "start"):
            write(say("help"))
        elif command == "reset":
            history.clear()
            last_answer = None
            write(say("forgotten"))
        elif command == "lang":
            if rest.lower() in LANGUAGES:
                language = rest.lower()
                write(say("language_set", language=language))
            else:
                write(say("languages", languages=", ".join(LANGUAGES)))
        elif command == "donor":
            choice = rest.lower()
            if choice in DONORS or choice == "none":
                donor = None if choice == "none" else choice
                write(say("donor_set", donor=donor or say("no_donor")))
            else:
                write(say("donors", donors=", ".join((*DONORS, "none"))))
        elif command == "sources":
            if last_answer is None or not last_answer.sources:
                write(say("no_sources"))
            for number, passage in enumerate(last_answer.sources if last_answer else (), start=1):
                write(f"[{number}] {passage.citation}\n{passage.text}\n")
        elif command == "critique":
            text = rest or _read_block(read, write, say("paste"))
            if text:
                try:
                    write(critique_text(coach.critique(text, language=language, donor=donor)))
                except ValueError as exc:
                    write(say("not_reviewed", detail=exc))
        elif line.startswith("/"):
            write(say("unknown_command"))
        else:
            answer = coach.ask(line, history=history[-coach.config.limits.history_turns:], language=language, donor=donor)
            last_answer = answer
            history.append(Turn(line, answer.text))
            write(answer_text(answer))


def _read_block(read, write, prompt: str) -> str:
    write(prompt)
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
