"""The application over real HTTP: long polling against the fake Bot API server on 127.0.0.1."""

from __future__ import annotations

import time

import pytest
from tests.support.fake_bot_api import FakeBotApi
from tests.support.fake_bot_transport import FakeBotApiServer
from tests.support.telegram_harness import FakeCoach, make_config

from bot.config import Config, TelegramConfig
from bot.telegram.app import build_application

pytestmark = pytest.mark.asyncio


class SlowCoach(FakeCoach):
    def ask(self, question, **kwargs):
        time.sleep(0.4)  # blocking, like the real thing: must not block other chats
        return super().ask(question, **kwargs)


async def test_polling_answers_many_chats_concurrently_and_one_chat_in_order(tmp_path):
    api = FakeBotApi()
    coach = SlowCoach()
    with FakeBotApiServer(api) as server:
        base = make_config(tmp_path)
        config = Config(paths=base.paths, limits=base.limits, state=base.state,
                        telegram=TelegramConfig(base_url=server.base_url, base_file_url=server.base_file_url,
                                                poll_timeout=1, admin_ids=(1,)))
        app = build_application(config, lambda _c: coach, token=api.token)
        await app.initialize()
        await app.post_init(app)
        await app.start()
        await app.updater.start_polling(timeout=1, poll_interval=0)
        try:
            started = time.monotonic()
            for user in range(100, 110):
                api.push(api.text_update(user, f"¿Pregunta del usuario {user}?"))
            api.push(api.text_update(100, "¿Segunda pregunta?"))
            await api.wait_for_async(
                lambda: all(any("Respuesta a" in t for t in api.texts(u)) for u in range(100, 110))
                and sum("Respuesta a" in t for t in api.texts(100)) == 2, timeout=15)
            elapsed = time.monotonic() - started
            assert elapsed < 3.5, elapsed  # ten 0.4 s answers were not handled one after another
            first, second = [t for t in api.texts(100) if "Respuesta a" in t]
            assert "usuario 100" in first and "Segunda" in second  # one chat stays in order
            assert [t.question for t in coach.asked[-1]["history"]] == ["¿Pregunta del usuario 100?"]
            # getUpdates used offsets (confirmed updates are not delivered twice)
            assert len(coach.asked) == 11
            file_id = api.add_file(b"hello", "documents/x.txt")
            downloaded = await (await app.bot.get_file(file_id)).download_as_bytearray()
            assert bytes(downloaded) == b"hello"
        finally:
            await app.updater.stop()
            await app.stop()
            await app.post_shutdown(app)
            await app.shutdown()
    assert coach.closed
