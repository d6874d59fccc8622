"""A small async client for the Zalo Bot Platform API (httpx).

Owns the HTTP calls ``POST {base_url}/bot{TOKEN}/{method}`` with a JSON body, the
``{ok, result, description, error_code}`` envelope, timeouts, and turning failures into
:class:`ZaloApiError` (429 → :class:`RetryLater`, 401 → :class:`InvalidToken`, 403 →
:class:`Forbidden`) or :class:`ZaloNetworkError`. It does not retry, pace or parse updates:
``get_update`` returns the raw update (see ``bot.channels.zalo.updates``).

The token sits in the URL path, so it is masked in every exception text and log line, also in
httpx's own request log while a client is open.

>>> mask_token("POST https://bot-api.zaloplatforms.com/bot123:abc-XYZ/getMe", "123:abc-XYZ")
'POST https://bot-api.zaloplatforms.com/bot<token>/getMe'
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Final, Self

import httpx

JSON = dict[str, Any]

DEFAULT_BASE_URL: Final = "https://bot-api.zaloplatforms.com"
MAX_TEXT: Final = 2000
DEFAULT_POLL_SECONDS: Final = 30
# Zalo fetches a photo's URL before it answers sendPhoto, so that call may take longer.
PHOTO_TIMEOUT: Final = 60.0

_LOG = logging.getLogger(__name__)
_BOT_PATH = re.compile(r"(?<!/)/bot[^/\s\"'<>]+(?=/)")


def mask_token(text: str, token: str) -> str:
    """``text`` with ``token`` and anything in a ``/bot…/`` path segment replaced."""
    if token:
        text = text.replace(token, "<token>")
    return _BOT_PATH.sub("/bot<token>", text)


class ZaloApiError(Exception):
    """The API answered ``ok: false`` (or no usable envelope)."""

    def __init__(self, method: str, error_code: int, description: str) -> None:
        super().__init__(f"Zalo {method}: {error_code} {description}")
        self.method = method
        self.error_code = error_code
        self.description = description


class RetryLater(ZaloApiError):
    """429 "Quota exceeded": the quota numbers are not published; back off and retry later.

    ``retry_after`` is set only when the answer says how long (a ``Retry-After`` header or a
    Telegram-style ``parameters.retry_after``); the docs document neither.
    """

    def __init__(
        self, method: str, error_code: int, description: str, retry_after: float | None
    ) -> None:
        super().__init__(method, error_code, description)
        self.retry_after = retry_after


class InvalidToken(ZaloApiError):
    """401: the token is wrong or was reset in Zalo Bot Creator."""


class Forbidden(ZaloApiError):
    """403: the docs list it without saying when; we treat it as "this chat refuses us"."""


class ZaloNetworkError(Exception):
    """No answer from the API: connection refused, reset or timed out (token masked)."""


@dataclass(frozen=True)
class BotInfo:
    id: str
    account_name: str
    account_type: str
    can_join_groups: bool


@dataclass(frozen=True)
class SentMessage:
    message_id: str
    date: int  # milliseconds since the epoch


@dataclass(frozen=True)
class WebhookInfo:
    url: str
    updated_at: int  # milliseconds since the epoch


class _MaskFilter(logging.Filter):
    def __init__(self, token: str) -> None:
        super().__init__()
        self.token = token

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_token(message, self.token)
        if masked != message:
            record.msg, record.args = masked, None
        return True


class ZaloClient:
    """Typed calls of the Bot API. Use as ``async with ZaloClient(token) as client``."""

    def __init__(
        self,
        token: str,
        *,
        base_url: str = DEFAULT_BASE_URL,
        timeout: float = 15.0,
        http: httpx.AsyncClient | None = None,
    ) -> None:
        if not token:
            raise ValueError("a Zalo bot token is required")
        self._token = token
        self._base = base_url.rstrip("/")
        self._timeout = timeout
        self._own_http = http is None
        self._http = http or httpx.AsyncClient()
        self._filter = _MaskFilter(token)
        for name in ("httpx", "httpcore"):
            logging.getLogger(name).addFilter(self._filter)

    async def close(self) -> None:
        if self._own_http:
            await self._http.aclose()
        for name in ("httpx", "httpcore"):
            logging.getLogger(name).removeFilter(self._filter)

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    def __repr__(self) -> str:
        return f"ZaloClient(base_url={self._base!r})"

    # --- calls -------------------------------------------------------------------------------

    async def get_me(self) -> BotInfo:
        result = _mapping(await self.call("getMe"), "getMe")
        return BotInfo(
            id=str(result.get("id", "")),
            account_name=str(result.get("account_name", "")),
            account_type=str(result.get("account_type", "")),
            can_join_groups=bool(result.get("can_join_groups", False)),
        )

    async def get_update(self, timeout: int = DEFAULT_POLL_SECONDS) -> JSON | None:
        """Long-poll for **one** update (not a list); None when none came (error 408).

        There is no offset: an update returned here is not handed out again.
        """
        try:
            result = await self.call(
                "getUpdates", {"timeout": str(timeout)}, timeout=timeout + 10.0
            )
        except ZaloApiError as error:
            if error.error_code == 408:
                return None
            raise
        return _mapping(result, "getUpdates") if result else None

    async def set_webhook(self, url: str, secret_token: str) -> WebhookInfo:
        if not 8 <= len(secret_token) <= 256:
            raise ValueError("the webhook secret must have 8 to 256 characters")
        result = await self.call("setWebhook", {"url": url, "secret_token": secret_token})
        return _webhook_info(result, "setWebhook")

    async def delete_webhook(self) -> WebhookInfo:
        return _webhook_info(await self.call("deleteWebhook"), "deleteWebhook")

    async def get_webhook_info(self) -> WebhookInfo:
        return _webhook_info(await self.call("getWebhookInfo"), "getWebhookInfo")

    async def send_message(self, chat_id: str, text: str) -> SentMessage:
        """Send ``text`` (1–2000 characters; split longer texts first)."""
        _check_text(text, "text")
        result = await self.call("sendMessage", {"chat_id": chat_id, "text": text})
        return _sent(result, "sendMessage")

    async def send_photo(self, chat_id: str, photo_url: str, caption: str = "") -> SentMessage:
        """Send the image at ``photo_url``, which Zalo fetches itself: it must be reachable."""
        params = {"chat_id": chat_id, "photo": photo_url}
        if caption:
            _check_text(caption, "caption")
            params["caption"] = caption
        result = await self.call("sendPhoto", params, timeout=PHOTO_TIMEOUT)
        return _sent(result, "sendPhoto")

    async def send_sticker(self, chat_id: str, sticker: str) -> SentMessage:
        result = await self.call("sendSticker", {"chat_id": chat_id, "sticker": sticker})
        return _sent(result, "sendSticker")

    async def send_chat_action(self, chat_id: str, action: str = "typing") -> None:
        """Show "typing…"; the docs offer no other action yet."""
        await self.call("sendChatAction", {"chat_id": chat_id, "action": action})

    # --- transport ---------------------------------------------------------------------------

    async def call(
        self, method: str, params: JSON | None = None, *, timeout: float | None = None
    ) -> Any:
        """POST ``method`` with a JSON body; return ``result`` or raise."""
        url = f"{self._base}/bot{self._token}/{method}"
        try:
            response = await self._http.post(
                url, json=params or {}, timeout=timeout or self._timeout
            )
        except httpx.TimeoutException:
            raise ZaloNetworkError(f"Zalo {method}: no answer in time") from None
        except httpx.HTTPError as error:
            detail = mask_token(f"{type(error).__name__}: {error}", self._token)
            raise ZaloNetworkError(f"Zalo {method}: {detail}") from None
        body = _json_or_none(response)
        if isinstance(body, dict) and body.get("ok") is True:
            _LOG.debug("zalo %s: ok", method)
            return body.get("result")
        raise self._error(method, response, body)

    def _error(self, method: str, response: httpx.Response, body: object) -> ZaloApiError:
        envelope = body if isinstance(body, dict) else {}
        code = _int(envelope.get("error_code")) or response.status_code
        if envelope:
            raw = str(envelope.get("description") or response.reason_phrase or "no description")
            description = mask_token(raw, self._token)
        else:
            description = f"unexpected answer (HTTP {response.status_code})"
        if code == 429:
            return RetryLater(method, code, description, _retry_after(response, envelope))
        if code == 401:
            return InvalidToken(method, code, description)
        if code == 403:
            return Forbidden(method, code, description)
        return ZaloApiError(method, code, description)


def _json_or_none(response: httpx.Response) -> object:
    try:
        return response.json()
    except ValueError:
        return None


def _int(value: object) -> int:
    try:
        return int(str(value))
    except ValueError:
        return 0


def _retry_after(response: httpx.Response, envelope: JSON) -> float | None:
    parameters = envelope.get("parameters")
    candidates = [
        response.headers.get("Retry-After"),
        parameters.get("retry_after") if isinstance(parameters, dict) else None,
    ]
    for value in candidates:
        try:
            seconds = float(str(value))
        except ValueError:
            continue
        if seconds >= 0:
            return seconds
    return None


def _check_text(text: str, name: str) -> None:
    if not 1 <= len(text) <= MAX_TEXT:
        raise ValueError(f"{name} must have 1 to {MAX_TEXT} characters, not {len(text)}")


def _mapping(result: object, method: str) -> JSON:
    if not isinstance(result, dict):
        raise ZaloApiError(method, 0, "the result is not an object")
    return result


def _sent(result: object, method: str) -> SentMessage:
    data = _mapping(result, method)
    return SentMessage(message_id=str(data.get("message_id", "")), date=_int(data.get("date")))


def _webhook_info(result: object, method: str) -> WebhookInfo:
    data = _mapping(result, method)
    return WebhookInfo(url=str(data.get("url") or ""), updated_at=_int(data.get("updated_at")))
