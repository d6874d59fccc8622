"""Fixtures shared by the officer conversation tests (imported by their modules)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.app import open_assistant
from bot.core import Assistant
from bot.settings import Settings, load_settings
from tests.support.officer_kit import RecordingSender


@pytest.fixture
def settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """Fast outbox: no pacing to speak of, retries at once, progress edited at once."""
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    built = load_settings(
        OCOP_DB_PATH=tmp_path / "ocop.db",
        OCOP_FILES_DIR=tmp_path / "files",
        OCOP_EXPORTS_DIR=tmp_path / "exports",
        BROADCAST_RATE=1000,
        BROADCAST_RETRY_BASE_SECONDS=0,
        BROADCAST_PROGRESS_SECONDS=0,
        _env_file=None,
    )
    # a whole registration form is typed faster than a person would: no flood limit
    return built.model_copy(update={"flood_max_messages": 0})


@pytest.fixture
async def assistant(settings: Settings) -> AsyncIterator[Assistant]:
    async with open_assistant(settings) as built:
        yield built


@pytest.fixture
def sender(assistant: Assistant) -> RecordingSender:
    fake = RecordingSender()
    assistant.services.senders["test"] = fake
    return fake


async def drain(assistant: Assistant) -> None:
    """Wait until the outbox worker has sent everything due."""
    worker = assistant.services.outbox_worker
    assert worker is not None
    await worker.wait_idle()
