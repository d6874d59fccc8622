"""The strict-limit fake Bot API of the benches in a process of its own, and its remote control.

Owns running ``tests/fakes/bot_api.py`` away from the bot under measure. In one process
the fake and the bot share an event loop and a heap: when the loop stalls (a garbage
collection walking the fake's record of every call, a slow step of the bot), requests the
bot released 34 ms apart are handled by the fake together after the stall and counted in
one of its sliding seconds — a 429 that Telegram's servers, which do not stall with the
bot, would not give. Here the fake has its own interpreter (own loop, own GIL, own
collector); the bench talks to it over a small control server on loopback:

- ``python bench/fake_process.py --limit 30 --delay 0 --p429 0 --blocked 101 ...`` prints
  one JSON line (the Bot API's token and URLs, the control URL) and serves until stdin
  closes.
- :class:`RemoteFake` (the bench's side) mirrors what the benches use of ``FakeBotApi``:
  ``set_user``, ``send_text`` (``await``-ed here) and a summary of the calls.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import random
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aiohttp import ClientSession, web

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.fakes.bot_api import FakeBotApi  # noqa: E402


class Collections:
    """How long each garbage collection of this process stopped it (seconds)."""

    def __init__(self) -> None:
        self.pauses: list[float] = []
        self._started = 0.0
        gc.callbacks.append(self._note)

    def _note(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._started = time.perf_counter()
        else:
            self.pauses.append(time.perf_counter() - self._started)


async def watch_loop(late: list[float], every: float = 0.01) -> None:
    """How late a 10 ms timer of the fake's own loop wakes (its stalls, whatever the cause:
    a collection, the machine's other processes)."""
    while True:
        before = time.monotonic()
        await asyncio.sleep(every)
        late.append(time.monotonic() - before - every)


async def keep_record_frozen(every: float = 1.0) -> None:
    """Move what the fake has recorded so far (every call, every message: kept to the end)
    out of the collector's reach, once a second. Unfrozen, each full collection walks the
    whole record, 10,000 calls and their JSON, and stops the fake for tens of ms while the
    bot's requests wait in its socket: the fake would then count sends the bot released
    34 ms apart closer together than Telegram's servers would. Garbage made before a
    freeze is kept, not collected: bounded by the run, and this process ends with it."""
    while True:
        await asyncio.sleep(every)
        gc.freeze()


class Delivered:
    """How many messages with ``marker`` were delivered so far, counted incrementally (the
    kill run asks every 50 ms: a scan of the whole record each time would stall the fake)."""

    def __init__(self, api: FakeBotApi, marker: str) -> None:
        self.api, self.marker = api, marker
        self.upto = 0
        self.count = 0

    def __call__(self) -> int:
        calls = self.api.calls
        while self.upto < len(calls):
            call = calls[self.upto]
            if call.method == "sendMessage":
                if call.status is None:  # in flight: counted once answered
                    break
                if call.ok and self.marker in str(call.params.get("text")):
                    self.count += 1
            self.upto += 1
        return self.count


def summary(api: FakeBotApi, marker: str, counted: list[str]) -> dict[str, Any]:
    """What the bench needs of the record of calls (computed where the record is)."""
    per_chat: Counter[str] = Counter()
    sends = 0
    refused: Counter[str] = Counter()
    for call in api.calls:
        if call.ok and call.method in counted:
            sends += 1
        if call.ok and call.method == "sendMessage" and marker in str(call.params.get("text")):
            per_chat[str(call.chat_id)] += 1
        if call.status == 429:
            refused[f"{call.method} {call.chat_id}"] += 1
    return {
        "per_chat": dict(per_chat),
        "sends": sends,
        "count_429": api.count_429,
        "refused": dict(refused),
    }


async def serve(args: argparse.Namespace) -> None:
    collections = Collections()
    api = FakeBotApi(response_delay=args.delay).telegram_limits()
    api.rate_limit_per_second = args.limit
    await api.start()
    for chat in args.blocked:
        api.block(chat)
    stop = asyncio.Event()

    async def random_429s() -> None:
        rng = random.Random(args.seed + 1)
        while not stop.is_set():
            await asyncio.sleep(1 / args.limit)
            if rng.random() < args.p429:
                api.fail_next("sendMessage", 429, retry_after=1)

    delivered: Delivered | None = None

    async def control(request: web.Request) -> web.Response:
        nonlocal delivered
        body = await request.json()
        what = request.match_info["what"]
        if what == "set_user":
            api.set_user(int(body["chat"]), first_name=str(body["first_name"]))
            return web.json_response({})
        if what == "delivered":
            if delivered is None or delivered.marker != body["marker"]:
                delivered = Delivered(api, str(body["marker"]))
            return web.json_response({"count": delivered()})
        if what == "send_text":
            pushed = api.send_text(int(body["chat"]), str(body["text"]))
            return web.json_response({"update_id": pushed.update_id})
        answer = summary(api, str(body["marker"]), list(body["counted"]))
        answer["collections"] = collections.pauses
        answer["late"] = [t for t in late if t > 0.025]
        answer["wakeups"] = len(late)
        return web.json_response(answer)

    app = web.Application()
    app.router.add_post("/{what}", control)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    chaos = asyncio.create_task(random_429s())
    late: list[float] = []
    watcher = asyncio.create_task(watch_loop(late))
    freezer = asyncio.create_task(keep_record_frozen()) if args.freeze else None
    print(
        json.dumps(
            {
                "token": api.token,
                "base_url": api.base_url,
                "base_file_url": api.base_file_url,
                "control": f"http://127.0.0.1:{port}",
            }
        ),
        flush=True,
    )
    loop = asyncio.get_running_loop()
    await loop.run_in_executor(None, sys.stdin.read)  # until the bench closes our stdin
    stop.set()
    await chaos
    watcher.cancel()
    if freezer is not None:
        freezer.cancel()
    await runner.cleanup()
    await api.stop()


@dataclass
class RemoteFake:
    """The bench's handle on a fake Bot API running in :func:`serve` in another process."""

    process: asyncio.subprocess.Process
    token: str
    base_url: str
    base_file_url: str
    control: str
    session: ClientSession

    @classmethod
    async def start(
        cls,
        *,
        limit: int,
        delay: float,
        p429: float,
        seed: int,
        blocked: list[int],
        freeze: bool = True,
    ) -> RemoteFake:
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            str(Path(__file__).resolve()),
            *("--limit", str(limit), "--delay", str(delay), "--p429", str(p429)),
            *("--seed", str(seed), *(() if freeze else ("--no-freeze",))),
            *("--blocked", *map(str, blocked)),
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
        )
        assert process.stdout is not None
        line = await process.stdout.readline()
        if not line:
            raise RuntimeError("the fake Bot API process did not start")
        info = json.loads(line)
        return cls(
            process,
            info["token"],
            info["base_url"],
            info["base_file_url"],
            info["control"],
            ClientSession(),
        )

    async def _post(self, what: str, body: dict[str, Any]) -> dict[str, Any]:
        async with self.session.post(f"{self.control}/{what}", json=body) as response:
            response.raise_for_status()
            answer: dict[str, Any] = await response.json()
            return answer

    async def set_user(self, chat: int, *, first_name: str) -> None:
        await self._post("set_user", {"chat": chat, "first_name": first_name})

    async def send_text(self, chat: int, text: str) -> int:
        """Push a user's message; returns its update_id."""
        return int((await self._post("send_text", {"chat": chat, "text": text}))["update_id"])

    async def delivered(self, marker: str) -> int:
        """Messages with ``marker`` delivered so far (those still in flight not yet)."""
        return int((await self._post("delivered", {"marker": marker}))["count"])

    async def summary(self, marker: str, counted: tuple[str, ...]) -> dict[str, Any]:
        return await self._post("summary", {"marker": marker, "counted": list(counted)})

    async def stop(self) -> None:
        await self.session.close()
        assert self.process.stdin is not None
        self.process.stdin.close()
        await self.process.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--limit", type=int, default=30)
    parser.add_argument("--delay", type=float, default=0.0)
    parser.add_argument("--p429", type=float, default=0.0)
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--blocked", type=int, nargs="*", default=[])
    parser.add_argument("--no-freeze", dest="freeze", action="store_false")
    asyncio.run(serve(parser.parse_args()))


if __name__ == "__main__":
    main()
