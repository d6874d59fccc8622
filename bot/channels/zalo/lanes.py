"""One lane per user: a user's updates are handled one after another, in the order they
arrived; other users never wait behind them.

The poller and the webhook only :meth:`Lanes.put` an update and return (a webhook must answer
fast). Each lane is a task that lives while its queue has work. :meth:`Lanes.join` waits for
the work taken in so far (shutdown, tests).
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import Awaitable, Callable
from typing import Generic, TypeVar

T = TypeVar("T")
log = logging.getLogger(__name__)


class Lanes(Generic[T]):
    """Calls ``handle(item)`` for each item, in order per key, keys concurrently."""

    def __init__(self, handle: Callable[[T], Awaitable[None]]) -> None:
        self._handle = handle
        self._queues: dict[str, deque[T]] = {}
        self._tasks: dict[str, asyncio.Task[None]] = {}
        self._idle = asyncio.Event()
        self._idle.set()

    def put(self, key: str, item: T) -> None:
        self._queues.setdefault(key, deque()).append(item)
        if key not in self._tasks:
            self._idle.clear()
            self._tasks[key] = asyncio.create_task(self._drain(key), name=f"lane-{key[:12]}")

    async def _drain(self, key: str) -> None:
        queue = self._queues[key]
        try:
            while queue:
                item = queue.popleft()
                try:
                    await self._handle(item)
                except Exception:  # the handler has its own error path; never stop a lane
                    log.exception("lane %s: an update failed", key[:12])
        finally:
            del self._queues[key]
            del self._tasks[key]
            if not self._tasks:
                self._idle.set()

    @property
    def pending(self) -> int:
        """Updates taken in and not yet handled (the one being handled included)."""
        return sum(len(q) for q in self._queues.values()) + len(self._tasks)

    async def join(self, timeout: float | None = None) -> bool:
        """Wait until every lane is empty; False when ``timeout`` passed first."""
        try:
            await asyncio.wait_for(self._idle.wait(), timeout)
        except TimeoutError:
            return False
        return True

    async def cancel(self) -> None:
        tasks = list(self._tasks.values())
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
