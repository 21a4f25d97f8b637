"""The interview's sentences, composed once for every front end from prompts/messages/ ([drafting]).

``html=True`` for Telegram (values escaped by ``Messages.text``), ``False`` for the terminal (``plain``).
"""

from __future__ import annotations

from bot.drafting.examples import Example
from bot.drafting.session import Draft, Outcome
from bot.drafting.steps import Interview
from bot.messages import Messages


def question(draft: Draft, interview: Interview, messages: Messages, example: Example | None, *, html: bool) -> str:
    """Progress, the question, its hint, an example from the knowledge base, the answer kept for the step."""
    step = draft.current(interview)
    if step is None:
        return ""
    say = messages.text if html else messages.plain
    language = draft.language
    parts = [
        say("drafting.progress", language, number=draft.step + 1, total=interview.total,
            heading=messages.plain(step.text_key("heading"), language)),
        say(step.text_key("question"), language),
        hint(draft, interview, messages, html=html),
    ]
    if example is not None:
        parts.append(say("drafting.example", language, citation=example.citation, excerpt=example.excerpt))
    stored = draft.answers.get(step.id)
    if stored:
        parts.append(say("drafting.previous_answer", language, answer=stored))
    return "\n\n".join(parts)


def hint(draft: Draft, interview: Interview, messages: Messages, *, html: bool) -> str:
    step = draft.current(interview)
    say = messages.text if html else messages.plain
    return say("drafting.hint", draft.language, hint=messages.plain(step.text_key("hint"), draft.language))


def outcome(draft: Draft, interview: Interview, result: Outcome, messages: Messages, *, limit: int,
            html: bool) -> str:
    """What became of an answer: cut, added or replaced, the critic's issues, or saved."""
    say = messages.text if html else messages.plain
    language = draft.language
    lines = []
    if result.cut_from is not None:
        lines.append(say("drafting.too_long", language, length=result.cut_from, limit=limit))
    if result.kind == "not_an_answer":
        lines += [say("drafting.not_an_answer", language), hint(draft, interview, messages, html=html)]
        return "\n".join(lines)
    if result.merged:
        lines.append(say(f"drafting.{result.merged}", language))
    if result.kind == "needs_work":
        lines.append(say("drafting.issues", language))
        lines += [say(issue.key, language, **issue.values) for issue in result.issues]
        lines.append(say("drafting.improve_or_continue", language))
    else:
        lines.append(say("drafting.saved", language))
    return "\n".join(lines)
