"""The Telegram channel: updates into the inbox, and back out of it into the core.

Owns the glue between Telegram's updates and the core. :meth:`TelegramChannel.receive`
records each raw update with ``ChannelPort.accept`` — the poller or the webhook confirms it
to Telegram only after that returns — and then answers a button press's callback query in
the background (it stops the spinner; it never delays or reorders anything). The core
hands the updates back one user at a time, in arrival order, to
:meth:`TelegramChannel.decode` (the :class:`~bot.channels.UpdateReader`), which downloads
files inside the user's turn and returns a ``deliver`` that sends the replies in order
(after taking the buttons off the message whose button was pressed). Users who blocked
the bot are marked; an update it cannot read is logged with its traceback and apologised
for. :class:`TelegramSender` (:mod:`.sender`) sends what the assistant starts itself.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections import OrderedDict, deque
from functools import partial
from typing import Any

from telegram import Update
from telegram.error import BadRequest

from bot.channels import Arrival, ChannelPort, Decoded, FileGate
from bot.channels.telegram.api_client import Blocked, BotApiClient, RateLimited
from bot.channels.telegram.incoming import (
    CHANNEL,
    chat_of,
    from_callback,
    from_edit,
    from_message,
    raw_private_chat,
    user_key,
)
from bot.files import FileRejected
from bot.messages import Reply

log = logging.getLogger(__name__)

KEEP_PARSED = 2_000  # updates read by the poller and not yet decoded, at most


class Finished:
    """The ids of the last updates the channel has finished with; :meth:`wait` for one.

    Lets a caller (the end-to-end tests, the benchmark) know when an update whose effect is
    not a message — a block recorded, a stale press ignored — has been dealt with.
    """

    def __init__(self, keep: int = 10_000) -> None:
        self._recent: deque[int] = deque(maxlen=keep)
        self._seen: set[int] = set()
        self._waiters: dict[int, list[asyncio.Future[None]]] = {}

    def add(self, update_id: int) -> None:
        if len(self._recent) == self._recent.maxlen:
            self._seen.discard(self._recent[0])
        self._recent.append(update_id)
        self._seen.add(update_id)
        for waiter in self._waiters.pop(update_id, []):
            if not waiter.done():
                waiter.set_result(None)

    def __contains__(self, update_id: int) -> bool:
        return update_id in self._seen

    async def wait(self, update_id: int, timeout: float = 5.0) -> None:
        if update_id in self._seen:
            return
        waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiters.setdefault(update_id, []).append(waiter)
        async with asyncio.timeout(timeout):
            await waiter


async def _nothing(replies: list[Reply]) -> None:
    """The ``deliver`` of an update that has no chat to answer in."""


class TelegramChannel:
    """Receives updates (polling or webhook alike) and renders the assistant's replies."""

    channel = CHANNEL
    name = CHANNEL

    def __init__(self, assistant: ChannelPort, api: BotApiClient) -> None:
        self.assistant = assistant
        self.api = api
        self.files_dir = assistant.files_dir
        self.finished = Finished()
        self.failed = asyncio.Event()  # fetching updates stopped for good (a revoked token)
        self._background: set[asyncio.Task[None]] = set()
        self._parsed: OrderedDict[int, Update] = OrderedDict()  # read by the poller already
        api.on_blocked = self.mark_blocked

    def remember(self, update: Update) -> None:
        """Keep an update PTB has read (the poller's ``getUpdates``) until :meth:`decode`
        takes it, so it is not parsed a second time; the oldest are dropped beyond
        :data:`KEEP_PARSED` (then decode parses the stored payload, as after a restart)."""
        self._parsed[update.update_id] = update
        while len(self._parsed) > KEEP_PARSED:
            self._parsed.popitem(last=False)

    # -- into the inbox ------------------------------------------------------------------

    async def receive(self, update: dict[str, Any]) -> None:
        """Record one raw update (durably: return only after the inbox has it); a button
        press's callback query is then answered in the background."""
        update_id = update.get("update_id")
        if not isinstance(update_id, int):
            log.warning("telegram: an update without update_id ignored")
            return
        payload = json.dumps(update, ensure_ascii=False, separators=(",", ":"))
        fresh = await self.assistant.accept(CHANNEL, str(update_id), user_key(update), payload)
        if not fresh:
            self._parsed.pop(update_id, None)
            self.finished.add(update_id)  # delivered again: handled once already
            return
        query = update.get("callback_query")
        if isinstance(query, dict) and isinstance(query.get("id"), str):
            self._in_background(self.api.answer_query(query["id"]))

    def _in_background(self, work: Any) -> None:
        task: asyncio.Task[None] = asyncio.create_task(work)
        self._background.add(task)
        task.add_done_callback(self._done_in_background)

    def _done_in_background(self, task: asyncio.Task[None]) -> None:
        self._background.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.warning("telegram: a callback answer failed: %r", task.exception())

    async def drain(self) -> None:
        """Wait for the callback answers still in flight (at shutdown)."""
        if self._background:
            await asyncio.gather(*self._background, return_exceptions=True)

    # -- out of the inbox (bot.channels.UpdateReader) -----------------------------------

    async def decode(self, arrival: Arrival, gate: FileGate) -> Decoded:
        """One update from the inbox → the Incoming and its ``deliver`` (downloads here).
        An update PTB cannot read is apologised for (in its private chat), not retried."""
        update: Update | None = self._parsed.pop(int(arrival.update_key), None)
        raw = json.loads(arrival.payload) if update is None else {}
        try:
            if update is None:
                update = Update.de_json(raw, self.api.bot)
        except Exception:
            log.error("telegram: update %s cannot be read", arrival.update_key, exc_info=True)
            chat = raw_private_chat(raw)
            deliver = _nothing if chat is None else partial(self.deliver, chat, None)
            return Decoded(None, deliver, failed=True)
        chat_id = chat_of(update)
        try:
            if update.my_chat_member is not None:
                await self._member(update, chat_id)
                return Decoded(None, _nothing)
            if chat_id is None:
                return Decoded(None, _nothing)
            if update.callback_query is not None:
                query = update.callback_query
                pressed = query.message.message_id if query.message is not None else None
                return Decoded(from_callback(query), partial(self.deliver, chat_id, pressed))
            deliver = partial(self.deliver, chat_id, None)
            if update.edited_message is not None:
                return Decoded(from_edit(update.edited_message), deliver)
            if update.message is None:
                return Decoded(None, _nothing)
            incoming = await from_message(update.message, self.fetch, self.files_dir, gate)
            return Decoded(incoming, deliver)
        except Exception:
            log.error("failed to handle update %s", update.update_id, exc_info=True)
            if chat_id is None:
                return Decoded(None, _nothing, failed=True)
            return Decoded(None, partial(self.deliver, chat_id, None), failed=True)

    def settled(self, arrival: Arrival) -> None:
        self.finished.add(int(arrival.update_key))

    async def deliver(self, chat_id: int, pressed: int | None, replies: list[Reply]) -> None:
        """Send the replies of one update in order; first retire the pressed buttons."""
        try:
            if pressed is not None:
                await self.api.remove_buttons(chat_id, pressed)
            for reply in replies:
                await self.api.send_reply(chat_id, reply)
        except Blocked:
            return  # marked; nothing more goes to them until they write again
        except RateLimited as limited:
            log.warning(
                "chat %s: replies dropped, Telegram asked to wait %g s",
                chat_id,
                limited.retry_after,
            )
        except Exception:
            log.error("replies to chat %s failed", chat_id, exc_info=True)
            await self._apologise(chat_id)

    async def _apologise(self, chat_id: int) -> None:
        apology = Reply(self.assistant.texts.t("core.error"))
        try:
            await self.api.send_reply(chat_id, apology)
        except Exception as failed:  # the apology is best effort: the cause is logged above
            log.warning("apology to chat %s not sent: %r", chat_id, failed)

    async def _member(self, update: Update, chat_id: int | None) -> None:
        """``my_chat_member``: the user blocked the bot (kicked) or started it again."""
        member = update.my_chat_member
        if member is None or chat_id is None:
            return
        status = member.new_chat_member.status
        if status == member.new_chat_member.BANNED:
            await self.mark_blocked(chat_id)
        elif status == member.new_chat_member.MEMBER:
            await self.mark_blocked(chat_id, blocked=False)

    async def fetch(self, file_id: str) -> bytes:
        """Download a file the user sent (Telegram's cloud API serves up to 20 MB)."""
        try:
            file = await self.api.call(None, lambda: self.api.bot.get_file(file_id), paced=False)
        except BadRequest as error:
            if "too big" in error.message.lower():
                raise FileRejected("too_big") from error
            raise
        data = await self.api.call(None, file.download_as_bytearray, paced=False)
        return bytes(data)

    async def mark_blocked(self, chat_id: int, *, blocked: bool = True) -> None:
        await self.assistant.set_blocked(CHANNEL, str(chat_id), blocked)
