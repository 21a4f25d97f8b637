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
CRITIQUE_TYPE = "ctype"  # ctype:<text id> lists the types; ctype:<text id>:<type> re-runs the critique
DRAFT = "drf"            # drf:resume, drf:new (an unfinished draft), drf:doc (review a document sent mid-draft)
FULL_ANSWER_PAYLOAD = "f_"  # t.me/<bot>?start=f_<token>: a group answer in full, in private
CRITIQUE_PAYLOAD = "critica"  # t.me/<bot>?start=critica: critique mode in private


def deep_link(bot_username: str | None, payload: str) -> str | None:
    """t.me/<bot>?start=<payload>; None when the bot's username is unknown."""
    return f"https://t.me/{bot_username}?start={payload}" if bot_username else None


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


def critique_result(turn_id: int, text_id: int, messages: Messages, language: str,
                    alternative: tuple[str, str] | None = None) -> InlineKeyboardMarkup:
    """👍/👎, a button to change the section type the critic assumed and, when it was unsure, one to
    review the text at once as the next most likely type (``alternative``: its id and its name)."""
    rows = list(feedback(turn_id, messages, language).inline_keyboard)
    if alternative is not None:
        kind, name = alternative
        rows.append([InlineKeyboardButton(messages.plain("critique.review_as_button", language, type=name),
                                          callback_data=f"{CRITIQUE_TYPE}:{text_id}:{kind}")])
    rows.append([InlineKeyboardButton(messages.plain("critique.change_type_button", language),
                                      callback_data=f"{CRITIQUE_TYPE}:{text_id}")])
    return InlineKeyboardMarkup(rows)


def section_types(text_id: int, names: dict[str, str]) -> InlineKeyboardMarkup:
    """One button per section type (``names``: type id → name in the reader's language), two a row."""
    buttons = [InlineKeyboardButton(name, callback_data=f"{CRITIQUE_TYPE}:{text_id}:{kind}")
               for kind, name in names.items()]
    return InlineKeyboardMarkup([buttons[i: i + 2] for i in range(0, len(buttons), 2)])


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


def group_answer(turn_id: int, messages: Messages, language: str, full_answer_url: str | None) -> InlineKeyboardMarkup:
    """👍/👎 and, when the answer was cut, a link to read it whole in private."""
    rows = list(feedback(turn_id, messages, language).inline_keyboard)
    if full_answer_url:
        rows.append([InlineKeyboardButton(messages.plain("group.full_answer_button", language), url=full_answer_url)])
    return InlineKeyboardMarkup(rows)


def open_private(url: str | None, messages: Messages, language: str, key: str) -> InlineKeyboardMarkup | None:
    if not url:
        return None
    return InlineKeyboardMarkup([[InlineKeyboardButton(messages.plain(key, language), url=url)]])


def draft_resume(messages: Messages, language: str) -> InlineKeyboardMarkup:
    """Resume the unfinished draft, or start again (never two drafts at once)."""
    return InlineKeyboardMarkup([[
        InlineKeyboardButton(messages.plain("drafting.resume_button", language), callback_data=f"{DRAFT}:resume"),
        InlineKeyboardButton(messages.plain("drafting.restart_button", language), callback_data=f"{DRAFT}:new"),
    ]])


def draft_document(messages: Messages, language: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[InlineKeyboardButton(messages.plain("drafting.document_button", language),
                                                       callback_data=f"{DRAFT}:doc")]])
