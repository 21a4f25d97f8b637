"""Where a plain message goes: a feedback reason, a pasted section, or a question.

In groups only messages addressed to this bot pass (commands for it, replies to it,
@mentions); the rest is ignored so the bot never floods a group.
"""

from __future__ import annotations

import re

from telegram import Message, Update
from telegram.constants import ChatType, MessageEntityType
from telegram.ext import ApplicationHandlerStop, ContextTypes

from bot.telegram import critique, feedback
from bot.telegram.questions import answer_question


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


async def group_guard(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Runs first for group messages; stops everything not addressed to this bot."""
    message = update.effective_message
    if message is None or update.effective_chat.type == ChatType.PRIVATE:
        return
    if not addressed_to_bot(message, context.bot.id, context.bot.username):
        raise ApplicationHandlerStop


async def private_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Plain text in private: the reason after 👎, part of a paste, or a question."""
    if await feedback.take_reason(update, context):
        return
    text = update.effective_message.text or ""
    if context.chat_data.get("critique_mode") or critique.paste_waiting(context) or len(text) >= critique.PASTE_PART_HINT:
        await critique.receive_paste(update, context, text)
        return
    if critique.looks_like_section(text):
        await critique.receive_paste(update, context, text)
        return
    await answer_question(context, chat_id=update.effective_chat.id, user=update.effective_user, question=text)


async def group_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A question addressed to the bot in a group (a reply to it or an @mention)."""
    message = update.effective_message
    text = message.text or ""
    if context.bot.username:
        text = re.sub(rf"@{re.escape(context.bot.username)}\b", "", text, flags=re.IGNORECASE)
    await answer_question(context, chat_id=update.effective_chat.id, user=update.effective_user,
                          question=text, is_group=True, reply_to_message_id=message.message_id)
