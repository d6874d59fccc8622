"""Benchmark: the whole Telegram bot against a bare python-telegram-bot echo bot.

Both run on the real PTB stack (long polling, ``concurrent_updates``) against the same fake
Bot API server (tests/fakes/bot_api.py) on 127.0.0.1, in the same run. ``--users`` simulated
users (default 200) each send ``--messages`` messages (default 20: /start, the commune's
name, then OCOP questions from tests/data/faq_eval.yaml mixed with menu keys), one after
another: the next message only after the bot has finished answering the previous one.

1. **Throughput** — users send without pause (the bots are saturated); each bot runs twice,
   alternately, and the better run counts. Prints updates/s and the OCOP bot's share of the
   echo bot's (goal ≥ 80 %). Latency here is queueing: about users ÷ throughput.
2. **Latency at load** — for each of ``--rates`` (default 10, 40 and 80 updates/s), one
   global arrival schedule: Poisson arrivals (fixed seed) scaled so that the schedule offers
   exactly that rate on average. Each arrival goes to a user picked at random among those
   not waiting for a reply, so a user's next message still leaves only after the bot has
   answered their previous one (with 200 users at 40/s and replies in milliseconds, one is
   always free; a send more than 10 ms behind the schedule is counted as late). A phase
   lasts until every user has sent all their messages, or ``--seconds`` (then the users
   are still early in their scripts: more /start and commune answers, fewer questions).
   Prints the rate offered and reached, and p50/p99 from the update being queued at the
   server to the bot having sent (and had acknowledged) its last reply to it (goal p99 <
   100 ms at 40/s), for the echo bot and then the OCOP bot on the same schedule.
3. **Pacing** — ``--paced-users`` users onboard with the production pacing (30 messages/s
   overall, 1/s per chat after a burst of 3); prints the highest counts seen in one second.

The OCOP bot runs with its pacer in the path but the limits raised in 1 and 2 (see
BENCHMARKS.md: at Telegram's 30 messages/s the benchmark would measure Telegram's limit).
``BENCH_SYNCHRONOUS=NORMAL`` runs the OCOP database with ``PRAGMA synchronous=NORMAL``
instead of the project's ``FULL`` (to show what the per-commit fsync costs).

    .venv/bin/python bench/telegram_e2e.py [--users 200] [--messages 20] [--rates 10,40,80]
        [--seconds 0] [--no-throughput] [--paced-users 40]

``bench/e2e_spans.py`` times the steps of the OCOP bot's slowest updates on this schedule.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
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
from bot.heap import settle_heap  # noqa: E402
from bot.settings import Settings, load_settings  # noqa: E402
from tests.fakes.bot_api import FakeBotApi  # noqa: E402

RAISED = Pacing(overall_rate=1e9, overall_limit=10**9, chat_burst=10**9)
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


@dataclass
class Run:
    """One phase of one bot: wall and CPU seconds, the latencies, and the rate offered."""

    wall: float
    cpu: float
    latencies: list[float]
    offered: float = 0.0  # updates/s of the arrival schedule (0: users without pauses)
    late: int = 0  # sends more than 10 ms behind the schedule (no user free, or a busy loop)


class Timed(Finished):
    """:class:`Finished` that also notes when each update was finished."""

    def __init__(self) -> None:
        super().__init__(keep=1_000_000)
        self.at: dict[int, float] = {}

    def add(self, update_id: int) -> None:
        self.at[update_id] = time.perf_counter()
        super().add(update_id)


class Phase:
    """What the users send in one phase: ``rate`` updates/s as a Poisson arrival schedule
    (0: every user sends again as soon as answered), ``messages`` per user, at most
    ``seconds`` long (0: until every user has sent all their messages)."""

    def __init__(self, users: int, messages: int, rate: float, seconds: float) -> None:
        self.users, self.messages, self.rate = users, messages, rate
        total = users * messages
        if rate and seconds:
            total = min(total, max(1, round(rate * seconds)))
        self.total = total


async def drive(api: FakeBotApi, finished: Timed, phase: Phase) -> Run:
    """Run the simulated users through ``phase``. With a rate, arrivals follow one global
    Poisson schedule (fixed seed); each arrival goes to a user chosen at random among those
    not waiting for a reply, so a user's next message still leaves only after the bot has
    finished answering their previous one."""
    latencies: list[float] = []
    pool = questions()
    rng = random.Random(20261130)
    scripts = [script(i, phase.messages, pool) for i in range(phase.users)]
    sent = [0] * phase.users
    for index in range(phase.users):
        api.set_user(FIRST_USER + index, first_name=f"Người dùng {index}")

    async def one(index: int) -> None:
        pushed = api.send_text(FIRST_USER + index, scripts[index][sent[index]])
        sent[index] += 1
        started = time.perf_counter()
        await finished.wait(pushed.update_id, timeout=120)
        latencies.append(finished.at[pushed.update_id] - started)

    async def back_to_back(index: int) -> None:
        while sent[index] < phase.messages:
            await one(index)

    began, cpu = time.perf_counter(), time.process_time()
    if not phase.rate:
        await asyncio.gather(*(back_to_back(i) for i in range(phase.users)))
        return Run(time.perf_counter() - began, time.process_time() - cpu, latencies)
    idle = list(range(phase.users))
    freed = asyncio.Event()
    tasks: list[asyncio.Task[None]] = []
    late = 0
    due = 0.0
    # Poisson gaps, scaled so that the schedule offers exactly ``rate`` on average
    gaps = [rng.expovariate(1.0) for _ in range(phase.total)]
    scale = phase.total / phase.rate / sum(gaps)

    async def answered(index: int) -> None:
        await one(index)
        if sent[index] < phase.messages:
            idle.append(index)
            freed.set()

    for gap in gaps:
        due += gap * scale
        await asyncio.sleep(max(0.0, began + due - time.perf_counter()))
        while not idle:
            freed.clear()
            await freed.wait()
        if time.perf_counter() - (began + due) > 0.010:
            late += 1
        index = idle.pop(rng.randrange(len(idle)))
        tasks.append(asyncio.create_task(answered(index)))
    await asyncio.gather(*tasks)
    wall, used = time.perf_counter() - began, time.process_time() - cpu
    return Run(wall, used, latencies, offered=phase.total / due, late=late)


def summary(name: str, run: Run) -> dict[str, float]:
    """Print one run; its CPU time is the process's (bot, fake server and users)."""
    ordered = sorted(run.latencies)
    p50 = statistics.median(ordered)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    rate = len(ordered) / run.wall
    offered = f"offered {run.offered:5.1f}/s, " if run.offered else ""
    late = f", {run.late} sends late" if run.late else ""
    print(
        f"{name:<6} {len(ordered):>5} updates in {run.wall:6.2f} s: {offered}reached "
        f"{rate:5.1f}/s ({run.cpu / len(ordered) * 1000:5.2f} ms CPU each)  "
        f"update→reply p50 {p50 * 1000:6.1f} ms  p99 {p99 * 1000:7.1f} ms{late}"
    )
    return {"rate": rate, "offered": run.offered, "cpu": run.cpu / len(ordered), "p50": p50,
            "p99": p99}  # fmt: skip


async def run_ocop(api: FakeBotApi, settings: Settings, phase: Phase, pacing: Pacing) -> Run:
    """The OCOP bot as ``ocop-bot run`` builds it (fresh database each run)."""
    async with open_assistant(settings) as assistant:
        settle_heap()  # as ``ocop-bot run`` does once started
        async with serve(settings, assistant, pacing=pacing) as channel:
            if SYNCHRONOUS:
                await assistant.services.db.execute(f"PRAGMA synchronous={SYNCHRONOUS}")
            timed = Timed()
            channel.finished = timed
            return await drive(api, timed, phase)


async def run_echo(api: FakeBotApi, phase: Phase) -> Run:
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
            return await drive(api, timed, phase)
        finally:
            await app.updater.stop()
            await app.stop()


async def paced_check(api: FakeBotApi, settings: Settings, users: int) -> None:
    """Production pacing: every user sends /start and the commune (4 replies each)."""
    start = len(api.calls)
    wall = (await run_ocop(api, settings, Phase(users, 2, 0, 0), Pacing())).wall
    sends = [
        c for c in api.calls[start:]
        if c.method in ("sendMessage", "editMessageReplyMarkup") and c.ok
    ]  # fmt: skip
    by_second = Counter(int(c.time) for c in sends)
    by_chat_second = Counter((c.chat_id, int(c.time)) for c in sends)
    print(
        f"  paced  {len(sends):>6} messages in {wall:6.2f} s = {len(sends) / wall:7.1f}/s; "
        f"most in one second: {max(by_second.values())} overall, "
        f"{max(by_chat_second.values())} to one chat"
    )


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--messages", type=int, default=20)
    parser.add_argument(
        "--rates",
        default="10,40,80",
        help="phase 2: offered updates/s, comma-separated (Poisson arrivals); 0: none",
    )
    parser.add_argument(
        "--seconds",
        type=float,
        default=0.0,
        help="phase 2: at most this long per rate (0: every user sends all messages)",
    )
    parser.add_argument("--paced-users", type=int, default=40)
    parser.add_argument("--no-throughput", action="store_true", help="skip phase 1")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    with tempfile.TemporaryDirectory() as tmp:
        runs = iter(range(1_000))

        def fresh() -> Settings:
            return base.model_copy(update={"db_path": Path(tmp) / f"run{next(runs)}.db"})

        async with FakeBotApi() as api:
            base = load_settings(
                _env_file=None,
                OCOP_FILES_DIR=Path(tmp) / "files",
                OCOP_FLOOD_MAX_MESSAGES=max(20, args.messages),
            ).model_copy(
                update={
                    "telegram_bot_token": SecretStr(api.token),
                    "telegram_api_base_url": api.base_url,
                    "telegram_api_file_url": api.base_file_url,
                }
            )
            n, m = args.users, args.messages
            results: list[str] = []
            print(
                f"{n} users × {m} messages; Python {platform.python_version()}, "
                f"{os.cpu_count()} CPUs, {platform.machine()}, "
                f"synchronous={SYNCHRONOUS or 'FULL'}"
            )
            if not args.no_throughput:
                print("1. throughput (no pauses; best of 2 alternating runs)")
                echo_runs, ocop_runs = [], []
                saturated = Phase(n, m, 0, 0)
                for _ in range(2):
                    echo_runs.append(summary("  echo", await run_echo(api, saturated)))
                    ocop_runs.append(
                        summary("  ocop", await run_ocop(api, fresh(), saturated, RAISED))
                    )
                echo = max(echo_runs, key=lambda r: r["rate"])
                ocop = max(ocop_runs, key=lambda r: r["rate"])
                ratio = ocop["rate"] / echo["rate"]
                by_cpu = echo["cpu"] / ocop["cpu"]
                print(
                    f"  ratio ocop/echo {ratio:.0%} of the updates/s, {by_cpu:.0%} by CPU time "
                    f"per update (goal ≥ 80 %: {'OK' if ratio >= 0.8 else 'NO'})"
                )
                results.append(f"throughput {ratio:.2f}× echo")
            rates = [float(r) for r in args.rates.split(",") if float(r) > 0]
            for rate in rates:
                phase = Phase(n, m, rate, args.seconds)
                print(f"2. latency at {rate:g} updates/s offered ({phase.total} updates)")
                echo = summary("  echo", await run_echo(api, phase))
                at_load = summary("  ocop", await run_ocop(api, fresh(), phase, RAISED))
                print(f"  ocop p99 < 100 ms: {'OK' if at_load['p99'] < 0.1 else 'NO'}")
                results.append(
                    f"{rate:g}/s (offered {at_load['offered']:.1f}, reached"
                    f" {at_load['rate']:.1f}) p50 {at_load['p50'] * 1000:.0f} ms"
                    f" p99 {at_load['p99'] * 1000:.0f} ms (echo {echo['p99'] * 1000:.0f})"
                )
            if args.paced_users:
                print("3. production pacing")
                await paced_check(api, fresh(), args.paced_users)
            print(
                f"\nSUMMARY telegram_e2e: {'; '.join(results)};"
                f" load average {os.getloadavg()[0]:.1f}"
            )


if __name__ == "__main__":
    asyncio.run(main())
