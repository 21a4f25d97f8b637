"""One error handler for everything, and a logging filter that keeps the bot token out of logs."""

from __future__ import annotations

import html
import logging
import traceback

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.telegram.common import client_language, services
from bot.telegram.formatting import split_html

log = logging.getLogger(__name__)

REDACTED = "<redacted>"


class RedactSecrets(logging.Filter):
    """Replace secrets (the bot token) in every record that passes through a handler."""

    def __init__(self, secrets: list[str]):
        super().__init__()
        self.secrets = [s for s in secrets if s]

    def redact(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, REDACTED)
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
    """Attach the filter to every root handler (call after logging is configured)."""
    redactor = RedactSecrets([s for s in secrets if s])
    for handler in logging.getLogger().handlers:
        handler.addFilter(redactor)
    # httpx logs each request URL at INFO, and the URL holds the token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    return redactor


async def error_handler(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log the error, apologise briefly in the user's language, send the trace to admins."""
    log.error("error while handling an update", exc_info=context.error)
    svc = context.bot_data.get("services")
    if svc is None:
        return
    if isinstance(update, Update) and update.effective_chat is not None:
        language = client_language(update.effective_user) or "es"
        try:
            if update.effective_user is not None:
                settings = svc.state.settings(update.effective_user.id)  # tiny read; must not fail here
                language = settings.language or language
        except Exception:  # noqa: BLE001 - the error handler must never raise
            pass
        try:
            await context.bot.send_message(update.effective_chat.id, svc.messages.text("error.apology", language))
        except TelegramError:
            log.warning("could not send the apology")
    if svc.config.telegram.send_trace_to_admins and svc.config.telegram.admin_ids and context.error:
        trace = "".join(traceback.format_exception(context.error))
        token = context.bot.token
        trace = trace.replace(token, REDACTED) if token else trace
        where = f"update {update.update_id}" if isinstance(update, Update) else "background task"
        body = f"<b>Error ({html.escape(where)})</b>\n<pre>{html.escape(trace[-12000:])}</pre>"
        for admin_id in svc.config.telegram.admin_ids:
            for part in split_html(body):
                try:
                    await context.bot.send_message(admin_id, part)
                except TelegramError:
                    log.warning("could not send the trace to admin %s", admin_id)
                    break
