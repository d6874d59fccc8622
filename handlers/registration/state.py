"""Where a producer is in a registration: the loaded draft and the small session cursor.

Owns :func:`load_draft` (the producer's own application as a
:class:`~handlers.filled_form.FilledForm`, which knows "which field is asked now") and
:class:`FormState` (what the session keeps besides the answers: the application id,
a cursor when the producer moved back or edits from the summary, and multi-choice
selections not yet confirmed). The step itself is derived from the saved answers: the
first applicable field without one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.context import Context
from bot.modes import Mode
from handlers.filled_form import FilledForm
from knowledge.forms import Form


@dataclass
class FormState:
    """The session data of the ``registration`` mode."""

    app_id: int
    cursor: str | None = None
    edit: bool = False
    pending: dict[str, list[str]] = field(default_factory=dict)
    doubt: str = ""  # typed text that may be a question, until the producer says which

    @classmethod
    def from_session(cls, ctx: Context) -> FormState | None:
        data = ctx.session.data
        if ctx.session.mode != Mode.REGISTRATION or not isinstance(data.get("app"), int):
            return None
        pending = data.get("pending")
        return cls(
            app_id=int(data["app"]),
            cursor=data.get("cursor") if isinstance(data.get("cursor"), str) else None,
            edit=bool(data.get("edit")),
            pending=pending if isinstance(pending, dict) else {},
            doubt=str(data.get("doubt") or ""),
        )

    def to_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {"app": self.app_id}
        if self.cursor:
            data["cursor"] = self.cursor
        if self.edit:
            data["edit"] = True
        if self.pending:
            data["pending"] = self.pending
        if self.doubt:
            data["doubt"] = self.doubt
        return data

    async def save(self, ctx: Context) -> None:
        await ctx.set_mode(Mode.REGISTRATION, self.to_data())


async def load_draft(ctx: Context, form: Form, app_id: int) -> FilledForm | None:
    """The producer's own application with its answers (None if not theirs or gone)."""
    repo = ctx.services.applications
    app = await repo.get(app_id)
    if app is None or app.owner_user_id != ctx.user.id:
        return None
    answers = await repo.get_answers(app_id)
    files: dict[str, int] = {}
    for stored in await repo.list_attachments(app_id):
        files[stored.field_id] = files.get(stored.field_id, 0) + 1
    return FilledForm(app, answers, files, form)
