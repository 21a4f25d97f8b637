"""What the bot remembers between messages and restarts, in SQLite under data_dir.

User settings, conversation turns (for follow-ups, kept ``retention_days``),
feedback, pasted text waiting for a critique, and tables for groups. Every
method is blocking: call it with ``asyncio.to_thread`` from handlers. One
connection is shared behind a lock; WAL lets readers (e.g. ``coach stats``)
open the file meanwhile.
"""

from __future__ import annotations

import json
import secrets
import sqlite3
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bot.models import Turn

STATE_FILE = "state.sqlite3"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    user_id INTEGER PRIMARY KEY,
    language TEXT,
    donor TEXT,
    history_since INTEGER NOT NULL DEFAULT 0,
    first_seen REAL NOT NULL,
    last_seen REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS turns (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    chat_id INTEGER NOT NULL,
    user_id INTEGER NOT NULL,
    kind TEXT NOT NULL,              -- 'question' or 'critique'
    question TEXT NOT NULL,          -- for critiques a short label, never the pasted text
    answer TEXT NOT NULL,
    language TEXT,
    abstained INTEGER NOT NULL DEFAULT 0,
    passage_ids TEXT NOT NULL DEFAULT '[]',
    created REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS turns_user ON turns (user_id, id);
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    turn_id INTEGER,
    user_id INTEGER NOT NULL,
    chat_id INTEGER NOT NULL,
    kind TEXT NOT NULL,
    rating INTEGER NOT NULL,         -- +1 or -1
    reason TEXT,
    question TEXT,
    passage_ids TEXT NOT NULL DEFAULT '[]',
    language TEXT,
    abstained INTEGER NOT NULL DEFAULT 0,
    created REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS pastes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    chat_id INTEGER NOT NULL,
    user_id INTEGER NOT NULL,
    text TEXT NOT NULL,
    created REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS group_questions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    chat_id INTEGER NOT NULL,
    user_id INTEGER NOT NULL,
    language TEXT,
    question TEXT NOT NULL,
    abstained INTEGER NOT NULL DEFAULT 0,
    topic TEXT,                      -- the top passage's 'document › section', for /digest
    created REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS group_questions_chat ON group_questions (chat_id, created);
CREATE TABLE IF NOT EXISTS group_weaknesses (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    chat_id INTEGER NOT NULL,
    user_id INTEGER NOT NULL,
    section_type TEXT,
    criterion TEXT NOT NULL,
    label TEXT,                      -- the criterion's name in the reader's language
    status TEXT NOT NULL,            -- 'weak' or 'missing'
    created REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS group_settings (
    chat_id INTEGER PRIMARY KEY,
    workshop_mode INTEGER NOT NULL DEFAULT 1,
    critiques_enabled INTEGER NOT NULL DEFAULT 0,
    language TEXT
);
CREATE TABLE IF NOT EXISTS full_answers (
    token TEXT PRIMARY KEY,          -- the deep-link payload: random, so links cannot be guessed
    chat_id INTEGER NOT NULL,
    turn_id INTEGER,
    language TEXT,
    html TEXT NOT NULL,
    created REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
"""

# Columns added after the first release: (table, column, declaration).
_ADDED_COLUMNS = (
    ("group_questions", "topic", "TEXT"),
    ("group_weaknesses", "label", "TEXT"),
    ("feedback", "language", "TEXT"),
    ("feedback", "abstained", "INTEGER NOT NULL DEFAULT 0"),
)


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
    """The bot's SQLite store. ``State.open(data_dir)``; ``close()`` when done."""

    def __init__(self, connection: sqlite3.Connection, *, retention_days: int = 30,
                 keep_pasted_text: bool = False, clock=time.time):
        self._db = connection
        self._lock = threading.Lock()
        self.retention_days = retention_days
        self.keep_pasted_text = keep_pasted_text
        self._clock = clock

    @classmethod
    def open(cls, data_dir: Path, *, retention_days: int = 30, keep_pasted_text: bool = False,
             clock=time.time) -> State:
        data_dir = Path(data_dir)
        data_dir.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(data_dir / STATE_FILE, check_same_thread=False, timeout=10)
        db.row_factory = sqlite3.Row
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.executescript(_SCHEMA)
        _add_missing_columns(db)
        db.commit()
        state = cls(db, retention_days=retention_days, keep_pasted_text=keep_pasted_text, clock=clock)
        state.purge_expired()
        return state

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def _write(self, sql: str, params: Sequence = ()) -> int:
        with self._lock:
            cursor = self._db.execute(sql, params)
            self._db.commit()
            return cursor.lastrowid or 0

    def _read(self, sql: str, params: Sequence = ()) -> list[sqlite3.Row]:
        with self._lock:
            return self._db.execute(sql, params).fetchall()

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
        return self._write(
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
        return self._write(
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
        return self._write(
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
        with self._lock:
            self._db.executemany(
                "INSERT INTO group_weaknesses (chat_id, user_id, section_type, criterion, label, status,"
                " created) VALUES (?, ?, ?, ?, ?, ?, ?)",
                rows,
            )
            self._db.commit()

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
            except sqlite3.IntegrityError:  # a collision: astronomically rare, try another
                continue
        raise RuntimeError("could not store the full answer")

    def full_answer(self, token: str) -> dict | None:
        rows = self._read("SELECT * FROM full_answers WHERE token = ?", (token,))
        return dict(rows[0]) if rows else None

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
        """Delete turns and pasted text older than the retention period; returns rows deleted."""
        if not self.retention_days:
            return 0
        cutoff = self._cutoff()
        with self._lock:
            deleted = self._db.execute("DELETE FROM turns WHERE created < ?", (cutoff,)).rowcount
            deleted += self._db.execute("DELETE FROM pastes WHERE created < ?", (cutoff,)).rowcount
            deleted += self._db.execute("DELETE FROM full_answers WHERE created < ?", (cutoff,)).rowcount
            deleted += self._db.execute("DELETE FROM group_questions WHERE created < ?", (cutoff,)).rowcount
            self._db.commit()
        return deleted

    def counts(self) -> dict[str, int]:
        with self._lock:
            one = lambda sql: self._db.execute(sql).fetchone()[0]  # noqa: E731
            return {
                "users": one("SELECT COUNT(*) FROM users"),
                "questions": one("SELECT COUNT(*) FROM turns WHERE kind = 'question'"),
                "abstained": one("SELECT COUNT(*) FROM turns WHERE kind = 'question' AND abstained = 1"),
                "critiques": one("SELECT COUNT(*) FROM turns WHERE kind = 'critique'"),
                "feedback_up": one("SELECT COUNT(*) FROM feedback WHERE rating > 0"),
                "feedback_down": one("SELECT COUNT(*) FROM feedback WHERE rating < 0"),
            }


def _add_missing_columns(db: sqlite3.Connection) -> None:
    """Bring a database made by an older version up to the current schema."""
    for table, column, declaration in _ADDED_COLUMNS:
        present = {row[1] for row in db.execute(f"PRAGMA table_info({table})")}
        if column not in present:
            db.execute(f"ALTER TABLE {table} ADD COLUMN {column} {declaration}")


def _turn(row: sqlite3.Row) -> StoredTurn:
    return StoredTurn(
        id=row["id"], chat_id=row["chat_id"], user_id=row["user_id"], kind=row["kind"],
        question=row["question"], answer=row["answer"], language=row["language"],
        abstained=bool(row["abstained"]), passage_ids=tuple(json.loads(row["passage_ids"])),
        created=row["created"],
    )
