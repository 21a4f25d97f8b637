"""PostgreSQL-only behaviour of the state: reconnecting after a restart, clear errors, no DSN echoed."""

from __future__ import annotations

import pytest

from bot.state import State, StateError
from tests.support.servers import free_port


@pytest.mark.e2e
def test_postgres_restart_is_survived_without_reopening(postgres):
    """The connection breaks when the server restarts; the next call reconnects by itself."""
    state = State.open(None, dsn=postgres.dsn(postgres.new_schema()))
    state.set_donor(9, "idb")
    postgres.restart()
    assert state.settings(9).donor == "idb"
    state.add_turn(chat_id=9, user_id=9, kind="question", question="after restart", answer="a")
    assert [t.question for t in state.history(9, 9, 4)] == ["after restart"]
    state.close()


def test_a_bad_dsn_is_refused_without_echoing_it(tmp_path):
    with pytest.raises(StateError) as error:
        State.open(tmp_path, dsn="mysql://coach:s3cret-pass@db/coach")
    assert "s3cret-pass" not in str(error.value) and "postgresql://" in str(error.value)


@pytest.mark.e2e
def test_an_unreachable_database_fails_clearly(postgres):
    with pytest.raises(StateError, match="COACH_STATE_DSN") as error:
        State.open(None, dsn=f"postgresql://coach:s3cret-pass@127.0.0.1:{free_port()}/coach")
    assert "s3cret-pass" not in str(error.value)
