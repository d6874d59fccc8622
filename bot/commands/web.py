"""``ocop-bot web``: the web server alone (officer page, signed file links), until Ctrl-C.

Neither the bots nor the outbox worker run here: messages the page queues (a producer told
of a decision) wait in the outbox for the bots' process (``ocop-bot run``) to send.
"""

from __future__ import annotations

import argparse
import asyncio
import signal
import sys
from contextlib import suppress

from bot.app import open_assistant, open_web
from bot.settings import Settings


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    web = sub.add_parser("web", help="chỉ chạy trang web cán bộ (OCOP_WEB_HOST:OCOP_WEB_PORT)")
    web.set_defaults(func=run_web)


async def run_web(args: argparse.Namespace, settings: Settings) -> int:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    try:
        async with (
            open_assistant(settings, worker=False) as assistant,
            open_web(assistant.services, required=True),
        ):
            print("Ctrl-C để dừng.", file=sys.stderr, flush=True)
            await stop.wait()
    except OSError as error:
        print(f"Không mở được trang web: {error}", file=sys.stderr)
        return 1
    finally:
        for signum in (signal.SIGTERM, signal.SIGINT):
            with suppress(Exception):
                loop.remove_signal_handler(signum)
    return 0
