"""Several worker processes on one PostgreSQL database, with workers killed at random.

``ocop-bot run --workers 4`` serves producers who write to the fake Bot API server, which
posts each update to the shared webhook port (as Telegram does, again after a failed post,
with the same update id). While they write, a random worker gets SIGKILL now and then and the
supervisor starts it again. Then, for every producer:

- each of their messages was handled exactly once (its inbox row is ``done``, once);
- their replies came in the order they wrote, none twice;
- a reply may be missing only for a message that was in flight in a killed worker (handled
  and committed, its reply not yet sent): at most as many as the users a worker serves at
  once, per kill — and the run says how many there were.

``make test`` runs 20 producers × 6 messages with 3 kills; ``--runslow`` the full size of
issue 17: 200 producers × 20 messages with 8 kills. That run passes by chance too often for
the claim that keeps one user on one worker (one user's race between two workers is a few
milliseconds wide), so the claim and the shared flood count have their own tests below,
two workers being two connections. Needs PostgreSQL (skipped without).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import random
import re
import signal
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from bot.inbox import DispatcherConfig, InboxDispatcher
from bot.storage.db import Database
from bot.storage.inbox import Flood, InboxRepo, InboxRow
from tests.fakes.bot_api import FakeBotApi, PushedUpdate
from tests.support import dbread
from tests.support.pg_backend import PerTestDatabases
from tests.support.processes import children
from tests.support.zalo import free_port

ROOT = Path(__file__).resolve().parents[1]
QUOTED = re.compile(r"«m(\d+)-(\d+)»")  # the out-of-scope answer quotes the question
HOOK = "https://bot.example.test/tg/hook"


@dataclass
class Run:
    users: int
    messages: int
    kills: int
    seed: int = 1717
    killed: list[int] = field(default_factory=list)


@pytest.fixture
def pg_url(pg_databases: PerTestDatabases) -> str:
    """A fresh migrated PostgreSQL database for this test, whatever ``--backend`` says."""
    return pg_databases.main


async def post(api: FakeBotApi, update: PushedUpdate, port: int) -> None:
    """Deliver like Telegram: post until the webhook answers 200 (same update id)."""
    url = f"http://127.0.0.1:{port}/tg/hook"
    for _ in range(200):
        with contextlib.suppress(Exception):
            if await api.deliver_to_webhook(update, url=url, timeout=10) == 200:
                return
        await asyncio.sleep(0.1)
    raise AssertionError(f"update {update.update_id} never acknowledged")


async def producer(api: FakeBotApi, user: int, run: Run, port: int) -> None:
    await post(api, api.send_command(user, "/start", enqueue=False), port)
    await post(api, api.send_text(user, "Vạn Thắng", enqueue=False), port)
    for n in range(run.messages):
        await post(api, api.send_text(user, f"m{user}-{n}", enqueue=False), port)


async def killer(supervisor: int, run: Run, stop: asyncio.Event) -> None:
    rng = random.Random(run.seed)
    while len(run.killed) < run.kills and not stop.is_set():
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), rng.uniform(0.3, 1.5))
        pids = children(supervisor)
        if pids and not stop.is_set():
            victim = rng.choice(pids)
            with contextlib.suppress(ProcessLookupError):
                os.kill(victim, signal.SIGKILL)
                run.killed.append(victim)


def replies(api: FakeBotApi, user: int) -> list[int]:
    """The message numbers the bot's replies to ``user`` quote, in the order sent."""
    found = []
    for message in api.sent_messages(user):
        for match in QUOTED.finditer(message.shown_text):
            if int(match.group(1)) == user:
                found.append(int(match.group(2)))
    return found


def inbox_rows(url: str) -> dict[str, tuple[str, int]]:
    assert os.environ.get("OCOP_DATABASE_URL") == url  # what dbread reads
    conn = dbread.connect(Path("unused"))
    try:
        rows = conn.execute("SELECT update_key, state FROM inbox").fetchall()
    finally:
        conn.close()
    counted: dict[str, tuple[str, int]] = {}
    for key, state in rows:
        counted[str(key)] = (str(state), counted.get(str(key), ("", 0))[1] + 1)
    return counted


async def serve_with_kills(tmp_path: Path, url: str, run: Run) -> None:
    port = free_port()
    async with FakeBotApi() as api:
        env = {
            **os.environ,
            "TELEGRAM_BOT_TOKEN": api.token,
            "TELEGRAM_API_BASE_URL": api.base_url,
            "TELEGRAM_API_FILE_URL": api.base_file_url,
            "OCOP_DATABASE_URL": url,
            "WEBHOOK_URL": HOOK,
            "WEBHOOK_LISTEN": "127.0.0.1",
            "WEBHOOK_PORT": str(port),
            "OCOP_WEB_PORT": "0",
            "OCOP_FILES_DIR": str(tmp_path / "files"),
            "OCOP_FLOOD_MAX_MESSAGES": "0",
            "OCOP_LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
        }
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "run", "--workers", "4", cwd=tmp_path, env=env
        )
        stop = asyncio.Event()
        try:
            await api.wait_for(lambda: api.webhook, timeout=60, what="a webhook set")
            kills = asyncio.create_task(killer(process.pid, run, stop))
            users = [1000 + i for i in range(run.users)]
            await asyncio.gather(*(producer(api, u, run, port) for u in users))
            await kills  # the kills go on while the workers handle what they acknowledged

            def answered() -> bool:
                return all((r := replies(api, u)) and r[-1] == run.messages - 1 for u in users)

            with contextlib.suppress(TimeoutError):  # a last reply may be lost in flight
                await api.wait_for(answered, timeout=120, what="the last replies")
            for _ in range(120):  # and what a killed worker left is served by the others
                if not inbox_waiting(url):
                    break
                await asyncio.sleep(0.5)
            check(api, users, run, url)
        finally:
            stop.set()
            if process.returncode is None:
                process.send_signal(signal.SIGTERM)
                try:
                    await asyncio.wait_for(process.wait(), 60)
                except TimeoutError:
                    process.kill()
                    await process.wait()


def inbox_waiting(url: str) -> int:
    return sum(1 for state, _ in inbox_rows(url).values() if state == "pending")


def check(api: FakeBotApi, users: list[int], run: Run, url: str) -> None:
    rows = inbox_rows(url)
    updates = len(users) * (run.messages + 2)
    assert len(rows) == updates, "every acknowledged update was recorded, once"
    assert all(state == "done" and n == 1 for state, n in rows.values()), "each handled once"
    lost = 0
    for user in users:
        got = replies(api, user)
        assert got == sorted(set(got)), f"user {user}: replies out of order or twice: {got}"
        lost += run.messages - len(got)
    print(f"workers: {len(run.killed)} kills, {lost} replies lost in flight of {updates}")
    in_hand = DispatcherConfig().max_users
    assert lost <= len(run.killed) * in_hand


async def test_four_workers_keep_each_users_order_across_kills(
    tmp_path: Path, pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OCOP_DATABASE_URL", pg_url)
    await serve_with_kills(tmp_path, pg_url, Run(users=20, messages=6, kills=3))


@pytest.mark.slow
async def test_four_workers_200_users_20_messages_each(
    tmp_path: Path, pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OCOP_DATABASE_URL", pg_url)
    await serve_with_kills(tmp_path, pg_url, Run(users=200, messages=20, kills=8))


async def test_a_user_one_worker_serves_is_left_to_it_until_it_lets_go(pg_url: str) -> None:
    first, second = await Database.open(pg_url), await Database.open(pg_url)
    mine, other = InboxRepo(first), InboxRepo(second)
    await mine.save_arrival("telegram", "u1", "lan", "{}")
    served: list[str] = []

    async def serve(row: InboxRow) -> None:
        async with second.transaction():
            assert await other.save_done(row.id)
        served.append(row.update_key)

    dispatcher = InboxDispatcher(other, serve, DispatcherConfig(sweep_interval=0.05))
    try:
        assert await mine.claim_user("telegram", "lan")  # the first worker serves Lan
        dispatcher.open("telegram")
        dispatcher.start()
        dispatcher.wake("telegram", "lan")
        await asyncio.sleep(0.5)  # ten sweeps: the second worker takes nothing of Lan's
        assert served == []
        await first.close()  # the first worker dies: the server frees what it held
        for _ in range(100):
            if served:
                break
            await asyncio.sleep(0.05)
        assert served == ["u1"]
    finally:
        await dispatcher.stop()
        await second.close()


async def test_flood_control_counts_what_every_worker_took_in(pg_url: str) -> None:
    first, second = await Database.open(pg_url), await Database.open(pg_url)
    repos = [InboxRepo(first), InboxRepo(second)]
    verdicts = []
    for n in range(5):  # a user's updates reach the two workers in turn; limit 3
        repo = repos[n % 2]
        verdict = await repo.flood_verdict("telegram", "lan", limit=3, window=60)
        await repo.save_arrival("telegram", f"u{n}", "lan", "{}", verdict)
        verdicts.append(verdict)
    assert verdicts == [Flood.OK, Flood.OK, Flood.OK, Flood.NOTICE, Flood.DROP]
    await first.close()
    await second.close()
