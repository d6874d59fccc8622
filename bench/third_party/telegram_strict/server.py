#!/usr/bin/env python3
"""Strict fake Telegram Bot API server (test fixture).

Models the public Bot API (https://core.telegram.org/bots/api) closely enough for
a python-telegram-bot 22 bot, and enforces the flood limits of the Bot FAQ
(https://core.telegram.org/bots/faq#my-bot-is-hitting-limits-how-do-i-avoid-this)
STRICTLY as sliding windows.  See README.md for every rule and assumption.

Written independently of the project under test; depends only on aiohttp.
"""
from __future__ import annotations

import argparse
import asyncio
import base64
import bisect
import collections
import hashlib
import itertools
import json
import math
import mimetypes
import re
import struct
import sys
import time
from typing import Any

from aiohttp import web

# --------------------------------------------------------------------------- errors


class ApiError(Exception):
    def __init__(self, code: int, description: str, parameters: dict | None = None):
        super().__init__(description)
        self.code = code
        self.description = description
        self.parameters = parameters

    def body(self) -> dict:
        b = {"ok": False, "error_code": self.code, "description": self.description}
        if self.parameters:
            b["parameters"] = self.parameters
        return b


def bad(desc: str) -> ApiError:
    return ApiError(400, "Bad Request: " + desc)


# --------------------------------------------------------------------------- HTML parse_mode

_SUPPORTED_TAGS = {
    "b": "bold", "strong": "bold",
    "i": "italic", "em": "italic",
    "u": "underline", "ins": "underline",
    "s": "strikethrough", "strike": "strikethrough", "del": "strikethrough",
    "span": "spoiler", "tg-spoiler": "spoiler",
    "a": "text_link",
    "tg-emoji": "custom_emoji",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
}
_ENTITY_RE = re.compile(r"&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|lt|gt|amp|quot);")
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}


def _u16len(s: str) -> int:
    return len(s.encode("utf-16-le")) // 2


def _byte_off(s: str, i: int) -> int:
    return len(s[:i].encode("utf-8"))


def parse_html(s: str, strict: bool = False) -> tuple[str, list[dict]]:
    """Parse Telegram's HTML style.  Raises ApiError(400, "Bad Request: can't parse entities: ...")."""

    def err(msg: str) -> ApiError:
        return bad("can't parse entities: " + msg)

    out: list[str] = []
    out_u16 = 0
    stack: list[tuple[str, int, dict]] = []
    entities: list[dict] = []
    i, n = 0, len(s)
    while i < n:
        c = s[i]
        if c == "&":
            m = _ENTITY_RE.match(s, i)
            if m:
                g = m.group(1)
                if g.startswith("#x") or g.startswith("#X"):
                    ch = chr(min(int(g[2:], 16), 0x10FFFF))
                elif g.startswith("#"):
                    ch = chr(min(int(g[1:]), 0x10FFFF))
                else:
                    ch = _NAMED[g]
                out.append(ch)
                out_u16 += _u16len(ch)
                i = m.end()
                continue
            if strict:
                raise err(f"Character '&' is reserved and must be escaped at byte offset {_byte_off(s, i)}")
            out.append(c)
            out_u16 += 1
            i += 1
            continue
        if c == ">" and strict:
            raise err(f"Character '>' is reserved and must be escaped at byte offset {_byte_off(s, i)}")
        if c != "<":
            out.append(c)
            out_u16 += _u16len(c)
            i += 1
            continue
        # a tag
        start = i
        if i + 1 < n and s[i + 1] == "/":
            j = s.find(">", i)
            if j < 0:
                raise err(f"Unclosed end tag at byte offset {_byte_off(s, start)}")
            name = s[i + 2:j].strip().lower()
            if not stack:
                raise err(f'Unexpected end tag at byte offset {_byte_off(s, start)}')
            tname, begin, attrs = stack.pop()
            if name != tname:
                raise err(f'Unmatched end tag at byte offset {_byte_off(s, start)}, expected "</{tname}>", found "</{name}>"')
            length = out_u16 - begin
            etype = _SUPPORTED_TAGS[tname]
            if length > 0:
                ent: dict[str, Any] = {"type": etype, "offset": begin, "length": length}
                if tname == "a":
                    href = attrs.get("href", "")
                    m = re.match(r"tg://user\?id=(\d+)$", href)
                    if m:
                        ent = {"type": "text_mention", "offset": begin, "length": length,
                               "user": {"id": int(m.group(1)), "is_bot": False, "first_name": "User"}}
                    elif href:
                        ent["url"] = href
                    else:
                        ent = None  # type: ignore[assignment]
                elif tname == "tg-emoji":
                    ent["custom_emoji_id"] = attrs.get("emoji-id", "")
                elif tname == "blockquote" and "expandable" in attrs:
                    ent["type"] = "expandable_blockquote"
                elif tname == "code" and stack and stack[-1][0] == "pre":
                    ent = None  # type: ignore[assignment]  # merged into the enclosing pre
                    if attrs.get("class", "").startswith("language-"):
                        stack[-1][2]["language"] = attrs["class"][9:]
                elif tname == "pre" and attrs.get("language"):
                    ent["language"] = attrs["language"]
                if ent:
                    entities.append(ent)
            i = j + 1
            continue
        # start tag
        j = i + 1
        while j < n and (s[j].isalnum() or s[j] == "-") and s[j].isascii():
            j += 1
        name = s[i + 1:j].lower()
        if name not in _SUPPORTED_TAGS:
            raise err(f'Unsupported start tag "{name}" at byte offset {_byte_off(s, start)}')
        attrs: dict[str, str] = {}
        k = j
        while True:
            while k < n and s[k].isspace():
                k += 1
            if k >= n:
                raise err(f"Unclosed start tag at byte offset {_byte_off(s, start)}")
            if s[k] == ">":
                k += 1
                break
            if s[k] == "/" and k + 1 < n and s[k + 1] == ">":
                raise err(f'Unsupported start tag "{name}" at byte offset {_byte_off(s, start)}')
            a0 = k
            while k < n and not s[k].isspace() and s[k] not in "=>":
                k += 1
            aname = s[a0:k].lower()
            if not aname:
                raise err(f"Empty attribute name in the tag \"{name}\" at byte offset {_byte_off(s, a0)}")
            while k < n and s[k].isspace():
                k += 1
            if k < n and s[k] == "=":
                k += 1
                while k < n and s[k].isspace():
                    k += 1
                if k >= n:
                    raise err(f"Unclosed start tag at byte offset {_byte_off(s, start)}")
                if s[k] in "\"'":
                    q = s[k]
                    e = s.find(q, k + 1)
                    if e < 0:
                        raise err(f"Unclosed start tag at byte offset {_byte_off(s, start)}")
                    raw = s[k + 1:e]
                    k = e + 1
                else:
                    v0 = k
                    while k < n and not s[k].isspace() and s[k] != ">":
                        k += 1
                    raw = s[v0:k]
                val = _ENTITY_RE.sub(lambda m: parse_html(m.group(0))[0], raw)
                attrs[aname] = val
            else:
                attrs[aname] = ""
        if name == "span" and attrs.get("class") != "tg-spoiler":
            raise err(f'Tag "span" must have class "tg-spoiler" at byte offset {_byte_off(s, start)}')
        if name == "tg-emoji" and not attrs.get("emoji-id"):
            raise err(f'Tag "tg-emoji" must have attribute "emoji-id" at byte offset {_byte_off(s, start)}')
        stack.append((name, out_u16, attrs))
        i = k
    if stack:
        raise err(f'Can\'t find end tag corresponding to start tag "{stack[-1][0]}"')
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return "".join(out), entities


# --------------------------------------------------------------------------- helpers

_JSON_PARAMS = {
    "reply_markup", "link_preview_options", "allowed_updates", "commands", "scope", "menu_button",
    "media", "entities", "caption_entities", "reply_parameters", "rights",
}
_INT_PARAMS = {"message_id", "offset", "limit", "timeout", "reply_to_message_id", "cache_time",
               "message_thread_id", "width", "height", "duration", "user_id"}
_BOOL_PARAMS = {"disable_web_page_preview", "disable_notification", "protect_content", "show_alert",
                "drop_pending_updates", "allow_sending_without_reply", "has_spoiler",
                "show_caption_above_media", "disable_content_type_detection", "allow_paid_broadcast"}
_BOT_COMMAND_RE = re.compile(r"(?<![\w/])/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?")


def _coerce(params: dict) -> dict:
    out = {}
    for k, v in params.items():
        if isinstance(v, str):
            if k in _JSON_PARAMS:
                try:
                    v = json.loads(v)
                except ValueError:
                    if k == "reply_markup":
                        raise bad("can't parse reply keyboard markup JSON object")
                    raise bad(f"can't parse {k} JSON object")
            elif k in _INT_PARAMS:
                try:
                    v = int(v)
                except ValueError:
                    raise bad(f"invalid {k} specified")
            elif k in _BOOL_PARAMS:
                v = v.lower() in ("true", "1")
        out[k] = v
    return out


def _image_size(data: bytes) -> tuple[int, int]:
    try:
        if data[:8] == b"\x89PNG\r\n\x1a\n":
            w, h = struct.unpack(">II", data[16:24])
            if w > 0 and h > 0:
                return w, h
        if data[:2] == b"\xff\xd8":
            i = 2
            while i < len(data) - 9:
                if data[i] != 0xFF:
                    i += 1
                    continue
                marker = data[i + 1]
                seglen = struct.unpack(">H", data[i + 2:i + 4])[0]
                if marker in (0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF):
                    h, w = struct.unpack(">HH", data[i + 5:i + 9])
                    if w > 0 and h > 0:
                        return w, h
                    break
                i += 2 + seglen
        if data[:6] in (b"GIF87a", b"GIF89a"):
            w, h = struct.unpack("<HH", data[6:10])
            if w > 0 and h > 0:
                return w, h
    except Exception:
        pass
    return 800, 600


class Window:
    """Timestamps (monotonic seconds) of counted sends, for sliding-window checks."""

    def __init__(self) -> None:
        self.t: list[float] = []

    def prune(self, now: float, keep: float) -> None:
        cut = bisect.bisect_right(self.t, now - keep)
        if cut:
            del self.t[:cut]

    def count(self, now: float, width: float) -> int:
        # events in the half-open window (now - width, now]
        return len(self.t) - bisect.bisect_right(self.t, now - width)

    def wait(self, now: float, width: float, limit: int, n: int) -> float:
        """0 if n more events fit, else seconds until they would."""
        inwin = self.t[bisect.bisect_right(self.t, now - width):]
        c = len(inwin)
        if c + n <= limit or c == 0:
            return 0.0
        k = c if n > limit else c + n - limit  # events that must age out
        return inwin[k - 1] + width - now

    def add(self, now: float, n: int) -> None:
        self.t.extend([now] * n)


# --------------------------------------------------------------------------- state


class FakeTelegram:
    def __init__(self, args: argparse.Namespace):
        self.a = args
        self.token: str = args.token
        head = self.token.split(":", 1)[0]
        self.bot_id = int(head) if head.isdigit() else 7000000001
        self.bot_user = {"id": self.bot_id, "is_bot": True, "first_name": args.bot_name,
                         "username": args.bot_username}
        self.updates: list[dict] = []
        self.next_update_id = args.first_update_id
        self.update_cond = asyncio.Condition()
        self.poll_gen = 0
        self.allowed_updates: list[str] | None = None
        self.webhook_url = ""
        self.chats: dict[int, dict] = {}
        self.chat_next_mid: dict[int, int] = collections.defaultdict(lambda: 1)
        self.messages: dict[tuple[int, int], dict] = {}
        self.blocked: set[int] = set()
        self.files: dict[str, dict] = {}
        self.file_paths: dict[str, str] = {}
        self.file_seq = itertools.count(1)
        self.callbacks: dict[str, dict] = {}
        self.callback_seq = itertools.count(1)
        self.callback_answers: list[dict] = []
        self.commands: dict[str, list] = {}
        self.menu_buttons: dict[str, dict] = {}
        self.feed: list[dict] = []  # bot -> chat messages for the control getUpdates
        self.feed_seq = itertools.count(1)
        self.media_group_seq = itertools.count(13000000000000001)
        # rate limiting
        self.global_win = Window()
        self.chat_win: dict[int, Window] = collections.defaultdict(Window)
        # stats
        self.calls_ok: collections.Counter = collections.Counter()
        self.calls_err: collections.Counter = collections.Counter()
        self.n429 = 0
        self.n429_by_chat: collections.Counter = collections.Counter()
        self.n429_by_method: collections.Counter = collections.Counter()
        self.stat_global = Window()      # never pruned beyond 1 s, only used for max
        self.stat_chat: dict[int, Window] = collections.defaultdict(Window)
        self.max_global_1s = 0
        self.max_chat_1s: dict[int, int] = {}
        self.max_chat_burst: dict[int, int] = {}
        self.max_chat_60s: dict[int, int] = {}
        self.sends_by_chat: collections.Counter = collections.Counter()
        self.first_send: float | None = None
        self.last_send: float | None = None
        self.t0_wall = time.time()

    # ----------------------------------------------------------------- rate limits

    def is_group(self, chat_id: int) -> bool:
        ch = self.chats.get(chat_id) or {}
        t = ch.get("type")
        if t:
            return t in ("group", "supergroup")
        return chat_id < 0

    def admit(self, chat_id: int, n: int, method: str) -> None:
        """Check all windows; on success record n sends, else raise 429 with no effect."""
        a = self.a
        now = time.monotonic()
        waits = [self.global_win.wait(now, a.global_window, a.global_limit, n)]
        cw = self.chat_win[chat_id]
        waits.append(cw.wait(now, a.chat_window, a.chat_limit, n))
        if self.is_group(chat_id):
            waits.append(cw.wait(now, a.group_window, a.group_limit, n))
        w = max(waits)
        if w > 0:
            retry = max(1, math.ceil(w - 1e-9))
            self.n429 += 1
            self.n429_by_chat[chat_id] += 1
            self.n429_by_method[method] += 1
            raise ApiError(429, f"Too Many Requests: retry after {retry}", {"retry_after": retry})
        self.global_win.add(now, n)
        cw.add(now, n)
        self.global_win.prune(now, a.global_window)
        cw.prune(now, max(a.chat_window, a.group_window if self.is_group(chat_id) else 0.0, 1.0))
        # stats
        wall = time.time()
        if self.first_send is None:
            self.first_send = wall
        self.last_send = wall
        self.sends_by_chat[chat_id] += n
        self.stat_global.add(now, n)
        self.stat_global.prune(now, 1.0)
        self.max_global_1s = max(self.max_global_1s, self.stat_global.count(now, 1.0))
        sc = self.stat_chat[chat_id]
        sc.add(now, n)
        sc.prune(now, 60.0)
        self.max_chat_1s[chat_id] = max(self.max_chat_1s.get(chat_id, 0), sc.count(now, 1.0))
        self.max_chat_burst[chat_id] = max(self.max_chat_burst.get(chat_id, 0), sc.count(now, a.chat_window))
        self.max_chat_60s[chat_id] = max(self.max_chat_60s.get(chat_id, 0), sc.count(now, 60.0))

    # ----------------------------------------------------------------- chats / messages

    def register_chat(self, chat: dict) -> dict:
        cid = int(chat["id"])
        c = dict(chat)
        c["id"] = cid
        c.setdefault("type", "private" if cid > 0 else "group")
        if c["type"] == "private":
            c.setdefault("first_name", "User")
        else:
            c.setdefault("title", f"Group {cid}")
        old = self.chats.get(cid, {})
        old.update(c)
        self.chats[cid] = old
        return old

    def resolve_chat(self, raw: Any, must_write: bool = True) -> int:
        if raw is None or raw == "":
            raise bad("chat_id is empty")
        if isinstance(raw, str) and raw.startswith("@"):
            for cid, ch in self.chats.items():
                if ch.get("username", "").lower() == raw[1:].lower():
                    return cid
            raise bad("chat not found")
        try:
            cid = int(raw)
        except (TypeError, ValueError):
            raise bad("chat not found")
        if cid not in self.chats:
            raise bad("chat not found")
        if must_write and cid in self.blocked:
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        return cid

    def new_mid(self, cid: int) -> int:
        mid = self.chat_next_mid[cid]
        self.chat_next_mid[cid] = mid + 1
        return mid

    def chat_public(self, cid: int) -> dict:
        ch = self.chats[cid]
        keep = ("id", "type", "title", "username", "first_name", "last_name", "is_forum")
        return {k: ch[k] for k in keep if k in ch}

    # ----------------------------------------------------------------- validation

    def check_markup(self, rm: Any) -> dict | None:
        if rm is None or rm == "":
            return None
        if not isinstance(rm, dict):
            raise bad("can't parse reply keyboard markup JSON object")
        if "inline_keyboard" in rm:
            kb = rm["inline_keyboard"]
            if not isinstance(kb, list) or not all(isinstance(r, list) for r in kb):
                raise bad("field \"inline_keyboard\" of the InlineKeyboardMarkup must be an Array of Arrays")
            for row in kb:
                for b in row:
                    if not isinstance(b, dict) or not isinstance(b.get("text"), str):
                        raise bad("can't parse inline keyboard button: Text must be a String")
                    kinds = [k for k in ("url", "callback_data", "web_app", "login_url", "switch_inline_query",
                                         "switch_inline_query_current_chat", "switch_inline_query_chosen_chat",
                                         "copy_text", "callback_game", "pay") if k in b]
                    if len(kinds) != 1:
                        raise bad("can't parse inline keyboard button: InlineKeyboardButton must have exactly one optional field")
                    if "callback_data" in b:
                        cd = b["callback_data"]
                        if not isinstance(cd, str) or not (1 <= len(cd.encode()) <= 64):
                            raise bad("BUTTON_DATA_INVALID")
                    if "url" in b and not re.match(r"^(https?|tg)://", str(b["url"])):
                        raise bad("inline keyboard button URL '%s' is invalid: Wrong HTTP URL" % b["url"])
            return {"inline_keyboard": kb}
        if "keyboard" in rm:
            kb = rm["keyboard"]
            if not isinstance(kb, list) or not all(isinstance(r, list) for r in kb):
                raise bad("field \"keyboard\" of the ReplyKeyboardMarkup must be an Array of Arrays")
            for row in kb:
                for b in row:
                    if not (isinstance(b, str) or (isinstance(b, dict) and isinstance(b.get("text"), str))):
                        raise bad("can't parse keyboard button: KeyboardButton must be a String or an Object")
            return None  # reply keyboards are not part of the returned Message
        if rm.get("remove_keyboard") is True:
            return None
        if rm.get("force_reply") is True:
            return None
        raise bad("can't parse reply keyboard markup JSON object")

    def parse_text(self, text: Any, parse_mode: Any, entities: Any, limit: int, what: str) -> tuple[str, list]:
        if text is None:
            text = ""
        if not isinstance(text, str):
            text = str(text)
        ents: list = []
        pm = (parse_mode or "")
        if isinstance(pm, str) and pm.lower() == "html":
            text, ents = parse_html(text, self.a.html_strict)
        elif pm and isinstance(pm, str) and pm.lower() not in ("markdown", "markdownv2"):
            raise bad(f"unsupported parse_mode")
        elif isinstance(entities, list):
            ents = entities
        if len(text) > limit:
            raise bad("message is too long" if what == "text" else "message caption is too long")
        return text, ents

    # ----------------------------------------------------------------- files

    def store_file(self, data: bytes, kind: str, name: str | None, mime: str | None) -> dict:
        seq = next(self.file_seq)
        digest = hashlib.sha1(data + str(seq).encode()).hexdigest()
        prefix = {"photo": "AgAC", "document": "BQAC"}.get(kind, "CAAC")
        fid = f"{prefix}{digest[:32]}"
        ext = ""
        if name and "." in name:
            ext = name[name.rfind("."):]
        elif mime:
            ext = mimetypes.guess_extension(mime) or ""
        if kind == "photo":
            ext = ".jpg" if not ext else ext
        folder = "photos" if kind == "photo" else "documents"
        path = f"{folder}/file_{seq}{ext}"
        rec = {"file_id": fid, "file_unique_id": "AQAD" + digest[32:40], "data": data, "file_path": path,
               "file_name": name, "mime_type": mime or (mimetypes.guess_type(name or "")[0] if name else None),
               "kind": kind}
        self.files[fid] = rec
        self.file_paths[path] = fid
        return rec

    def resolve_input_file(self, val: Any, uploads: dict, kind: str) -> dict:
        if isinstance(val, web.FileField) or isinstance(val, tuple):
            fname, ctype, data = val if isinstance(val, tuple) else (val.filename, val.content_type, val.file.read())
            if not data:
                raise bad("file must be non-empty")
            return self.store_file(data, kind, fname, ctype)
        if isinstance(val, str):
            if val.startswith("attach://"):
                key = val[9:]
                if key not in uploads:
                    raise bad(f"wrong file identifier/HTTP URL specified")
                return self.resolve_input_file(uploads[key], uploads, kind)
            if val in self.files:
                return self.files[val]
            if re.match(r"^https?://", val):
                return self.store_file(b"fake-download-of:" + val.encode(), kind, val.rsplit("/", 1)[-1] or None, None)
        raise bad("wrong file identifier/HTTP URL specified")

    def photo_sizes(self, rec: dict) -> list[dict]:
        w, h = _image_size(rec["data"])
        size = len(rec["data"])
        out = []
        scale = 90 / max(w, h)
        if scale < 1:
            out.append({"file_id": rec["file_id"] + "_s", "file_unique_id": rec["file_unique_id"] + "s",
                        "width": max(1, round(w * scale)), "height": max(1, round(h * scale)),
                        "file_size": max(1, size // 20)})
            self.files[rec["file_id"] + "_s"] = dict(rec, file_id=rec["file_id"] + "_s")
        out.append({"file_id": rec["file_id"], "file_unique_id": rec["file_unique_id"],
                    "width": w, "height": h, "file_size": size})
        return out

    def document_obj(self, rec: dict) -> dict:
        d = {"file_id": rec["file_id"], "file_unique_id": rec["file_unique_id"], "file_size": len(rec["data"])}
        if rec.get("file_name"):
            d["file_name"] = rec["file_name"]
        if rec.get("mime_type"):
            d["mime_type"] = rec["mime_type"]
        return d

    # ----------------------------------------------------------------- outgoing messages

    def base_message(self, cid: int, p: dict) -> dict:
        # message_id is assigned by record_out only after the call was admitted (a 429 has no effect)
        msg = {"message_id": 0, "from": dict(self.bot_user), "date": int(time.time()),
               "chat": self.chat_public(cid)}
        rp = p.get("reply_parameters") or ({"message_id": p["reply_to_message_id"]} if p.get("reply_to_message_id") else None)
        if isinstance(rp, dict) and rp.get("message_id"):
            target = self.messages.get((cid, int(rp["message_id"])))
            if target is None:
                if not (rp.get("allow_sending_without_reply") or p.get("allow_sending_without_reply")):
                    raise bad("message to be replied not found")
            else:
                msg["reply_to_message"] = {k: v for k, v in target.items() if k != "reply_to_message"}
        if p.get("message_thread_id"):
            msg["message_thread_id"] = p["message_thread_id"]
        if p.get("protect_content"):
            msg["has_protected_content"] = True
        return msg

    def record_out(self, cid: int, msg: dict, method: str, p: dict, edited: bool = False) -> None:
        if not edited:
            msg["message_id"] = self.new_mid(cid)
            msg["date"] = int(time.time())
        self.messages[(cid, msg["message_id"])] = msg
        stored = {k: v for k, v in p.items() if not isinstance(v, (web.FileField, tuple, bytes))}
        stored["chat_id"] = cid
        stored["message_id"] = msg["message_id"]
        for key in ("photo", "document"):
            if key in msg:
                stored[key] = msg[key]
        if "media_group_id" in msg:
            stored["media_group_id"] = msg["media_group_id"]
        self.feed.append({"botToken": self.token, "message": stored, "updateId": next(self.feed_seq),
                          "messageId": msg["message_id"], "isRead": False, "method": method,
                          "edited": edited, "time": int(time.time() * 1000)})

    # ----------------------------------------------------------------- updates

    def allowed(self, kind: str) -> bool:
        au = self.allowed_updates
        if not au:
            return kind not in ("chat_member", "message_reaction", "message_reaction_count")
        return kind in au

    async def push_update(self, upd: dict) -> dict:
        upd = {"update_id": self.next_update_id, **upd}
        self.next_update_id += 1
        kind = next(k for k in upd if k != "update_id")
        if self.allowed(kind):
            self.updates.append(upd)
            async with self.update_cond:
                self.update_cond.notify_all()
        return upd


# --------------------------------------------------------------------------- Bot API methods


class BotApi:
    def __init__(self, s: FakeTelegram):
        self.s = s

    async def m_getme(self, p, up):
        return {**self.s.bot_user, "can_join_groups": True, "can_read_all_group_messages": False,
                "supports_inline_queries": False, "can_connect_to_business": False, "has_main_web_app": False}

    async def m_logout(self, p, up):
        return True

    async def m_close(self, p, up):
        return True

    async def m_deletewebhook(self, p, up):
        s = self.s
        s.webhook_url = ""
        if p.get("drop_pending_updates"):
            s.updates.clear()
        return True

    async def m_setwebhook(self, p, up):
        url = p.get("url", "")
        if url and not url.startswith("https://"):
            raise bad("bad webhook: An HTTPS URL must be provided for webhook")
        self.s.webhook_url = url
        if p.get("drop_pending_updates"):
            self.s.updates.clear()
        return True

    async def m_getwebhookinfo(self, p, up):
        return {"url": self.s.webhook_url, "has_custom_certificate": False,
                "pending_update_count": len(self.s.updates)}

    async def m_getupdates(self, p, up):
        s = self.s
        if s.webhook_url:
            raise ApiError(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first")
        offset = p.get("offset")
        limit = p.get("limit", 100)
        timeout = p.get("timeout", 0)
        if not isinstance(limit, int) or limit < 1:
            limit = 100
        limit = min(limit, 100)
        if "allowed_updates" in p and isinstance(p["allowed_updates"], list):
            s.allowed_updates = p["allowed_updates"]
        if isinstance(offset, int) and offset != 0:
            if offset > 0:
                s.updates = [u for u in s.updates if u["update_id"] >= offset]
            else:
                s.updates = s.updates[offset:]
        s.poll_gen += 1
        gen = s.poll_gen
        async with s.update_cond:
            # wake an older long poll so it can see it has been superseded
            s.update_cond.notify_all()
        deadline = time.monotonic() + max(0, int(timeout or 0))
        while True:
            if gen != s.poll_gen:
                raise ApiError(409, "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running")
            if s.updates:
                return s.updates[:limit]
            left = deadline - time.monotonic()
            if left <= 0:
                return []
            async with s.update_cond:
                try:
                    await asyncio.wait_for(s.update_cond.wait(), timeout=left)
                except asyncio.TimeoutError:
                    pass

    async def m_setmycommands(self, p, up):
        cmds = p.get("commands")
        if not isinstance(cmds, list):
            raise bad("commands must be an Array")
        if len(cmds) > 100:
            raise bad("too many commands")
        for c in cmds:
            if not isinstance(c, dict) or not isinstance(c.get("command"), str) or not isinstance(c.get("description"), str):
                raise bad("can't parse BotCommand")
            if not re.fullmatch(r"[a-z0-9_]{1,32}", c["command"]):
                raise bad("BOT_COMMAND_INVALID")
            if not (1 <= len(c["description"]) <= 256):
                raise bad("BOT_COMMAND_DESCRIPTION_INVALID" if c["description"] else "command description is empty")
        key = json.dumps([p.get("scope") or {"type": "default"}, p.get("language_code", "")], sort_keys=True)
        self.s.commands[key] = [{"command": c["command"], "description": c["description"]} for c in cmds]
        return True

    async def m_deletemycommands(self, p, up):
        key = json.dumps([p.get("scope") or {"type": "default"}, p.get("language_code", "")], sort_keys=True)
        self.s.commands.pop(key, None)
        return True

    async def m_getmycommands(self, p, up):
        key = json.dumps([p.get("scope") or {"type": "default"}, p.get("language_code", "")], sort_keys=True)
        return self.s.commands.get(key, [])

    async def m_setchatmenubutton(self, p, up):
        mb = p.get("menu_button") or {"type": "default"}
        if not isinstance(mb, dict) or mb.get("type") not in ("commands", "web_app", "default"):
            raise bad("can't parse menu button")
        key = str(p.get("chat_id", ""))
        if key:
            self.s.resolve_chat(p["chat_id"], must_write=False)
        self.s.menu_buttons[key] = mb
        return True

    async def m_getchatmenubutton(self, p, up):
        return self.s.menu_buttons.get(str(p.get("chat_id", "")), {"type": "commands"})

    async def m_setmydescription(self, p, up):
        return True

    m_setmyshortdescription = m_setmydescription
    m_setmyname = m_setmydescription

    async def m_getchat(self, p, up):
        cid = self.s.resolve_chat(p.get("chat_id"), must_write=False)
        return {**self.s.chat_public(cid), "accent_color_id": 0, "max_reaction_count": 11}

    async def m_sendchataction(self, p, up):
        s = self.s
        cid = s.resolve_chat(p.get("chat_id"))
        actions = {"typing", "upload_photo", "record_video", "upload_video", "record_voice", "upload_voice",
                   "upload_document", "choose_sticker", "find_location", "record_video_note", "upload_video_note"}
        if p.get("action") not in actions:
            raise bad("wrong parameter action in request")
        return True

    # ------------------------------------------------------------- sending

    async def m_sendmessage(self, p, up):
        s = self.s
        cid = s.resolve_chat(p.get("chat_id"))
        text, ents = s.parse_text(p.get("text"), p.get("parse_mode"), p.get("entities"), s.a.max_text, "text")
        if not text.strip():
            raise bad("message text is empty")
        rm = s.check_markup(p.get("reply_markup"))
        lpo = p.get("link_preview_options")
        if lpo is not None and not isinstance(lpo, dict):
            raise bad("can't parse link preview options")
        msg = s.base_message(cid, p)
        s.admit(cid, 1, "sendMessage")
        msg["text"] = text
        if ents:
            msg["entities"] = ents
        if isinstance(lpo, dict) and lpo:
            msg["link_preview_options"] = lpo
        if rm:
            msg["reply_markup"] = rm
        s.record_out(cid, msg, "sendMessage", p)
        return msg

    async def _send_media(self, p, up, kind: str, method: str):
        s = self.s
        cid = s.resolve_chat(p.get("chat_id"))
        if kind not in p or p[kind] in (None, ""):
            raise bad(f"there is no {kind} in the request")
        cap, cents = s.parse_text(p.get("caption"), p.get("parse_mode"), p.get("caption_entities"), 1024, "caption")
        rm = s.check_markup(p.get("reply_markup"))
        rec = s.resolve_input_file(p[kind], up, kind)
        msg = s.base_message(cid, p)
        s.admit(cid, 1, method)
        if kind == "photo":
            msg["photo"] = s.photo_sizes(rec)
        else:
            msg["document"] = s.document_obj(rec)
        if cap:
            msg["caption"] = cap
        if cents:
            msg["caption_entities"] = cents
        if rm:
            msg["reply_markup"] = rm
        s.record_out(cid, msg, method, p)
        return msg

    async def m_sendphoto(self, p, up):
        return await self._send_media(p, up, "photo", "sendPhoto")

    async def m_senddocument(self, p, up):
        return await self._send_media(p, up, "document", "sendDocument")

    async def m_sendmediagroup(self, p, up):
        s = self.s
        cid = s.resolve_chat(p.get("chat_id"))
        media = p.get("media")
        if not isinstance(media, list):
            raise bad("can't parse media JSON object")
        if not (2 <= len(media) <= 10):
            raise bad("wrong number of media items: must include 2-10 items")
        types = [m.get("type") if isinstance(m, dict) else None for m in media]
        if any(t not in ("photo", "video", "document", "audio") for t in types):
            raise bad("can't parse InputMedia: unsupported type")
        if ("document" in types or "audio" in types) and len(set(types)) > 1:
            raise bad("MEDIA_INVALID: documents and audio files can only be grouped with messages of the same type")
        prepared = []
        for m in media:
            cap, cents = s.parse_text(m.get("caption"), m.get("parse_mode"), m.get("caption_entities"), 1024, "caption")
            rec = s.resolve_input_file(m.get("media"), up, "photo" if m["type"] == "photo" else "document")
            prepared.append((m, rec, cap, cents))
        msgs_base = [s.base_message(cid, p) for _ in prepared]
        s.admit(cid, len(prepared), "sendMediaGroup")
        gid = str(next(s.media_group_seq))
        out = []
        for msg, (m, rec, cap, cents) in zip(msgs_base, prepared):
            msg["media_group_id"] = gid
            if m["type"] == "photo":
                msg["photo"] = s.photo_sizes(rec)
            else:
                msg[m["type"] if m["type"] != "video" else "document"] = s.document_obj(rec)
            if cap:
                msg["caption"] = cap
            if cents:
                msg["caption_entities"] = cents
            item_p = {k: v for k, v in p.items() if k != "media"}
            item_p["media"] = {k: v for k, v in m.items()}
            s.record_out(cid, msg, "sendMediaGroup", item_p)
            out.append(msg)
        return out

    # ------------------------------------------------------------- editing

    def _target(self, p) -> tuple[int, dict]:
        s = self.s
        if p.get("inline_message_id"):
            raise bad("MESSAGE_ID_INVALID")
        cid = s.resolve_chat(p.get("chat_id"))
        mid = p.get("message_id")
        msg = s.messages.get((cid, mid)) if isinstance(mid, int) else None
        if msg is None:
            raise bad("message to edit not found")
        return cid, msg

    async def m_editmessagetext(self, p, up):
        s = self.s
        cid, msg = self._target(p)
        text, ents = s.parse_text(p.get("text"), p.get("parse_mode"), p.get("entities"), s.a.max_text, "text")
        if not text.strip():
            raise bad("message text is empty")
        if "text" not in msg:
            raise bad("there is no text in the message to edit")
        rm = s.check_markup(p.get("reply_markup"))
        if text == msg.get("text") and ents == msg.get("entities", []) and rm == msg.get("reply_markup"):
            raise bad("message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message")
        if s.a.count_edits:
            s.admit(cid, 1, "editMessageText")
        new = dict(msg)
        new["text"] = text
        new.pop("entities", None)
        if ents:
            new["entities"] = ents
        new.pop("reply_markup", None)
        if rm:
            new["reply_markup"] = rm
        new["edit_date"] = int(time.time())
        s.record_out(cid, new, "editMessageText", p, edited=True)
        return new

    async def m_editmessagereplymarkup(self, p, up):
        s = self.s
        cid, msg = self._target(p)
        rm = s.check_markup(p.get("reply_markup"))
        if p.get("reply_markup") and not (isinstance(p["reply_markup"], dict) and "inline_keyboard" in p["reply_markup"]):
            raise bad("only inline keyboards can be used in editMessageReplyMarkup")
        if rm == msg.get("reply_markup"):
            raise bad("message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message")
        if s.a.count_edits:
            s.admit(cid, 1, "editMessageReplyMarkup")
        new = dict(msg)
        new.pop("reply_markup", None)
        if rm:
            new["reply_markup"] = rm
        new["edit_date"] = int(time.time())
        s.record_out(cid, new, "editMessageReplyMarkup", p, edited=True)
        return new

    async def m_deletemessage(self, p, up):
        s = self.s
        cid = s.resolve_chat(p.get("chat_id"), must_write=False)
        mid = p.get("message_id")
        if not isinstance(mid, int) or s.messages.pop((cid, mid), None) is None:
            raise bad("message to delete not found")
        return True

    async def m_answercallbackquery(self, p, up):
        s = self.s
        qid = str(p.get("callback_query_id", ""))
        cb = s.callbacks.get(qid)
        if cb is None or cb["answered"] or time.monotonic() - cb["t"] > s.a.callback_ttl:
            raise bad("query is too old and response timeout expired or query ID is invalid")
        text = p.get("text")
        if text is not None and len(str(text)) > 200:
            raise bad("MESSAGE_TOO_LONG")
        cb["answered"] = True
        s.callback_answers.append({"callback_query_id": qid, "text": text, "show_alert": bool(p.get("show_alert")),
                                   "url": p.get("url"), "time": time.time()})
        return True

    async def m_getfile(self, p, up):
        s = self.s
        rec = s.files.get(str(p.get("file_id", "")))
        if rec is None:
            raise bad("invalid file_id")
        return {"file_id": rec["file_id"], "file_unique_id": rec["file_unique_id"],
                "file_size": len(rec["data"]), "file_path": rec["file_path"]}


# --------------------------------------------------------------------------- HTTP layer


async def read_params(request: web.Request) -> tuple[dict, dict]:
    params: dict[str, Any] = dict(request.query)
    uploads: dict[str, Any] = {}
    ctype = request.content_type
    if request.method == "POST" and request.can_read_body:
        if ctype == "application/json":
            try:
                body = await request.json()
            except ValueError:
                raise bad("can't parse JSON request body")
            if isinstance(body, dict):
                params.update(body)
        elif ctype == "application/x-www-form-urlencoded":
            form = await request.post()
            params.update({k: v for k, v in form.items()})
        elif ctype.startswith("multipart/"):
            reader = await request.multipart()
            async for part in reader:
                if part.filename is not None:
                    data = await part.read(decode=False)
                    uploads[part.name] = (part.filename, part.headers.get("Content-Type"), bytes(data))
                else:
                    params[part.name] = await part.text()
        else:
            await request.read()
    # files sent directly as fields (sendPhoto photo=<upload>) are uploads under their own name
    for k, v in uploads.items():
        params.setdefault(k, v)
    return _coerce(params), uploads


def make_app(args: argparse.Namespace) -> web.Application:
    s = FakeTelegram(args)
    api = BotApi(s)
    app = web.Application(client_max_size=60 * 1024 * 1024)
    app["state"] = s

    def log(msg: str) -> None:
        if args.verbose:
            print(f"[{time.strftime('%H:%M:%S')}.{int(time.time() * 1000) % 1000:03d}] {msg}", file=sys.stderr, flush=True)

    async def bot_call(request: web.Request) -> web.Response:
        t0 = time.monotonic()
        token = request.match_info["token"]
        method = request.match_info["method"]
        status, body = 200, None
        try:
            if args.delay > 0:
                await asyncio.sleep(args.delay)
            if token != s.token:
                raise ApiError(401, "Unauthorized")
            fn = getattr(api, "m_" + method.lower(), None)
            if fn is None:
                raise ApiError(404, "Not Found")
            p, up = await read_params(request)
            result = await fn(p, up)
            body = {"ok": True, "result": result}
            s.calls_ok[method] += 1
        except ApiError as e:
            status, body = e.code, e.body()
            s.calls_err[f"{method}:{e.code}"] += 1
        except Exception as e:  # pragma: no cover - fixture robustness
            status, body = 500, {"ok": False, "error_code": 500, "description": f"Internal Server Error: {e!r}"}
        log(f"{request.method} {method} -> {status} {json.dumps(body)[:300]} ({time.monotonic() - t0:.3f}s)")
        return web.json_response(body, status=status)

    async def file_download(request: web.Request) -> web.Response:
        if args.delay > 0:
            await asyncio.sleep(args.delay)
        if request.match_info["token"] != s.token:
            return web.json_response({"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401)
        fid = s.file_paths.get(request.match_info["path"])
        if fid is None:
            return web.json_response({"ok": False, "error_code": 404, "description": "Not Found"}, status=404)
        rec = s.files[fid]
        log(f"GET file {request.match_info['path']} -> 200 ({len(rec['data'])} bytes)")
        return web.Response(body=rec["data"], content_type=rec.get("mime_type") or "application/octet-stream")

    # ------------------------------------------------------------- control API (telegram-test-api client routes)

    async def ctl_body(request: web.Request) -> dict:
        try:
            b = await request.json()
        except ValueError:
            raise web.HTTPBadRequest(text=json.dumps({"ok": False, "description": "JSON body required"}),
                                     content_type="application/json")
        if not isinstance(b, dict):
            raise web.HTTPBadRequest(text=json.dumps({"ok": False, "description": "JSON object required"}),
                                     content_type="application/json")
        tok = b.get("botToken", b.get("token"))
        if tok is not None and tok != s.token:
            raise web.HTTPBadRequest(text=json.dumps({"ok": False, "description": "unknown botToken"}),
                                     content_type="application/json")
        return b

    def user_file(obj: Any, kind: str) -> Any:
        """Register a file the user 'sent' so the bot can getFile/download it."""
        if isinstance(obj, str):
            obj = {"file_id": obj}
        if not isinstance(obj, dict):
            return obj
        o = dict(obj)
        data = None
        if "content_base64" in o:
            data = base64.b64decode(o.pop("content_base64"))
        elif "content" in o:
            c = o.pop("content")
            data = c.encode() if isinstance(c, str) else bytes(c)
        if data is None:
            data = f"fake file {o.get('file_id', 'x')}".encode()
        fid = o.get("file_id")
        if fid and fid in s.files:
            rec = s.files[fid]
        else:
            rec = s.store_file(data, kind, o.get("file_name"), o.get("mime_type"))
            if fid:
                s.files[fid] = dict(rec, file_id=fid)
                s.file_paths[rec["file_path"]] = fid
                rec = s.files[fid]
        o["file_id"] = rec["file_id"]
        o.setdefault("file_unique_id", rec["file_unique_id"])
        o.setdefault("file_size", len(rec["data"]))
        return o

    async def ctl_send_message(request: web.Request) -> web.Response:
        b = await ctl_body(request)
        if not isinstance(b.get("chat"), dict) or "id" not in b["chat"]:
            return web.json_response({"ok": False, "description": "chat.id required"}, status=400)
        chat = s.register_chat(b["chat"])
        cid = chat["id"]
        frm = b.get("from") or {"id": cid, "is_bot": False, "first_name": chat.get("first_name", "User")}
        msg: dict[str, Any] = {"message_id": s.new_mid(cid), "from": frm, "chat": s.chat_public(cid),
                               "date": int(b.get("date") or time.time())}
        for k, v in b.items():
            if k in ("botToken", "token", "from", "chat", "date", "message_id"):
                continue
            if k == "photo":
                v = [user_file(x, "photo") for x in (v if isinstance(v, list) else [v])]
                for x in v:
                    x.setdefault("width", 800)
                    x.setdefault("height", 600)
            elif k == "document":
                v = user_file(v, "document")
            msg[k] = v
        if isinstance(msg.get("text"), str) and "entities" not in msg:
            ents = []
            for m in _BOT_COMMAND_RE.finditer(msg["text"]):
                ents.append({"type": "bot_command", "offset": _u16len(msg["text"][:m.start()]),
                             "length": _u16len(m.group(0))})
            if ents:
                msg["entities"] = ents
        s.messages[(cid, msg["message_id"])] = msg
        upd = await s.push_update({"message": msg})
        log(f"control sendMessage chat={cid} update_id={upd['update_id']}")
        return web.json_response({"ok": True, "result": upd})

    async def ctl_send_callback(request: web.Request) -> web.Response:
        b = await ctl_body(request)
        given = b.get("message") or {}
        chat_obj = b.get("chat") or given.get("chat")
        if not isinstance(chat_obj, dict) or "id" not in chat_obj:
            return web.json_response({"ok": False, "description": "chat.id required"}, status=400)
        chat = s.register_chat(chat_obj)
        cid = chat["id"]
        frm = b.get("from") or {"id": cid, "is_bot": False, "first_name": chat.get("first_name", "User")}
        mid = given.get("message_id")
        stored = s.messages.get((cid, int(mid))) if mid is not None else None
        if stored is not None:
            message = dict(stored)
        else:
            message = {"message_id": int(mid or 0), "from": dict(s.bot_user), "chat": s.chat_public(cid),
                       "date": int(b.get("date") or time.time())}
            message.update({k: v for k, v in given.items() if k not in ("chat",)})
        qid = str(next(s.callback_seq) + 4_000_000_000_000_000)
        cq = {"id": qid, "from": frm, "message": message,
              "chat_instance": str(int(hashlib.sha1(str(cid).encode()).hexdigest()[:15], 16)),
              "data": b.get("data")}
        if b.get("data") is None:
            cq.pop("data")
        s.callbacks[qid] = {"answered": False, "t": time.monotonic()}
        upd = await s.push_update({"callback_query": cq})
        log(f"control sendCallback chat={cid} update_id={upd['update_id']}")
        return web.json_response({"ok": True, "result": upd})

    async def ctl_get_updates(request: web.Request) -> web.Response:
        b = await ctl_body(request)
        chat_id = str(b.get("chatId", b.get("chat_id", "")))
        out = []
        for e in s.feed:
            if not e["isRead"] and str(e["message"]["chat_id"]) == chat_id:
                e["isRead"] = True
                out.append(e)
        s.feed = [e for e in s.feed if not e["isRead"]]
        return web.json_response({"ok": True, "result": out})

    async def ctl_block(request: web.Request) -> web.Response:
        b = await ctl_body(request)
        try:
            cid = int(b.get("chatId", b.get("chat_id")))
        except (TypeError, ValueError):
            return web.json_response({"ok": False, "description": "chatId required"}, status=400)
        if b.get("blocked", True):
            s.blocked.add(cid)
        else:
            s.blocked.discard(cid)
        return web.json_response({"ok": True, "result": True})

    async def ctl_stats(request: web.Request) -> web.Response:
        def iso(t):
            return None if t is None else time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(t)) + f".{int(t * 1000) % 1000:03d}Z"
        stats = {
            "calls_ok": dict(s.calls_ok),
            "calls_error": dict(s.calls_err),
            "too_many_requests": {
                "total": s.n429,
                "by_chat": [{"chat_id": c, "count": n} for c, n in sorted(s.n429_by_chat.items())],
                "by_method": dict(s.n429_by_method),
            },
            "sends": {
                "total": sum(s.sends_by_chat.values()),
                "by_chat": [{"chat_id": c, "count": n} for c, n in sorted(s.sends_by_chat.items())],
                "max_overall_in_any_1s": s.max_global_1s,
                "max_per_chat_in_any_1s": max(s.max_chat_1s.values(), default=0),
                f"max_per_chat_in_any_{args.chat_window:g}s": max(s.max_chat_burst.values(), default=0),
                "max_per_chat_in_any_60s": max(s.max_chat_60s.values(), default=0),
                "per_chat_max": [{"chat_id": c, "in_1s": s.max_chat_1s[c],
                                  f"in_{args.chat_window:g}s": s.max_chat_burst[c],
                                  "in_60s": s.max_chat_60s[c]} for c in sorted(s.max_chat_1s)],
                "first_accepted_send": s.first_send, "first_accepted_send_iso": iso(s.first_send),
                "last_accepted_send": s.last_send, "last_accepted_send_iso": iso(s.last_send),
            },
            "callback_answers": s.callback_answers,
            "blocked": sorted(s.blocked),
            "pending_updates": len(s.updates),
            "limits": {"global": [args.global_limit, args.global_window],
                       "per_chat": [args.chat_limit, args.chat_window],
                       "per_group": [args.group_limit, args.group_window],
                       "count_edits": args.count_edits, "delay": args.delay},
        }
        return web.json_response(stats)

    app.router.add_route("*", "/bot{token}/{method}", bot_call)
    app.router.add_get("/file/bot{token}/{path:.+}", file_download)
    app.router.add_post("/sendMessage", ctl_send_message)
    app.router.add_post("/sendCallback", ctl_send_callback)
    app.router.add_post("/getUpdates", ctl_get_updates)
    app.router.add_post("/block", ctl_block)
    app.router.add_get("/_stats", ctl_stats)
    return app


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(description="Strict fake Telegram Bot API server")
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=0, help="0 = pick a free port (default)")
    ap.add_argument("--token", default="123456:TEST-TOKEN", help="the one accepted bot token")
    ap.add_argument("--delay", type=float, default=0.0, help="seconds before every Bot API call is handled")
    ap.add_argument("--global-limit", type=int, default=30, help="max sends in any --global-window (30)")
    ap.add_argument("--global-window", type=float, default=1.0)
    ap.add_argument("--chat-limit", type=int, default=3, help="max sends to one chat in any --chat-window (3)")
    ap.add_argument("--chat-window", type=float, default=3.0)
    ap.add_argument("--group-limit", type=int, default=20, help="max sends to one group in any --group-window (20)")
    ap.add_argument("--group-window", type=float, default=60.0)
    ap.add_argument("--count-edits", action=argparse.BooleanOptionalAction, default=True,
                    help="editMessageText/editMessageReplyMarkup count as sends (default on)")
    ap.add_argument("--max-text", type=int, default=4096)
    ap.add_argument("--html-strict", action="store_true",
                    help="also reject bare '&' and '>' in HTML text (real Telegram tolerates them)")
    ap.add_argument("--callback-ttl", type=float, default=3600.0,
                    help="seconds a callback query can still be answered")
    ap.add_argument("--first-update-id", type=int, default=100000001)
    ap.add_argument("--bot-name", default="Strict Fake Bot")
    ap.add_argument("--bot-username", default="strict_fake_bot")
    ap.add_argument("-v", "--verbose", action="store_true", help="log each call to stderr")
    return ap


async def amain(args: argparse.Namespace) -> None:
    app = make_app(args)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, args.host, args.port)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    print(f"http://{args.host}:{port}", flush=True)
    try:
        await asyncio.Event().wait()
    finally:
        await runner.cleanup()


def main() -> None:
    args = build_parser().parse_args()
    try:
        asyncio.run(amain(args))
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
