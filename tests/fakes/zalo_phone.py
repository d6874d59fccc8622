"""A Zalo "phone" for trying the bot by hand: the fake Zalo Bot API on a fixed port, and you.

Run it, then start the bot against it in another terminal with the two variables it prints::

    python -m tests.fakes.zalo_phone --port 8765
    ZALO_BOT_TOKEN=<printed> ZALO_API_BASE_URL=http://127.0.0.1:8765 make run

Each line typed is a message from one Zalo user; what the bot sends that user is printed as
it arrives (photos as their URL and size, fetched by the fake like Zalo fetches them). A line
starting with ``:`` is an action instead: ``:anh [FILE]`` sends a photo (a small PNG when no
file is given), ``:sticker``, ``:khac`` (an "unsupported" message, as from a protected user
or a voice note), ``:thoat`` quits. Lines may also come from a pipe, for a scripted session.
Loopback only; nothing is stored.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import mimetypes
import sys
from pathlib import Path

from tests.fakes.zalo_api import FakeZaloApi
from tests.fakes.zalo_methods import Sent
from tests.support.registration_script import png_bytes

DEFAULT_USER = "7a1b2c3d4e5f60718293"


def _show(message: Sent) -> str:
    if message.kind == "photo":
        caption = f" — {message.caption}" if message.caption else ""
        return f"[ảnh {message.photo_url} · {len(message.photo_bytes)} byte]{caption}"
    if message.kind == "sticker":
        return f"[sticker {message.sticker}]"
    return message.text


async def _printer(api: FakeZaloApi, user: str) -> None:
    while True:
        try:
            [message] = await api.next_messages(user, 1, timeout=3600)
        except TimeoutError:
            continue
        lines = _show(message).splitlines() or [""]
        print("\n".join(["🤖 " + lines[0], *("   " + line for line in lines[1:])]), flush=True)


async def _act(api: FakeZaloApi, user: str, name: str, line: str) -> bool:
    """Send what ``line`` says; False to quit."""
    command, _, rest = line.partition(" ")
    if command == ":thoat":
        return False
    if command == ":anh":
        path = Path(rest.strip()) if rest.strip() else None
        data = path.read_bytes() if path else png_bytes(64, 48)
        kind = (mimetypes.guess_type(path.name)[0] if path else None) or "image/png"
        api.send_image(user, data, content_type=kind, name=name)
    elif command == ":sticker":
        api.send_sticker(user)
    elif command == ":khac":
        api.send_unsupported(user)
    else:
        api.send_text(user, line, name=name)
    print(f"👤 {line}", flush=True)
    return True


async def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--user", default=DEFAULT_USER, help="the Zalo user id you write as")
    parser.add_argument("--name", default="Chị Lan", help="your display name")
    args = parser.parse_args(argv)
    async with FakeZaloApi(port=args.port) as api:
        print(f"ZALO_BOT_TOKEN={api.token} ZALO_API_BASE_URL={api.base_url}", flush=True)
        printer = asyncio.create_task(_printer(api, args.user))
        loop = asyncio.get_running_loop()
        try:
            while True:
                line = await loop.run_in_executor(None, sys.stdin.readline)
                if not line:  # end of input: keep serving the bot until interrupted
                    await asyncio.Event().wait()
                line = line.rstrip("\n")
                if line.strip() and not await _act(api, args.user, args.name, line):
                    break
        finally:
            printer.cancel()


if __name__ == "__main__":
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(main())
