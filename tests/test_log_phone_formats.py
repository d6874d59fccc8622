"""Phone numbers written with brackets and slashes are masked in every log line too,
including the lines libraries write themselves (python-telegram-bot logs each update at
DEBUG, with the text the producer typed).

Issue 11: ``(091) 234-5678``, ``0912/345/678`` and ``+84 (91) 234 5678`` reached the DEBUG
log in full.
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.logs import mask_numbers, setup_logging
from tests.fakes.bot_api import FakeBotApi

OCOP_BOT = Path(sys.executable).with_name("ocop-bot")
FORMATS = [
    ("(091) 234-5678", "(091) ***-**78"),
    ("0912/345/678", "091*/***/*78"),
    ("+84 (91) 234 5678", "+84 (9*) *** **78"),
    ("(024) 3825 1234", "(024) **** **34"),
    ("84-912-345-678", "84-9**-***-*78"),
]
KEPT = ["05/03/2024 08:30", "01/01/2024 10:00", "update 4821 in chat 1001"]
RAW_PIECES = ("234-5678", "345/678", "234 5678", "3825 1234", "345-678")


@pytest.mark.parametrize(("raw", "masked"), FORMATS)
def test_phone_numbers_in_brackets_and_slashes_are_masked(raw: str, masked: str) -> None:
    assert mask_numbers(f"sđt: {raw}.") == f"sđt: {masked}."


@pytest.mark.parametrize("text", KEPT)
def test_dates_with_times_and_ids_are_not_taken_for_phones(text: str) -> None:
    assert mask_numbers(text) == text


@pytest.fixture
def restore_logging() -> Iterator[None]:
    root = logging.getLogger()
    saved = (root.handlers[:], root.level)
    yield
    root.handlers[:], level = saved
    root.setLevel(level)


def test_a_librarys_own_debug_line_is_masked_by_the_handler(
    restore_logging: None, capfd: pytest.CaptureFixture[str]
) -> None:
    setup_logging("DEBUG")
    library = logging.getLogger("telegram.ext.Application")
    for raw, _ in FORMATS:
        library.debug("Processing update %s", {"message": {"text": f"sđt {raw}"}})
    written = capfd.readouterr().err
    assert "Processing update" in written
    assert not [piece for piece in RAW_PIECES if piece in written], written


async def test_the_running_bot_at_debug_level_never_logs_a_phone_number(
    api: FakeBotApi, tmp_path: Path
) -> None:
    env = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": api.token,
        "TELEGRAM_API_BASE_URL": api.base_url,
        "OCOP_DB_PATH": str(tmp_path / "ocop.db"),
        "OCOP_FILES_DIR": str(tmp_path / "files"),
        "OCOP_LOG_LEVEL": "DEBUG",
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("WEBHOOK_URL", None)
    env.pop("TELEGRAM_API_FILE_URL", None)
    process = await asyncio.create_subprocess_exec(
        str(OCOP_BOT),
        "start",
        cwd=tmp_path,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        await api.wait_for(lambda: api.calls_to("getUpdates"), timeout=30, what="polling")
        pushed = api.send_command(7, "/start")
        await api.wait_for_messages(7, 2, timeout=30, after=pushed.message_id)
        for raw, _ in FORMATS:
            pushed = api.send_text(7, f"Số điện thoại của tôi là {raw}")
            await api.wait_for_messages(7, 1, timeout=30, after=pushed.message_id)
        process.send_signal(signal.SIGTERM)
        stdout, stderr = await asyncio.wait_for(process.communicate(), timeout=30)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    log = stderr.decode() + stdout.decode()
    assert process.returncode == 0, log
    assert "Số điện thoại của tôi" in log  # the updates were logged (masked)
    assert not [piece for piece in RAW_PIECES if piece in log]
