"""👍/👎 under answers and critiques; after 👎 the next message is taken as the reason."""

from __future__ import annotations

import asyncio

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.telegram.common import services, user_language

REASON_KEY = "feedback_reason_for"
MAX_REASON_CHARS = 2000


async def feedback_pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Store the vote with the question and passage ids; ask for a reason after 👎."""
    svc = services(context)
    query = update.callback_query
    _, sign, turn_id = query.data.split(":")
    user = update.effective_user
    language = await user_language(context, user)
    feedback_id = await asyncio.to_thread(
        svc.state.add_feedback, turn_id=int(turn_id), user_id=user.id,
        chat_id=update.effective_chat.id, rating=1 if sign == "+" else -1,
    )
    if feedback_id is None:
        await query.answer(svc.messages.plain("feedback.expired", language))
        return
    await query.answer(svc.messages.plain("feedback.thanks", language))
    try:  # one vote per message: take the buttons away
        await query.edit_message_reply_markup(None)
    except TelegramError:
        pass
    if sign == "-":
        context.user_data[REASON_KEY] = feedback_id
        await context.bot.send_message(update.effective_chat.id, svc.messages.text("feedback.ask_reason", language))


async def take_reason(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """If a reason was asked for, store this message as it; returns whether it was one."""
    feedback_id = context.user_data.pop(REASON_KEY, None)
    if feedback_id is None:
        return False
    svc = services(context)
    text = (update.effective_message.text or "")[:MAX_REASON_CHARS]
    await asyncio.to_thread(svc.state.set_feedback_reason, feedback_id, text)
    language = await user_language(context, update.effective_user)
    await update.effective_message.reply_text(svc.messages.text("feedback.reason_thanks", language))
    return True


async def skip_reason(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/saltar (/skip): no reason after 👎."""
    context.user_data.pop(REASON_KEY, None)
    language = await user_language(context, update.effective_user)
    await update.effective_message.reply_text(services(context).messages.text("feedback.skipped", language))
