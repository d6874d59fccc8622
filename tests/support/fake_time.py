"""A virtual clock for code whose logic is timed (pacing): ``clock()`` and ``sleep()`` to
inject, and :meth:`FakeTime.run` to drive tasks until they finish, jumping from one
sleeper's wake-up to the next instead of waiting for real.
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
from collections.abc import Coroutine
from typing import Any, TypeVar

T = TypeVar("T")


class FakeTime:
    def __init__(self, start: float = 100.0) -> None:
        self.now = start
        self._sleepers: list[tuple[float, int, asyncio.Future[None]]] = []
        self._order = itertools.count()

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        if seconds <= 0:
            await asyncio.sleep(0)
            return
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        heapq.heappush(self._sleepers, (self.now + seconds, next(self._order), future))
        await future

    async def _settle(self) -> None:
        for _ in range(20):  # let every task that can run without time passing run
            await asyncio.sleep(0)

    async def run(self, *coroutines: Coroutine[Any, Any, T], limit: float = 3600.0) -> list[T]:
        """Run ``coroutines`` concurrently in virtual time; their results in order."""
        tasks = [asyncio.ensure_future(c) for c in coroutines]
        end = self.now + limit
        while True:
            await self._settle()
            if all(t.done() for t in tasks):
                return [t.result() for t in tasks]
            if not self._sleepers:
                raise RuntimeError("stuck: tasks wait for something other than time")
            at, _, future = heapq.heappop(self._sleepers)
            if at > end:
                raise RuntimeError("virtual time limit reached")
            self.now = max(self.now, at)
            if not future.done():
                future.set_result(None)

    async def advance(self, seconds: float) -> None:
        """Let ``seconds`` of virtual time pass, waking every sleeper due meanwhile."""
        end = self.now + seconds
        await self._settle()
        while self._sleepers and self._sleepers[0][0] <= end:
            at, _, future = heapq.heappop(self._sleepers)
            self.now = max(self.now, at)
            if not future.done():
                future.set_result(None)
            await self._settle()
        self.now = end
