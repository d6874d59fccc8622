"""Text a channel hands the core is made storable before anything reads it.

Owns one guarantee: every string field of an :class:`~bot.messages.Incoming` is valid
Unicode that XML can hold. The console reads undecodable bytes as lone surrogates
(Python's ``surrogateescape``), which SQLite cannot store and a terminal cannot print; they
become U+FFFD here. Characters XML 1.0 forbids (C0 controls but tab and line breaks,
U+FFFE, U+FFFF) are dropped: stored in an answer, one of them would break the producer's
DOCX and the commune's whole XLSX export (:func:`knowledge.text.xml_safe`). It changes
nothing else (cleaning and length checks belong to the router).

>>> scrub_text("Lan\\udcff")
'Lan�'
>>> scrub_text("Mật ong\\uffff\\x07")
'Mật ong'
"""

from __future__ import annotations

import dataclasses
import re

from bot.messages import Incoming
from knowledge.text import xml_safe

_SURROGATES = re.compile(r"[\ud800-\udfff]")
_UNSAFE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_FIELDS = ("user_id", "display_name", "text", "command", "payload", "phone", "unsupported")


def scrub_text(text: str) -> str:
    """``text`` with every lone surrogate replaced by U+FFFD and what XML forbids dropped."""
    return xml_safe(_SURROGATES.sub("\ufffd", text))


def scrub(incoming: Incoming) -> Incoming:
    """The same Incoming, or a copy whose strings are all valid, XML-safe Unicode."""
    changes: dict[str, object] = {}
    for name in _FIELDS:
        value = getattr(incoming, name)
        if _UNSAFE.search(value):
            changes[name] = scrub_text(value)
    if any(_UNSAFE.search(arg) for arg in incoming.args):
        changes["args"] = tuple(scrub_text(arg) for arg in incoming.args)
    attachment = incoming.attachment
    if attachment is not None and _UNSAFE.search(attachment.file_name):
        changes["attachment"] = dataclasses.replace(
            attachment, file_name=scrub_text(attachment.file_name)
        )
    return dataclasses.replace(incoming, **changes) if changes else incoming  # type: ignore[arg-type]
