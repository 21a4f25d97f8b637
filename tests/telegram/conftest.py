"""An offline bot for handler tests: every Bot API call is answered in-process."""

from __future__ import annotations


import pytest
import pytest_asyncio

from tests.support.telegram_harness import FakeCoach, make_config, start_harness, stop_harness


@pytest.fixture
def coach() -> FakeCoach:
    return FakeCoach()


@pytest_asyncio.fixture
async def bot(tmp_path, coach):
    harness = await start_harness(make_config(tmp_path), coach)
    yield harness
    await stop_harness(harness)
