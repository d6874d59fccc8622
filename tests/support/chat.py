"""A transcript-style test client for the core.

``await chat.send("/start")``, ``await chat.press("Vạn Thắng")``, then read ``chat.text``.

It talks to the real Assistant (router, features, storage) exactly as a channel does.
"""

from __future__ import annotations

from bot.channels.console import html_to_text
from bot.core import Assistant
from bot.messages import Attachment, Button, Incoming, Kind, Reply


class ChatClient:
    """One user talking to the assistant; remembers the buttons shown last."""

    def __init__(
        self, assistant: Assistant, user_id: str = "u1", name: str = "Lan", channel: str = "test"
    ) -> None:
        self.assistant = assistant
        self.user_id = user_id
        self.name = name
        self.channel = channel
        self.last: list[Reply] = []

    async def _do(self, incoming: Incoming) -> list[Reply]:
        self.last = await self.assistant.handle(incoming)
        return self.last

    async def send(self, text: str) -> list[Reply]:
        return await self._do(Incoming.from_text(self.channel, self.user_id, text, self.name))

    async def send_kind(self, kind: Kind, **fields: object) -> list[Reply]:
        incoming = Incoming(self.channel, self.user_id, self.name, kind, **fields)  # type: ignore[arg-type]
        return await self._do(incoming)

    async def send_file(self, attachment: Attachment, *, photo: bool = True) -> list[Reply]:
        return await self.send_kind(Kind.PHOTO if photo else Kind.DOCUMENT, attachment=attachment)

    async def press_payload(self, payload: str) -> list[Reply]:
        return await self._do(
            Incoming(self.channel, self.user_id, self.name, Kind.BUTTON, payload=payload)
        )

    def buttons(self) -> list[Button]:
        return [b for reply in self.last for row in reply.buttons for b in row]

    def button(self, label_part: str) -> Button:
        for b in self.buttons():
            if label_part.lower() in b.label.lower():
                return b
        labels = [b.label for b in self.buttons()]
        raise AssertionError(f"no button containing {label_part!r}; shown: {labels}")

    async def press(self, label_part: str) -> list[Reply]:
        return await self.press_payload(self.button(label_part).payload)

    @property
    def text(self) -> str:
        """Everything the last answer said, as plain text."""
        return "\n".join(html_to_text(r.text) for r in self.last)
