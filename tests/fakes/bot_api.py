"""A fake Telegram Bot API server for tests: aiohttp on 127.0.0.1, a random free port.

This module owns the *Telegram side* of the end-to-end tests: an HTTP server that speaks the
Bot API exactly as python-telegram-bot's ``HTTPXRequest`` sends it (``POST /bot<TOKEN>/<method>``
with form-encoded, multipart or JSON bodies; ``GET /file/bot<TOKEN>/<file_path>`` for
downloads) and answers ``{"ok": true, "result": ...}`` or Telegram's error bodies. Tests start
and stop it themselves::

    async with FakeBotApi() as api:
        bot = telegram.Bot(api.token, base_url=api.base_url, base_file_url=api.base_file_url)
        pushed = api.send_text(42, "xin chào")          # a user writes; getUpdates returns it
        [reply] = await api.wait_for_messages(42, 1, after=pushed.message_id)

It owns four things:

* **the protocol**: getMe, getUpdates (real long polling with ``offset``/``timeout``),
  sendMessage, editMessageText/Caption/ReplyMarkup, deleteMessage, answerCallbackQuery,
  sendDocument, sendPhoto, getFile + file download, sendChatAction, set/get/deleteMyCommands,
  set/deleteWebhook, getWebhookInfo. Other methods answer 404 "Not Found" like Telegram.
* **validation like Telegram** (400 with Telegram's descriptions): empty text, more than 4096
  characters after entity parsing, malformed HTML (a port of TDLib's ``parse_html``), callback
  data of 0 or more than 64 *bytes*, keyboards that are not arrays of arrays, edits that change
  nothing ("message is not modified"), unknown or twice-answered callback queries.
* **simulated users** (``send_text``, ``send_command``, ``press_button``, ``send_photo``,
  ``send_album`` — photos sharing a ``media_group_id``, one message each, as Telegram sends
  an album —, ``edit_text`` — an ``edited_message`` update —, ...) that push updates into
  the getUpdates queue, or build webhook bodies (``make_update_json``).
* **recording and faults**: every call with its parameters and outcome, the bot's messages per
  chat with edits applied, callback answers, commands; ``wait_for`` without busy-waiting; one-off
  failures (429 with ``retry_after``, 403, 5xx), blocked chats, slow responses, rate limits,
  and file downloads held until the test releases them (``hold_download``: a slow
  download, with no clock involved).

Where it deliberately differs from Telegram:

* ``strict_html=True`` (default) rejects a bare ``&`` that starts no entity; Telegram keeps it
  literally. Being stricter catches user text that was not escaped.
* Markdown/MarkdownV2 texts are accepted but not parsed (only HTML is).
* Any chat id exists; positive ids are private chats with the simulated user of that id.
* setWebhook accepts any http(s) URL; updates are not pushed to it by themselves
  (``deliver_to_webhook`` posts one).
* Message length is counted in Unicode code points (as Telegram does); entity offsets and
  lengths are in UTF-16 code units (as Telegram does).
"""

from __future__ import annotations

import asyncio
import hashlib
import itertools
import json
import logging
import re
import time
from collections import deque
from collections.abc import Callable, Coroutine, Sequence
from dataclasses import dataclass, field
from http import HTTPStatus
from pathlib import PurePosixPath
from types import TracebackType
from typing import Any, Final, Self, TypeVar
from urllib.parse import urlsplit

import aiohttp
from aiohttp import web

JSON = dict[str, Any]
ChatId = int | str
T = TypeVar("T")
Handler = Callable[[JSON, "dict[str, UploadedFile]"], Coroutine[Any, Any, Any]]

_LOG = logging.getLogger(__name__)

DEFAULT_TOKEN: Final = "123456789:AAFakeTokenForOfflineTests_0123456789"
MAX_TEXT_LENGTH: Final = 4096
MAX_CAPTION_LENGTH: Final = 1024
MAX_CALLBACK_DATA_BYTES: Final = 64
MAX_ANSWER_TEXT_LENGTH: Final = 200
MAX_DOWNLOAD_SIZE: Final = 20 * 1024 * 1024
MAX_UPLOAD_SIZE: Final = 50 * 1024 * 1024

BLOCKED: Final = "Forbidden: bot was blocked by the user"
NOT_MODIFIED: Final = (
    "Bad Request: message is not modified: specified new message content and reply markup "
    "are exactly the same as a current content and reply markup of the message"
)
QUERY_TOO_OLD: Final = (
    "Bad Request: query is too old and response timeout expired or query ID is invalid"
)
POLL_CONFLICT: Final = (
    "Conflict: terminated by other getUpdates request; "
    "make sure that only one bot instance is running"
)
WEBHOOK_CONFLICT: Final = (
    "Conflict: can't use getUpdates method while webhook is active; "
    "use deleteWebhook to delete the webhook first"
)

#: Methods counted by the rate limits (Telegram's flood control counts edits too).
DEFAULT_RATE_LIMITED: Final = frozenset(
    {
        "sendMessage",
        "sendDocument",
        "sendPhoto",
        "editMessageText",
        "editMessageCaption",
        "editMessageReplyMarkup",
    }
)

_DEFAULT_DESCRIPTIONS: Final[dict[int, str]] = {
    400: "Bad Request",
    401: "Unauthorized",
    403: BLOCKED,
    404: "Not Found",
    409: POLL_CONFLICT,
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
}

# Form fields that stay strings; every other form value is JSON-decoded (PTB JSON-encodes
# every non-string parameter, see telegram.request.RequestParameter.json_value).
_STRING_PARAMS: Final = frozenset(
    {
        "text", "caption", "parse_mode", "callback_query_id", "file_id", "url", "secret_token",
        "action", "language_code", "inline_message_id", "business_connection_id",
        "message_effect_id", "document", "photo", "sticker", "voice", "video", "audio",
        "animation", "thumbnail", "ip_address", "emoji", "description", "name", "title",
        "phone_number", "first_name", "last_name",
    }
)  # fmt: skip

_CHAT_ACTIONS: Final = frozenset(
    {
        "typing", "upload_photo", "record_video", "upload_video", "record_voice",
        "upload_voice", "upload_document", "choose_sticker", "find_location",
        "record_video_note", "upload_video_note",
    }
)  # fmt: skip

_INLINE_ACTIONS: Final = frozenset(
    {
        "url", "callback_data", "web_app", "login_url", "switch_inline_query",
        "switch_inline_query_current_chat", "switch_inline_query_chosen_chat", "copy_text",
        "callback_game", "pay",
    }
)  # fmt: skip

_NOT_BY_DEFAULT: Final = frozenset({"chat_member", "message_reaction", "message_reaction_count"})
_COMMAND_RE: Final = re.compile(r"(?<!\S)/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?(?![\w/])")
_BOT_COMMAND_RE: Final = re.compile(r"[a-z0-9_]{1,32}")
_SECRET_RE: Final = re.compile(r"[A-Za-z0-9_-]{1,256}")
_WHITESPACE: Final = " \t\r\n\v\f"


# --------------------------------------------------------------------------- errors


class BotApiError(Exception):
    """An error answer of the Bot API: HTTP ``status`` and the body Telegram sends with it."""

    def __init__(
        self,
        status: int,
        description: str,
        *,
        retry_after: float | None = None,
        raw_body: str | None = None,
    ) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.retry_after = retry_after
        self.raw_body = raw_body

    def body(self) -> JSON:
        body: JSON = {"ok": False, "error_code": self.status, "description": self.description}
        if self.retry_after is not None:
            body["parameters"] = {"retry_after": _json_number(self.retry_after)}
        return body

    def response(self) -> web.Response:
        if self.raw_body is not None:
            return web.Response(status=self.status, text=self.raw_body, content_type="text/html")
        return web.json_response(self.body(), status=self.status)


class EntityParseError(ValueError):
    """Telegram's "can't parse entities" reason, e.g. ``Unclosed start tag at byte offset 3``."""


class ButtonNotFound(LookupError):
    """``press_button`` found no such inline button on the bot's message (a real user can't
    press a button that is not shown)."""


def _bad(description: str) -> BotApiError:
    return BotApiError(400, f"Bad Request: {description}")


def _json_number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def _default_description(status: int, retry_after: float | None) -> str:
    if status == 429:
        return f"Too Many Requests: retry after {_json_number(retry_after or 1)}"
    if status in _DEFAULT_DESCRIPTIONS:
        return _DEFAULT_DESCRIPTIONS[status]
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return f"Error {status}"


# --------------------------------------------------------------------------- HTML parsing


def utf16_length(text: str) -> int:
    """Length in UTF-16 code units, the unit of Telegram's entity offsets and lengths."""
    return len(text.encode("utf-16-le")) // 2


_NAMED_ENTITIES: Final = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_TAGS: Final = frozenset(
    {
        "a", "b", "strong", "i", "em", "s", "strike", "del", "u", "ins", "tg-spoiler",
        "tg-emoji", "span", "pre", "code", "blockquote",
    }
)  # fmt: skip
_ENTITY_TYPES: Final = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "span": "spoiler",
    "tg-spoiler": "spoiler",
    "code": "code",
    "pre": "pre",
    "a": "text_link",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}


def _decode_entity(source: str, pos: int) -> tuple[str, int] | None:
    """Decode the HTML entity at ``source[pos] == '&'`` like TDLib: ``(char, next_pos)``."""
    end = pos + 1
    n = len(source)
    if end < n and source[end] == "#":
        end += 1
        value = 0
        if end < n and source[end] == "x":
            end += 1
            while end < n and source[end] in "0123456789abcdefABCDEF":
                value = value * 16 + int(source[end], 16)
                end += 1
                if value >= 0x10FFFF:
                    return None
        else:
            while end < n and source[end] in "0123456789":
                value = value * 10 + int(source[end])
                end += 1
                if value >= 0x10FFFF:
                    return None
        if value == 0 or 0xD800 <= value <= 0xDFFF:
            return None
        char = chr(value)
    else:
        while end < n and source[end].isascii() and source[end].isalpha():
            end += 1
        named = _NAMED_ENTITIES.get(source[pos + 1 : end])
        if named is None:
            return None
        char = named
    if end < n and source[end] == ";":
        end += 1
    return char, end


def _is_name_char(char: str) -> bool:
    return (char.isascii() and char.isalnum()) or char in ".-"


@dataclass
class _OpenTag:
    name: str
    argument: str
    offset: int  # UTF-16 offset in the output text


def parse_html(source: str, *, strict: bool = True) -> tuple[str, list[JSON]]:
    """Parse Telegram's HTML subset into ``(text, entities)`` or raise :class:`EntityParseError`.

    A port of TDLib's ``parse_html`` (the code behind the Bot API's ``parse_mode=HTML``), with
    its error texts. Entities are Bot API ``MessageEntity`` dicts with UTF-16 offsets. With
    ``strict`` a bare ``&`` that starts no entity is an error (Telegram keeps it literally).
    Leading and trailing whitespace is *not* stripped here.
    """
    out: list[str] = []
    offset = 0
    stack: list[_OpenTag] = []
    entities: list[JSON] = []
    n = len(source)
    i = 0

    def at_byte(index: int) -> int:
        return len(source[:index].encode("utf-8"))

    while i < n:
        char = source[i]
        if char == "&":
            decoded = _decode_entity(source, i)
            if decoded is not None:
                text, i = decoded
                out.append(text)
                offset += utf16_length(text)
                continue
            if strict:
                raise EntityParseError(
                    f'Character "&" at byte offset {at_byte(i)} must be escaped as "&amp;" '
                    "(fake server strict mode; Telegram would keep it literally)"
                )
        if char != "<":
            out.append(char)
            offset += utf16_length(char)
            i += 1
            continue

        begin = i
        i += 1
        if i < n and source[i] == "/":
            # an end tag
            if not stack:
                raise EntityParseError(f"Unexpected end tag at byte offset {at_byte(begin)}")
            i += 1
            name_start = i
            while i < n and source[i] not in _WHITESPACE and source[i] != ">":
                i += 1
            end_name = source[name_start:i].lower()
            while i < n and source[i] in _WHITESPACE:
                i += 1
            if i >= n or source[i] != ">":
                raise EntityParseError(f"Unclosed end tag at byte offset {at_byte(begin)}")
            i += 1
            tag = stack.pop()
            if end_name and end_name != tag.name:
                raise EntityParseError(
                    f'Unmatched end tag at byte offset {at_byte(begin)}, expected "</{tag.name}>", '
                    f'found "</{end_name}>"'
                )
            _close_tag(tag, offset, entities)
            continue

        # a start tag
        name_start = i
        while i < n and source[i] not in _WHITESPACE and source[i] != ">":
            i += 1
        if i >= n:
            raise EntityParseError(f"Unclosed start tag at byte offset {at_byte(begin)}")
        name = source[name_start:i].lower()
        if name not in _TAGS:
            raise EntityParseError(
                f'Unsupported start tag "{name}" at byte offset {at_byte(begin)}'
            )
        attributes: dict[str, str] = {}
        expandable = False
        while True:
            while i < n and source[i] in _WHITESPACE:
                i += 1
            if i >= n:
                raise EntityParseError(f"Unclosed start tag at byte offset {at_byte(begin)}")
            if source[i] == ">":
                break
            attribute_start = i
            while i < n and source[i] not in _WHITESPACE and source[i] not in "=>":
                i += 1
            attribute = source[attribute_start:i].lower()
            if not attribute:
                raise EntityParseError(
                    f'Empty attribute name in the tag "{name}" at byte offset {at_byte(begin)}'
                )
            while i < n and source[i] in _WHITESPACE:
                i += 1
            if i >= n or source[i] != "=":
                if name == "blockquote" and attribute == "expandable":
                    expandable = True
                    continue
                raise EntityParseError(
                    f'Expected equal sign in declaration of an attribute of the tag "{name}" '
                    f"at byte offset {at_byte(begin)}"
                )
            i += 1
            while i < n and source[i] in _WHITESPACE:
                i += 1
            if i >= n:
                raise EntityParseError(
                    f'Unclosed start tag "{name}" at byte offset {at_byte(begin)}'
                )
            if source[i] not in "'\"":
                token_start = i
                while i < n and (_is_name_char(source[i])):
                    i += 1
                value = source[token_start:i].lower()
                if i < n and source[i] not in _WHITESPACE and source[i] != ">":
                    raise EntityParseError(
                        f"Unexpected end of name token at byte offset {at_byte(token_start)}"
                    )
            else:
                quote = source[i]
                i += 1
                chars: list[str] = []
                while i < n and source[i] != quote:
                    if source[i] == "&":
                        decoded = _decode_entity(source, i)
                        if decoded is not None:
                            chars.append(decoded[0])
                            i = decoded[1]
                            continue
                    chars.append(source[i])
                    i += 1
                if i < n:
                    i += 1
                value = "".join(chars)
            if i >= n:
                raise EntityParseError(f"Unclosed start tag at byte offset {at_byte(begin)}")
            attributes.setdefault(attribute, value)
        i += 1  # the '>'

        argument = ""
        if name == "a":
            argument = attributes.get("href", "")
        elif name == "code":
            css = attributes.get("class", "")
            argument = css.removeprefix("language-") if css.startswith("language-") else ""
        elif name == "span":
            if attributes.get("class") != "tg-spoiler":
                raise EntityParseError(
                    f'Tag "span" must have class "tg-spoiler" at byte offset {at_byte(begin)}'
                )
        elif name == "tg-emoji":
            argument = attributes.get("emoji-id", "")
            if not argument.isdigit():
                raise EntityParseError("Invalid custom emoji identifier specified")
        elif name == "blockquote" and expandable:
            argument = "expandable"
        stack.append(_OpenTag(name, argument, offset))

    if stack:
        raise EntityParseError(f'Can\'t find end tag corresponding to start tag "{stack[-1].name}"')
    for entity in entities:
        if entity["type"] == "code":
            entity.pop("language", None)  # a language only counts on <pre><code class=...>
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return "".join(out), entities


def _close_tag(tag: _OpenTag, offset: int, entities: list[JSON]) -> None:
    length = offset - tag.offset
    if length <= 0:
        return
    entity: JSON = {"type": _ENTITY_TYPES[tag.name], "offset": tag.offset, "length": length}
    if tag.name == "a":
        if not tag.argument:
            return
        entity["url"] = tag.argument
    elif tag.name == "code" and tag.argument:
        entity["language"] = tag.argument  # folded into an enclosing <pre> below
    elif tag.name == "pre":
        for inner in entities:
            if (
                inner["type"] == "code"
                and "language" in inner
                and (inner["offset"], inner["length"]) == (tag.offset, length)
            ):
                entities.remove(inner)
                entity["language"] = inner["language"]
                break
    elif tag.name == "blockquote" and tag.argument == "expandable":
        entity["type"] = "expandable_blockquote"
    elif tag.name == "tg-emoji":
        entity["custom_emoji_id"] = tag.argument
    entities.append(entity)


def _strip(text: str, entities: list[JSON]) -> tuple[str, list[JSON]]:
    """Trim leading/trailing whitespace as Telegram does, moving and clipping entities."""
    stripped = text.strip(_WHITESPACE)
    left = len(text) - len(text.lstrip(_WHITESPACE))  # ASCII: code points == UTF-16 units
    size = utf16_length(stripped)
    result: list[JSON] = []
    for entity in entities:
        start = max(entity["offset"] - left, 0)
        end = min(entity["offset"] + entity["length"] - left, size)
        if end > start:
            result.append({**entity, "offset": start, "length": end - start})
    return stripped, result


def _command_entities(text: str) -> list[JSON]:
    return [
        {"type": "bot_command", "offset": utf16_length(text[: m.start()]),
         "length": utf16_length(m.group())}
        for m in _COMMAND_RE.finditer(text)
    ]  # fmt: skip


# --------------------------------------------------------------------------- records


@dataclass
class UploadedFile:
    """One multipart file part of a request."""

    field: str
    file_name: str | None
    content_type: str | None
    data: bytes


@dataclass
class StoredFile:
    """A file the fake knows: uploaded by the bot or sent by a simulated user."""

    file_id: str
    file_unique_id: str
    file_path: str
    data: bytes
    file_name: str | None = None
    mime_type: str | None = None
    declared_size: int | None = None

    @property
    def size(self) -> int:
        return self.declared_size if self.declared_size is not None else len(self.data)

    def file_json(self) -> JSON:
        return {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_size": self.size,
            "file_path": self.file_path,
        }

    def document_json(self) -> JSON:
        doc: JSON = {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_size": self.size,
        }
        if self.file_name is not None:
            doc["file_name"] = self.file_name
        if self.mime_type is not None:
            doc["mime_type"] = self.mime_type
        return doc


@dataclass
class Call:
    """One request to the fake, as received and as answered."""

    method: str
    params: JSON
    files: dict[str, UploadedFile]
    time: float  # time.monotonic() when it arrived
    chat_id: ChatId | None
    http_method: str = "POST"
    status: int | None = None  # None while still running
    result: Any = None
    error: str | None = None  # the description of an error answer

    @property
    def ok(self) -> bool:
        return self.status == 200


@dataclass(frozen=True)
class MessageVersion:
    """The state of a bot message before an edit."""

    text: str | None
    caption: str | None
    entities: list[JSON]
    reply_markup: JSON | None
    replaced_by: str  # the edit method that replaced this version
    time: float


@dataclass
class SentMessage:
    """A message the bot sent, in its current state (edits applied, ``deleted`` flagged).

    ``text``/``caption`` are what the user sees (HTML parsed, tags removed, entities decoded);
    ``source`` is the text or caption exactly as the bot sent it; ``entities`` belong to the
    text or the caption; ``reply_markup`` is the markup as sent, parsed (inline keyboard,
    reply keyboard, remove_keyboard or force_reply).
    """

    chat_id: ChatId
    message_id: int
    method: str  # sendMessage | sendDocument | sendPhoto
    date: int
    text: str | None = None
    caption: str | None = None
    source: str | None = None
    parse_mode: str | None = None
    entities: list[JSON] = field(default_factory=list)
    reply_markup: JSON | None = None
    file: StoredFile | None = None
    photo_sizes: list[JSON] = field(default_factory=list)
    reply_to_message_id: int | None = None
    edit_date: int | None = None
    deleted: bool = False
    history: list[MessageVersion] = field(default_factory=list)

    @property
    def kind(self) -> str:
        return {"sendDocument": "document", "sendPhoto": "photo"}.get(self.method, "text")

    @property
    def shown_text(self) -> str:
        """The text, or the caption, or ``""``."""
        return self.text if self.text is not None else (self.caption or "")

    @property
    def document(self) -> bytes | None:
        return self.file.data if self.file is not None and self.kind == "document" else None

    @property
    def photo(self) -> bytes | None:
        return self.file.data if self.file is not None and self.kind == "photo" else None

    @property
    def file_name(self) -> str | None:
        return self.file.file_name if self.file is not None else None

    @property
    def mime_type(self) -> str | None:
        return self.file.mime_type if self.file is not None else None

    @property
    def inline_markup(self) -> JSON | None:
        markup = self.reply_markup
        return markup if markup is not None and "inline_keyboard" in markup else None

    @property
    def inline_keyboard(self) -> list[list[JSON]]:
        markup = self.inline_markup
        return list(markup["inline_keyboard"]) if markup is not None else []

    @property
    def buttons(self) -> list[JSON]:
        """The inline buttons, row by row, flattened."""
        return [button for row in self.inline_keyboard for button in row]

    @property
    def button_data(self) -> list[str]:
        return [b["callback_data"] for b in self.buttons if "callback_data" in b]

    @property
    def button_texts(self) -> list[str]:
        return [b["text"] for b in self.buttons]

    def _remember(self, replaced_by: str) -> None:
        self.history.append(
            MessageVersion(
                text=self.text,
                caption=self.caption,
                entities=list(self.entities),
                reply_markup=self.reply_markup,
                replaced_by=replaced_by,
                time=time.monotonic(),
            )
        )
        self.edit_date = int(time.time())


@dataclass(frozen=True)
class CallbackAnswer:
    """An answerCallbackQuery call that succeeded."""

    callback_query_id: str
    user_id: int
    message_id: int | None
    data: str | None
    text: str | None
    show_alert: bool
    url: str | None
    time: float


@dataclass(frozen=True)
class PushedUpdate:
    """An update a simulated user produced; ``message_id`` is the user's message or, for a
    button press, the bot message the button was on."""

    update_id: int
    update: JSON
    message_id: int | None = None
    callback_query_id: str | None = None

    def json(self) -> str:
        """The update as a webhook request body."""
        return json.dumps(self.update, ensure_ascii=False)


@dataclass
class DownloadHold:
    """A file download the fake holds back: ``requested`` is set when the bot asks for the
    file; the bytes go out after :meth:`release` (a slow download without any clock)."""

    file_id: str
    requested: asyncio.Event = field(default_factory=asyncio.Event)
    released: asyncio.Event = field(default_factory=asyncio.Event)

    def release(self) -> None:
        self.released.set()


@dataclass
class _Fault:
    method: str
    status: int
    description: str
    retry_after: float | None
    chat_id: ChatId | None
    remaining: int
    raw_body: str | None

    def matches(self, method: str, chat_id: ChatId | None) -> bool:
        if self.method == "*":
            if method == "getUpdates":
                return False
        elif self.method.lower() != method.lower():
            return False
        return self.chat_id is None or self.chat_id == chat_id


# --------------------------------------------------------------------------- helpers


def _chat_key(value: Any) -> ChatId | None:
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        text = value.strip()
        if text.lstrip("-").isdigit():
            return int(text)
        return text or None
    return None


def _int_param(params: JSON, name: str, default: int) -> int:
    value = params.get(name, default)
    try:
        return int(value)
    except (TypeError, ValueError):
        raise _bad(f"wrong parameter {name} in request") from None


def _float_param(params: JSON, name: str, default: float) -> float:
    value = params.get(name, default)
    try:
        return float(value)
    except (TypeError, ValueError):
        raise _bad(f"wrong parameter {name} in request") from None


def _decode_form_value(name: str, value: str) -> Any:
    if name in _STRING_PARAMS:
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value


def _json_object(value: Any, what: str) -> Any:
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            raise _bad(f"can't parse {what} JSON object") from None
    return value


def _safe_suffix(file_name: str | None, default: str) -> str:
    suffix = PurePosixPath(file_name).suffix if file_name else ""
    suffix = re.sub(r"[^A-Za-z0-9.]", "", suffix)[:10]
    return suffix or default


# --------------------------------------------------------------------------- the server


class FakeBotApi:
    """A Telegram Bot API server on 127.0.0.1 for one test (see the module docstring).

    Tuning attributes, settable at any time:
    ``response_delay`` (seconds before answering any method but getUpdates),
    ``method_delays`` (per-method delay overriding it), ``rate_limit_per_second`` (all chats,
    sliding window of ``rate_limit_window`` = 1 s), ``chat_rate_limit`` per
    ``chat_rate_window`` seconds (per chat), ``rate_limit_retry_after`` (1), and
    ``rate_limited_methods`` (sends and edits), ``group_rate_limit`` per
    ``group_rate_window`` seconds (per group chat, negative id), ``strict_html``. Over a
    limit → 429. :meth:`telegram_limits` sets Telegram's documented limits.
    """

    def telegram_limits(self) -> FakeBotApi:
        """Enforce the limits of Telegram's Bots FAQ as sliding windows: about 30 messages
        a second overall; in one chat no more than one a second, with short bursts (here:
        at most 3 in any 3 seconds); at most 20 a minute in a group. Edits count too."""
        self.rate_limit_per_second = 30
        self.rate_limit_window = 1.0
        self.chat_rate_limit, self.chat_rate_window = 3, 3.0
        self.group_rate_limit, self.group_rate_window = 20, 60.0
        return self

    def __init__(
        self,
        token: str = DEFAULT_TOKEN,
        *,
        bot_username: str = "ocop_test_bot",
        bot_first_name: str = "Trợ lý OCOP (test)",
        host: str = "127.0.0.1",
        response_delay: float = 0.0,
        rate_limit_per_second: int | None = None,
        chat_rate_limit: int | None = None,
        chat_rate_window: float = 1.0,
        strict_html: bool = True,
    ) -> None:
        self._token = token
        self._host = host
        bot_id = int(token.split(":", 1)[0]) if token.split(":", 1)[0].isdigit() else 1
        self.bot_user: JSON = {
            "id": bot_id,
            "is_bot": True,
            "first_name": bot_first_name,
            "username": bot_username,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }
        self.response_delay = response_delay
        self.method_delays: dict[str, float] = {}
        self.rate_limit_per_second = rate_limit_per_second
        self.rate_limit_window: float = 1.0
        self.chat_rate_limit = chat_rate_limit
        self.chat_rate_window = chat_rate_window
        self.group_rate_limit: int | None = None
        self.group_rate_window: float = 60.0
        self.rate_limit_retry_after: float = 1
        self.rate_limited_methods: set[str] = set(DEFAULT_RATE_LIMITED)
        self.strict_html = strict_html

        self.calls: list[Call] = []
        self.callback_answers: list[CallbackAnswer] = []
        self.chat_actions: list[tuple[ChatId, str]] = []
        self.downloads: list[StoredFile] = []
        self._holds: dict[str, DownloadHold] = {}
        self._media_groups = itertools.count(13_000_000_000_000_001)
        self.internal_errors: list[BaseException] = []
        self.count_429 = 0

        self._runner: web.AppRunner | None = None
        self._port: int | None = None
        self._closing = asyncio.Event()
        self._waiters: list[asyncio.Future[None]] = []

        self._users: dict[int, JSON] = {}
        self._messages: dict[tuple[ChatId, int], SentMessage] = {}
        self._chat_messages: dict[ChatId, list[SentMessage]] = {}
        self._user_messages: dict[tuple[ChatId, int], JSON] = {}
        self._message_ids: dict[ChatId, itertools.count[int]] = {}
        self._files: dict[str, StoredFile] = {}
        self._files_by_path: dict[str, StoredFile] = {}
        self._file_numbers = itertools.count(1)
        self._update_ids = itertools.count(1)
        self._query_ids = itertools.count(4_000_000_000_000_000_001)
        self._pending: deque[JSON] = deque()
        self._allowed_updates: list[str] = []
        self._poll_generation = 0
        self._poll_end_reason = POLL_CONFLICT
        self._queries: dict[str, JSON] = {}  # callback query id -> the callback_query
        self._answered: set[str] = set()
        self._commands: dict[tuple[str, str], list[JSON]] = {}
        self._webhook: JSON | None = None
        self._blocked: set[ChatId] = set()
        self._faults: list[_Fault] = []
        self._global_window: deque[float] = deque()
        self._chat_windows: dict[ChatId, deque[float]] = {}
        self._group_windows: dict[int, deque[float]] = {}

        self._handlers: dict[str, Handler] = {
            "getMe": self._get_me,
            "getUpdates": self._get_updates,
            "sendMessage": self._send_message,
            "editMessageText": self._edit_message_text,
            "editMessageCaption": self._edit_message_caption,
            "editMessageReplyMarkup": self._edit_message_reply_markup,
            "deleteMessage": self._delete_message,
            "answerCallbackQuery": self._answer_callback_query,
            "sendDocument": self._send_document,
            "sendPhoto": self._send_photo,
            "getFile": self._get_file,
            "sendChatAction": self._send_chat_action,
            "setMyCommands": self._set_my_commands,
            "getMyCommands": self._get_my_commands,
            "deleteMyCommands": self._delete_my_commands,
            "setWebhook": self._set_webhook,
            "deleteWebhook": self._delete_webhook,
            "getWebhookInfo": self._get_webhook_info,
        }
        self._canonical = {name.lower(): name for name in self._handlers}

    # ------------------------------------------------------------------ lifecycle

    async def start(self) -> None:
        """Listen on 127.0.0.1 on a free port."""
        if self._runner is not None:
            raise RuntimeError("FakeBotApi already started")
        self._closing.clear()
        app = web.Application(client_max_size=MAX_UPLOAD_SIZE + 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_api)
        app.router.add_route("GET", "/file/bot{token}/{path:.+}", self._handle_file)
        app.router.add_route("*", "/{tail:.*}", self._handle_unknown)
        runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await runner.setup()
        site = web.TCPSite(runner, self._host, 0)
        await site.start()
        self._runner = runner
        self._port = int(runner.addresses[0][1])

    async def stop(self) -> None:
        """Release waiting long polls and slow answers, then close the server."""
        if self._runner is None:
            return
        self._closing.set()
        self._notify()
        runner, self._runner = self._runner, None
        await runner.cleanup()

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    @property
    def token(self) -> str:
        return self._token

    @property
    def port(self) -> int:
        if self._port is None:
            raise RuntimeError("FakeBotApi not started")
        return self._port

    @property
    def base_url(self) -> str:
        """For ``telegram.Bot(base_url=...)`` / ``ApplicationBuilder.base_url``."""
        return f"http://{self._host}:{self.port}/bot"

    @property
    def base_file_url(self) -> str:
        """For ``telegram.Bot(base_file_url=...)`` / ``ApplicationBuilder.base_file_url``."""
        return f"http://{self._host}:{self.port}/file/bot"

    # ------------------------------------------------------------------ waiting

    def _notify(self) -> None:
        waiters, self._waiters = self._waiters, []
        for waiter in waiters:
            if not waiter.done():
                waiter.set_result(None)

    async def _wait_change(self, timeout: float) -> None:
        waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiters.append(waiter)
        try:
            async with asyncio.timeout(timeout):
                await waiter
        except TimeoutError:
            pass

    async def wait_for(
        self, predicate: Callable[[], T | None], timeout: float = 5.0, *, what: str = ""
    ) -> T:
        """Wait until ``predicate()`` is truthy and return its value.

        The predicate is checked after every change the fake sees (a request, an answer, a
        pushed update), never in a busy loop — so it should read the fake's state (or state
        that changes together with a request to the fake). Raises ``TimeoutError`` listing
        the recent calls.
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            value = predicate()
            if value:
                return value
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise TimeoutError(
                    f"FakeBotApi.wait_for: {what or 'condition'} not met within {timeout}s; "
                    f"recent calls: {self.describe_calls(10)}"
                )
            await self._wait_change(remaining)

    async def wait_for_messages(
        self, chat_id: ChatId, count: int, timeout: float = 5.0, *, after: int | None = None
    ) -> list[SentMessage]:
        """Wait until the bot has sent at least ``count`` messages to ``chat_id`` (only those
        with ``message_id > after`` if given, e.g. ``after=pushed.message_id``); return them."""

        def ready() -> list[SentMessage] | None:
            found = [
                m for m in self.sent_messages(chat_id) if after is None or m.message_id > after
            ]
            return found if len(found) >= count else None

        return await self.wait_for(
            ready, timeout, what=f"{count} message(s) to chat {chat_id} after {after}"
        )

    async def wait_for_call(
        self, method: str, count: int = 1, timeout: float = 5.0, *, ok: bool | None = None
    ) -> list[Call]:
        """Wait until ``method`` was answered ``count`` times (only successes if ``ok``, only
        errors if ``ok is False``); return those calls."""

        def ready() -> list[Call] | None:
            found = [
                c
                for c in self.calls_to(method)
                if c.status is not None and (ok is None or c.ok == ok)
            ]
            return found if len(found) >= count else None

        return await self.wait_for(ready, timeout, what=f"{count} answered {method} call(s)")

    # ------------------------------------------------------------------ recording API

    def calls_to(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method == method]

    def count(
        self, method: str | None = None, *, status: int | None = None, chat_id: ChatId | None = None
    ) -> int:
        """How many calls (of ``method``, answered with ``status``, for ``chat_id``)."""
        return sum(
            1
            for c in self.calls
            if (method is None or c.method == method)
            and (status is None or c.status == status)
            and (chat_id is None or c.chat_id == chat_id)
        )

    def describe_calls(self, last: int = 20) -> str:
        return "; ".join(
            f"{c.method}(chat={c.chat_id}) -> {c.status}{': ' + c.error if c.error else ''}"
            for c in self.calls[-last:]
        )

    def sent_messages(self, chat_id: ChatId, *, include_deleted: bool = True) -> list[SentMessage]:
        """The bot's messages to ``chat_id`` in order, each in its current state."""
        messages = self._chat_messages.get(chat_id, [])
        return [m for m in messages if include_deleted or not m.deleted]

    def texts(self, chat_id: ChatId) -> list[str]:
        """What the user sees of each (not deleted) bot message: text or caption."""
        return [m.shown_text for m in self.sent_messages(chat_id, include_deleted=False)]

    def last_message(self, chat_id: ChatId) -> SentMessage:
        messages = self.sent_messages(chat_id, include_deleted=False)
        if not messages:
            raise LookupError(f"the bot sent nothing to chat {chat_id}")
        return messages[-1]

    def message(self, chat_id: ChatId, message_id: int) -> SentMessage:
        return self._messages[(chat_id, message_id)]

    def unanswered_callback_queries(self) -> list[str]:
        return [qid for qid in self._queries if qid not in self._answered]

    @property
    def commands(self) -> dict[str, str]:
        """The commands set for the default scope and no language: ``{command: description}``."""
        return self.commands_for()

    def commands_for(self, scope: JSON | None = None, language_code: str = "") -> dict[str, str]:
        key = (self._scope_key(scope), language_code)
        return {c["command"]: c["description"] for c in self._commands.get(key, [])}

    @property
    def webhook(self) -> JSON | None:
        """``{"url", "secret_token", "allowed_updates", ...}`` while a webhook is set."""
        return dict(self._webhook) if self._webhook is not None else None

    @property
    def pending_update_count(self) -> int:
        """Updates pushed and not yet confirmed by a later getUpdates ``offset``."""
        return len(self._pending)

    @property
    def blocked(self) -> frozenset[ChatId]:
        return frozenset(self._blocked)

    def file(self, file_id: str) -> StoredFile:
        return self._files[file_id]

    # ------------------------------------------------------------------ fault injection

    def fail_next(
        self,
        method: str,
        status: int,
        description: str | None = None,
        *,
        retry_after: float | None = None,
        chat_id: ChatId | None = None,
        times: int = 1,
        raw_body: str | None = None,
    ) -> None:
        """Answer the next ``times`` calls of ``method`` (``"*"``: any but getUpdates), for
        ``chat_id`` if given, with an error: 429 (``retry_after`` defaults to 1), 403 (blocked),
        400, 500, 502... ``raw_body`` sends that text instead of JSON (like an nginx page)."""
        if status == 429 and retry_after is None:
            retry_after = 1
        self._faults.append(
            _Fault(
                method=method,
                status=status,
                description=description or _default_description(status, retry_after),
                retry_after=retry_after,
                chat_id=chat_id,
                remaining=times,
                raw_body=raw_body,
            )
        )

    def clear_faults(self) -> None:
        self._faults.clear()

    def block(self, chat_id: ChatId, *, push_update: bool = False) -> None:
        """The user blocks the bot: every call for ``chat_id`` answers 403 until ``unblock``
        (or until the user writes again). ``push_update`` also queues the ``my_chat_member``
        update Telegram sends."""
        self._blocked.add(chat_id)
        if push_update and isinstance(chat_id, int):
            self._push_member_update(chat_id, "member", "kicked")

    def unblock(self, chat_id: ChatId, *, push_update: bool = False) -> None:
        self._blocked.discard(chat_id)
        if push_update and isinstance(chat_id, int):
            self._push_member_update(chat_id, "kicked", "member")

    def _take_fault(self, method: str, chat_id: ChatId | None) -> BotApiError | None:
        for fault in self._faults:
            if fault.matches(method, chat_id):
                fault.remaining -= 1
                if fault.remaining <= 0:
                    self._faults.remove(fault)
                return BotApiError(
                    fault.status,
                    fault.description,
                    retry_after=fault.retry_after,
                    raw_body=fault.raw_body,
                )
        return None

    def _check_rate(self, chat_id: ChatId | None) -> None:
        now = time.monotonic()
        too_many = BotApiError(
            429,
            _default_description(429, self.rate_limit_retry_after),
            retry_after=self.rate_limit_retry_after,
        )
        if self.rate_limit_per_second is not None:
            window = self._global_window
            while window and now - window[0] >= self.rate_limit_window:
                window.popleft()
            if len(window) >= self.rate_limit_per_second:
                raise too_many
        if self.chat_rate_limit is not None and chat_id is not None:
            window = self._chat_windows.setdefault(chat_id, deque())
            while window and now - window[0] >= self.chat_rate_window:
                window.popleft()
            if len(window) >= self.chat_rate_limit:
                raise too_many
        if self.group_rate_limit is not None and isinstance(chat_id, int) and chat_id < 0:
            window = self._group_windows.setdefault(chat_id, deque())
            while window and now - window[0] >= self.group_rate_window:
                window.popleft()
            if len(window) >= self.group_rate_limit:
                raise too_many

    def _note_send(self, chat_id: ChatId | None) -> None:
        now = time.monotonic()
        self._global_window.append(now)
        if chat_id is not None:
            self._chat_windows.setdefault(chat_id, deque()).append(now)
        if isinstance(chat_id, int) and chat_id < 0:
            self._group_windows.setdefault(chat_id, deque()).append(now)

    # ------------------------------------------------------------------ HTTP plumbing

    async def _read_params(self, request: web.Request) -> tuple[JSON, dict[str, UploadedFile]]:
        params: JSON = {k: _decode_form_value(k, v) for k, v in request.query.items()}
        files: dict[str, UploadedFile] = {}
        if request.method != "POST" or not request.body_exists:
            return params, files
        try:
            if request.content_type == "application/json":
                body = await request.json()
                if not isinstance(body, dict):
                    raise _bad("request body must be a JSON object")
                params.update(body)
            else:
                form = await request.post()
                for key, value in form.items():
                    if isinstance(value, web.FileField):
                        files[key] = UploadedFile(
                            field=key,
                            file_name=value.filename,
                            content_type=value.content_type,
                            data=value.file.read(),
                        )
                    elif isinstance(value, str):
                        params[key] = _decode_form_value(key, value)
        except web.HTTPRequestEntityTooLarge:
            raise BotApiError(413, "Request Entity Too Large") from None
        except ValueError:
            raise _bad("can't parse request body") from None
        return params, files

    async def _handle_api(self, request: web.Request) -> web.StreamResponse:
        name = request.match_info["method"]
        method = self._canonical.get(name.lower())
        early: BotApiError | None = None
        params: JSON = {}
        files: dict[str, UploadedFile] = {}
        try:
            params, files = await self._read_params(request)
        except BotApiError as exc:
            early = exc
        except ConnectionResetError:  # the client hung up before sending its whole request
            _LOG.debug("FakeBotApi: a %s request was abandoned by its client", name)
            return web.Response(status=400)  # nobody reads it; the call never reached the API
        if request.match_info["token"] != self._token:
            early = BotApiError(401, "Unauthorized")
        elif method is None:
            early = BotApiError(404, "Not Found")
        call = Call(
            method=method or name,
            params=params,
            files=files,
            time=time.monotonic(),
            chat_id=_chat_key(params.get("chat_id")),
            http_method=request.method,
        )
        self.calls.append(call)
        self._notify()
        if early is not None or method is None:
            return self._answer_error(call, early or BotApiError(404, "Not Found"))
        try:
            result = await self._dispatch(call, method, params, files)
        except BotApiError as exc:
            return self._answer_error(call, exc)
        except Exception as exc:  # a bug in the fake: answer 500 and keep it for the test
            _LOG.exception("FakeBotApi failed on %s", method)
            self.internal_errors.append(exc)
            return self._answer_error(call, BotApiError(500, f"Internal Server Error: {exc!r}"))
        call.status = 200
        call.result = result
        self._notify()
        return web.json_response({"ok": True, "result": result})

    def _answer_error(self, call: Call, error: BotApiError) -> web.Response:
        call.status = error.status
        call.error = error.description
        if error.status == 429:
            self.count_429 += 1
        self._notify()
        return error.response()

    async def _dispatch(
        self, call: Call, method: str, params: JSON, files: dict[str, UploadedFile]
    ) -> Any:
        if method != "getUpdates":
            delay = self.method_delays.get(method, self.response_delay)
            if delay > 0:
                await self._sleep(delay)
        fault = self._take_fault(method, call.chat_id)
        if fault is not None:
            raise fault
        if call.chat_id is not None and call.chat_id in self._blocked:
            raise BotApiError(403, BLOCKED)
        limited = method in self.rate_limited_methods
        if limited:
            self._check_rate(call.chat_id)
        result = await self._handlers[method](params, files)
        if limited:
            self._note_send(call.chat_id)
        return result

    async def _sleep(self, seconds: float) -> None:
        try:
            async with asyncio.timeout(seconds):
                await self._closing.wait()
        except TimeoutError:
            pass

    async def _handle_file(self, request: web.Request) -> web.StreamResponse:
        stored = self._files_by_path.get(request.match_info["path"])
        if request.match_info["token"] != self._token or stored is None:
            return BotApiError(404, "Not Found").response()
        hold = self._holds.get(stored.file_id)
        if hold is not None:
            hold.requested.set()
            self._notify()
            release = asyncio.ensure_future(hold.released.wait())
            closing = asyncio.ensure_future(self._closing.wait())
            await asyncio.wait({release, closing}, return_when=asyncio.FIRST_COMPLETED)
            release.cancel()
            closing.cancel()
        self.downloads.append(stored)
        self._notify()
        return web.Response(body=stored.data, content_type="application/octet-stream")

    def hold_download(self, file_id: str) -> DownloadHold:
        """Hold back the download of ``file_id`` until the returned hold is released."""
        hold = DownloadHold(file_id)
        self._holds[file_id] = hold
        return hold

    def largest_photo_id(self, pushed: PushedUpdate) -> str:
        """The ``file_id`` of the largest size of the photo in a pushed message."""
        message = pushed.update.get("message") or pushed.update.get("edited_message") or {}
        return str(message["photo"][-1]["file_id"])

    async def _handle_unknown(self, request: web.Request) -> web.StreamResponse:
        return BotApiError(404, "Not Found").response()

    # ------------------------------------------------------------------ shared pieces

    def _user(self, user_id: int) -> JSON:
        if user_id not in self._users:
            self._users[user_id] = {
                "id": user_id,
                "is_bot": False,
                "first_name": f"User {user_id}",
                "language_code": "vi",
            }
        return self._users[user_id]

    def set_user(
        self,
        user_id: int,
        *,
        first_name: str,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = "vi",
    ) -> None:
        """Set how a simulated user appears (``from`` and the private chat)."""
        user: JSON = {"id": user_id, "is_bot": False, "first_name": first_name}
        for key, value in (
            ("last_name", last_name),
            ("username", username),
            ("language_code", language_code),
        ):
            if value is not None:
                user[key] = value
        self._users[user_id] = user

    def _chat_json(self, chat_id: ChatId) -> JSON:
        if isinstance(chat_id, int) and chat_id > 0:
            user = self._user(chat_id)
            chat: JSON = {"id": chat_id, "type": "private", "first_name": user["first_name"]}
            for key in ("last_name", "username"):
                if key in user:
                    chat[key] = user[key]
            return chat
        if isinstance(chat_id, int):
            kind = "supergroup" if str(chat_id).startswith("-100") else "group"
            return {"id": chat_id, "type": kind, "title": f"Test chat {chat_id}"}
        digest = int(hashlib.sha256(chat_id.encode()).hexdigest()[:9], 16)
        return {
            "id": -1_000_000_000_000 - digest,
            "type": "channel",
            "title": chat_id,
            "username": chat_id.lstrip("@"),
        }

    def _next_message_id(self, chat_id: ChatId) -> int:
        return next(self._message_ids.setdefault(chat_id, itertools.count(1)))

    def _require_chat(self, params: JSON) -> ChatId:
        chat_id = _chat_key(params.get("chat_id"))
        if chat_id is None:
            raise _bad("chat_id is empty")
        return chat_id

    def _render(
        self,
        raw: Any,
        parse_mode: Any,
        entities: Any,
        *,
        limit: int,
        too_long: str,
        empty: str | None,
    ) -> tuple[str | None, list[JSON]]:
        """Parse a text or caption; ``empty=None`` means it may be absent (captions)."""
        if raw is None or raw == "":
            if empty is not None:
                raise _bad(empty)
            return None, []
        source = raw if isinstance(raw, str) else json.dumps(raw)
        mode = parse_mode.lower() if isinstance(parse_mode, str) else ""
        parsed: list[JSON]
        if mode == "html":
            try:
                visible, parsed = parse_html(source, strict=self.strict_html)
            except EntityParseError as exc:
                raise _bad(f"can't parse entities: {exc}") from None
        elif mode in ("", "markdown", "markdownv2"):
            visible, parsed = source, []
            explicit = _json_object(entities, "entities") if entities is not None else []
            if mode == "" and explicit:
                if not isinstance(explicit, list) or not all(
                    isinstance(e, dict) and {"type", "offset", "length"} <= e.keys()
                    for e in explicit
                ):
                    raise _bad("can't parse entities JSON object")
                parsed = list(explicit)
        else:
            raise _bad(f"unsupported parse_mode {parse_mode}")
        visible, parsed = _strip(visible, parsed)
        if not visible:
            if empty is not None:
                raise _bad(empty)
            return None, []
        if len(visible) > limit:
            raise _bad(too_long)
        return visible, parsed

    def _parse_markup(self, raw: Any, *, inline_only: bool = False) -> JSON | None:
        if raw is None:
            return None
        markup = _json_object(raw, "reply keyboard markup")
        if not isinstance(markup, dict):
            raise _bad("can't parse reply keyboard markup JSON object")
        if "inline_keyboard" in markup:
            rows = markup["inline_keyboard"]
            if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
                raise _bad(
                    'field "inline_keyboard" of the InlineKeyboardMarkup must be an Array of Arrays'
                )
            for row in rows:
                for button in row:
                    self._check_inline_button(button)
            return {"inline_keyboard": rows}
        if inline_only:
            raise _bad("inline keyboard expected")
        if "keyboard" in markup:
            rows = markup["keyboard"]
            if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
                raise _bad('field "keyboard" of the ReplyKeyboardMarkup must be an Array of Arrays')
            for row in rows:
                for button in row:
                    text = button.get("text") if isinstance(button, dict) else button
                    if not isinstance(text, str):
                        raise _bad(
                            'can\'t parse keyboard button: Field "text" must be of type String'
                        )
            return markup
        if "remove_keyboard" in markup or "force_reply" in markup:
            return markup
        raise _bad("can't parse reply keyboard markup JSON object")

    @staticmethod
    def _check_inline_button(button: Any) -> None:
        if not isinstance(button, dict):
            raise _bad("can't parse inline keyboard button: InlineKeyboardButton must be an Object")
        if not isinstance(button.get("text"), str):
            raise _bad('can\'t parse inline keyboard button: Field "text" must be of type String')
        if not button["text"].strip():
            raise _bad("BUTTON_TEXT_INVALID")
        if not _INLINE_ACTIONS & button.keys():
            raise _bad(
                "can't parse inline keyboard button: Text buttons are unallowed in the "
                "inline keyboard"
            )
        if "callback_data" in button:
            data = button["callback_data"]
            if not isinstance(data, str) or not 0 < len(data.encode()) <= MAX_CALLBACK_DATA_BYTES:
                raise _bad("BUTTON_DATA_INVALID")
        if "url" in button:
            url = button["url"]
            parts = urlsplit(url) if isinstance(url, str) else None
            if parts is None or parts.scheme not in ("http", "https", "tg") or not parts.netloc:
                raise _bad("BUTTON_URL_INVALID")

    def _reply_to(self, chat_id: ChatId, params: JSON) -> int | None:
        reply = _json_object(params.get("reply_parameters"), "reply parameters")
        message_id = params.get("reply_to_message_id")
        allow = bool(params.get("allow_sending_without_reply"))
        if isinstance(reply, dict):
            message_id = reply.get("message_id")
            allow = bool(reply.get("allow_sending_without_reply", allow))
        if message_id is None:
            return None
        if not isinstance(message_id, int):
            raise _bad("wrong parameter reply_to_message_id in request")
        if self._message_dict(chat_id, message_id) is None:
            if allow:
                return None
            raise _bad("message to be replied not found")
        return message_id

    def _message_dict(self, chat_id: ChatId, message_id: int) -> JSON | None:
        record = self._messages.get((chat_id, message_id))
        if record is not None and not record.deleted:
            return self._message_json(record, with_reply=False)
        return self._user_messages.get((chat_id, message_id))

    def _message_json(self, record: SentMessage, *, with_reply: bool = True) -> JSON:
        message: JSON = {
            "message_id": record.message_id,
            "date": record.date,
            "chat": self._chat_json(record.chat_id),
            "from": dict(self.bot_user),
        }
        if record.text is not None:
            message["text"] = record.text
            if record.entities:
                message["entities"] = record.entities
        if record.file is not None:
            if record.kind == "photo":
                message["photo"] = record.photo_sizes
            else:
                message["document"] = record.file.document_json()
            if record.caption is not None:
                message["caption"] = record.caption
                if record.entities:
                    message["caption_entities"] = record.entities
        if record.inline_markup is not None:
            message["reply_markup"] = record.inline_markup
        if record.edit_date is not None:
            message["edit_date"] = record.edit_date
        if with_reply and record.reply_to_message_id is not None:
            replied = self._message_dict(record.chat_id, record.reply_to_message_id)
            if replied is not None:
                message["reply_to_message"] = replied
        return message

    def _new_message(self, chat_id: ChatId, method: str, **fields: Any) -> SentMessage:
        record = SentMessage(
            chat_id=chat_id,
            message_id=self._next_message_id(chat_id),
            method=method,
            date=int(time.time()),
            **fields,
        )
        self._messages[(chat_id, record.message_id)] = record
        self._chat_messages.setdefault(chat_id, []).append(record)
        return record

    def _store_file(
        self,
        data: bytes,
        *,
        folder: str,
        suffix: str,
        file_name: str | None = None,
        mime_type: str | None = None,
        declared_size: int | None = None,
    ) -> StoredFile:
        number = next(self._file_numbers)
        digest = hashlib.sha256(data).hexdigest()
        stored = StoredFile(
            file_id=f"fake-{folder}-{number:05d}-{digest[:10]}",
            file_unique_id=f"u{digest[:15]}",
            file_path=f"{folder}/file_{number}{_safe_suffix(file_name, suffix)}",
            data=data,
            file_name=file_name,
            mime_type=mime_type,
            declared_size=declared_size,
        )
        self._files[stored.file_id] = stored
        self._files_by_path[stored.file_path] = stored
        return stored

    def _photo_sizes(self, data: bytes, width: int, height: int) -> tuple[list[JSON], StoredFile]:
        """PhotoSize entries, largest last; smaller sizes hold a prefix of the bytes (distinct
        content, so a test can tell which size the bot downloaded)."""
        longest = max(width, height, 1)
        sizes: list[JSON] = []
        for target in (90, 320, 800):
            if target >= longest:
                break
            scale = target / longest
            part = data[: max(1, len(data) * target // longest)]
            stored = self._store_file(part, folder="photos", suffix=".jpg", mime_type="image/jpeg")
            sizes.append(self._photo_size(stored, round(width * scale), round(height * scale)))
        largest = self._store_file(data, folder="photos", suffix=".jpg", mime_type="image/jpeg")
        sizes.append(self._photo_size(largest, width, height))
        return sizes, largest

    @staticmethod
    def _photo_size(stored: StoredFile, width: int, height: int) -> JSON:
        return {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": stored.size,
            "width": max(width, 1),
            "height": max(height, 1),
        }

    def _upload(
        self, params: JSON, files: dict[str, UploadedFile], name: str
    ) -> UploadedFile | StoredFile:
        """The file given as parameter ``name``: a new upload, or a known ``file_id``."""
        upload = files.get(name)
        value = params.get(name)
        if upload is None and isinstance(value, str) and value.startswith("attach://"):
            upload = files.get(value.removeprefix("attach://"))
        if upload is not None:
            if not upload.data:
                raise _bad("file must be non-empty")
            return upload
        if isinstance(value, str) and value:
            known = self._files.get(value)
            if known is not None:
                return known
            raise _bad("wrong file identifier/HTTP URL specified")
        raise _bad(f"there is no {name} in the request")

    def _caption(self, params: JSON) -> tuple[str | None, list[JSON]]:
        return self._render(
            params.get("caption"),
            params.get("parse_mode"),
            params.get("caption_entities"),
            limit=MAX_CAPTION_LENGTH,
            too_long="message caption is too long",
            empty=None,
        )

    # ------------------------------------------------------------------ Bot API methods

    async def _get_me(self, params: JSON, files: dict[str, UploadedFile]) -> Any:
        return dict(self.bot_user)

    async def _get_updates(self, params: JSON, files: dict[str, UploadedFile]) -> Any:
        if self._webhook is not None:
            raise BotApiError(409, WEBHOOK_CONFLICT)
        offset = _int_param(params, "offset", 0)
        limit = min(max(_int_param(params, "limit", 100), 1), 100)
        timeout = max(_float_param(params, "timeout", 0.0), 0.0)
        allowed = _json_object(params.get("allowed_updates"), "allowed updates")
        if isinstance(allowed, list):
            self._allowed_updates = [str(kind) for kind in allowed]
        if offset > 0:
            while self._pending and self._pending[0]["update_id"] < offset:
                self._pending.popleft()
        elif offset < 0:
            while len(self._pending) > -offset:
                self._pending.popleft()
        # A newer getUpdates ends an older one still waiting, as on Telegram.
        self._poll_generation += 1
        self._poll_end_reason = POLL_CONFLICT
        generation = self._poll_generation
        self._notify()
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            if generation != self._poll_generation:
                raise BotApiError(409, self._poll_end_reason)
            self._drop_unwanted_updates()
            if self._pending or self._closing.is_set():
                return list(itertools.islice(self._pending, limit))
            remaining = deadline - loop.time()
            if remaining <= 0:
                return []
            await self._wait_change(remaining)

    def _drop_unwanted_updates(self) -> None:
        wanted = set(self._allowed_updates)

        def allowed(update: JSON) -> bool:
            kind = next(key for key in update if key != "update_id")
            return kind in wanted if wanted else kind not in _NOT_BY_DEFAULT

        if not all(allowed(update) for update in self._pending):
            self._pending = deque(update for update in self._pending if allowed(update))

    async def _send_message(self, params: JSON, files: dict[str, UploadedFile]) -> Any:
        chat_id = self._require_chat(params)
        text, entities = self._render(
            params.get("text"),
            params.get("parse_mode"),
            params.get("entities"),
            limit=MAX_TEXT_LENGTH,
            too_long="message is too long",
            empty="message text is empty",
        )
        markup = self._parse_markup(params.get("reply_markup"))
        reply_to = self._reply_to(chat_id, params)
        record = self._new_message(
            chat_id,
            "sendMessage",
            text=text,
            source=params.get("text"),
            parse_mode=params.get("parse_mode"),
            entities=entities,
            reply_markup=markup,
            reply_to_message_id=reply_to,
        )
        return self._message_json(record)

    async def _send_document(self, params: JSON, files: dict[str, UploadedFile]) -> Any:
        chat_id = self._require_chat(params)
        given = self._upload(params, files, "document")
        caption, entities = self._caption(params)
        markup = self._parse_markup(params.get("reply_markup"))
        reply_to = self._reply_to(chat_id, params)
        if isinstance(given, UploadedFile):
            if len(given.data) > MAX_UPLOAD_SIZE:
                raise BotApiError(413, "Request Entity Too Large")
            stored = self._store_file(
                given.data,
                folder="documents",
                suffix="",
                file_name=given.file_name,
                mime_type=given.content_type,
            )
        else:
            stored = given
        record = self._new_message(
            chat_id,
            "sendDocument",
            caption=caption,
            source=params.get("caption"),
            parse_mode=params.get("parse_mode"),
            entities=entities,
            reply_markup=markup,
            file=stored,
            reply_to_message_id=reply_to,
        )
        return self._message_json(record)

    async def _send_photo(self, params: JSON, files: dict[str, UploadedFile]) -> Any:
        chat_id = self._require_chat(params)
        given = self._upload(params, files, "photo")
        caption, entities = self._caption(params)
        markup = self._parse_markup(params.get("reply_markup"))
        reply_to = self._reply_to(chat_id, params)
        if isinstance(given, UploadedFile) and len(given.data) > 10 * 1024 * 1024:
            raise _bad("PHOTO_INVALID_DIMENSIONS")
        sizes, largest = self._photo_sizes(given.data, 1280, 960)
        record = self._new_message(
            chat_id,
            "sendPhoto",
            caption=caption,
            source=params.get("caption"),
            parse_mode=params.get("parse_mode"),
            entities=entities,
            reply_markup=markup,
            file=largest,
            photo_sizes=sizes,
            reply_to_message_id=reply_to,
        )
        return self._message_json(record)

    def _message_to_edit(self, params: JSON) -> SentMessage:
        if params.get("inline_message_id"):
            raise _bad("MESSAGE_ID_INVALID")
        chat_id = self._require_chat(params)
        message_id = params.get("message_id")
        if not isinstance(message_id, int):
            raise _bad("message identifier is not specified")
        record = self._messages.get((chat_id, message_id))
        if record is None or record.deleted:
            if (chat_id, message_id) in self._user_messages:
                raise _bad("message can't be edited")
            raise _bad("message to edit not found")
        return record

    async def _edit_message_text(self, params: JSON, files: dict[str, UploadedFile]) -> Any:
        record = self._message_to_edit(params)
        if record.text is None:
            raise _bad("there is no text in the message to edit")
        text, entities = self._render(
            params.get("text"),
            params.get("parse_mode"),
            params.get("entities"),
            limit=MAX_TEXT_LENGTH,
            too_long="message is too long",
            empty="message text is empty",
        )
        markup = self._parse_markup(params.get("reply_markup"), inline_only=True)
        if (text, entities, markup) == (record.text, record.entities, record.inline_markup):
            raise BotApiError(400, NOT_MODIFIED)
        record._remember("editMessageText")
        record.text, record.entities, record.reply_markup = text, entities, markup
        record.source, record.parse_mode = params.get("text"), params.get("parse_mode")
        return self._message_json(record)

    async def _edit_message_caption(self, params: JSON, files: dict[str, UploadedFile]) -> Any:
        record = self._message_to_edit(params)
        if record.file is None:
            raise _bad("there is no caption in the message to edit")
        caption, entities = self._caption(params)
        markup = self._parse_markup(params.get("reply_markup"), inline_only=True)
        if (caption, entities, markup) == (record.caption, record.entities, record.inline_markup):
            raise BotApiError(400, NOT_MODIFIED)
        record._remember("editMessageCaption")
        record.caption, record.entities, record.reply_markup = caption, entities, markup
        record.source, record.parse_mode = params.get("caption"), params.get("parse_mode")
        return self._message_json(record)

    async def _edit_message_reply_markup(self, params: JSON, files: dict[str, UploadedFile]) -> Any:
        record = self._message_to_edit(params)
        markup = self._parse_markup(params.get("reply_markup"), inline_only=True)
        if markup == record.inline_markup:
            raise BotApiError(400, NOT_MODIFIED)
        record._remember("editMessageReplyMarkup")
        record.reply_markup = markup
        return self._message_json(record)

    async def _delete_message(self, params: JSON, files: dict[str, UploadedFile]) -> Any:
        chat_id = self._require_chat(params)
        message_id = params.get("message_id")
        if not isinstance(message_id, int):
            raise _bad("message identifier is not specified")
        record = self._messages.get((chat_id, message_id))
        if record is not None and not record.deleted:
            record.deleted = True
            return True
        if self._user_messages.pop((chat_id, message_id), None) is not None:
            return True
        raise _bad("message to delete not found")

    async def _answer_callback_query(self, params: JSON, files: dict[str, UploadedFile]) -> Any:
        query_id = params.get("callback_query_id")
        query = self._queries.get(str(query_id)) if query_id is not None else None
        if query is None or str(query_id) in self._answered:
            raise BotApiError(400, QUERY_TOO_OLD)
        text = params.get("text")
        if isinstance(text, str) and len(text) > MAX_ANSWER_TEXT_LENGTH:
            raise _bad("MESSAGE_TOO_LONG")
        self._answered.add(str(query_id))
        message = query.get("message")
        self.callback_answers.append(
            CallbackAnswer(
                callback_query_id=str(query_id),
                user_id=int(query["from"]["id"]),
                message_id=int(message["message_id"]) if message else None,
                data=query.get("data"),
                text=text if isinstance(text, str) else None,
                show_alert=bool(params.get("show_alert", False)),
                url=params.get("url"),
                time=time.monotonic(),
            )
        )
        return True

    async def _get_file(self, params: JSON, files: dict[str, UploadedFile]) -> Any:
        file_id = params.get("file_id")
        stored = self._files.get(file_id) if isinstance(file_id, str) else None
        if stored is None:
            raise _bad("invalid file_id")
        if stored.size > MAX_DOWNLOAD_SIZE:
            raise _bad("file is too big")
        return stored.file_json()

    async def _send_chat_action(self, params: JSON, files: dict[str, UploadedFile]) -> Any:
        chat_id = self._require_chat(params)
        action = params.get("action")
        if action not in _CHAT_ACTIONS:
            raise _bad("wrong parameter action in request")
        self.chat_actions.append((chat_id, str(action)))
        return True

    @staticmethod
    def _scope_key(scope: Any) -> str:
        scope = _json_object(scope, "bot command scope") if scope is not None else None
        if not scope:
            scope = {"type": "default"}
        return json.dumps(scope, sort_keys=True)

    async def _set_my_commands(self, params: JSON, files: dict[str, UploadedFile]) -> Any:
        commands = _json_object(params.get("commands"), "commands")
        if not isinstance(commands, list) or len(commands) > 100:
            raise _bad("can't parse commands JSON object")
        for command in commands:
            if not isinstance(command, dict):
                raise _bad("can't parse commands JSON object")
            name = command.get("command")
            if not isinstance(name, str) or not _BOT_COMMAND_RE.fullmatch(name):
                raise _bad("BOT_COMMAND_INVALID")
            description = command.get("description")
            if not isinstance(description, str) or not 0 < len(description.strip()) <= 256:
                raise _bad("BOT_COMMAND_DESCRIPTION_INVALID")
        key = (self._scope_key(params.get("scope")), str(params.get("language_code") or ""))
        self._commands[key] = [
            {"command": c["command"], "description": c["description"]} for c in commands
        ]
        return True

    async def _get_my_commands(self, params: JSON, files: dict[str, UploadedFile]) -> Any:
        key = (self._scope_key(params.get("scope")), str(params.get("language_code") or ""))
        return [dict(c) for c in self._commands.get(key, [])]

    async def _delete_my_commands(self, params: JSON, files: dict[str, UploadedFile]) -> Any:
        key = (self._scope_key(params.get("scope")), str(params.get("language_code") or ""))
        self._commands.pop(key, None)
        return True

    async def _set_webhook(self, params: JSON, files: dict[str, UploadedFile]) -> Any:
        url = params.get("url") or ""
        if params.get("drop_pending_updates"):
            self._pending.clear()
        if not url:
            self._webhook = None
            return True
        parts = urlsplit(str(url))
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise _bad("bad webhook: An HTTPS URL must be provided for webhook")
        secret = params.get("secret_token")
        if secret is not None and not (isinstance(secret, str) and _SECRET_RE.fullmatch(secret)):
            raise _bad("secret token contains unallowed characters")
        allowed = _json_object(params.get("allowed_updates"), "allowed updates")
        if isinstance(allowed, list):
            self._allowed_updates = [str(kind) for kind in allowed]
        self._webhook = {
            "url": str(url),
            "secret_token": secret,
            "allowed_updates": list(self._allowed_updates),
            "max_connections": _int_param(params, "max_connections", 40),
        }
        self._poll_generation += 1  # a waiting getUpdates ends with 409
        self._poll_end_reason = "Conflict: terminated by setWebhook request"
        self._notify()
        return True

    async def _delete_webhook(self, params: JSON, files: dict[str, UploadedFile]) -> Any:
        if params.get("drop_pending_updates"):
            self._pending.clear()
        self._webhook = None
        return True

    async def _get_webhook_info(self, params: JSON, files: dict[str, UploadedFile]) -> Any:
        info: JSON = {
            "url": self._webhook["url"] if self._webhook else "",
            "has_custom_certificate": False,
            "pending_update_count": len(self._pending),
        }
        if self._webhook is not None:
            info["max_connections"] = self._webhook["max_connections"]
            if self._webhook["allowed_updates"]:
                info["allowed_updates"] = self._webhook["allowed_updates"]
        return info

    # ------------------------------------------------------------------ simulated users

    def _push(
        self,
        kind: str,
        payload: JSON,
        *,
        enqueue: bool,
        message_id: int | None = None,
        callback_query_id: str | None = None,
    ) -> PushedUpdate:
        update: JSON = {"update_id": next(self._update_ids), kind: payload}
        if enqueue:
            self._pending.append(update)
            self._notify()
        return PushedUpdate(
            update_id=update["update_id"],
            update=update,
            message_id=message_id,
            callback_query_id=callback_query_id,
        )

    def _user_writes(
        self,
        user_id: int,
        content: JSON,
        *,
        first_name: str | None,
        enqueue: bool,
        reply_to_message_id: int | None = None,
        media_group_id: str | None = None,
    ) -> PushedUpdate:
        if first_name is not None:
            self._user(user_id)["first_name"] = first_name
        self._blocked.discard(user_id)  # a user who writes has unblocked the bot
        message_id = self._next_message_id(user_id)
        message: JSON = {
            "message_id": message_id,
            "date": int(time.time()),
            "chat": self._chat_json(user_id),
            "from": dict(self._user(user_id)),
            **content,
        }
        if reply_to_message_id is not None:
            replied = self._message_dict(user_id, reply_to_message_id)
            if replied is None:
                raise LookupError(f"no message {reply_to_message_id} in chat {user_id}")
            message["reply_to_message"] = replied
        if media_group_id is not None:
            message["media_group_id"] = media_group_id
        self._user_messages[(user_id, message_id)] = message
        return self._push("message", message, enqueue=enqueue, message_id=message_id)

    def send_text(
        self,
        user_id: int,
        text: str,
        *,
        first_name: str | None = None,
        reply_to_message_id: int | None = None,
        enqueue: bool = True,
    ) -> PushedUpdate:
        """The user sends ``text`` (``/commands`` in it get ``bot_command`` entities)."""
        content: JSON = {"text": text}
        entities = _command_entities(text)
        if entities:
            content["entities"] = entities
        return self._user_writes(
            user_id,
            content,
            first_name=first_name,
            enqueue=enqueue,
            reply_to_message_id=reply_to_message_id,
        )

    def send_command(
        self,
        user_id: int,
        command: str,
        args: str | Sequence[str] | None = None,
        *,
        first_name: str | None = None,
        enqueue: bool = True,
    ) -> PushedUpdate:
        """The user sends ``/command args`` — e.g. ``send_command(7, "/start", "xa_123")``
        is what a deep link ``t.me/<bot>?start=xa_123`` produces."""
        name = command if command.startswith("/") else f"/{command}"
        argument = args if isinstance(args, str) or args is None else " ".join(args)
        text = f"{name} {argument}" if argument else name
        content: JSON = {
            "text": text,
            "entities": [{"type": "bot_command", "offset": 0, "length": utf16_length(name)}],
        }
        return self._user_writes(user_id, content, first_name=first_name, enqueue=enqueue)

    def make_update_json(self, user_id: int, text: str, *, first_name: str | None = None) -> str:
        """A webhook request body for the user sending ``text`` (not queued for getUpdates).
        Every ``send_*`` helper also takes ``enqueue=False`` and returns ``.json()``."""
        return self.send_text(user_id, text, first_name=first_name, enqueue=False).json()

    def push_update(self, update: JSON) -> None:
        """Queue an update made with ``enqueue=False`` (and perhaps altered: a field that
        Telegram always sends taken out) for ``getUpdates``."""
        self._pending.append(update)
        self._notify()

    def press_button(
        self,
        user_id: int,
        message_id: int | None = None,
        data: str | None = None,
        *,
        text: str | None = None,
        strict: bool = True,
        first_name: str | None = None,
        enqueue: bool = True,
    ) -> PushedUpdate:
        """The user presses an inline button on the bot's message ``message_id`` (default: the
        latest bot message in the chat with such a button), found by ``data`` or by ``text``.

        Raises :class:`ButtonNotFound` if the message does not show that button now (a real
        user cannot press it); ``strict=False`` sends ``data`` anyway (a stale client)."""
        if data is None and text is None:
            raise ValueError("press_button needs data= or text=")

        def matches(button: JSON) -> bool:
            if data is not None and button.get("callback_data") != data:
                return False
            return text is None or button.get("text") == text

        candidates = [
            m
            for m in reversed(self.sent_messages(user_id, include_deleted=False))
            if message_id is None or m.message_id == message_id
        ]
        record = next((m for m in candidates if any(map(matches, m.buttons))), None)
        if record is None:
            shown = {m.message_id: m.button_data for m in candidates if m.buttons}
            if strict or not candidates or data is None:
                raise ButtonNotFound(
                    f"no inline button data={data!r} text={text!r} on message {message_id} "
                    f"in chat {user_id}; buttons shown: {shown}"
                )
            record = candidates[0]
            pressed = data
        else:
            button = next(b for b in record.buttons if matches(b))
            found = button.get("callback_data")
            if not isinstance(found, str):
                raise ButtonNotFound(f"button {button!r} has no callback_data")
            pressed = found
        if first_name is not None:
            self._user(user_id)["first_name"] = first_name
        self._blocked.discard(user_id)
        query_id = str(next(self._query_ids))
        query: JSON = {
            "id": query_id,
            "from": dict(self._user(user_id)),
            "message": self._message_json(record),
            "chat_instance": str(8_000_000_000_000 + abs(user_id)),
            "data": pressed,
        }
        self._queries[query_id] = query
        return self._push(
            "callback_query",
            query,
            enqueue=enqueue,
            message_id=record.message_id,
            callback_query_id=query_id,
        )

    def send_photo(
        self,
        user_id: int,
        data: bytes,
        caption: str | None = None,
        *,
        width: int = 1280,
        height: int = 960,
        first_name: str | None = None,
        enqueue: bool = True,
    ) -> PushedUpdate:
        """The user sends a photo: several PhotoSize entries, the full ``data`` last."""
        sizes, _largest = self._photo_sizes(data, width, height)
        content: JSON = {"photo": sizes}
        if caption:
            content["caption"] = caption
        return self._user_writes(user_id, content, first_name=first_name, enqueue=enqueue)

    def send_album(
        self,
        user_id: int,
        photos: Sequence[bytes],
        caption: str | None = None,
        *,
        first_name: str | None = None,
        enqueue: bool = True,
    ) -> list[PushedUpdate]:
        """The user sends an album: one message per photo, all with the same
        ``media_group_id``, queued one after another; the caption goes on the first."""
        if not 2 <= len(photos) <= 10:
            raise ValueError("an album holds 2 to 10 photos")
        group = str(next(self._media_groups))
        pushed: list[PushedUpdate] = []
        for index, data in enumerate(photos):
            sizes, _largest = self._photo_sizes(data, 1280, 960)
            content: JSON = {"photo": sizes}
            if caption and index == 0:
                content["caption"] = caption
            one = self._user_writes(
                user_id, content, first_name=first_name, enqueue=enqueue, media_group_id=group
            )
            pushed.append(one)
        return pushed

    def edit_text(
        self, user_id: int, message_id: int, text: str, *, enqueue: bool = True
    ) -> PushedUpdate:
        """The user edits their text message ``message_id``: an ``edited_message`` update
        with the whole message as it is now and its ``edit_date``."""
        original = self._user_messages.get((user_id, message_id))
        if original is None or "text" not in original:
            raise LookupError(f"user {user_id} sent no text message {message_id}")
        edited: JSON = {**original, "text": text, "edit_date": int(time.time())}
        edited.pop("entities", None)
        entities = _command_entities(text)
        if entities:
            edited["entities"] = entities
        self._user_messages[(user_id, message_id)] = edited
        return self._push("edited_message", edited, enqueue=enqueue, message_id=message_id)

    def send_document(
        self,
        user_id: int,
        data: bytes,
        file_name: str,
        mime_type: str = "application/octet-stream",
        *,
        caption: str | None = None,
        file_size: int | None = None,
        first_name: str | None = None,
        enqueue: bool = True,
    ) -> PushedUpdate:
        """The user sends a file. ``file_size`` overrides the announced size (and getFile's
        20 MB check) without allocating that many bytes."""
        stored = self._store_file(
            data,
            folder="documents",
            suffix="",
            file_name=file_name,
            mime_type=mime_type,
            declared_size=file_size,
        )
        content: JSON = {"document": stored.document_json()}
        if caption:
            content["caption"] = caption
        return self._user_writes(user_id, content, first_name=first_name, enqueue=enqueue)

    def send_sticker(
        self,
        user_id: int,
        emoji: str = "👍",
        *,
        data: bytes = b"RIFF\x00\x00\x00\x00WEBPVP8 fake sticker",
        first_name: str | None = None,
        enqueue: bool = True,
    ) -> PushedUpdate:
        stored = self._store_file(data, folder="stickers", suffix=".webp", mime_type="image/webp")
        sticker: JSON = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": stored.size,
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": emoji,
        }
        return self._user_writes(
            user_id, {"sticker": sticker}, first_name=first_name, enqueue=enqueue
        )

    def send_voice(
        self,
        user_id: int,
        data: bytes = b"OggS\x00fake voice",
        *,
        duration: int = 2,
        first_name: str | None = None,
        enqueue: bool = True,
    ) -> PushedUpdate:
        stored = self._store_file(data, folder="voice", suffix=".oga", mime_type="audio/ogg")
        voice: JSON = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": stored.size,
            "duration": duration,
            "mime_type": "audio/ogg",
        }
        return self._user_writes(user_id, {"voice": voice}, first_name=first_name, enqueue=enqueue)

    def send_video(
        self,
        user_id: int,
        data: bytes = b"\x00\x00\x00\x18ftypmp42 fake video",
        *,
        duration: int = 3,
        width: int = 640,
        height: int = 360,
        caption: str | None = None,
        first_name: str | None = None,
        enqueue: bool = True,
    ) -> PushedUpdate:
        stored = self._store_file(data, folder="videos", suffix=".mp4", mime_type="video/mp4")
        content: JSON = {
            "video": {
                "file_id": stored.file_id,
                "file_unique_id": stored.file_unique_id,
                "file_size": stored.size,
                "duration": duration,
                "width": width,
                "height": height,
                "mime_type": "video/mp4",
            }
        }
        if caption:
            content["caption"] = caption
        return self._user_writes(user_id, content, first_name=first_name, enqueue=enqueue)

    def send_contact(
        self,
        user_id: int,
        phone: str,
        *,
        contact_first_name: str | None = None,
        contact_user_id: int | None = None,
        first_name: str | None = None,
        enqueue: bool = True,
    ) -> PushedUpdate:
        """The user shares a contact; by default their own (as a ``request_contact`` button
        sends it: ``user_id`` equal to the sender)."""
        if first_name is not None:
            self._user(user_id)["first_name"] = first_name
        contact: JSON = {
            "phone_number": phone,
            "first_name": contact_first_name or self._user(user_id)["first_name"],
            "user_id": contact_user_id if contact_user_id is not None else user_id,
        }
        return self._user_writes(user_id, {"contact": contact}, first_name=None, enqueue=enqueue)

    def send_location(
        self,
        user_id: int,
        latitude: float,
        longitude: float,
        *,
        first_name: str | None = None,
        enqueue: bool = True,
    ) -> PushedUpdate:
        location: JSON = {"latitude": latitude, "longitude": longitude}
        return self._user_writes(
            user_id, {"location": location}, first_name=first_name, enqueue=enqueue
        )

    def _push_member_update(self, user_id: int, old: str, new: str) -> PushedUpdate:
        new_member: JSON = {"status": new, "user": dict(self.bot_user)}
        if new == "kicked":
            new_member["until_date"] = 0
        old_member: JSON = {"status": old, "user": dict(self.bot_user)}
        if old == "kicked":
            old_member["until_date"] = 0
        payload: JSON = {
            "chat": self._chat_json(user_id),
            "from": dict(self._user(user_id)),
            "date": int(time.time()),
            "old_chat_member": old_member,
            "new_chat_member": new_member,
        }
        return self._push("my_chat_member", payload, enqueue=True)

    async def deliver_to_webhook(
        self, update: PushedUpdate | JSON, *, url: str | None = None, timeout: float = 5.0
    ) -> int:
        """POST one update to the webhook set with setWebhook (or ``url``) with Telegram's
        ``X-Telegram-Bot-Api-Secret-Token`` header; return the HTTP status."""
        body = update.update if isinstance(update, PushedUpdate) else update
        target = url or (self._webhook or {}).get("url")
        if not target:
            raise RuntimeError("no webhook set and no url given")
        headers = {"Content-Type": "application/json"}
        secret = (self._webhook or {}).get("secret_token")
        if secret:
            headers["X-Telegram-Bot-Api-Secret-Token"] = secret
        client_timeout = aiohttp.ClientTimeout(total=timeout)
        async with (
            aiohttp.ClientSession(timeout=client_timeout) as session,
            session.post(target, data=json.dumps(body), headers=headers) as response,
        ):
            await response.read()
            return response.status
