"""Reading the database of a bot process from a test, whichever engine the suite runs on.

Owns the synchronous look a test takes after killing or stopping a child process: on SQLite
it opens the file with :mod:`sqlite3`; under ``--backend postgres`` (``OCOP_DATABASE_URL``
set by tests/support/pg_backend.py, the same database the child used) it connects with
psycopg and translates the ``?`` placeholders. A missing table raises
``sqlite3.OperationalError`` on both (a process killed before its migrations finished), and
``PRAGMA integrity_check`` answers ``ok`` on PostgreSQL, where no client can corrupt a file.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any

import psycopg

from bot.storage.dialect import to_pyformat


def postgres_url() -> str | None:
    url = os.environ.get("OCOP_DATABASE_URL", "")
    return url if url.startswith("postgres") else None


def exists(db_path: Path) -> bool:
    """Whether the bot created its database yet (on PostgreSQL it always exists)."""
    return postgres_url() is not None or db_path.exists()


class _PgCursor:
    def __init__(self, rows: list[tuple[Any, ...]]) -> None:
        self.rows = rows

    def fetchone(self) -> tuple[Any, ...] | None:
        return self.rows[0] if self.rows else None

    def fetchall(self) -> list[tuple[Any, ...]]:
        return self.rows


class _PgConnection:
    def __init__(self, url: str) -> None:
        self.conn = psycopg.connect(url, autocommit=True)

    def execute(self, sql: str, params: tuple[Any, ...] = ()) -> _PgCursor:
        if sql.strip().upper() == "PRAGMA INTEGRITY_CHECK":
            return _PgCursor([("ok",)])
        try:
            cur = self.conn.execute(to_pyformat(sql), params)
        except psycopg.errors.UndefinedTable as missing:
            raise sqlite3.OperationalError(str(missing)) from missing
        return _PgCursor(cur.fetchall() if cur.description else [])

    def close(self) -> None:
        self.conn.close()


def connect(db_path: Path) -> Any:
    """A connection with ``execute(sql, params).fetchone()/fetchall()`` and ``close()``."""
    url = postgres_url()
    return _PgConnection(url) if url else sqlite3.connect(db_path)
