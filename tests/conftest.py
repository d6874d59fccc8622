"""Shared fixtures: settings on a temporary database, the real assistant, chat clients."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.app import open_assistant
from bot.core import Assistant
from bot.settings import Settings, load_settings
from tests.support.chat import ChatClient


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--runslow", action="store_true", help="run the long variants too")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--runslow"):
        return
    skip = pytest.mark.skip(reason="long variant: run with --runslow")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


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
