"""Channels: each turns its own events into Incoming and renders Reply objects.

A channel sees the core only through :class:`ChannelPort` — never ``Services``, storage or
the features. :class:`bot.core.Assistant` implements it. A new channel (Zalo, an officer
web page) needs nothing else:

1. turn each event into an :class:`~bot.messages.Incoming` (files stored under
   :attr:`ChannelPort.files_dir` with :func:`bot.files.store_bytes`);
2. call :meth:`ChannelPort.process` with a ``deliver`` that renders the replies in order;
3. at start-up :meth:`~ChannelPort.register_sender` its :class:`~bot.delivery.Sender`, so
   announcements and notices reach its users, and :meth:`~ChannelPort.remove_sender` it at
   shutdown;
4. report users who blocked it with :meth:`~ChannelPort.set_blocked`;
5. to hand a user a stored file as a link instead of an upload (a channel whose API wants a
   URL, a PDF to open in the phone's browser), ask :meth:`~ChannelPort.file_link`: the web
   server (``bot/web``, started with the bots) serves it while the link is valid;
6. without buttons (Zalo), show them as a list to type from and keep it per user with
   :meth:`~ChannelPort.save_menu` / :meth:`~ChannelPort.shown_menu`, so a digit typed after
   a restart still means what the user saw; drop an update delivered twice with
   :meth:`~ChannelPort.first_delivery`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import timedelta
from pathlib import Path
from typing import Protocol

from bot.delivery import Sender
from bot.messages import Incoming, Reply, ShownMenu
from knowledge.replies import Texts

Deliver = Callable[[list[Reply]], Awaitable[None]]
"""Renders the replies of one message; called while the user's turn is held."""


class ChannelPort(Protocol):
    """Everything of the core a channel may use."""

    @property
    def files_dir(self) -> Path:
        """Where the channel stores the files users send."""
        ...

    @property
    def texts(self) -> Texts:
        """The Vietnamese texts (``texts.t("core.error")`` for the channel's own apology)."""
        ...

    async def process(self, incoming: Incoming, deliver: Deliver, *, local: bool = False) -> None:
        """Handle one message and call ``deliver`` with its replies, in order per user.

        ``local`` marks a person at this machine (no flood control)."""
        ...

    async def handle(self, incoming: Incoming) -> list[Reply]:
        """Handle one message and return its replies (for channels that send themselves)."""
        ...

    def commands(self) -> dict[str, str]:
        """Every command with its Vietnamese description (a channel's "/" menu)."""
        ...

    def file_link(self, path: Path, purpose: str, ttl: timedelta, name: str = "") -> str:
        """A signed link (``OCOP_PUBLIC_URL/f/...``) to a stored file, valid for ``ttl``.

        ``path`` must lie in :attr:`files_dir` or the exports folder (ValueError otherwise);
        ``purpose`` is a short lowercase label (``zalo-file``) bound into the signature, so
        the link serves that file for that purpose only; ``name`` is the file name the
        browser offers when saving. Expired links answer 410, altered ones 403. PDFs and
        images open inline (a PDF opens in the phone's browser), other files download.
        """
        ...

    def register_sender(self, sender: Sender) -> None:
        """Send what the assistant starts itself to ``sender.channel``'s users via ``sender``."""
        ...

    def remove_sender(self, channel: str) -> None: ...

    async def is_blocked(self, channel: str, external_id: str) -> bool:
        """Whether the user blocked the bot, as last reported by the channel."""
        ...

    async def set_blocked(self, channel: str, external_id: str, blocked: bool) -> bool:
        """Record that the user blocked (or unblocked) the bot; True when that changed."""
        ...

    async def save_menu(self, channel: str, external_id: str, menu: ShownMenu) -> None:
        """Keep ``menu`` as the list the user sees now (``menu.shown`` False until every
        message carrying it went out: then call :meth:`save_menu_shown`)."""
        ...

    async def save_menu_shown(self, channel: str, external_id: str) -> None:
        """Every message carrying the user's current menu went out."""
        ...

    async def shown_menu(self, channel: str, external_id: str) -> ShownMenu | None:
        """The menu last kept for the user (None: none, or the user is unknown)."""
        ...

    async def first_delivery(self, channel: str, key: str) -> bool:
        """Record an update's key (durably); False when it was taken in before (a redelivery).

        Stands in until the channel-neutral inbox (issue 11) lands."""
        ...
