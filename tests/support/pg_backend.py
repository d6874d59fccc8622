"""Running the suite against PostgreSQL: ``pytest --backend postgres`` (or OCOP_TEST_BACKEND).

Owns the per-test databases. The server is ``OCOP_TEST_DATABASE_URL`` (`.ci/run` starts one),
else a throwaway one from scripts/pg_tmp.py for the session (see tests/support/infra_env.py;
without PostgreSQL the tests are skipped with the reason, or fail under CI=true).

Once per session the schema is built in a template database by the program's own migrations
(``migrations/postgres/``). Tests then take databases from a :class:`DatabasePool` of copies
of it (``CREATE DATABASE … TEMPLATE``, made only when every copy is in use). When a test ends,
each copy it used is made clean again in one round trip: the server ends every connection
still open on it (a child process the test killed, an assistant it did not close), then every
table but ``schema_migrations`` is emptied and its identity sequences restarted, and the rows
the migrations themselves wrote (``id_sequences``) are put back from a copy kept in a
temporary table of the pool's own connection. A copy whose schema the test changed, or that
cannot be cleaned, is dropped instead, and a fresh one made when needed.

Measured on the 2-core machine (44 tables): a new copy 30–400 ms plus ~100 ms to drop it;
``TRUNCATE … RESTART IDENTITY CASCADE`` of every table ~100–200 ms (each table gets new
files); ``DELETE`` of every table in one transaction with foreign keys deferred
(``session_replication_role = replica``, which needs a superuser — the test server's
``postgres``) plus ``setval`` of each sequence ~2 ms. The pool uses the last, else TRUNCATE.

- ``OCOP_DATABASE_URL`` is set to the test's database, so settings built in the test, and
  every ``ocop-bot`` child process the test starts (they inherit the environment), use it;
- :meth:`bot.storage.db.Database.open` of a SQLite file path (what most tests write:
  ``Database.open(tmp_path / "ocop.db")``) opens it too — the first path the test opens is
  that database, a second, different path gets a second clean database, and opening the same
  path again (a restart) opens the same one. An explicit ``migrations=`` folder (tests of the
  SQLite migration runner) keeps SQLite. A test that builds two installations in one
  process gives each its own file as ``OCOP_DATABASE_URL=sqlite:///…`` (that wins over the
  environment), so each gets its own database here too.

Tests that are about the SQLite file itself (backup, restore, file modes, its migrations)
carry ``@pytest.mark.sqlite_only("why")`` and are skipped here, with that reason.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest

from bot.storage.db import Database, is_postgres_url, sqlite_path

_ORIGINAL_OPEN = Database.open.__func__  # type: ignore[attr-defined]
_NAMES = itertools.count(1)
KEEP = "schema_migrations"  # the migrations' bookkeeping: never emptied
SCHEMA = (  # what a test must leave as it found it (else its copy is dropped)
    "SELECT md5(coalesce(string_agg(c.relname || ':' || c.relkind::text, ','"
    " ORDER BY c.relname), ''))"
    " || (SELECT count(*) FROM schema_migrations)"
    " FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace"
)


def with_database(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


def admin(url: str) -> psycopg.Connection[Any]:
    return psycopg.connect(url, autocommit=True)


def build_template(url: str) -> str:
    """A database named for this process with every migration applied; its name."""
    import asyncio

    name = f"ocop_tmpl_{os.getpid()}"
    with admin(url) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {name}")

    async def migrate() -> None:
        db = await _ORIGINAL_OPEN(Database, with_database(url, name))
        await db.close()

    asyncio.run(migrate())
    return name


def drop_template(url: str, name: str) -> None:
    with admin(url) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@dataclass
class Copy:
    """One copy of the template and the pool's own connection to it."""

    name: str
    url: str
    conn: psycopg.Connection[Any]
    reset_sql: str
    schema: str


class DatabasePool:
    """Migrated databases handed out clean, one test at a time (see the module docstring)."""

    def __init__(self, server: str, template: str) -> None:
        self.server = server
        self.template = template
        self.free: list[Copy] = []
        self.made = 0

    def _make(self) -> Copy:
        name = f"t_{os.getpid()}_{next(_NAMES)}"
        with admin(self.server) as conn:
            conn.execute(f"CREATE DATABASE {name} TEMPLATE {self.template}")
        self.made += 1
        url = with_database(self.server, name)
        conn = psycopg.connect(url, autocommit=True)
        conn.execute("SET lock_timeout = '20s'")
        tables = [
            str(r[0])
            for r in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            ).fetchall()
        ]
        emptied = [t for t in tables if t != KEEP]
        seeded = []
        for table in emptied:
            if conn.execute(f"SELECT EXISTS (SELECT 1 FROM {table})").fetchone() == (True,):
                conn.execute(f"CREATE TEMPORARY TABLE seed_{table} AS TABLE {table}")
                seeded.append(table)
        sequences = conn.execute(
            "SELECT quote_ident(schemaname) || '.' || quote_ident(sequencename), start_value"
            " FROM pg_sequences"
        ).fetchall()
        superuser = conn.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        if superuser.fetchone() == (True,):  # delete in any order: foreign keys wait (~2 ms)
            emptying = [
                "BEGIN",
                "SET LOCAL session_replication_role = replica",
                *(f"DELETE FROM {t}" for t in emptied),
                "SELECT " + ", ".join(f"setval('{s}', {v}, false)" for s, v in sequences),
            ]
        else:  # one TRUNCATE (~150 ms: every table gets new files)
            emptying = ["BEGIN", f"TRUNCATE {', '.join(emptied)} RESTART IDENTITY CASCADE"]
        statements = [
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()",
            *emptying,
            *(f"INSERT INTO {t} SELECT * FROM seed_{t}" for t in seeded),
            "COMMIT",
        ]
        schema = str(conn.execute(SCHEMA).fetchone()[0])  # type: ignore[index]
        return Copy(name, url, conn, ";\n".join(statements), schema)

    def take(self) -> Copy:
        return self.free.pop() if self.free else self._make()

    def give_back(self, copy: Copy) -> None:
        """Clean the copy for the next test, or drop it when that cannot be done."""
        try:
            row = copy.conn.execute(SCHEMA).fetchone()
            if row is not None and str(row[0]) == copy.schema:
                copy.conn.execute(copy.reset_sql)
                self.free.append(copy)
                return
        except psycopg.Error:
            pass
        self._drop(copy)

    def _drop(self, copy: Copy) -> None:
        copy.conn.close()
        with admin(self.server) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {copy.name} WITH (FORCE)")

    def close(self) -> None:
        while self.free:
            self._drop(self.free.pop())


class PerTestDatabases:
    """The clean databases of one test (see the module docstring)."""

    def __init__(self, pool: DatabasePool) -> None:
        self.pool = pool
        self.taken: list[Copy] = []
        self.by_path: dict[str, str] = {}
        self.main = self.fresh()

    def fresh(self) -> str:
        copy = self.pool.take()
        self.taken.append(copy)
        return copy.url

    def for_path(self, target: str) -> str:
        key = os.path.abspath(target) if target != ":memory:" else f":memory:{len(self.by_path)}"
        if key not in self.by_path:
            self.by_path[key] = self.main if not self.by_path else self.fresh()
        return self.by_path[key]

    def drop(self) -> None:
        """Hand every database back to the pool, clean."""
        while self.taken:
            self.pool.give_back(self.taken.pop())


@pytest.fixture
def pg_databases(pg_pool: DatabasePool) -> Iterator[PerTestDatabases]:
    """This test's clean PostgreSQL database(s), whatever ``--backend`` says."""
    databases = PerTestDatabases(pg_pool)
    try:
        yield databases
    finally:
        databases.drop()


@pytest.fixture
def postgres_backend(
    monkeypatch: pytest.MonkeyPatch, pg_databases: PerTestDatabases
) -> PerTestDatabases:
    async def open_redirect(
        cls: type[Database], target: str | Path, *, migrations: Path | None = None
    ) -> Database:
        if migrations is not None or is_postgres_url(target):
            return await _ORIGINAL_OPEN(cls, target, migrations=migrations)
        return await _ORIGINAL_OPEN(cls, pg_databases.for_path(sqlite_path(target)))

    monkeypatch.setattr(Database, "open", classmethod(open_redirect))
    monkeypatch.setenv("OCOP_DATABASE_URL", pg_databases.main)
    return pg_databases
