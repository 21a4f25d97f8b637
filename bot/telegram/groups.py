"""Workshop groups: /pregunta (/ask), /taller (workshop settings), /digest for facilitators.

Facilitators are the group's administrators as Telegram reports them plus the
configured admin ids, always checked by numeric user id.
"""

from __future__ import annotations

import asyncio
import functools
import time

from telegram import Update
from telegram.ext import ContextTypes

from bot.vocabulary import LANGUAGES
from bot.state import GroupSettings
from bot.telegram import keyboards
from bot.telegram.common import is_facilitator, is_group, services, user_language
from bot.telegram.digest import build_digest, digest_language, render_digest
from bot.telegram.questions import answer_question
from bot.telegram.work import send_long

DEFAULT_DIGEST_HOURS = 24
MAX_DIGEST_HOURS = 24 * 30
ON_WORDS = {"on", "si", "sí", "sim", "oui", "yes", "1", "activar", "activo"}
OFF_WORDS = {"off", "no", "non", "não", "nao", "0", "desactivar", "apagar"}
CRITIQUE_WORDS = {"criticas", "críticas", "critica", "crítica", "critiques", "critique", "revisiones", "reviews"}
LANGUAGE_WORDS = {"idioma", "lang", "language", "langue"}


def facilitators_only(handler):
    """In a group, refuse politely unless the sender is a facilitator; in private, say it is for groups."""

    @functools.wraps(handler)
    async def guarded(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        svc = services(context)
        language = await user_language(context, update.effective_user)
        if not is_group(update):
            await update.effective_message.reply_text(svc.messages.text("group.only_in_groups", language))
            return
        if not await is_facilitator(update, context):
            await update.effective_message.reply_text(svc.messages.text("group.facilitators_only", language))
            return
        await handler(update, context, language)

    return guarded


async def ask_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/pregunta <question> (/ask), or /pregunta in reply to a message: answer it."""
    svc = services(context)
    message = update.effective_message
    question = " ".join(context.args or ())
    if not question and message.reply_to_message is not None:
        question = message.reply_to_message.text or message.reply_to_message.caption or ""
    if not question.strip():
        language = await user_language(context, update.effective_user)
        await message.reply_text(svc.messages.text("group.ask_usage", language))
        return
    await answer_question(context, chat_id=update.effective_chat.id, user=update.effective_user, question=question,
                          is_group=is_group(update), reply_to_message_id=message.message_id if is_group(update) else None)


def _switch(word: str | None) -> bool | None:
    word = (word or "").lower()
    return True if word in ON_WORDS else False if word in OFF_WORDS else None


@facilitators_only
async def workshop_command(update: Update, context: ContextTypes.DEFAULT_TYPE, language: str) -> None:
    """/taller on|off · /taller criticas on|off · /taller idioma es|en|pt|fr · /taller (status)."""
    svc = services(context)
    chat_id = update.effective_chat.id
    args = [a.lower() for a in context.args or ()]
    settings = await asyncio.to_thread(svc.state.group_settings, chat_id)
    reply = None
    if len(args) == 1 and _switch(args[0]) is not None:
        on = bool(_switch(args[0]))
        settings = GroupSettings(on, settings.critiques_enabled, settings.language)
        reply = "group.workshop_on" if on else "group.workshop_off"
    elif len(args) == 2 and args[0] in CRITIQUE_WORDS and _switch(args[1]) is not None:
        on = bool(_switch(args[1]))
        settings = GroupSettings(settings.workshop_mode, on, settings.language)
        reply = "group.critiques_on" if on else "group.critiques_off"
    elif len(args) == 2 and args[0] in LANGUAGE_WORDS and args[1] in LANGUAGES:
        settings = GroupSettings(settings.workshop_mode, settings.critiques_enabled, args[1])
        language = args[1]
        reply = "group.language_set"
    if reply is not None:
        await asyncio.to_thread(svc.state.set_group_settings, chat_id, settings)
        await update.effective_message.reply_text(svc.messages.text(reply, language, language=language))
        return
    on, off = svc.messages.plain("group.on", language), svc.messages.plain("group.off", language)
    await update.effective_message.reply_text(svc.messages.text(
        "group.workshop_status", language, mode=on if settings.workshop_mode else off,
        critiques=on if settings.critiques_enabled else off, language=settings.language or "—",
    ))


@facilitators_only
async def digest_command(update: Update, context: ContextTypes.DEFAULT_TYPE, language: str) -> None:
    """/digest [hours]: the group's questions by topic, what went unanswered, frequent weaknesses."""
    svc = services(context)
    chat_id = update.effective_chat.id
    hours = DEFAULT_DIGEST_HOURS
    if context.args:
        if not context.args[0].isdigit() or not 1 <= int(context.args[0]) <= MAX_DIGEST_HOURS:
            await update.effective_message.reply_text(svc.messages.text("digest.usage", language,
                                                                        maximum=MAX_DIGEST_HOURS))
            return
        hours = int(context.args[0])
    since = time.time() - hours * 3600
    questions = await asyncio.to_thread(svc.state.group_questions, chat_id, since)
    weaknesses = await asyncio.to_thread(svc.state.group_weaknesses, chat_id, since)
    settings = await asyncio.to_thread(svc.state.group_settings, chat_id)
    group_language = digest_language(questions, settings.language, language)
    text = render_digest(build_digest(questions, weaknesses, hours), svc.messages, group_language)
    await send_long(context.bot, chat_id, text, reply_to_message_id=update.effective_message.message_id)


async def offer_private_critique(update: Update, context: ContextTypes.DEFAULT_TYPE, language: str) -> None:
    """Critiques in a group go to private unless a facilitator enabled them here."""
    svc = services(context)
    url = keyboards.deep_link(context.bot.username, keyboards.CRITIQUE_PAYLOAD)
    await update.effective_message.reply_text(
        svc.messages.text("group.critique_private", language),
        reply_markup=keyboards.open_private(url, svc.messages, language, "group.critique_private_button"),
    )


async def unknown_group_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/something@this_bot that no handler knows; bare /something may be for another bot: ignored."""
    message = update.effective_message
    command = (message.text or "").split(maxsplit=1)[0] if message.text else ""
    if "@" not in command:
        return
    language = await user_language(context, update.effective_user)
    await message.reply_text(services(context).messages.text("input.unknown_command_group", language))
