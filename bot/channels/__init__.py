"""Channels: each turns its own events into Incoming and renders Reply objects.

A channel sees the core only through :class:`ChannelPort` — never ``Services``, storage or
the features. :class:`bot.core.Assistant` implements it. A new channel (Zalo, an officer
web page) needs nothing else:

1. at start-up :meth:`~ChannelPort.register_reader` its :class:`UpdateReader` and
   :meth:`~ChannelPort.register_sender` its :class:`~bot.delivery.Sender` (announcements
   and notices reach its users through it); at shutdown
   :meth:`~ChannelPort.remove_reader` (updates in hand finish) and
   :meth:`~ChannelPort.remove_sender`;
2. hand every update it receives, as it arrives and untouched, to
   :meth:`ChannelPort.accept` with its identity (the platform's update id; Zalo:
   ``event_name:message_id``) and the sender's id, and confirm it to the platform only
   after ``accept`` returned (the next ``getUpdates`` offset, or the webhook's 200). The
   update is then in the **inbox** (a table): recorded once however often it is
   delivered, in arrival order, and it survives a crash;
3. the core then hands the updates back, one user at a time and in arrival order, to
   :meth:`UpdateReader.decode`, which turns one into an :class:`~bot.messages.Incoming`
   and a ``deliver`` for its replies. Slow work (downloading a file) belongs there: it
   runs inside the user's turn, so a later, quicker message never overtakes it. Ask the
   :class:`FileGate` before fetching any file (flood control and the daily byte quota);
   files are stored under :attr:`ChannelPort.files_dir` with :func:`bot.files.store_bytes`;
4. report users who blocked it with :meth:`~ChannelPort.set_blocked`;
5. to hand a user a stored file as a link instead of an upload (a channel whose API wants a
   URL, a PDF to open in the phone's browser), ask :meth:`~ChannelPort.file_link`: the web
   server (``bot/web``, started with the bots) serves it while the link is valid;
6. without buttons (Zalo), show them as a list to type from and keep it per user with
   :meth:`~ChannelPort.save_menu` / :meth:`~ChannelPort.shown_menu`, so a digit typed after
   a restart still means what the user saw (the Zalo channel reads the kept list in
   :meth:`UpdateReader.decode`, inside the user's turn).

What a crash does: an update is handled in one database transaction that also marks it
done, and its replies go out after that commit. Killed before the commit, nothing of the
handling is kept and the update is handled again after the restart; killed after it, the
update is never handled again (at worst its replies are not sent). The console, with a
person at the keyboard, calls :meth:`ChannelPort.process` directly instead.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Protocol

from bot.delivery import Sender
from bot.messages import Incoming, Reply, ShownMenu
from bot.pace import SlotReserver
from knowledge.replies import Texts

Deliver = Callable[[list[Reply]], Awaitable[None]]
"""Renders the replies of one message; called while the user's turn is held."""


@dataclass(frozen=True)
class Arrival:
    """An update from the inbox, as the channel handed it to :meth:`ChannelPort.accept`."""

    channel: str
    update_key: str
    user_key: str
    payload: str


@dataclass(frozen=True)
class Decoded:
    """What a channel read from an update: the message for the core (None when there is
    nothing to answer: a group chat, a block reported, …) and how to send its replies.
    ``failed``: the channel could not read it (it logged why); the user gets an apology."""

    incoming: Incoming | None
    deliver: Deliver
    failed: bool = False


class FileGate(Protocol):
    """Asked before fetching a file the user sent."""

    async def admit(self, size: int | None) -> str:
        """``""`` when the file may be fetched now (its bytes are counted against the user's
        daily quota; an unknown size counts as the largest file), else why not:
        ``"flood"`` (the user is flooding) or ``"quota"`` (today's bytes are used up).
        Put the reason in ``Incoming.attachment_error``."""
        ...


class UpdateReader(Protocol):
    """A channel's side of the inbox (see the module docstring)."""

    channel: str

    async def decode(self, arrival: Arrival, gate: FileGate) -> Decoded:
        """Read one update; ``Decoded.incoming.user_id`` must be ``arrival.user_key``."""
        ...

    def settled(self, arrival: Arrival) -> None:
        """The update was handled here (answered, or dropped by flood control) and its
        replies delivered; not called for an update another process handled."""
        ...


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

    async def accept(self, channel: str, update_key: str, user_key: str, payload: str) -> bool:
        """Record an update in the inbox (durably) before the channel confirms it; False
        when the same (channel, update key) was recorded before (it is handled once)."""
        ...

    def register_reader(self, reader: UpdateReader) -> None:
        """Start handing ``reader.channel``'s updates (waiting ones first) to ``reader``."""
        ...

    async def remove_reader(self, channel: str) -> None:
        """Stop handing out the channel's updates; return once those in hand are done."""
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

    async def hold_lease(self, name: str, ttl: float) -> bool:
        """Take or renew the named lease for this process for ``ttl`` seconds; False while
        another live process holds it (one long-polling consumer per bot across workers)."""
        ...

    async def release_lease(self, name: str) -> None:
        """Give a lease back (a clean stop: a standby process takes over at once)."""
        ...

    def shared_pace(self, channel: str) -> SlotReserver | None:
        """Where the channel's global send slots come from when several worker processes
        send for the same bot (PostgreSQL): one schedule in the database, reserved a few
        slots at a time (:class:`bot.pace.ChannelPace` ``reserve=``). None: this process is
        the only sender (SQLite), pace in memory."""
        ...

    async def first_delivery(self, channel: str, key: str) -> bool:
        """Record an update's key (durably); False when it was taken in before (a redelivery).

        Stands in until the channel-neutral inbox (issue 11) lands."""
        ...
