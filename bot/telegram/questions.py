"""Answering a question: history for follow-ups, the coach in a thread, the answer with 👍/👎."""

from __future__ import annotations

import asyncio

from telegram import User
from telegram.ext import ContextTypes

from bot.telegram import keyboards
from bot.telegram.common import services, user_donor, user_language
from bot.telegram.formatting import render_answer
from bot.telegram.work import Working


async def answer_question(context: ContextTypes.DEFAULT_TYPE, *, chat_id: int, user: User, question: str,
                          is_group: bool = False, reply_to_message_id: int | None = None) -> None:
    """Ask the coach and send the answer; long answers arrive in several messages."""
    svc = services(context)
    question = question.strip()
    language = await user_language(context, user, question)
    if not question:
        await context.bot.send_message(chat_id, svc.messages.text("question.empty", language))
        return
    limit = svc.config.limits.max_question_chars
    if len(question) > limit:
        await context.bot.send_message(
            chat_id, svc.messages.text("question.too_long", language, length=len(question), limit=limit)
        )
        return
    donor = await user_donor(context, user)
    await asyncio.to_thread(svc.state.touch_user, user.id)
    history = await asyncio.to_thread(svc.state.history, user.id, chat_id, svc.config.limits.history_turns)
    async with Working(context.bot, chat_id, svc.messages.text("work.working", language),
                       reply_to_message_id=reply_to_message_id) as work:
        answer = await asyncio.to_thread(
            svc.coach.ask, question, history=history, language=language, donor=donor
        )
        turn_id = await asyncio.to_thread(
            svc.state.add_turn, chat_id=chat_id, user_id=user.id, kind="question", question=question,
            answer=answer.text, language=answer.language or language, abstained=answer.abstained,
            passage_ids=[p.id for p in answer.sources],
        )
        if is_group:
            await asyncio.to_thread(
                svc.state.record_group_question, chat_id=chat_id, user_id=user.id,
                language=answer.language or language, question=question, abstained=answer.abstained,
            )
        await work.deliver(render_answer(answer, svc.messages, language),
                           keyboards.feedback(turn_id, svc.messages, language))
