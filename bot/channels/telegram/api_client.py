"""The Bot API client: every call the bot makes to Telegram, paced and retried as it asks.

Owns the error policy for outgoing requests:

* pacing (:mod:`.pacing`): about 30 messages a second overall, about 1 a second per chat;
* ``RetryAfter`` (429): the chat is paused for exactly ``retry_after`` seconds, then the
  request is sent again (waits longer than ``max_retry_after`` are not sat out in line:
  :class:`RateLimited` is raised so that the caller can reschedule). Only that chat waits:
  unlike PTB's ``AIORateLimiter``, one user's 429 does not stop the replies to everyone
  else (PTB #4003); 429s from different chats within a second pause the whole bot
  (:meth:`.pacing.Pacer.rate_limited`); the overall window keeps it under 30 a second;
* ``urgent``: replies to someone who wrote (the default) go before announcement messages
  (``urgent=False``) in the shared overall budget;
* ``Forbidden`` (403, the user blocked the bot): ``on_blocked`` is told and
  :class:`Blocked` is raised; the caller stops writing to that chat;
* network errors, time-outs and 5xx: retried with bounded exponential back-off (a
  time-out may hide a message that did arrive: at worst the user sees it twice, never
  not at all);
* ``BadRequest`` "can't parse entities": the text is sent again as plain text rather than
  lost. Any other ``BadRequest`` is raised (a bug of ours, not a passing condition).

It renders nothing itself (see :mod:`.render`) and knows no user or conversation.
"""

from __future__ import annotations

import asyncio
import datetime as dtm
import logging
import warnings
from collections.abc import Awaitable, Callable
from typing import TypeVar

from telegram import Bot, InlineKeyboardMarkup, Message
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter
from telegram.warnings import PTBDeprecationWarning

from bot.channels.telegram.pacing import Pacer
from bot.channels.telegram.render import MAX_CAPTION, Markup, markup_for, plain_text, split_html
from bot.messages import OutFile, Reply

log = logging.getLogger(__name__)

T = TypeVar("T")
ChatId = int
OnBlocked = Callable[[ChatId], Awaitable[None]]


class Blocked(Exception):
    """The user blocked the bot (403): nothing more goes to this chat until they write."""

    def __init__(self, chat_id: ChatId) -> None:
        super().__init__(f"chat {chat_id} blocked the bot")
        self.chat_id = chat_id


class RateLimited(Exception):
    """Telegram asked for a pause longer than we wait in line, or kept asking."""

    def __init__(self, retry_after: float) -> None:
        super().__init__(f"rate limited: retry after {retry_after:g} s")
        self.retry_after = retry_after


def retry_after_seconds(error: RetryAfter) -> float:
    """``RetryAfter.retry_after`` in seconds, whether PTB gives an int or a timedelta
    (``PTB_TIMEDELTA``); PTB's warning about the coming change is not ours to show."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value = error.retry_after
    if isinstance(value, dtm.timedelta):
        return value.total_seconds()
    return float(value)


def _is_entity_error(error: BadRequest) -> bool:
    return "parse entities" in error.message.lower()


def _is_harmless_edit_error(error: NetworkError) -> bool:
    message = error.message.lower()
    return "message is not modified" in message or "message to edit not found" in message


class BotApiClient:
    """Sends through one :class:`telegram.Bot` with pacing, retries and fallbacks."""

    def __init__(
        self,
        bot: Bot,
        pacer: Pacer,
        *,
        on_blocked: OnBlocked | None = None,
        max_attempts: int = 5,
        max_retry_after: float = 60.0,
        backoff: float = 0.5,
        max_backoff: float = 8.0,
    ) -> None:
        self.bot = bot
        self.pacer = pacer
        self.on_blocked = on_blocked
        self.max_attempts = max_attempts
        self.max_retry_after = max_retry_after
        self.backoff = backoff
        self.max_backoff = max_backoff

    async def call(
        self,
        chat_id: ChatId | None,
        request: Callable[[], Awaitable[T]],
        *,
        paced: bool = True,
        urgent: bool = True,
    ) -> T:
        """Run ``request`` (one Bot API call) under the policy above and return its result."""
        attempt = 0
        while True:
            attempt += 1
            if paced:
                await self.pacer.acquire(chat_id, urgent=urgent)
            try:
                return await request()
            except RetryAfter as error:
                wait = retry_after_seconds(error)
                self.pacer.rate_limited(chat_id, wait)
                if wait > self.max_retry_after or attempt >= self.max_attempts:
                    raise RateLimited(wait) from error
                log.warning("429 for chat %s: retrying after %g s", chat_id, wait)
                if not paced or chat_id is None:
                    await asyncio.sleep(wait)
            except Forbidden as error:
                if chat_id is None:
                    raise
                log.info("chat %s blocked the bot (%s)", chat_id, error.message)
                if self.on_blocked is not None:
                    await self.on_blocked(chat_id)
                raise Blocked(chat_id) from error
            except BadRequest:  # a subclass of NetworkError, but retrying cannot help
                raise
            except NetworkError as error:
                if attempt >= self.max_attempts:
                    raise
                delay = min(self.backoff * 2 ** (attempt - 1), self.max_backoff)
                log.warning(
                    "network error for chat %s (%s), attempt %d: retrying in %g s",
                    chat_id,
                    error.message,
                    attempt,
                    delay,
                )
                await asyncio.sleep(delay)

    # -- messages ------------------------------------------------------------------------

    async def send_text(
        self, chat_id: ChatId, text: str, markup: Markup | None = None, *, urgent: bool = True
    ) -> Message:
        """One HTML message; sent again as plain text if Telegram cannot parse the HTML."""
        try:
            return await self.call(
                chat_id,
                lambda: self.bot.send_message(
                    chat_id, text, parse_mode="HTML", reply_markup=markup
                ),
                urgent=urgent,
            )
        except BadRequest as error:
            if not _is_entity_error(error):
                raise
            log.error("HTML rejected for chat %s (%s): sending plain text", chat_id, error.message)
            return await self.call(
                chat_id,
                lambda: self.bot.send_message(
                    chat_id, plain_text(text), parse_mode=None, reply_markup=markup
                ),
                urgent=urgent,
            )

    async def send_reply(
        self, chat_id: ChatId, reply: Reply, *, urgent: bool = True
    ) -> list[Message]:
        """A whole Reply: its text (split when long), keyboard and file; the keyboard goes on
        the last message. A file goes as a document (or a photo) with the file's caption —
        or the reply's text when it has none and fits, so that it is not said twice."""
        markup = markup_for(reply)
        text, caption = reply.text, ""
        if reply.file is not None:
            caption = reply.file.caption or text
            if caption == text or not text.strip():
                text = ""
            if len(plain_text(caption)) > MAX_CAPTION:
                text, caption = "\n\n".join(t for t in (text, caption) if t.strip()), ""
        parts = split_html(text)
        sent: list[Message] = []
        for index, part in enumerate(parts):
            last = index == len(parts) - 1 and reply.file is None
            sent.append(
                await self.send_text(chat_id, part, markup if last else None, urgent=urgent)
            )
        if reply.file is not None:
            sent.append(await self._send_file(chat_id, reply.file, caption, markup, urgent))
        return sent

    async def _send_file(
        self, chat_id: ChatId, out: OutFile, caption: str, markup: Markup | None, urgent: bool
    ) -> Message:
        data = await asyncio.to_thread(out.path.read_bytes)

        async def send(as_html: bool) -> Message:
            text = (caption if as_html else plain_text(caption)) or None
            mode = "HTML" if as_html and caption else None
            if out.as_photo:
                return await self.bot.send_photo(
                    chat_id, data, caption=text, parse_mode=mode, reply_markup=markup,
                    filename=out.file_name,
                )  # fmt: skip
            return await self.bot.send_document(
                chat_id, data, filename=out.file_name, caption=text, parse_mode=mode,
                reply_markup=markup,
            )  # fmt: skip

        try:
            return await self.call(chat_id, lambda: send(True), urgent=urgent)
        except BadRequest as error:
            if not (caption and _is_entity_error(error)):
                raise
            log.error("HTML caption rejected for chat %s (%s): plain text", chat_id, error.message)
            return await self.call(chat_id, lambda: send(False), urgent=urgent)

    async def edit(
        self, chat_id: ChatId, message_id: int, reply: Reply, *, urgent: bool = True
    ) -> Message | bool:
        """Replace a message's text and inline buttons (first part only of a long text).
        An edit counts like a message, in the chat's budget and the overall one."""
        parts = split_html(reply.text) or [" "]
        markup = markup_for(reply)
        inline = markup if isinstance(markup, InlineKeyboardMarkup) else None

        async def edit(as_html: bool) -> Message | bool:
            text = parts[0] if as_html else plain_text(parts[0])
            return await self.bot.edit_message_text(
                text, chat_id, message_id, parse_mode="HTML" if as_html else None,
                reply_markup=inline,
            )  # fmt: skip

        try:
            return await self.call(chat_id, lambda: edit(True), urgent=urgent)
        except BadRequest as error:
            if _is_harmless_edit_error(error):
                return True
            if not _is_entity_error(error):
                raise
            return await self.call(chat_id, lambda: edit(False), urgent=urgent)

    async def remove_buttons(self, chat_id: ChatId, message_id: int) -> None:
        """Take the inline keyboard off a message so that its buttons cannot be pressed again.

        Best effort: a message too old to edit (or already without buttons) keeps what it
        has, and the answer to the press still goes out."""
        try:
            await self.call(
                chat_id, lambda: self.bot.edit_message_reply_markup(chat_id, message_id)
            )
        except NetworkError as error:  # BadRequest too; a 5xx after every retry as well
            if not _is_harmless_edit_error(error):
                log.info("buttons of message %s not removed: %s", message_id, error.message)

    async def answer_query(self, query_id: str) -> None:
        """Stop the button's spinner (not counted by Telegram's message limits)."""
        try:
            await self.call(None, lambda: self.bot.answer_callback_query(query_id), paced=False)
        except BadRequest as error:  # too old / already answered: nothing left to stop
            log.info("callback query not answered: %s", error.message)
