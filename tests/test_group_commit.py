"""Group commit on SQLite (bot/storage/sqlite.py): many handlers writing at once share
commits, yet each one's writes are on disk when its call returns, a transaction's
read-modify-write stays atomic, and one handler's failure undoes only its own writes."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import pytest

from bot.storage.db import Database
from bot.storage.users import UserRepo

pytestmark = pytest.mark.sqlite_only("SQLite's group commit (PostgreSQL commits each transaction)")

INSERT = (
    "INSERT INTO users (channel, external_id, created_at, last_seen_at)"
    " VALUES ('t', ?, 'now', 'now')"
)


def rows_on_disk(path: Path) -> set[str]:
    """What another process would read from the file right now."""
    with sqlite3.connect(path) as conn:
        return {row[0] for row in conn.execute("SELECT external_id FROM users")}


async def test_each_write_is_on_disk_when_its_call_returns(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "ocop.db")

    async def handler(number: int) -> None:
        await db.execute(INSERT, (f"u{number}",))
        assert f"u{number}" in rows_on_disk(tmp_path / "ocop.db")  # before the reply

    await asyncio.gather(*(handler(n) for n in range(40)))
    assert rows_on_disk(tmp_path / "ocop.db") == {f"u{n}" for n in range(40)}
    await db.close()


async def test_a_failing_handler_does_not_undo_the_others(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "ocop.db")

    async def handler(number: int) -> None:
        async with db.transaction():
            await db.execute(INSERT, (f"u{number}",))
            await asyncio.sleep(0)
            if number == 3:
                raise RuntimeError("this handler fails")

    results = await asyncio.gather(*(handler(n) for n in range(8)), return_exceptions=True)
    assert [n for n, r in enumerate(results) if isinstance(r, Exception)] == [3]
    assert rows_on_disk(tmp_path / "ocop.db") == {f"u{n}" for n in range(8) if n != 3}
    await db.close()


async def test_read_modify_write_in_a_transaction_stays_atomic(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "ocop.db")
    users = UserRepo(db)
    await db.execute(INSERT, ("counter",))

    async def bump() -> None:
        async with db.transaction():
            row = await db.fetch_one(
                "SELECT length(display_name) AS n FROM users WHERE external_id = 'counter'"
            )
            count = int(row["n"] or 0) if row is not None else 0
            await asyncio.sleep(0)  # another handler runs here
            await db.execute(
                "UPDATE users SET display_name = ? WHERE external_id = 'counter'",
                ("x" * (count + 1),),
            )

    await asyncio.gather(*(bump() for _ in range(25)))
    user = await users.get_by_external("t", "counter")
    assert user is not None and len(user.display_name or "") == 25
    await db.close()


async def test_an_error_in_a_single_statement_reaches_only_its_caller(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "ocop.db")
    await db.execute(INSERT, ("taken",))
    good = [db.execute(INSERT, (f"u{n}",)) for n in range(5)]
    results = await asyncio.gather(db.execute(INSERT, ("taken",)), *good, return_exceptions=True)
    assert isinstance(results[0], sqlite3.IntegrityError)
    assert not any(isinstance(r, Exception) for r in results[1:])
    assert rows_on_disk(tmp_path / "ocop.db") == {"taken", *(f"u{n}" for n in range(5))}
    await db.close()


async def test_forty_handlers_writing_at_once_share_two_fsyncs(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "ocop.db")
    before, already = db.commits, db.committed

    async def handler(number: int) -> None:
        async with db.transaction():
            await db.execute(INSERT, (f"u{number}",))

    await asyncio.gather(*(handler(n) for n in range(40)))
    # 40 writers, two fsyncs: the first 32 (the most one commit takes), then the other 8
    assert db.commits - before == 2
    assert db.committed - already == 40
    assert rows_on_disk(tmp_path / "ocop.db") == {f"u{n}" for n in range(40)}
    await db.close()


async def test_a_reply_waits_for_the_commit_that_holds_its_writes(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "ocop.db")
    told: list[str] = []

    async def handler(number: int) -> None:
        async with db.transaction():
            await db.execute(INSERT, (f"u{number}",))
        told.append(f"u{number}")  # the reply: by now the row must be on disk
        assert told[-1] in rows_on_disk(tmp_path / "ocop.db")

    first = asyncio.create_task(handler(0))
    await asyncio.sleep(0)  # handler 0 has written, its commit is not done yet
    assert told == []
    await asyncio.gather(first, *(handler(n) for n in range(1, 5)))
    assert sorted(told) == [f"u{n}" for n in range(5)]
    await db.close()


async def test_an_update_handled_at_once_shares_the_fsync_of_its_insert(tmp_path: Path) -> None:
    """Five updates recorded in one batch; recording each wakes its handler (a read of the
    row, then the handler's own write). All ten writes go to disk in one COMMIT, and each
    handler's write is on disk when its call returns."""
    db = await Database.open(tmp_path / "ocop.db")
    before = db.commits
    handlers: list[asyncio.Task[None]] = []

    async def handle(number: int) -> None:
        assert await db.fetch_one("SELECT 1 FROM users WHERE external_id = ?", (f"r{number}",))
        await db.execute(INSERT, (f"h{number}",))
        assert f"h{number}" in rows_on_disk(tmp_path / "ocop.db")

    async def record(number: int) -> None:
        async with db.transaction():
            await db.execute(INSERT, (f"r{number}",))
            handlers.append(asyncio.create_task(handle(number)))

    await asyncio.gather(*(record(n) for n in range(5)))
    await asyncio.gather(*handlers)
    assert rows_on_disk(tmp_path / "ocop.db") == {f"{k}{n}" for k in "rh" for n in range(5)}
    assert db.commits - before == 1
    await db.close()
