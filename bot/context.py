"""What every handler gets: :class:`Context`, one incoming message with its user and session.

The seam between the core and the features: the core (:mod:`bot.core`) builds a Context for
each message and hands it to the routes; a feature reads the user and the session from it,
moves the user to another :class:`~bot.modes.Mode` with :meth:`Context.set_mode`, and reaches
storage, texts and knowledge only through ``ctx.services``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.messages import Incoming
from bot.modes import Mode
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

    async def set_mode(self, mode: Mode, data: dict[str, Any] | None = None) -> None:
        """Move the user to ``mode`` (saved at once) and keep the context in step."""
        await self.services.users.save_session(self.user.id, mode, data)
        self.session = Session(mode, dict(data or {}))

    async def refresh_user(self) -> None:
        user = await self.services.users.get(self.user.id)
        if user is not None:
            self.user = user
