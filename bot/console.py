"""The console chat: the same conversation as the Telegram bot, in a terminal; and the guided draft."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from bot.commands import command_of
from bot.drafting import Draft, load_interview, render
from bot.drafting.checks import check_answer
from bot.drafting.document import build_document
from bot.drafting.examples import example_for
from bot.drafting.polish import polish_answers
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
        elif command == "draft":
            run_draft(read, write, language=language or DEFAULT_LANGUAGE, knowledge_dir=coach.config.knowledge_dir,
                      limit=coach.config.limits.max_draft_answer_chars,
                      chat_model=getattr(coach, "chat_model", None), timeout=coach.config.llm.timeout_seconds)
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


def run_draft(read: Callable[[str], str], write, *, language: str, knowledge_dir: Path, limit: int,
              out: Path | None = None, chat_model: object | None = None, timeout: float = 30.0) -> Path | None:
    """The guided draft in a terminal: one answer a block (ended by an empty line), the draft's commands on a
    line of their own. Writes the .docx (to ``out``, or a new file in the current folder) and returns its
    path; None when cancelled or nothing was answered. End of input finishes the draft like /listo. With a
    ``chat_model`` the prose is polished (bot/drafting/polish.py)."""
    messages = terminal_messages()
    interview = load_interview()
    draft = Draft(language)

    def say(key: str, **values) -> str:
        return messages.plain(f"drafting.{key}", language, **values)

    write(say("intro", total=interview.total) + "\n" + say("commands"))
    while not draft.finished(interview):
        step = draft.current(interview)
        example = example_for(step, language, knowledge_dir, interview)
        write("\n" + render.question(draft, interview, messages, example, html=False))
        write(say("terminal_answer"))
        text, ended = _read_answer(read)
        command = command_of(text) if "\n" not in text else None
        if ended and not text:
            break
        if command == "cancel":
            write(say("terminal_cancelled"))
            return None
        if command == "done":
            break
        if command == "back":
            if draft.back().kind == "at_first_step":
                write(say("at_first_step"))
        elif command in ("skip", "continue"):
            draft.skip(interview)
        elif text.startswith("/") and "\n" not in text:
            write(say("unknown_command") + "\n" + say("commands"))
        else:
            outcome = draft.answer(text, interview, check_answer, limit=limit)
            write(render.outcome(draft, interview, outcome, messages, limit=limit, html=False))
        if ended:
            break
    if not draft.answered():
        write(say("nothing_written_end"))
        return None
    path = out or _new_file(Path.cwd(), f"{say('file_stem')}-{date.today().isoformat()}")
    polished = polish_answers(draft.answers, interview, messages, language, chat_model, timeout) if chat_model else None
    path.write_bytes(build_document(draft, interview, messages, polished=polished))
    write(say("terminal_saved", path=path))
    return path


def _read_answer(read: Callable[[str], str]) -> tuple[str, bool]:
    """Lines up to an empty one; (text, whether the input ended)."""
    lines = []
    while True:
        try:
            line = read("")
        except EOFError:
            return "\n".join(lines).strip(), True
        if not line.strip():
            return "\n".join(lines).strip(), False
        lines.append(line.rstrip())


def _new_file(folder: Path, stem: str) -> Path:
    """folder/stem.docx, or stem-2.docx… when it exists: an earlier draft is never overwritten."""
    path, number = folder / f"{stem}.docx", 1
    while path.exists():
        number += 1
        path = folder / f"{stem}-{number}.docx"
    return path
