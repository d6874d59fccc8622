"""Phone and tax numbers never reach the log, in any of the ways producers write them."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

from bot.context import Context
from bot.logs import MaskingFilter, mask_numbers, setup_logging
from tests.support.chat import ChatClient

PHONE = "0912 345 678"
TAX = "0101234567-001"

MASKED = [
    ("0912345678", "091*****78"),
    ("0912 345 678", "091* *** *78"),
    ("0912.345.678", "091*.***.*78"),
    ("0912-345-678", "091*-***-*78"),
    ("+84912345678", "+849******78"),
    ("+84 912 345 678", "+84 9** *** *78"),
    ("(+84) 912-345-678", "(+84) 9**-***-*78"),
    ("MST 0101234567", "MST 010*****67"),
    ("MST 0101234567-001", "MST 010*****67-001"),
    ("CCCD 001234567890", "CCCD 001*******90"),
    ("mã 0101234567001", "mã 010********01"),
]
KEPT = ["ngày 12/03/2024", "2026-11-30 15:14:44", "1.500.000 đồng", "xã 13864", "năm 2025"]


@pytest.mark.parametrize(("raw", "masked"), MASKED)
def test_numbers_are_masked_however_they_are_written(raw: str, masked: str) -> None:
    assert mask_numbers(raw) == masked


@pytest.mark.parametrize("text", KEPT)
def test_dates_amounts_and_codes_are_kept(text: str) -> None:
    assert mask_numbers(text) == text


@pytest.fixture
def broken_handler(chat: ChatClient, monkeypatch: pytest.MonkeyPatch) -> ChatClient:
    """A handler that fails with the user's text in its exception (as a parser might)."""

    async def fails(ctx: Context) -> list[object]:
        raise ValueError(f"cannot read the answer {ctx.incoming.text!r}")

    monkeypatch.setattr(chat.assistant.routes, "route", fails)
    return chat


async def test_a_handler_error_with_a_phone_number_is_logged_masked(
    broken_handler: ChatClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.handler.addFilter(MaskingFilter())
    with caplog.at_level(logging.INFO):
        await broken_handler.send(f"sđt {PHONE}, mã số thuế {TAX}")
    assert "trục trặc" in broken_handler.text  # the error path ran
    logged = caplog.text
    assert "cannot read the answer" in logged and "Traceback" in logged
    assert PHONE not in logged and "345" not in logged
    assert "0101234567" not in logged
    assert "091* *** *78" in logged and "010*****67-001" in logged


@pytest.fixture
def restore_logging() -> Iterator[None]:
    """Undo :func:`setup_logging` after the test (it replaces the root handlers)."""
    root = logging.getLogger()
    saved = (root.handlers[:], root.level)
    yield
    root.handlers[:], level = saved
    root.setLevel(level)


async def test_the_programs_log_handler_masks_numbers_in_tracebacks(
    broken_handler: ChatClient, restore_logging: None, capfd: pytest.CaptureFixture[str]
) -> None:
    setup_logging("INFO")  # here, so that its handler writes to this test's stderr
    await broken_handler.send(f"gọi {PHONE} nhé")
    written = capfd.readouterr().err
    assert "ERROR bot.core: failed to handle text" in written
    assert "Traceback" in written and "Logging error" not in written
    assert PHONE not in written
    assert "091* *** *78" in written
