"""The applications of one or more communes as a table for the office (XLSX or CSV).

Owns which columns an office gets: the application's number, status, commune, dates and
the officer's latest note (an officer's, never the producer's own "nộp lại"), then one
column per form label (answers rendered as text by
:func:`knowledge.form_values.display_value`, sub-groups merged under one "Phân nhóm"; a
label already among those first columns, like «Xã/phường», is not repeated). A skipped
answer is an empty cell. In XLSX the dates are real dates (Vietnam time, shown
dd/mm/yyyy), in CSV text as people read them.
Writing the file is :mod:`bot.reports.table`; who may export what is the caller's check.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from bot.broadcast.planner import VN_TZ
from bot.reports.table import Cell, TableFormat, write_table
from bot.services import Services
from bot.storage.applications import Application, Status
from knowledge.form_values import WORD_KEYS, display_value
from knowledge.forms import FieldType, Form, FormField
from knowledge.replies import Raw

META = ("Mã hồ sơ", "Trạng thái", "Xã/phường", "Ngày tạo", "Ngày nộp", "Ghi chú cán bộ")


def _local(stamp: str | None, real_dates: bool) -> Cell:
    """A stored UTC time in Vietnam time: a (naive) datetime for XLSX, text for CSV."""
    if not stamp:
        return None
    moment = datetime.fromisoformat(stamp).astimezone(VN_TZ)
    return moment.replace(tzinfo=None) if real_dates else moment.strftime("%d/%m/%Y %H:%M")


def _date_answer(field: FormField, value: Any) -> date | None:
    """A date field's stored answer as a date (None when skipped or unreadable)."""
    if field.type is not FieldType.DATE or value is None:
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None


def officer_note(app: Application, history: Sequence[Any]) -> str:
    """The latest note an officer wrote (a producer's own "nộp lại" line is not one)."""
    return next(
        (
            h.note
            for h in reversed(history)
            if h.note and h.by_user_id is not None and h.by_user_id != app.owner_user_id
        ),
        "",
    )


async def list_applications(
    services: Services, commune_ids: Sequence[str], *, include_drafts: bool = False
) -> list[Application]:
    wanted = [s for s in Status if include_drafts or s is not Status.DRAFT]
    apps: list[Application] = []
    for commune_id in commune_ids:
        apps += await services.applications.list_for_commune(commune_id, wanted)
    return apps


async def application_table(
    services: Services, form: Form, apps: Sequence[Application], *, real_dates: bool = False
) -> tuple[list[str], list[list[Cell]]]:
    """Headers and one row per application (see the module docstring); ``real_dates``
    gives dates as date values (for XLSX) instead of text."""
    labels = [label for label in dict.fromkeys(f.label for f in form.fields) if label not in META]
    words = {k: services.texts.t(f"registration.value_{k}", n=Raw("{n}")) for k in WORD_KEYS}
    words["skipped"] = ""  # a skipped answer is an empty cell, not a word to filter out

    def commune_name(commune_id: str) -> str:
        commune = services.communes.get(commune_id, include_outside=True)
        return commune.name if commune else commune_id

    rows: list[list[Cell]] = []
    for app in apps:
        repo = services.applications
        answers = await repo.get_answers(app.id)
        values = {fid: a.value for fid, a in answers.items()}
        counts: dict[str, int] = {}
        for stored in await repo.list_attachments(app.id):
            counts[stored.field_id] = counts.get(stored.field_id, 0) + 1
        by_label: dict[str, Cell] = {}
        for field in form.applicable(values):
            if (field.id not in values and not counts.get(field.id)) or field.label in by_label:
                continue
            when = _date_answer(field, values.get(field.id)) if real_dates else None
            by_label[field.label] = when or display_value(
                field,
                values.get(field.id),
                commune_name=commune_name,
                file_count=counts.get(field.id, 0) if field.type.takes_files else None,
                words=words,
            )
        note = officer_note(app, await repo.list_status_history(app.id))
        status = services.texts.t(f"registration.status_{app.status.value}")
        meta: list[Cell] = [
            app.id,
            status,
            commune_name(app.commune_id or ""),
            _local(app.created_at, real_dates),
            _local(app.submitted_at, real_dates),
            note or None,
        ]
        rows.append(meta + [by_label.get(label) or None for label in labels])
    return [*META, *labels], rows


async def export_applications(
    services: Services,
    form: Form,
    commune_ids: Sequence[str],
    fmt: TableFormat,
    path: Path,
    *,
    include_drafts: bool = False,
) -> tuple[Path, int]:
    """Write the table to ``path``; returns the path and the number of applications."""
    apps = await list_applications(services, commune_ids, include_drafts=include_drafts)
    real_dates = TableFormat(fmt) is TableFormat.XLSX
    headers, rows = await application_table(services, form, apps, real_dates=real_dates)
    write_table(path, headers, rows, fmt)
    return path, len(rows)
