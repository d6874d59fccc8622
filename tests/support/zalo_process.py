"""``ocop-bot`` as an operator runs it, pointed at the fake Zalo Bot API: a real process.

:class:`BotProcess` spawns ``ocop-bot start`` (or ``python -m bot run``) with
``ZALO_BOT_TOKEN`` and ``ZALO_API_BASE_URL`` (and, when given, a fake Telegram too), waits
until it polls, stops it with SIGTERM or kills it with SIGKILL, and keeps its log.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections.abc import Callable
from pathlib import Path

from tests.fakes.zalo_api import FakeZaloApi
from tests.support.zalo import free_port

ROOT = Path(__file__).resolve().parents[2]
OCOP_BOT = Path(sys.executable).with_name("ocop-bot")


async def wait_until(predicate: Callable[[], object], timeout: float, what: str) -> None:
    async with asyncio.timeout(timeout):
        while not predicate():
            await asyncio.sleep(0.02)


class BotProcess:
    """The bot as a child process over one data folder, restartable after a kill."""

    def __init__(
        self,
        zalo: FakeZaloApi,
        tmp_path: Path,
        env: dict[str, str] | None = None,
        *,
        command: tuple[str, ...] = (str(OCOP_BOT), "start"),
    ) -> None:
        self.zalo = zalo
        self.web_port = free_port()
        self.env = {
            **os.environ,
            "ZALO_BOT_TOKEN": zalo.token,
            "ZALO_API_BASE_URL": zalo.base_url,
            "ZALO_POLL_SECONDS": "2",
            "OCOP_DB_PATH": str(tmp_path / "ocop.db"),
            "OCOP_FILES_DIR": str(tmp_path / "files"),
            "OCOP_EXPORTS_DIR": str(tmp_path / "exports"),
            "OCOP_WEB_PORT": str(self.web_port),
            "OCOP_FLOOD_MAX_MESSAGES": "0",
            "OCOP_LOG_LEVEL": "INFO",
            "PYTHONUNBUFFERED": "1",
            "PYTHONPATH": str(ROOT),
            **(env or {}),
        }
        for name in ("TELEGRAM_BOT_TOKEN", "WEBHOOK_URL", "ZALO_WEBHOOK_URL"):
            if name not in (env or {}):
                self.env.pop(name, None)
        self.cwd = tmp_path
        self.command = command
        self.proc: asyncio.subprocess.Process | None = None
        self.logs: list[str] = []
        self._log_file = tmp_path / "bot.log"

    async def start(self, *, wait: str = "polling") -> None:
        """Spawn; return once it polls Zalo (``wait="polling"``), set its webhook
        (``"webhook"``), or at once (``"none"``)."""
        method = "getUpdates" if wait == "polling" else "setWebhook"
        before = sum(c.method == method for c in self.zalo.calls)
        self._log = self._log_file.open("a", encoding="utf-8")
        self.proc = await asyncio.create_subprocess_exec(
            *self.command,
            cwd=self.cwd,  # no .env here
            env=self.env,
            stdout=self._log,
            stderr=self._log,
        )
        if wait == "none":
            return
        await wait_until(
            lambda: (
                sum(c.method == method for c in self.zalo.calls) > before
                or (self.proc is not None and self.proc.returncode is not None)
            ),
            60,
            method,
        )
        assert self.proc.returncode is None, self.log

    async def stop(self) -> int:
        """SIGTERM, as systemd or Ctrl-C would; the exit code."""
        assert self.proc is not None
        self.proc.send_signal(signal.SIGTERM)
        code = await asyncio.wait_for(self.proc.wait(), 60)
        self.proc = None
        self._log.close()
        return code

    async def kill(self) -> None:
        if self.proc is None:
            return
        if self.proc.returncode is None:
            os.kill(self.proc.pid, signal.SIGKILL)
        await self.proc.wait()
        self.proc = None
        self._log.close()

    @property
    def log(self) -> str:
        return self._log_file.read_text(encoding="utf-8") if self._log_file.exists() else ""
