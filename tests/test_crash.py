"""Crash safety: the bot runs as a subprocess and is killed with SIGKILL at random points,
then restarted; after every kill the database passes ``PRAGMA integrity_check`` and holds
every acknowledged change (see ``tests/crash/``).

- Telegram (default): ``python -m bot run`` against the fake Bot API server while six
  producers register and an announcement goes out to 120 subscribers; killed while
  starting, with answers in flight, or after the answers arrived. At the end every
  subscriber has the announcement, twice only if their message was in flight at a kill.
  20 kills with a fixed seed; ``pytest --runslow``: 100 kills with a fresh seed.
- Zalo: ``python -m bot run`` against the fake Zalo Bot API while three producers register
  by typing (choices as numbers, photos from the phone); killed while starting, with
  answers in flight, or after they arrived. 8 kills; ``--runslow``: 40.
- Console (``--runslow``): ``python -m bot chat`` over pipes, 20 kills.

``OCOP_CRASH_SEED`` replays a run (the seed is printed and is in every failure message).
"""

from __future__ import annotations

import asyncio
import os
import random
import sys
from collections import Counter
from pathlib import Path

import pytest

from tests.crash.announcement import check_announcement, received, seed_announcement
from tests.crash.announcement import in_flight as announcement_in_flight
from tests.crash.console import ConsoleBot
from tests.crash.scenario import (
    CrashStats,
    UserState,
    check_after_kill,
    choose_action,
    read_state,
    served_communes,
)
from tests.crash.telegram import BotProcess, Producer, Step, check_producer, stored_answers
from tests.crash.zalo import ZaloProducer, application_problems, check_zalo_producer
from tests.crash.zalo import stored_answers as zalo_answers
from tests.fakes.bot_api import FakeBotApi
from tests.fakes.zalo_api import FakeZaloApi
from tests.support.registration_script import load_form
from tests.support.zalo_process import BotProcess as ZaloBotProcess

DEFAULT_SEED = 4_242
DEFAULT_KILLS = 20
SLOW_KILLS = 100
TELEGRAM_USERS = 6
RECIPIENTS = 120  # subscribers of the announcement sent meanwhile
BROADCAST_RATE = 4  # messages a second: the announcement spans most of the run's kills
# Telegram: kill while starting (a random moment), with some answers still in flight, or
# after every answer of the last round arrived.
TELEGRAM_KILL_POINTS = ("spawn", "in_flight", "in_flight", "in_flight", "acked", "acked")
ZALO_KILLS = 8
ZALO_SLOW_KILLS = 40
ZALO_USERS = ("a1c0ffee00000000a1c0", "b2c0ffee00000000b2c0", "c3c0ffee00000000c3c0")
ZALO_KILL_POINTS = ("spawn", "in_flight", "in_flight", "acked")
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


@pytest.mark.slow
async def test_console_killed_at_random_points_loses_no_acknowledged_change(
    tmp_path: Path,
) -> None:
    stats = await crash_console(tmp_path, _seed(DEFAULT_SEED), kills=DEFAULT_KILLS)
    assert stats.kills == DEFAULT_KILLS
    assert stats.acknowledged > 0


async def crash_telegram(tmp_path: Path, seed: int, kills: int) -> CrashStats:
    """Kill ``python -m bot run`` ``kills`` times while producers register through the fake
    Bot API server and an announcement goes out; after every kill check the database (see
    ``tests/crash/telegram.py``); at the end, the announcement (``tests/crash/announcement.py``)."""
    print(f"crash: telegram, seed {seed}, {kills} kills (replay with OCOP_CRASH_SEED={seed})")
    rng = random.Random(seed)
    stats = CrashStats()
    db_path = tmp_path / "ocop.db"
    flights: Counter[str] = Counter()
    await seed_announcement(db_path, RECIPIENTS)
    async with FakeBotApi() as api:
        bot = BotProcess(api, tmp_path, {"BROADCAST_RATE": str(BROADCAST_RATE)})
        producers = [Producer(api, load_form(), 9001 + i) for i in range(TELEGRAM_USERS)]
        for producer in producers:
            api.set_user(producer.user_id, first_name=f"Người {producer.user_id}")
        try:
            while stats.kills < kills:
                point = rng.choice(TELEGRAM_KILL_POINTS)
                stats.points[point] = stats.points.get(point, 0) + 1
                in_flight: list[tuple[Producer, Step]] = []
                if point == "spawn":
                    await bot.start(wait=False)
                    await asyncio.sleep(rng.uniform(0.3, 2.5))  # a random moment of start-up
                else:
                    await bot.start()
                    in_flight = await _drive(rng, producers, point, stats)
                await bot.kill()
                stats.kills += 1
                flights.update(announcement_in_flight(db_path))
                for producer, step in in_flight:
                    stored, _ = stored_answers(db_path, producer.user_id)
                    stats.in_flight_applied += (step.app_id, step.field_id) in stored
                for producer in producers:
                    stored, check = stored_answers(db_path, producer.user_id)
                    problems = check_producer(producer, stored)
                    if check != "ok":
                        problems.append(f"integrity_check: {check}")
                    assert not problems, (
                        f"after kill {stats.kills} ({point}), seed {seed}"
                        f" (replay with OCOP_CRASH_SEED={seed}): {problems}"
                    )
            stats.announced_before_last_kill = sum(received(api, RECIPIENTS).values())
            await bot.start()  # the last life: the rest of the announcement goes out
            await api.wait_for(
                lambda: min(received(api, RECIPIENTS).values()) >= 1,
                timeout=120,
                what="the announcement reached every subscriber",
            )
            await bot.kill()
            flights.update(announcement_in_flight(db_path))
            got = received(api, RECIPIENTS)
            problems = check_announcement(got, flights)
            assert not problems, f"announcement, seed {seed}: {problems[:10]}"
            stats.duplicates = sum(n - 1 for n in got.values())
            stats.announcement_in_flight = sum(flights.values())
        finally:
            await bot.kill()
    stats.acknowledged = sum(len(p.acked) for p in producers)
    stats.submitted = sum(p.submitted for p in producers)
    print(f"crash: {stats}")
    return stats


async def _drive(
    rng: random.Random, producers: list[Producer], point: str, stats: CrashStats
) -> list[tuple[Producer, Step]]:
    """Resynchronise every producer, then a few rounds of steps (all producers at once);
    ``in_flight``: kill after a random number of the last round's answers arrived; returns
    the steps whose answer had not arrived."""
    await asyncio.gather(*(p.wait(p.sync()) for p in producers))
    rounds = rng.randint(1, 2)
    for number in range(rounds):
        steps = [(p, p.next_step()) for p in producers]
        waits = {asyncio.create_task(p.wait(step)): (p, step) for p, step in steps}
        if number < rounds - 1 or point == "acked":
            await asyncio.gather(*waits)
            continue
        wanted = rng.randint(0, len(waits) - 1)
        pending: set[asyncio.Task[object]] = set(waits)
        while len(waits) - len(pending) < wanted:
            _, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
        for task in pending:
            task.cancel()
        stats.in_flight += len(pending)
        return [waits[task] for task in pending]
    return []


async def test_telegram_bot_killed_at_random_points_loses_no_acknowledged_answer(
    tmp_path: Path,
) -> None:
    stats = await crash_telegram(tmp_path, _seed(DEFAULT_SEED), kills=DEFAULT_KILLS)
    assert stats.kills == DEFAULT_KILLS
    assert stats.acknowledged > 0


@pytest.mark.slow
async def test_telegram_bot_killed_many_times_loses_no_acknowledged_answer(
    tmp_path: Path,
) -> None:
    seed = _seed(random.SystemRandom().randrange(1, 2**31))
    stats = await crash_telegram(tmp_path, seed, kills=SLOW_KILLS)
    assert stats.kills == SLOW_KILLS


async def crash_zalo(tmp_path: Path, seed: int, kills: int) -> CrashStats:
    """Kill ``python -m bot run`` ``kills`` times while Zalo producers register through the
    fake Zalo Bot API; after every kill check the database (``tests/crash/zalo.py``)."""
    print(f"crash: zalo, seed {seed}, {kills} kills (replay with OCOP_CRASH_SEED={seed})")
    rng = random.Random(seed)
    stats = CrashStats()
    db_path = tmp_path / "ocop.db"
    async with FakeZaloApi() as api:
        bot = ZaloBotProcess(
            api,
            tmp_path,
            command=(sys.executable, "-m", "bot", "run"),
            env={"OCOP_LOG_LEVEL": "WARNING"},
        )
        producers = [ZaloProducer(api, load_form(), user) for user in ZALO_USERS]
        try:
            await bot.start()
            await asyncio.gather(
                *(p.user.say("Vạn Thắng", expect="Gõ số", timeout=60) for p in producers)
            )
            while stats.kills < kills:
                point = rng.choice(ZALO_KILL_POINTS)
                stats.points[point] = stats.points.get(point, 0) + 1
                in_flight: list[ZaloProducer] = []
                if point == "spawn":
                    await bot.kill()
                    await bot.start(wait="none")
                    await asyncio.sleep(rng.uniform(0.3, 2.5))  # a random moment of start-up
                else:
                    if stats.kills:
                        await bot.start()
                    try:
                        in_flight = await _drive_zalo(rng, producers, point, stats)
                    except AssertionError as failed:  # say what the bot logged, then fail
                        raise AssertionError(
                            f"{failed}\nseed {seed}, kill {stats.kills}; the bot's errors:\n"
                            + _errors_in(bot.log)
                        ) from failed
                await bot.kill()
                stats.kills += 1
                for producer in producers:
                    stored, check = zalo_answers(db_path, producer.user_id)
                    if producer in in_flight and producer.pending and producer.pending.field_id:
                        stats.in_flight_applied += any(
                            f == producer.pending.field_id for _, f in stored
                        )
                    problems = check_zalo_producer(producer, stored)
                    problems += application_problems(db_path, producer)
                    if check != "ok":
                        problems.append(f"integrity_check: {check}")
                    assert not problems, (
                        f"after kill {stats.kills} ({point}), seed {seed}"
                        f" (replay with OCOP_CRASH_SEED={seed}): {problems}"
                    )
        finally:
            await bot.kill()
    stats.acknowledged = sum(len(p.acked) for p in producers)
    stats.submitted = sum(p.submitted for p in producers)
    print(f"crash: {stats}")
    return stats


def _errors_in(log: str, lines: int = 60) -> str:
    """The bot log from its first error or traceback on (or "none")."""
    text = log.splitlines()
    first = next((i for i, line in enumerate(text) if "ERROR" in line or "Traceback" in line), -1)
    return "\n".join(text[first : first + lines]) if first >= 0 else "(none logged)"


async def _drive_zalo(
    rng: random.Random, producers: list[ZaloProducer], point: str, stats: CrashStats
) -> list[ZaloProducer]:
    """Resynchronise every producer, then a few rounds of steps; ``in_flight``: kill a random
    moment into the last round; returns the producers still waiting for their answer."""
    await asyncio.gather(*(p.sync() for p in producers))
    rounds = rng.randint(2, 5)
    for number in range(rounds):
        waits = {asyncio.create_task(p.step()): p for p in producers}
        if number < rounds - 1 or point == "acked":
            await asyncio.gather(*waits)
            continue
        # a random moment after the messages were typed: some answered, some not yet
        _, pending = await asyncio.wait(set(waits), timeout=rng.uniform(0, 0.06))
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
        stats.in_flight += len(pending)
        return [waits[task] for task in pending]
    return []


async def test_zalo_bot_killed_at_random_points_loses_no_acknowledged_answer(
    tmp_path: Path,
) -> None:
    stats = await crash_zalo(tmp_path, _seed(DEFAULT_SEED), kills=ZALO_KILLS)
    assert stats.kills == ZALO_KILLS
    assert stats.acknowledged > 0


@pytest.mark.slow
async def test_zalo_bot_killed_many_times_loses_no_acknowledged_answer(tmp_path: Path) -> None:
    seed = _seed(random.SystemRandom().randrange(1, 2**31))
    stats = await crash_zalo(tmp_path, seed, kills=ZALO_SLOW_KILLS)
    assert stats.kills == ZALO_SLOW_KILLS
