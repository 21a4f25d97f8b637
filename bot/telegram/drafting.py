"""The guided draft in a private chat: /borrador asks one question at a time, checks each answer with the
critic's rules, and ends with a .docx draft sent as a document.

The draft lives in the state database (``State.draft``), so it survives a restart and any instance can
continue it; every read and write runs in a thread, and so does building the .docx.
"""

from __future__ import annotations

import asyncio
from datetime import date

from telegram import Document, Update, User
from telegram.ext import ContextTypes

from bot.commands import command_of
from bot.drafting import Draft, Outcome, load_interview, render
from bot.drafting.checks import check_answer
from bot.drafting.document import build_document
from bot.drafting.examples import example_for
from bot.drafting.polish import polish_answers
from bot.telegram import critique, feedback, keyboards, private
from bot.telegram.common import is_group, services, user_language
from bot.telegram.work import send_long

PENDING_DOCUMENT = "draft_document"  # chat_data: a document sent mid-draft, waiting for the review button


async def active_draft(context: ContextTypes.DEFAULT_TYPE, user: User | None) -> Draft | None:
    """The user's unfinished draft, read from the state database (None without one)."""
    if user is None:
        return None
    data = await asyncio.to_thread(services(context).state.draft, user.id)
    return Draft.from_json(data, load_interview()) if data else None


async def _save(context: ContextTypes.DEFAULT_TYPE, chat_id: int, user: User, draft: Draft) -> None:
    await asyncio.to_thread(services(context).state.save_draft, user_id=user.id, chat_id=chat_id,
                            data=draft.to_json())


def _say(context: ContextTypes.DEFAULT_TYPE, key: str, language: str, **values) -> str:
    return services(context).messages.text(f"drafting.{key}", language, **values)


async def draft_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/borrador: start a guided draft, or offer to resume the unfinished one."""
    user = update.effective_user
    chat_id = update.effective_chat.id
    language = await user_language(context, user)
    if is_group(update):
        await update.effective_message.reply_text(_say(context, "only_private", language))
        return
    draft = await active_draft(context, user)
    if draft is not None:
        interview = load_interview()
        await update.effective_message.reply_text(
            _say(context, "resume_offer", draft.language, number=min(draft.step + 1, interview.total),
                 total=interview.total),
            reply_markup=keyboards.draft_resume(services(context).messages, draft.language))
        return
    await _start(context, chat_id, user, language)


async def _start(context: ContextTypes.DEFAULT_TYPE, chat_id: int, user: User, language: str) -> None:
    draft = Draft(language)
    await _save(context, chat_id, user, draft)
    interview = load_interview()
    await context.bot.send_message(chat_id, _say(context, "intro", language, total=interview.total)
                                   + "\n\n" + _say(context, "commands", language))
    await _ask(context, chat_id, draft)


async def _ask(context: ContextTypes.DEFAULT_TYPE, chat_id: int, draft: Draft) -> None:
    """The current step's question, with its hint, an example and the answer kept for it (after /atras)."""
    svc = services(context)
    interview = load_interview()
    step = draft.current(interview)
    if step is None:
        return
    example = await asyncio.to_thread(example_for, step, draft.language, svc.config.knowledge_dir, interview)
    await send_long(context.bot, chat_id, render.question(draft, interview, svc.messages, example, html=True))


async def draft_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """drf:resume / drf:new under the resume offer; drf:doc reviews a document sent mid-draft."""
    query = update.callback_query
    await query.answer()
    action = query.data.partition(":")[2]
    user, chat_id = update.effective_user, update.effective_chat.id
    await query.edit_message_reply_markup(None)
    if action == "doc":
        await _review_pending_document(context, chat_id, user)
        return
    draft = await active_draft(context, user)
    if action == "resume" and draft is not None:
        await context.bot.send_message(chat_id, _say(context, "resumed", draft.language))
        await _next(context, chat_id, user, draft)  # a draft whose .docx was never delivered is built now
        return
    await _start(context, chat_id, user, await user_language(context, user))


async def take_answer(update: Update, context: ContextTypes.DEFAULT_TYPE, text: str) -> bool:
    """Plain text during a draft is the current step's answer; returns whether there was a draft."""
    user = update.effective_user
    draft = await active_draft(context, user)
    if draft is None:
        return False
    chat_id = update.effective_chat.id
    interview = load_interview()
    if draft.finished(interview):  # its .docx was never delivered (an error while sending): try again
        await _finish(context, chat_id, user, draft)
        return True
    limit = services(context).config.limits.max_draft_answer_chars
    outcome = await asyncio.to_thread(draft.answer, text, interview, check_answer, limit=limit)  # the critic's regexes
    await _save(context, chat_id, user, draft)
    await _tell(context, chat_id, draft, outcome)
    if outcome.kind == "saved":
        await _next(context, chat_id, user, draft)
    return True


async def _tell(context: ContextTypes.DEFAULT_TYPE, chat_id: int, draft: Draft, outcome: Outcome) -> None:
    """What became of an answer, in one message."""
    svc = services(context)
    text = render.outcome(draft, load_interview(), outcome, svc.messages,
                          limit=svc.config.limits.max_draft_answer_chars, html=True)
    await send_long(context.bot, chat_id, text)  # forty weak indicators make more than one message


async def _next(context: ContextTypes.DEFAULT_TYPE, chat_id: int, user: User, draft: Draft) -> None:
    """The next question, or the .docx once the last step is behind."""
    if draft.finished(load_interview()):
        await _finish(context, chat_id, user, draft)
    else:
        await _ask(context, chat_id, draft)


async def _finish(context: ContextTypes.DEFAULT_TYPE, chat_id: int, user: User, draft: Draft) -> None:
    """Build the .docx in a thread, send it, then forget the draft (the officer has it now)."""
    svc = services(context)
    language = draft.language
    if not draft.answered():
        if draft.finished(load_interview()):  # every step skipped: no question left to answer
            await asyncio.to_thread(svc.state.delete_draft, user.id)
            await context.bot.send_message(chat_id, _say(context, "nothing_written_end", language))
        else:
            await context.bot.send_message(chat_id, _say(context, "nothing_written", language))
        return
    await context.bot.send_message(chat_id, _say(context, "building", language))
    today = date.today()
    interview = load_interview()
    polished = None
    chat_model = getattr(svc.coach, "chat_model", None)  # the real Coach's; None offline and in the tests' fake
    if chat_model is not None:
        polished = await asyncio.to_thread(polish_answers, draft.answers, interview, svc.messages, language,
                                           chat_model, svc.config.llm.timeout_seconds)
    content = await asyncio.to_thread(build_document, draft, interview, svc.messages, today=today, polished=polished)
    filename = f"{svc.messages.plain('drafting.file_stem', language)}-{today.isoformat()}.docx"
    await context.bot.send_document(chat_id, document=content, filename=filename,
                                    caption=_say(context, "done_caption", language))
    await asyncio.to_thread(svc.state.delete_draft, user.id)


async def step_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/atras, /seguir, /listo, /cancelar: move through the draft, finish it, or abandon it."""
    user, chat_id = update.effective_user, update.effective_chat.id
    draft = await active_draft(context, user)
    if draft is None:
        language = await user_language(context, user)
        await update.effective_message.reply_text(_say(context, "no_draft", language))
        return
    command = _command_id(update)
    interview = load_interview()
    if command == "cancel":
        await asyncio.to_thread(services(context).state.delete_draft, user.id)
        context.chat_data.pop(PENDING_DOCUMENT, None)
        await update.effective_message.reply_text(_say(context, "cancelled", draft.language))
    elif command == "done":
        await _finish(context, chat_id, user, draft)
    elif command == "back":
        outcome = draft.back()
        await _save(context, chat_id, user, draft)
        if outcome.kind == "at_first_step":
            await update.effective_message.reply_text(_say(context, "at_first_step", draft.language))
        await _ask(context, chat_id, draft)
    else:  # continue: keep the stored answer (if any) and move on
        draft.keep(interview)
        await _save(context, chat_id, user, draft)
        await _next(context, chat_id, user, draft)


async def skip_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/saltar: skips the reason after 👎 when one is awaited, else the current step of a draft."""
    if context.user_data.get(feedback.REASON_KEY) is None:
        user, chat_id = update.effective_user, update.effective_chat.id
        draft = await active_draft(context, user) if not is_group(update) else None
        if draft is not None:
            draft.skip(load_interview())
            await _save(context, chat_id, user, draft)
            await update.effective_message.reply_text(_say(context, "skipped", draft.language))
            await _next(context, chat_id, user, draft)
            return
    await feedback.skip_reason(update, context)


async def document_received(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A document during a draft is offered for critique, never taken as an answer; otherwise it is critiqued."""
    draft = None if is_group(update) else await active_draft(context, update.effective_user)
    if draft is None:
        await critique.document_received(update, context)
        return
    document = update.effective_message.document
    context.chat_data[PENDING_DOCUMENT] = document.to_dict()
    interview = load_interview()
    await update.effective_message.reply_text(
        _say(context, "document_offer", draft.language, number=min(draft.step + 1, interview.total),
             total=interview.total, filename=document.file_name or "document"),
        reply_markup=keyboards.draft_document(services(context).messages, draft.language))


async def _review_pending_document(context: ContextTypes.DEFAULT_TYPE, chat_id: int, user: User) -> None:
    data = context.chat_data.pop(PENDING_DOCUMENT, None)
    if data is None:
        language = await user_language(context, user)
        await context.bot.send_message(chat_id, _say(context, "document_expired", language))
        return
    await critique.review_document(context, chat_id=chat_id, user=user,
                                   document=Document.de_json(data, context.bot))


async def unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """An unknown command in private: during a draft, the draft's commands; otherwise the usual help."""
    draft = await active_draft(context, update.effective_user)
    if draft is None:
        await private.unknown_command(update, context)
        return
    await update.effective_message.reply_text(_say(context, "unknown_command", draft.language) + "\n"
                                              + _say(context, "commands", draft.language))


def _command_id(update: Update) -> str | None:
    return command_of(update.effective_message.text or "")
