"""What the bot remembers between messages and restarts: SQLite under data_dir, or PostgreSQL.

User settings, conversation turns (for follow-ups, kept ``retention_days``),
feedback, pasted text waiting for a critique, guided drafts, and tables for groups. Every
method is blocking: call it with ``asyncio.to_thread`` from handlers. One
connection is shared behind a lock.

SQLite (the default) suits one bot process; WAL lets readers (e.g. ``coach stats``)
open the file meanwhile. Several bot instances on different machines share one
PostgreSQL database instead: set ``COACH_STATE_DSN=postgresql://user:pass@host/db``.
The SQL and its two backends live in bot/state/backends.py.
"""

from __future__ import annotations

import json
import logging
import secrets
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.models import Turn
from bot.state.backends import SQLiteDialect, StateError, dialect_for

log = logging.getLogger(__name__)

__all__ = ["GroupSettings", "State", "StateError", "StoredTurn", "UserSettings"]


@dataclass(frozen=True)
class UserSettings:
    language: str | None = None
    donor: str | None = None


@dataclass(frozen=True)
class GroupSettings:
    """Workshop mode on: mentions and replies are answered, not only commands.

    Critiques are offered in private unless a facilitator enables them for the group.
    """

    workshop_mode: bool = True
    critiques_enabled: bool = False
    language: str | None = None


@dataclass(frozen=True)
class StoredTurn:
    id: int
    chat_id: int
    user_id: int
    kind: str
    question: str
    answer: str
    language: str | None
    abstained: bool
    passage_ids: tuple[str, ...]
    created: float


class State:
    """The bot's store. ``State.open(data_dir)``; ``close()`` when done.

    ``dsn``: None reads COACH_STATE_DSN from the environment (PostgreSQL when set);
    "" forces SQLite under ``data_dir``.
    """

    def __init__(self, dialect: SQLiteDialect, *, retention_days: int = 30,
                 keep_pasted_text: bool = False, clock=time.time):
        self._dialect = dialect
        self._db = dialect.connect()
        self._lock = threading.Lock()
        self.retention_days = retention_days
        self.keep_pasted_text = keep_pasted_text
        self._clock = clock

    @classmethod
    def open(cls, data_dir: Path | None, *, retention_days: int = 30, keep_pasted_text: bool = False,
             clock=time.time, dsn: str | None = None) -> State:
        dialect = dialect_for(data_dir, dsn)
        state = cls(dialect, retention_days=retention_days, keep_pasted_text=keep_pasted_text, clock=clock)
        try:
            with state._lock:
                dialect.create_schema(state._db)
            state.purge_expired()
        except BaseException:
            state.close()
            raise
        return state

    @property
    def backend(self) -> str:
        """"sqlite" or "postgresql"."""
        return self._dialect.name

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def _run(self, work: Callable[[Any], Any]) -> Any:
        """``work(connection)`` in one transaction, under the lock.

        A PostgreSQL connection that broke (server restart, network) is replaced and the
        work tried once more, so the bot recovers by itself.
        """
        with self._lock:
            for attempt in (1, 2):
                if self._dialect.is_broken(self._db):
                    self._db = self._dialect.connect()
                db = self._db
                try:
                    with self._dialect.transaction(db):
                        return work(db)
                except self._dialect.connection_errors:
                    if attempt == 2 or not self._dialect.is_broken(db):
                        raise
                    log.warning("lost the connection to the state database; reconnecting")

    def _write(self, sql: str, params: Sequence = ()) -> int:
        """Run an UPDATE/DELETE/upsert; returns the rows affected."""
        return self._run(lambda db: db.execute(self._dialect.sql(sql), params).rowcount)

    def _insert(self, sql: str, params: Sequence = ()) -> int:
        """Run an INSERT into a table with an ``id`` column; returns the new id."""
        return self._run(lambda db: self._dialect.insert(db, self._dialect.sql(sql), params))

    def _read(self, sql: str, params: Sequence = ()) -> list[dict[str, Any]]:
        return self._run(lambda db: [dict(row) for row in db.execute(self._dialect.sql(sql), params).fetchall()])

    # ------------------------------------------------------------ users

    def touch_user(self, user_id: int) -> None:
        now = self._clock()
        self._write(
            "INSERT INTO users (user_id, first_seen, last_seen) VALUES (?, ?, ?) "
            "ON CONFLICT(user_id) DO UPDATE SET last_seen = excluded.last_seen",
            (user_id, now, now),
        )

    def settings(self, user_id: int) -> UserSettings:
        rows = self._read("SELECT language, donor FROM users WHERE user_id = ?", (user_id,))
        return UserSettings(rows[0]["language"], rows[0]["donor"]) if rows else UserSettings()

    def set_language(self, user_id: int, language: str | None) -> None:
        self.touch_user(user_id)
        self._write("UPDATE users SET language = ? WHERE user_id = ?", (language, user_id))

    def set_donor(self, user_id: int, donor: str | None) -> None:
        self.touch_user(user_id)
        self._write("UPDATE users SET donor = ? WHERE user_id = ?", (donor, user_id))

    def reset_conversation(self, user_id: int) -> None:
        """Follow-ups start afresh; older turns stay only for feedback until retention ends."""
        self.touch_user(user_id)
        last = self._read("SELECT COALESCE(MAX(id), 0) AS m FROM turns")[0]["m"]
        self._write("UPDATE users SET history_since = ? WHERE user_id = ?", (last, user_id))

    # ------------------------------------------------------------ turns

    def add_turn(self, *, chat_id: int, user_id: int, kind: str, question: str, answer: str,
                 language: str | None = None, abstained: bool = False,
                 passage_ids: Sequence[str] = ()) -> int:
        return self._insert(
            "INSERT INTO turns (chat_id, user_id, kind, question, answer, language, abstained,"
            " passage_ids, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (chat_id, user_id, kind, question, answer, language, int(abstained),
             json.dumps(list(passage_ids)), self._clock()),
        )

    def turn(self, turn_id: int) -> StoredTurn | None:
        rows = self._read("SELECT * FROM turns WHERE id = ?", (turn_id,))
        return _turn(rows[0]) if rows else None

    def history(self, user_id: int, chat_id: int, limit: int) -> list[Turn]:
        """The last ``limit`` question turns since the last /reset, oldest first."""
        if limit <= 0:
            return []
        rows = self._read(
            "SELECT question, answer FROM turns WHERE user_id = ? AND chat_id = ? AND kind = 'question'"
            " AND id > COALESCE((SELECT history_since FROM users WHERE user_id = ?), 0)"
            " AND created >= ? ORDER BY id DESC LIMIT ?",
            (user_id, chat_id, user_id, self._cutoff(), limit),
        )
        return [Turn(r["question"], r["answer"]) for r in reversed(rows)]

    def last_answer(self, user_id: int, chat_id: int) -> StoredTurn | None:
        rows = self._read(
            "SELECT * FROM turns WHERE user_id = ? AND chat_id = ? AND kind = 'question'"
            " ORDER BY id DESC LIMIT 1",
            (user_id, chat_id),
        )
        return _turn(rows[0]) if rows else None

    # ------------------------------------------------------------ feedback

    def add_feedback(self, *, turn_id: int, user_id: int, chat_id: int, rating: int) -> int | None:
        """Store 👍 (+1) or 👎 (-1) with the turn's question and passages; None if the turn is gone."""
        turn = self.turn(turn_id)
        if turn is None:
            return None
        return self._insert(
            "INSERT INTO feedback (turn_id, user_id, chat_id, kind, rating, question, passage_ids,"
            " language, abstained, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (turn_id, user_id, chat_id, turn.kind, 1 if rating > 0 else -1, turn.question,
             json.dumps(list(turn.passage_ids)), turn.language, int(turn.abstained), self._clock()),
        )

    def set_feedback_reason(self, feedback_id: int, reason: str) -> None:
        self._write("UPDATE feedback SET reason = ? WHERE id = ?", (reason, feedback_id))

    def feedback(self) -> list[dict]:
        rows = self._read("SELECT * FROM feedback ORDER BY id")
        return [{**dict(r), "passage_ids": json.loads(r["passage_ids"])} for r in rows]

    def review_candidates(self) -> list[dict]:
        """Questions worth adding to the evaluation set: 👎 on answers, and answers abstained on.

        Each row: source ('feedback' or 'abstained'), row id, question, language, reason,
        abstained, passage_ids, created. 👎 on critiques are left out (they are not questions).
        """
        rows = self._read(
            "SELECT 'feedback' AS source, id, question, language, reason, abstained, passage_ids, created"
            " FROM feedback WHERE rating < 0 AND kind = 'question' AND question IS NOT NULL"
            " UNION ALL"
            " SELECT 'abstained' AS source, id, question, language, NULL AS reason, abstained, passage_ids,"
            " created FROM turns WHERE kind = 'question' AND abstained = 1"
            " ORDER BY created, id"
        )
        return [{**dict(r), "abstained": bool(r["abstained"]), "passage_ids": json.loads(r["passage_ids"])}
                for r in rows]

    # ------------------------------------------------------------ pasted text

    def save_paste(self, *, chat_id: int, user_id: int, text: str) -> int:
        return self._insert(
            "INSERT INTO pastes (chat_id, user_id, text, created) VALUES (?, ?, ?, ?)",
            (chat_id, user_id, text, self._clock()),
        )

    def paste(self, paste_id: int, user_id: int) -> str | None:
        rows = self._read("SELECT text FROM pastes WHERE id = ? AND user_id = ?", (paste_id, user_id))
        return rows[0]["text"] if rows else None

    def paste_used(self, paste_id: int) -> None:
        """The critique is done: forget the text unless configured to keep it."""
        if not self.keep_pasted_text:
            self._write("DELETE FROM pastes WHERE id = ?", (paste_id,))

    # ------------------------------------------------------------ groups

    def record_group_question(self, *, chat_id: int, user_id: int, language: str | None,
                              question: str, abstained: bool, topic: str | None = None) -> None:
        self._write(
            "INSERT INTO group_questions (chat_id, user_id, language, question, abstained, topic, created)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (chat_id, user_id, language, question, int(abstained), topic, self._clock()),
        )

    def group_questions(self, chat_id: int, since: float | None = None) -> list[dict]:
        rows = self._read("SELECT * FROM group_questions WHERE chat_id = ? AND created >= ? ORDER BY id",
                          (chat_id, float("-inf") if since is None else since))
        return [dict(r) for r in rows]

    def record_group_weaknesses(self, *, chat_id: int, user_id: int, section_type: str,
                                weaknesses: Sequence[tuple[str, ...]]) -> None:
        """``weaknesses``: (criterion, status) or (criterion, status, label in the reader's language)."""
        now = self._clock()
        rows = [(chat_id, user_id, section_type, w[0], w[2] if len(w) > 2 else None, w[1], now)
                for w in weaknesses]
        sql = self._dialect.sql(
            "INSERT INTO group_weaknesses (chat_id, user_id, section_type, criterion, label, status,"
            " created) VALUES (?, ?, ?, ?, ?, ?, ?)"
        )
        if rows:
            self._run(lambda db: db.cursor().executemany(sql, rows))

    def group_weaknesses(self, chat_id: int, since: float | None = None) -> list[dict]:
        rows = self._read("SELECT * FROM group_weaknesses WHERE chat_id = ? AND created >= ? ORDER BY id",
                          (chat_id, float("-inf") if since is None else since))
        return [dict(r) for r in rows]

    # ------------------------------------------------------------ full answers behind deep links

    def save_full_answer(self, *, chat_id: int, turn_id: int | None, language: str | None, html: str) -> str:
        """Keep a group answer's full text; returns a short random token for t.me/<bot>?start=f_<token>."""
        for _ in range(5):
            token = secrets.token_urlsafe(9)  # 12 characters of [A-Za-z0-9_-], allowed in deep links
            try:
                self._write(
                    "INSERT INTO full_answers (token, chat_id, turn_id, language, html, created)"
                    " VALUES (?, ?, ?, ?, ?, ?)",
                    (token, chat_id, turn_id, language, html, self._clock()),
                )
                return token
            except self._dialect.integrity_errors:  # a collision: astronomically rare, try another
                continue
        raise RuntimeError("could not store the full answer")

    def full_answer(self, token: str) -> dict | None:
        rows = self._read("SELECT * FROM full_answers WHERE token = ?", (token,))
        return dict(rows[0]) if rows else None

    # ------------------------------------------------------------ guided drafts (/borrador)

    def draft(self, user_id: int) -> dict | None:
        """The user's unfinished draft (its JSON), or None; a draft past the retention period is gone."""
        rows = self._read("SELECT data FROM drafts WHERE user_id = ? AND updated_at >= ?",
                          (user_id, self._cutoff()))
        return json.loads(rows[0]["data"]) if rows else None

    def save_draft(self, *, user_id: int, chat_id: int, data: dict) -> None:
        """Create or replace the user's one draft."""
        now = self._clock()
        self._write(
            "INSERT INTO drafts (user_id, chat_id, data, created, updated_at) VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT(user_id) DO UPDATE SET chat_id = excluded.chat_id, data = excluded.data,"
            " updated_at = excluded.updated_at",
            (user_id, chat_id, json.dumps(data, ensure_ascii=False), now, now),
        )

    def delete_draft(self, user_id: int) -> bool:
        """Forget the user's draft (/cancelar, or the .docx was delivered); whether there was one."""
        return self._write("DELETE FROM drafts WHERE user_id = ?", (user_id,)) > 0

    # ------------------------------------------------------------ meta (small JSON values)

    def get_meta(self, key: str) -> object | None:
        rows = self._read("SELECT value FROM meta WHERE key = ?", (key,))
        return json.loads(rows[0]["value"]) if rows else None

    def set_meta(self, key: str, value: object) -> None:
        self._write("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                    (key, json.dumps(value, ensure_ascii=False)))

    def group_settings(self, chat_id: int) -> GroupSettings:
        rows = self._read("SELECT * FROM group_settings WHERE chat_id = ?", (chat_id,))
        if not rows:
            return GroupSettings()
        r = rows[0]
        return GroupSettings(bool(r["workshop_mode"]), bool(r["critiques_enabled"]), r["language"])

    def set_group_settings(self, chat_id: int, settings: GroupSettings) -> None:
        self._write(
            "INSERT INTO group_settings (chat_id, workshop_mode, critiques_enabled, language)"
            " VALUES (?, ?, ?, ?) ON CONFLICT(chat_id) DO UPDATE SET"
            " workshop_mode = excluded.workshop_mode, critiques_enabled = excluded.critiques_enabled,"
            " language = excluded.language",
            (chat_id, int(settings.workshop_mode), int(settings.critiques_enabled), settings.language),
        )

    # ------------------------------------------------------------ upkeep

    def _cutoff(self) -> float:
        return self._clock() - self.retention_days * 86400 if self.retention_days else float("-inf")

    def purge_expired(self) -> int:
        """Delete turns, pasted text and drafts older than the retention period; returns rows deleted."""
        if not self.retention_days:
            return 0
        cutoff = self._cutoff()
        tables = ("turns", "pastes", "full_answers", "group_questions")

        def purge(db) -> int:
            sql = self._dialect.sql("DELETE FROM {} WHERE created < ?")
            deleted = sum(db.execute(sql.format(table), (cutoff,)).rowcount for table in tables)
            # A draft is old when nobody touched it for the period, however long ago it began.
            return deleted + db.execute(self._dialect.sql("DELETE FROM drafts WHERE updated_at < ?"), (cutoff,)).rowcount

        return self._run(purge)

    def counts(self) -> dict[str, int]:
        row = self._read(
            "SELECT (SELECT COUNT(*) FROM users) AS users,"
            " (SELECT COUNT(*) FROM turns WHERE kind = 'question') AS questions,"
            " (SELECT COUNT(*) FROM turns WHERE kind = 'question' AND abstained = 1) AS abstained,"
            " (SELECT COUNT(*) FROM turns WHERE kind = 'critique') AS critiques,"
            " (SELECT COUNT(*) FROM feedback WHERE rating > 0) AS feedback_up,"
            " (SELECT COUNT(*) FROM feedback WHERE rating < 0) AS feedback_down"
        )[0]
        return {key: int(value) for key, value in row.items()}


def _turn(row: dict[str, Any]) -> StoredTurn:
    return StoredTurn(
        id=row["id"], chat_id=row["chat_id"], user_id=row["user_id"], kind=row["kind"],
        question=row["question"], answer=row["answer"], language=row["language"],
        abstained=bool(row["abstained"]), passage_ids=tuple(json.loads(row["passage_ids"])),
        created=row["created"],
    )
