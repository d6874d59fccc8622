#!/usr/bin/env python3
"""Fake Zalo Bot Platform server (Bot API + test-driver control API).

Built from the public Zalo Bot Platform documentation (bot.zaloplatforms.com/docs,
read through public copies) and not from any team code. See README.md beside
this file for sources and for every assumption made where the docs are silent.

Usage:
    python server.py --port 0 --token 123456789:abcSECRET

The first line printed on stdout is the API base URL to configure in the bot,
e.g. ``http://127.0.0.1:40123``; the bot then calls
``http://127.0.0.1:40123/bot<TOKEN>/<method>`` exactly as it would call
``https://bot-api.zaloplatforms.com/bot<TOKEN>/<method>``.
"""
from __future__ import annotations

import argparse
import asyncio
import base64
import collections
import hashlib
import hmac
import json
import logging
import mimetypes
import os
import secrets
import sys
import time
from dataclasses import dataclass, field
from typing import Any

from aiohttp import ClientSession, ClientTimeout, web

log = logging.getLogger("zalo_fake")

# --------------------------------------------------------------------------
# Constants taken from the docs
# --------------------------------------------------------------------------

# Error table, docs page "Bảng mã lỗi" (/docs/error-code/). Descriptions are the
# docs' own short meanings (403 really is "Internal server error" in the docs).
ERRORS = {
    400: "Bad request",
    401: "Unauthorized",
    403: "Internal server error",
    404: "Not found",
    408: "Request timeout",
    429: "Quota exceeded",
}

# Methods listed in the docs' API menu (names are case-sensitive per /docs/call-api/).
METHODS = (
    "getMe",
    "getUpdates",
    "setWebhook",
    "deleteWebhook",
    "getWebhookInfo",
    "sendMessage",
    "sendPhoto",
    "sendSticker",
    "sendChatAction",
)

TEXT_MIN, TEXT_MAX = 1, 2000          # sendMessage.text and sendPhoto.caption: "từ 1 đến 2000 ký tự"
SECRET_MIN, SECRET_MAX = 8, 256        # setWebhook.secret_token: "từ 8 tới 256 ký tự"
CHAT_ACTIONS = ("typing", "upload_photo")  # upload_photo is "Sắp ra mắt" (coming soon)
DEFAULT_POLL_TIMEOUT = 30              # getUpdates.timeout default "30 giây"

EVENT_TEXT = "message.text.received"
EVENT_IMAGE = "message.image.received"
EVENT_STICKER = "message.sticker.received"
EVENT_UNSUPPORTED = "message.unsupported.received"

# 1x1 transparent PNG, served as the picture behind sticker URLs.
_PNG_1X1 = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)


def now_ms() -> int:
    return int(time.time() * 1000)


def hex_id(n_bytes: int = 10) -> str:
    """Zalo ids in the docs' samples are 20 lowercase hex chars."""
    return secrets.token_hex(n_bytes)


def user_id_for(name: str) -> str:
    return hashlib.sha1(name.encode("utf-8")).hexdigest()[:20]


def zalo_len(s: str) -> int:
    """Length as a JVM/JS backend would count it: UTF-16 code units (assumption)."""
    return len(s.encode("utf-16-le")) // 2


class ApiError(Exception):
    def __init__(self, code: int, detail: str | None = None):
        self.code = code
        self.detail = detail
        super().__init__(f"{code} {detail or ''}")

    @property
    def description(self) -> str:
        base = ERRORS.get(self.code, "Error")
        return f"{base}: {self.detail}" if self.detail else base


@dataclass
class Config:
    host: str = "127.0.0.1"
    port: int = 0
    token: str = "1234567890:fake-secret"
    bot_name: str = "bot.FakeZalo"
    error_http_status: str = "200"        # "200" or "mirror"
    image_field: str = "both"             # photo | photo_url | both
    webhook_body: str = "wrapped"         # wrapped {ok,result} | unwrapped {event_name,message}
    allow_http_webhook: bool = False
    webhook_timeout: float = 10.0
    webhook_retries: int = 0
    rate_limit: float = 0.0               # calls per second per token, 0 = off
    strict_chat: bool = True
    photo_fetch: str = "lenient"          # off | lenient | strict
    photo_fetch_timeout: float = 10.0


@dataclass
class State:
    token: str
    webhook_url: str = ""
    webhook_secret: str = ""
    webhook_updated_at: int = 0
    pending: collections.deque = field(default_factory=collections.deque)
    cond: asyncio.Condition = field(default_factory=asyncio.Condition)
    known_chats: dict = field(default_factory=dict)       # chat_id -> {"display_name", "chat_type"}
    sent: list = field(default_factory=list)             # what the bot sent (messages, photos, stickers)
    actions: list = field(default_factory=list)          # sendChatAction calls
    inbound: list = field(default_factory=list)          # every update created by the driver
    delivered: list = field(default_factory=list)        # {"via": "getUpdates"|"webhook", ...}
    calls: list = field(default_factory=list)            # every Bot API call
    faults: list = field(default_factory=list)           # injected failures
    files: dict = field(default_factory=dict)            # file_id -> (bytes, content_type)
    call_times: collections.deque = field(default_factory=collections.deque)
    seq: int = 0
    sent_cond: asyncio.Condition = field(default_factory=asyncio.Condition)

    def next_seq(self) -> int:
        self.seq += 1
        return self.seq


# --------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------

def _json_response(payload: Any, status: int = 200) -> web.Response:
    return web.Response(
        status=status,
        text=json.dumps(payload, ensure_ascii=False),
        content_type="application/json",
        charset="utf-8",
    )


async def read_params(request: web.Request) -> dict[str, Any]:
    """Docs (/docs/call-api/): GET and POST for every method; parameters by query
    string, x-www-form-urlencoded, JSON object or multipart/form-data."""
    params: dict[str, Any] = dict(request.query)
    if request.method != "POST" or not request.can_read_body:
        return params
    ctype = request.content_type
    if ctype == "application/json" or ctype.endswith("+json"):
        raw = await request.read()
        if raw.strip():
            try:
                body = json.loads(raw.decode("utf-8"))
            except (UnicodeDecodeError, json.JSONDecodeError) as exc:
                raise ApiError(400, f"invalid JSON body ({exc.__class__.__name__})")
            if not isinstance(body, dict):
                raise ApiError(400, "JSON body must be an object")
            params.update(body)
    elif ctype in ("application/x-www-form-urlencoded", "multipart/form-data"):
        form = await request.post()
        for k in form.keys():
            v = form.getone(k)
            if hasattr(v, "file"):  # uploaded file part
                params[k] = {"__upload__": True, "filename": v.filename,
                             "content_type": v.content_type}
            else:
                params[k] = v
    else:
        raw = await request.read()
        if raw.strip():
            # Unknown content type: try JSON, as many HTTP clients forget the header.
            try:
                body = json.loads(raw.decode("utf-8"))
                if isinstance(body, dict):
                    params.update(body)
            except (UnicodeDecodeError, json.JSONDecodeError):
                raise ApiError(400, f"unsupported Content-Type {ctype!r}")
    return params


def req_str(params: dict, name: str, *, required: bool = True) -> str | None:
    v = params.get(name)
    if v is None or v == "":
        if required:
            raise ApiError(400, f"{name} is required")
        return None
    if isinstance(v, dict) and v.get("__upload__"):
        raise ApiError(400, f"{name} must be a String (file uploads are not documented)")
    if isinstance(v, bool) or isinstance(v, (list, dict)):
        raise ApiError(400, f"{name} must be a String")
    return str(v)


def check_text(name: str, value: str) -> None:
    n = zalo_len(value)
    if n < TEXT_MIN or n > TEXT_MAX:
        raise ApiError(400, f"{name} must be {TEXT_MIN}-{TEXT_MAX} characters (got {n})")


# --------------------------------------------------------------------------
# The fake
# --------------------------------------------------------------------------

class FakeZalo:
    def __init__(self, cfg: Config):
        self.cfg = cfg
        self.st = State(token=cfg.token)
        self.base_url = ""
        self.http: ClientSession | None = None
        self.webhook_task: asyncio.Task | None = None
        self.app = web.Application(client_max_size=50 * 1024 * 1024)
        self.app.router.add_route("*", r"/bot{token:[^/]+}/{method}", self.handle_api)
        self.app.router.add_get("/_files/{file_id}", self.handle_file)
        r = self.app.router
        r.add_post("/_control/send_text", self.c_send_text)
        r.add_post("/_control/send_photo", self.c_send_photo)
        r.add_post("/_control/send_sticker", self.c_send_sticker)
        r.add_post("/_control/send_unsupported", self.c_send_unsupported)
        r.add_get("/_control/messages", self.c_messages)
        r.add_get("/_control/actions", self.c_actions)
        r.add_get("/_control/calls", self.c_calls)
        r.add_get("/_control/state", self.c_state)
        r.add_post("/_control/fail", self.c_fail)
        r.add_post("/_control/reset", self.c_reset)
        r.add_post("/_control/set_token", self.c_set_token)
        self.app.router.add_route("*", "/{tail:.*}", self.handle_not_found)
        self.app.on_startup.append(self._startup)
        self.app.on_cleanup.append(self._cleanup)

    # ---------------- lifecycle ----------------
    async def _startup(self, app):
        self.http = ClientSession()

    async def _cleanup(self, app):
        if self.webhook_task:
            self.webhook_task.cancel()
        if self.http:
            await self.http.close()

    # ---------------- envelope ----------------
    def ok(self, result: Any = None, *, with_result: bool = True) -> web.Response:
        payload: dict[str, Any] = {"ok": True}
        if with_result:
            payload["result"] = result
        return _json_response(payload)

    def err(self, e: ApiError) -> web.Response:
        status = e.code if self.cfg.error_http_status == "mirror" else 200
        return _json_response(
            {"ok": False, "error_code": e.code, "description": e.description}, status=status
        )

    # ---------------- Bot API ----------------
    async def handle_not_found(self, request: web.Request) -> web.Response:
        return self.err(ApiError(404, f"no route {request.path}"))

    async def handle_api(self, request: web.Request) -> web.Response:
        token = request.match_info["token"]
        method = request.match_info["method"]
        entry: dict[str, Any] = {"seq": None, "t": now_ms(), "http": request.method,
                                 "method": method, "params": None}
        try:
            if request.method not in ("GET", "POST"):
                raise ApiError(400, f"HTTP method {request.method} not supported")
            if not hmac.compare_digest(token.encode(), self.st.token.encode()):
                raise ApiError(401)
            if method not in METHODS:
                raise ApiError(400, f"unknown API name {method!r} (names are case-sensitive)")
            params = await read_params(request)
            entry["params"] = params
            self._check_rate_limit()
            self._check_faults(method)
            handler = getattr(self, "m_" + method)
            resp = await handler(request, params)
        except ApiError as e:
            resp = self.err(e)
            entry["error_code"] = e.code
        entry["seq"] = self.st.next_seq()
        entry["status"] = resp.status
        try:
            entry["response"] = json.loads(resp.text)
        except Exception:  # pragma: no cover
            entry["response"] = None
        self.st.calls.append(entry)
        log.info("API %s %s -> %s", request.method, method,
                 entry.get("error_code", "ok"))
        return resp

    def _check_rate_limit(self) -> None:
        if self.cfg.rate_limit <= 0:
            return
        t = time.monotonic()
        q = self.st.call_times
        while q and t - q[0] > 1.0:
            q.popleft()
        if len(q) >= self.cfg.rate_limit:
            raise ApiError(429)
        q.append(t)

    def _check_faults(self, method: str) -> None:
        for f in self.st.faults:
            if f["count"] > 0 and f["method"] in (method, "*"):
                f["count"] -= 1
                raise ApiError(int(f["error_code"]), f.get("description") or "injected fault")
        self.st.faults = [f for f in self.st.faults if f["count"] > 0]

    def bot_id(self) -> str:
        return self.st.token.split(":", 1)[0]

    async def m_getMe(self, request, params):
        return self.ok({
            "id": self.bot_id(),
            "account_name": self.cfg.bot_name,
            "account_type": "BASIC",
            "can_join_groups": False,
        })

    async def m_getUpdates(self, request, params):
        if self.st.webhook_url:
            raise ApiError(400, "getUpdates does not work while a webhook is set; call deleteWebhook first")
        raw = params.get("timeout", DEFAULT_POLL_TIMEOUT)
        try:
            timeout = float(str(raw))
        except ValueError:
            raise ApiError(400, "timeout must be a number of seconds (String)")
        if timeout < 0:
            raise ApiError(400, "timeout must not be negative")
        deadline = time.monotonic() + timeout
        st = self.st
        async with st.cond:
            while True:
                if st.webhook_url:
                    raise ApiError(400, "a webhook was set while polling")
                transport = request.transport
                if transport is None or transport.is_closing():
                    # Client went away: keep the update for the next poll.
                    raise ApiError(408, "client disconnected")
                if st.pending:
                    upd = st.pending.popleft()
                    st.delivered.append({"via": "getUpdates", "t": now_ms(), "update": upd})
                    return self.ok(upd)  # ONE update per call, not an array
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise ApiError(408)
                try:
                    await asyncio.wait_for(st.cond.wait(), timeout=min(remaining, 1.0))
                except asyncio.TimeoutError:
                    pass

    async def m_setWebhook(self, request, params):
        url = req_str(params, "url")
        secret = req_str(params, "secret_token")
        if not (url.startswith("https://") or (self.cfg.allow_http_webhook and url.startswith("http://"))):
            raise ApiError(400, "url must be an HTTPS URL")
        n = len(secret)
        if n < SECRET_MIN or n > SECRET_MAX:
            raise ApiError(400, f"secret_token must be {SECRET_MIN}-{SECRET_MAX} characters")
        st = self.st
        st.webhook_url, st.webhook_secret, st.webhook_updated_at = url, secret, now_ms()
        self._ensure_webhook_task()
        async with st.cond:
            st.cond.notify_all()  # wake pollers so they fail, and the deliverer
        return self.ok({"url": url, "updated_at": st.webhook_updated_at})

    async def m_deleteWebhook(self, request, params):
        st = self.st
        st.webhook_url, st.webhook_secret, st.webhook_updated_at = "", "", now_ms()
        async with st.cond:
            st.cond.notify_all()
        return self.ok({"url": "", "updated_at": st.webhook_updated_at})

    async def m_getWebhookInfo(self, request, params):
        return self.ok({"url": self.st.webhook_url, "updated_at": self.st.webhook_updated_at})

    def _chat(self, params) -> str:
        chat_id = req_str(params, "chat_id")
        if self.cfg.strict_chat and chat_id not in self.st.known_chats:
            raise ApiError(400, f"chat_id {chat_id!r} is unknown (the user has not written to the bot)")
        return chat_id

    async def _record_sent(self, kind: str, chat_id: str, **fields) -> dict:
        rec = {"seq": self.st.next_seq(), "kind": kind, "chat_id": chat_id,
               "message_id": hex_id(), "date": now_ms(), **fields}
        async with self.st.sent_cond:
            self.st.sent.append(rec)
            self.st.sent_cond.notify_all()
        return rec

    async def m_sendMessage(self, request, params):
        chat_id = self._chat(params)
        text = req_str(params, "text")
        check_text("text", text)
        extra = {k: v for k, v in params.items() if k not in ("chat_id", "text")}
        rec = await self._record_sent("text", chat_id, text=text,
                                      **({"extra_params": extra} if extra else {}))
        return self.ok({"message_id": rec["message_id"], "date": rec["date"]})

    async def m_sendPhoto(self, request, params):
        chat_id = self._chat(params)
        photo = req_str(params, "photo")
        caption = req_str(params, "caption", required=False)
        if caption is not None:
            check_text("caption", caption)
        if not (photo.startswith("http://") or photo.startswith("https://")):
            raise ApiError(400, "photo must be an image URL (String)")
        fetch = await self._fetch_photo(photo)
        if self.cfg.photo_fetch == "strict" and not fetch.get("ok"):
            raise ApiError(400, f"could not fetch photo URL: {fetch.get('error')}")
        rec = await self._record_sent("photo", chat_id, photo=photo, caption=caption, fetch=fetch)
        return self.ok({"message_id": rec["message_id"], "date": rec["date"]})

    async def _fetch_photo(self, url: str) -> dict:
        """Zalo is given only a URL, so it must download the picture itself."""
        if self.cfg.photo_fetch == "off":
            return {"ok": None, "skipped": True}
        try:
            async with self.http.get(url, timeout=ClientTimeout(total=self.cfg.photo_fetch_timeout)) as r:
                body = await r.read()
                ctype = r.headers.get("Content-Type", "")
                ok = r.status == 200 and len(body) > 0
                res = {"ok": ok, "status": r.status, "bytes": len(body), "content_type": ctype}
                if not ok:
                    res["error"] = f"HTTP {r.status}, {len(body)} bytes"
                elif not ctype.startswith("image/"):
                    res["warning"] = f"Content-Type {ctype!r} is not image/*"
                if ok:
                    fid = hex_id(8)
                    self.st.files[fid] = (body, ctype or "application/octet-stream")
                    res["copy_url"] = f"{self.base_url}/_files/{fid}"
                    res["sha256"] = hashlib.sha256(body).hexdigest()
                return res
        except Exception as exc:
            return {"ok": False, "error": f"{exc.__class__.__name__}: {exc}"}

    async def m_sendSticker(self, request, params):
        chat_id = self._chat(params)
        sticker = req_str(params, "sticker")
        rec = await self._record_sent("sticker", chat_id, sticker=sticker)
        return self.ok({"message_id": rec["message_id"], "date": rec["date"]})

    async def m_sendChatAction(self, request, params):
        chat_id = self._chat(params)
        action = req_str(params, "action")
        if action not in CHAT_ACTIONS:
            raise ApiError(400, f"action must be one of {', '.join(CHAT_ACTIONS)}")
        self.st.actions.append({"seq": self.st.next_seq(), "chat_id": chat_id,
                                "action": action, "date": now_ms()})
        # Docs sample response is exactly {"ok": true} (no "result").
        return self.ok(with_result=False)

    # ---------------- files ----------------
    async def handle_file(self, request: web.Request) -> web.Response:
        item = self.st.files.get(request.match_info["file_id"])
        if item is None:
            return web.Response(status=404, text="not found")
        body, ctype = item
        return web.Response(body=body, content_type=ctype.split(";")[0])

    def _store_file(self, data: bytes, name: str, ctype: str | None = None) -> str:
        ext = os.path.splitext(name)[1].lower() or ".bin"
        ctype = ctype or mimetypes.guess_type("x" + ext)[0] or "application/octet-stream"
        fid = hex_id(16) + ext
        self.st.files[fid] = (data, ctype)
        return f"{self.base_url}/_files/{fid}"

    # ---------------- webhook delivery ----------------
    def _ensure_webhook_task(self) -> None:
        if self.webhook_task is None or self.webhook_task.done():
            self.webhook_task = asyncio.create_task(self._webhook_loop())

    async def _webhook_loop(self) -> None:
        st = self.st
        while True:
            async with st.cond:
                while not (st.webhook_url and st.pending):
                    if not st.webhook_url:
                        return  # webhook removed: stop; pending updates stay for getUpdates
                    await st.cond.wait()
                upd = st.pending.popleft()
                url, secret = st.webhook_url, st.webhook_secret
            body = {"ok": True, "result": upd} if self.cfg.webhook_body == "wrapped" else upd
            attempts = []
            for attempt in range(1 + self.cfg.webhook_retries):
                try:
                    async with self.http.post(
                        url,
                        data=json.dumps(body, ensure_ascii=False).encode("utf-8"),
                        headers={"Content-Type": "application/json",
                                 "X-Bot-Api-Secret-Token": secret},
                        timeout=ClientTimeout(total=self.cfg.webhook_timeout),
                    ) as r:
                        text = (await r.text())[:500]
                        attempts.append({"status": r.status, "body": text})
                        if 200 <= r.status < 300:
                            break
                except Exception as exc:
                    attempts.append({"error": f"{exc.__class__.__name__}: {exc}"})
                await asyncio.sleep(min(2 ** attempt, 5))
            st.delivered.append({"via": "webhook", "t": now_ms(), "url": url,
                                 "update": upd, "attempts": attempts})
            log.info("webhook %s -> %s", upd["event_name"], attempts[-1])

    # ---------------- control API (test driver) ----------------
    async def _body(self, request) -> dict:
        try:
            body = await request.json()
        except Exception:
            raise web.HTTPBadRequest(text="JSON object body required")
        if not isinstance(body, dict):
            raise web.HTTPBadRequest(text="JSON object body required")
        return body

    def _sender(self, body: dict) -> tuple[dict, dict]:
        name = body.get("display_name") or body.get("name")
        uid = body.get("user_id") or (user_id_for(name) if name else None)
        if not uid:
            raise web.HTTPBadRequest(text="user_id or display_name required")
        uid = str(uid)
        if not name:  # reuse the name this user had before, if any
            name = next((c["display_name"] for c in self.st.known_chats.values()
                         if c.get("user_id") == uid), None) or f"User {uid[:6]}"
        chat_type = body.get("chat_type", "PRIVATE")
        chat_id = str(body.get("chat_id") or uid)
        self.st.known_chats[chat_id] = {"display_name": name, "chat_type": chat_type, "user_id": uid}
        return ({"id": uid, "display_name": name, "is_bot": False},
                {"id": chat_id, "chat_type": chat_type})

    async def _enqueue(self, event_name: str, frm: dict, chat: dict, content: dict) -> dict:
        message = {"from": frm, "chat": chat, **content,
                   "message_id": hex_id(), "date": now_ms()}
        upd = {"event_name": event_name, "message": message}
        st = self.st
        st.inbound.append({"seq": st.next_seq(), "update": upd})
        async with st.cond:
            st.pending.append(upd)
            st.cond.notify_all()
        if st.webhook_url:
            self._ensure_webhook_task()
        return upd

    async def c_send_text(self, request):
        body = await self._body(request)
        text = body.get("text")
        if not isinstance(text, str):
            raise web.HTTPBadRequest(text="text (string) required")
        frm, chat = self._sender(body)
        upd = await self._enqueue(EVENT_TEXT, frm, chat, {"text": text})
        return _json_response({"ok": True, "update": upd})

    async def c_send_photo(self, request):
        body = await self._body(request)
        frm, chat = self._sender(body)
        if body.get("path"):
            path = body["path"]
            try:
                with open(path, "rb") as fh:
                    data = fh.read()
            except OSError as exc:
                raise web.HTTPBadRequest(text=f"cannot read {path}: {exc}")
            url = self._store_file(data, os.path.basename(path), body.get("content_type"))
        elif body.get("data_base64"):
            data = base64.b64decode(body["data_base64"])
            url = self._store_file(data, body.get("filename", "photo.jpg"), body.get("content_type"))
        elif body.get("url"):
            url = body["url"]
        else:
            raise web.HTTPBadRequest(text="path, data_base64 or url required")
        field_mode = body.get("image_field", self.cfg.image_field)
        content: dict[str, Any] = {}
        if field_mode in ("photo_url", "both"):
            content["photo_url"] = url
        if field_mode in ("photo", "both"):
            content["photo"] = url
        if not content:
            raise web.HTTPBadRequest(text="image_field must be photo, photo_url or both")
        if body.get("caption"):
            content["caption"] = body["caption"]
        upd = await self._enqueue(EVENT_IMAGE, frm, chat, content)
        return _json_response({"ok": True, "update": upd, "url": url})

    async def c_send_sticker(self, request):
        body = await self._body(request)
        frm, chat = self._sender(body)
        sticker = str(body.get("sticker") or hex_id())
        url = self._store_file(_PNG_1X1, "sticker.png", "image/png")
        upd = await self._enqueue(EVENT_STICKER, frm, chat, {"sticker": sticker, "url": url})
        return _json_response({"ok": True, "update": upd})

    async def c_send_unsupported(self, request):
        body = await self._body(request)
        frm, chat = self._sender(body)
        # Docs: for protected users (and unsupported kinds) the bot gets the event
        # without the content.
        upd = await self._enqueue(EVENT_UNSUPPORTED, frm, chat, {})
        return _json_response({"ok": True, "update": upd})

    async def c_messages(self, request):
        """What the bot sent, in order. ?user_id= or ?chat_id= filters; ?after=<seq>
        returns only newer ones; ?wait=<s> long-polls until at least one (or ?count=N) exists."""
        q = request.query
        chat = q.get("chat_id") or q.get("user_id")
        after = int(q.get("after", 0))
        wait = float(q.get("wait", 0))
        want = int(q.get("count", 1))

        def select():
            return [m for m in self.st.sent
                    if m["seq"] > after and (chat is None or m["chat_id"] == chat)]

        deadline = time.monotonic() + wait
        async with self.st.sent_cond:
            while len(select()) < want and time.monotonic() < deadline:
                try:
                    await asyncio.wait_for(self.st.sent_cond.wait(),
                                           timeout=max(0.01, deadline - time.monotonic()))
                except asyncio.TimeoutError:
                    break
        items = select()
        if q.get("include_actions"):
            acts = [dict(a, kind="chat_action") for a in self.st.actions
                    if a["seq"] > after and (chat is None or a["chat_id"] == chat)]
            items = sorted(items + acts, key=lambda m: m["seq"])
        return _json_response({"messages": items})

    async def c_actions(self, request):
        chat = request.query.get("chat_id") or request.query.get("user_id")
        return _json_response({"actions": [a for a in self.st.actions
                                           if chat is None or a["chat_id"] == chat]})

    async def c_calls(self, request):
        method = request.query.get("method")
        return _json_response({"calls": [c for c in self.st.calls
                                         if method is None or c["method"] == method]})

    async def c_state(self, request):
        st = self.st
        return _json_response({
            "base_url": self.base_url,
            "webhook": {"url": st.webhook_url, "updated_at": st.webhook_updated_at,
                        "secret_set": bool(st.webhook_secret)},
            "pending": list(st.pending),
            "delivered": st.delivered,
            "inbound_count": len(st.inbound),
            "known_chats": st.known_chats,
            "faults": st.faults,
            "config": vars(self.cfg),
        })

    async def c_fail(self, request):
        body = await self._body(request)
        code = int(body.get("error_code", 429))
        self.st.faults.append({"method": body.get("method", "*"), "error_code": code,
                               "description": body.get("description"),
                               "count": int(body.get("count", 1))})
        return _json_response({"ok": True, "faults": self.st.faults})

    async def c_reset(self, request):
        token = self.st.token
        st = self.st
        st.pending.clear()
        st.sent.clear(); st.actions.clear(); st.inbound.clear(); st.delivered.clear()
        st.calls.clear(); st.faults.clear(); st.known_chats.clear()
        st.webhook_url = st.webhook_secret = ""
        st.webhook_updated_at = 0
        st.token = token
        async with st.cond:
            st.cond.notify_all()
        return _json_response({"ok": True})

    async def c_set_token(self, request):
        """Simulate 'reset token' in Zalo Bot Creator: the old token stops working."""
        body = await self._body(request)
        tok = body.get("token") or f"{self.bot_id()}:{secrets.token_urlsafe(24)}"
        self.st.token = str(tok)
        return _json_response({"ok": True, "token": self.st.token})


# --------------------------------------------------------------------------
# CLI
# --------------------------------------------------------------------------

def parse_args(argv=None) -> Config:
    p = argparse.ArgumentParser(description="Fake Zalo Bot Platform server")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=0, help="0 = pick a free port")
    p.add_argument("--token", default="1234567890:fake-secret",
                   help="the only bot token accepted (form <bot_id>:<secret>)")
    p.add_argument("--bot-name", default="bot.FakeZalo", help="getMe account_name")
    p.add_argument("--error-http-status", choices=["200", "mirror"], default="200",
                   help="HTTP status of ok:false answers: always 200 (default) or = error_code")
    p.add_argument("--image-field", choices=["photo", "photo_url", "both"], default="both",
                   help="where inbound image URLs go: documented 'photo', observed 'photo_url', or both")
    p.add_argument("--webhook-body", choices=["wrapped", "unwrapped"], default="wrapped",
                   help="webhook POST body: documented {ok,result} or observed bare {event_name,message}")
    p.add_argument("--allow-http-webhook", action="store_true",
                   help="accept http:// webhook URLs (docs require HTTPS)")
    p.add_argument("--webhook-timeout", type=float, default=10.0)
    p.add_argument("--webhook-retries", type=int, default=0)
    p.add_argument("--rate-limit", type=float, default=0.0,
                   help="max Bot API calls per second before error 429 (0 = off)")
    p.add_argument("--no-strict-chat", dest="strict_chat", action="store_false",
                   help="allow sending to chat_ids that never wrote to the bot")
    p.add_argument("--photo-fetch", choices=["off", "lenient", "strict"], default="lenient",
                   help="sendPhoto downloads the URL; strict = fail the call when it cannot")
    p.add_argument("--photo-fetch-timeout", type=float, default=10.0)
    p.add_argument("-v", "--verbose", action="store_true")
    a = p.parse_args(argv)
    logging.basicConfig(level=logging.INFO if a.verbose else logging.WARNING,
                        stream=sys.stderr, format="%(asctime)s %(name)s %(message)s")
    return Config(host=a.host, port=a.port, token=a.token, bot_name=a.bot_name,
                  error_http_status=a.error_http_status, image_field=a.image_field,
                  webhook_body=a.webhook_body, allow_http_webhook=a.allow_http_webhook,
                  webhook_timeout=a.webhook_timeout, webhook_retries=a.webhook_retries,
                  rate_limit=a.rate_limit, strict_chat=a.strict_chat,
                  photo_fetch=a.photo_fetch, photo_fetch_timeout=a.photo_fetch_timeout)


async def start(cfg: Config) -> tuple[FakeZalo, web.AppRunner]:
    """Start the fake inside a running event loop (usable from tests too)."""
    fake = FakeZalo(cfg)
    runner = web.AppRunner(fake.app, access_log=None, handler_cancellation=False)
    await runner.setup()
    site = web.TCPSite(runner, cfg.host, cfg.port)
    await site.start()
    port = runner.addresses[0][1]
    fake.base_url = f"http://{cfg.host}:{port}"
    return fake, runner


async def _main(cfg: Config) -> None:
    fake, runner = await start(cfg)
    print(fake.base_url, flush=True)
    print(f"# Bot API: {fake.base_url}/bot<TOKEN>/<method>   control: {fake.base_url}/_control/",
          file=sys.stderr, flush=True)
    try:
        await asyncio.Event().wait()
    finally:
        await runner.cleanup()


def main(argv=None) -> None:
    cfg = parse_args(argv)
    try:
        asyncio.run(_main(cfg))
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
