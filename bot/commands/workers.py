"""``ocop-bot run --workers N``: N bot processes on one PostgreSQL database, kept running.

Owns the supervisor: it starts N children (``python -m bot run`` with ``OCOP_WORKER_INDEX``
0…N-1), starts a child again when it dies (a crash, an out-of-memory kill), and on SIGTERM
or SIGINT stops them all and waits. The children share everything through the database
(issue 17, docs/deploy.md): each one takes every update it is given into the inbox, serves
users no other worker serves at that moment (bot/inbox.py), and the outbox sends through
whichever holds a channel's lease. They listen on the same webhook port (``SO_REUSEPORT``:
the kernel spreads the connections), with one webhook secret for all; only worker 0 opens
the officer web page.

Refused, with the reason, on SQLite (one writer: one process) and for a channel without its
webhook (``WEBHOOK_URL`` for Telegram, ``ZALO_WEBHOOK_URL`` for Zalo): each platform allows
one ``getUpdates`` consumer per bot. Zalo's webhook works like Telegram's here: the same
port for every worker, one secret (made here when ``ZALO_WEBHOOK_SECRET`` is not set), each
worker records what it receives in the shared inbox; Zalo keeps no state of its own in a
worker's memory (the menu a user saw is in ``channel_menus``).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import secrets
import signal
import sys

from bot.settings import Settings

log = logging.getLogger(__name__)

RESTART_DELAY = 1.0  # seconds before a dead worker is started again


def refusal(settings: Settings, workers: int) -> str | None:
    """Why ``--workers`` cannot run with these settings (Vietnamese), or None."""
    if workers < 1:
        return "--workers phải từ 1 trở lên."
    if workers == 1:
        return None
    if not settings.uses_postgres:
        return (
            "--workers cần PostgreSQL (OCOP_DATABASE_URL=postgresql://…): SQLite chỉ cho một"
            " tiến trình ghi. Trên một máy, chạy `ocop-bot run` không có --workers."
        )
    if settings.has_zalo_token and not settings.zalo_webhook_url:
        return (
            "--workers cần webhook của Zalo (ZALO_WEBHOOK_URL): Zalo chỉ cho một tiến trình"
            " nhận tin bằng getUpdates."
        )
    if not settings.webhook_url and (settings.has_telegram_token or not settings.has_zalo_token):
        return (
            "--workers cần webhook (WEBHOOK_URL): Telegram chỉ cho một tiến trình nhận tin"
            " bằng long polling."
        )
    return None


class Supervisor:
    """Runs ``workers`` children until :meth:`stop` (see the module docstring)."""

    def __init__(self, workers: int, env: dict[str, str]) -> None:
        self.workers = workers
        self.env = env
        self.children: dict[int, asyncio.subprocess.Process] = {}
        self.restarts = 0
        self._stopping = asyncio.Event()

    async def _spawn(self, index: int) -> None:
        env = {**self.env, "OCOP_WORKER_INDEX": str(index)}
        self.children[index] = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "run", env=env
        )
        log.info("workers: worker %d started (pid %d)", index, self.children[index].pid)

    async def _keep(self, index: int) -> None:
        """Keep worker ``index`` running until the supervisor stops."""
        while not self._stopping.is_set():
            await self._spawn(index)
            code = await self.children[index].wait()
            if self._stopping.is_set():
                return
            self.restarts += 1
            log.warning("workers: worker %d ended (%s); starting it again", index, code)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopping.wait(), RESTART_DELAY)

    def stop(self) -> None:
        self._stopping.set()
        for child in self.children.values():
            if child.returncode is None:
                with contextlib.suppress(ProcessLookupError):
                    child.send_signal(signal.SIGTERM)

    async def run(self) -> int:
        keepers = [asyncio.create_task(self._keep(i)) for i in range(self.workers)]
        await self._stopping.wait()
        self.stop()
        await asyncio.gather(*keepers, return_exceptions=True)
        codes = [child.returncode for child in self.children.values()]
        return 0 if all(code == 0 for code in codes) else 1


async def run_workers(workers: int, settings: Settings) -> int:
    """``ocop-bot run --workers N`` (N ≥ 2): supervise until SIGTERM or SIGINT."""
    reason = refusal(settings, workers)
    if reason is not None:
        print(reason, file=sys.stderr)
        return 2
    env = dict(os.environ)
    for name in ("WEBHOOK_SECRET", "ZALO_WEBHOOK_SECRET"):  # one secret for all workers:
        if not env.get(name):  # each would set its own otherwise
            env[name] = secrets.token_urlsafe(32)
    supervisor = Supervisor(workers, env)
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, supervisor._stopping.set)
    print(f"Chạy {workers} tiến trình bot trên PostgreSQL (Ctrl-C để dừng).", file=sys.stderr)
    return await supervisor.run()
