"""The shared send schedule (``channel_pace``, migration 0018) on both engines: every
reservation, from whichever worker's connection, gets slots no other one got."""

from __future__ import annotations

import asyncio
import itertools

import pytest

from bot.settings import Settings
from bot.storage.db import Database
from bot.storage.pace import PaceRepo

INTERVAL = 1 / 29.4


async def test_reservations_from_two_connections_never_share_a_slot(settings: Settings) -> None:
    first, second = [await Database.open(settings.database()) for _ in range(2)]
    try:
        repos = [PaceRepo(first), PaceRepo(second)]

        async def reserve(number: int) -> list[float]:
            start, _ = await repos[number % 2].reserve("telegram", 4, INTERVAL, INTERVAL)
            return [start + i * INTERVAL for i in range(4)]

        slots = sorted(s for batch in await asyncio.gather(*map(reserve, range(20))) for s in batch)
        gaps = [b - a for a, b in itertools.pairwise(slots)]
        assert len(slots) == 80
        assert min(gaps) >= INTERVAL * 0.999  # one schedule: each slot its own 34 ms
    finally:
        await first.close()
        await second.close()


async def test_a_quiet_channel_starts_now_and_banks_no_burst(settings: Settings) -> None:
    db = await Database.open(settings.database())
    try:
        repo = PaceRepo(db)
        start, at = await repo.reserve("telegram", 1, INTERVAL, INTERVAL)
        assert start == pytest.approx(at, abs=1e-3)  # nobody sent before: now
        await asyncio.sleep(0.2)  # quiet for far longer than the catch-up tolerance
        start, at = await repo.reserve("telegram", 30, INTERVAL, INTERVAL)
        assert start == pytest.approx(at, abs=1e-3)  # now: no burst banked while quiet
        next_start, _ = await repo.reserve("zalo", 1, 0.25, 0.25)
        assert next_start >= at  # each channel has its own row
    finally:
        await db.close()
