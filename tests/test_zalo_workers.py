"""``ocop-bot run --workers 3`` with the Zalo channel in webhook mode, workers killed at random.

Zalo, like Telegram, POSTs each update to one webhook URL; the workers share its port
(``SO_REUSEPORT``) and its secret (the supervisor makes one when ``ZALO_WEBHOOK_SECRET`` is
not set), each records what it receives in the shared inbox and answers 200, and whichever
worker is free serves a user, one update at a time. Zalo's redelivery is undocumented, so the
producers here post until the webhook answers 200 (as the Telegram test's fake does): an
update a killed worker never acknowledged is the platform's to send again, one it
acknowledged is in the inbox. Then, for every producer: each message handled once, the
replies in the order they wrote, none twice; a reply may be missing only for a message in
flight in a killed worker. Needs PostgreSQL (skipped without), whatever ``--backend`` says.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import random
import re
import signal
import sys
from pathlib import Path

import pytest

from bot.commands.workers import refusal
from bot.inbox import DispatcherConfig
from bot.settings import load_settings
from tests.fakes.zalo_api import FakeZaloApi
from tests.support import dbread
from tests.support.pg_backend import PerTestDatabases
from tests.support.processes import children
from tests.support.zalo import free_port

ROOT = Path(__file__).resolve().parents[1]
QUOTED = re.compile(r"«m(\d+)-(\d+)»")  # the out-of-scope answer quotes the question
USERS, MESSAGES, KILLS = 12, 8, 2


async def post(zalo: FakeZaloApi, user: str, text: str) -> None:
    """A user writes; Zalo posts the update until the webhook answers 200 (same message id)."""
    update = zalo.users.text(user, text, name=f"Hộ {user}")
    zalo.known_chats.add(user)
    for _ in range(300):
        if zalo.webhook_url:
            delivery = await zalo.deliver_with_secret(update, zalo.webhook_secret)
            if delivery.status == 200:
                return
        await asyncio.sleep(0.1)
    raise AssertionError(f"{text!r} never acknowledged")


def replies(zalo: FakeZaloApi, user: int) -> list[int]:
    found = []
    for text in zalo.texts(f"u{user}"):
        for match in QUOTED.finditer(text or ""):
            if int(match.group(1)) == user:
                found.append(int(match.group(2)))
    return found


def inbox_rows() -> list[tuple[str, str]]:
    conn = dbread.connect(Path("unused"))  # OCOP_DATABASE_URL: the test's database
    try:
        return [
            (str(k), str(s))
            for k, s in conn.execute("SELECT update_key, state FROM inbox").fetchall()
        ]
    finally:
        conn.close()


async def test_zalo_webhook_with_three_workers_keeps_each_users_order_across_kills(
    tmp_path: Path, pg_databases: PerTestDatabases, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = pg_databases.main
    monkeypatch.setenv("OCOP_DATABASE_URL", url)  # what dbread reads
    port = free_port()
    async with FakeZaloApi() as zalo:
        env = {
            **os.environ,
            "ZALO_BOT_TOKEN": zalo.token,
            "ZALO_API_BASE_URL": zalo.base_url,
            "ZALO_WEBHOOK_URL": f"http://127.0.0.1:{port}/zalo/hook",
            "ZALO_WEBHOOK_LISTEN": "127.0.0.1",
            "ZALO_WEBHOOK_PORT": str(port),
            "OCOP_DATABASE_URL": url,
            "OCOP_WEB_PORT": "0",
            "OCOP_FILES_DIR": str(tmp_path / "files"),
            "OCOP_FLOOD_MAX_MESSAGES": "0",
            "OCOP_LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
        }
        for name in ("TELEGRAM_BOT_TOKEN", "WEBHOOK_URL", "ZALO_WEBHOOK_SECRET"):
            env.pop(name, None)
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "run", "--workers", "3", cwd=tmp_path, env=env
        )
        killed: list[int] = []
        try:
            async with asyncio.timeout(60):
                while sum(c.method == "setWebhook" for c in zalo.calls) < 3:
                    await asyncio.sleep(0.05)
            users = list(range(1, USERS + 1))

            async def producer(user: int) -> None:
                await post(zalo, f"u{user}", "xin chào")
                await post(zalo, f"u{user}", "Vạn Thắng")
                for n in range(MESSAGES):
                    await post(zalo, f"u{user}", f"m{user}-{n}")
                    await asyncio.sleep(0.3)  # a person types: the kills land mid-traffic

            async def killer() -> None:
                rng = random.Random(1913)
                while len(killed) < KILLS:
                    await asyncio.sleep(rng.uniform(0.4, 1.0))
                    if pids := children(process.pid):
                        victim = rng.choice(pids)
                        with contextlib.suppress(ProcessLookupError):
                            os.kill(victim, signal.SIGKILL)
                            killed.append(victim)

            kills = asyncio.create_task(killer())
            await asyncio.gather(*(producer(u) for u in users))
            await kills
            with contextlib.suppress(TimeoutError):  # a last reply may be lost in flight
                async with asyncio.timeout(90):
                    while not all(MESSAGES - 1 in replies(zalo, u) for u in users):
                        await asyncio.sleep(0.1)
            for _ in range(120):  # what a killed worker left is served by the others
                if all(state != "pending" for _, state in inbox_rows()):
                    break
                await asyncio.sleep(0.5)
        finally:
            if process.returncode is None:
                process.send_signal(signal.SIGTERM)
                try:
                    await asyncio.wait_for(process.wait(), 60)
                except TimeoutError:
                    process.kill()
                    await process.wait()
        rows = inbox_rows()
        assert len(rows) == USERS * (MESSAGES + 2), "every acknowledged update recorded, once"
        assert all(state == "done" for _, state in rows), "each handled"
        lost = 0
        for user in users:
            got = replies(zalo, user)
            assert got == sorted(set(got)), f"user {user}: replies out of order or twice: {got}"
            lost += MESSAGES - len(got)
        print(f"zalo workers: {len(killed)} kills {killed}, {lost} replies lost in flight")
        assert len(killed) == KILLS
        assert lost <= KILLS * DispatcherConfig().max_users


def test_workers_with_zalo_need_its_webhook(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OCOP_DATABASE_URL", raising=False)
    zalo = {"ZALO_BOT_TOKEN": "123:abc", "OCOP_DATABASE_URL": "postgresql://h/ocop"}
    polling = load_settings(**zalo, _env_file=None)
    assert "ZALO_WEBHOOK_URL" in (refusal(polling, 4) or "")
    hooked = load_settings(**zalo, ZALO_WEBHOOK_URL="https://bot.example.vn/zalo", _env_file=None)
    assert refusal(hooked, 4) is None  # Zalo alone: no Telegram webhook needed
    both = load_settings(**zalo, TELEGRAM_BOT_TOKEN="9:x", ZALO_WEBHOOK_URL="https://a.vn/z",
                         _env_file=None)  # fmt: skip
    assert "WEBHOOK_URL" in (refusal(both, 4) or "")  # Telegram's is missing
    both = load_settings(**zalo, TELEGRAM_BOT_TOKEN="9:x", ZALO_WEBHOOK_URL="https://a.vn/z",
                         WEBHOOK_URL="https://a.vn/tg", _env_file=None)  # fmt: skip
    assert refusal(both, 4) is None
