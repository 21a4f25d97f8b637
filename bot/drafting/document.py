"""The .docx draft: the officer's own words under the standard headings, the logframe, the indicator table
and what is still weak. Built with python-docx; blocking (run it in a thread from the bot).

Every cell and paragraph holds text the officer wrote, a heading in their language, or a marker that
something is missing ("(por completar)", "—"): no figure is ever added.
"""

from __future__ import annotations

import io
from datetime import date

from docx import Document
from docx.shared import Pt

from bot.drafting.checks import weak_points
from bot.drafting.logframe import Indicator, Logframe, Row, build_logframe, items
from bot.drafting.session import Draft, clean
from bot.drafting.steps import Interview
from bot.messages import Messages

EMPTY_CELL = "—"
LOGFRAME_COLUMNS = ("level", "narrative", "indicators", "verification", "assumptions")
INDICATOR_COLUMNS = ("indicator", "baseline", "target", "date", "verification")


def weak_point_lines(draft: Draft, interview: Interview, messages: Messages) -> list[str]:
    """The critic's remaining issues per answered step, and the steps left without an answer (plain text)."""
    language = draft.language
    lines = []
    for step in interview.steps:
        heading = messages.plain(step.text_key("heading"), language)
        answer = draft.answers.get(step.id, "").strip()
        if not answer:
            if not step.optional:
                lines.append(messages.plain("drafting.document.unanswered", language, heading=heading))
            continue
        for issue in weak_points(step, answer, language):
            text = messages.plain(issue.key, language, **issue.values).lstrip("• ")
            lines.append(f"{heading}: {text}")
    return lines


def build_document(draft: Draft, interview: Interview, messages: Messages, *, today: date | None = None,
                   polished: dict[str, str] | None = None) -> bytes:
    """The draft as .docx bytes; ``polished`` (bot/drafting/polish.py) replaces the prose under the headings."""
    language = draft.language
    draft = Draft(language, draft.step, {k: clean(v) for k, v in draft.answers.items()})  # also --answers files
    polished = {k: clean(v) for k, v in polished.items()} if polished else None

    def say(key: str, **values) -> str:
        return messages.plain(f"drafting.document.{key}", language, **values)

    document = Document()
    title_lines = items(draft.answers.get("title", ""))
    document.add_heading(title_lines[0] if title_lines else say("title"), 0)
    note = document.add_paragraph().add_run(say("generated", date=(today or date.today()).isoformat()))
    note.italic = True
    note.font.size = Pt(9)
    prose = dict(draft.answers)
    if polished and any(polished.get(k, "").strip() != v.strip() for k, v in draft.answers.items()):
        prose.update(polished)
        remark = document.add_paragraph().add_run(say("polished"))
        remark.italic = True
        remark.font.size = Pt(9)

    for step in interview.steps:
        document.add_heading(messages.plain(step.text_key("heading"), language), 1)
        answer = prose.get(step.id, "").strip()
        if not answer:
            document.add_paragraph().add_run(say("to_complete")).italic = True
            continue
        for line in answer.splitlines():
            if line.strip():
                document.add_paragraph(line.strip())

    logframe = build_logframe(draft.answers, interview)
    document.add_heading(say("logframe"), 1)
    _logframe_table(document, logframe, say)
    document.add_heading(say("indicator_table"), 1)
    _indicator_table(document, logframe.indicators, say)

    document.add_heading(say("weak_points"), 1)
    weak = weak_point_lines(draft, interview, messages)
    for line in weak or [say("no_weak_points")]:
        document.add_paragraph(line, style="List Bullet")

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _table(document, header: list[str], rows: list[list[str]]):
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    for values in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, values):
            cell.text = text or EMPTY_CELL
    return table


def _logframe_table(document, logframe: Logframe, say) -> None:
    header = [say(column) for column in LOGFRAME_COLUMNS]
    rows = [[_level_name(row, say), "\n".join(row.narrative) or say("to_complete"),
             "\n".join(i.text for i in row.indicators),
             "\n".join(i.verification for i in row.indicators if i.verification),
             "\n".join(row.assumptions)]
            for row in logframe.rows]
    _table(document, header, rows)


def _level_name(row: Row, say) -> str:
    if row.level == "result":
        return say("result", number=row.number)
    return say(row.level)


def _indicator_table(document, indicators: list[Indicator], say) -> None:
    header = [say(column) for column in INDICATOR_COLUMNS]
    rows = [[i.name, i.baseline, i.target, i.date, i.verification] for i in indicators]
    if not rows:
        rows = [[say("to_complete"), "", "", "", ""]]
    _table(document, header, rows)
