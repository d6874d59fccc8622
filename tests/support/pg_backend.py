"""Running the suite against PostgreSQL: ``pytest --backend postgres`` (or OCOP_TEST_BACKEND).

Owns the per-test database. The server is ``OCOP_TEST_DATABASE_URL`` (`.ci/run` starts one),
else a throwaway one from scripts/pg_tmp.py for the session (see tests/support/infra_env.py;
without PostgreSQL the tests are skipped with the reason, or fail under CI=true).

Once per session the schema is built in a template database by the program's own migrations
(``migrations/postgres/``). Each test then gets a fresh copy (``CREATE DATABASE … TEMPLATE``),
dropped after it:

- ``OCOP_DATABASE_URL`` is set to it, so settings built in the test, and every ``ocop-bot``
  child process the test starts (they inherit the environment), use it;
- :meth:`bot.storage.db.Database.open` of a SQLite file path (what most tests write:
  ``Database.open(tmp_path / "ocop.db")``) opens it too — the first path the test opens is
  that database, a second, different path gets a second fresh database, and opening the same
  path again (a restart) opens the same one. An explicit ``migrations=`` folder (tests of the
  SQLite migration runner) keeps SQLite.

Tests that are about the SQLite file itself (backup, restore, file modes, its migrations)
carry ``@pytest.mark.sqlite_only`` and are skipped here, with that reason.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest

from bot.storage.db import Database, is_postgres_url, sqlite_path

_ORIGINAL_OPEN = Database.open.__func__  # type: ignore[attr-defined]
_NAMES = itertools.count(1)


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


class PerTestDatabases:
    """The fresh databases of one test (see the module docstring)."""

    def __init__(self, url: str, template: str) -> None:
        self.url = url
        self.template = template
        self.created: list[str] = []
        self.by_path: dict[str, str] = {}
        self.main = self.fresh()

    def fresh(self) -> str:
        name = f"t_{os.getpid()}_{next(_NAMES)}"
        with admin(self.url) as conn:
            conn.execute(f"CREATE DATABASE {name} TEMPLATE {self.template}")
        self.created.append(name)
        return with_database(self.url, name)

    def for_path(self, target: str) -> str:
        key = os.path.abspath(target) if target != ":memory:" else f":memory:{len(self.by_path)}"
        if key not in self.by_path:
            self.by_path[key] = self.main if not self.by_path else self.fresh()
        return self.by_path[key]

    def drop(self) -> None:
        with admin(self.url) as conn:
            for name in self.created:
                conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
def postgres_backend(
    monkeypatch: pytest.MonkeyPatch, pg_template: tuple[str, str]
) -> Iterator[PerTestDatabases]:
    url, template = pg_template
    databases = PerTestDatabases(url, template)

    async def open_redirect(
        cls: type[Database], target: str | Path, *, migrations: Path | None = None
    ) -> Database:
        if migrations is not None or is_postgres_url(target):
            return await _ORIGINAL_OPEN(cls, target, migrations=migrations)
        return await _ORIGINAL_OPEN(cls, databases.for_path(sqlite_path(target)))

    monkeypatch.setattr(Database, "open", classmethod(open_redirect))
    monkeypatch.setenv("OCOP_DATABASE_URL", databases.main)
    try:
        yield databases
    finally:
        databases.drop()
