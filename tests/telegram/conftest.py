"""An offline bot for handler tests: every Bot API call is answered in-process."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import pytest_asyncio

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from telegram_harness import FakeCoach, make_config, start_harness, stop_harness  # noqa: E402


@pytest.fixture
def coach() -> FakeCoach:
    return FakeCoach()


@pytest_asyncio.fixture
async def bot(tmp_path, coach):
    harness = await start_harness(make_config(tmp_path), coach)
    yield harness
    await stop_harness(harness)
