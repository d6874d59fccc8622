"""A fake Zalo Bot Platform API for tests: aiohttp on 127.0.0.1, a random free port.

Built from the public docs (bot.zaloplatforms.com/docs, read through the copies listed in
``docs/zalo.md``), not from our client's convenience. Tests start and stop it themselves::

    async with FakeZaloApi() as api:
        client = ZaloClient(api.token, base_url=api.base_url)
        api.send_text("6ede9afa66b88fe6d6a9", "xin chào")     # a user writes
        update = await client.get_update(timeout=5)            # one update per call
        [reply] = await api.next_messages("6ede9afa66b88fe6d6a9")

What it models (docs: "Gọi API", the method pages, "Webhook", "Bảng mã lỗi"; the checks live
in ``tests/fakes/zalo_methods.py``):

* ``POST /bot<TOKEN>/<method>`` (GET too; parameters from the query string, JSON or a form),
  method names case-sensitive; every answer is ``{ok, result}`` or
  ``{ok: false, error_code, description}``. Unknown method: 400 (the docs give 400 for "sai
  đường dẫn hoặc API Name không hợp lệ"); wrong token: 401.
* getMe; getUpdates (``timeout`` a string of seconds, default 30; **one** update per call, not a
  list; no offset, so an update handed out is gone; 408 when nothing came within the timeout;
  refused while a webhook is set); setWebhook (``url``, ``secret_token`` of 8–256 chars),
  deleteWebhook, getWebhookInfo; sendMessage (``text`` of 1–2000 characters); sendPhoto
  (``photo`` is a URL the fake **fetches**; anything but a 200 with an image fails with 400;
  ``caption`` 1–2000); sendSticker; sendChatAction (``typing`` only: ``upload_photo`` is "sắp
  ra mắt").
* With a webhook set, each user update is POSTed to it with ``X-Bot-Api-Secret-Token``, the
  body wrapped as ``{ok: true, result: update}`` (the docs) or bare (seen by OpenClaw):
  ``webhook_body="wrapped" | "bare"``.

Where the docs are silent, the fake picks and says so (marked "docs silent" below). Simulated
users, faults and the record of what the bot sent live in :class:`FakeZaloApi`; updates are
built in ``tests/fakes/zalo_users.py``.
"""

from __future__ import annotations

import asyncio
import json
from collections import defaultdict
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Final, Literal, Self

import aiohttp
from aiohttp import web

from tests.fakes.zalo_methods import (
    JSON,
    ApiError,
    BotMethods,
    Faults,
    Sent,
)
from tests.fakes.zalo_users import PNG_1PX, UpdateFactory

DEFAULT_TOKEN: Final = "1459232241454765289:FakeZaloSecretForOfflineTests_0123456789abcdef"


@dataclass(frozen=True)
class Call:
    """One API call: its method, parameters and the error code it got (None when ok)."""

    method: str
    params: JSON
    error_code: int | None


@dataclass
class Delivery:
    """One webhook POST: the body sent and the HTTP status the bot answered (0: no answer)."""

    body: JSON
    status: int = 0
    done: bool = False


class FakeZaloApi(BotMethods):
    """The fake server plus the simulation API tests drive it with."""

    def __init__(
        self,
        token: str = DEFAULT_TOKEN,
        *,
        webhook_body: Literal["wrapped", "bare"] = "wrapped",
        image_field: Literal["photo_url", "photo", "both"] = "photo_url",
        error_http_status: Literal["200", "mirror"] = "200",
        port: int = 0,
    ) -> None:
        self.token = token
        self.webhook_body = webhook_body
        # docs silent: whether errors come with HTTP 200 or with HTTP status = error_code.
        # OpenClaw reads a 408 from the JSON envelope of a successful HTTP answer, so "200" is
        # the default; "mirror" checks that a client copes with the other reading too.
        self.error_http_status = error_http_status
        self.users = UpdateFactory(image_field=image_field)
        self.faults = Faults()
        self.calls: list[Call] = []
        self.sent: dict[str, list[Sent]] = defaultdict(list)
        self.chat_actions: list[tuple[str, str]] = []
        self.deliveries: list[Delivery] = []
        self.webhook_url = ""
        self.webhook_secret = ""
        self.webhook_updated_at = 0
        self.known_chats: set[str] = set()
        self.polls_waiting = 0
        self._updates: asyncio.Queue[JSON] = asyncio.Queue()
        self._media: dict[str, tuple[bytes, str]] = {}
        self._read: dict[str, int] = defaultdict(int)
        self._changed = asyncio.Condition()
        self._tasks: set[asyncio.Task[Any]] = set()
        self._runner: web.AppRunner | None = None
        self._session: aiohttp.ClientSession | None = None
        self.port = port  # 0: a random free port (tests); a fixed one by hand (zalo_phone)

    # --- lifecycle -------------------------------------------------------------------------

    async def start(self) -> None:
        app = web.Application()
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        app.router.add_get("/media/{key}", self._serve_media)
        # A poll whose client went away must not swallow the next update: cancel its handler.
        self._runner = web.AppRunner(app, access_log=None, handler_cancellation=True)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", self.port)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.users.media_base = f"{self.base_url}/media"
        self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10))

    async def stop(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        if self._session is not None:
            await self._session.close()
        if self._runner is not None:
            await self._runner.cleanup()

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
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    # --- simulated users ---------------------------------------------------------------------

    def send_text(self, user_id: str, text: str, *, name: str = "Người dùng") -> JSON:
        """A user types ``text``; the update goes to the webhook or the getUpdates queue."""
        return self._push(self.users.text(user_id, text, name=name))

    def send_image(
        self,
        user_id: str,
        data: bytes = PNG_1PX,
        *,
        caption: str = "",
        content_type: str = "image/png",
        available: bool = True,
        name: str = "Người dùng",
    ) -> JSON:
        """A user sends a photo; the fake serves it at the URL in the update (404 if not
        ``available``), so the bot downloads it from loopback like from Zalo's CDN."""
        update = self.users.image(user_id, caption=caption, name=name)
        key = self.users.last_media_key
        if available:
            self._media[key] = (data, content_type)
        return self._push(update)

    def send_sticker(self, user_id: str, sticker: str = "d063f44dc80821567819") -> JSON:
        self._media[sticker] = (PNG_1PX, "image/png")
        return self._push(self.users.sticker(user_id, sticker))

    def send_unsupported(self, user_id: str) -> JSON:
        """A protected user (a child, …) wrote: the bot learns that, but not the content."""
        return self._push(self.users.unsupported(user_id))

    def _push(self, update: JSON) -> JSON:
        self.known_chats.add(update["message"]["chat"]["id"])
        if self.webhook_url:
            self._spawn(self._deliver(update))
        else:
            self._updates.put_nowait(update)
        return update

    @property
    def pending_updates(self) -> int:
        return self._updates.qsize()

    # --- webhook -----------------------------------------------------------------------------

    def _spawn(self, coro: Any) -> None:
        task = asyncio.get_running_loop().create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _deliver(self, update: JSON, secret: str | None = None) -> Delivery:
        body = {"ok": True, "result": update} if self.webhook_body == "wrapped" else update
        delivery = Delivery(body)
        self.deliveries.append(delivery)
        headers = {"X-Bot-Api-Secret-Token": self.webhook_secret if secret is None else secret}
        assert self._session is not None
        # docs silent on retries and on the delivery timeout: one attempt, recorded.
        try:
            async with self._session.post(self.webhook_url, json=body, headers=headers) as resp:
                delivery.status = resp.status
        except (aiohttp.ClientError, TimeoutError):
            delivery.status = 0
        delivery.done = True
        async with self._changed:
            self._changed.notify_all()
        return delivery

    async def deliver_with_secret(self, update: JSON, secret: str) -> Delivery:
        """POST ``update`` to the webhook with a chosen (e.g. wrong) secret; await the answer."""
        return await self._deliver(update, secret)

    async def wait_for_deliveries(self, count: int, timeout: float = 10.0) -> list[Delivery]:
        """Wait until ``count`` webhook POSTs have been answered (or failed)."""

        def done() -> bool:
            return sum(d.done for d in self.deliveries) >= count

        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(done), timeout)
        return list(self.deliveries)

    # --- faults ------------------------------------------------------------------------------

    def fail_next(
        self,
        method: str,
        code: int,
        description: str = "",
        times: int = 1,
        *,
        retry_after: float | None = None,
    ) -> None:
        """The next ``times`` calls of ``method`` answer ``code`` (429 quota, 401, 403, …);
        ``retry_after`` adds ``parameters.retry_after`` to the answer (docs silent)."""
        for _ in range(times):
            self.faults.once[method].append(ApiError(code, description, retry_after))

    def block(self, chat_id: str) -> None:
        """Sends to ``chat_id`` answer 403. docs silent: the error table lists 403 without
        saying when; we assume a user who blocked the bot gives 403."""
        self.faults.blocked.add(chat_id)

    def unblock(self, chat_id: str) -> None:
        self.faults.blocked.discard(chat_id)

    def slow(self, method: str, seconds: float) -> None:
        """Answer ``method`` only after ``seconds``."""
        self.faults.delays[method] = seconds

    def set_quota(self, sends: int | None) -> None:
        """Allow ``sends`` more send* calls, then 429 "Quota exceeded" (None: no limit).
        docs silent: the quota numbers and their window are not published."""
        self.faults.quota = sends

    # --- what the bot sent -------------------------------------------------------------------

    def messages(self, chat_id: str) -> list[Sent]:
        return list(self.sent.get(chat_id, []))

    def texts(self, chat_id: str) -> list[str]:
        return [m.text or m.caption for m in self.sent.get(chat_id, [])]

    async def next_messages(
        self, chat_id: str, count: int = 1, timeout: float = 10.0
    ) -> list[Sent]:
        """Wait for the next ``count`` messages to ``chat_id`` not yet returned by this call."""
        start = self._read[chat_id]
        async with self._changed:
            await asyncio.wait_for(
                self._changed.wait_for(lambda: len(self.sent[chat_id]) >= start + count), timeout
            )
        self._read[chat_id] = start + count
        return self.sent[chat_id][start : start + count]

    # --- HTTP --------------------------------------------------------------------------------

    async def _serve_media(self, request: web.Request) -> web.StreamResponse:
        found = self._media.get(request.match_info["key"])
        if found is None:
            return web.Response(status=404, text="not found")
        return web.Response(body=found[0], content_type=found[1])

    async def _handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        params: JSON = dict(request.query)
        if request.method == "POST" and request.can_read_body:
            if request.content_type == "application/json":
                try:
                    body = await request.json()
                except json.JSONDecodeError:
                    body = None
                if not isinstance(body, dict):
                    return self._answer(method, params, ApiError(400, "Invalid JSON body"))
                params.update(body)
            else:
                params.update(await request.post())
        if request.match_info["token"] != self.token:
            return self._answer(method, params, ApiError(401))
        delay = self.faults.delays.get(method, 0.0)
        if delay:
            await asyncio.sleep(delay)
        try:
            queued = self.faults.once.get(method)
            if queued:
                raise queued.popleft()
            handler = self.handler_for(method)
            if handler is None:
                raise ApiError(400, f"Unknown API name: {method}")
            result = await handler(params)
        except ApiError as error:
            return self._answer(method, params, error)
        return self._answer(method, params, result)

    def _answer(self, method: str, params: JSON, outcome: object) -> web.Response:
        if isinstance(outcome, ApiError):
            self.calls.append(Call(method, params, outcome.code))
            status = outcome.code if self.error_http_status == "mirror" else 200
            body: JSON = {
                "ok": False,
                "error_code": outcome.code,
                "description": outcome.description,
            }
            if outcome.retry_after is not None:
                body["parameters"] = {"retry_after": outcome.retry_after}
            return web.json_response(body, status=status)
        self.calls.append(Call(method, params, None))
        return web.json_response(
            {"ok": True} if outcome is None else {"ok": True, "result": outcome}
        )
