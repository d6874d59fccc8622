"""Benchmark: webhook workers on PostgreSQL (1, 2, 4 processes) against 1 process on SQLite.

All in the same run, against the same fake Bot API server (tests/fakes/bot_api.py) on
127.0.0.1. Each configuration gets a fresh database and its own worker processes, which
listen on one webhook port (``SO_REUSEPORT``) exactly as ``ocop-bot run --workers N`` starts
them — but through this file's ``child`` mode, so that the send pacing can be raised (at
Telegram's 30 messages/s per process the benchmark would measure Telegram's limit; see
BENCHMARKS.md). ``--users`` producers first onboard (/start, their commune: not measured),
then each posts ``--messages`` questions outside OCOP's scope (answered by quoting them) as
fast as the webhook acknowledges, all producers at once.

Prints, per configuration: updates/s (measured updates ÷ time from the first post to the last
reply) and p50/p99 from an update being posted to the bot's reply reaching the server.

    .venv/bin/python bench/workers.py [--users 100] [--messages 10] [--workers 1,2,4]

Needs PostgreSQL 15 server binaries (scripts/pg_tmp.py) or ``OCOP_TEST_DATABASE_URL``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import platform
import re
import signal
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.app import open_assistant  # noqa: E402
from bot.channels.telegram import serve  # noqa: E402
from bot.channels.telegram.pacing import Pacing  # noqa: E402
from bot.settings import load_settings  # noqa: E402
from scripts import pg_tmp  # noqa: E402
from tests.fakes.bot_api import FakeBotApi, PushedUpdate  # noqa: E402
from tests.support.pg_backend import admin, with_database  # noqa: E402
from tests.support.zalo import free_port  # noqa: E402

RAISED = Pacing(overall_rate=1e9, overall_limit=10**9, chat_burst=10**9)
QUOTED = re.compile(r"«m(\d+)-(\d+)»")
FIRST_USER = 20_000


async def child() -> None:
    """One worker: the bot in webhook mode until SIGTERM, pacing raised."""
    settings = load_settings()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    async with open_assistant(settings) as assistant, serve(settings, assistant, pacing=RAISED):
        await stop.wait()


async def post(api: FakeBotApi, update: PushedUpdate, url: str) -> float:
    for _ in range(100):
        with contextlib.suppress(Exception):
            sent = time.monotonic()
            if await api.deliver_to_webhook(update, url=url, timeout=30) == 200:
                return sent
        await asyncio.sleep(0.05)
    raise RuntimeError("webhook never acknowledged")


async def run_config(
    api: FakeBotApi, env: dict[str, str], workers: int, args: argparse.Namespace
) -> tuple[float, float, float]:
    port = free_port()
    url = f"http://127.0.0.1:{port}/tg/hook"
    env = {**env, "WEBHOOK_PORT": str(port)}
    calls_before = len(api.calls)
    procs = [
        await asyncio.create_subprocess_exec(
            sys.executable, __file__, "child", env={**env, "OCOP_WORKER_INDEX": str(i + 1)}
        )
        for i in range(workers)
    ]
    try:
        await api.wait_for(
            lambda: (
                len([c for c in api.calls[calls_before:] if c.method == "setWebhook"]) >= workers
            ),
            timeout=120,
            what="workers up",
        )
        users = [FIRST_USER + i for i in range(args.users)]

        async def onboard(user: int) -> None:
            await post(api, api.send_command(user, "/start", enqueue=False), url)
            await post(api, api.send_text(user, "Vạn Thắng", enqueue=False), url)

        sends = [calls_before]  # how far the calls were read

        def count_sends() -> int:
            return sum(1 for c in api.calls[calls_before:] if c.method == "sendMessage")

        await asyncio.gather(*(onboard(u) for u in users))
        await api.wait_for(lambda: count_sends() >= 4 * len(users), 300, what="onboarded")
        sends[0] = len(api.calls)
        posted: dict[tuple[int, int], float] = {}

        async def ask(user: int) -> None:
            for n in range(args.messages):
                update = api.send_text(user, f"m{user}-{n}", enqueue=False)
                posted[(user, n)] = await post(api, update, url)

        start = time.monotonic()
        await asyncio.gather(*(ask(u) for u in users))
        seen: dict[tuple[int, int], float] = {}

        def done() -> bool:
            fresh = api.calls[sends[0] :]
            sends[0] += len(fresh)
            for call in fresh:
                if call.method != "sendMessage":
                    continue
                for match in QUOTED.finditer(str(call.params.get("text", ""))):
                    key = (int(match.group(1)), int(match.group(2)))
                    seen.setdefault(key, call.time)
            return len(seen) >= len(posted)

        await api.wait_for(done, 600, what="every reply")
        end = max(seen.values())
        latencies = sorted((seen[k] - posted[k]) * 1000 for k in posted)
        rate = len(posted) / (end - start)
        return rate, statistics.median(latencies), latencies[int(0.99 * (len(latencies) - 1))]
    finally:
        for proc in procs:
            if proc.returncode is None:
                proc.send_signal(signal.SIGTERM)
        for proc in procs:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(proc.wait(), 60)
            if proc.returncode is None:
                proc.kill()


async def main(args: argparse.Namespace) -> None:
    counts = [int(n) for n in args.workers.split(",")]
    server = os.environ.get("OCOP_TEST_DATABASE_URL")
    with contextlib.ExitStack() as stack:
        if not server:
            server = stack.enter_context(pg_tmp.temporary_postgres())
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-workers-")))
        async with FakeBotApi() as api:
            base = {
                **os.environ,
                "TELEGRAM_BOT_TOKEN": api.token,
                "TELEGRAM_API_BASE_URL": api.base_url,
                "TELEGRAM_API_FILE_URL": api.base_file_url,
                "WEBHOOK_URL": "https://bot.example.test/tg/hook",
                "WEBHOOK_SECRET": "bench-secret-0123456789",
                "WEBHOOK_LISTEN": "127.0.0.1",
                "OCOP_WEB_PORT": "0",
                "OCOP_FLOOD_MAX_MESSAGES": "0",
                "OCOP_LOG_LEVEL": "WARNING",
                "OCOP_FILES_DIR": str(tmp / "files"),
            }
            base.pop("OCOP_DATABASE_URL", None)
            configs = [("SQLite", 1)] + [("PostgreSQL", n) for n in counts]
            print(f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores; "
                  f"{args.users} users × {args.messages} messages per configuration")  # fmt: skip
            for index, (engine, workers) in enumerate(configs):
                env = dict(base)
                if engine == "SQLite":
                    env["OCOP_DB_PATH"] = str(tmp / f"ocop{index}.db")
                else:
                    name = f"bench_workers_{index}"
                    with admin(server) as conn:
                        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
                        conn.execute(f"CREATE DATABASE {name}")
                    env["OCOP_DATABASE_URL"] = with_database(server, name)
                rate, p50, p99 = await run_config(api, env, workers, args)
                print(f"{engine:<10} {workers} worker(s): {rate:7.1f} updates/s, "
                      f"p50 {p50:7.1f} ms, p99 {p99:7.1f} ms", flush=True)  # fmt: skip


if __name__ == "__main__":
    if sys.argv[1:2] == ["child"]:
        asyncio.run(child())
        sys.exit(0)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--messages", type=int, default=10)
    parser.add_argument("--workers", default="1,2,4")
    asyncio.run(main(parser.parse_args()))
