"""How long one hostile question holds the event loop (prints figures; not a test).

Run: ``.venv/bin/python bench/normalizer.py`` (``--rounds`` repeats each message set).

Issue 11: the typo repair of the query normaliser took 0.4–0.7 s and about 130 MB on one
4,000-letter word, and varied words defeated its cache. The goal is that no single
message holds the loop for more than 20 ms. Two measures, over messages of up to 4,000
characters made to cost (one long word; varied words that are not Vietnamese syllables,
3 to 200 letters; Telex-like words; mixed scripts; the fuzzer's very long strings; a long
message whose question part is matched on its own), each
new (so the cache of repaired words never helps):

- *per question*: ``FaqEngine.answer``, ``normalize`` and ``matcher.is_question`` on the
  same text, as the FAQ and the registration form call them (wall and CPU time);
- *loop lag*: the whole assistant (core, router, FAQ feature, SQLite on a temporary
  file), a producer sending the messages as questions, while a watcher task asks to wake
  every millisecond and records how late it wakes — the longest the loop was held.

The tests count the same work instead of timing it (``tests/test_normalize_bounds.py``).
"""

from __future__ import annotations

import argparse
import asyncio
import platform
import random
import statistics
import string
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.app import open_assistant  # noqa: E402
from bot.messages import Incoming, Reply  # noqa: E402
from bot.settings import load_settings  # noqa: E402
from knowledge.answers import FaqEngine  # noqa: E402
from knowledge.replies import Texts  # noqa: E402

KNOWLEDGE = ROOT / "knowledge"
GOAL_MS = 20.0


def messages(seed: int) -> Iterator[str]:
    """Hostile messages of up to 4,000 characters, different for every ``seed``."""
    rng = random.Random(seed)

    def word(size: int, letters: str = "bcdfghklmnpqrstvxaeiouyw") -> str:
        return "".join(rng.choices(letters, k=size))

    yield "".join(rng.choice(("ab", "ba", "ac", "ca")) for _ in range(2000))
    yield word(4000)
    for size in (3, 5, 8, 12, 15, 16, 20, 31, 200):
        yield " ".join(word(size) for _ in range(4000 // (size + 1)))[:4000]
    yield " ".join(word(rng.randint(3, 15), "aeiouwsfrxjd") for _ in range(500))[:4000]
    yield " ".join(word(rng.randint(2, 40), string.ascii_letters + "ăđơư") for _ in range(300))
    yield "".join(rng.choices("𝕏𝔸𝕄中文日本語한국어ไทย", k=4000))
    yield ("ừ " * 2000)[:4000]
    clauses = ", ".join(" ".join(word(rng.randint(8, 15)) for _ in range(12)) for _ in range(30))
    asked = " ".join(word(14) for _ in range(80))
    yield (clauses + ", vậy cho em hỏi " + asked)[-3990:] + " không?"  # parts matched too


def cpu_per_question(engine: FaqEngine, rounds: int) -> tuple[list[float], list[float]]:
    """Milliseconds of answer + normalize + is_question, one figure per message: wall time,
    and this process's CPU time (less sensitive to other jobs on a shared machine)."""
    wall, cpu = [], []
    for seed in range(rounds):
        for text in messages(seed):
            start, start_cpu = time.perf_counter(), time.process_time()
            engine.answer(text)
            engine.normalize(text)
            engine.matcher.is_question(text)
            cpu.append((time.process_time() - start_cpu) * 1000)
            wall.append((time.perf_counter() - start) * 1000)
    return wall, cpu


async def loop_lag(rounds: int) -> tuple[list[float], int]:
    """The longest lateness of a 1 ms sleeper while each message is handled, in ms."""
    with tempfile.TemporaryDirectory() as tmp:
        settings = load_settings(
            OCOP_DB_PATH=Path(tmp) / "ocop.db",
            OCOP_FILES_DIR=Path(tmp) / "files",
            OCOP_EXPORTS_DIR=Path(tmp) / "exports",
            OCOP_FLOOD_MAX_MESSAGES=0,
            TELEGRAM_BOT_TOKEN=None,
            _env_file=None,
        )
        async with open_assistant(settings) as assistant:
            replies: list[Reply] = []

            async def deliver(out: list[Reply]) -> None:
                replies.extend(out)

            async def send(text: str) -> None:
                await assistant.process(Incoming.from_text("bench", "p1", text, "Lan"), deliver)

            await send("/start xa_13864")

            async def watch(done: asyncio.Event) -> float:
                worst = 0.0
                while not done.is_set():
                    start = time.perf_counter()
                    await asyncio.sleep(0.001)
                    worst = max(worst, (time.perf_counter() - start) * 1000 - 1)
                return worst

            lags: list[float] = []
            for seed in range(1000, 1000 + rounds):
                for text in messages(seed):
                    done = asyncio.Event()
                    watcher = asyncio.create_task(watch(done))
                    await asyncio.sleep(0.002)
                    await send(text)
                    done.set()
                    lags.append(await watcher)
            return lags, len(replies)


def describe(figures: list[float]) -> str:
    ordered = sorted(figures)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return (
        f"n={len(ordered)}  p50 {statistics.median(ordered):.1f} ms  p99 {p99:.1f} ms"
        f"  max {ordered[-1]:.1f} ms"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args()
    print(f"Python {platform.python_version()} on {platform.machine()}, goal ≤ {GOAL_MS} ms")
    engine = FaqEngine.build(KNOWLEDGE, Texts.load(KNOWLEDGE / "replies"))
    wall, cpu = cpu_per_question(engine, args.rounds)
    print(f"per hostile question (answer + normalize + is_question), wall: {describe(wall)}")
    print(f"  the same, CPU time of the process: {describe(cpu)}")
    lags, replies = asyncio.run(loop_lag(args.rounds))
    print(f"loop lag while the assistant handles each one ({replies} replies): {describe(lags)}")
    ok = max(wall) <= GOAL_MS and max(lags) <= GOAL_MS
    print("goal met" if ok else "GOAL MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
