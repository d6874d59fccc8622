"""Benchmark (not a test): memory and database size with 10,000 users and 200 conversations
at once, all through the real core (router, FAQ, registration when present, storage).

    .venv/bin/python bench/memory.py                    # 10,000 users, 200 concurrent
    .venv/bin/python bench/memory.py --users 2000 --concurrent 50 --rounds 2

1. Loads ``--users`` users into a fresh database (each with a commune, a subscription, a
   session and, when the registration feature is in this checkout, a draft application with
   the first answers of the form), in one transaction.
2. Drives ``--concurrent`` conversations at the same time through ``Assistant.process``,
   ``--rounds`` times: /start, a question from the FAQ evaluation set, the menu, help, and
   (with registration) the first steps of a new registration.
3. Prints peak RSS (``ru_maxrss``), the database size (file + WAL) and timings.

Goal: peak RSS under 200 MB. Figures go to ``BENCHMARKS.md``.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import random
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402

from bot.app import open_assistant  # noqa: E402
from bot.core import Assistant  # noqa: E402
from bot.messages import Incoming, Reply  # noqa: E402
from bot.modes import Mode  # noqa: E402
from bot.settings import load_settings  # noqa: E402

CHANNEL = "bench"
EVAL_SET = ROOT / "tests" / "data" / "faq_eval.yaml"
GOAL_MB = 200


def peak_rss_mb() -> float:
    """Peak resident set size of this process so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def db_size_mb(db_path: Path) -> float:
    total = 0
    for suffix in ("", "-wal", "-shm"):
        part = db_path.with_name(db_path.name + suffix)
        if part.exists():
            total += part.stat().st_size
    return total / 1024 / 1024


async def seed_users(assistant: Assistant, count: int, rng: random.Random) -> int:
    """``count`` users with commune, subscription, session (and a draft when possible)."""
    services = assistant.services
    communes = [c.id for c in services.communes.communes]
    drafts = DraftSeeder.for_services(services)
    async with services.db.transaction():
        for number in range(count):
            user, _ = await services.users.touch(CHANNEL, f"s{number}", f"Người dùng {number}")
            commune = rng.choice(communes)
            await services.users.save_commune(user.id, commune, subscribe=rng.random() < 0.8)
            await services.users.save_session(user.id, Mode.IDLE, {})
            if drafts is not None:
                await drafts.seed(user.id, commune, number)
    return count if drafts is not None else 0


class DraftSeeder:
    """Writes a draft application with a few answers (registration feature only)."""

    def __init__(self, repo: Any, answers: list[tuple[str, Any]]) -> None:
        self.repo = repo
        self.answers = answers

    @classmethod
    def for_services(cls, services: Any) -> DraftSeeder | None:
        repo = getattr(services, "applications", None)
        if repo is None:
            return None
        answers: list[tuple[str, Any]] = [
            ("subject_type", "hkd"),
            ("unit_name", "Hộ kinh doanh Trần Văn {n}"),
            ("representative", "Trần Văn {n}"),
            ("position", "Chủ hộ"),
            ("address", "Xóm {n}, thôn Đông"),
        ]
        return cls(repo, answers)

    async def seed(self, user_id: int, commune: str, number: int) -> None:
        app = await self.repo.save_new(user_id, commune)
        for field_id, value in self.answers:
            text = value.format(n=number) if isinstance(value, str) else value
            await self.repo.save_answer(app.id, field_id, text)


def script(rng: random.Random, questions: list[str], has_registration: bool) -> list[Incoming]:
    """What one concurrent user sends in one round."""
    steps = ["/start", rng.choice(questions), "/menu", "/help", rng.choice(questions)]
    if has_registration:  # a new registration and its first answers (typed)
        steps += ["📝 Đăng ký sản phẩm", "Hộ kinh doanh", "Hộ kinh doanh Trần Văn An"]
        steps += ["Trần Văn An", "Chủ hộ", "Xóm 3, thôn Đông"]
    return [Incoming.from_text(CHANNEL, "", text) for text in steps]


async def conversation(assistant: Assistant, user: str, messages: list[Incoming]) -> int:
    replies: list[Reply] = []

    async def keep(out: list[Reply]) -> None:
        replies.extend(out)

    for message in messages:
        await assistant.process(
            Incoming(CHANNEL, user, f"Khách {user}", message.kind, message.text,
                     message.command, message.args),
            keep,
        )  # fmt: skip
    if not replies:
        raise RuntimeError(f"no reply for {user}")
    return len(replies)


async def run(args: argparse.Namespace) -> None:
    rng = random.Random(args.seed)
    questions = [str(item["q"]) for item in yaml.safe_load(EVAL_SET.read_text("utf-8"))]
    with tempfile.TemporaryDirectory(prefix="ocop-bench-") as tmp:
        db_path = Path(args.db) if args.db else Path(tmp) / "ocop.db"
        settings = load_settings(
            OCOP_DB_PATH=db_path,
            OCOP_FILES_DIR=Path(tmp) / "files",
            OCOP_FLOOD_MAX_MESSAGES=0,
            OCOP_LOG_LEVEL="WARNING",
            TELEGRAM_BOT_TOKEN=None,
            _env_file=None,
        )
        rss_start = peak_rss_mb()
        async with open_assistant(settings) as assistant:
            rss_loaded = peak_rss_mb()
            started = time.perf_counter()
            drafts = await seed_users(assistant, args.users, rng)
            seeded = time.perf_counter() - started
            rss_seeded = peak_rss_mb()
            has_registration = drafts > 0
            messages = replies = 0
            started = time.perf_counter()
            for round_number in range(args.rounds):
                users = [f"c{round_number}-{i}" for i in range(args.concurrent)]
                scripts = [script(rng, questions, has_registration) for _ in users]
                counts = await asyncio.gather(
                    *(conversation(assistant, u, s) for u, s in zip(users, scripts, strict=True))
                )
                messages += sum(len(s) for s in scripts)
                replies += sum(counts)
            driven = time.perf_counter() - started
            check = await assistant.services.db.integrity_check()
        size = db_size_mb(db_path)
    peak = peak_rss_mb()
    cpus = len(os.sched_getaffinity(0))
    print(f"machine: {platform.machine()}, {platform.python_implementation()} "
          f"{platform.python_version()}, {cpus} CPUs")  # fmt: skip
    print(f"users loaded:        {args.users:,} ({drafts:,} with a draft) in {seeded:.1f} s")
    print(f"conversations:       {args.concurrent} at once × {args.rounds} rounds = "
          f"{messages:,} messages, {replies:,} replies in {driven:.1f} s "
          f"({messages / driven:.0f} messages/s)")  # fmt: skip
    print(f"RSS after start-up:  {rss_loaded:.1f} MB (after imports {rss_start:.1f} MB)")
    print(f"RSS after loading:   {rss_seeded:.1f} MB")
    print(f"peak RSS:            {peak:.1f} MB (goal < {GOAL_MB} MB: "
          f"{'met' if peak < GOAL_MB else 'NOT met'})")  # fmt: skip
    print(f"database size:       {size:.1f} MB (file + WAL); integrity_check: {check}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--users", type=int, default=10_000)
    parser.add_argument("--concurrent", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--db", default="", help="database path (default: a temporary one)")
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
