"""The `coach` command: ingest, ask, critique, chat, draft, serve, run, eval, feedback.

Each subcommand only assembles pieces that live in their own modules.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

from bot.config import Config, ConfigError, load_config, secret
from bot.critique.rubric import SECTION_TYPES
from bot.vocabulary import DONORS, LANGUAGES, TEXT_SUFFIXES

log = logging.getLogger("coach")


def _open_coach(config: Config, warm: bool = True):
    from bot.coach import Coach

    return Coach.open(config, warm=warm)


def _ensure_index(coach, quiet: bool = False) -> None:
    """Ingest when the index is missing or stale (a no-op in about a second otherwise)."""
    summary = coach.ingest(progress=None if quiet else _progress_printer())
    if summary.switched:
        print(_summary_line(summary), file=sys.stderr)


def _progress_printer():
    """A tqdm bar per stage on a terminal; plain log lines otherwise."""
    if not sys.stderr.isatty():
        last: dict[str, int] = {}

        def log_line(event) -> None:
            if event.stage == "done":
                return
            step = max(1, event.total // 10) if event.total else 1
            if event.stage not in last or event.done - last[event.stage] >= step or event.done == event.total:
                last[event.stage] = event.done
                print(f"ingest: {event.stage} {event.done}/{event.total}", file=sys.stderr, flush=True)

        return log_line
    from tqdm import tqdm

    bars: dict[str, tqdm] = {}

    def show(event) -> None:
        if event.stage == "done":
            for bar in bars.values():
                bar.close()
            return
        bar = bars.get(event.stage)
        if bar is None:
            bar = bars[event.stage] = tqdm(total=event.total, desc=event.stage, unit="item", file=sys.stderr)
        bar.n = event.done
        bar.refresh()

    return show


def _summary_line(summary) -> str:
    skipped = "; ".join(f"{name} ({why})" for name, why in summary.skipped.items())
    return (
        f"ingest: {len(summary.added)} added, {len(summary.changed)} changed, {len(summary.removed)} removed, "
        f"{summary.unchanged} unchanged, {len(summary.skipped)} skipped{': ' + skipped if skipped else ''}; "
        f"{summary.chunks} chunks ({summary.embedded} embedded) in {summary.seconds:.1f} s"
    ) + (f"\ndonor documents not checked against their sources in the last 12 months: {', '.join(summary.stale)}"
         if summary.stale else "")


# --- subcommands --------------------------------------------------------------------


def cmd_ingest(args, config: Config) -> int:
    from bot.index.ingestion import ingest

    summary = ingest(config, rebuild=args.rebuild, progress=None if args.json else _progress_printer())
    print(json.dumps(summary.to_json(), ensure_ascii=False) if args.json else _summary_line(summary))
    return 0


def cmd_ask(args, config: Config) -> int:
    from bot.report import answer_text

    coach = _open_coach(config)
    try:
        _ensure_index(coach, quiet=True)
        questions = sys.stdin if args.question == "-" else [args.question]
        for line in questions:
            question = line.strip()
            if not question:
                continue
            if len(question) > config.limits.max_question_chars:
                error = {"question": question[:80], "error": f"longer than {config.limits.max_question_chars} characters"}
                print(json.dumps(error, ensure_ascii=False) if args.json else error["error"], flush=True)
                continue
            answer = coach.ask(question, language=args.lang, donor=args.donor)
            if args.json:
                print(json.dumps(answer.to_json(), ensure_ascii=False), flush=True)
            else:
                print(answer_text(answer), flush=True)
    finally:
        coach.close()
    return 0


def cmd_critique(args, config: Config) -> int:
    from bot.index.reading import UnreadableFile
    from bot.report import critique_text, document_critique_text, terminal_messages

    if args.annotate and (len(args.files) != 1 or args.files[0] == "-"):
        print("--annotate takes exactly one draft file", file=sys.stderr)
        return 2
    coach = _open_coach(config)
    status = 0
    try:
        _ensure_index(coach, quiet=True)
        for name in args.files:
            try:
                if name == "-":
                    result = coach.critique(sys.stdin.read(), language=args.lang, donor=args.donor,
                                            section_type=args.type)
                else:
                    path = Path(name)
                    # A draft to annotate is always read as a document (its paragraphs carry the comments).
                    as_text = (path.suffix.lower() in TEXT_SUFFIXES and path.stat().st_size < 200_000
                               and not args.annotate)
                    text = path.read_text(encoding="utf-8", errors="replace") if as_text else ""
                    if as_text and (args.type or not _has_headings(text)):
                        result = coach.critique(text, language=args.lang, donor=args.donor, section_type=args.type)
                    else:
                        result = coach.critique_file(path, filename=path.name, language=args.lang, donor=args.donor)
                    if args.annotate:
                        _annotate(coach, path, result, Path(args.annotate), terminal_messages())
            except (UnreadableFile, ValueError, OSError) as exc:
                status = 1
                message = {"file": name, "error": str(exc)}
                print(json.dumps(message, ensure_ascii=False) if args.json else f"{name}: {exc}", flush=True)
                continue
            if args.json:
                print(json.dumps(result.to_json(), ensure_ascii=False), flush=True)
            elif hasattr(result, "sections"):
                print(document_critique_text(result), flush=True)
            else:
                print(critique_text(result), flush=True)
    finally:
        coach.close()
    return status


def _annotate(coach, path: Path, report, target: Path, messages) -> None:
    """The draft back with comments in the margin; a PDF or text draft gets a note instead."""
    if path.suffix.lower() != ".docx":
        print(messages.plain("terminal.annotate_needs_docx", report.language, name=path.name), file=sys.stderr)
        return
    count = coach.annotate_file(path, report, target, filename=path.name)
    print(messages.plain("terminal.annotated", report.language, path=target, count=count), file=sys.stderr)


def _has_headings(text: str) -> bool:
    return sum(1 for line in text.splitlines() if line.lstrip().startswith("#")) >= 2


def cmd_chat(args, config: Config) -> int:
    from bot.console import run_console

    coach = _open_coach(config)
    try:
        _ensure_index(coach)
        return run_console(coach, language=args.lang)
    finally:
        coach.close()


def cmd_draft(args, config: Config) -> int:
    """The guided draft in the terminal, or the .docx straight from saved answers (--answers FILE.json).

    Needs no index: the checks are the critic's offline rules and the examples are read from knowledge/.
    """
    from bot.console import run_draft
    from bot.llm import build_chat_model

    chat_model = build_chat_model(config.llm)  # None unless [llm] is configured: then the prose is polished
    if args.answers is None:
        path = run_draft(input, print, language=args.lang or "es", knowledge_dir=config.knowledge_dir,
                         limit=config.limits.max_draft_answer_chars, out=Path(args.out) if args.out else None,
                         chat_model=chat_model, timeout=config.llm.timeout_seconds)
        return 0 if path else 1
    try:
        draft = _draft_from_file(Path(args.answers), args.lang, config.limits.max_draft_answer_chars)
    except (OSError, ValueError) as exc:
        print(f"{args.answers}: {exc}", file=sys.stderr)
        return 2
    from bot.drafting import load_interview
    from bot.drafting.document import build_document
    from bot.report import terminal_messages

    from bot.drafting.polish import polish_answers

    interview, messages = load_interview(), terminal_messages()
    polished = (polish_answers(draft.answers, interview, messages, draft.language, chat_model,
                               config.llm.timeout_seconds) if chat_model else None)
    out = Path(args.out or Path(args.answers).with_suffix(".docx").name)
    out.write_bytes(build_document(draft, interview, messages, polished=polished))
    print(f"draft: {out}", file=sys.stderr)
    return 0


def _draft_from_file(path: Path, language: str | None, limit: int):
    """A finished Draft from {"language": "es", "answers": {"problem": "…", …}} (or the answers alone)."""
    from bot.drafting import Draft, load_interview

    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ValueError("expected a JSON object of answers by step id")
    answers = data.get("answers", data) if isinstance(data.get("answers"), dict) else data
    answers = {k: v for k, v in answers.items() if k != "language"}
    interview = load_interview()
    known = [s.id for s in interview.steps]
    unknown = sorted(set(answers) - set(known))
    if unknown:
        raise ValueError(f"unknown steps {unknown} (the steps are {known})")
    if not all(isinstance(v, str) for v in answers.values()):
        raise ValueError("every answer must be a string (several lines: one string with \\n)")
    language = language or data.get("language") or "es"
    if language not in LANGUAGES:
        raise ValueError(f"language {language!r} is not one of {LANGUAGES}")
    return Draft(language, step=interview.total, answers={k: v.strip()[:limit] for k, v in answers.items()})


def cmd_serve(args, config: Config) -> int:
    from bot.telegram.app import run

    if not secret("TELEGRAM_BOT_TOKEN"):
        print("TELEGRAM_BOT_TOKEN is not set: see README, 'Telegram set-up'.", file=sys.stderr)
        return 2
    run(config)
    return 0


def cmd_run(args, config: Config) -> int:
    """`make run`: index if needed, then the bot with a token, else the console chat."""
    if secret("TELEGRAM_BOT_TOKEN"):
        coach = _open_coach(config, warm=False)
        try:
            _ensure_index(coach)
        finally:
            coach.close()
        return cmd_serve(args, config)
    print("TELEGRAM_BOT_TOKEN is not set: starting the console chat (Ctrl-D to leave).", file=sys.stderr)
    return cmd_chat(args, config)


def cmd_eval(args, config: Config) -> int:
    coach = _open_coach(config)
    try:
        _ensure_index(coach, quiet=True)
        report = coach.evaluate(Path(args.questions) if args.questions else None)
    finally:
        coach.close()
    data = report.to_json()
    if args.json:
        print(json.dumps(data, ensure_ascii=False))
    else:
        print(f"questions {data['questions']}  hit@5 {data['hit@5']:.3f}  MRR {data['mrr']:.3f}  "
              f"abstention {data['abstention']:.3f}  answered {data['answered']:.3f}")
        for language, values in data["by_language"].items():
            print(f"  {language}: hit@5 {values['hit@5']:.3f}  MRR {values['mrr']:.3f}")
        if data["misses"]:
            print("  misses: " + ", ".join(data["misses"]))
    return 0


def cmd_feedback_export(args, config: Config) -> int:
    """👎 answers and abstained questions as a question set for an admin to review."""
    from bot.feedback import export_feedback, export_to_path
    from bot.state import State

    if args.out and args.out != "-":
        count = export_to_path(config.data_dir, Path(args.out))
        print(f"feedback: {count} questions to review written to {args.out}", file=sys.stderr)
        return 0
    state = State.open(config.data_dir, retention_days=0)
    try:
        count = export_feedback(state, sys.stdout)
    finally:
        state.close()
    print(f"feedback: {count} questions to review", file=sys.stderr)
    return 0


# --- parser -----------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    # Global options are accepted before or after the subcommand.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--config", default=argparse.SUPPRESS, help="settings file (default: COACH_CONFIG or ./config.toml)")
    common.add_argument("-v", "--verbose", action="store_true", default=argparse.SUPPRESS, help="log more")
    parser = argparse.ArgumentParser(prog="coach", description="Proposal coach for Ministries of Labour.", parents=[common])
    subparsers = parser.add_subparsers(dest="command", required=True)

    class _Commands:
        @staticmethod
        def add_parser(name: str, **kwargs):
            return subparsers.add_parser(name, parents=[common], **kwargs)

    commands = _Commands()

    ingest = commands.add_parser("ingest", help="index knowledge/ (only what changed)")
    ingest.add_argument("--rebuild", action="store_true", help="re-embed everything into a new index")
    ingest.add_argument("--json", action="store_true", help="print the summary as one JSON object")
    ingest.set_defaults(func=cmd_ingest)

    ask = commands.add_parser("ask", help="answer a question ('-' reads one per line from stdin)")
    ask.add_argument("question")
    ask.add_argument("--lang", choices=LANGUAGES, help="reply language (default: detected)")
    ask.add_argument("--donor", choices=DONORS, help="donor lens")
    ask.add_argument("--json", action="store_true", help="one JSON object per answer")
    ask.set_defaults(func=cmd_ask)

    critique = commands.add_parser("critique", help="review proposal sections or whole drafts")
    critique.add_argument("files", nargs="+", help="files (.txt .md .docx .pdf) or '-' for stdin")
    critique.add_argument("--lang", choices=LANGUAGES)
    critique.add_argument("--donor", choices=DONORS)
    critique.add_argument("--json", action="store_true")
    critique.add_argument("--type", choices=SECTION_TYPES,
                          help="the section type to review a pasted text as (instead of the one detected)")
    critique.add_argument("--annotate", metavar="OUT.docx",
                          help="write the .docx draft with each finding as a Word comment in the margin")
    critique.set_defaults(func=cmd_critique)

    chat = commands.add_parser("chat", help="a conversation in the terminal")
    chat.add_argument("--lang", choices=LANGUAGES)
    chat.set_defaults(func=cmd_chat)

    draft = commands.add_parser("draft", help="guided drafting: the interview, then a .docx with its logframe")
    draft.add_argument("--answers", metavar="FILE.json", help="build the .docx from saved answers, without the interview")
    draft.add_argument("--out", metavar="FILE.docx", help="where to write the draft (default: a new file here)")
    draft.add_argument("--lang", choices=LANGUAGES, help="language of the questions and headings (default: es)")
    draft.set_defaults(func=cmd_draft)

    commands.add_parser("serve", help="run the Telegram bot").set_defaults(func=cmd_serve)
    run = commands.add_parser("run", help="index if needed, then the bot (with a token) or the console")
    run.add_argument("--lang", choices=LANGUAGES)
    run.set_defaults(func=cmd_run)

    evaluation = commands.add_parser("eval", help="retrieval quality on a question set")
    evaluation.add_argument("--questions", help="question set (default: [evaluation] questions)")
    evaluation.add_argument("--json", action="store_true")
    evaluation.set_defaults(func=cmd_eval)

    feedback = commands.add_parser("feedback", help="the feedback loop: questions to add to the evaluation set")
    feedback_commands = feedback.add_subparsers(dest="feedback_command", required=True)
    export = feedback_commands.add_parser(
        "export", parents=[common], help="👎 answers and abstained questions as JSON lines to review")
    export.add_argument("--out", help="file to write (default: standard output)")
    export.set_defaults(func=cmd_feedback_export)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    args.config = getattr(args, "config", None)
    args.verbose = getattr(args, "verbose", False)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    try:
        config = load_config(args.config)
        return args.func(args, config)
    except ConfigError as exc:
        print(f"configuration error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a clear line for the operator; the trace with -v
        from bot.answers.search import IndexNotReady
        from bot.index.store import StoreError

        if isinstance(exc, (StoreError, IndexNotReady)):
            print(f"error: {exc}", file=sys.stderr)
            return 1
        log.error("failed: %s", exc, exc_info=args.verbose)
        print(f"error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
