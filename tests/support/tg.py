"""Transcript-style helpers for end-to-end tests of the Telegram channel.

A :class:`TgUser` is a simulated Telegram user talking to the real bot (PTB ``Application``,
core, SQLite) through the fake Bot API server over loopback::

    replies = await lan.send("/start", expect=2)
    await lan.press("Xã Vạn Thắng", expect=3)

``expect`` is how many bot messages the step must produce; the helpers wait on the fake's
recorded messages (no sleeps) and return them.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from pydantic import SecretStr

from bot.app import open_assistant
from bot.channels.telegram import serve
from bot.channels.telegram.channel import TelegramChannel
from bot.channels.telegram.pacing import Pacing
from bot.settings import Settings
from tests.fakes.bot_api import FakeBotApi, PushedUpdate, SentMessage

# Tests are not about pacing (unit-tested on its own): let replies out without waiting.
NO_WAIT = Pacing(overall_rate=1e9, overall_limit=10**9, chat_burst=10**9)


def telegram_settings(settings: Settings, api: FakeBotApi, **more: object) -> Settings:
    """``settings`` pointed at the fake Bot API server."""
    update: dict[str, object] = {
        "telegram_bot_token": SecretStr(api.token),
        "telegram_api_base_url": api.base_url,
        "telegram_api_file_url": api.base_file_url,
        **more,
    }
    return settings.model_copy(update=update)


@asynccontextmanager
async def running_bot(
    settings: Settings, *, pacing: Pacing = NO_WAIT
) -> AsyncIterator[TelegramChannel]:
    """The whole bot (database, core, PTB Application) started, stopped at the end."""
    async with (
        open_assistant(settings) as assistant,
        serve(settings, assistant, pacing=pacing) as channel,
    ):
        channel.api.backoff = 0.01  # 5xx retries without the production back-off
        yield channel


@dataclass
class TgUser:
    """One simulated user in a private chat with the bot."""

    api: FakeBotApi
    user_id: int
    first_name: str = "Lan"

    last_update_id: int = 0

    def __post_init__(self) -> None:
        self.api.set_user(self.user_id, first_name=self.first_name)

    def _pushed(self, pushed: PushedUpdate) -> PushedUpdate:
        self.last_update_id = pushed.update_id
        return pushed

    def _last_bot_id(self) -> int:
        sent = self.api.sent_messages(self.user_id)
        return sent[-1].message_id if sent else 0

    async def _wait(self, after: int, expect: int) -> list[SentMessage]:
        return await self.api.wait_for_messages(self.user_id, expect, after=after)

    async def send(self, text: str, *, expect: int = 1) -> list[SentMessage]:
        """Type ``text`` (commands included) and wait for ``expect`` bot messages."""
        pushed = self._pushed(self.api.send_text(self.user_id, text))
        return await self._wait(pushed.message_id or 0, expect)

    async def start(self, payload: str = "", *, expect: int = 2) -> list[SentMessage]:
        """``/start`` — with ``payload`` it is what a deep link ``t.me/bot?start=...`` sends."""
        pushed = self._pushed(self.api.send_command(self.user_id, "/start", payload or None))
        return await self._wait(pushed.message_id or 0, expect)

    async def press(self, label: str, *, expect: int = 1) -> list[SentMessage]:
        """Press the inline button labelled ``label`` on the latest message showing it."""
        after = self._last_bot_id()
        self._pushed(self.api.press_button(self.user_id, text=label))
        return await self._wait(after, expect)

    async def press_data(
        self, data: str, *, strict: bool = True, expect: int = 1
    ) -> list[SentMessage]:
        """Press the button with callback data ``data``; ``strict=False`` presses it even if
        no message shows it (an old client, a button already taken away)."""
        after = self._last_bot_id()
        self._pushed(self.api.press_button(self.user_id, data=data, strict=strict))
        return await self._wait(after, expect)

    async def push(self, pushed: PushedUpdate, *, expect: int = 1) -> list[SentMessage]:
        """Wait for the replies to an update pushed with one of the fake's ``send_*``."""
        self._pushed(pushed)
        return await self._wait(pushed.message_id or self._last_bot_id(), expect)

    def texts(self, messages: list[SentMessage]) -> str:
        return "\n".join(m.shown_text for m in messages)


class TgChat:
    """A user's chat read like ``tests.support.chat.ChatClient``, over the real Telegram stack.

    Each step pushes one update and waits until the bot has finished with it (the channel's
    :class:`~bot.channels.telegram.channel.Finished`), so no step needs to know how many
    messages its answer has. ``text`` and ``buttons()`` are about the last step's messages.
    ``channel`` may be replaced after the bot was restarted.
    """

    def __init__(
        self, api: FakeBotApi, channel: TelegramChannel, user_id: int, name: str = "Lan"
    ) -> None:
        self.api = api
        self.channel = channel
        self.user_id = user_id
        self.last: list[SentMessage] = []
        api.set_user(user_id, first_name=name)

    async def _do(self, pushed: PushedUpdate) -> list[SentMessage]:
        before = {m.message_id for m in self.api.sent_messages(self.user_id)}
        await self.channel.finished.wait(pushed.update_id)
        self.last = [m for m in self.api.sent_messages(self.user_id) if m.message_id not in before]
        return self.last

    async def send(self, text: str) -> list[SentMessage]:
        return await self._do(self.api.send_text(self.user_id, text))

    async def send_photo(self, data: bytes) -> list[SentMessage]:
        return await self._do(self.api.send_photo(self.user_id, data))

    async def send_document(self, data: bytes, file_name: str, mime: str) -> list[SentMessage]:
        return await self._do(self.api.send_document(self.user_id, data, file_name, mime))

    async def press(self, label_part: str) -> list[SentMessage]:
        """Press the first button of the last step whose label contains ``label_part``."""
        for message in self.last:
            for button in message.buttons:
                if label_part.lower() in button["text"].lower():
                    pushed = self.api.press_button(
                        self.user_id, message.message_id, data=button["callback_data"]
                    )
                    return await self._do(pushed)
        raise AssertionError(f"no button containing {label_part!r}; shown: {self.labels()}")

    def labels(self) -> list[str]:
        return [b["text"] for m in self.last for b in m.buttons]

    @property
    def text(self) -> str:
        return "\n".join(m.shown_text for m in self.last)
