"""The Zalo channel: updates in (from the poller or the webhook), replies out, in user order.

Owns what happens to one update: drop it when it was taken in before (its ``event_name`` +
``message_id`` key, kept durably through the port), answer protected users and unsupported
messages politely itself, look a typed digit or label up in the user's kept menu, turn the
rest into an :class:`~bot.messages.Incoming`, and hand it to the core with a ``deliver`` that
keeps the menu (before sending, marked shown after) and sends the messages. A 403 marks the
user blocked. :class:`ZaloSender` sends what the assistant starts itself (announcements,
notices) the same way. Each user's updates go through one lane (``lanes``), in order.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import replace

import httpx

from bot.channels import ChannelPort, Deliver
from bot.channels.zalo.client import ZaloClient
from bot.channels.zalo.inbound import (
    CHANNEL,
    DownloadFailed,
    button_incoming,
    image_incoming,
    sticker_incoming,
    text_incoming,
)
from bot.channels.zalo.lanes import Lanes
from bot.channels.zalo.menus import Picked, Stale, menu_of, read_choice
from bot.channels.zalo.outgoing import Link, Outgoing, no_link, outgoing
from bot.channels.zalo.render import split_text
from bot.channels.zalo.sending import Outcome, Result, send_all
from bot.channels.zalo.updates import Event, ZaloUpdate
from bot.delivery import DeliveryResult
from bot.delivery import Outcome as Delivered
from bot.messages import Incoming, Reply, ShownMenu, rows

log = logging.getLogger(__name__)


class ZaloChannel:
    """Takes updates in (:meth:`take`, returns at once) and answers them through the core."""

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
        self.lanes: Lanes[ZaloUpdate] = Lanes(self._handle)
        self.handled = 0  # updates finished (answered, dropped or failed)

    def take(self, update: ZaloUpdate) -> None:
        """Queue ``update`` in its user's lane."""
        self.lanes.put(update.user_id, update)

    # -- one update ---------------------------------------------------------------------------

    async def _handle(self, update: ZaloUpdate) -> None:
        try:
            await self._answer(update)
        except Exception:
            log.exception("zalo: failed to handle %s", update.event_name)
            await self._say(update.chat_id, self.port.texts.t("core.error"))
        finally:
            self.handled += 1

    async def _answer(self, update: ZaloUpdate) -> None:
        if not update.is_private or update.is_bot:
            log.info("zalo: %s from a group or a bot ignored", update.event_name)
            return
        if update.message_id and not await self.port.first_delivery(CHANNEL, update.dedupe_key):
            log.info("zalo: %s delivered again; skipped", update.event_name)
            return
        incoming = await self._incoming(update)
        if incoming is not None:
            await self.port.process(incoming, self._deliverer(update))

    def _deliverer(self, update: ZaloUpdate) -> Deliver:
        async def deliver(replies: list[Reply]) -> None:
            await self.deliver(update.chat_id, update.user_id, replies, patient=True)

        return deliver

    async def _incoming(self, update: ZaloUpdate) -> Incoming | None:
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
                return await image_incoming(update, self.http, self.port.files_dir)
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

    async def drain(self, timeout: float) -> bool:
        """Let the updates taken in finish (shutdown); False when some were still running."""
        done = await self.lanes.join(timeout)
        if not done:
            await self.lanes.cancel()
        return done


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
