"""Where a producer is in a registration: the loaded draft and the small session cursor.

Owns :class:`Draft` (an application with its saved answers and file counts, and the rule
"which field is asked now") and :class:`FormState` (what the session keeps besides the
answers: the application id, a cursor when the producer moved back or edits from the
summary, and multi-choice selections not yet confirmed). The step itself is derived from
the saved answers: the first applicable field without one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.storage.applications import Answer, Application, Status
from handlers.base import Context
from knowledge.forms import Form, FormField

MODE = "registration"


@dataclass
class FormState:
    """The session data of the ``registration`` mode."""

    app_id: int
    cursor: str | None = None
    edit: bool = False
    pending: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def from_session(cls, ctx: Context) -> FormState | None:
        data = ctx.session.data
        if ctx.session.mode != MODE or not isinstance(data.get("app"), int):
            return None
        pending = data.get("pending")
        return cls(
            app_id=int(data["app"]),
            cursor=data.get("cursor") if isinstance(data.get("cursor"), str) else None,
            edit=bool(data.get("edit")),
            pending=pending if isinstance(pending, dict) else {},
        )

    def to_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {"app": self.app_id}
        if self.cursor:
            data["cursor"] = self.cursor
        if self.edit:
            data["edit"] = True
        if self.pending:
            data["pending"] = self.pending
        return data

    async def save(self, ctx: Context) -> None:
        await ctx.set_mode(MODE, self.to_data())


@dataclass
class Draft:
    """An application as the form sees it."""

    app: Application
    answers: dict[str, Answer]
    files: dict[str, int]
    form: Form

    @property
    def values(self) -> dict[str, Any]:
        """Field id → value (None when skipped), the input of every form rule."""
        return {fid: a.value for fid, a in self.answers.items()}

    @property
    def title(self) -> str:
        return self.app.product_name

    def may_edit(self, field_id: str) -> bool:
        """Drafts: any field. Sent back for more: only the fields the officer named."""
        if self.app.status is Status.DRAFT:
            return True
        return self.app.status is Status.NEEDS_MORE and field_id in self.app.reopened_fields

    def current(self, state: FormState | None) -> FormField | None:
        """The field asked now: the cursor if it still applies, else the first one missing.

        None means every applicable field is answered: the summary comes next.
        """
        values = self.values
        if state is not None and state.cursor:
            f = self.form.get(state.cursor)
            if f is not None and f.applies(values) and self.may_edit(f.id):
                return f
        if self.app.status is not Status.DRAFT:
            return None
        return self.form.next_field(values)

    def position(self, f: FormField) -> tuple[int, int]:
        return self.form.position(f.id, self.values)

    def progress(self) -> tuple[int, int]:
        """(answered applicable fields, applicable fields)."""
        values = self.values
        fields = self.form.applicable(values)
        return sum(1 for f in fields if f.id in values), len(fields)


async def load_draft(ctx: Context, form: Form, app_id: int) -> Draft | None:
    """The producer's own application with its answers (None if not theirs or gone)."""
    repo = ctx.services.applications
    app = await repo.get(app_id)
    if app is None or app.owner_user_id != ctx.user.id:
        return None
    answers = await repo.get_answers(app_id)
    files: dict[str, int] = {}
    for stored in await repo.list_attachments(app_id):
        files[stored.field_id] = files.get(stored.field_id, 0) + 1
    return Draft(app, answers, files, form)
