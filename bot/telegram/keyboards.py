"""Inline keyboards and the callback data they carry (short: Telegram allows 64 bytes)."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.messages import Messages

# Callback data prefixes, matched by the handlers' patterns.
ASK_EXAMPLE = "ask"      # ask:<language>:<index>
FEEDBACK = "fb"          # fb:<+|->:<turn id>
SOURCE = "src"           # src:<turn id>:<index>
CRITIQUE_PASTE = "crit"  # crit:<paste id>
ASK_PASTE = "askp"       # askp:<paste id>


def examples(messages: Messages, language: str) -> InlineKeyboardMarkup:
    items = messages.items("start.examples", language)
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(text, callback_data=f"{ASK_EXAMPLE}:{language}:{i}")] for i, text in enumerate(items)]
    )


def feedback(turn_id: int, messages: Messages, language: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[
        InlineKeyboardButton(messages.plain("answer.feedback_up", language), callback_data=f"{FEEDBACK}:+:{turn_id}"),
        InlineKeyboardButton(messages.plain("answer.feedback_down", language), callback_data=f"{FEEDBACK}:-:{turn_id}"),
    ]])


def sources(turn_id: int, count: int) -> InlineKeyboardMarkup:
    buttons = [InlineKeyboardButton(str(i + 1), callback_data=f"{SOURCE}:{turn_id}:{i}") for i in range(count)]
    return InlineKeyboardMarkup([buttons[i : i + 5] for i in range(0, len(buttons), 5)])


def critique_offer(paste_id: int, messages: Messages, language: str, *, can_ask: bool) -> InlineKeyboardMarkup:
    rows = [[InlineKeyboardButton(messages.plain("critique.offer_button", language),
                                  callback_data=f"{CRITIQUE_PASTE}:{paste_id}")]]
    if can_ask:
        rows.append([InlineKeyboardButton(messages.plain("critique.ask_button", language),
                                          callback_data=f"{ASK_PASTE}:{paste_id}")])
    return InlineKeyboardMarkup(rows)
