"""Benchmark: the whole Telegram bot against a bare python-telegram-bot echo bot.

Both run on the real PTB stack (long polling, ``concurrent_updates``) against the same fake
Bot API server (tests/fakes/bot_api.py) on 127.0.0.1, in the same run. ``--users`` simulated
users (default 200) each send ``--messages`` messages (default 20: /start, the commune's
name, then OCOP questions mixed with menu keys), one after another — the next message only
after the bot has finished answering the previous one, as a person types. The figures:

* updates/s — updates answered per second of wall time, all users together;
* p50/p99 update→reply — from the update being queued at the server to the bot having sent
  its last reply to it (and had it acknowledged);
* the OCOP bot's share of the echo bot's throughput (goal: ≥ 50 %; p99 goal < 100 ms).

The OCOP bot runs with its pacer in the path but the limits raised (see BENCHMARKS.md: at
Telegram's real 30 messages/s the benchmark would measure Telegram's limit, not our code).
``--paced-users`` then runs a short check with the production pacing and reports the
highest rates seen overall and per chat.

    .venv/bin/python bench/telegram_e2e.py [--users 200] [--messages 20] [--paced-users 40]
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import platform
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from pathlib import Path

import yaml
from pydantic import SecretStr
from telegram import Update
from telegram.ext import Application, ContextTypes, MessageHandler, filters

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.app import open_assistant  # noqa: E402
from bot.channels.telegram import serve  # noqa: E402
from bot.channels.telegram.channel import Finished  # noqa: E402
from bot.channels.telegram.pacing import Pacing  # noqa: E402
from bot.settings import Settings, load_settings  # noqa: E402
from tests.fakes.bot_api import FakeBotApi  # noqa: E402

RAISED = Pacing(overall_rate=1e9, overall_burst=10**9, chat_rate=1e9, chat_burst=10**9)
FIRST_USER = 10_000
SYNCHRONOUS = os.environ.get("BENCH_SYNCHRONOUS", "")
MENU_KEYS = ("ℹ️ Hướng dẫn", "/menu", "🔔 Nhận thông báo")


def questions() -> list[str]:
    """Producer questions from the FAQ evaluation set (in-scope ones)."""
    items = yaml.safe_load((ROOT / "tests/data/faq_eval.yaml").read_text(encoding="utf-8"))
    return [item["q"] for item in items if not item.get("refuse")]


def script(user_index: int, count: int, pool: list[str]) -> list[str]:
    """What one simulated user sends: /start, the commune, then questions and menu keys."""
    out = ["/start", "yen thang"]
    for i in range(count - 2):
        if i % 3 == 2:
            out.append(MENU_KEYS[(user_index + i) % len(MENU_KEYS)])
        else:
            out.append(pool[(user_index * 7 + i) % len(pool)])
    return out[:count]


class Timed(Finished):
    """:class:`Finished` that also notes when each update was finished."""

    def __init__(self) -> None:
        super().__init__(keep=1_000_000)
        self.at: dict[int, float] = {}

    def add(self, update_id: int) -> None:
        self.at[update_id] = time.perf_counter()
        super().add(update_id)


async def drive(
    api: FakeBotApi, finished: Timed, users: int, messages: int, pool: list[str]
) -> tuple[float, list[float]]:
    """Run the simulated users; return (wall seconds, latencies in seconds)."""
    latencies: list[float] = []

    async def user(index: int) -> None:
        user_id = FIRST_USER + index
        api.set_user(user_id, first_name=f"Người dùng {index}")
        for text in script(index, messages, pool):
            pushed = api.send_text(user_id, text)
            started = time.perf_counter()
            await finished.wait(pushed.update_id, timeout=120)
            latencies.append(finished.at[pushed.update_id] - started)

    began = time.perf_counter()
    await asyncio.gather(*(user(i) for i in range(users)))
    return time.perf_counter() - began, latencies


def summary(name: str, wall: float, latencies: list[float]) -> dict[str, float]:
    ordered = sorted(latencies)
    p50 = statistics.median(ordered)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    rate = len(ordered) / wall
    print(
        f"{name:<10} {len(ordered):>6} updates in {wall:6.2f} s = {rate:7.1f} updates/s   "
        f"update→reply p50 {p50 * 1000:6.1f} ms  p99 {p99 * 1000:6.1f} ms"
    )
    return {"rate": rate, "p50": p50, "p99": p99}


async def run_ocop(
    api: FakeBotApi, settings: Settings, users: int, messages: int, pacing: Pacing
) -> tuple[float, list[float]]:
    async with open_assistant(settings) as assistant, serve(
        settings, assistant, pacing=pacing
    ) as channel:
        if SYNCHRONOUS:
            await assistant.services.db.execute(f"PRAGMA synchronous={SYNCHRONOUS}")
        timed = Timed()
        channel.finished = timed
        return await drive(api, timed, users, messages, questions())


async def run_echo(api: FakeBotApi, users: int, messages: int) -> tuple[float, list[float]]:
    """A bare PTB echo bot: same Application settings, one reply per message."""
    timed = Timed()

    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        try:
            if update.message is not None and update.message.text:
                await update.message.reply_text(update.message.text)
        finally:
            timed.add(update.update_id)

    app = (
        Application.builder()
        .token(api.token)
        .base_url(api.base_url)
        .base_file_url(api.base_file_url)
        .concurrent_updates(True)
        .job_queue(None)
        .build()
    )
    app.add_handler(MessageHandler(filters.ALL, echo))
    async with app:
        assert app.updater is not None
        await app.updater.start_polling(timeout=10)
        await app.start()
        try:
            return await drive(api, timed, users, messages, questions())
        finally:
            await app.updater.stop()
            await app.stop()


async def paced_check(api: FakeBotApi, settings: Settings, users: int) -> None:
    """Production pacing: every user sends /start and the commune (4 replies each)."""
    start = len(api.calls)
    wall, _ = await run_ocop(api, settings, users, 2, Pacing())
    sends = [
        c for c in api.calls[start:]
        if c.method in ("sendMessage", "editMessageReplyMarkup") and c.ok
    ]  # fmt: skip
    by_second = Counter(int(c.time) for c in sends)
    by_chat_second = Counter((c.chat_id, int(c.time)) for c in sends)
    print(
        f"paced      {len(sends):>6} messages in {wall:6.2f} s = {len(sends) / wall:7.1f}/s; "
        f"most in one second: {max(by_second.values())} overall, "
        f"{max(by_chat_second.values())} to one chat"
    )


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--messages", type=int, default=20)
    parser.add_argument("--paced-users", type=int, default=40)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    with tempfile.TemporaryDirectory() as tmp:
        async with FakeBotApi() as api:
            settings = load_settings(
                _env_file=None,
                OCOP_DB_PATH=Path(tmp) / "bench.db",
                OCOP_FILES_DIR=Path(tmp) / "files",
                OCOP_FLOOD_MAX_MESSAGES=max(20, args.messages),
            ).model_copy(
                update={
                    "telegram_bot_token": SecretStr(api.token),
                    "telegram_api_base_url": api.base_url,
                    "telegram_api_file_url": api.base_file_url,
                }
            )
            print(
                f"{args.users} users × {args.messages} messages; Python "
                f"{platform.python_version()}, {os.cpu_count()} CPUs, {platform.machine()}"
            )
            echo = summary("echo", *await run_echo(api, args.users, args.messages))
            ocop = summary("ocop", *await run_ocop(api, settings, args.users, args.messages, RAISED))
            ratio = ocop["rate"] / echo["rate"]
            verdict = "OK" if ratio >= 0.5 and ocop["p99"] < 0.1 else "BELOW GOAL"
            print(
                f"ratio      ocop/echo throughput {ratio:.0%}; "
                f"goals ≥ 50 % and p99 < 100 ms: {verdict}"
            )
            if args.paced_users:
                paced = settings.model_copy(update={"db_path": Path(tmp) / "paced.db"})
                await paced_check(api, paced, args.paced_users)


Runner = Callable[[], Awaitable[None]]

if __name__ == "__main__":
    asyncio.run(main())
