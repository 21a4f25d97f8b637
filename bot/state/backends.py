"""The state database's schema and its two backends: SQLite under data_dir, or PostgreSQL.

The SQL is written once; ``SQLiteDialect`` runs it as written and ``PostgresDialect``
adapts placeholders, column types and returned ids, so both backends behave the same.
"""

from __future__ import annotations

import logging
import re
import sqlite3
from collections.abc import Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

from bot.config import secret

log = logging.getLogger(__name__)

STATE_FILE = "state.sqlite3"

SCHEMA = """
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
CREATE TABLE IF NOT EXISTS drafts (
    user_id INTEGER PRIMARY KEY,     -- one active draft per user
    chat_id INTEGER NOT NULL,
    data TEXT NOT NULL,              -- the interview's state and the officer's answers (JSON)
    created REAL NOT NULL,
    updated_at REAL NOT NULL         -- the retention purge deletes drafts untouched this long
);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
"""

# Columns added after the first release: (table, column, declaration).
ADDED_COLUMNS = (
    ("group_questions", "topic", "TEXT"),
    ("group_weaknesses", "label", "TEXT"),
    ("feedback", "language", "TEXT"),
    ("feedback", "abstained", "INTEGER NOT NULL DEFAULT 0"),
)


class StateError(RuntimeError):
    """The state database cannot be opened; the message says what to check (never the DSN itself)."""


class SQLiteDialect:
    """SQLite: the SQL as written."""

    name = "sqlite"
    integrity_errors: tuple[type[Exception], ...] = (sqlite3.IntegrityError,)
    connection_errors: tuple[type[Exception], ...] = ()  # a local file: nothing to reconnect to

    def __init__(self, path: Path) -> None:
        self.path = path

    def connect(self) -> Any:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self.path, check_same_thread=False, timeout=10)
        db.row_factory = sqlite3.Row
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        return db

    def sql(self, text: str) -> str:
        return text

    def transaction(self, db: Any) -> AbstractContextManager:
        return db  # the connection as a context manager commits, or rolls back on error

    def is_broken(self, db: Any) -> bool:
        return False

    def create_schema(self, db: Any) -> None:
        db.executescript(SCHEMA)
        for table, column, declaration in ADDED_COLUMNS:  # databases made by an older version
            present = {row[1] for row in db.execute(f"PRAGMA table_info({table})")}
            if column not in present:
                db.execute(f"ALTER TABLE {table} ADD COLUMN {column} {declaration}")
        db.commit()

    def insert(self, db: Any, sql: str, params: Sequence) -> int:
        return db.execute(sql, params).lastrowid or 0


class PostgresDialect(SQLiteDialect):
    """PostgreSQL: %s placeholders, 64-bit ids (Telegram's chat ids need them), double-precision times."""

    name = "postgresql"
    SCHEMA_LOCK = 720_431_001  # pg_advisory_xact_lock key: instances starting together create tables once

    def __init__(self, dsn: str) -> None:
        import psycopg  # only when PostgreSQL is configured

        self.psycopg = psycopg
        self.dsn = dsn
        self.integrity_errors = (psycopg.IntegrityError,)
        self.connection_errors = (psycopg.OperationalError, psycopg.InterfaceError)

    def connect(self) -> Any:
        from psycopg.rows import dict_row

        try:
            # autocommit: a read is its own short transaction; writes use transaction() blocks.
            return self.psycopg.connect(self.dsn, autocommit=True, row_factory=dict_row, connect_timeout=10)
        except self.psycopg.Error as exc:
            raise StateError(f"cannot connect to the state database (COACH_STATE_DSN): {exc}") from None

    def sql(self, text: str) -> str:
        return text.replace("?", "%s")  # no literal '?' or '%' appears in this module's SQL

    def transaction(self, db: Any) -> AbstractContextManager:
        return db.transaction()

    def is_broken(self, db: Any) -> bool:
        return bool(db.closed or db.broken)

    @staticmethod
    def ddl(text: str) -> str:
        text = text.replace("INTEGER PRIMARY KEY AUTOINCREMENT", "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY")
        text = re.sub(r"\bINTEGER\b", "BIGINT", text)
        return re.sub(r"\bREAL\b", "DOUBLE PRECISION", text)

    def create_schema(self, db: Any) -> None:
        with db.transaction():
            db.execute("SELECT pg_advisory_xact_lock(%s)", (self.SCHEMA_LOCK,))
            for statement in self.ddl(SCHEMA).split(";"):
                if statement.strip():
                    db.execute(statement)
            for table, column, declaration in ADDED_COLUMNS:
                db.execute(f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS {column} {self.ddl(declaration)}")

    def insert(self, db: Any, sql: str, params: Sequence) -> int:
        return db.execute(sql + " RETURNING id", params).fetchone()["id"]


def dialect_for(data_dir: Path | None, dsn: str | None) -> SQLiteDialect:
    if dsn is None:
        dsn = secret("COACH_STATE_DSN")
    if not dsn:
        if data_dir is None:
            raise StateError("no data_dir for the SQLite state, and COACH_STATE_DSN is not set")
        return SQLiteDialect(Path(data_dir) / STATE_FILE)
    if not dsn.startswith(("postgresql://", "postgres://")):
        raise StateError("COACH_STATE_DSN must be a postgresql:// URL (e.g. postgresql://coach:PASSWORD@db:5432/coach)")
    return PostgresDialect(dsn)


