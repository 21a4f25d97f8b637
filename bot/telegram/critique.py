"""Critiques: /critica then a pasted section (parts of a long paste are joined), a reply to a
message, the offer button under a long paste, and whole .docx/.pdf/.txt documents."""

from __future__ import annotations

import asyncio
import logging
import re
from functools import lru_cache

from telegram import Document, Update, User
from telegram.constants import ChatType
from telegram.ext import ContextTypes

from bot.critique.rubric import load_rubric
from bot.language import fold
from bot.models import Critique
from bot.telegram import files, keyboards
from bot.telegram.common import is_group, services, user_donor, user_language
from bot.telegram.groups import offer_private_critique
from bot.telegram.formatting import render_critique, render_document_critique
from bot.telegram.questions import answer_question
from bot.telegram.work import Working

log = logging.getLogger(__name__)

MIN_CRITIQUE_CHARS = 80
# Telegram cuts long pastes into 4096-character messages; a text this long may be one part.
PASTE_PART_HINT = 3500
SECTION_MIN_CHARS = 600


def looks_like_section(text: str) -> bool:
    """Long and on several lines or with proposal heading words (or paste-sized): probably a draft."""
    if len(text) >= PASTE_PART_HINT:
        return True
    if len(text) < SECTION_MIN_CHARS:
        return False
    return text.count("\n") >= 2 or bool(heading_words().search(fold(text[:400])))


@lru_cache(maxsize=1)
def heading_words() -> re.Pattern[str]:
    """The rubric's section headings in every language (prompts/rubric.toml), as one pattern."""
    headings = {heading for spec in load_rubric().section_types.values() for heading in spec.headings.all()}
    return re.compile(r"\b(" + "|".join(sorted(map(re.escape, headings), key=len, reverse=True)) + r")\b")


async def start_critique_mode(update: Update, context: ContextTypes.DEFAULT_TYPE, language: str) -> None:
    context.chat_data["critique_mode"] = True
    await update.effective_message.reply_text(services(context).messages.text("critique.prompt", language))


async def critique_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/critica [text], or as a reply to a message; alone it waits for the pasted section."""
    message = update.effective_message
    user = update.effective_user
    if is_group(update) and not await critiques_allowed(context, update.effective_chat.id):
        await offer_private_critique(update, context, await user_language(context, user))
        return
    inline = message.text.partition(" ")[2].strip() if message.text else ""
    replied = message.reply_to_message
    target = inline or (replied.text or replied.caption or "" if replied else "")
    if target:
        await run_critique(context, chat_id=update.effective_chat.id, user=user, text=target,
                           is_group=update.effective_chat.type != ChatType.PRIVATE)
        return
    language = await user_language(context, user)
    await start_critique_mode(update, context, language)


async def receive_paste(update: Update, context: ContextTypes.DEFAULT_TYPE, text: str) -> None:
    """Collect the parts of a paste; after ``paste_join_seconds`` of quiet, handle them as one text."""
    svc = services(context)
    parts: list[str] = context.chat_data.setdefault("paste_parts", [])
    parts.append(text)
    # Each part restarts the wait; an older timer sees a newer generation and does nothing.
    generation = context.chat_data.get("paste_generation", 0) + 1
    context.chat_data["paste_generation"] = generation
    wait = svc.config.limits.paste_join_seconds
    chat_id, user = update.effective_chat.id, update.effective_user
    if wait <= 0:
        await _flush_paste(context, chat_id, user)
        return
    context.application.create_task(_flush_later(context, chat_id, user, wait, generation), update=update)


async def critiques_allowed(context: ContextTypes.DEFAULT_TYPE, chat_id: int) -> bool:
    """In a group: only when a facilitator turned them on (/taller criticas on)."""
    return (await asyncio.to_thread(services(context).state.group_settings, chat_id)).critiques_enabled


def paste_waiting(context: ContextTypes.DEFAULT_TYPE) -> bool:
    return bool(context.chat_data.get("paste_parts"))


async def _flush_later(context: ContextTypes.DEFAULT_TYPE, chat_id: int, user: User, wait: float,
                       generation: int) -> None:
    await asyncio.sleep(wait)
    if context.chat_data.get("paste_generation") == generation:
        await _flush_paste(context, chat_id, user)


async def _flush_paste(context: ContextTypes.DEFAULT_TYPE, chat_id: int, user: User) -> None:
    svc = services(context)
    text = "\n".join(context.chat_data.pop("paste_parts", [])).strip()
    if not text:
        return
    if context.chat_data.pop("critique_mode", False):
        await run_critique(context, chat_id=chat_id, user=user, text=text)
        return
    limits = svc.config.limits
    if looks_like_section(text):
        language = await user_language(context, user, text)
        paste_id = await asyncio.to_thread(svc.state.save_paste, chat_id=chat_id, user_id=user.id, text=text)
        await context.bot.send_message(
            chat_id, svc.messages.text("critique.offer", language),
            reply_markup=keyboards.critique_offer(paste_id, svc.messages, language,
                                                  can_ask=len(text) <= limits.max_question_chars),
        )
        return
    await answer_question(context, chat_id=chat_id, user=user, question=text)


async def paste_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The offer under a long paste: critique it (crit:<id>) or answer it as a question (askp:<id>)."""
    svc = services(context)
    query = update.callback_query
    await query.answer()
    action, _, paste_id = query.data.partition(":")
    user = update.effective_user
    text = await asyncio.to_thread(svc.state.paste, int(paste_id), user.id)
    if text is None:
        language = await user_language(context, user)
        await context.bot.send_message(update.effective_chat.id, svc.messages.text("critique.expired", language))
        return
    await query.edit_message_reply_markup(None)
    if action == keyboards.CRITIQUE_PASTE:
        await run_critique(context, chat_id=update.effective_chat.id, user=user, text=text)
    else:
        await answer_question(context, chat_id=update.effective_chat.id, user=user, question=text)
    await asyncio.to_thread(svc.state.paste_used, int(paste_id))


async def run_critique(context: ContextTypes.DEFAULT_TYPE, *, chat_id: int, user: User, text: str,
                       is_group: bool = False, section_type: str | None = None) -> None:
    """Critique one pasted section and send it with 👍/👎 and a button to change the assumed type."""
    svc = services(context)
    language = await user_language(context, user, text)
    limit = svc.config.limits.max_paste_chars
    if len(text) > limit:
        await context.bot.send_message(chat_id, svc.messages.text("critique.too_long", language,
                                                                  length=len(text), limit=limit))
        return
    if len(text.strip()) < MIN_CRITIQUE_CHARS:
        await context.bot.send_message(chat_id, svc.messages.text("critique.too_short", language))
        return
    if is_group and not await critiques_allowed(context, chat_id):
        await context.bot.send_message(chat_id, svc.messages.text("group.critique_private", language))
        return
    donor = await user_donor(context, user)
    await asyncio.to_thread(svc.state.touch_user, user.id)
    async with Working(context.bot, chat_id, svc.messages.text("work.working", language)) as work:
        critique = await asyncio.to_thread(svc.coach.critique, text, language=language, donor=donor,
                                           section_type=section_type)
        turn_id = await _record(context, chat_id, user, [critique], f"[critique] {critique.section_type}",
                                language, is_group)
        text_id = _remember_text(context, text)
        alternative = None
        if critique.alternative_type:
            names = await asyncio.to_thread(type_names, language)
            alternative = (critique.alternative_type, names[critique.alternative_type])
        await work.deliver(render_critique(critique, svc.messages, language),
                           keyboards.critique_result(turn_id, text_id, svc.messages, language, alternative))


# Texts kept in memory (never stored) so that the officer can change the section type.
_REMEMBERED_TEXTS = 5


def _remember_text(context: ContextTypes.DEFAULT_TYPE, text: str) -> int:
    texts: dict[int, str] = context.chat_data.setdefault("critiqued_texts", {})
    text_id = context.chat_data.get("critiqued_next", 0) + 1
    context.chat_data["critiqued_next"] = text_id
    texts[text_id] = text
    for old in sorted(texts)[:-_REMEMBERED_TEXTS]:
        del texts[old]
    return text_id


@lru_cache(maxsize=4)
def type_names(language: str) -> dict[str, str]:
    """Section type id → its name in ``language`` (prompts/rubric.toml)."""
    return {kind: spec.name.get(language) for kind, spec in load_rubric().section_types.items()}


async def type_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """ctype:<id> lists the section types; ctype:<id>:<type> critiques the same text as that type."""
    svc = services(context)
    query = update.callback_query
    await query.answer()
    _, text_id, kind = (query.data.split(":") + [""])[:3]
    user = update.effective_user
    chat_id = update.effective_chat.id
    language = await user_language(context, user)
    text = context.chat_data.get("critiqued_texts", {}).get(int(text_id))
    if text is None:
        await context.bot.send_message(chat_id, svc.messages.text("critique.expired", language))
        return
    names = await asyncio.to_thread(type_names, language)  # the first call loads the rubric
    if kind not in names:
        await context.bot.send_message(chat_id, svc.messages.text("critique.choose_type", language),
                                       reply_markup=keyboards.section_types(int(text_id), names))
        return
    await run_critique(context, chat_id=chat_id, user=user, text=text, section_type=kind,
                       is_group=update.effective_chat.type != ChatType.PRIVATE)


async def _record(context, chat_id: int, user: User, critiques: list[Critique], label: str,
                  language: str, is_group: bool) -> int:
    svc = services(context)
    summary = "; ".join(f"{f.criterion}={f.status}" for c in critiques for f in c.findings)
    turn_id = await asyncio.to_thread(
        svc.state.add_turn, chat_id=chat_id, user_id=user.id, kind="critique", question=label,
        answer=summary, language=language,
        passage_ids=[p.id for c in critiques for f in c.findings for p in f.sources],
    )
    if is_group:
        for critique in critiques:
            weak = [(f.criterion, f.status, f.label or f.criterion)
                    for f in critique.findings if f.status in ("weak", "missing")]
            await asyncio.to_thread(svc.state.record_group_weaknesses, chat_id=chat_id, user_id=user.id,
                                    section_type=critique.section_type, weaknesses=weak)
    return turn_id


async def document_received(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A .docx, .pdf or .txt: refuse before download if too big, else critique it whole."""
    user = update.effective_user
    chat_id = update.effective_chat.id
    language = await user_language(context, user)
    if is_group(update) and not await critiques_allowed(context, chat_id):
        await offer_private_critique(update, context, language)
        return
    await review_document(context, chat_id=chat_id, user=user, document=update.effective_message.document,
                          is_group=update.effective_chat.type != ChatType.PRIVATE)


async def review_document(context: ContextTypes.DEFAULT_TYPE, *, chat_id: int, user: User, document: Document,
                          is_group: bool = False) -> None:
    """Critique a whole draft sent as a document (also from the offer made during a guided draft)."""
    svc = services(context)
    language = await user_language(context, user)
    refused = files.refusal(document, svc.config)
    if refused is not None:
        key, values = refused
        await context.bot.send_message(chat_id, svc.messages.text(key, language, **values))
        return
    context.chat_data.pop("critique_mode", None)
    donor = await user_donor(context, user)
    await asyncio.to_thread(svc.state.touch_user, user.id)
    filename = document.file_name or "document"
    can_annotate = files.suffix(document) == ".docx"
    annotated: bytes | None = None
    async with Working(context.bot, chat_id, svc.messages.text("file.received", language, filename=filename)) as work:
        try:
            async with files.downloaded(context, document, svc.config) as path:
                result = await asyncio.to_thread(svc.coach.critique_file, path, filename=filename,
                                                 language=language, donor=donor)
                if can_annotate:
                    annotated = await _annotated(svc, path, result, filename)
        except Exception as exc:
            key = files.unreadable_key(exc)
            if key is None:
                raise
            log.info("unreadable document %r: %s", filename, exc)
            await work.deliver(svc.messages.text(key, language))
            return
        turn_id = await _record(context, chat_id, user, list(result.sections), f"[document] {filename}",
                                language, is_group)
        await work.deliver(render_document_critique(result, svc.messages, language),
                           keyboards.feedback(turn_id, svc.messages, language))
    if annotated is not None:
        await context.bot.send_document(chat_id, document=annotated, filename=_annotated_name(filename),
                                        caption=svc.messages.plain("file.annotated", language))
    elif not can_annotate:
        await context.bot.send_message(chat_id, svc.messages.text("file.no_comments", language))


async def _annotated(svc, path, result, filename: str) -> bytes | None:
    """The draft with the findings as Word comments; None when that fails (the chat summary still goes)."""
    target = path.with_name(f"{path.stem}-annotated.docx")
    try:
        count = await asyncio.to_thread(svc.coach.annotate_file, path, result, target, filename=filename)
        return await asyncio.to_thread(target.read_bytes) if count else None
    except Exception:  # the review itself must not be lost to a comment that could not be written
        log.warning("could not annotate %r", filename, exc_info=True)
        return None
    finally:
        target.unlink(missing_ok=True)


def _annotated_name(filename: str) -> str:
    stem = filename[: -len(".docx")] if filename.lower().endswith(".docx") else filename
    return f"{stem}-comentarios.docx"
