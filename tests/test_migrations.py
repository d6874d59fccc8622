"""Migrations that shipped stay as they shipped; a database made by an older checkout upgrades.

``0005_officer.sql`` was edited after it shipped (``officer_answers`` was added to it), so a
database created before that edit had no such table. ``0007_integrity.sql`` repairs it, and
from 0007 on every applied migration is recorded with its checksum: a file changed since it
ran stops the program at start-up, with the file named. The pre-edit 0005 is kept, as git
history has it, in ``tests/data/migrations_before_0005_edit``.
"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest

from bot.storage.db import MIGRATIONS_DIR, Database, MigrationChanged, checksum, migration_files
from bot.storage.faq import FaqRepo, UnansweredReason
from bot.storage.handoff import HandoffRepo
from bot.storage.users import UserRepo
from tests.support.cli import run_cli
from tests.support.records import applied_migrations

pytestmark = pytest.mark.sqlite_only("SQLite's migration runner (PostgreSQL's is tested apart)")

BEFORE_EDIT = Path(__file__).parent / "data" / "migrations_before_0005_edit"

SHIPPED = {
    1: ("0001_core.sql", "f58556e11e5c138eb4f50d20a27ff55809fa711a4918751ac34fe4869fd182cb"),
    2: ("0002_faq.sql", "bf3776e5b2edcee51aff10984de648199a32af27ae8b556de8a737930fea7129"),
    3: (
        "0003_registration.sql",
        "89022b12e655a90d7ceedbe5fe7ac4da6e02fa48119cebf37cd35c3dcc623140",
    ),
    5: ("0005_officer.sql", "a183f6aed5568b808cb4b5dff8c068fa98ad41238573e0a1abe05e187935df3d"),
    6: ("0006_retention.sql", "339c94282eb2ee484e918e791d34f922ce224261caa2203724599cf1eae37ab0"),
    7: ("0007_integrity.sql", "b57ac697dc29cccf02b8b14c290f94576ca8b9c57bdc6ce9e419fb78aeb1b161"),
    9: ("0009_leaks.sql", "8a4605ae54384b8b3ad70e9355661f23cb5da7ffbf52f20a91463b168f927a47"),
    12: ("0012_web.sql", "1a9160cc3401b2ddb1eb43d5f7c40d2e0d61262cc32a7ffd316f23b4c7cbdebc"),
    13: (
        "0013_registration_form.sql",
        "090113d7baa7275345dacfcd81c0f40698143056a6c3b6c6f23569213be1feca",
    ),
}
"""The migrations on main and their SHA-256 (add a line when a new one is merged)."""


def old_checkout(tmp_path: Path) -> Path:
    """The migrations folder of the commit that shipped 0005, before it was edited."""
    folder = tmp_path / "old-migrations"
    folder.mkdir()
    for number, path in migration_files():
        if number < 5:
            shutil.copy(path, folder / path.name)
    shutil.copy(BEFORE_EDIT / "0005_officer.sql", folder / "0005_officer.sql")
    return folder


def tables(path: Path) -> set[str]:
    with sqlite3.connect(path) as conn:
        rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    return {row[0] for row in rows}


@asynccontextmanager
async def opened(path: Path, migrations: Path = MIGRATIONS_DIR) -> AsyncIterator[Database]:
    """The database at ``path`` after ``migrations``, closed however the test ends."""
    db = await Database.open(path, migrations=migrations)
    try:
        yield db
    finally:
        await db.close()


async def test_a_database_made_before_0005_was_edited_upgrades_cleanly(tmp_path: Path) -> None:
    path = tmp_path / "ocop.db"
    async with opened(path, old_checkout(tmp_path)) as old:
        assert await applied_migrations(old) == [1, 2, 3, 5]
    assert "officer_answers" not in tables(path)  # what that checkout made

    async with opened(path) as db:  # today's code on that database
        assert await applied_migrations(db) == [n for n, _ in migration_files()]
        # An officer answers a handed-off question: the table the edit added is there now.
        user, _ = await UserRepo(db).touch("telegram", "42", "Lan")
        question = await FaqRepo(db).save_unanswered(
            user_id=user.id,
            commune_id="13864",
            question="Hồ sơ nộp ở đâu?",
            normalized="ho so nop o dau",
            reason=UnansweredReason.UNSURE,
        )
        handoff = HandoffRepo(db)
        assert await handoff.save_answer(question, user.id, "13864", "Nộp ở UBND xã.")
        found = await handoff.get(question)
        assert found is not None and found.answer == "Nộp ở UBND xã."
        # Every migration has its checksum now, the ones applied before 0007 too.
        rows = await db.fetch_all("SELECT version, checksum FROM schema_migrations")
        assert {int(r["version"]): r["checksum"] for r in rows} == {
            n: checksum(p) for n, p in migration_files()
        }
        assert await db.integrity_check() == "ok"

    async with opened(path) as again:  # and it opens again, with nothing left to do
        assert await applied_migrations(again) == [n for n, _ in migration_files()]


async def test_an_upgraded_database_has_the_tables_of_a_fresh_one(tmp_path: Path) -> None:
    upgraded, fresh = tmp_path / "upgraded.db", tmp_path / "fresh.db"
    async with opened(upgraded, old_checkout(tmp_path)):
        pass
    async with opened(upgraded), opened(fresh):
        pass
    assert tables(upgraded) == tables(fresh)


def changed_copy(tmp_path: Path, name: str, edit: str) -> Path:
    folder = tmp_path / "edited-migrations"
    shutil.copytree(MIGRATIONS_DIR, folder)
    target = folder / name
    target.write_text(target.read_text(encoding="utf-8") + edit, encoding="utf-8")
    return folder


async def test_a_migration_edited_after_it_ran_stops_the_start_naming_the_file(
    tmp_path: Path,
) -> None:
    path = tmp_path / "ocop.db"
    await (await Database.open(path)).close()
    edited = changed_copy(tmp_path, "0003_registration.sql", "\n-- a harmless-looking comment\n")
    with pytest.raises(MigrationChanged, match=r"0003_registration\.sql đã bị sửa sau khi chạy"):
        await Database.open(path, migrations=edited)


async def test_a_renamed_migration_stops_the_start(tmp_path: Path) -> None:
    path = tmp_path / "ocop.db"
    await (await Database.open(path)).close()
    folder = tmp_path / "renamed"
    shutil.copytree(MIGRATIONS_DIR, folder)
    (folder / "0006_retention.sql").rename(folder / "0006_drafts.sql")
    with pytest.raises(MigrationChanged, match=r"đã chạy với tên 0006_retention\.sql"):
        await Database.open(path, migrations=folder)


async def test_windows_line_endings_are_not_an_edit(tmp_path: Path) -> None:
    path = tmp_path / "ocop.db"
    await (await Database.open(path)).close()
    folder = tmp_path / "crlf"
    shutil.copytree(MIGRATIONS_DIR, folder)
    for sql in folder.glob("*.sql"):
        sql.write_bytes(sql.read_bytes().replace(b"\n", b"\r\n"))
    await (await Database.open(path, migrations=folder)).close()


async def test_the_command_line_refuses_a_changed_migration_with_a_clear_message(
    tmp_path: Path,
) -> None:
    path = tmp_path / "ocop.db"
    async with opened(path) as db:
        # The database says 0005 ran with other contents than the file has now.
        await db.execute("UPDATE schema_migrations SET checksum = 'ab12' WHERE version = 5")
    env = {"OCOP_DB_PATH": str(path), "OCOP_EXPORTS_DIR": str(tmp_path / "exports")}
    done = run_cli(["officer", "list"], env)
    assert done.returncode == 3
    assert "0005_officer.sql đã bị sửa sau khi chạy" in done.stderr
    assert "migration mới" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("number", sorted(SHIPPED))
def test_shipped_migrations_are_never_edited(number: int) -> None:
    """Their contents as they shipped; a change belongs in a new numbered file."""
    name, sha256 = SHIPPED[number]
    files = dict(migration_files())
    assert files[number].name == name
    assert checksum(files[number]) == sha256, f"{name} was edited: add a new migration instead"
