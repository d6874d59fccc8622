"""Long polling (``getUpdates``) that confirms an update only once the inbox has it.

Owns the polling loop. Telegram forgets an update when a later ``getUpdates`` asks for an
``offset`` beyond it, so this loop hands every update of a batch to ``receive`` (which
returns once the update is recorded in the inbox) *before* it raises the offset for the
next request: an update fetched by a process that then dies is fetched again by the next
one, and recorded once. PTB's ``Updater`` cannot promise that order (it queues updates and
asks for the next batch at once), so the loop calls :meth:`telegram.Bot.get_updates` — the
real PTB client and its HTTP stack — itself.

Errors: network errors, time-outs and ``409 Conflict`` (another poller, or a webhook still
set) are retried with a bounded back-off; ``429`` waits as long as Telegram asks; a
rejected token ends the loop with the error. A batch PTB cannot read (an update missing a
field PTB requires) is fetched again as raw JSON and recorded as it is: one unreadable
update neither stops polling for everyone nor disappears (the core apologises for it).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import warnings
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from telegram import Bot, Update
from telegram.error import (
    Conflict,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TelegramError,
    TimedOut,
)
from telegram.warnings import PTBUserWarning

from bot.channels.telegram.api_client import retry_after_seconds

log = logging.getLogger(__name__)

Receive = Callable[[dict[str, Any]], Awaitable[None]]
Lease = Callable[[], Awaitable[bool]]
MAX_BACKOFF = 30.0


class Poller:
    """Fetches updates until stopped; see the module docstring."""

    def __init__(
        self,
        bot: Bot,
        receive: Receive,
        *,
        timeout: int,
        allowed_updates: Sequence[str],
        lease: Lease | None = None,
        parsed: Callable[[Update], None] | None = None,
    ) -> None:
        self.bot = bot
        self.parsed = parsed  # told each update PTB has read, so it need not read it again
        self.lease = lease  # polls only while it holds the bot's polling lease (workers)
        self.standby = False
        self.receive = receive
        self.timeout = timeout
        self.allowed_updates = list(allowed_updates)
        self.offset: int | None = None
        self._confirmed: int | None = None  # the offset Telegram was last asked for
        self._backoff = 0.5

    async def run(self, stop: asyncio.Event) -> None:
        """Poll until ``stop`` is set, then confirm what was recorded and return."""
        while not stop.is_set():
            if self.lease is not None and not await self._leased(stop):
                continue
            poll = asyncio.ensure_future(self._fetch())
            stopped = asyncio.ensure_future(stop.wait())
            await asyncio.wait({poll, stopped}, return_when=asyncio.FIRST_COMPLETED)
            stopped.cancel()
            if not poll.done():  # stopping: a batch not yet received is not confirmed either
                poll.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await poll
                break
            try:
                recorded = await self._record(poll.result())
            except (InvalidToken, Forbidden):
                raise
            except Exception:  # not recorded, so not confirmed: fetched again after a pause
                log.exception("telegram: updates could not be recorded; fetching them again")
                recorded = False
            if not recorded:
                await self._wait()
        await self.confirm()

    async def _leased(self, stop: asyncio.Event) -> bool:
        """Whether this process may poll now; if not, wait a while (another polls)."""
        assert self.lease is not None
        try:
            held = await self.lease()
        except Exception:
            log.exception("telegram: the polling lease could not be checked")
            held = False
        if not held and not self.standby:
            log.warning("telegram: another process polls this bot; standing by")
        if held and self.standby:
            log.warning("telegram: the other poller is gone; polling now")
        self.standby = not held
        if not held:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), self.timeout)
        return held

    async def _record(self, updates: Sequence[dict[str, Any]]) -> bool:
        """Hand a batch to ``receive`` all at once — each call reaches the database's lock
        before it first waits, so the rows are inserted in the batch's order (and on SQLite
        one group commit makes the whole batch durable) — then move the offset past every update up
        to the first that could not be recorded. False when one could not."""
        results = await asyncio.gather(
            *(self.receive(update) for update in updates), return_exceptions=True
        )
        for update, result in zip(updates, results, strict=True):
            if isinstance(result, InvalidToken | Forbidden):
                raise result
            if isinstance(result, BaseException):  # not recorded, so not confirmed
                log.error(
                    "telegram: update %s could not be recorded; fetching it again",
                    update.get("update_id"),
                    exc_info=result,
                )
                return False
            if isinstance(update.get("update_id"), int):
                self.offset = update["update_id"] + 1
        return True

    async def confirm(self) -> None:
        """Tell Telegram that the updates recorded so far need not come again."""
        if self.offset is None or self.offset == self._confirmed:
            return
        try:
            await self.bot.get_updates(offset=self.offset, timeout=0, limit=1)
            self._confirmed = self.offset
        except Exception as error:  # they are in the inbox: a redelivery is recognised
            log.warning("telegram: last updates not confirmed: %r", error)

    async def _fetch(self) -> Sequence[dict[str, Any]]:
        """One ``getUpdates`` (confirming everything below ``offset``), as JSON objects; []
        after an error that is worth waiting out."""
        try:
            try:
                parsed = await self.bot.get_updates(
                    offset=self.offset,
                    timeout=self.timeout,
                    allowed_updates=self.allowed_updates,
                )
                updates = [update.to_dict() for update in parsed]
                if self.parsed is not None:
                    for update in parsed:
                        self.parsed(update)
            except TelegramError:
                raise
            except Exception:  # PTB could not read the batch: take it as Telegram sent it
                log.error("telegram: updates PTB cannot read; recording them as they are")
                updates = await self._fetch_raw()
        except (InvalidToken, Forbidden):
            raise
        except RetryAfter as error:
            wait = retry_after_seconds(error)
            log.warning("telegram: getUpdates rate limited, waiting %g s", wait)
            await asyncio.sleep(wait)
            return []
        except Conflict as error:
            log.error("telegram: %s", error.message)
            await self._wait()
            return []
        except (TimedOut, NetworkError) as error:
            log.warning("telegram: getUpdates failed (%s), retrying", error.message)
            await self._wait()
            return []
        self._confirmed = self.offset
        self._backoff = 0.5
        return updates

    async def _fetch_raw(self) -> list[dict[str, Any]]:
        """The same batch again (nothing was confirmed), without parsing it."""
        with warnings.catch_warnings():  # PTB asks for get_updates: what could not read it
            warnings.filterwarnings("ignore", r"Please use 'Bot\.getUpdates'", PTBUserWarning)
            result = await self.bot.do_api_request(
                "getUpdates", api_kwargs={"offset": self.offset, "timeout": 0}
            )
        if not isinstance(result, list):
            raise NetworkError(f"getUpdates answered {type(result).__name__}, not a list")
        return [update for update in result if isinstance(update, dict)]

    async def _wait(self) -> None:
        await asyncio.sleep(self._backoff)
        self._backoff = min(self._backoff * 2, MAX_BACKOFF)
