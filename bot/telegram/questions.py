"""Answering a question: history for follow-ups, the coach in a thread, the answer with 👍/👎.

In groups the answer is a threaded reply to the asker, cut to ``group_reply_chars`` with a
link to the full answer in private, and guarded by the per-user limit and the group's
message budget.
"""

from __future__ import annotations

import asyncio
import html
import logging

from telegram import User
from telegram.constants import ChatAction
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.telegram import keyboards
from bot.telegram.common import Services, services, user_donor, user_language
from bot.telegram.formatting import render_answer, render_group_answer
from bot.telegram.limits import Verdict
from bot.telegram.work import Working, send_long

log = logging.getLogger(__name__)


async def answer_question(context: ContextTypes.DEFAULT_TYPE, *, chat_id: int, user: User, question: str,
                          is_group: bool = False, reply_to_message_id: int | None = None) -> None:
    """Ask the coach and send the answer; long answers arrive in several messages (private only)."""
    svc = services(context)
    question = question.strip()
    language = await user_language(context, user, question)
    if not question:
        await _reply(context, chat_id, svc.messages.text("question.empty", language), reply_to_message_id)
        return
    limit = svc.config.limits.max_question_chars
    if len(question) > limit:
        await _reply(context, chat_id, svc.messages.text("question.too_long", language, length=len(question),
                                                         limit=limit), reply_to_message_id)
        return
    if is_group and not await _group_may_answer(context, svc, chat_id, user, language, reply_to_message_id):
        return
    donor = await user_donor(context, user)
    await asyncio.to_thread(svc.state.touch_user, user.id)
    history = await asyncio.to_thread(svc.state.history, user.id, chat_id, svc.config.limits.history_turns)
    if is_group:
        await _answer_in_group(context, svc, chat_id=chat_id, user=user, question=question, language=language,
                               donor=donor, history=history, reply_to_message_id=reply_to_message_id)
        return
    async with Working(context.bot, chat_id, svc.messages.text("work.working", language),
                       reply_to_message_id=reply_to_message_id) as work:
        answer = await asyncio.to_thread(
            svc.coach.ask, question, history=history, language=language, donor=donor
        )
        turn_id = await _record(svc, chat_id, user, question, answer, language, is_group=False)
        await work.deliver(render_answer(answer, svc.messages, language),
                           keyboards.feedback(turn_id, svc.messages, language))


async def _reply(context, chat_id: int, text: str, reply_to_message_id: int | None) -> None:
    await context.bot.send_message(chat_id, text, reply_to_message_id=reply_to_message_id,
                                   allow_sending_without_reply=True)


async def _group_may_answer(context, svc: Services, chat_id: int, user: User, language: str,
                            reply_to_message_id: int | None) -> bool:
    """The per-user limit, then the group's budget; at most one notice per window for each."""
    verdict = svc.user_limit.check(chat_id, user.id)
    if verdict is not Verdict.ALLOW:
        if verdict is Verdict.NOTIFY and svc.group_budget.take(chat_id):
            name = html.escape(user.first_name or str(user.id))
            text = svc.messages.text("group.user_limited", language,
                                     minute=svc.config.limits.user_questions_per_minute)
            await _reply(context, chat_id, f'<a href="tg://user?id={user.id}">{name}</a>, {text}',
                         reply_to_message_id)
        log.info("group %s: user %s over the question limit (%s)", chat_id, user.id, verdict.value)
        return False
    if not svc.group_budget.take(chat_id):
        if svc.group_budget.take_notice(chat_id):
            await _reply(context, chat_id, svc.messages.text("group.busy", language), reply_to_message_id)
        log.info("group %s: over the message budget, question dropped", chat_id)
        return False
    return True


async def _answer_in_group(context, svc: Services, *, chat_id: int, user: User, question: str, language: str,
                           donor: str | None, history, reply_to_message_id: int | None) -> None:
    """One threaded message: no "working…" placeholder, to spend the group's budget on answers."""
    try:
        await context.bot.send_chat_action(chat_id, ChatAction.TYPING)
    except TelegramError as exc:  # cosmetic
        log.debug("chat action failed: %s", exc)
    answer = await asyncio.to_thread(svc.coach.ask, question, history=history, language=language, donor=donor)
    turn_id = await _record(svc, chat_id, user, question, answer, language, is_group=True)
    text, cut = render_group_answer(answer, svc.messages, language, svc.config.telegram.group_reply_chars)
    url = None
    if cut:
        full = render_answer(answer, svc.messages, language)
        token = await asyncio.to_thread(svc.state.save_full_answer, chat_id=chat_id, turn_id=turn_id,
                                        language=language, html=full)
        url = keyboards.deep_link(context.bot.username, keyboards.FULL_ANSWER_PAYLOAD + token)
    await send_long(context.bot, chat_id, text, reply_to_message_id=reply_to_message_id,
                    reply_markup=keyboards.group_answer(turn_id, svc.messages, language, url))


async def _record(svc: Services, chat_id: int, user: User, question: str, answer, language: str,
                  is_group: bool) -> int:
    turn_id = await asyncio.to_thread(
        svc.state.add_turn, chat_id=chat_id, user_id=user.id, kind="question", question=question,
        answer=answer.text, language=answer.language or language, abstained=answer.abstained,
        passage_ids=[p.id for p in answer.sources],
    )
    if is_group:
        topic = answer.sources[0].citation if answer.sources and not answer.abstained else None
        await asyncio.to_thread(
            svc.state.record_group_question, chat_id=chat_id, user_id=user.id,
            language=answer.language or language, question=question, abstained=answer.abstained, topic=topic,
        )
    return turn_id
