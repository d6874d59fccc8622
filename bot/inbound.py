"""Text a channel hands the core is made storable before anything reads it.

Owns one guarantee: every string field of an :class:`~bot.messages.Incoming` is valid
Unicode. The console reads undecodable bytes as lone surrogates (Python's
``surrogateescape``), which SQLite cannot store and a terminal cannot print; they become
U+FFFD here. It changes nothing else (cleaning and length checks belong to the router).

>>> scrub_text("Lan\\udcff")
'Lan�'
"""

from __future__ import annotations

import dataclasses
import re

from bot.messages import Incoming

_SURROGATES = re.compile(r"[\ud800-\udfff]")
_FIELDS = ("user_id", "display_name", "text", "command", "payload", "phone", "unsupported")


def scrub_text(text: str) -> str:
    """``text`` with every lone surrogate replaced by U+FFFD."""
    return _SURROGATES.sub("\ufffd", text)


def scrub(incoming: Incoming) -> Incoming:
    """The same Incoming, or a copy whose strings are all valid Unicode."""
    changes: dict[str, object] = {}
    for name in _FIELDS:
        value = getattr(incoming, name)
        if _SURROGATES.search(value):
            changes[name] = scrub_text(value)
    if any(_SURROGATES.search(arg) for arg in incoming.args):
        changes["args"] = tuple(scrub_text(arg) for arg in incoming.args)
    attachment = incoming.attachment
    if attachment is not None and _SURROGATES.search(attachment.file_name):
        changes["attachment"] = dataclasses.replace(
            attachment, file_name=scrub_text(attachment.file_name)
        )
    return dataclasses.replace(incoming, **changes) if changes else incoming  # type: ignore[arg-type]
