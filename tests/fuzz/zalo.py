"""The Zalo channel's side of a fuzz walk: buttons typed as the numbers the phone shows.

Owns :class:`ZaloFront`, which stands where the Zalo channel stands (without HTTP): a button
a producer wants to press is typed as the number printed before its label in the messages
the user last saw (sometimes as its label, with or without diacritics; a stale or forged
press as a number that may not be shown), the typed text is looked up in the menu kept
through the port (``read_choice``), replies are rendered to Zalo messages (``outgoing``)
and their menu kept, as ``ZaloChannel.deliver`` does. It checks, every step:

* every choice kept is printed with the number that picks it;
* a number the user typed that picks a choice picks the one printed with that number;
* a number printed nowhere in the last list never picks anything;
* every message is 1–2,000 characters;
* what Zalo cannot carry to a bot (a PDF or Word file, a contact, a location, a voice note,
  a video, a protected user's message) arrives as "unsupported" and is answered by the
  channel itself, never by the core, as is now and then a photo Zalo will not let us
  download (``zalo.photo_failed``); the list on the phone stays, and the numbers typed after
  it are checked against it like any others. A sticker reaches the core as on the channel;
  photos go through as downloaded images.
"""

from __future__ import annotations

import random
import re
from dataclasses import replace

from bot.channels.zalo.menus import Picked, Stale, menu_of, read_choice
from bot.channels.zalo.outgoing import outgoing
from bot.channels.zalo.render import size, without_number
from bot.core import Assistant
from bot.messages import Button, Incoming, Kind, OutFile, Reply, ShownMenu, numbered, rows
from knowledge.text import strip_marks
from tests.fuzz.inputs import CHANNEL, Persona

_LINE = re.compile(r"^(\d+)\. (.+)$", re.MULTILINE)


def _fake_link(file: OutFile) -> str:
    return f"https://ocop.example.invalid/f/{file.file_name}"


class ZaloFront:
    """Types instead of pressing; keeps and checks the numbered menus (see the module doc)."""

    def __init__(self, assistant: Assistant, rng: random.Random) -> None:
        self.assistant = assistant
        self.rng = rng
        self.lines: dict[str, dict[int, str]] = {}  # user → number → label, as last shown
        self.problems: list[str] = []
        self.digits = 0
        self.labels = 0
        self.stale = 0
        self.unsupported = 0  # answered by the channel itself (Zalo could not carry it)
        self.photos = 0
        self._handled: dict[int, Incoming] = {}  # id of what the walker sent → what the core got

    def as_handled(self, incoming: Incoming) -> Incoming:
        return self._handled.pop(id(incoming), incoming)

    def take_problems(self) -> list[str]:
        problems, self.problems = self.problems, []
        return problems

    async def handle(self, persona: Persona, incoming: Incoming) -> list[Reply]:
        if persona.officer_commune is not None:  # officers keep Telegram or the web page
            return await self.assistant.handle(incoming)
        who = persona.external_id
        sent = incoming
        own = self._channel_answer(incoming)
        if own is not None:
            return await self._answered_by_channel(persona, own)
        if incoming.kind is Kind.PHOTO:
            self.photos += 1
        if incoming.kind is Kind.BUTTON:
            typed = self._typed_for(persona, incoming)
            incoming = Incoming.from_text(CHANNEL, who, typed, persona.name)
        kept = await self.assistant.shown_menu(CHANNEL, who)
        if incoming.kind is Kind.TEXT:
            choice = read_choice(incoming.text, kept)
            shown = self.lines.get(who, {})
            number = incoming.text.strip().rstrip(".)")
            if isinstance(choice, Picked):
                if number.isdigit():
                    self.digits += 1
                    printed = shown.get(int(number))
                    if printed not in _as_listed(int(number), choice.button.label):
                        self.problems.append(
                            f"{who}: typed {number}, shown {printed!r}, picked "
                            f"{choice.button.label!r} ({choice.button.payload})"
                        )
                else:
                    self.labels += 1
                incoming = Incoming(
                    CHANNEL, who, persona.name, Kind.BUTTON,
                    payload=choice.button.payload, text=choice.button.label,
                )  # fmt: skip
            elif isinstance(choice, Stale) and kept is not None:
                self.stale += 1
                note = self.assistant.texts.t("zalo.stale_number", number=choice.number)
                again = [Reply(note, rows(*kept.buttons))]
                await self._show(persona, again, replace(kept, shown=False))
                self._handled[id(sent)] = incoming
                return again
        self._handled[id(sent)] = incoming  # a press typed may have picked another choice
        replies = await self.assistant.handle(incoming)
        await self._show(persona, replies, menu_of(replies))
        return replies

    def _channel_answer(self, incoming: Incoming) -> str | None:
        """The text key the channel answers with itself, or None when the core gets it."""
        if incoming.kind in (Kind.DOCUMENT, Kind.CONTACT, Kind.LOCATION):
            return "zalo.unsupported"  # no such event on Zalo: it comes as "unsupported"
        if incoming.kind is Kind.UNSUPPORTED and incoming.unsupported != "sticker":
            return "zalo.unsupported"
        if incoming.kind is Kind.PHOTO and self.rng.random() < 0.05:
            return "zalo.photo_failed"  # the photo URL could not be downloaded
        return None

    async def _answered_by_channel(self, persona: Persona, key: str) -> list[Reply]:
        """What ``ZaloChannel`` does with an update it answers itself: its own reply, nothing
        for the core, the phone's list left as it was (so the numbers typed next are checked
        against it; the channel's side of this is tests/test_zalo_channel.py)."""
        self.unsupported += 1
        return [Reply(self.assistant.texts.t(key))]

    def _typed_for(self, persona: Persona, incoming: Incoming) -> str:
        """What a Zalo user types to press this button."""
        label = next((b.label for b in _buttons(persona) if b.payload == incoming.payload), None)
        shown = self.lines.get(persona.external_id, {})
        numbers = [n for n, text in shown.items() if label and text in _as_listed(n, label)]
        roll = self.rng.random()
        if label is not None and numbers and roll < 0.7:
            return str(numbers[-1])
        if label is not None and roll < 0.85:
            return label
        if label is not None:
            return strip_marks(label).lower()
        return str(self.rng.randint(1, 30))  # a stale or forged press: some number

    async def _show(self, persona: Persona, replies: list[Reply], kept: ShownMenu | None) -> None:
        """Render as the channel does, keep the menu, remember the numbered lines."""
        who = persona.external_id
        if kept is not None:
            await self.assistant.save_menu(CHANNEL, who, kept)
        messages = outgoing(replies, kept, self.assistant.texts, _fake_link)
        for message in messages:
            if not 1 <= size(message.text or "x") <= 2000:
                self.problems.append(f"{who}: a Zalo message of {size(message.text)} characters")
        if kept is None:
            return  # the phone still shows the last list
        await self.assistant.save_menu_shown(CHANNEL, who)
        lines: dict[int, str] = {}
        for message in messages:
            for number, label in _LINE.findall(message.text):
                lines[int(number)] = label
        self.lines[who] = lines
        if kept.numbered:  # every choice is printed with the number that picks it
            for number, button in numbered(kept.buttons):
                if lines.get(number) not in _as_listed(number, button.label):
                    self.problems.append(f"{who}: {button.label!r} not shown as {number}.")


def _as_listed(number: int, label: str) -> tuple[str, str]:
    """How a choice may read in the list: its label, without a copy of its own number."""
    return (label, without_number(number, label))


def _buttons(persona: Persona) -> list[Button]:
    return [
        Button(label, payload) for label, payload in zip(persona.labels, persona.shown, strict=True)
    ]
