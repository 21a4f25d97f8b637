"""Things every handler needs: the services in bot_data, the user's language, who is an admin."""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass, field

from telegram import Update, User
from telegram.constants import ChatType
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.config import Config
from bot.language import detect_language
from bot.messages import Messages
from bot.vocabulary import LANGUAGES, CoachAPI
from bot.state import State
from bot.telegram.limits import GroupBudget, UserQuestionLimit

# Telegram's stand-ins for anonymous group admins and channel posts: never admins.
SERVICE_USER_IDS = frozenset({1087968824, 136817688, 777000})
ADMINS_CACHE_SECONDS = 300.0  # getChatAdministrators is cached this long per group

log = logging.getLogger(__name__)


@dataclass
class Services:
    config: Config
    messages: Messages
    coach: CoachAPI  # the real Coach, or the tests' fake
    state: State
    user_limit: UserQuestionLimit = field(init=False)
    group_budget: GroupBudget = field(init=False)
    chat_admins: dict[int, tuple[float, frozenset[int]]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.user_limit = UserQuestionLimit(self.config.limits.user_questions_per_minute)
        self.group_budget = GroupBudget(self.config.limits.group_messages_per_minute)


def services(context: ContextTypes.DEFAULT_TYPE) -> Services:
    return context.bot_data["services"]


def is_admin(update: Update, config: Config) -> bool:
    """Only numeric ids from config.telegram.admin_ids; never usernames, channels or anonymous admins."""
    message = update.effective_message
    if message is not None and update.callback_query is None and message.sender_chat is not None:
        return False
    user = update.effective_user
    if user is None or user.is_bot or user.id in SERVICE_USER_IDS:
        return False
    return user.id in config.telegram.admin_ids


def is_group(update: Update) -> bool:
    chat = update.effective_chat
    return chat is not None and chat.type in (ChatType.GROUP, ChatType.SUPERGROUP)


async def group_admin_ids(context: ContextTypes.DEFAULT_TYPE, chat_id: int) -> frozenset[int]:
    """The group's administrators as Telegram reports them, cached for a few minutes."""
    svc = services(context)
    cached = svc.chat_admins.get(chat_id)
    if cached is not None and cached[0] > time.monotonic():
        return cached[1]
    try:
        members = await context.bot.get_chat_administrators(chat_id)
    except TelegramError as exc:
        log.warning("getChatAdministrators failed for chat %s: %s", chat_id, exc)
        return cached[1] if cached else frozenset()
    ids = frozenset(m.user.id for m in members
                    if not m.user.is_bot and not getattr(m, "is_anonymous", False) and m.user.id not in SERVICE_USER_IDS)
    svc.chat_admins[chat_id] = (time.monotonic() + ADMINS_CACHE_SECONDS, ids)
    return ids


async def is_facilitator(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """A configured admin, or (in a group) one of its administrators; by numeric user id only."""
    config = services(context).config
    if is_admin(update, config):
        return True
    message = update.effective_message
    if message is not None and update.callback_query is None and message.sender_chat is not None:
        return False  # anonymous admins and channels post as a chat: no user id to check
    user = update.effective_user
    if user is None or user.is_bot or user.id in SERVICE_USER_IDS or not is_group(update):
        return False
    return user.id in await group_admin_ids(context, update.effective_chat.id)


def client_language(user: User | None) -> str | None:
    code = ((user.language_code if user else None) or "")[:2].lower()
    return code if code in LANGUAGES else None


async def user_language(context: ContextTypes.DEFAULT_TYPE, user: User | None, text: str | None = None) -> str:
    """The user's /idioma choice; else the language of ``text``; else Telegram's language_code; else es."""
    svc = services(context)
    if user is not None:
        settings = await asyncio.to_thread(svc.state.settings, user.id)
        if settings.language:
            return settings.language
    fallback = client_language(user) or "es"
    if text:
        return await asyncio.to_thread(detect_language, text, fallback)
    return fallback


async def user_donor(context: ContextTypes.DEFAULT_TYPE, user: User | None) -> str | None:
    if user is None:
        return None
    return (await asyncio.to_thread(services(context).state.settings, user.id)).donor
