"""What every handler module gets (:class:`Context`) and what a feature plugs in (:class:`Feature`).

A feature owns a button-payload prefix (``"r"`` → ``"r:..."``), the session modes it
drives, and optionally commands. The router asks features in order; unknown payloads and
commands get a polite reply from the router itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.messages import Incoming, Kind, Reply
from bot.services import Services
from bot.storage.users import Session, User


@dataclass
class Context:
    """One incoming message with the user it came from and where that user is."""

    incoming: Incoming
    user: User
    session: Session
    services: Services
    is_new_user: bool = False

    def t(self, key: str, **values: object) -> str:
        return self.services.texts.t(key, **values)

    async def set_mode(self, mode: str, data: dict[str, Any] | None = None) -> None:
        """Move the user to ``mode`` (saved at once) and keep the context in step."""
        await self.services.users.save_session(self.user.id, mode, data)
        self.session = Session(mode, dict(data or {}))

    async def refresh_user(self) -> None:
        user = await self.services.users.get(self.user.id)
        if user is not None:
            self.user = user


class Feature:
    """Base of a feature; override what the feature handles. Defaults handle nothing."""

    name: str = ""
    prefix: str = ""
    modes: frozenset[str] = frozenset()
    commands: dict[str, str] = {}

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

    async def reprompt(self, ctx: Context) -> list[Reply]:
        """Ask again what the feature was waiting for (after bad input or an interruption)."""
        return []

    async def cancel(self, ctx: Context) -> None:
        """Leave the feature's mode; saved data stays."""
        return None

    async def answer_question(self, ctx: Context, text: str) -> list[Reply] | None:
        """Answer free text as a question (only the FAQ feature does)."""
        return None


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
