"""Conversation commands: /start, /help, /idioma, /donante, /reset, /fuentes and example buttons."""

from __future__ import annotations

import asyncio
import html

from telegram import Update
from telegram.constants import ChatType
from telegram.ext import ContextTypes

from bot.vocabulary import DONORS, LANGUAGES
from bot.commands import names
from bot.telegram import keyboards
from bot.telegram.common import client_language, services, user_language
from bot.telegram.critique import start_critique_mode
from bot.telegram.questions import answer_question
from bot.telegram.work import send_long

PASSAGE_PREVIEW_CHARS = 3500


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Say what the assistant does and offer three example questions; `/start critica` opens critique mode."""
    svc = services(context)
    user = update.effective_user
    settings = await asyncio.to_thread(svc.state.settings, user.id) if user else None
    language = (settings and settings.language) or client_language(user) or "es"
    if user is not None:
        await asyncio.to_thread(svc.state.touch_user, user.id)
    if context.args and context.args[0].lower() in names("critique"):  # a t.me/…?start=critica link
        await start_critique_mode(update, context, language)
        return
    if context.args and context.args[0].startswith(keyboards.FULL_ANSWER_PAYLOAD):
        await show_full_answer(update, context, context.args[0][len(keyboards.FULL_ANSWER_PAYLOAD):], language)
        return
    await update.effective_message.reply_text(svc.messages.text("start.intro", language))
    await update.effective_message.reply_text(
        svc.messages.text("start.examples_header", language),
        reply_markup=keyboards.examples(svc.messages, language),
    )


async def show_full_answer(update: Update, context: ContextTypes.DEFAULT_TYPE, token: str, language: str) -> None:
    """The deep link under a shortened group answer: the whole answer, here in private."""
    svc = services(context)
    stored = await asyncio.to_thread(svc.state.full_answer, token) if token else None
    if stored is None:
        await update.effective_message.reply_text(svc.messages.text("group.full_expired", language))
        return
    markup = keyboards.feedback(stored["turn_id"], svc.messages, stored["language"] or language) \
        if stored["turn_id"] else None
    await send_long(context.bot, update.effective_chat.id, stored["html"], reply_markup=markup)


async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Explain the commands (in a group, the group commands too)."""
    language = await user_language(context, update.effective_user)
    text = services(context).messages.text("help.text", language)
    if update.effective_chat.type != ChatType.PRIVATE:
        text += "\n\n" + services(context).messages.text("help.group", language)
    await update.effective_message.reply_text(text)


async def example_pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """An example button from /start: ask that question."""
    query = update.callback_query
    await query.answer()
    _, language, index = query.data.split(":")
    examples = services(context).messages.items("start.examples", language)
    if not index.isdigit() or int(index) >= len(examples):
        return
    await answer_question(context, chat_id=update.effective_chat.id, user=update.effective_user,
                          question=examples[int(index)],
                          is_group=update.effective_chat.type != ChatType.PRIVATE)


async def set_language(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/idioma es|en|pt|fr"""
    svc = services(context)
    user = update.effective_user
    choice = context.args[0].lower() if context.args else ""
    if choice in LANGUAGES:
        await asyncio.to_thread(svc.state.set_language, user.id, choice)
        await update.effective_message.reply_text(svc.messages.text("settings.language_set", choice, language=choice))
        return
    language = await user_language(context, user)
    await update.effective_message.reply_text(svc.messages.text("settings.language_usage", language, language=language))


async def set_donor(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/donante ilab|idb|aecid|canada|ilo|none"""
    svc = services(context)
    user = update.effective_user
    language = await user_language(context, user)
    choice = context.args[0].lower() if context.args else ""
    if choice in DONORS:
        await asyncio.to_thread(svc.state.set_donor, user.id, choice)
        await update.effective_message.reply_text(svc.messages.text("settings.donor_set", language, donor=choice))
    elif choice in ("none", "ninguno", "no"):
        await asyncio.to_thread(svc.state.set_donor, user.id, None)
        await update.effective_message.reply_text(svc.messages.text("settings.donor_cleared", language))
    else:
        current = (await asyncio.to_thread(svc.state.settings, user.id)).donor or "none"
        await update.effective_message.reply_text(svc.messages.text("settings.donor_usage", language, donor=current))


async def reset(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/reset: forget the conversation (follow-ups start afresh)."""
    svc = services(context)
    user = update.effective_user
    await asyncio.to_thread(svc.state.reset_conversation, user.id)
    context.chat_data.pop("critique_mode", None)
    context.user_data.pop("feedback_reason_for", None)
    language = await user_language(context, user)
    await update.effective_message.reply_text(svc.messages.text("settings.reset_done", language))


async def sources(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/fuentes: the passages behind the last answer, with a button to expand each."""
    svc = services(context)
    user = update.effective_user
    language = await user_language(context, user)
    turn = await asyncio.to_thread(svc.state.last_answer, user.id, update.effective_chat.id)
    if turn is None or not turn.passage_ids:
        await update.effective_message.reply_text(svc.messages.text("sources.none", language))
        return
    passages = await asyncio.to_thread(svc.coach.passages, list(turn.passage_ids))
    lines = [svc.messages.text("sources.header", language)]
    lines += [f"{i}. {html.escape(p.citation)}" for i, p in enumerate(passages, 1)]
    await update.effective_message.reply_text(
        "\n".join(lines), reply_markup=keyboards.sources(turn.id, len(passages))
    )


async def source_pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Expand one passage from /fuentes."""
    svc = services(context)
    query = update.callback_query
    await query.answer()
    _, turn_id, index = query.data.split(":")
    language = await user_language(context, update.effective_user)
    turn = await asyncio.to_thread(svc.state.turn, int(turn_id))
    passages = []
    if turn is not None and int(index) < len(turn.passage_ids):
        passages = await asyncio.to_thread(svc.coach.passages, [turn.passage_ids[int(index)]])
    if not passages:
        await context.bot.send_message(update.effective_chat.id, svc.messages.text("sources.missing", language))
        return
    passage = passages[0]
    body = passage.text if len(passage.text) <= PASSAGE_PREVIEW_CHARS else passage.text[:PASSAGE_PREVIEW_CHARS] + "…"
    text = f"<b>{html.escape(passage.citation)}</b>\n\n{html.escape(body)}"
    if passage.url:
        text += f"\n\n{html.escape(passage.url)}"
    await context.bot.send_message(update.effective_chat.id, text)


async def unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A command the bot does not know, in private: say so, then the help."""
    svc = services(context)
    language = await user_language(context, update.effective_user)
    await update.effective_message.reply_text(
        svc.messages.text("input.unknown_command", language) + "\n\n" + svc.messages.text("help.text", language)
    )


async def unsupported_message(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A sticker, photo, voice note, location… in private: say what the bot can read."""
    language = await user_language(context, update.effective_user)
    await update.effective_message.reply_text(services(context).messages.text("input.unsupported", language))


async def stale_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A button whose data no handler knows (e.g. from a message sent before an upgrade)."""
    language = await user_language(context, update.effective_user)
    await update.callback_query.answer(services(context).messages.plain("input.stale_button", language),
                                       show_alert=True)
