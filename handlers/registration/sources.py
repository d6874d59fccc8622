"""Which typed message gave each answer (for edits of that message: :mod:`.edits`).

Owns :func:`remember`, called after every answer is saved, so that a field's source is
always the message of its current answer, or none.
"""

from __future__ import annotations

import json

from bot.context import Context
from bot.messages import Kind
from knowledge.forms import FormField


async def remember(ctx: Context, app_id: int, f: FormField, value: object, skipped: bool) -> None:
    """After an answer was saved: note the typed message it came from (or that it came
    from none), so that only an edit of the message of record can change it."""
    incoming = ctx.incoming
    typed = (
        incoming.kind in (Kind.TEXT, Kind.EDITED)
        and bool(incoming.message_id)
        and not skipped
        and not f.type.takes_files
    )
    message = (incoming.channel, incoming.user_id, incoming.message_id) if typed else None
    stored = json.dumps(value, ensure_ascii=False) if typed else None
    await ctx.services.answer_sources.save_source(app_id, f.id, message, stored)
