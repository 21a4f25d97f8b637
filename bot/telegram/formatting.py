"""Telegram HTML for answers and critiques, and a splitter that respects the 4096 limit.

Every piece of user or document text goes through ``escape``; the splitter never
cuts inside a tag or an entity and closes/reopens formatting tags around a cut,
so each part is valid HTML on its own.
"""

from __future__ import annotations

import html
import re
from collections import Counter

from bot.answers.compose import as_of_text
from bot.messages import Messages
from bot.models import Answer, Critique, DocumentCritique

MESSAGE_LIMIT = 4096

_TOKEN = re.compile(r"<[^>]*>|&#?\w+;|[^<&]+|[<&]", re.S)
_TAG_NAME = re.compile(r"</?\s*([a-zA-Z0-9-]+)")
_SENTENCE_END = re.compile(r"[.!?…:;]$")


def escape(text: str) -> str:
    """Escape text for Telegram's HTML parse mode (quotes too, for attributes)."""
    return html.escape(text, quote=True)


def strip_html(text: str) -> str:
    """The visible text of a Telegram HTML string."""
    return html.unescape(re.sub(r"<[^>]*>", "", text))


# ---------------------------------------------------------------- rendering


def render_answer(answer: Answer, messages: Messages, language: str) -> str:
    parts = [escape(answer.text.strip())]
    if answer.abstained and not answer.text.strip():
        parts = [messages.text("answer.abstained", language)]
    if answer.sources and not answer.abstained:
        parts.append(_sources(answer, messages, language))
    return "\n\n".join(parts)


def _sources(answer: Answer, messages: Messages, language: str) -> str:
    """The numbered citations; a donor document's says when its facts were checked."""
    lines = [messages.text("answer.sources_header", language)]
    for number, passage in enumerate(answer.sources, 1):
        as_of = as_of_text(passage, language)
        lines.append(f"{number}. {escape(passage.citation)}" + (f" <i>({escape(as_of)})</i>" if as_of else ""))
    return "\n".join(lines)


def render_group_answer(answer: Answer, messages: Messages, language: str, limit: int) -> tuple[str, bool]:
    """The answer cut to ``limit`` characters for a group; True when something was left out.

    The body is cut at a sentence or word boundary; the numbered sources stay when they fit.
    """
    full = render_answer(answer, messages, language)
    if len(full) <= limit:
        return full, False
    sources = ""
    if answer.sources and not answer.abstained:
        sources = _sources(answer, messages, language)
        if len(sources) > limit // 2:
            sources = ""
    room = limit - len(sources) - (2 if sources else 0) - 1  # 1 for the ellipsis
    body = escape(answer.text.strip()) if answer.text.strip() else messages.text("answer.abstained", language)
    cut = split_html(body, max(room, 50))[0].rstrip() + "…"
    return (f"{cut}\n\n{sources}" if sources else cut), True


def _status(status: str, messages: Messages, language: str) -> str:
    if status in ("ok", "weak", "missing"):
        return messages.text(f"critique.status_{status}", language)
    return escape(status)


def _section_label(critique: Critique) -> str:
    return critique.title or critique.section_type.replace("_", " ").capitalize()


def render_critique(critique: Critique, messages: Messages, language: str) -> str:
    blocks = [messages.text("critique.header", language, section=_section_label(critique))]
    if critique.type_note:
        blocks[0] += f"\n<i>{escape(critique.type_note)}</i>"
    if not critique.findings and not critique.note:  # a note says why there is nothing to list
        blocks.append(messages.text("critique.no_findings", language))
    shown, collapsed = critique.shown_and_collapsed()
    for finding in shown:
        lines = [f"{_status(finding.status, messages, language)} · <b>{escape(finding.label or finding.criterion)}</b>"]
        if finding.reason:
            lines.append(escape(finding.reason))
        if finding.suggestion and finding.status != "ok":
            lines.append(f"<i>{messages.text('critique.suggestion', language)}</i> {escape(finding.suggestion)}")
        if finding.sources:
            lines.append("📚 " + "; ".join(escape(p.citation) for p in finding.sources))
        blocks.append("\n".join(lines))
    if collapsed:
        names = ", ".join(f.label or f.criterion for f in collapsed)
        blocks.append(messages.text("critique.also_fine", language, criteria=names))
    if critique.strengths_note:
        blocks.append(f"💪 {escape(critique.strengths_note)}")
    if critique.note:
        blocks.append(f"<i>{escape(critique.note)}</i>")
    if critique.next_steps:
        steps = [messages.text("critique.next_steps", language)]
        steps += [f"{i}. {escape(step)}" for i, step in enumerate(critique.next_steps, 1)]
        blocks.append("\n".join(steps))
    return "\n\n".join(blocks)


def render_document_critique(doc: DocumentCritique, messages: Messages, language: str) -> str:
    blocks = [messages.text("critique.document_header", language, filename=doc.filename)]
    summary = [messages.text("critique.summary_header", language)]
    for section in doc.sections:
        counts = Counter(f.status for f in section.findings)
        summary.append(
            messages.text(
                "critique.summary_line",
                language,
                title=_section_label(section),
                ok=counts["ok"],
                weak=counts["weak"],
                missing=counts["missing"],
            )
        )
    blocks.append("\n".join(summary))
    blocks += [render_critique(section, messages, language) for section in doc.sections]
    return "\n\n".join(blocks)


# ---------------------------------------------------------------- splitting


def _tokens(text: str) -> list[str]:
    tokens = _TOKEN.findall(text)
    # Text runs are split into characters so a cut can fall anywhere in them.
    out: list[str] = []
    for token in tokens:
        if token.startswith("<") and token.endswith(">") and len(token) > 1:
            out.append(token)
        elif token.startswith("&") and token.endswith(";") and len(token) > 2:
            out.append(token)
        else:
            out.extend(token)
    return out


def _break_rank(tokens: list[str], i: int) -> int:
    """How good a cut after tokens[i] is: 4 paragraph, 3 line, 2 sentence, 1 word, 0 any."""
    token = tokens[i]
    if token == "\n":
        return 4 if i > 0 and tokens[i - 1] == "\n" else 3
    if token in (" ", "\t"):
        previous = tokens[i - 1] if i > 0 else ""
        return 2 if _SENTENCE_END.search(previous) else 1
    return 0


def split_html(text: str, limit: int = MESSAGE_LIMIT) -> list[str]:
    """Split Telegram HTML into parts of at most ``limit`` characters.

    Prefers paragraph, then line, then sentence, then word boundaries; never cuts
    a tag or an entity; tags open at a cut are closed and reopened in the next part.
    Joining the visible text of the parts gives back the visible text of ``text``.
    """
    if len(text) <= limit:
        return [text] if text else []
    tokens = _tokens(text)
    parts: list[str] = []
    start = 0
    stack: list[tuple[str, str]] = []  # (name, opening tag) open at ``start``
    while start < len(tokens):
        prefix = "".join(tag for _, tag in stack)
        open_now = list(stack)
        length = len(prefix)
        best: dict[int, tuple[int, list[tuple[str, str]]]] = {}  # rank -> (end, stack)
        end = start
        fits_all = True
        while end < len(tokens):
            token = tokens[end]
            new_stack = _apply_tag(open_now, token)
            closing = sum(len(name) + 3 for name, _ in new_stack)
            if length + len(token) + closing > limit:
                fits_all = False
                break
            length += len(token)
            open_now = new_stack
            end += 1
            if not token.startswith("<"):
                best[_break_rank(tokens, end - 1)] = (end, list(open_now))
            else:
                best[0] = (end, list(open_now))  # cutting right after a tag is allowed
        if fits_all:
            cut, cut_stack = end, open_now
        else:
            cut, cut_stack = _choose(best, start, limit, tokens)
            if cut <= start:  # an opening prefix alone fills the part: drop formatting
                stack = []
                continue
        body = prefix + "".join(tokens[start:cut]) + "".join(f"</{n}>" for n, _ in reversed(cut_stack))
        parts.append(body)
        start, stack = cut, cut_stack
    return parts


def _apply_tag(stack: list[tuple[str, str]], token: str) -> list[tuple[str, str]]:
    if not (token.startswith("<") and token.endswith(">")):
        return stack
    match = _TAG_NAME.match(token)
    if not match:
        return stack
    name = match.group(1).lower()
    if token.startswith("</"):
        for i in range(len(stack) - 1, -1, -1):
            if stack[i][0] == name:
                return stack[:i] + stack[i + 1 :]
        return stack
    if token.endswith("/>"):
        return stack
    return stack + [(name, token)]


def _choose(best, start: int, limit: int, tokens: list[str]):
    # Take the best kind of boundary that still leaves a reasonably full part.
    for rank in (4, 3, 2, 1, 0):
        if rank in best:
            end, stack = best[rank]
            filled = sum(len(t) for t in tokens[start:end])
            if filled >= limit * 0.3 or rank == 0:
                return end, stack
    for rank in (4, 3, 2, 1, 0):
        if rank in best:
            return best[rank]
    return start, []
