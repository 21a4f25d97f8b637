"""Where a plain message goes: a feedback reason, an answer to a guided draft, a pasted section, or a question.

In groups only messages addressed to this bot pass (commands for it, replies to it,
@mentions); the rest is ignored so the bot never floods a group.
"""

from __future__ import annotations

import asyncio
import re

from telegram import Message, Update
from telegram.constants import ChatType, MessageEntityType
from telegram.ext import ApplicationHandlerStop, ContextTypes

from bot.telegram import critique, drafting, feedback
from bot.telegram.common import services, user_language
from bot.telegram.questions import answer_question

EDIT_NOTICES_KEPT = 20  # one notice per edited message, remembered for the last few


def addressed_to_bot(message: Message, bot_id: int, username: str | None) -> bool:
    """A command for this bot, a reply to one of its messages, or an @mention of it."""
    if message.reply_to_message is not None and message.reply_to_message.from_user is not None:
        if message.reply_to_message.from_user.id == bot_id:
            return True
    text = message.text or message.caption or ""
    entities = message.entities or message.caption_entities or ()
    mention = f"@{username}".lower() if username else None
    for entity in entities:
        piece = text[entity.offset : entity.offset + entity.length].lower()
        if entity.type == MessageEntityType.BOT_COMMAND and entity.offset == 0:
            # "/cmd" goes to every bot in the group; "/cmd@other_bot" is not ours.
            return "@" not in piece or (mention is not None and piece.endswith(mention))
        if entity.type == MessageEntityType.MENTION and mention and piece == mention:
            return True
    return False


def is_command(message: Message) -> bool:
    entities = message.entities or message.caption_entities or ()
    return any(e.type == MessageEntityType.BOT_COMMAND and e.offset == 0 for e in entities)


async def group_guard(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Runs first for group messages; stops everything not addressed to this bot.

    With workshop mode off (/taller off) only commands pass, not mentions or replies.
    """
    message = update.effective_message
    if message is None or update.effective_chat.type == ChatType.PRIVATE:
        return
    if not addressed_to_bot(message, context.bot.id, context.bot.username):
        raise ApplicationHandlerStop
    if not is_command(message):
        settings = await asyncio.to_thread(services(context).state.group_settings, update.effective_chat.id)
        if not settings.workshop_mode:
            raise ApplicationHandlerStop


async def edited_guard(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Edited messages are not answered again (nor commands re-run); in private, say so once."""
    message = update.edited_message
    if message is not None and update.effective_chat.type == ChatType.PRIVATE:
        notified: list[int] = context.chat_data.setdefault("edit_notified", [])
        if message.message_id not in notified:
            notified[:] = [*notified[-(EDIT_NOTICES_KEPT - 1):], message.message_id]
            language = await user_language(context, update.effective_user)
            await context.bot.send_message(update.effective_chat.id,
                                           services(context).messages.text("input.edited", language),
                                           reply_to_message_id=message.message_id,
                                           allow_sending_without_reply=True)
    raise ApplicationHandlerStop


async def private_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Plain text in private: the reason after 👎, a draft's answer, part of a paste, or a question."""
    if await feedback.take_reason(update, context):
        return
    text = update.effective_message.text or ""
    # /critica asked for a paste just now: that intent beats a draft in progress.
    if not context.chat_data.get("critique_mode") and await drafting.take_answer(update, context, text):
        return
    if context.chat_data.get("critique_mode") or critique.paste_waiting(context) or len(text) >= critique.PASTE_PART_HINT:
        await critique.receive_paste(update, context, text)
        return
    if critique.looks_like_section(text):
        await critique.receive_paste(update, context, text)
        return
    await answer_question(context, chat_id=update.effective_chat.id, user=update.effective_user, question=text)


async def group_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A question addressed to the bot in a group (a reply to it or an @mention), or a 👎 reason."""
    if await feedback.take_reason(update, context):
        return
    message = update.effective_message
    text = message.text or ""
    if context.bot.username:
        text = re.sub(rf"@{re.escape(context.bot.username)}\b", "", text, flags=re.IGNORECASE)
    await answer_question(context, chat_id=update.effective_chat.id, user=update.effective_user,
                          question=text, is_group=True, reply_to_message_id=message.message_id)
