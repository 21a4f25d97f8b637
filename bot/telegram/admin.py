"""Admin commands: /reingest (in the background, one progress message), /add, /stats.

Admins are numeric ids from config.telegram.admin_ids only; everyone else is refused
politely and nothing happens.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import time

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import Application, ContextTypes

from bot.telegram import files, quality
from bot.telegram.common import is_admin, services, user_language
from bot.vocabulary import KNOWLEDGE_SUFFIXES

log = logging.getLogger(__name__)

INGEST_TASK = "ingest_task"


def admin_only(handler):
    """Refuse politely unless the sender is an admin by numeric id."""

    @functools.wraps(handler)
    async def guarded(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        if not is_admin(update, services(context).config):
            language = await user_language(context, update.effective_user)
            text = services(context).messages.text("admin.refused", language)
            if update.callback_query is not None:
                await update.callback_query.answer(services(context).messages.plain("admin.refused", language))
            else:
                await update.effective_message.reply_text(text)
            return
        await handler(update, context)

    return guarded


def ingest_running(application: Application) -> bool:
    task = application.bot_data.get(INGEST_TASK)
    return task is not None and not task.done()


@admin_only
async def reingest(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/reingest: rebuild the index in the background while questions keep being answered."""
    language = await user_language(context, update.effective_user)
    await start_reingest(context.application, update.effective_chat.id, language)


async def start_reingest(application: Application, chat_id: int, language: str) -> bool:
    svc = application.bot_data["services"]
    if ingest_running(application):
        await application.bot.send_message(chat_id, svc.messages.text("admin.reingest_running", language))
        return False
    message = await application.bot.send_message(chat_id, svc.messages.text("admin.reingest_started", language))
    task = application.create_task(_run_ingest(application, message, language), name="reingest")
    application.bot_data[INGEST_TASK] = task
    return True


async def _run_ingest(application: Application, message, language: str) -> None:
    svc = application.bot_data["services"]
    interval = svc.config.telegram.progress_edit_seconds
    loop = asyncio.get_running_loop()
    latest: dict[str, object] = {}

    def progress(event) -> None:  # called in the worker thread
        loop.call_soon_threadsafe(latest.__setitem__, "event", event)

    async def edit(text: str) -> None:
        try:
            await message.edit_text(text)
        except TelegramError as exc:  # e.g. "message is not modified"
            log.debug("progress edit failed: %s", exc)

    work = asyncio.ensure_future(asyncio.to_thread(svc.coach.ingest, progress=progress))
    shown = None
    last_edit = time.monotonic()
    while not work.done():
        await asyncio.wait({work}, timeout=interval)
        event = latest.get("event")
        if work.done() or event is None or event == shown or time.monotonic() - last_edit < interval:
            continue
        shown, last_edit = event, time.monotonic()
        await edit(svc.messages.text("admin.reingest_progress", language, stage=event.stage,
                                     done=event.done, total=event.total))
    try:
        summary = work.result()
    except Exception as exc:
        if files.is_ingest_running(exc):
            await edit(svc.messages.text("admin.reingest_running", language))
            return
        log.exception("re-ingest failed")
        await edit(svc.messages.text("admin.reingest_failed", language))
        return
    await edit(svc.messages.text(
        "admin.reingest_done", language, seconds=f"{summary.seconds:.1f}", added=len(summary.added),
        changed=len(summary.changed), removed=len(summary.removed), unchanged=summary.unchanged,
        skipped=len(summary.skipped), chunks=summary.chunks,
    ) + ("\n\n" + svc.messages.text("admin.stale", language, documents=", ".join(summary.stale))
         if summary.stale else ""))
    await report_quality(application, message.chat_id, language)


async def report_quality(application: Application, chat_id: int, language: str) -> None:
    """Evaluate retrieval on the question set (in a thread) and warn when it got worse than last time."""
    svc = application.bot_data["services"]
    path = application.bot_data.get("eval_questions") or svc.coach.config.evaluation_questions
    if not path.exists():
        log.warning("no evaluation after re-ingest: %s does not exist", path)
        return
    try:
        check = await asyncio.to_thread(quality.check_quality, svc.coach, svc.state, path)
    except Exception:
        log.exception("evaluation after re-ingest failed")
        await application.bot.send_message(chat_id, svc.messages.text("admin.eval_failed", language))
        return
    metrics = check.metrics
    text = svc.messages.text("admin.eval_done", language, hit5=f"{metrics['hit@5']:.3f}",
                             abstention=f"{metrics['abstention']:.3f}", questions=metrics["questions"])
    if check.drops:
        details = ", ".join(f"{name} {before:.3f} → {now:.3f}" for name, before, now in check.drops)
        text += "\n" + svc.messages.text("admin.eval_dropped", language, details=details)
    await application.bot.send_message(chat_id, text)


@admin_only
async def add_document(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A document with caption /add, or /add in reply to one: add it to the knowledge base, then re-ingest."""
    svc = services(context)
    message = update.effective_message
    language = await user_language(context, update.effective_user)
    document = message.document or (message.reply_to_message.document if message.reply_to_message else None)
    if document is None:
        await message.reply_text(svc.messages.text("admin.add_usage", language))
        return
    refused = files.refusal(document, svc.config, suffixes=KNOWLEDGE_SUFFIXES)
    if refused is not None:
        key, values = refused
        await message.reply_text(svc.messages.text(key, language, **values))
        return
    filename = document.file_name or "document"
    try:
        async with files.downloaded(context, document, svc.config) as path:
            await asyncio.to_thread(svc.coach.add_document, path, filename)
    except Exception as exc:
        key = files.unreadable_key(exc)
        if key is None:
            raise
        await message.reply_text(svc.messages.text(key, language))
        return
    await message.reply_text(svc.messages.text("admin.added", language, filename=filename))
    await start_reingest(context.application, update.effective_chat.id, language)


@admin_only
async def stats(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/stats: users, questions, critiques, feedback, index size, last ingest."""
    svc = services(context)
    language = await user_language(context, update.effective_user)
    counts = await asyncio.to_thread(svc.state.counts)
    index = await asyncio.to_thread(svc.coach.stats)
    text = svc.messages.text(
        "admin.stats", language, users=counts["users"], questions=counts["questions"],
        abstained=counts["abstained"], critiques=counts["critiques"], up=counts["feedback_up"],
        down=counts["feedback_down"], chunks=index.get("chunks", 0), documents=index.get("documents", 0),
        last_ingest=index.get("last_ingest") or svc.messages.plain("admin.never", language),
    )
    if index.get("stale"):
        text += "\n\n" + svc.messages.text("admin.stale", language, documents=", ".join(index["stale"]))
    await update.effective_message.reply_text(text)
