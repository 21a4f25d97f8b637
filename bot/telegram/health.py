"""Keeping one instance in step with the shared services: the index pointer, and store outages.

In http mode several bot instances share one Chroma server. An admin's /reingest on one
of them switches the index pointer; every other instance follows it on the JobQueue every
``telegram.index_refresh_seconds``. While the server is down, questions get a clear
"not available right now" message (see errors.py) and this job keeps trying, so the bot
recovers by itself once the server is back.
"""

from __future__ import annotations

import asyncio
import logging

from telegram.ext import Application, ContextTypes

from bot.index.store import StoreError

log = logging.getLogger(__name__)

INDEX_DOWN = "index_unreachable_since"  # bot_data key: when the last refresh failed, for one log line per outage


def is_store_unavailable(error: BaseException | None) -> bool:
    """True if ``error`` (or an exception it was raised from) means the index cannot be reached."""
    seen = 0
    while error is not None and seen < 10:
        if isinstance(error, StoreError):
            return True
        error = error.__cause__ or error.__context__
        seen += 1
    return False


def schedule_index_refresh(application: Application) -> None:
    """Follow the index pointer every ``telegram.index_refresh_seconds`` (no-op without a JobQueue)."""
    if application.job_queue is None:
        return
    interval = application.bot_data["config"].telegram.index_refresh_seconds
    application.job_queue.run_repeating(refresh_index, interval=interval, first=interval, name="index-refresh",
                                        job_kwargs={"max_instances": 1, "coalesce": True})


async def refresh_index(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Load a new index generation if another instance switched to one; never raises."""
    svc = context.bot_data.get("services")
    if svc is None:
        return
    try:
        changed = await asyncio.to_thread(svc.coach.refresh_index)
    except Exception as exc:  # noqa: BLE001 - a background job: log, keep serving, try again next time
        if context.bot_data.get(INDEX_DOWN) is None:
            context.bot_data[INDEX_DOWN] = True
            if is_store_unavailable(exc):
                log.warning("index refresh failed, will keep trying: %s", exc)
            else:
                log.warning("index refresh failed, will keep trying", exc_info=exc)
        return
    if context.bot_data.pop(INDEX_DOWN, None) is not None:
        log.info("index reachable again")
    if changed:
        log.info("index refresh: now serving generation %s", svc.coach.search.snapshot().generation)
