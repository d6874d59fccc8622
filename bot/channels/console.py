"""The console channel: the same assistant in a terminal (``ocop-bot chat``).

Buttons print as numbered choices and typing the number presses the button (a button may
carry its own number: the registration summary numbers its fields' buttons as its fields). Works
interactively and with piped input (one message per line), so conversations can be
scripted; ``/file PATH`` sends a local file (a photo when it is an image). Exits on EOF
or Ctrl-C. The user id is fixed by ``--user``, so restarting continues the conversation.
"""

from __future__ import annotations

import asyncio
import html
import re
import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from bot.channels import ChannelPort
from bot.delivery import DeliveryResult, Outcome
from bot.files import FileRejected, guess_type, store_bytes
from bot.messages import Button, Incoming, Kind, Reply, numbered

CHANNEL = "console"
_TAG = re.compile(r"</?(b|strong|i|em|u|s|code|pre|a)( [^>]*)?>")


def html_to_text(text: str) -> str:
    """Telegram-HTML reply text as plain terminal text."""
    return html.unescape(_TAG.sub("", text))


class ConsoleChannel:
    """Reads lines, hands them to the assistant, prints the replies."""

    def __init__(
        self,
        assistant: ChannelPort,
        user_id: str,
        name: str,
        *,
        stdin: TextIO = sys.stdin,
        stdout: TextIO = sys.stdout,
    ) -> None:
        self.assistant = assistant
        self.user_id = user_id
        self.name = name
        self.stdin = stdin
        self.stdout = stdout
        self.interactive = stdin.isatty()
        self.choices: dict[int, Button] = {}  # number shown → button
        assistant.register_sender(ConsoleSender(self))

    def incoming_for(self, line: str) -> Incoming:
        """Turn one typed line into an Incoming (numbers press the buttons shown last)."""
        stripped = line.strip()
        button = self.choices.get(int(stripped)) if stripped.isdigit() else None
        if button is not None:
            return Incoming(
                CHANNEL,
                self.user_id,
                self.name,
                Kind.BUTTON,
                payload=button.payload,
                text=button.label,
            )
        if stripped.startswith("/file"):
            return self._file(stripped[5:].strip())
        return Incoming.from_text(CHANNEL, self.user_id, line.rstrip("\n"), self.name)

    def _file(self, raw_path: str) -> Incoming:
        path = Path(raw_path.strip("'\"")).expanduser()
        if not raw_path or not path.is_file():
            return Incoming(
                CHANNEL,
                self.user_id,
                self.name,
                Kind.UNSUPPORTED,
                unsupported="missing_file",
                text=raw_path,
            )
        mime = guess_type(path.name)
        kind = Kind.PHOTO if mime.startswith("image/") else Kind.DOCUMENT
        files_dir = self.assistant.files_dir
        try:
            attachment = store_bytes(path.read_bytes(), path.name, mime, files_dir)
        except FileRejected as rejected:
            return Incoming(
                CHANNEL, self.user_id, self.name, kind, attachment_error=rejected.reason
            )
        return Incoming(CHANNEL, self.user_id, self.name, kind, attachment=attachment)

    def render(self, replies: list[Reply]) -> None:
        choices = numbered([b for reply in replies for row in reply.buttons for b in row])
        shown = iter(choices)
        for reply in replies:
            print(html_to_text(reply.text), file=self.stdout)
            if reply.file is not None:
                print(f"📎 Tệp: {reply.file.path.resolve()}", file=self.stdout)
            for row in reply.buttons:
                for _ in row:
                    number, button = next(shown)
                    print(f"  [{number}] {button.label}", file=self.stdout)
            print(file=self.stdout)
        if choices:
            self.choices = dict(choices)
        self.stdout.flush()

    async def _deliver(self, replies: list[Reply]) -> None:
        self.render(replies)

    def _start_reader(self) -> asyncio.Queue[str]:
        """Read stdin on a daemon thread, so Ctrl-C never waits for a pending readline."""
        loop = asyncio.get_running_loop()
        lines: asyncio.Queue[str] = asyncio.Queue()

        def pump() -> None:
            while True:
                line = self.stdin.readline()
                loop.call_soon_threadsafe(lines.put_nowait, line)
                if not line:
                    return

        threading.Thread(target=pump, name="console-stdin", daemon=True).start()
        return lines

    async def run(self) -> None:
        lines = self._start_reader()
        while True:
            if self.interactive:
                print("Bạn: ", end="", file=self.stdout, flush=True)
            try:
                line = await lines.get()
            except asyncio.CancelledError:
                break
            if not line:
                break
            if not self.interactive:
                print(f"» {line.rstrip()}", file=self.stdout)
            await self.assistant.process(self.incoming_for(line), self._deliver, local=True)
        if self.interactive:
            print("\nTạm biệt! Dữ liệu của bạn đã được lưu.", file=self.stdout)


class ConsoleSender:
    """Messages the assistant starts itself (announcements, notices, progress), printed.

    The terminal has one person at it: messages for other console user ids are printed
    with who they were for; only the person's own messages update the numbered choices.
    """

    channel = CHANNEL

    def __init__(self, console: ConsoleChannel) -> None:
        self.console = console
        self._count = 0

    async def deliver(self, external_id: str, replies: Sequence[Reply]) -> DeliveryResult:
        self._count += 1
        out = self.console.stdout
        if external_id != self.console.user_id:
            print(f"📨 (tin gửi tới người dùng «{external_id}»)", file=out)
            for reply in replies:
                print(html_to_text(reply.text), file=out)
            print(file=out, flush=True)
        else:
            self.console.render(list(replies))
        return DeliveryResult(Outcome.SENT, message_id=str(self._count))

    async def edit(self, external_id: str, message_id: str, reply: Reply) -> DeliveryResult:
        if external_id == self.console.user_id:
            print(f"✏️ {html_to_text(reply.text)}", file=self.console.stdout, flush=True)
        return DeliveryResult(Outcome.SENT, message_id=message_id)
