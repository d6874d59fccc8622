"""What a feature plugs in (:class:`Feature`); the Context it gets is :mod:`bot.context`.

A feature owns a button-payload prefix (``"r"`` → ``"r:..."``), the session modes it
drives, and optionally commands. The router asks features in order; unknown payloads and
commands get a polite reply from the router itself.
"""

from __future__ import annotations

from typing import Protocol

from bot.context import Context
from bot.messages import Kind, Reply
from bot.modes import Mode


class Feature:
    """Base of a feature; override what the feature handles. Defaults handle nothing."""

    name: str = ""
    prefix: str = ""  # a bot.payloads.Prefix
    modes: frozenset[Mode] = frozenset()
    commands: tuple[str, ...] = ()  # described in knowledge/replies/commands.yaml

    async def on_command(self, ctx: Context) -> list[Reply] | None:
        """A command listed in ``commands`` (``ctx.incoming.command``)."""
        return None

    async def on_button(self, ctx: Context, action: str) -> list[Reply]:
        """A button whose payload is ``"<prefix>:<action>"``."""
        return []

    async def on_message(self, ctx: Context) -> list[Reply]:
        """Anything else while the session mode is one of ``modes``."""
        return []

    async def on_deeplink(self, ctx: Context, payload: str) -> list[Reply] | None:
        """``/start <payload>``; return None when the payload is not this feature's."""
        return None

    async def on_start(self, ctx: Context) -> list[Reply]:
        """Extra replies after the /start greeting of a known user (e.g. "continue draft?")."""
        return []

    async def on_edit(self, ctx: Context) -> list[Reply] | None:
        """The user edited an earlier message (``Kind.EDITED``: its new ``text``, its
        ``message_id``); None when the edit is not this feature's to apply."""
        return None

    async def on_commune_set(self, ctx: Context, pending: dict[str, object]) -> list[Reply]:
        """Extra replies once the producer has chosen a commune; ``pending`` is the session
        data of the commune question (e.g. a hand-off that was waiting for the commune)."""
        return []

    async def reprompt(self, ctx: Context) -> list[Reply]:
        """Ask again what the feature was waiting for (after bad input or an interruption)."""
        return []

    async def cancel(self, ctx: Context) -> None:
        """Leave the feature's mode; saved data stays."""
        return None

    async def answer_question(self, ctx: Context, text: str) -> list[Reply] | None:
        """Answer free text as a question (only the FAQ feature does)."""
        return None


class QuickAnswers(Protocol):
    """A confident answer to a question typed in the middle of a task (the seam through which
    the registration form asks the FAQ feature without importing it; ``bot.app`` wires it)."""

    async def try_answer(
        self, ctx: Context, text: str, *, asked: bool = False
    ) -> list[Reply] | None:
        """The answer when the text reads as a question (or the producer said it is one:
        ``asked``) and matches confidently, else None."""
        ...

    async def send_to_officer(self, ctx: Context, question: str) -> list[Reply]:
        """Hand ``question`` (worded by the assistant for the producer) to the commune's
        officers, as if the producer had asked it and pressed "Hỏi cán bộ xã"."""
        ...


_WHAT = {
    Kind.PHOTO: "core.what_photo",
    Kind.DOCUMENT: "core.what_document",
    Kind.CONTACT: "core.what_contact",
    Kind.LOCATION: "core.what_location",
}
_UNSUPPORTED = {
    "sticker": "core.what_sticker",
    "voice": "core.what_voice",
    "audio": "core.what_voice",
    "video": "core.what_video",
    "video_note": "core.what_video",
    "animation": "core.what_video",
    "missing_file": "core.what_missing_file",
}


def what_was_sent(ctx: Context) -> str:
    """Vietnamese words for the kind of thing the user sent ("nhãn dán (sticker)", "ảnh")."""
    incoming = ctx.incoming
    key = _WHAT.get(incoming.kind) or _UNSUPPORTED.get(incoming.unsupported, "core.what_other")
    return ctx.t(key)
