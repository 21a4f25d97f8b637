"""Long work as the user sees it: a typing indicator renewed while the work runs, and a
short "working…" message that is edited into the first part of the result."""

from __future__ import annotations

import asyncio
import contextlib
import logging

from telegram import Bot, InlineKeyboardMarkup, Message
from telegram.constants import ChatAction
from telegram.error import TelegramError

from bot.telegram.formatting import split_html, strip_html

log = logging.getLogger(__name__)

TYPING_EVERY_SECONDS = 4.0  # Telegram shows a chat action for about 5 s


def parts_to_send(html: str) -> list[str]:
    """Split into ≤4096-character parts, dropping any that would show nothing."""
    return [part for part in split_html(html) if strip_html(part).strip()] or [html or "…"]


async def send_long(bot: Bot, chat_id: int, html: str, *, reply_markup: InlineKeyboardMarkup | None = None,
                    reply_to_message_id: int | None = None, first: Message | None = None) -> list[Message]:
    """Send ``html`` in parts; ``first`` is an existing message edited into part one.

    The keyboard goes under the last part.
    """
    parts = parts_to_send(html)
    sent: list[Message] = []
    for index, part in enumerate(parts):
        markup = reply_markup if index == len(parts) - 1 else None
        if index == 0 and first is not None:
            edited = await first.edit_text(part, reply_markup=markup)
            sent.append(edited if isinstance(edited, Message) else first)
        else:
            sent.append(
                await bot.send_message(
                    chat_id, part, reply_markup=markup,
                    reply_to_message_id=reply_to_message_id if index == 0 else None,
                    allow_sending_without_reply=True,
                )
            )
    return sent


class Working:
    """``async with Working(bot, chat_id, "⏳ …") as work: ... await work.deliver(html)``."""

    def __init__(self, bot: Bot, chat_id: int, working_text: str, *, reply_to_message_id: int | None = None):
        self.bot = bot
        self.chat_id = chat_id
        self.working_text = working_text
        self.reply_to_message_id = reply_to_message_id
        self.placeholder: Message | None = None
        self._typing: asyncio.Task | None = None
        self.delivered = False

    async def __aenter__(self) -> Working:
        self._typing = asyncio.create_task(self._keep_typing())
        self.placeholder = await self.bot.send_message(
            self.chat_id, self.working_text, reply_to_message_id=self.reply_to_message_id
        )
        return self

    async def _keep_typing(self) -> None:
        while True:
            try:
                await self.bot.send_chat_action(self.chat_id, ChatAction.TYPING)
            except TelegramError as exc:  # the indicator is cosmetic
                log.debug("chat action failed: %s", exc)
            await asyncio.sleep(TYPING_EVERY_SECONDS)

    async def deliver(self, html: str, reply_markup: InlineKeyboardMarkup | None = None) -> list[Message]:
        self._stop_typing()
        sent = await send_long(self.bot, self.chat_id, html, reply_markup=reply_markup, first=self.placeholder)
        self.delivered = True
        return sent

    def _stop_typing(self) -> None:
        if self._typing is not None:
            self._typing.cancel()
            self._typing = None

    async def __aexit__(self, exc_type, exc, tb) -> None:
        self._stop_typing()
        if not self.delivered and self.placeholder is not None:
            # The error handler (or the caller) says what went wrong; don't leave "working…".
            with contextlib.suppress(TelegramError):
                await self.placeholder.delete()
