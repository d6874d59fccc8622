"""``ocop-bot chat``, ``ocop-bot run`` and ``ocop-bot start`` (what ``make run`` calls).

``run`` and ``start`` also start the web server (officer page, file links) in the same
process and event loop; ``chat`` only with ``--web`` (tests and scripts run many chats).
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from bot.app import open_assistant, open_web
from bot.channels import ChannelPort
from bot.channels.console import ConsoleChannel
from bot.channels.run import configured, run_channels
from bot.commands.workers import run_workers
from bot.settings import Settings

CHANNEL_NAMES = {"telegram": "Telegram", "zalo": "Zalo"}


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    chat = sub.add_parser("chat", help="trò chuyện với trợ lý trong cửa sổ dòng lệnh")
    chat.add_argument("--user", default=None, help="mã người dùng (giữ nguyên để làm tiếp)")
    chat.add_argument("--name", default=None, help="tên hiển thị")
    chat.add_argument("--web", action="store_true", help="mở cả trang web cán bộ")
    chat.set_defaults(func=run_chat)

    run = sub.add_parser(
        "run", help="chạy bot Telegram và/hoặc Zalo (cần TELEGRAM_BOT_TOKEN, ZALO_BOT_TOKEN)"
    )
    run.add_argument(
        "--workers",
        type=int,
        default=1,
        help="số tiến trình (webhook + PostgreSQL; xem docs/deploy.md)",
    )
    run.set_defaults(func=run_telegram)

    start = sub.add_parser(
        "start",
        help="Telegram, Zalo nếu có token (cả hai nếu có cả hai), nếu không: trò chuyện ở đây",
    )
    start.set_defaults(func=run_start, user=None, name=None, web=True)


@asynccontextmanager
async def open_with_web(settings: Settings) -> AsyncIterator[ChannelPort]:
    """The core and, beside it, the web server (both closed when the block ends); of
    several workers only the first serves the web page."""
    async with open_assistant(settings) as assistant:
        if settings.worker_index:
            yield assistant
            return
        async with open_web(assistant.services):
            yield assistant


async def run_chat(args: argparse.Namespace, settings: Settings) -> int:
    user = args.user or f"local-{getpass.getuser()}"
    name = args.name or ""
    async with open_assistant(settings) as assistant:
        if getattr(args, "web", False):
            async with open_web(assistant.services):
                await ConsoleChannel(assistant, user, name).run()
        else:
            await ConsoleChannel(assistant, user, name).run()
    return 0


async def run_telegram(args: argparse.Namespace, settings: Settings) -> int:
    """``ocop-bot run``: every channel with a token (Telegram, Zalo) in one process."""
    if not configured(settings):
        print(
            "Chưa có TELEGRAM_BOT_TOKEN hay ZALO_BOT_TOKEN (trong môi trường hoặc .env).",
            file=sys.stderr,
        )
        return 2
    workers = getattr(args, "workers", 1)
    if workers != 1:
        return await run_workers(workers, settings)
    code: int = await run_channels(settings, open_with_web)
    return code


async def run_start(args: argparse.Namespace, settings: Settings) -> int:
    names = configured(settings)
    if names:
        tokens = " và ".join(f"{name.upper()}_BOT_TOKEN" for name in names)
        shown = " và ".join(CHANNEL_NAMES[name] for name in names)
        print(f"Có {tokens}: chạy bot {shown} (Ctrl-C để dừng).", file=sys.stderr)
        return await run_telegram(args, settings)
    print(
        "Không có TELEGRAM_BOT_TOKEN hay ZALO_BOT_TOKEN: mở trò chuyện ngay tại đây"
        " (gõ /start; Ctrl-D để thoát).",
        file=sys.stderr,
    )
    return await run_chat(args, settings)
