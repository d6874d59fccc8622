"""An application seen through its form: what the producer fills in and the officer reviews.

Owns :class:`FilledForm` (an application with its saved answers and file counts, and the
rule "which field is asked now"), the text of one answer (:func:`show`, over
:mod:`knowledge.form_values` with commune names, file counts and the ``registration.value_*``
words) and of all answers (:func:`answers_text`). Shared by the registration feature and the
officer's review, which must not import each other. Returns plain text: the caller escapes
it (``ctx.t`` does) before it goes into HTML.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from bot.context import Context
from bot.storage.applications import Answer, Application, Status
from knowledge.form_values import WORD_KEYS, display_value
from knowledge.forms import Form, FormField
from knowledge.replies import Texts
from knowledge.text import shorten

SUMMARY_VALUE_LIMIT = 160
SHORT_VALUE_LIMIT = 50
MESSAGE_BUDGET = 3500
"""Telegram allows 4096 characters a message; long answers are cut shorter past this."""


class Cursor(Protocol):
    """Where the producer moved to (the registration session's cursor), if anywhere."""

    @property
    def cursor(self) -> str | None: ...


@dataclass
class FilledForm:
    """An application as the form sees it: its saved answers and file counts, and (sent
    back for more) which of the fields the officer named are still unchanged."""

    app: Application
    answers: dict[str, Answer]
    files: dict[str, int]
    form: Form
    unchanged: tuple[str, ...] = ()

    @property
    def values(self) -> dict[str, Any]:
        """Field id → value (None when skipped), the input of every form rule."""
        return {fid: a.value for fid, a in self.answers.items()}

    @property
    def title(self) -> str:
        return self.app.product_name

    def may_edit(self, field_id: str) -> bool:
        """Drafts: any field. Sent back for more: only the fields the officer named (or the
        question that saves one of them, like the product class for its sector)."""
        if self.app.status is Status.DRAFT:
            return True
        if self.app.status is not Status.NEEDS_MORE:
            return False
        reopened = self.app.reopened_fields
        return field_id in reopened or any(
            f.set_by == field_id for fid in reopened if (f := self.form.get(fid)) is not None
        )

    def current(self, state: Cursor | None) -> FormField | None:
        """The field asked now: the cursor if it still applies, else the first one missing.

        None means every applicable field is answered: the summary comes next. A cursor on a
        field saved by another question (the sector) asks that question.
        """
        values = self.values
        if state is not None and state.cursor:
            f = self.form.get(state.cursor)
            f = self.form.setter(f) if f is not None else None
            if f is not None and f.applies(values) and self.may_edit(f.id):
                return f
        if self.app.status is not Status.DRAFT:
            return None
        return self.form.next_field(values)

    def position(self, f: FormField) -> tuple[int, int]:
        return self.form.position(f.id, self.values)

    def progress(self) -> tuple[int, int]:
        """(answered steps, steps): the asked fields counted like the "Bước k/N" line, so
        without the preliminary question."""
        values = self.values
        fields = [f for f in self.form.asked(values) if not f.preliminary]
        return sum(1 for f in fields if f.id in values), len(fields)


def words(texts: Texts) -> dict[str, str]:
    """The words display_value needs; "{n}" stays a placeholder for the file count."""
    return {key: texts.t(f"registration.value_{key}", n="{n}") for key in WORD_KEYS}


def show(ctx: Context, draft: FilledForm, f: FormField) -> str:
    """One answer of ``draft`` as text ("1.200 tấn", "Hợp tác xã", "3 ảnh", "(bỏ qua)")."""
    directory = ctx.services.communes

    def name(commune_id: str) -> str:
        commune = directory.get(commune_id, include_outside=True)
        return commune.name if commune else commune_id

    answer = draft.answers.get(f.id)
    if answer is None and not draft.files.get(f.id):
        return ctx.t("registration.value_unanswered")  # never reached: not "(bỏ qua)"
    return display_value(
        f,
        answer.value if answer else None,
        commune_name=name,
        file_count=draft.files.get(f.id, 0) if f.type.takes_files else None,
        words=words(ctx.services.texts),
    )


def status_label(ctx: Context, status: Status) -> str:
    return ctx.t(f"registration.status_{status.value}")


def part_of(f: FormField) -> str:
    """Which part of the form a field belongs to: ``before`` step 1, the ``official`` Mẫu 01
    fields, or the ``extra`` fields officers need."""
    if f.preliminary:
        return "before"
    return "official" if f.official else "extra"


def answers_text(ctx: Context, draft: FilledForm) -> str:
    """Numbered "label: value" lines of every asked field, under the heading of their part
    ("Theo Phiếu đăng ký (Mẫu số 01)", "Thông tin thêm cho cán bộ xã"); fits one message."""
    fields = draft.form.asked(draft.values)
    shown = [show(ctx, draft, f) for f in fields]
    for limit in (SUMMARY_VALUE_LIMIT, SHORT_VALUE_LIMIT):
        lines: list[str] = []
        part = ""
        for n, (f, value) in enumerate(zip(fields, shown, strict=True), start=1):
            if part_of(f) != part:
                part = part_of(f)
                lines.append(ctx.t(f"registration.part_{part}"))
            text = shorten(value, limit)
            lines.append(ctx.t("registration.summary_line", n=n, label=f.label, value=text))
        text = "\n".join(lines)
        if len(text) <= MESSAGE_BUDGET:
            break
    return text
