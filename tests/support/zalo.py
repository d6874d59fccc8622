"""A Zalo user talking to the bot through the fake Zalo Bot API, as a transcript.

``await lan.say("xin chào")`` sends a text the way Zalo would (an update the bot polls or
receives on its webhook) and returns everything the bot sent back, as the phone shows it.
In-process (``channel`` given) it waits until the bot finished with the update; against a
bot process it waits until the new messages contain ``expect``.
"""

from __future__ import annotations

import asyncio
import re
import socket
from collections.abc import AsyncIterator, Callable, Iterable
from contextlib import asynccontextmanager
from pathlib import Path

from bot.app import open_assistant, open_web
from bot.channels.zalo.channel import ZaloChannel
from bot.channels.zalo.render import plain_text, reword
from bot.channels.zalo.runner import Running, serve
from bot.core import Assistant
from bot.settings import Settings, load_settings
from knowledge.replies import Texts
from tests.fakes.zalo_api import FakeZaloApi
from tests.fakes.zalo_methods import Sent

_ITEM = re.compile(r"^(\d+)\. (.+)$", re.MULTILINE)
_TEXTS = Texts.load(Path(__file__).resolve().parents[2] / "knowledge" / "replies")


def as_shown(text: str) -> str:
    """A text of ours (a form question, say) as a Zalo user reads it: reworded, plain."""
    return plain_text(reword(text, _TEXTS.t("zalo.wording")))


def free_port() -> int:
    """A loopback port nobody listens on now (the web server's links need a real one)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def zalo_settings(tmp_path: Path, api: FakeZaloApi, **extra: object) -> Settings:
    """Settings of a bot that talks to ``api`` only (no Telegram), its web server on a free
    port so the file links it sends can be fetched."""
    values: dict[str, object] = {
        "OCOP_DB_PATH": tmp_path / "ocop.db",
        "OCOP_FILES_DIR": tmp_path / "files",
        "OCOP_EXPORTS_DIR": tmp_path / "exports",
        "OCOP_WEB_PORT": free_port(),
        "TELEGRAM_BOT_TOKEN": None,
        "ZALO_BOT_TOKEN": api.token,
        "ZALO_API_BASE_URL": api.base_url,
        "ZALO_POLL_SECONDS": 2,
        "OCOP_FLOOD_MAX_MESSAGES": 0,
        **extra,
    }
    return load_settings(_env_file=None, **values)


@asynccontextmanager
async def running_zalo(settings: Settings) -> AsyncIterator[tuple[Assistant, Running]]:
    """The core, its web server and the Zalo channel, in this event loop."""
    async with (
        open_assistant(settings) as assistant,
        open_web(assistant.services, required=True),
        serve(settings, assistant) as running,
    ):
        yield assistant, running


class ZaloUser:
    """One person on Zalo; remembers what the bot sent them since their last message."""

    def __init__(
        self,
        api: FakeZaloApi,
        user_id: str,
        name: str = "Người dùng",
        channel: ZaloChannel | None = None,
    ) -> None:
        self.api = api
        self.user_id = user_id
        self.name = name
        self.channel = channel
        self.last: list[Sent] = []
        self._before = 0

    async def say(
        self, text: str, *, expect: str | Iterable[str] = "", timeout: float = 20.0
    ) -> str:
        return await self._after(lambda: self.api.send_text(self.user_id, text, name=self.name),
                                 expect, timeout)  # fmt: skip

    async def send_photo(
        self, data: bytes, *, expect: str | Iterable[str] = "", timeout: float = 20.0
    ) -> str:
        return await self._after(
            lambda: self.api.send_image(self.user_id, data, name=self.name), expect, timeout
        )

    async def _after(
        self, push: Callable[[], object], expect: str | Iterable[str], timeout: float
    ) -> str:
        markers = [expect] if isinstance(expect, str) else list(expect)
        markers = [m for m in markers if m]
        before = len(self.api.messages(self.user_id))
        self._before = before
        target = self.channel.handled + 1 if self.channel is not None else 0
        push()
        try:
            async with asyncio.timeout(timeout):
                while True:
                    self.last = self.api.messages(self.user_id)[before:]
                    done = self.channel is None or self.channel.handled >= target
                    if done and (not markers or any(m in self.text for m in markers)):
                        return self.text
                    await asyncio.sleep(0.01)
        except TimeoutError:
            raise AssertionError(
                f"no answer with {markers} within {timeout}s; got: {self.text[-800:]!r}"
            ) from None

    async def more(self, markers: Iterable[str], timeout: float = 20.0) -> str:
        """Keep reading the answer to the last message until it also holds one of
        ``markers`` (the rest of a batch still on its way)."""
        wanted = list(markers)
        async with asyncio.timeout(timeout):
            while True:
                self.last = self.api.messages(self.user_id)[self._before :]
                if any(m in self.text for m in wanted):
                    return self.text
                await asyncio.sleep(0.01)

    @property
    def text(self) -> str:
        """The bot's messages since the last thing this user sent, one after another."""
        return "\n".join(m.text or m.caption for m in self.last)

    def menu(self) -> dict[str, str]:
        """The numbered choices shown since the last message: number → label."""
        return {number: label for number, label in _ITEM.findall(self.text)}

    def number_of(self, label_part: str) -> str:
        """The number to type for the choice whose label contains ``label_part``."""
        for number, label in self.menu().items():
            if label_part.lower() in label.lower():
                return number
        raise AssertionError(f"no choice {label_part!r} in: {self.text[-600:]}")
