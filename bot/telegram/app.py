"""Wiring only: build the Application, open the services once, run by polling or webhook.

``run(config)`` is what ``coach serve`` calls. Updates from different chats are handled
concurrently; one chat's updates are handled in order (``PerChatUpdateProcessor``). All
slow work (the coach, SQLite, file parsing) runs in threads, so the event loop never blocks.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from telegram import BotCommand, BotCommandScopeAllGroupChats, LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.ext import (
    AIORateLimiter,
    Application,
    BaseUpdateProcessor,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    Defaults,
    MessageHandler,
    filters,
)
from telegram.request import BaseRequest

from bot.commands import menu, names
from bot.config import Config, ConfigError, secret
from bot.drafting import load_interview
from bot.messages import Messages
from bot.vocabulary import LANGUAGES
from bot.state import State
from bot.telegram import admin, critique, drafting, feedback, groups, private, routing
from bot.telegram.health import schedule_index_refresh
from bot.telegram.common import Services
from bot.telegram.errors import error_handler, install_redaction

log = logging.getLogger(__name__)

CoachFactory = Callable[[Config], Any]

PURGE_EVERY_SECONDS = 6 * 3600
MAX_CONCURRENT_UPDATES = 256


class PerChatUpdateProcessor(BaseUpdateProcessor):
    """Concurrent across chats, in order within one chat."""

    def __init__(self, max_concurrent_updates: int):
        super().__init__(max_concurrent_updates)
        self._locks: dict[int, asyncio.Lock] = {}
        self._users: dict[int, int] = {}

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        key = _chat_key(update)
        if key is None:
            await coroutine
            return
        lock = self._locks.setdefault(key, asyncio.Lock())
        self._users[key] = self._users.get(key, 0) + 1
        try:
            async with lock:
                await coroutine
        finally:
            self._users[key] -= 1
            if not self._users[key]:  # forget idle chats
                del self._users[key], self._locks[key]

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass


def _chat_key(update: object) -> int | None:
    if isinstance(update, Update):
        if update.effective_chat is not None:
            return update.effective_chat.id
        if update.effective_user is not None:
            return update.effective_user.id
    return None


def build_application(config: Config, coach_factory: CoachFactory, *, token: str | None = None,
                      request: BaseRequest | None = None, get_updates_request: BaseRequest | None = None,
                      rate_limiter: bool = True) -> Application:
    """The bot with every handler registered; the coach is built later, in post_init."""
    token = token or secret("TELEGRAM_BOT_TOKEN")
    if not token:
        raise ConfigError("TELEGRAM_BOT_TOKEN is not set: export the token from @BotFather to run the bot")
    messages = Messages.load()  # fails loudly now, not in front of a user
    builder = (
        Application.builder()
        .token(token)
        .base_url(config.telegram.base_url)
        .base_file_url(config.telegram.base_file_url)
        .defaults(Defaults(parse_mode=ParseMode.HTML, link_preview_options=LinkPreviewOptions(is_disabled=True)))
        .concurrent_updates(PerChatUpdateProcessor(MAX_CONCURRENT_UPDATES))
        .post_init(_post_init)
        .post_shutdown(_post_shutdown)
    )
    if rate_limiter:  # queues sends beyond Telegram's limits (per group: limits.group_messages_per_minute)
        builder = builder.rate_limiter(AIORateLimiter(
            max_retries=3, group_max_rate=config.limits.group_messages_per_minute, group_time_period=60,
        ))
    if request is not None:
        builder = builder.request(request).get_updates_request(get_updates_request or request)
    else:
        builder = builder.get_updates_read_timeout(config.telegram.poll_timeout + 10)
    application = builder.build()
    application.bot_data["config"] = config
    application.bot_data["messages"] = messages
    application.bot_data["coach_factory"] = coach_factory
    add_handlers(application)
    return application


def add_handlers(application: Application) -> None:
    new_message = filters.UpdateType.MESSAGE
    private_chat = filters.ChatType.PRIVATE
    # Group -1 guards: edited messages are not handled again; in groups only what is addressed
    # to this bot goes on (and with /taller off, only commands).
    application.add_handler(MessageHandler(filters.UpdateType.EDITED, routing.edited_guard), group=-1)
    application.add_handler(MessageHandler(filters.ChatType.GROUPS & new_message, routing.group_guard), group=-1)

    application.add_handlers([
        CommandHandler(names("start"), private.start),
        CommandHandler(names("ask"), groups.ask_command),
        CommandHandler(names("workshop"), groups.workshop_command),
        CommandHandler(names("digest"), groups.digest_command),
        CommandHandler(names("help"), private.help_command),
        CommandHandler(names("critique"), critique.critique_command),
        CommandHandler(names("sources"), private.sources),
        CommandHandler(names("lang"), private.set_language),
        CommandHandler(names("donor"), private.set_donor),
        CommandHandler(names("reset"), private.reset),
        CommandHandler(names("skip"), drafting.skip_command),
        CommandHandler(names("draft"), drafting.draft_command),
        CommandHandler(names("back") + names("continue") + names("done") + names("cancel"), drafting.step_command,
                       filters=private_chat),
        CommandHandler(names("reingest"), admin.reingest),
        CommandHandler(names("stats"), admin.stats),
        CommandHandler(names("add"), admin.add_document),
        MessageHandler(filters.Document.ALL & filters.CaptionRegex(r"^/add(@\w+)?(\s|$)"), admin.add_document),
        MessageHandler(filters.Document.ALL & new_message, drafting.document_received),
        MessageHandler(filters.TEXT & ~filters.COMMAND & filters.ChatType.PRIVATE & new_message, routing.private_text),
        MessageHandler(filters.TEXT & ~filters.COMMAND & filters.ChatType.GROUPS & new_message, routing.group_text),
        MessageHandler(filters.COMMAND & private_chat & new_message, drafting.unknown_command),
        MessageHandler(filters.COMMAND & filters.ChatType.GROUPS & new_message, groups.unknown_group_command),
        MessageHandler(private_chat & new_message & ~filters.TEXT & ~filters.Document.ALL
                       & ~filters.StatusUpdate.ALL, private.unsupported_message),
        CallbackQueryHandler(private.example_pressed, pattern=r"^ask:(es|en|pt|fr):\d+$"),
        CallbackQueryHandler(feedback.feedback_pressed, pattern=r"^fb:[+-]:\d+$"),
        CallbackQueryHandler(private.source_pressed, pattern=r"^src:\d+:\d+$"),
        CallbackQueryHandler(critique.paste_button, pattern=r"^(crit|askp):\d+$"),
        CallbackQueryHandler(critique.type_button, pattern=r"^ctype:\d+(:[a-z_]+)?$"),
        CallbackQueryHandler(drafting.draft_button, pattern=r"^drf:(resume|new|doc)$"),
        CallbackQueryHandler(private.stale_button),
    ])
    application.add_error_handler(error_handler)


async def _post_init(application: Application) -> None:
    """Open the services once: the coach (slow) and the state database (SQLite, or PostgreSQL
    when COACH_STATE_DSN is set), in threads."""
    config: Config = application.bot_data["config"]
    coach = await asyncio.to_thread(application.bot_data["coach_factory"], config)
    state = await asyncio.to_thread(
        State.open, config.data_dir, retention_days=config.state.retention_days,
        keep_pasted_text=config.state.keep_pasted_text,
    )
    application.bot_data["services"] = Services(config, application.bot_data["messages"], coach, state)
    await asyncio.to_thread(critique.heading_words)  # parses the rubric: not on the first long message
    await asyncio.to_thread(load_interview)  # prompts/drafting.toml, checked now: not on the first /borrador
    await set_commands(application)
    if application.job_queue is not None:
        application.job_queue.run_repeating(_purge, interval=PURGE_EVERY_SECONDS, first=PURGE_EVERY_SECONDS)
    schedule_index_refresh(application)  # follow another instance's /reingest (http mode)
    log.info("bot @%s ready", application.bot.username)


async def _post_shutdown(application: Application) -> None:
    svc: Services | None = application.bot_data.pop("services", None)
    if svc is None:
        return
    await asyncio.to_thread(svc.coach.close)
    await asyncio.to_thread(svc.state.close)


async def _purge(context: ContextTypes.DEFAULT_TYPE) -> None:
    deleted = await asyncio.to_thread(context.bot_data["services"].state.purge_expired)
    log.info("retention: %d old rows deleted", deleted)


async def set_commands(application: Application) -> None:
    """The command menu: Spanish by default, English (and pt/fr descriptions) by language_code."""
    messages: Messages = application.bot_data["messages"]
    for language in LANGUAGES:
        commands = [BotCommand(name, messages.plain(f"commands.{command}", language))
                    for name, command in menu("private", language)]
        await application.bot.set_my_commands(commands, language_code=None if language == "es" else language)
        in_groups = [BotCommand(name, messages.plain(f"commands.{command}", language))
                     for name, command in menu("groups", language)]
        await application.bot.set_my_commands(in_groups, scope=BotCommandScopeAllGroupChats(),
                                              language_code=None if language == "es" else language)


def run(config: Config) -> None:
    """Run the bot until SIGINT/SIGTERM: long polling, or a webhook when telegram.webhook_url is set."""
    if not logging.getLogger().handlers:
        logging.basicConfig(format="%(asctime)s %(levelname)s %(name)s: %(message)s", level=logging.INFO)
    token = secret("TELEGRAM_BOT_TOKEN")
    webhook_secret = secret("TELEGRAM_WEBHOOK_SECRET")
    install_redaction(token, webhook_secret)  # and every other secret that is set
    logging.getLogger("apscheduler").setLevel(logging.WARNING)  # not two lines per index refresh
    from bot.coach import Coach  # heavy imports only when really serving

    application = build_application(config, Coach.open, token=token)
    telegram = config.telegram
    if telegram.webhook_url:
        if not webhook_secret:
            raise ConfigError("telegram.webhook_url is set but TELEGRAM_WEBHOOK_SECRET is not")
        application.run_webhook(
            listen=telegram.webhook_listen, port=telegram.webhook_port, url_path=telegram.webhook_path,
            webhook_url=telegram.webhook_url, secret_token=webhook_secret, allowed_updates=Update.ALL_TYPES,
        )
    else:
        application.run_polling(allowed_updates=Update.ALL_TYPES, timeout=telegram.poll_timeout)
