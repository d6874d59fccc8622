"""Running the web app: listen on ``OCOP_WEB_HOST:OCOP_WEB_PORT`` until stopped.

The server lives in the caller's event loop (the same process as the bots and the console
chat). No access log: request lines carry login tokens and signed links.
"""

from __future__ import annotations

import logging

from aiohttp import web

log = logging.getLogger(__name__)


class WebServer:
    """``address = await server.start()`` … ``await server.stop()``."""

    def __init__(self, app: web.Application, host: str, port: int) -> None:
        self.runner = web.AppRunner(app, access_log=None, handle_signals=False)
        self.host = host
        self.port = port

    async def start(self) -> str:
        """Listen (port 0 picks a free one) and return ``http://host:port``; OSError when
        the address is taken (nothing is left running then)."""
        await self.runner.setup()
        try:
            await web.TCPSite(self.runner, self.host, self.port).start()
        except OSError:
            await self.runner.cleanup()
            raise
        host, port = self.runner.addresses[0][:2]
        shown = f"[{host}]" if ":" in str(host) else host
        address = f"http://{shown}:{port}"
        log.debug("web: listening on %s", address)
        return address

    async def stop(self) -> None:
        """Stop listening; requests in flight finish first (aiohttp's graceful shutdown)."""
        await self.runner.cleanup()
