"""Storage on a real temporary database with the real migrations."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.storage.db import Database, migration_files
from bot.storage.users import Role, UserRepo
from tests.support.records import applied_migrations


async def test_migrations_are_applied_once_and_recorded(tmp_path: Path) -> None:
    path = tmp_path / "data" / "ocop.db"
    db = await Database.open(path)
    expected = [number for number, _ in migration_files()]
    assert await applied_migrations(db) == expected
    await db.close()
    db = await Database.open(path)  # opening again applies nothing twice
    assert await applied_migrations(db) == expected
    await db.close()


@pytest.mark.sqlite_only("SQLite's WAL journal and foreign-key pragma")
async def test_database_is_wal_with_foreign_keys(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "ocop.db")
    mode = await db.fetch_one("PRAGMA journal_mode")
    keys = await db.fetch_one("PRAGMA foreign_keys")
    assert mode is not None and mode[0] == "wal"
    assert keys is not None and keys[0] == 1
    assert await db.integrity_check() == "ok"
    await db.close()


def test_duplicate_migration_numbers_are_refused(tmp_path: Path) -> None:
    (tmp_path / "0001_a.sql").write_text("SELECT 1;")
    (tmp_path / "0001_b.sql").write_text("SELECT 1;")
    with pytest.raises(ValueError, match="two migrations"):
        migration_files(tmp_path)


async def test_user_is_keyed_by_channel_and_external_id(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "ocop.db")
    users = UserRepo(db)
    tg, new = await users.touch("telegram", "42", "Lan")
    zalo, _ = await users.touch("zalo", "42", "Lan Zalo")
    again, new_again = await users.touch("telegram", "42", "")
    assert new and not new_again
    assert tg.id == again.id != zalo.id
    assert again.display_name == "Lan"  # an empty name does not erase the known one
    assert again.role is Role.PRODUCER and not again.subscribed and not again.blocked
    await db.close()


async def test_writing_again_clears_the_blocked_flag(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "ocop.db")
    users = UserRepo(db)
    user, _ = await users.touch("telegram", "7", "Mai")
    await users.save_blocked(user.id, True)
    assert (await users.get(user.id)).blocked  # type: ignore[union-attr]
    user, _ = await users.touch("telegram", "7", "Mai")
    assert not user.blocked
    await db.close()


async def test_session_survives_reopening_the_file(tmp_path: Path) -> None:
    path = tmp_path / "ocop.db"
    db = await Database.open(path)
    users = UserRepo(db)
    user, _ = await users.touch("console", "a", "A")
    await users.save_session(user.id, "registration", {"draft": 3, "tên": "Mắm"})
    await users.save_commune(user.id, "13846", subscribe=True)
    await db.close()
    db = await Database.open(path)
    users = UserRepo(db)
    session = await users.get_session(user.id)
    again = await users.get(user.id)
    assert session.mode == "registration" and session.data == {"draft": 3, "tên": "Mắm"}
    assert again is not None and again.commune_id == "13846" and again.subscribed
    await db.close()


async def test_failed_transaction_leaves_nothing_behind(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "ocop.db")
    users = UserRepo(db)
    with pytest.raises(RuntimeError):
        async with db.transaction():
            await db.execute(
                "INSERT INTO users (channel, external_id, created_at, last_seen_at)"
                " VALUES ('t', 'x', 'now', 'now')"
            )
            raise RuntimeError("boom")
    assert await users.get_by_external("t", "x") is None
    await db.close()
