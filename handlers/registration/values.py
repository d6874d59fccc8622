"""Saved answers as plain text for the chat (summary, "current answer", lists).

A thin layer over :mod:`knowledge.form_values` that supplies the commune names, the file
counts and the few words (from ``registration.value_*`` texts). Returns plain text: the
caller escapes it (``ctx.t`` does) before it goes into HTML.
"""

from __future__ import annotations

from handlers.base import Context
from handlers.registration.state import Draft
from knowledge.form_values import WORD_KEYS, display_value
from knowledge.forms import FormField
from knowledge.replies import Texts


def words(texts: Texts) -> dict[str, str]:
    """The words display_value needs; "{n}" stays a placeholder for the file count."""
    return {key: texts.t(f"registration.value_{key}", n="{n}") for key in WORD_KEYS}


def show(ctx: Context, draft: Draft, f: FormField) -> str:
    """One answer of ``draft`` as text ("1.200 tấn", "Hợp tác xã", "3 ảnh", "(bỏ qua)")."""
    directory = ctx.services.communes

    def name(commune_id: str) -> str:
        commune = directory.get(commune_id, include_outside=True)
        return commune.name if commune else commune_id

    answer = draft.answers.get(f.id)
    return display_value(
        f,
        answer.value if answer else None,
        commune_name=name,
        file_count=draft.files.get(f.id, 0) if f.type.takes_files else None,
        words=words(ctx.services.texts),
    )
