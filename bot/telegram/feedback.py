"""👍/👎 under answers and critiques; after 👎 the next message is taken as the reason."""

from __future__ import annotations

import asyncio
import html

from telegram import ForceReply, Update
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.telegram.common import is_group, services, user_language

REASON_KEY = "feedback_reason_for"  # {"id": feedback id, "chat": chat id, "message": the question's id}
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
    if sign != "-":
        return
    chat_id = update.effective_chat.id
    if not is_group(update):
        context.user_data[REASON_KEY] = {"id": feedback_id, "chat": chat_id, "message": None}
        await context.bot.send_message(chat_id, svc.messages.text("feedback.ask_reason", language))
        return
    # In a group the bot only sees replies to its own messages: ask for a reply, addressed to this user.
    if not svc.group_budget.take(chat_id):
        return  # the vote is stored; the group is busy, so no question about the reason
    name = html.escape(user.first_name or str(user.id))
    asked = await context.bot.send_message(
        chat_id, f'<a href="tg://user?id={user.id}">{name}</a>, '
                 + svc.messages.text("feedback.ask_reason_group", language),
        reply_markup=ForceReply(selective=True),
    )
    context.user_data[REASON_KEY] = {"id": feedback_id, "chat": chat_id, "message": asked.message_id}


async def take_reason(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """If a reason was asked for in this chat, store this message as it; returns whether it was one.

    In a group only a reply to the bot's question counts, so other questions are not taken as reasons.
    """
    pending = context.user_data.get(REASON_KEY)
    message = update.effective_message
    if not isinstance(pending, dict) or pending.get("chat") != update.effective_chat.id:
        return False
    if pending.get("message") is not None:
        replied = message.reply_to_message
        if replied is None or replied.message_id != pending["message"]:
            return False
    context.user_data.pop(REASON_KEY, None)
    feedback_id = pending["id"]
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
