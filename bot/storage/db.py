"""The database seam: one interface, two engines (SQLite by default, PostgreSQL to scale).

Owns :class:`Database` — the only way repositories (``bot/storage/*.py``) reach SQL — and
what both engines share: :meth:`Database.open` picks the engine from its target (a file path,
``:memory:``, ``sqlite:///path`` or ``postgresql://…``), the numbered migrations and their
checksums, and the row type. The engines live in :mod:`bot.storage.sqlite` (one file in WAL
mode with group commit, today's default) and :mod:`bot.storage.postgres` (psycopg 3, async,
one commit per transaction).

Repositories write each statement once, with ``?`` placeholders, in the subset both engines
accept (``ON CONFLICT … DO UPDATE``, ``RETURNING id`` instead of ``lastrowid``); the few
expressions spelled differently come from :attr:`Database.dialect` (:mod:`bot.storage.dialect`).

Each applied migration is recorded with the SHA-256 of its file. A database whose recorded
checksum no longer matches its file refuses to open (:class:`MigrationChanged`, naming the
file): a shipped migration is never edited, a new number is added instead. SQLite's migrations
are ``migrations/NNNN_name.sql``; PostgreSQL's are ``migrations/postgres/NNNN_name.sql``, the
same numbers and names, written in its own DDL (identity columns, ``bytea``, plpgsql triggers).

>>> import asyncio
>>> async def demo() -> int:
...     db = await Database.open(":memory:")
...     row = await db.fetch_one("SELECT count(*) AS n FROM schema_migrations")
...     await db.close()
...     return int(row["n"]) if row else 0
>>> asyncio.run(demo()) >= 1
True
"""

from __future__ import annotations

import hashlib
import re
from abc import ABC, abstractmethod
from collections.abc import Iterable, Sequence
from contextlib import AbstractAsyncContextManager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from bot.storage.dialect import Dialect

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
PG_MIGRATIONS_DIR = MIGRATIONS_DIR / "postgres"
_MIGRATION_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")

Params = Sequence[Any] | dict[str, Any]


class Row(Protocol):
    """A result row: by column name (``row["id"]``) or position (``row[0]``)."""

    def __getitem__(self, key: int | str, /) -> Any: ...

    def keys(self) -> list[str]: ...


def utcnow() -> str:
    """Current UTC time as ISO-8601 text with seconds (how every timestamp is stored)."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()


class MigrationChanged(RuntimeError):
    """A migration recorded as applied differs from its file now (edited or renamed)."""

    def __init__(self, path: Path, recorded_name: str, recorded: str | None, now: str) -> None:
        self.path = path
        if recorded_name != path.name:
            how = f"đã chạy với tên {recorded_name}, nay đổi tên thành {path.name}"
        else:
            how = f"đã bị sửa sau khi chạy (sha256 lúc chạy {recorded}, bây giờ {now})"
        super().__init__(
            f"Không khởi động: migration {path} {how}. Không được sửa migration đã chạy:"
            " khôi phục tệp (git checkout) và đưa thay đổi vào một migration mới, số tiếp theo."
        )


def checksum(path: Path) -> str:
    """SHA-256 of a migration file, with line endings read as LF (a checkout on Windows
    does not count as an edit)."""
    text = path.read_bytes().replace(b"\r\n", b"\n")
    return hashlib.sha256(text).hexdigest()


def migration_files(folder: Path = MIGRATIONS_DIR) -> list[tuple[int, Path]]:
    """The numbered ``NNNN_name.sql`` files in order; a duplicate number is an error."""
    found: dict[int, Path] = {}
    for path in sorted(folder.glob("*.sql")):
        match = _MIGRATION_NAME.match(path.name)
        if not match:
            raise ValueError(f"bad migration file name: {path.name}")
        number = int(match.group(1))
        if number in found:
            raise ValueError(f"two migrations numbered {number}: {found[number].name}, {path.name}")
        found[number] = path
    return sorted(found.items())


def check_applied(
    files: list[tuple[int, Path]], done: dict[int, tuple[str, str | None]]
) -> list[tuple[int, Path]]:
    """Raise :class:`MigrationChanged` for an applied file that changed; the files to apply."""
    for number, path in files:
        if number in done:
            name, recorded = done[number]
            now = checksum(path)
            if name != path.name.replace("'", "") or recorded not in (None, now):
                raise MigrationChanged(path, name, recorded, now)
    return [(number, path) for number, path in files if number not in done]


def is_postgres_url(target: str | Path) -> bool:
    return isinstance(target, str) and target.startswith(("postgresql://", "postgres://"))


def sqlite_path(target: str | Path) -> str:
    """The file (or ``:memory:``) of a SQLite target: a path or ``sqlite:///path``."""
    text = str(target)
    if text.startswith("sqlite:///"):
        return text[len("sqlite:///") :] or ":memory:"
    if text.startswith("sqlite://"):
        raise ValueError(f"a SQLite URL is sqlite:///path (three slashes): {text}")
    return text


class Database(ABC):
    """The one entry point to SQL. Build with :meth:`open`; see the module docstring.

    Statements of one process are serialised (one at a time on the one connection), so a
    multi-statement :meth:`transaction` of one task never swallows another task's statement,
    and each write is committed (durable) before the awaiting call returns, so before the
    handler can send its reply.
    """

    dialect: Dialect
    #: the SQLite file (or ``:memory:``), or the PostgreSQL URL without its password
    path: str
    #: how often the connection was replaced (PostgreSQL: the server dropped it); what a
    #: connection held — :meth:`try_lock`'s locks — was lost each time
    reconnects: int = 0

    @classmethod
    async def open(cls, target: str | Path, *, migrations: Path | None = None) -> Database:
        """Open the database at ``target`` and apply its engine's pending migrations."""
        if is_postgres_url(target):
            from bot.storage.postgres import PostgresDatabase

            return await PostgresDatabase.connect(
                str(target), migrations=migrations or PG_MIGRATIONS_DIR
            )
        from bot.storage.sqlite import SqliteDatabase

        return await SqliteDatabase.connect(
            sqlite_path(target), migrations=migrations or MIGRATIONS_DIR
        )

    @property
    def is_postgres(self) -> bool:
        return self.dialect.name == "postgresql"

    @abstractmethod
    async def close(self) -> None: ...

    @abstractmethod
    async def execute(self, sql: str, params: Params = ()) -> int:
        """Run one statement; return the number of rows it changed (use ``RETURNING id``
        with :meth:`fetch_one` for a new row's id)."""

    @abstractmethod
    async def execute_many(self, sql: str, rows: Iterable[Params]) -> None: ...

    @abstractmethod
    async def fetch_one(self, sql: str, params: Params = ()) -> Row | None: ...

    @abstractmethod
    async def fetch_all(self, sql: str, params: Params = ()) -> list[Row]: ...

    @abstractmethod
    def transaction(self) -> AbstractAsyncContextManager[Database]:
        """``async with db.transaction():`` — statements inside commit together or not at all.

        Inside another transaction of the same task it is a savepoint: an exception rolls
        back what this block wrote and propagates; the outer transaction goes on."""

    @abstractmethod
    async def integrity_check(self) -> str:
        """'ok', or what the engine found wrong."""

    async def try_lock(self, key: str) -> bool:
        """Take the named lock of this process until :meth:`unlock` (False: another process
        holds it). SQLite: always granted — one process serves a SQLite database."""
        return True

    async def unlock(self, key: str) -> None:  # noqa: B027 (SQLite: nothing to give back)
        """Give back a lock taken with :meth:`try_lock`."""

    async def insert_id(self, sql: str, params: Params = ()) -> int:
        """Run an ``INSERT … RETURNING id``; the new row's id."""
        row = await self.fetch_one(sql, params)
        if row is None:
            raise RuntimeError("INSERT … RETURNING id returned no row")
        return int(row[0])
