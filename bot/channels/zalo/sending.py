"""Sending a list of messages to one Zalo chat, and what came of it.

Owns the error handling of sends: 429 "quota exceeded" (wait ``retry_after`` when Zalo says,
else back off 1, 2, 4 s — a few times for a user waiting for a reply; at once a
:attr:`Result.LIMITED` for the outbox, whose worker halts the whole channel), 403 (the chat
refuses us: :attr:`Result.BLOCKED`), a photo Zalo could not fetch (its link is sent as
text instead), network trouble (a few tries), 401 (the token was reset: logged loudly).
Nothing is retried after a success, so a message never goes out twice from here.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from bot.channels.zalo.client import (
    Forbidden,
    InvalidToken,
    RetryLater,
    ZaloApiError,
    ZaloClient,
    ZaloNetworkError,
)
from bot.channels.zalo.outgoing import Outgoing
from bot.channels.zalo.render import split_text

log = logging.getLogger(__name__)

TRIES: Final = 4  # one send and up to three more after a 429 or a network failure
BACKOFF: Final = 1.0  # seconds before the first retry, doubled each time
MAX_WAIT: Final = 30.0  # a user waiting for a reply is not kept waiting longer per message
DEFAULT_RETRY_AFTER: Final = 30.0  # for the outbox when Zalo says nothing


class Result(StrEnum):
    SENT = "sent"
    BLOCKED = "blocked"  # 403: the chat refuses the bot
    LIMITED = "limited"  # 429: out of quota for now
    FAILED = "failed"


@dataclass(frozen=True)
class Outcome:
    result: Result
    sent: int = 0  # messages that went out
    message_id: str = ""  # Zalo's id of the last one
    retry_after: float = 0.0
    error: str = ""


async def send_all(
    client: ZaloClient, chat_id: str, messages: Sequence[Outgoing], *, patient: bool
) -> Outcome:
    """Send ``messages`` in order; stop at the first one that cannot go out.

    ``patient``: a reply to a user (wait out a 429 a few times) rather than an outbox item
    (report the 429 at once, the worker retries later)."""
    sent, last_id = 0, ""
    for message in messages:
        outcome = await _send_one(client, chat_id, message, patient=patient)
        if outcome.result is not Result.SENT:
            return Outcome(outcome.result, sent, last_id, outcome.retry_after, outcome.error)
        sent, last_id = sent + 1, outcome.message_id
    return Outcome(Result.SENT, sent, last_id)


async def _send_one(
    client: ZaloClient, chat_id: str, message: Outgoing, *, patient: bool
) -> Outcome:
    delay = BACKOFF
    for attempt in range(1, TRIES + 1):
        try:
            if message.photo_url:
                try:
                    sent = await client.send_photo(chat_id, message.photo_url, message.text)
                except (RetryLater, Forbidden, InvalidToken):
                    raise
                except ZaloApiError as refused:  # Zalo could not fetch it: send the link
                    log.warning("zalo: photo to %s refused (%s); its link goes as text",
                                chat_id, refused.error_code)  # fmt: skip
                    for chunk in split_text(message.fallback or message.text):
                        sent = await client.send_message(chat_id, chunk)
            else:
                sent = await client.send_message(chat_id, message.text)
            return Outcome(Result.SENT, 1, sent.message_id)
        except Forbidden:
            return Outcome(Result.BLOCKED, error="forbidden")
        except InvalidToken:
            log.error("zalo: the bot token was refused (401); was it reset in Zalo Bot Creator?")
            return Outcome(Result.FAILED, error="invalid_token")
        except RetryLater as limited:
            wait = limited.retry_after if limited.retry_after is not None else delay
            if not patient:
                after = limited.retry_after or DEFAULT_RETRY_AFTER
                return Outcome(Result.LIMITED, retry_after=after, error="quota")
            if attempt == TRIES or wait > MAX_WAIT:
                log.warning("zalo: quota exceeded for %s; the reply was not sent", chat_id)
                return Outcome(Result.LIMITED, retry_after=wait, error="quota")
        except ZaloNetworkError as error:
            wait = delay
            if attempt == TRIES:
                log.warning("zalo: no answer sending to %s: %s", chat_id, error)
                return Outcome(Result.FAILED, error="network")
        except ZaloApiError as error:  # 400, 404…: sending again would not help
            log.warning("zalo: message to %s refused: %s", chat_id, error)
            return Outcome(Result.FAILED, error=f"error_{error.error_code}")
        await asyncio.sleep(wait)
        delay *= 2
    return Outcome(Result.FAILED, error="retries")  # not reached: the last try returns
