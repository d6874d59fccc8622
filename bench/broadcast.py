"""Benchmark: one announcement to 10,000 subscribers, then the same with a kill -9 mid-way.

    .venv/bin/python bench/broadcast.py                 # 10,000 recipients (a few minutes)
    .venv/bin/python bench/broadcast.py --recipients 600 --mode simulated

Prints, for a clean run: wall time against the ideal (recipients ÷ the limit) as a ratio,
messages lost (a recipient who has not blocked the bot and got nothing) and duplicates
(messages beyond the first to one recipient). Then runs the same broadcast in a child
process, kills it with SIGKILL at ``--kill-at`` of the way, starts a new child on the same
database, and prints lost and duplicates again.

Two ways to play Telegram:

- ``telegram``: the real channel (python-telegram-bot, ``bot.channels.telegram``) against
  the fake Bot API server of the tests (``tests/fakes/bot_api.py``) limiting to ``--limit``
  messages a second across chats (429 with ``retry_after`` 1 over it), ``--blocked`` of the
  users having blocked the bot (403) and random 429s (``--p429`` of the calls).
- ``simulated``: a Sender written here with the same rules (sliding one-second window,
  blocked users, random 429s, 20–60 ms of latency) that appends each delivered message to
  a file, used when the Telegram channel is not part of this checkout.

``auto`` (the default) takes ``telegram`` when the channel can be imported.

The fake Bot API runs in a process of its own (``bench/fake_process.py``), as Telegram's
servers do not share the bot's event loop, heap or collector: in one process a stall of
the loop (a full collection walking the fake's record of 10,000 calls) let the fake handle
sends the bot had released 34 ms apart together, in one of its seconds (a 429 Telegram
would not give). ``--shared-loop`` runs it in the bench's loop as before, to compare.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import os
import random
import signal
import statistics
import sys
import tempfile
import time
from collections import Counter, deque
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from fake_process import Delivered, RemoteFake, summary  # noqa: E402

from bot.app import open_assistant  # noqa: E402
from bot.broadcast.worker import WorkerConfig  # noqa: E402
from bot.delivery import DeliveryResult, Outcome  # noqa: E402
from bot.messages import Reply  # noqa: E402
from bot.settings import Settings, load_settings  # noqa: E402
from bot.storage.announcements import AnnouncementRepo  # noqa: E402
from bot.storage.db import Database  # noqa: E402
from bot.storage.outbox import Recipient  # noqa: E402
from bot.storage.users import UserRepo  # noqa: E402

COMMUNE = "13864"
MARKER = "BENCH-ANNOUNCEMENT"
FIRST_CHAT = 100_000
FIRST_PRODUCER = 900_000
SUMMARY: list[str] = []
COUNTED = ("sendMessage", "editMessageText", "editMessageReplyMarkup", "sendDocument", "sendPhoto")


def telegram_available() -> bool:
    try:
        import bot.channels.telegram.runner  # type: ignore[import-not-found,unused-ignore]  # noqa: F401
    except ImportError:
        return False
    return True


@dataclass(frozen=True)
class Options:
    recipients: int
    limit: int
    blocked: float
    p429: float
    kill_at: float
    mode: str
    seed: int
    delay: float = 0.0
    producers: int = 0
    think: float = 3.0
    shared_loop: bool = False
    freeze_fake: bool = True


def who(chat_id: object) -> str:
    """Whose chat a call went to: the officer, a producer chatting, or a subscriber."""
    if chat_id is None:
        return "none"
    number = int(str(chat_id))
    return "officer" if number == 42 else "producer" if number >= FIRST_PRODUCER else "subscriber"


def chats(options: Options) -> list[int]:
    return [FIRST_CHAT + n for n in range(options.recipients)]


def blocked_chats(options: Options) -> set[int]:
    rng = random.Random(options.seed)
    every = chats(options)
    return set(rng.sample(every, round(len(every) * options.blocked)))


def bench_settings(db_path: Path, options: Options, **extra: object) -> Settings:
    return load_settings(
        OCOP_DB_PATH=db_path,
        OCOP_FILES_DIR=db_path.parent / "files",
        OCOP_EXPORTS_DIR=db_path.parent / "exports",
        _env_file=None,
        **extra,
    )


async def prepare(db_path: Path, options: Options) -> None:
    """Subscribers, an officer, and one announcement to all of them (queued, not sent)."""
    db = await Database.open(db_path)
    users = UserRepo(db)
    now = "2026-01-01T00:00:00+00:00"
    rows = [("telegram", str(chat), now, now, COMMUNE) for chat in chats(options)]
    rows.append(("telegram", "42", now, now, COMMUNE))
    await db.execute_many(
        "INSERT INTO users (channel, external_id, created_at, last_seen_at, commune_id,"
        " subscribed) VALUES (?, ?, ?, ?, ?, 1)",
        rows,
    )
    officer = await users.get_by_external("telegram", "42")
    assert officer is not None
    recipients = [
        Recipient(int(r["id"]), "telegram", r["external_id"])
        for r in await db.fetch_all(
            "SELECT id, external_id FROM users WHERE commune_id = ? ORDER BY id", (COMMUNE,)
        )
        if r["external_id"] != "42"
    ]
    await AnnouncementRepo(db).save_announcement(
        author_id=officer.id,
        commune_id=COMMUNE,
        audience={},
        text=f"{MARKER} Tập huấn OCOP sáng thứ Bảy tại UBND xã.",
        recipients=recipients,
    )
    await db.close()


async def announcement_done(db_path: Path) -> bool:
    db = await Database.open(db_path)
    try:
        row = await db.fetch_one("SELECT status FROM announcements WHERE id = 1")
    finally:
        await db.close()
    return row is not None and row["status"] == "done"


async def wait_done(db_path: Path, poll: float = 0.25) -> None:
    while not await announcement_done(db_path):
        await asyncio.sleep(poll)


@dataclass
class Tally:
    lost: int
    duplicates: int
    delivered: int


def tally(per_chat: Counter[int], options: Options) -> Tally:
    blocked = blocked_chats(options)
    expected = [c for c in chats(options) if c not in blocked]
    lost = sum(1 for c in expected if per_chat.get(c, 0) == 0)
    duplicates = sum(n - 1 for n in per_chat.values() if n > 1)
    return Tally(lost, duplicates, sum(per_chat.values()))


# -- simulated Telegram -------------------------------------------------------------------


class SimulatedTelegram:
    """A Sender with Telegram's rules; every delivered message is appended to ``sink``."""

    channel = "telegram"

    def __init__(self, sink: Path, options: Options) -> None:
        self.sink = sink.open("a", encoding="utf-8")
        self.limit = options.limit
        self.p429 = options.p429
        self.blocked = blocked_chats(options)
        self.window: deque[float] = deque()
        self.rng = random.Random()
        self.count_429 = 0

    def _over_limit(self) -> bool:
        now = time.monotonic()
        while self.window and now - self.window[0] >= 1.0:
            self.window.popleft()
        if len(self.window) >= self.limit:
            return True
        self.window.append(now)
        return False

    async def deliver(self, external_id: str, replies: Sequence[Reply]) -> DeliveryResult:
        await asyncio.sleep(self.rng.uniform(0.02, 0.06))
        if self._over_limit() or self.rng.random() < self.p429:
            self.count_429 += 1
            return DeliveryResult(Outcome.RETRY, retry_after=1.0)
        if int(external_id) in self.blocked:
            return DeliveryResult(Outcome.BLOCKED, error="Forbidden")
        if any(MARKER in reply.text for reply in replies):
            self.sink.write(f"{external_id}\n")
            self.sink.flush()  # in the OS once written: survives a SIGKILL of this process
        return DeliveryResult(Outcome.SENT, message_id="1")

    async def edit(self, external_id: str, message_id: str, reply: Reply) -> DeliveryResult:
        return DeliveryResult(Outcome.SENT, message_id=message_id)


def read_sink(sink: Path) -> Counter[int]:
    if not sink.exists():
        return Counter()
    return Counter(int(line) for line in sink.read_text().split())


async def run_simulated(db_path: Path, sink: Path, options: Options) -> int:
    """One process's life: the application with the simulated sender until the end;
    returns the number of 429 answers."""
    sender = SimulatedTelegram(sink, options)
    async with open_assistant(bench_settings(db_path, options)) as assistant:
        assistant.services.senders["telegram"] = sender
        assistant.services.kick_outbox()
        await wait_done(db_path)
    return sender.count_429


# -- Telegram against the fake Bot API ------------------------------------------------------


class LocalFake:
    """The fake Bot API in this process (``--shared-loop``), behind :class:`RemoteFake`'s
    interface."""

    def __init__(self, api: Any) -> None:
        self.api = api
        self.token, self.base_url, self.base_file_url = api.token, api.base_url, api.base_file_url
        self._delivered: Delivered | None = None

    async def set_user(self, chat: int, *, first_name: str) -> None:
        self.api.set_user(chat, first_name=first_name)

    async def send_text(self, chat: int, text: str) -> int:
        return int(self.api.send_text(chat, text).update_id)

    async def delivered(self, marker: str) -> int:
        if self._delivered is None:
            self._delivered = Delivered(self.api, marker)
        return self._delivered()

    async def summary(self, marker: str, counted: tuple[str, ...]) -> dict[str, Any]:
        return summary(self.api, marker, list(counted))


@contextlib.asynccontextmanager
async def fake_telegram(options: Options) -> AsyncIterator[LocalFake | RemoteFake]:
    """Telegram's documented limits (overall, per chat, groups) as sliding windows; the
    overall one at --limit; every call answered after --delay seconds (network). In a
    process of its own (bench/fake_process.py), unless ``options.shared_loop``."""
    if not options.shared_loop:
        remote = await RemoteFake.start(
            limit=options.limit,
            delay=options.delay,
            p429=options.p429,
            seed=options.seed,
            blocked=sorted(blocked_chats(options)),
            freeze=options.freeze_fake,
        )
        try:
            yield remote
        finally:
            await remote.stop()
        return
    from tests.fakes.bot_api import FakeBotApi

    api = FakeBotApi(response_delay=options.delay).telegram_limits()
    api.rate_limit_per_second = options.limit
    await api.start()
    for chat in blocked_chats(options):
        api.block(chat)
    stop = asyncio.Event()

    async def random_429s() -> None:
        rng = random.Random(options.seed + 1)
        while not stop.is_set():
            await asyncio.sleep(1 / options.limit)
            if rng.random() < options.p429:
                api.fail_next("sendMessage", 429, retry_after=1)

    chaos = asyncio.create_task(random_429s())
    try:
        yield LocalFake(api)
    finally:
        stop.set()
        await chaos
        await api.stop()


def telegram_env(api: object) -> dict[str, str]:
    return {
        "TELEGRAM_BOT_TOKEN": api.token,  # type: ignore[attr-defined]
        "TELEGRAM_API_BASE_URL": api.base_url,  # type: ignore[attr-defined]
        "TELEGRAM_API_FILE_URL": api.base_file_url,  # type: ignore[attr-defined]
    }


async def run_telegram_child(
    db_path: Path,
    options: Options,
    api: LocalFake | RemoteFake | None = None,
    latencies: list[float] | None = None,
) -> None:
    """One process's life: the application and the real Telegram channel until the end.
    With ``api`` (in the bench's process), ``options.producers`` users chat during the broadcast and
    each message's update→reply time goes into ``latencies``."""
    from bot.channels.telegram.runner import serve  # type: ignore[import-not-found,unused-ignore]
    from bot.heap import settle_heap  # type: ignore[import-not-found,unused-ignore]

    settings = bench_settings(db_path, options)
    async with open_assistant(settings) as assistant, serve(settings, assistant) as channel:
        settle_heap()  # as `ocop-bot run` does once started
        assistant.services.kick_outbox()
        if api is None or not options.producers or latencies is None:
            await wait_done(db_path)
            return
        from telegram_e2e import Timed, questions

        timed = Timed()
        channel.finished = timed
        done = asyncio.Event()
        pool = questions()

        async def producer(index: int) -> None:
            rng = random.Random(options.seed * 1000 + index)
            chat = FIRST_PRODUCER + index
            await api.set_user(chat, first_name=f"Người sản xuất {index}")
            texts = ["/start", "yen thang"] + [rng.choice(pool) for _ in range(10_000)]
            await asyncio.sleep(rng.uniform(0, options.think))
            for number, text in enumerate(texts):
                if done.is_set():
                    return
                started = time.perf_counter()
                update_id = await api.send_text(chat, text)
                await timed.wait(update_id, timeout=120)
                took = timed.at[update_id] - started
                latencies.append(took if number >= 2 else -took)  # onboarding: negative
                await asyncio.sleep(options.think * rng.uniform(0.5, 1.5))

        chatting = [asyncio.create_task(producer(i)) for i in range(options.producers)]
        await wait_done(db_path)
        done.set()
        await asyncio.gather(*chatting)


async def telegram_counts(api: LocalFake | RemoteFake) -> Counter[int]:
    calls = await api.summary(MARKER, COUNTED)
    return Counter({int(chat): n for chat, n in calls["per_chat"].items()})


# -- the two runs ---------------------------------------------------------------------------


@contextlib.asynccontextmanager
async def loop_stalls(
    late: list[float], collections: list[float], every: float = 0.01
) -> AsyncIterator[None]:
    """How late a 10 ms timer wakes, all along: a send held up longer than the pacing's
    margin for jitter while a later one is not can put a 31st call into one second. And
    how long each garbage collection of this process stopped it (``collections``)."""
    started = [0.0]

    def timed_collection(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            started[0] = time.perf_counter()
        else:
            collections.append(time.perf_counter() - started[0])

    async def watch() -> None:
        while True:
            before = time.monotonic()
            await asyncio.sleep(every)
            late.append(time.monotonic() - before - every)

    task = asyncio.create_task(watch())
    gc.callbacks.append(timed_collection)
    try:
        yield
    finally:
        gc.callbacks.remove(timed_collection)
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


async def child_process(args: list[str], env: dict[str, str]) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable, str(Path(__file__).resolve()), *args, env={**os.environ, **env}
    )


def child_args(db_path: Path, sink: Path, options: Options) -> list[str]:
    return [
        "--child",
        "--db",
        str(db_path),
        "--sink",
        str(sink),
        "--mode",
        options.mode,
        "--recipients",
        str(options.recipients),
        "--limit",
        str(options.limit),
        "--blocked",
        str(options.blocked),
        "--p429",
        str(options.p429),
        "--seed",
        str(options.seed),
        "--delay",
        str(options.delay),
    ]


async def clean_run(folder: Path, options: Options) -> None:
    db_path = folder / "clean.db"
    sink = folder / "clean.sink"
    await prepare(db_path, options)
    started = time.monotonic()
    latencies: list[float] = []
    sends = 0
    by_whom = ""
    stalls: list[float] = []
    collections: list[float] = []
    if options.mode == "telegram":
        async with fake_telegram(options) as api, loop_stalls(stalls, collections):
            os.environ.update(telegram_env(api))
            await run_telegram_child(db_path, options, api, latencies)
            calls = await api.summary(MARKER, COUNTED)
            per_chat = Counter({int(chat): n for chat, n in calls["per_chat"].items()})
            count_429 = calls["count_429"]
            fake_pauses = calls.get("collections", [])
            if fake_pauses:
                print(
                    f"  the fake's process: {len(fake_pauses)} garbage collections,"
                    f" {sum(t > 0.025 for t in fake_pauses)} over 25 ms,"
                    f" max {max(fake_pauses) * 1000:.0f} ms; its loop woke later than 25 ms"
                    f" {len(calls['late'])} times of {calls['wakeups']}, max"
                    f" {max(calls['late'], default=0) * 1000:.0f} ms"
                )
            sends = calls["sends"]
            refused: Counter[tuple[str, str]] = Counter()
            for key, n in calls["refused"].items():
                method, chat_id = key.split(" ", 1)
                refused[(method, who(None if chat_id == "None" else chat_id))] += n
            if refused:
                print(f"  429s by method and chat: {dict(refused)}")
            whose = Counter(chat for (_, chat) in refused.elements())
            by_whom = " (" + ", ".join(f"{n} {w}" for w, n in sorted(whose.items())) + ")"
    else:
        count_429 = await run_simulated(db_path, sink, options)
        per_chat = read_sink(sink)
    wall = time.monotonic() - started
    ideal = options.recipients / options.limit
    result = tally(per_chat, options)
    print(f"clean run ({options.mode}): {options.recipients} recipients, limit {options.limit}/s")
    print(f"  wall {wall:.1f} s, ideal {ideal:.1f} s, ratio {ideal / wall:.1%} of the limit")
    print(f"  delivered {result.delivered}, lost {result.lost}, duplicates {result.duplicates}")
    print(f"  429 answers: {count_429}")
    if stalls:
        late = sorted(stalls)
        shared = "bot and fake server share it" if options.shared_loop else "the bot's"
        print(
            f"  event loop ({shared}) late by p99"
            f" {late[int(len(late) * 0.99)] * 1000:.0f} ms, max {late[-1] * 1000:.0f} ms;"
            f" {sum(t > 0.025 for t in late)} wake-ups later than the pacing margin (25 ms);"
            f" garbage collections: {len(collections)}, {sum(t > 0.025 for t in collections)}"
            f" over 25 ms, max {max(collections, default=0) * 1000:.0f} ms"
        )
    chat = ""
    if latencies:
        ordered = sorted(abs(t) for t in latencies)
        p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
        asked = sorted(t for t in latencies if t >= 0) or [0.0]
        p99_asked = asked[min(len(asked) - 1, int(len(asked) * 0.99))]
        print(
            f"  {options.producers} producers chatting: {len(ordered)} messages answered,"
            f" p50 {statistics.median(ordered) * 1000:.0f} ms, p99 {p99 * 1000:.0f} ms;"
            f" without /start and the commune (multi-message onboarding replies, paced at"
            f" one a second in the chat): p99 {p99_asked * 1000:.0f} ms"
        )
        print(f"  all sends and edits: {sends} = {sends / wall / options.limit:.1%} of the limit")
        chat = (
            f", {options.producers} producers p50 {statistics.median(ordered) * 1000:.0f} ms"
            f" p99 {p99 * 1000:.0f} ms ({len(ordered)} msgs;"
            f" questions only {p99_asked * 1000:.0f} ms)"
        )
    where = "fake in the bot's loop" if options.shared_loop else "fake in its own process"
    SUMMARY.append(
        f"clean ({where}) {ideal / wall:.1%} of {options.limit}/s (wall {wall:.1f} s),"
        f" lost {result.lost},"
        f" duplicates {result.duplicates}, 429s {count_429}{by_whom if count_429 else ''}{chat}"
    )


async def kill_run(folder: Path, options: Options) -> None:
    db_path = folder / "kill.db"
    sink = folder / "kill.sink"
    await prepare(db_path, options)
    target = int(options.recipients * options.kill_at)
    api_cm = fake_telegram(options) if options.mode == "telegram" else None
    api = await api_cm.__aenter__() if api_cm is not None else None
    try:
        env = telegram_env(api) if api is not None else {}

        async def delivered() -> Counter[int]:
            return await telegram_counts(api) if api is not None else read_sink(sink)

        first = await child_process(child_args(db_path, sink, options), env)

        async def so_far() -> int:
            return await api.delivered(MARKER) if api is not None else sum(read_sink(sink).values())

        while await so_far() < target and first.returncode is None:
            await asyncio.sleep(0.05)
        first.send_signal(signal.SIGKILL)
        await first.wait()
        at_kill = sum((await delivered()).values())
        second = await child_process(child_args(db_path, sink, options), env)
        await second.wait()
        result = tally(await delivered(), options)
    finally:
        if api_cm is not None:
            await api_cm.__aexit__(None, None, None)
    print(f"kill -9 at {at_kill} delivered ({options.kill_at:.0%}), then a restart:")
    print(f"  delivered {result.delivered}, lost {result.lost}, duplicates {result.duplicates}")
    SUMMARY.append(
        f"kill at {at_kill}: lost {result.lost}, duplicates {result.duplicates}"
        f" (in flight ≤ {WorkerConfig().max_in_flight})"
    )


def parse(argv: Sequence[str] | None = None) -> tuple[argparse.Namespace, Options]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--recipients", type=int, default=10_000)
    parser.add_argument("--limit", type=int, default=30, help="the server's messages a second")
    parser.add_argument("--blocked", type=float, default=0.02)
    parser.add_argument("--p429", type=float, default=0.001, help="share of random 429s")
    parser.add_argument("--kill-at", type=float, default=0.4)
    parser.add_argument("--mode", choices=("auto", "telegram", "simulated"), default="auto")
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--delay", type=float, default=0.0, help="seconds per Bot API call")
    parser.add_argument("--skip-clean", action="store_true")
    parser.add_argument("--skip-kill", action="store_true")
    parser.add_argument(
        "--producers", type=int, default=20, help="users chatting during the clean run"
    )
    parser.add_argument("--think", type=float, default=3.0, help="their mean pause (s)")
    parser.add_argument(
        "--shared-loop",
        action="store_true",
        help="run the fake Bot API in the bench's own event loop (as before: its stalls"
        " bunch the bot's evenly paced sends), not in a process of its own",
    )
    parser.add_argument(
        "--no-freeze-fake",
        dest="freeze_fake",
        action="store_false",
        help="let full collections of the fake's process walk its whole record of calls",
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--sink", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    mode = args.mode
    if mode == "auto":
        mode = "telegram" if telegram_available() else "simulated"
    options = Options(
        args.recipients,
        args.limit,
        args.blocked,
        args.p429,
        args.kill_at,
        mode,
        args.seed,
        args.delay,
        args.producers,
        args.think,
        args.shared_loop,
        args.freeze_fake,
    )
    return args, options


async def main(argv: Sequence[str] | None = None) -> int:
    args, options = parse(argv)
    if args.child:
        if options.mode == "telegram":
            await run_telegram_child(args.db, options)
        else:
            await run_simulated(args.db, args.sink, options)
        return 0
    if options.mode == "simulated":
        print("(the Telegram channel is not in this checkout: simulated sender)")
    with tempfile.TemporaryDirectory(prefix="ocop-bench-") as tmp:
        folder = Path(tmp)
        if not args.skip_clean:
            await clean_run(folder, options)
        if not args.skip_kill:
            await kill_run(folder, options)
    load = os.getloadavg()[0]
    print(
        f"\nSUMMARY broadcast: {options.recipients} recipients, delay {options.delay:g} s,"
        f" {'; '.join(SUMMARY)}; load average {load:.1f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
