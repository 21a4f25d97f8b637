"""One error handler for everything, and a logging filter that keeps secrets out of logs.

Every secret in ``bot.config.SECRET_VARIABLES`` that is set (the bot token, the webhook
secret, LLM keys, the Chroma token, the state DSN and its password) is redacted from log
lines and from the traces sent to admins.
"""

from __future__ import annotations

import asyncio
import html
import logging
import traceback
from urllib.parse import unquote, urlsplit

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.config import SECRET_VARIABLES, secret
from bot.telegram.common import client_language
from bot.telegram.formatting import split_html
from bot.telegram.health import is_store_unavailable

log = logging.getLogger(__name__)

REDACTED = "<redacted>"


def known_secrets() -> list[str]:
    """The value of every secret variable that is set, plus the password inside a DSN."""
    values = []
    for name in SECRET_VARIABLES:
        value = secret(name)
        if value:
            values.append(value)
            if "://" in value:
                try:
                    password = urlsplit(value).password
                except ValueError:
                    password = None
                if password and len(password) >= 4:  # redacting "pw" everywhere would mangle logs
                    values.append(unquote(password))
    return values


class RedactSecrets(logging.Filter):
    """Replace secrets in every record that passes through a handler."""

    def __init__(self, secrets: list[str]):
        super().__init__()
        # Longest first: a DSN is redacted whole before the password inside it.
        self.secrets = sorted({s for s in secrets if s}, key=len, reverse=True)

    def redact(self, text: str) -> str:
        for value in self.secrets:
            text = text.replace(value, REDACTED)
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = self.redact(message)
        if record.exc_info and record.exc_info[1] is not None:
            # Format the traceback now so the token in it is redacted too.
            record.exc_text = self.redact("".join(traceback.format_exception(*record.exc_info)).rstrip())
            record.exc_info = None
        if cleaned != message or record.args:
            record.msg, record.args = cleaned, ()
        return True


def install_redaction(*secrets: str | None) -> RedactSecrets:
    """Attach a filter for ``secrets`` and every known secret to each root handler (after logging is configured)."""
    redactor = RedactSecrets([*(s for s in secrets if s), *known_secrets()])
    for handler in logging.getLogger().handlers:
        handler.addFilter(redactor)
    # httpx logs each request URL at INFO, and the URL holds the token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    return redactor


async def error_handler(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log the error, apologise briefly in the user's language, send the trace to admins.

    An unreachable index (the Chroma server is down) is an outage, not a bug: the user is told
    to retry in a minute, one warning line is logged and no trace is sent.
    """
    unavailable = is_store_unavailable(context.error)
    if unavailable:
        log.warning("the knowledge index is unavailable: %s", context.error)
    else:
        log.error("error while handling an update", exc_info=context.error)
    svc = context.bot_data.get("services")
    if svc is None:
        return
    if isinstance(update, Update) and update.effective_chat is not None:
        language = client_language(update.effective_user) or "es"
        try:
            if update.effective_user is not None:
                # A tiny read, in a thread: with PostgreSQL it is a network call. Must not fail here.
                settings = await asyncio.to_thread(svc.state.settings, update.effective_user.id)
                language = settings.language or language
        except Exception:  # noqa: BLE001 - the error handler must never raise
            pass
        try:
            # The index server being down is not "something went wrong": say so, and when to retry.
            key = "error.index_unavailable" if unavailable else "error.apology"
            await context.bot.send_message(update.effective_chat.id, svc.messages.text(key, language))
        except TelegramError:
            log.warning("could not send the apology")
    if svc.config.telegram.send_trace_to_admins and svc.config.telegram.admin_ids and context.error \
            and not unavailable:
        trace = "".join(traceback.format_exception(context.error))
        trace = RedactSecrets([context.bot.token, *known_secrets()]).redact(trace)
        where = f"update {update.update_id}" if isinstance(update, Update) else "background task"
        body = f"<b>Error ({html.escape(where)})</b>\n<pre>{html.escape(trace[-12000:])}</pre>"
        for admin_id in svc.config.telegram.admin_ids:
            for part in split_html(body):
                try:
                    await context.bot.send_message(admin_id, part)
                except TelegramError:
                    log.warning("could not send the trace to admin %s", admin_id)
                    break
