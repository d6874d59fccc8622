"""The HTTP client under the bot: PTB's ``HTTPXRequest`` with a bounded number of requests
in flight.

httpcore's connection pool looks at every connection and every queued request each time a
request starts or ends, so its cost grows with the square of the requests in flight: with
200 users answered at once, the pool bookkeeping, not the network, became the bottleneck
(see BENCHMARKS.md). Requests beyond ``slots`` wait in an asyncio semaphore instead — cheap,
first come first served, and not subject to httpx's pool time-out.
"""

from __future__ import annotations

import asyncio

from telegram._utils.defaultvalue import DEFAULT_NONE
from telegram._utils.types import ODVInput
from telegram.request import HTTPXRequest, RequestData

SLOTS = 16


class SlottedRequest(HTTPXRequest):
    """``HTTPXRequest`` letting at most ``slots`` requests reach httpx at once."""

    def __init__(self, slots: int = SLOTS) -> None:
        super().__init__(connection_pool_size=slots)
        self._slots = asyncio.Semaphore(slots)

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = DEFAULT_NONE,
        write_timeout: ODVInput[float] = DEFAULT_NONE,
        connect_timeout: ODVInput[float] = DEFAULT_NONE,
        pool_timeout: ODVInput[float] = DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        async with self._slots:
            return await super().do_request(
                url,
                method,
                request_data,
                read_timeout=read_timeout,
                write_timeout=write_timeout,
                connect_timeout=connect_timeout,
                pool_timeout=pool_timeout,
            )
