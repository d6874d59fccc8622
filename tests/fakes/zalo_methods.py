"""The Bot API methods of the fake Zalo server: what each call checks and answers.

Split from ``tests/fakes/zalo_api.py`` (which owns the server, the simulated users, the faults
and the record) so each stays readable. Every check cites the docs or says "docs silent".
"""

from __future__ import annotations

import asyncio
import secrets
import time
from collections import defaultdict, deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, Final, Literal
from urllib.parse import urlsplit

import aiohttp

JSON = dict[str, Any]

MAX_TEXT: Final = 2000
LOOPBACK: Final = frozenset({"127.0.0.1", "localhost", "::1"})
# Descriptions: the docs name only the meaning of each code ("Bảng mã lỗi"); these strings are
# ours, except "Request timeout", which a public script written against the live API matches.
DESCRIPTIONS: Final = {
    400: "Bad request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not found",
    408: "Request timeout",
    429: "Quota exceeded",
}


class ApiError(Exception):
    """An answer ``{ok: false, error_code, description}``."""

    def __init__(self, code: int, description: str = "", retry_after: float | None = None) -> None:
        super().__init__(code, description)
        self.code = code
        self.description = description or DESCRIPTIONS.get(code, "Error")
        # docs silent: no 429 documents how long to wait; a Telegram-style
        # ``parameters.retry_after`` is sent only when a test asks for one.
        self.retry_after = retry_after


@dataclass(frozen=True)
class Sent:
    """One message the bot sent: a text, a photo (with the bytes fetched) or a sticker."""

    kind: Literal["text", "photo", "sticker"]
    chat_id: str
    message_id: str
    date: int
    text: str = ""
    photo_url: str = ""
    photo_bytes: bytes = b""
    caption: str = ""
    sticker: str = ""


@dataclass
class Faults:
    """Injected failures: one-off errors, slow methods, blocked chats, a send quota."""

    once: dict[str, deque[ApiError]] = field(default_factory=lambda: defaultdict(deque))
    delays: dict[str, float] = field(default_factory=dict)
    blocked: set[str] = field(default_factory=set)
    quota: int | None = None


class BotMethods:
    """The API methods, mixed into the fake server (which provides the state below)."""

    token: str
    webhook_url: str
    webhook_secret: str
    webhook_updated_at: int
    known_chats: set[str]
    polls_waiting: int  # getUpdates calls waiting for an update right now
    faults: Faults
    sent: dict[str, list[Sent]]
    chat_actions: list[tuple[str, str]]
    _updates: asyncio.Queue[JSON]
    _changed: asyncio.Condition
    _session: aiohttp.ClientSession | None

    def handler_for(self, method: str) -> Callable[[JSON], Awaitable[JSON | None]] | None:
        """The handler of ``method``; names are case-sensitive (docs)."""
        name = _HANDLERS.get(method)
        return None if name is None else getattr(self, name)  # type: ignore[no-any-return]

    async def _get_me(self, params: JSON) -> JSON:
        bot_id = self.token.split(":", 1)[0]
        return {
            "id": bot_id,
            "account_name": "bot.FakeOcop",
            "account_type": "BASIC",
            "can_join_groups": False,
        }

    async def _get_updates(self, params: JSON) -> JSON:
        if self.webhook_url:
            # docs: getUpdates "sẽ không hoạt động" while a webhook is set; silent on the code.
            raise ApiError(400, "getUpdates is not available while a webhook is set")
        try:
            timeout = float(str(params.get("timeout", "30")))
        except ValueError:
            raise ApiError(400, "timeout must be a number of seconds") from None
        if not self._updates.empty():
            return self._updates.get_nowait()
        self.polls_waiting += 1
        try:
            return await asyncio.wait_for(self._updates.get(), max(timeout, 0.0))
        except TimeoutError:
            raise ApiError(408) from None
        finally:  # also when the poller went away (the server cancels the handler)
            self.polls_waiting -= 1

    async def _set_webhook(self, params: JSON) -> JSON:
        url, secret = str(params.get("url", "")), str(params.get("secret_token", ""))
        parts = urlsplit(url)
        # docs: an HTTPS URL. The fake also takes plain http on loopback, for tests.
        if not parts.hostname or not (
            parts.scheme == "https" or (parts.scheme == "http" and parts.hostname in LOOPBACK)
        ):
            raise ApiError(400, "url must be an HTTPS URL")
        if not 8 <= len(secret) <= 256:
            raise ApiError(400, "secret_token must have 8 to 256 characters")
        self.webhook_url, self.webhook_secret = url, secret
        self.webhook_updated_at = now_ms()
        return {"url": url, "updated_at": self.webhook_updated_at}

    async def _delete_webhook(self, params: JSON) -> JSON:
        self.webhook_url = self.webhook_secret = ""
        self.webhook_updated_at = now_ms()
        return {"url": "", "updated_at": self.webhook_updated_at}

    async def _get_webhook_info(self, params: JSON) -> JSON:
        return {"url": self.webhook_url, "updated_at": self.webhook_updated_at}

    def _check_send(self, params: JSON, *, counts: bool = True) -> str:
        chat_id = str(params.get("chat_id", ""))
        if not chat_id:
            raise ApiError(400, "chat_id is required")
        if chat_id not in self.known_chats:
            # docs silent: a bot learns a chat id only when the user writes first.
            raise ApiError(400, "chat_id not found")
        if chat_id in self.faults.blocked:
            raise ApiError(403)
        if counts and self.faults.quota is not None:
            if self.faults.quota <= 0:
                raise ApiError(429)
            self.faults.quota -= 1
        return chat_id

    async def _record(self, message: Sent) -> JSON:
        self.sent[message.chat_id].append(message)
        async with self._changed:
            self._changed.notify_all()
        return {"message_id": message.message_id, "date": message.date}

    async def _send_message(self, params: JSON) -> JSON:
        text = params.get("text")
        if not isinstance(text, str) or not 1 <= len(text) <= MAX_TEXT:
            # docs silent on the unit of "ký tự"; the fake counts code points.
            raise ApiError(400, "text must have 1 to 2000 characters")
        chat_id = self._check_send(params)
        return await self._record(Sent("text", chat_id, _message_id(), now_ms(), text=text))

    async def _send_photo(self, params: JSON) -> JSON:
        photo, caption = str(params.get("photo", "")), params.get("caption")
        if caption is not None and (
            not isinstance(caption, str) or not 1 <= len(caption) <= MAX_TEXT
        ):
            raise ApiError(400, "caption must have 1 to 2000 characters")
        chat_id = self._check_send(params)
        data = await self._fetch_photo(photo)
        return await self._record(
            Sent("photo", chat_id, _message_id(), now_ms(), photo_url=photo,
                 photo_bytes=data, caption=caption or "")
        )  # fmt: skip

    async def _fetch_photo(self, url: str) -> bytes:
        """Zalo fetches the photo itself; a link that is expired, forged or not an image fails.
        docs silent on the code and on size or type limits: 400, any image/* accepted."""
        if urlsplit(url).scheme not in ("http", "https"):
            raise ApiError(400, "photo must be an http(s) URL")
        assert self._session is not None
        try:
            async with self._session.get(url) as resp:
                data = await resp.read()
                ok = resp.status == 200 and resp.content_type.startswith("image/") and data
        except (aiohttp.ClientError, TimeoutError):
            ok = False
        if not ok:
            raise ApiError(400, "Cannot fetch the photo")
        return data

    async def _send_sticker(self, params: JSON) -> JSON:
        sticker = params.get("sticker")
        if not isinstance(sticker, str) or not sticker:
            raise ApiError(400, "sticker is required")
        chat_id = self._check_send(params)
        return await self._record(
            Sent("sticker", chat_id, _message_id(), now_ms(), sticker=sticker)
        )

    async def _send_chat_action(self, params: JSON) -> None:
        action = params.get("action")
        if action != "typing":
            # docs: "typing"; "upload_photo" is announced as coming soon ("Sắp ra mắt").
            raise ApiError(400, "action must be typing")
        chat_id = self._check_send(params, counts=False)
        self.chat_actions.append((chat_id, action))


_HANDLERS: Final = {
    "getMe": "_get_me",
    "getUpdates": "_get_updates",
    "setWebhook": "_set_webhook",
    "deleteWebhook": "_delete_webhook",
    "getWebhookInfo": "_get_webhook_info",
    "sendMessage": "_send_message",
    "sendPhoto": "_send_photo",
    "sendSticker": "_send_sticker",
    "sendChatAction": "_send_chat_action",
}


def now_ms() -> int:
    return int(time.time() * 1000)


def _message_id() -> str:
    """Ids in the docs' samples are 20 lowercase hex characters."""
    return secrets.token_hex(10)
