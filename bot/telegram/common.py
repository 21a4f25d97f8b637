"""Things every handler needs: the services in bot_data, the user's language, who is an admin."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from telegram import Update, User
from telegram.ext import ContextTypes

from bot.config import Config
from bot.language import detect_language
from bot.messages import Messages
from bot.models import LANGUAGES
from bot.state import State

if TYPE_CHECKING:  # the Coach is only ever handed to us, never built here
    from bot.coach import Coach

# Telegram's stand-ins for anonymous group admins and channel posts: never admins.
SERVICE_USER_IDS = frozenset({1087968824, 136817688, 777000})


@dataclass
class Services:
    config: Config
    messages: Messages
    coach: Coach | Any
    state: State


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
