"""Where a producer is in a registration: the loaded draft and the small session cursor.

Owns :func:`load_draft` (the producer's own application as a
:class:`~handlers.filled_form.FilledForm`, which knows "which field is asked now") and
:class:`FormState` (what the session keeps besides the answers: the application id,
a cursor when the producer moved back or edits from the summary, multi-choice
selections not yet confirmed, whether the "Sửa" list is shown, whether the producer is
going through the fields an officer asked to fix). The step itself is derived from the
saved answers: the first applicable field without one. Also :func:`next_to_fix`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.context import Context
from bot.modes import Mode
from bot.storage.applications import Status
from handlers.filled_form import FilledForm
from knowledge.forms import Form


@dataclass
class FormState:
    """The session data of the ``registration`` mode."""

    app_id: int
    cursor: str | None = None
    edit: bool = False
    pending: dict[str, list[str]] = field(default_factory=dict)
    picking: bool = False  # the "Sửa" list is shown: a typed number names a field
    fixing: bool = False  # going through the fields an officer asked to fix, one by one
    doubt: str = ""  # typed text that may be a question, until the producer says which
    marks_asked: bool = False  # asked once to type a name or address with diacritics

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
            picking=bool(data.get("pick")),
            fixing=bool(data.get("fix")),
            doubt=str(data.get("doubt") or ""),
            marks_asked=bool(data.get("marks")),
        )

    def to_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {"app": self.app_id}
        if self.cursor:
            data["cursor"] = self.cursor
        if self.edit:
            data["edit"] = True
        if self.pending:
            data["pending"] = self.pending
        if self.picking:
            data["pick"] = True
        if self.fixing:
            data["fix"] = True
        if self.doubt:
            data["doubt"] = self.doubt
        if self.marks_asked:
            data["marks"] = True
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
    unchanged = await repo.list_unchanged(app_id) if app.status is Status.NEEDS_MORE else ()
    return FilledForm(app, answers, files, form, unchanged)


def next_to_fix(draft: FilledForm, after: str | None = None) -> str | None:
    """The next field the officer asked to fix that is still unchanged (after ``after``,
    in the officer's order), if any."""
    asked = [
        fid
        for fid in draft.app.reopened_fields
        if (f := draft.form.get(fid)) is not None and f.applies(draft.values)
    ]
    start = asked.index(after) + 1 if after in asked else 0
    return next((fid for fid in asked[start:] if fid in draft.unchanged), None)
