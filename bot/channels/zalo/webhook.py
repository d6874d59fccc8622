"""The Zalo webhook endpoint (``ZALO_WEBHOOK_URL`` + ``ZALO_WEBHOOK_SECRET``), on aiohttp.

Owns checking and taking in one delivery, fast: the ``X-Bot-Api-Secret-Token`` header is
compared with the secret in constant time **before** the body is read (403 otherwise); a body
over :data:`MAX_BODY` is refused (413) without being read in full; the body may be wrapped
(``{ok, result}``, as the docs show) or bare (``{event_name, message}``, as seen in
production); the update is recorded in the inbox and the answer is 200 at once — handling
happens after. A body that is not JSON gets 400; an update that cannot be answered (no
sender) gets 200, so Zalo does not deliver it again.
"""

from __future__ import annotations

import hmac
import json
import logging
from typing import Final
from urllib.parse import urlsplit

from aiohttp import web

from bot.channels.zalo.channel import ZaloChannel

log = logging.getLogger(__name__)

SECRET_HEADER: Final = "X-Bot-Api-Secret-Token"
MAX_BODY: Final = 64 * 1024  # an update is a few hundred bytes


def webhook_path(url: str) -> str:
    """The path to listen on: the path of ``ZALO_WEBHOOK_URL`` ("/" when it has none).

    >>> webhook_path("https://ocop.example.vn/zalo/hook?x=1"), webhook_path("https://a.vn")
    ('/zalo/hook', '/')
    """
    return urlsplit(url).path or "/"


def webhook_app(channel: ZaloChannel, path: str, secret: str) -> web.Application:
    """An aiohttp application with the one POST route."""
    expected = secret.encode()

    async def receive(request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "").encode()
        if not hmac.compare_digest(given, expected):
            log.warning("zalo webhook: a request with a wrong secret was refused")
            return web.Response(status=403, text="forbidden")
        if request.content_length is not None and request.content_length > MAX_BODY:
            return web.Response(status=413, text="too large")
        try:
            body = json.loads(await request.read())
        except web.HTTPRequestEntityTooLarge:
            return web.Response(status=413, text="too large")
        except ValueError:
            return web.Response(status=400, text="not json")
        await channel.receive(body)  # in the inbox before Zalo hears "ok"
        return web.json_response({"ok": True})

    app = web.Application(client_max_size=MAX_BODY)
    app.router.add_post(path, receive)
    return app
