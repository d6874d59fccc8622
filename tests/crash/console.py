"""``python -m bot chat`` as a child process with piped input, for crash tests.

Owns spawning, writing one line, waiting on what the child printed (never sleeping for a
fixed time), and SIGKILL. In piped mode the console echoes every line it starts handling as
``» line`` and prints the replies after the database writes of that line are committed, so
a reply seen on the pipe means the answer is on disk. The child runs unbuffered
(``PYTHONUNBUFFERED=1``), so the echo shows while the line is still being handled.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ECHO = "» "


class ConsoleBot:
    """One console chat process for one user; restartable after a kill."""

    def __init__(self, env: dict[str, str], user: str, name: str) -> None:
        self.env = env
        self.user = user
        self.name = name
        self.proc: asyncio.subprocess.Process | None = None
        self.lines: list[str] = []
        self.echoes = 0  # lines the child has started handling
        self.sent = 0  # lines written to the child in this run
        self._changed = asyncio.Event()
        self._reader: asyncio.Task[None] | None = None

    async def start(self) -> None:
        self.lines, self.echoes, self.sent = [], 0, 0
        self.proc = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            "chat",
            "--user",
            self.user,
            "--name",
            self.name,
            cwd=ROOT,
            env=self.env,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.DEVNULL,
        )
        self._reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        assert self.proc is not None and self.proc.stdout is not None
        while raw := await self.proc.stdout.readline():
            line = raw.decode("utf-8", "replace").rstrip("\n")
            self.lines.append(line)
            if line.startswith(ECHO):
                self.echoes += 1
            self._changed.set()
        self._changed.set()

    async def send(self, text: str) -> int:
        """Write one line; returns its number (1-based) among the lines of this run."""
        assert self.proc is not None and self.proc.stdin is not None
        self.proc.stdin.write(text.encode("utf-8") + b"\n")
        await self.proc.stdin.drain()
        self.sent += 1
        return self.sent

    def reply_to(self, number: int) -> list[str]:
        """What was printed after the ``number``-th echo and before the next one."""
        block: list[str] = []
        seen = 0
        for line in self.lines:
            if line.startswith(ECHO):
                seen += 1
                if seen > number:
                    break
                continue
            if seen == number:
                block.append(line)
        return block

    async def wait(self, ready: Callable[[], bool], timeout: float = 30.0) -> None:
        """Wait until ``ready()`` holds (re-checked whenever the child prints)."""

        async def loop() -> None:
            while not ready():
                if self.proc is not None and self.proc.returncode is not None:
                    raise RuntimeError(f"console exited with {self.proc.returncode}")
                self._changed.clear()
                await self._changed.wait()

        await asyncio.wait_for(loop(), timeout)

    async def wait_reply(self, number: int, expected: str, timeout: float = 30.0) -> list[str]:
        await self.wait(lambda: any(expected in line for line in self.reply_to(number)), timeout)
        return self.reply_to(number)

    async def kill(self) -> None:
        """SIGKILL, then reap the child and its reader."""
        if self.proc is None:
            return
        if self.proc.returncode is None:
            os.kill(self.proc.pid, signal.SIGKILL)
        await self.proc.wait()
        if self._reader is not None:
            await self._reader
        self.proc, self._reader = None, None

    async def close(self) -> None:
        """End the child politely (EOF) and wait for it."""
        if self.proc is None:
            return
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        await self.proc.wait()
        if self._reader is not None:
            await self._reader
        self.proc, self._reader = None, None
