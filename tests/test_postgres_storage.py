"""The storage seam over both engines: the statements translate, PostgreSQL migrates once.

The SQL of ``bot/storage`` is written once with ``?`` placeholders. These tests read every
statement of every repository (parsed from the source, f-strings included) and check what
the translation to PostgreSQL relies on: no ``?`` inside a literal, balanced quotes. The
PostgreSQL tests need a server (``OCOP_TEST_DATABASE_URL``, else a throwaway one; skipped
with the reason when there is none).
"""

from __future__ import annotations

import ast
import asyncio
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from bot.commands.workers import refusal
from bot.settings import load_settings
from bot.storage.db import (
    MIGRATIONS_DIR,
    PG_MIGRATIONS_DIR,
    Database,
    MigrationChanged,
    migration_files,
)
from bot.storage.dialect import count_placeholders, to_pyformat
from bot.storage.users import UserRepo
from tests.support import pg_backend
from tests.support.cli import run_cli

STORAGE = Path(__file__).resolve().parents[1] / "bot" / "storage"
SQL_START = ("SELECT", "INSERT", "UPDATE", "DELETE", "WITH", "CREATE")


def _text(node: ast.expr) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):  # an f-string: its literal parts, the rest as x
        return "".join(
            str(part.value) if isinstance(part, ast.Constant) else "x" for part in node.values
        )
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _text(node.left), _text(node.right)
        return None if left is None or right is None else left + right
    return None


def storage_statements() -> Iterator[tuple[str, str]]:
    """(module, statement) for every SQL string passed to a Database method."""
    methods = {"execute", "execute_many", "fetch_one", "fetch_all", "insert_id"}
    for path in sorted(STORAGE.glob("*.py")):
        if path.name in ("sqlite.py", "postgres.py"):  # the engines: their own dialect
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in methods
                and node.args
            ):
                text = _text(node.args[0])
                if text is not None and text.lstrip().upper().startswith(SQL_START):
                    yield path.name, text


def test_every_statement_translates_with_its_placeholders_outside_literals() -> None:
    statements = list(storage_statements())
    assert len(statements) > 100  # the inventory found them (124 call sites in issue 17)
    for module, sql in statements:
        translated = to_pyformat(sql)  # raises on an unbalanced quote
        assert count_placeholders(sql) == sql.count("?"), f"{module}: a ? inside a literal: {sql}"
        assert "%s" not in sql and translated.count("%s") == sql.count("?"), module
        for sqlite_only in ("INSERT OR ", "PRAGMA", "json_extract", "lastrowid", " IS ?"):
            assert sqlite_only not in sql, f"{module}: {sqlite_only!r} is SQLite's: {sql}"


def test_postgres_has_the_same_migrations_as_sqlite() -> None:
    sqlite = [(n, p.name) for n, p in migration_files(MIGRATIONS_DIR)]
    postgres = [(n, p.name) for n, p in migration_files(PG_MIGRATIONS_DIR)]
    assert postgres == sqlite


def test_the_database_url_picks_the_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OCOP_DATABASE_URL", raising=False)
    assert load_settings(_env_file=None).database() == Path("data/ocop.db")
    pg = load_settings(_env_file=None, OCOP_DATABASE_URL="postgresql://u@h/ocop")
    assert pg.uses_postgres and pg.database() == "postgresql://u@h/ocop"
    with pytest.raises(ValueError, match="OCOP_DATABASE_URL"):
        load_settings(_env_file=None, OCOP_DATABASE_URL="mysql://h/ocop")


@pytest.fixture
def empty_pg(pg_server: str) -> Iterator[str]:
    """A new, empty PostgreSQL database (no migrations yet)."""
    name = f"t_empty_{os.getpid()}"
    with pg_backend.admin(pg_server) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {name}")
    try:
        yield pg_backend.with_database(pg_server, name)
    finally:
        with pg_backend.admin(pg_server) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


async def test_workers_starting_together_apply_each_migration_once(empty_pg: str) -> None:
    opened = await asyncio.gather(*(Database.open(empty_pg) for _ in range(3)))
    rows = await opened[0].fetch_all("SELECT version FROM schema_migrations ORDER BY version")
    assert [int(r["version"]) for r in rows] == [n for n, _ in migration_files(PG_MIGRATIONS_DIR)]
    for db in opened:
        await db.close()


async def test_an_edited_postgres_migration_stops_the_start(empty_pg: str, tmp_path: Path) -> None:
    folder = tmp_path / "postgres"
    shutil.copytree(PG_MIGRATIONS_DIR, folder)
    await (await Database.open(empty_pg, migrations=folder)).close()
    edited = folder / "0002_faq.sql"
    edited.write_text(edited.read_text(encoding="utf-8") + "\n-- changed\n", encoding="utf-8")
    with pytest.raises(MigrationChanged, match=r"0002_faq\.sql"):
        await Database.open(empty_pg, migrations=folder)


async def test_rows_read_by_name_and_position_and_flags_are_integers(empty_pg: str) -> None:
    db = await Database.open(empty_pg)
    users = UserRepo(db)
    user, _ = await users.touch("telegram", "42", "Lan")
    await users.save_commune(user.id, "xa-van-thang", subscribe=True)
    row = await db.fetch_one(
        "SELECT id, subscribed FROM users WHERE external_id = ? AND blocked = ?", ("42", False)
    )
    assert row is not None and row["id"] == row[0] == user.id and row["subscribed"] == 1
    async with db.transaction():
        await users.touch("telegram", "43", "Minh")
        with pytest.raises(psycopg.errors.UniqueViolation):
            async with db.transaction():  # a savepoint: only this part is undone
                await db.execute(
                    "INSERT INTO users (id, channel, external_id, created_at, last_seen_at)"
                    " VALUES (?, 'telegram', '44', '', '')",
                    (user.id,),
                )
    assert await users.get_by_external("telegram", "43") is not None
    await db.close()


def test_backup_and_restore_point_to_pg_dump_on_postgresql(tmp_path: Path) -> None:
    env = {"OCOP_DATABASE_URL": "postgresql://ocop@127.0.0.1:1/ocop"}  # never reached
    for args in (["backup", str(tmp_path / "b.db")], ["restore", str(tmp_path / "b.db")]):
        (tmp_path / "b.db").write_bytes(b"")
        done = run_cli([*args, "--yes"] if args[0] == "restore" else args, env)
        assert done.returncode == 2
        assert "pg_dump" in done.stderr and "docs/deploy.md" in done.stderr


def test_several_workers_need_postgresql_and_a_webhook(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OCOP_DATABASE_URL", raising=False)
    token = {"TELEGRAM_BOT_TOKEN": "123:abc", "_env_file": None}
    sqlite = load_settings(**token, WEBHOOK_URL="https://bot.example.vn/tg")
    assert "PostgreSQL" in (refusal(sqlite, 4) or "")
    polling = load_settings(**token, OCOP_DATABASE_URL="postgresql://h/ocop")
    assert "webhook" in (refusal(polling, 4) or "")
    both = load_settings(
        **token, OCOP_DATABASE_URL="postgresql://h/ocop", WEBHOOK_URL="https://bot.example.vn/tg"
    )
    assert refusal(both, 4) is None and refusal(sqlite, 1) is None


async def test_a_dropped_connection_fails_one_statement_then_connects_again(
    empty_pg: str,
) -> None:
    db = await Database.open(empty_pg)
    row = await db.fetch_one("SELECT pg_backend_pid()")
    assert row is not None
    with pg_backend.admin(empty_pg) as admin:  # the server drops it (a restart, a fail-over)
        admin.execute("SELECT pg_terminate_backend(%s)", (row[0],))
    with pytest.raises(psycopg.OperationalError):
        await db.fetch_one("SELECT 1")
    again = await db.fetch_one("SELECT count(*) FROM schema_migrations")
    assert again is not None and again[0] > 0
    await db.close()
