"""Where the milliseconds of the slowest updates go: ``bench/telegram_e2e.py`` phase 2 with
timers around each step of the OCOP bot (not a benchmark of its own; a profile).

Runs the OCOP bot alone at one offered rate (same users, messages and schedule as
``telegram_e2e.py``) with the steps of every update timed by wrapping the methods that
mark them (the bot's code is not changed), and the garbage collector's pauses and the
database's ``COMMIT``\\ s recorded as intervals. Prints, for all updates and for the
slowest 1 %, the mean of each span:

- ``poll``: pushed to the fake Bot API → the poller has the batch (``getUpdates``);
- ``lock1``: → the inbox insert runs (waits for the database lock);
- ``commit1``: → ``accept`` returns (the insert is durable);
- ``queue``: insert → the dispatcher starts the update (its task, ``claim``, ``get_next``);
- ``decode``: reading the update (PTB parsing, downloads);
- ``lock2``: → the handling transaction runs (the database lock again);
- ``handle``: the handler's statements and Python work;
- ``commit2``: → the handling is durable (the group's ``COMMIT``);
- ``send``: the replies sent (PTB → fake, loopback) and the update marked finished;

plus the GC pause time and the ``COMMIT`` time that overlapped those updates.

    .venv/bin/python bench/e2e_spans.py [--rate 40] [--seconds 20] [--messages 8]
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import logging
import os
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any

from pydantic import SecretStr

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from telegram_e2e import RAISED, Phase, Timed, drive  # noqa: E402

from bot.app import open_assistant  # noqa: E402
from bot.channels.telegram import serve  # noqa: E402
from bot.channels.telegram.channel import TelegramChannel  # noqa: E402
from bot.channels.telegram.poller import Poller  # noqa: E402
from bot.core import Assistant  # noqa: E402
from bot.heap import settle_heap  # noqa: E402
from bot.settings import load_settings  # noqa: E402
from bot.storage.inbox import InboxRepo  # noqa: E402
from bot.storage.sqlite import SqliteDatabase  # noqa: E402
from tests.fakes.bot_api import FakeBotApi  # noqa: E402

MARKS = ("pushed", "fetched", "inserting", "accepted", "started", "decoded", "handling",
         "handled", "durable", "finished")  # fmt: skip
SPANS = ("poll", "lock1", "commit1", "queue", "decode", "lock2", "handle", "commit2", "send")

now = time.perf_counter
marks: dict[str, dict[str, float]] = defaultdict(dict)
row_keys: dict[int, str] = {}  # inbox row id → update key
gc_pauses: list[tuple[float, float, int]] = []
commits: list[tuple[float, float]] = []


def wrap(owner: type, name: str, before: Callable[..., None] | None = None,
         after: Callable[..., None] | None = None) -> None:  # fmt: skip
    """Replace ``owner.name`` (a coroutine method) by one calling ``before``/``after``."""
    original = getattr(owner, name)

    @wraps(original)
    async def timed(*args: Any, **kwargs: Any) -> Any:
        if before is not None:
            before(*args, **kwargs)
        result = await original(*args, **kwargs)
        if after is not None:
            after(result, *args, **kwargs)
        return result

    setattr(owner, name, timed)


def install(api: FakeBotApi) -> None:
    def mark(key: str, what: str) -> None:
        marks[key].setdefault(what, now())

    send_text = api.send_text

    def pushed(*args: Any, **kwargs: Any) -> Any:
        update = send_text(*args, **kwargs)
        marks[str(update.update_id)]["pushed"] = now()
        return update

    api.send_text = pushed  # type: ignore[method-assign]

    def fetched(self: Poller, updates: list[dict[str, Any]]) -> None:
        for update in updates:
            mark(str(update["update_id"]), "fetched")

    wrap(Poller, "_record", before=fetched)
    wrap(InboxRepo, "save_arrival", before=lambda self, ch, key, *a, **k: mark(key, "inserting"))

    def saved(row_id: int | None, self: Any, ch: str, key: str, *a: Any, **k: Any) -> None:
        if row_id is not None:
            row_keys[row_id] = key

    wrap(InboxRepo, "save_arrival", after=saved)
    wrap(Assistant, "accept", after=lambda r, self, ch, key, *a: mark(key, "accepted"))
    wrap(Assistant, "serve_row", before=lambda self, row: mark(row.update_key, "started"))
    wrap(TelegramChannel, "decode", after=lambda r, self, arr, g: mark(arr.update_key, "decoded"))

    def handling(self: Any, row_id: int) -> None:
        if row_id in row_keys:
            mark(row_keys[row_id], "handling")

    wrap(InboxRepo, "save_done", before=handling)
    original_answer = Assistant._answer

    async def answer(self: Assistant, incoming: Any, row_id: int | None = None) -> Any:
        key = row_keys.get(row_id or -1, "")
        replies = await original_answer(self, incoming, row_id)
        if key:
            mark(key, "durable")
        return replies

    Assistant._answer = answer  # type: ignore[method-assign]
    original_route = Assistant._route

    async def route(self: Assistant, incoming: Any) -> Any:
        replies = await original_route(self, incoming)
        key = serving_by_user.get(str(incoming.user_id))  # the row being served for them
        if key:
            mark(key, "handled")
        return replies

    Assistant._route = route  # type: ignore[method-assign]
    original_off_loop = SqliteDatabase._off_loop

    async def off_loop(self: SqliteDatabase, sql: str) -> None:
        began = now()
        try:
            await original_off_loop(self, sql)
        finally:
            if sql == "COMMIT":
                commits.append((began, now()))

    SqliteDatabase._off_loop = off_loop  # type: ignore[method-assign]
    gc_began: list[float] = [0.0]

    def on_gc(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            gc_began[0] = now()
        else:
            gc_pauses.append((gc_began[0], now(), info["generation"]))

    gc.callbacks.append(on_gc)


serving_by_user: dict[str, str] = {}


def overlap(intervals: list[tuple[float, float]], start: float, end: float) -> float:
    return sum(max(0.0, min(b, end) - max(a, start)) for a, b in intervals)


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--messages", type=int, default=8)
    parser.add_argument("--rate", type=float, default=40)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--no-freeze", action="store_true", help="no bot.heap.settle_heap()")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    wrap(Assistant, "serve_row", before=lambda self, row: serving_by_user.__setitem__(
        row.user_key, row.update_key))  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        async with FakeBotApi() as api:
            install(api)
            settings = load_settings(
                _env_file=None, OCOP_FILES_DIR=Path(tmp) / "files", OCOP_FLOOD_MAX_MESSAGES=50
            ).model_copy(
                update={
                    "db_path": Path(tmp) / "spans.db",
                    "telegram_bot_token": SecretStr(api.token),
                    "telegram_api_base_url": api.base_url,
                    "telegram_api_file_url": api.base_file_url,
                }
            )
            phase = Phase(args.users, args.messages, args.rate, args.seconds)
            async with open_assistant(settings) as assistant:
                if not args.no_freeze:
                    settle_heap()
                async with serve(settings, assistant, pacing=RAISED) as channel:
                    timed = Timed()
                    channel.finished = timed
                    run = await drive(api, timed, phase)
            for key, at in timed.at.items():
                marks[str(key)]["finished"] = at
    report(run.latencies, args)


def report(latencies: list[float], args: argparse.Namespace) -> None:
    complete = {k: m for k, m in marks.items() if all(x in m for x in MARKS)}
    total = {k: m["finished"] - m["pushed"] for k, m in complete.items()}
    ordered = sorted(complete, key=total.__getitem__)
    slow = ordered[-max(1, len(ordered) // 100) :]
    print(
        f"{len(complete)} updates timed of {len(latencies)} at {args.rate:g}/s offered; "
        f"load average {os.getloadavg()[0]:.1f}; {len(commits)} COMMITs "
        f"(p50 {statistics.median(b - a for a, b in commits) * 1000:.1f} ms, max "
        f"{max(b - a for a, b in commits) * 1000:.1f} ms); GC pauses: "
        + ", ".join(
            f"gen{g} {sum(1 for *_, x in gc_pauses if x == g)}× max "
            f"{max((b - a for a, b, x in gc_pauses if x == g), default=0) * 1000:.1f} ms"
            for g in range(3)
        )
    )
    print(f"{'ms':<10}" + "".join(f"{s:>8}" for s in SPANS) + f"{'total':>8}{'gc':>7}{'COMMIT':>8}")
    for label, keys in (("all, mean", ordered), ("p99+, mean", slow)):
        row = [statistics.mean(span(marks[k], s) for k in keys) for s in SPANS]
        tot = statistics.mean(total[k] for k in keys)
        gcs = statistics.mean(
            overlap([(a, b) for a, b, _ in gc_pauses], marks[k]["pushed"], marks[k]["finished"])
            for k in keys
        )
        com = statistics.mean(
            overlap(commits, marks[k]["pushed"], marks[k]["finished"]) for k in keys
        )
        print(f"{label:<10}" + "".join(f"{v * 1000:8.1f}" for v in row)
              + f"{tot * 1000:8.1f}{gcs * 1000:7.1f}{com * 1000:8.1f}")  # fmt: skip
    zero = min(m["pushed"] for m in complete.values())
    print("slowest, one by one (pushed at s since the first update):")
    for k in slow[-8:]:
        m = marks[k]
        print(f"  {k:>6}" + "".join(f"{span(m, s) * 1000:8.1f}" for s in SPANS)
              + f"{total[k] * 1000:8.1f} at {m['pushed'] - zero:6.2f}")  # fmt: skip
    long_gc = [f"gen{g} {(b - a) * 1000:.0f} ms at {a - zero:.2f}" for a, b, g in gc_pauses
               if b - a > 0.02]  # fmt: skip
    long_commits = [f"{(b - a) * 1000:.0f} ms at {a - zero:.2f}" for a, b in commits
                    if b - a > 0.03]  # fmt: skip
    print("GC pauses > 20 ms: " + ", ".join(long_gc))
    print("COMMITs > 30 ms: " + ", ".join(long_commits))


def span(m: dict[str, float], name: str) -> float:
    i = SPANS.index(name)
    return m[MARKS[i + 1]] - m[MARKS[i]]


if __name__ == "__main__":
    asyncio.run(main())
