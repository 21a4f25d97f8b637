"""Every secret in bot.config.SECRET_VARIABLES stays out of logs and out of what admins are sent;
an unreachable index gets its own message, in the user's language, and no trace."""

from __future__ import annotations

import io
import logging

import pytest
import pytest_asyncio

from bot.config import SECRET_VARIABLES
from bot.index.store import StoreError
from bot.telegram.errors import install_redaction
from tests.support.telegram_harness import ADMIN_ID, USER_ID, FakeCoach, make_config, start_harness, stop_harness

DSN_PASSWORD = "pg-Pa55word-77"


@pytest.fixture
def secrets(monkeypatch) -> dict[str, str]:
    values = {name: f"{name.lower()}-value-{i}-x9Qz" for i, name in enumerate(SECRET_VARIABLES)}
    values["COACH_STATE_DSN"] = f"postgresql://coach:{DSN_PASSWORD}@db.internal:5432/coach"
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    return values


@pytest.fixture
def log_output():
    """A root handler writing to a buffer, with the redaction installed like `coach serve` does."""
    buffer = io.StringIO()
    handler = logging.StreamHandler(buffer)
    root = logging.getLogger()
    root.addHandler(handler)
    redactor = install_redaction()
    yield buffer
    root.removeHandler(handler)
    for other in root.handlers:
        other.removeFilter(redactor)


def test_every_secret_variable_is_redacted_from_log_lines_and_tracebacks(secrets, log_output):
    log = logging.getLogger("coach.test")
    for name, value in secrets.items():
        log.warning("%s is %s", name, value)
        try:
            raise RuntimeError(f"provider said: bad key {value}")
        except RuntimeError:
            log.exception("call failed")
    log.warning("driver: password %s rejected", DSN_PASSWORD)  # the password alone, as a driver might print it
    text = log_output.getvalue()
    assert text.count("<redacted>") >= 2 * len(secrets) + 1
    for value in [*secrets.values(), DSN_PASSWORD]:
        assert value not in text


@pytest_asyncio.fixture
async def bot(tmp_path):
    harness = await start_harness(make_config(tmp_path), FakeCoach())
    yield harness
    await stop_harness(harness)


@pytest.mark.asyncio
async def test_admin_traces_are_redacted_of_every_secret(bot, secrets):  # bot first: its state is SQLite
    bot.coach.fail_next_ask = RuntimeError(f"boom: key {secrets['OPENAI_API_KEY']} dsn {secrets['COACH_STATE_DSN']}")
    await bot.text(USER_ID, "¿Qué es un marco lógico?")
    trace = "\n".join(bot.api.texts(ADMIN_ID))
    assert "RuntimeError: boom" in trace and "<redacted>" in trace
    for value in secrets.values():
        assert value not in trace


@pytest.mark.asyncio
@pytest.mark.parametrize("language_code, expected", [
    ("es", "La base de conocimiento no está disponible en este momento"),
    ("en", "The knowledge base is not available right now"),
    ("pt", "A base de conhecimento não está disponível neste momento"),
    ("fr", "La base de connaissances n'est pas disponible pour le moment"),
])
async def test_an_unreachable_index_gets_its_own_message_and_no_trace(bot, language_code, expected):
    try:
        raise StoreError("cannot reach the Chroma server at 10.0.0.5:8000: [Errno 111] Connection refused")
    except StoreError as cause:
        bot.coach.fail_next_ask = RuntimeError("search failed")
        bot.coach.fail_next_ask.__cause__ = cause
    await bot.text(USER_ID, "Hola", language_code=language_code)
    assert bot.api.texts(USER_ID)[-1].startswith(expected)
    assert not bot.api.texts(ADMIN_ID)  # an outage is not a bug: no trace for admins
    await bot.text(USER_ID, "¿Y ahora?", language_code=language_code)  # still up
    assert "Respuesta a" in bot.api.texts(USER_ID)[-1]
