"""Wiring: the token is required, a webhook needs its secret, the processor keeps chat order."""

from __future__ import annotations

import asyncio

import pytest
from telegram import Update

from bot.config import Config, ConfigError, TelegramConfig
from bot.telegram import app as telegram_app
from bot.telegram.app import PerChatUpdateProcessor, build_application


def test_missing_token_is_a_clear_error(monkeypatch):
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    with pytest.raises(ConfigError, match="TELEGRAM_BOT_TOKEN"):
        build_application(Config(), lambda c: None)


def test_webhook_without_secret_refuses_to_start(monkeypatch):
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "1:A")
    monkeypatch.delenv("TELEGRAM_WEBHOOK_SECRET", raising=False)
    config = Config(telegram=TelegramConfig(webhook_url="https://coach.example.org/telegram"))
    monkeypatch.setattr("bot.telegram.app.build_application", lambda *a, **k: None)
    import sys
    import types

    monkeypatch.setitem(sys.modules, "bot.coach", types.SimpleNamespace(Coach=types.SimpleNamespace(open=None)))
    with pytest.raises(ConfigError, match="TELEGRAM_WEBHOOK_SECRET"):
        telegram_app.run(config)


async def test_processor_runs_chats_concurrently_but_one_chat_in_order():
    processor = PerChatUpdateProcessor(16)
    log: list[str] = []

    def update(chat_id: int) -> Update:
        return Update.de_json({"update_id": 1, "message": {
            "message_id": 1, "date": 0, "chat": {"id": chat_id, "type": "private"},
            "from": {"id": chat_id, "is_bot": False, "first_name": "U"}, "text": "x"}}, None)

    async def work(name: str, delay: float) -> None:
        log.append(f"start {name}")
        await asyncio.sleep(delay)
        log.append(f"end {name}")

    await asyncio.gather(
        processor.process_update(update(1), work("a1", 0.05)),
        processor.process_update(update(1), work("a2", 0.0)),
        processor.process_update(update(2), work("b1", 0.0)),
    )
    assert log.index("end a1") < log.index("start a2")  # same chat: in order
    assert log.index("end b1") < log.index("end a1")  # other chat: not held up
    assert not processor._locks  # idle chats are forgotten
