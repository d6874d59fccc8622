"""The webhook server: Telegram POSTs each update here; it is recorded, then answered 200.

Owns the HTTP side of webhook mode (tornado, which python-telegram-bot's webhook extra
already brings). Before a byte of the body is read, the request's
``X-Telegram-Bot-Api-Secret-Token`` header is compared with our secret (in constant time)
and its announced length with :data:`MAX_UPDATE_BYTES`. Over the limit, it is refused at
once — 403 with a wrong secret, else 413 — and the connection closed rather than read; a
body without a length is cut off the same way when it passes the limit. A small body with
a wrong secret is read to its end without being kept, then refused with 403 (so that an
ordinary client sees the answer rather than a broken connection). Nothing unauthenticated
or oversized is ever buffered. A valid update is handed
to ``receive`` — which returns once the inbox has it — and only then answered 200, so
Telegram retries an update the bot did not record. The handling itself happens later, in
order, from the inbox. Access logs are off: a webhook path may hold a secret.
"""

from __future__ import annotations

import hmac
import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from tornado.httpserver import HTTPServer
from tornado.web import Application, RequestHandler, stream_request_body

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MAX_UPDATE_BYTES = 1024 * 1024
"""Telegram's updates are a few kilobytes (a message is at most 4096 characters); 1 MB is
far more than any real update and little enough that refusing late costs nothing."""

Receive = Callable[[dict[str, Any]], Awaitable[None]]


@stream_request_body
class UpdateHandler(RequestHandler):
    """One POST of one update (see the module docstring)."""

    def initialize(self, secret: str, receive: Receive, limit: int) -> None:
        self.secret = secret.encode()
        self.receive = receive
        self.limit = limit
        self.body = bytearray()
        self.allowed = False
        self.seen = 0

    def _refuse(self, status: int) -> None:
        self.clear()
        self.set_status(status)
        self.finish()

    async def prepare(self) -> None:
        """Refuse before the body is read: wrong method, wrong secret, announced too big."""
        if self.request.method != "POST":
            self._refuse(405)
            return
        given = self.request.headers.get(SECRET_HEADER, "").encode()
        self.allowed = hmac.compare_digest(given, self.secret)
        if not self.allowed:
            log.warning("telegram webhook: a request with a wrong secret refused")
        length = self.request.headers.get("Content-Length")
        if length is not None and (not length.isdigit() or int(length) > self.limit):
            log.warning("telegram webhook: a body of %s bytes refused", length)
            self._refuse(413 if self.allowed else 403)

    def data_received(self, chunk: bytes) -> None:
        if self._finished:
            return
        self.seen += len(chunk)
        if self.seen > self.limit:
            log.warning("telegram webhook: a body over %d bytes refused", self.limit)
            self.body.clear()
            self._refuse(413 if self.allowed else 403)
        elif self.allowed:
            self.body.extend(chunk)

    async def post(self) -> None:
        if self._finished:
            return
        if not self.allowed:
            self._refuse(403)
            return
        try:
            update = json.loads(bytes(self.body))
        except ValueError:
            update = None
        if not isinstance(update, dict) or not isinstance(update.get("update_id"), int):
            self._refuse(400)
            return
        await self.receive(update)
        self.set_status(200)
        self.finish()

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        self.finish()  # no tornado error page (it could show a traceback)


def _no_access_log(handler: RequestHandler) -> None:
    """Tornado's access log names the path, which may hold a secret: not logged."""


class WebhookServer:
    """``await server.start()`` … ``await server.stop()``."""

    def __init__(
        self,
        listen: str,
        port: int,
        path: str,
        secret: str,
        receive: Receive,
        *,
        limit: int = MAX_UPDATE_BYTES,
        shared: bool = False,
    ) -> None:
        self.listen = listen
        self.shared = shared  # several worker processes listen on the port (SO_REUSEPORT)
        self.port = port
        route = "/" + path.lstrip("/")
        app = Application(
            [(route, UpdateHandler, {"secret": secret, "receive": receive, "limit": limit})],
            log_function=_no_access_log,
        )
        # Bodies are refused by the handler; the server's own limit is only a backstop.
        self._server = HTTPServer(app, max_body_size=4 * limit, idle_connection_timeout=60)

    async def start(self) -> None:
        self._server.listen(self.port, address=self.listen, reuse_port=self.shared)

    async def stop(self) -> None:
        self._server.stop()
        await self._server.close_all_connections()
