"""Messages the assistant starts itself, sent to Telegram users.

Owns :class:`TelegramSender`, the :class:`bot.delivery.Sender` of the Telegram channel: the
outbox worker sends announcements, notices and progress edits through it, and it reports
each outcome (sent, blocked, rate-limited, failed) without raising.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from bot.channels.telegram.api_client import Blocked, RateLimited
from bot.channels.telegram.channel import TelegramChannel
from bot.channels.telegram.incoming import CHANNEL
from bot.delivery import DeliveryResult, Outcome
from bot.messages import Reply

log = logging.getLogger(__name__)


class TelegramSender:
    """:class:`bot.delivery.Sender` for Telegram: announcements and status notices."""

    channel = CHANNEL
    paces_itself = True  # the channel's Pacer: one budget with the replies, replies first

    def __init__(self, telegram: TelegramChannel) -> None:
        self.telegram = telegram
        self.api = telegram.api

    async def deliver(self, external_id: str, replies: Sequence[Reply]) -> DeliveryResult:
        if await self.telegram.assistant.is_blocked(CHANNEL, external_id):
            return DeliveryResult(Outcome.BLOCKED, error="blocked")
        message_id = ""
        try:
            for reply in replies:
                sent = await self.api.send_reply(int(external_id), reply, urgent=False)
                if sent:
                    message_id = str(sent[-1].message_id)
        except Blocked:
            return DeliveryResult(Outcome.BLOCKED, error="blocked")
        except RateLimited as limited:
            return DeliveryResult(Outcome.RETRY, retry_after=limited.retry_after)
        except Exception as error:  # reported to the caller, which retries a bounded number
            log.warning("delivery to telegram:%s failed: %r", external_id, error)
            return DeliveryResult(Outcome.FAILED, error=type(error).__name__)
        return DeliveryResult(Outcome.SENT, message_id=message_id)

    async def edit(self, external_id: str, message_id: str, reply: Reply) -> DeliveryResult:
        try:
            await self.api.edit(int(external_id), int(message_id), reply, urgent=False)
        except Blocked:
            return DeliveryResult(Outcome.BLOCKED, error="blocked")
        except RateLimited as limited:
            return DeliveryResult(Outcome.RETRY, retry_after=limited.retry_after)
        except Exception as error:
            log.warning("edit for telegram:%s failed: %r", external_id, error)
            return DeliveryResult(Outcome.FAILED, error=type(error).__name__)
        return DeliveryResult(Outcome.SENT, message_id=message_id)
