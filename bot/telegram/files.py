"""Documents sent to the bot: size and type checks before download, download to data_dir."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

from telegram import Document
from telegram.ext import ContextTypes

from bot.config import Config
from bot.vocabulary import DRAFT_SUFFIXES, IngestAlreadyRunning, UnreadableFile

TELEGRAM_DOWNLOAD_LIMIT_MB = 20.0  # the cloud Bot API cannot hand over bigger files


def suffix(document: Document) -> str:
    return Path(document.file_name or "").suffix.lower()


def refusal(document: Document, config: Config, suffixes: tuple[str, ...] = DRAFT_SUFFIXES) -> tuple[str, dict] | None:
    """The message key (and values) refusing this document, or None if it may be downloaded."""
    limit = min(config.limits.max_file_mb, TELEGRAM_DOWNLOAD_LIMIT_MB)
    size = document.file_size or 0
    if size > limit * 1024 * 1024:
        return "file.too_large", {"size": f"{size / 1024 / 1024:.1f}", "limit": f"{limit:g}"}
    if suffix(document) not in suffixes:
        return "file.unsupported", {}
    return None


@contextlib.asynccontextmanager
async def downloaded(context: ContextTypes.DEFAULT_TYPE, document: Document, config: Config) -> AsyncIterator[Path]:
    """Download to a temporary file under data_dir/tmp; removed afterwards."""
    folder = config.data_dir / "tmp"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{uuid.uuid4().hex}{suffix(document)}"
    try:
        telegram_file = await context.bot.get_file(document.file_id)
        await telegram_file.download_to_drive(path)
        yield path
    finally:
        path.unlink(missing_ok=True)


def unreadable_key(exc: BaseException) -> str | None:
    """The message key explaining an UnreadableFile to the user; None for any other error."""
    if not isinstance(exc, UnreadableFile):
        return None
    if exc.reason_code == "too_large":
        return "file.unreadable_too_large"
    return f"file.{exc.reason_code}"


def is_ingest_running(exc: BaseException) -> bool:
    return isinstance(exc, IngestAlreadyRunning)
