"""Crash safety: the bot runs as a subprocess and is killed with SIGKILL at random points
(while starting, right after a message was written to it, while it handles one, after it
answered), then restarted. After every kill the database passes ``PRAGMA integrity_check``
and holds every acknowledged change (see ``tests/crash/``).

Default run: 20 kills with a fixed seed; ``pytest --runslow``: 120 kills with a fresh seed.
``OCOP_CRASH_SEED`` replays a run (the seed is in every failure message).
"""

from __future__ import annotations

import asyncio
import os
import random
from pathlib import Path

import pytest

from tests.crash.console import ConsoleBot
from tests.crash.scenario import (
    CrashStats,
    UserState,
    check_after_kill,
    choose_action,
    read_state,
    served_communes,
)

DEFAULT_SEED = 4_242
DEFAULT_KILLS = 20
USERS = ("c1", "c2", "c3")
# Where a run ends with SIGKILL: while starting; right after writing the last message; once
# the bot has started handling it (at once, or a random 0–30 ms later: a random moment of the
# handling, not a wait for anything); or after the last answer was seen.
KILL_POINTS = ("spawn", "written", "started", "during", "during", "acked")


def _seed(default: int) -> int:
    value = os.environ.get("OCOP_CRASH_SEED", "").strip()
    return int(value) if value else default


def _env(tmp_path: Path) -> dict[str, str]:
    env = {
        **os.environ,
        "OCOP_DB_PATH": str(tmp_path / "ocop.db"),
        "OCOP_FILES_DIR": str(tmp_path / "files"),
        "OCOP_FLOOD_MAX_MESSAGES": "0",
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("TELEGRAM_BOT_TOKEN", None)
    return env


async def crash_console(tmp_path: Path, seed: int, kills: int) -> CrashStats:
    """Kill ``python -m bot chat`` ``kills`` times; check the database after each kill."""
    print(f"crash: seed {seed}, {kills} kills (replay with OCOP_CRASH_SEED={seed})")
    rng = random.Random(seed)
    env = _env(tmp_path)
    db_path = tmp_path / "ocop.db"
    communes = served_communes()
    bots = {user: ConsoleBot(env, user, f"Người {user}") for user in USERS}
    model = {user: UserState() for user in USERS}
    stats = CrashStats()
    while stats.kills < kills:
        user = rng.choice(USERS)
        bot = bots[user]
        point = rng.choice(KILL_POINTS)
        stats.points[point] = stats.points.get(point, 0) + 1
        in_flight = None
        await bot.start()
        if point != "spawn":
            count = rng.randint(1, 4)
            for index in range(count):
                action = choose_action(rng, model[user], communes)
                number = await bot.send(action.text)
                if index == count - 1 and point in ("written", "started", "during"):
                    in_flight = action
                    if point != "written":
                        await bot.wait(lambda b=bot, n=number: b.echoes >= n)
                    if point == "during":
                        await asyncio.sleep(rng.uniform(0, 0.03))
                    break
                await bot.wait_reply(number, action.expect)
                model[user] = action.effect(model[user])
                stats.acknowledged += 1
        await bot.kill()
        stats.kills += 1
        actual, check = read_state(db_path, "console", user)
        problems = check_after_kill(actual, check, model[user], in_flight)
        assert not problems, (
            f"after kill {stats.kills} ({point}) of user {user} (seed {seed};"
            f" replay with OCOP_CRASH_SEED={seed}): {problems}"
        )
        if in_flight is not None:
            stats.in_flight += 1
            stats.in_flight_applied += actual != model[user]
        model[user] = actual
    print(f"crash: {stats}")
    return stats


async def test_kills_at_random_points_lose_no_acknowledged_change(tmp_path: Path) -> None:
    stats = await crash_console(tmp_path, _seed(DEFAULT_SEED), kills=DEFAULT_KILLS)
    assert stats.kills == DEFAULT_KILLS
    assert stats.acknowledged > 0


@pytest.mark.slow
async def test_many_kills_lose_no_acknowledged_change(tmp_path: Path) -> None:
    seed = _seed(random.SystemRandom().randrange(1, 2**31))
    stats = await crash_console(tmp_path, seed, kills=120)
    assert stats.kills == 120
