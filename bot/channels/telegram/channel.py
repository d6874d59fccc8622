"""The Telegram channel: PTB callbacks that hand updates to the assistant and deliver replies.

Owns the glue between python-telegram-bot and the core: every callback query is answered at
once, an update becomes an :class:`~bot.messages.Incoming`, ``Assistant.process`` is called
with a ``deliver`` that sends the replies in order (after taking the buttons off the message
whose button was pressed), users who blocked the bot are marked, and one error handler logs
the traceback and apologises. :class:`TelegramSender` sends what the assistant starts itself.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import Sequence
from functools import partial

from telegram import Update
from telegram.error import BadRequest
from telegram.ext import ContextTypes

from bot.channels import ChannelPort
from bot.channels.telegram.api_client import Blocked, BotApiClient, RateLimited
from bot.channels.telegram.incoming import CHANNEL, chat_of, from_callback, from_message
from bot.delivery import DeliveryResult, Outcome
from bot.files import FileRejected
from bot.messages import Reply

log = logging.getLogger(__name__)


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


class TelegramChannel:
    """Receives updates (polling or webhook alike) and renders the assistant's replies."""

    name = CHANNEL

    def __init__(self, assistant: ChannelPort, api: BotApiClient) -> None:
        self.assistant = assistant
        self.api = api
        self.files_dir = assistant.files_dir
        self.finished = Finished()
        api.on_blocked = self.mark_blocked

    # -- updates -------------------------------------------------------------------------

    async def on_update(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A message or a button press in a private chat: answer it through the core."""
        try:
            await self._answer(update)
        finally:
            self.finished.add(update.update_id)

    async def _answer(self, update: Update) -> None:
        pressed: int | None = None
        if update.callback_query is not None:
            query = update.callback_query
            await self.api.answer_query(query.id)  # every press, wherever it came from
        chat_id = chat_of(update)
        if chat_id is None:
            return
        if update.callback_query is not None:
            query = update.callback_query
            incoming = from_callback(query)
            pressed = query.message.message_id if query.message is not None else None
        elif update.message is not None:
            incoming = await from_message(update.message, self.fetch, self.files_dir)
        else:
            return
        await self.assistant.process(incoming, partial(self.deliver, chat_id, pressed))

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

    async def on_member(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """``my_chat_member``: the user blocked the bot (kicked) or started it again."""
        member = update.my_chat_member
        chat_id = chat_of(update)
        try:
            if member is None or chat_id is None:
                return
            status = member.new_chat_member.status
            if status == member.new_chat_member.BANNED:
                await self.mark_blocked(chat_id)
            elif status == member.new_chat_member.MEMBER:
                await self.mark_blocked(chat_id, blocked=False)
        finally:
            self.finished.add(update.update_id)

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

    # -- errors --------------------------------------------------------------------------

    async def on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        """The one error path: log with the traceback, then a short apology to the user."""
        error = context.error
        if not isinstance(update, Update):
            log.error("telegram error outside an update: %r", error, exc_info=error)
            return
        chat_id = chat_of(update)
        log.error("failed to handle update %s", update.update_id, exc_info=error)
        if chat_id is None:
            return
        apology = Reply(self.assistant.texts.t("core.error"))
        try:
            await self.api.send_reply(chat_id, apology)
        except Exception as failed:  # the apology is best effort: the cause is logged above
            log.warning("apology to chat %s not sent: %r", chat_id, failed)


class TelegramSender:
    """:class:`bot.delivery.Sender` for Telegram: announcements and status notices."""

    channel = CHANNEL

    def __init__(self, telegram: TelegramChannel) -> None:
        self.telegram = telegram
        self.api = telegram.api

    async def deliver(self, external_id: str, replies: Sequence[Reply]) -> DeliveryResult:
        if await self.telegram.assistant.is_blocked(CHANNEL, external_id):
            return DeliveryResult(Outcome.BLOCKED, error="blocked")
        message_id = ""
        try:
            for reply in replies:
                sent = await self.api.send_reply(int(external_id), reply, urgent=False)
                if sent:
                    message_id = str(sent[-1].message_id)
        except Blocked:
            return DeliveryResult(Outcome.BLOCKED, error="blocked")
        except RateLimited as limited:
            return DeliveryResult(Outcome.RETRY, retry_after=limited.retry_after)
        except Exception as error:  # reported to the caller, which retries a bounded number
            log.warning("delivery to telegram:%s failed: %r", external_id, error)
            return DeliveryResult(Outcome.FAILED, error=type(error).__name__)
        return DeliveryResult(Outcome.SENT, message_id=message_id)

    async def edit(self, external_id: str, message_id: str, reply: Reply) -> DeliveryResult:
        try:
            await self.api.edit(int(external_id), int(message_id), reply, urgent=False)
        except Blocked:
            return DeliveryResult(Outcome.BLOCKED, error="blocked")
        except RateLimited as limited:
            return DeliveryResult(Outcome.RETRY, retry_after=limited.retry_after)
        except Exception as error:
            log.warning("edit for telegram:%s failed: %r", external_id, error)
            return DeliveryResult(Outcome.FAILED, error=type(error).__name__)
        return DeliveryResult(Outcome.SENT, message_id=message_id)
