"""Logging set-up with secrets and personal data masked: bot tokens, phone and tax numbers
never reach the log.

>>> mask_numbers("gọi 0912345678 hoặc +84912345678, MST 0101234567")
'gọi 091*****78 hoặc +849******78, MST 010*****67'
>>> mask_numbers("(091) 234-5678, 0912/345/678, +84 (91) 234 5678")
'(091) ***-**78, 091*/***/*78, +84 (9*) *** **78'
>>> redact_tokens("POST https://api.telegram.org/bot123456789:AAH-fake_secret_part_0123456789abc/getMe")
'POST https://api.telegram.org/bot<token>/getMe'
"""

from __future__ import annotations

import logging
import re

# Runs of 9 or more digits (optionally with +84): phones, tax numbers, ID cards; and phone
# numbers written in groups, an area code in brackets or not: "0912 345 678",
# "0912.345.678", "0912/345/678", "(091) 234-5678", "(+84) 912-345-678", "+84 (91) 234 5678".
# A phone starts with 0 or 84, so dates and times ("05/03/2024 08:30") are not one.
_NUMBER = re.compile(r"(?<!\d)(\+?\d{3})(\d{4,})(\d{2})(?!\d)")
_GROUPED_PHONE = re.compile(r"(?<![\w+/.-])(?:\(?\+?84\)?|\(?0)(?:[ ./()-]{0,2}\d){8,10}(?![\w:])")


def _mask_digits(match: re.Match[str]) -> str:
    """Star every digit of ``match`` but the first three and the last two."""
    text = match.group(0)
    places = [i for i, ch in enumerate(text) if ch.isdigit()]
    hidden = set(places[3:-2])
    return "".join("*" if i in hidden else ch for i, ch in enumerate(text))


# A Telegram bot token: "<bot id>:<35-ish URL-safe characters>" (PTB and httpx put it in URLs).
_TOKEN = re.compile(r"\d{5,}:[A-Za-z0-9_-]{30,}")
# Any token in a Bot API URL path (Telegram's and Zalo's: ".../bot<TOKEN>/<method>"), whatever
# its length: a Zalo token's secret part may be short.
_BOT_PATH = re.compile(r"(?<!/)(/bot)\d{3,}:[^/\s\"'<>]+(?=/)")


def redact_tokens(text: str) -> str:
    """Replace anything shaped like a bot token with ``<token>``.

    >>> redact_tokens("POST https://bot-api.zaloplatforms.com/bot3141592653:zL0-s/getMe")
    'POST https://bot-api.zaloplatforms.com/bot<token>/getMe'
    """
    return _TOKEN.sub("<token>", _BOT_PATH.sub(r"\1<token>", text))


def mask_numbers(text: str) -> str:
    """Keep the first three and last two digits of long numbers, star the rest."""
    text = _GROUPED_PHONE.sub(_mask_digits, text)
    return _NUMBER.sub(lambda m: m.group(1) + "*" * len(m.group(2)) + m.group(3), text)


class MaskingFilter(logging.Filter):
    """Rewrites each record's message (and traceback text) with tokens and numbers masked."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_numbers(redact_tokens(message))
        if masked != message:
            record.msg, record.args = masked, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_numbers(redact_tokens(record.exc_text))
        return True


def setup_logging(level: str = "INFO") -> None:
    """Log to stderr with masking; quiet httpx request lines (their URLs carry the token)."""
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(MaskingFilter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    logging.getLogger("fontTools").setLevel(logging.WARNING)
