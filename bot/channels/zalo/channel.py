"""The Zalo channel: updates into the inbox, and back out of it into the core.

Owns what happens to one update. :meth:`ZaloChannel.receive` records it with
``ChannelPort.accept`` under its ``event_name`` + ``message_id`` key (the poller or the
webhook goes on, or answers 200, only after that returned; an update delivered again is
recorded once). The core hands the updates back one user at a time, in arrival order, to
:meth:`ZaloChannel.decode` (the :class:`~bot.channels.UpdateReader`): it answers protected
users and unsupported messages politely itself, looks a typed digit or label up in the
user's kept menu (a stale digit gets the list again), downloads a photo inside the user's
turn (asking the :class:`~bot.channels.FileGate` first), and returns the
:class:`~bot.messages.Incoming` with a ``deliver`` that keeps the menu (before sending,
marked shown after) and sends the messages. A 403 marks the user blocked.
:class:`ZaloSender` sends what the assistant starts itself (announcements, notices).
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Sequence
from dataclasses import replace
from functools import partial

import httpx

from bot.channels import Arrival, ChannelPort, Decoded, FileGate
from bot.channels.zalo.client import ZaloClient
from bot.channels.zalo.inbound import (
    CHANNEL,
    DownloadFailed,
    button_incoming,
    image_incoming,
    sticker_incoming,
    text_incoming,
)
from bot.channels.zalo.menus import Picked, Stale, menu_of, read_choice
from bot.channels.zalo.outgoing import Link, Outgoing, no_link, outgoing
from bot.channels.zalo.render import split_text
from bot.channels.zalo.sending import Outcome, Result, send_all
from bot.channels.zalo.updates import Event, UpdateError, ZaloUpdate, parse_update
from bot.delivery import DeliveryResult
from bot.delivery import Outcome as Delivered
from bot.messages import Incoming, Reply, ShownMenu, rows

log = logging.getLogger(__name__)


async def _nothing(replies: list[Reply]) -> None:
    """The ``deliver`` of an update the channel answered itself (or need not answer)."""


class ZaloChannel:
    """Records updates in the inbox (:meth:`receive`) and reads them back (:meth:`decode`)."""

    channel = CHANNEL
    name = CHANNEL

    def __init__(
        self,
        port: ChannelPort,
        client: ZaloClient,
        http: httpx.AsyncClient,
        link: Link = no_link,
    ) -> None:
        self.port = port
        self.client = client
        self.http = http
        self.link = link
        self.handled = 0  # updates finished here (answered, dropped or refused)

    # -- into the inbox --------------------------------------------------------------------

    async def receive(self, body: object) -> None:
        """Record one update as Zalo sent it (durably: return only after the inbox has it).
        What cannot be answered (no sender, a group, a bot) is logged and not recorded."""
        try:
            update = parse_update(body)
        except UpdateError as error:
            log.warning("zalo: an update that cannot be answered was skipped: %s", error)
            self.handled += 1
            return
        if not update.is_private or update.is_bot:
            log.info("zalo: %s from a group or a bot ignored", update.event_name)
            self.handled += 1
            return
        payload = json.dumps(body, ensure_ascii=False, separators=(",", ":"))
        key = update.dedupe_key if update.message_id else _digest(payload)
        if not await self.port.accept(CHANNEL, key, update.user_id, payload):
            log.info("zalo: %s delivered again; handled once", update.event_name)
            self.handled += 1

    # -- out of the inbox (bot.channels.UpdateReader) --------------------------------------

    async def decode(self, arrival: Arrival, gate: FileGate) -> Decoded:
        """One update from the inbox → the Incoming and its ``deliver`` (downloads here);
        None when the channel answered it itself."""
        try:
            update = parse_update(json.loads(arrival.payload))
        except (UpdateError, ValueError) as error:
            log.error("zalo: update %s cannot be read: %s", arrival.update_key, error)
            return Decoded(None, _nothing)
        deliver = partial(self._deliver_replies, update.chat_id, update.user_id)
        try:
            incoming = await self._incoming(update, gate)
        except Exception:
            log.exception("zalo: failed to read %s", update.event_name)
            return Decoded(None, deliver, failed=True)
        return Decoded(incoming, deliver if incoming is not None else _nothing)

    def settled(self, arrival: Arrival) -> None:
        self.handled += 1

    async def _deliver_replies(self, chat_id: str, user_id: str, replies: list[Reply]) -> None:
        """The replies of one update (already committed): a failure is logged and apologised
        for, never handed back to the inbox (the update is done)."""
        try:
            await self.deliver(chat_id, user_id, replies, patient=True)
        except Exception:
            log.exception("zalo: replies to a user failed")
            await self._say(chat_id, self.port.texts.t("core.error"))

    async def _incoming(self, update: ZaloUpdate, gate: FileGate) -> Incoming | None:
        """The Incoming for the core, or None when the channel answered by itself."""
        texts = self.port.texts
        if update.event is Event.TEXT:
            menu = await self.port.shown_menu(CHANNEL, update.user_id)
            choice = read_choice(update.text, menu)
            if isinstance(choice, Picked):
                return button_incoming(update, choice.button.payload, choice.button.label)
            if isinstance(choice, Stale) and menu is not None:
                await self._menu_again(update, choice.number, menu)
                return None
            return text_incoming(update)
        if update.event is Event.IMAGE:
            try:
                return await image_incoming(update, self.http, self.port.files_dir, gate.admit)
            except DownloadFailed as failed:
                log.warning("zalo: photo not downloaded: %s", failed)
                await self._say(update.chat_id, texts.t("zalo.photo_failed"))
                return None
        if update.event is Event.STICKER:
            return sticker_incoming(update)
        # Protected users (content withheld), voice, video, files: nothing to hand the core,
        # and nothing about the person is stored.
        await self._say(update.chat_id, texts.t("zalo.unsupported"))
        return None

    async def _menu_again(self, update: ZaloUpdate, number: int, menu: ShownMenu) -> None:
        """A digit that picks nothing safely: the same choices again, numbered afresh."""
        note = self.port.texts.t("zalo.stale_number", number=number)
        again = Reply(note, rows(*menu.buttons))
        await self.deliver(update.chat_id, update.user_id, [again], patient=True, menu=menu)

    # -- sending ------------------------------------------------------------------------------

    async def deliver(
        self,
        chat_id: str,
        user_id: str,
        replies: Sequence[Reply],
        *,
        patient: bool,
        menu: ShownMenu | None = None,
    ) -> Outcome:
        """Send ``replies``; their menu is kept before sending and marked shown once all of
        its messages went out. A 403 marks the user blocked."""
        menu = menu_of(replies) if menu is None else replace(menu, shown=False)
        messages = outgoing(replies, menu, self.port.texts, self.link)
        if menu is not None:
            await self.port.save_menu(CHANNEL, user_id, menu)
        outcome = await send_all(self.client, chat_id, messages, patient=patient)
        if outcome.result is Result.SENT and menu is not None:
            await self.port.save_menu_shown(CHANNEL, user_id)
        elif outcome.result is Result.BLOCKED:
            await self.port.set_blocked(CHANNEL, user_id, True)
        return outcome

    async def _say(self, chat_id: str, text: str) -> None:
        """A short message of the channel's own (best effort: failures are logged)."""
        messages = [Outgoing(chunk) for chunk in split_text(text)]
        try:
            await send_all(self.client, chat_id, messages, patient=True)
        except Exception as error:
            log.warning("zalo: message to %s not sent: %r", chat_id, error)


def _digest(payload: str) -> str:
    """A key for an update without a message id: the same body, the same key."""
    return "sha256:" + hashlib.sha256(payload.encode()).hexdigest()


class ZaloSender:
    """:class:`bot.delivery.Sender` for Zalo: announcements, notices, officers' answers."""

    channel = CHANNEL

    def __init__(self, zalo: ZaloChannel) -> None:
        self.zalo = zalo

    async def deliver(self, external_id: str, replies: Sequence[Reply]) -> DeliveryResult:
        if await self.zalo.port.is_blocked(CHANNEL, external_id):
            return DeliveryResult(Delivered.BLOCKED, error="blocked")
        try:
            outcome = await self.zalo.deliver(external_id, external_id, replies, patient=False)
        except Exception as error:  # reported to the worker, which retries a bounded number
            log.warning("zalo: delivery to a user failed: %r", error)
            return DeliveryResult(Delivered.FAILED, error=type(error).__name__)
        if outcome.result is Result.SENT:
            return DeliveryResult(Delivered.SENT, message_id=outcome.message_id)
        if outcome.result is Result.BLOCKED:
            return DeliveryResult(Delivered.BLOCKED, error="blocked")
        if outcome.result is Result.LIMITED:
            return DeliveryResult(Delivered.RETRY, retry_after=outcome.retry_after)
        return DeliveryResult(Delivered.FAILED, error=outcome.error or "failed")

    async def edit(self, external_id: str, message_id: str, reply: Reply) -> DeliveryResult:
        """Zalo cannot edit a message: an announcement's running progress is not shown there
        (the final report still comes as a message)."""
        return DeliveryResult(Delivered.SENT, message_id=message_id)
