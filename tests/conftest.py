"""Shared fixtures: settings on a temporary database, the real assistant, chat clients."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.app import open_assistant
from bot.core import Assistant
from bot.settings import Settings, load_settings
from tests.fakes.bot_api import FakeBotApi
from tests.support.chat import ChatClient
from tests.support.pg_backend import pg_databases, postgres_backend  # noqa: F401 (fixtures)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--runslow", action="store_true", help="run the long variants too")
    parser.addoption(
        "--backend",
        choices=("sqlite", "postgres"),
        default=os.environ.get("OCOP_TEST_BACKEND", "sqlite"),
        help="database engine of the tests (postgres: tests/support/pg_backend.py)",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "sqlite_only: about the SQLite file; not on PostgreSQL")


def on_postgres(config: pytest.Config) -> bool:
    return bool(config.getoption("--backend") == "postgres")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if on_postgres(config):
        for item in items:
            marker = item.get_closest_marker("sqlite_only")
            if marker is not None:  # @pytest.mark.sqlite_only("why"): the reason shown
                why = marker.args[0] if marker.args else "about the SQLite file itself"
                item.add_marker(pytest.mark.skip(reason=f"SQLite only: {why}"))
    if config.getoption("--runslow"):
        return
    skip = pytest.mark.skip(reason="long variant: run with --runslow")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    """The test PostgreSQL server (one per session; skipped with the reason without one)."""
    from tests.support.infra_env import postgres_dsn

    with postgres_dsn() as url:
        yield url


@pytest.fixture(scope="session")
def pg_template(pg_server: str) -> Iterator[tuple[str, str]]:
    """(server URL, template database with every migration): built once per session."""
    from tests.support import pg_backend

    template = pg_backend.build_template(pg_server)
    try:
        yield pg_server, template
    finally:
        pg_backend.drop_template(pg_server, template)


@pytest.fixture(scope="session")
def pg_pool(pg_template: tuple[str, str]) -> Iterator[Any]:
    """Copies of the template handed out clean, one test at a time (tests/support/pg_backend)."""
    from tests.support import pg_backend

    pool = pg_backend.DatabasePool(*pg_template)
    try:
        yield pool
    finally:
        pool.close()


@pytest.fixture(autouse=True)
def database_backend(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    """SQLite files (the default), or a fresh PostgreSQL database per test (--backend)."""
    if not on_postgres(request.config) or "sqlite_only" in request.keywords:
        monkeypatch.delenv("OCOP_DATABASE_URL", raising=False)
        yield
        return
    request.getfixturevalue("postgres_backend")
    yield


@pytest.fixture
def settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    monkeypatch.delenv("ZALO_BOT_TOKEN", raising=False)
    return load_settings(
        OCOP_DB_PATH=tmp_path / "ocop.db",
        OCOP_FILES_DIR=tmp_path / "files",
        OCOP_EXPORTS_DIR=tmp_path / "exports",
        TELEGRAM_BOT_TOKEN=None,
        ZALO_BOT_TOKEN=None,
        _env_file=None,
    )


@pytest.fixture
async def assistant(settings: Settings) -> AsyncIterator[Assistant]:
    async with open_assistant(settings) as built:
        yield built


@pytest.fixture
def chat(assistant: Assistant) -> ChatClient:
    return ChatClient(assistant)


@pytest.fixture
async def api() -> AsyncIterator[FakeBotApi]:
    """The fake Telegram Bot API server on a free loopback port, for this test."""
    async with FakeBotApi() as fake:
        yield fake
