"""What the outbox sends: replies kept as JSON, and the texts of announcements and reports.

Owns the JSON form of :class:`~bot.messages.Reply` stored in ``outbox.payload`` and the
rendering of an announcement (officer text escaped, under a header naming the commune),
of the progress line ("Đã gửi 1.200/5.000") and of the final report.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from bot.messages import Button, OutFile, Reply, h
from bot.storage.announcements import Announcement
from bot.storage.outbox import Counts, RowStatus
from knowledge.communes import CommuneDirectory
from knowledge.replies import Raw, Texts

CAPTION_LIMIT = 1024


def replies_to_json(replies: list[Reply]) -> list[dict[str, Any]]:
    """Replies as plain data (text, buttons, file) for ``outbox.payload``."""
    out: list[dict[str, Any]] = []
    for reply in replies:
        item: dict[str, Any] = {"text": reply.text}
        if reply.buttons:
            item["buttons"] = [[[b.label, b.payload] for b in row] for row in reply.buttons]
        if reply.file is not None:
            item["file"] = {
                "path": str(reply.file.path),
                "name": reply.file.file_name,
                "caption": reply.file.caption,
                "photo": reply.file.as_photo,
            }
        out.append(item)
    return out


def replies_from_json(payload: str) -> list[Reply]:
    """The inverse of :func:`replies_to_json` (from the stored JSON text)."""
    replies: list[Reply] = []
    for item in json.loads(payload):
        buttons = tuple(
            tuple(Button(label, data) for label, data in row) for row in item.get("buttons", [])
        )
        file_data = item.get("file")
        out_file = None
        if file_data:
            out_file = OutFile(
                Path(file_data["path"]),
                file_data["name"],
                file_data.get("caption", ""),
                bool(file_data.get("photo")),
            )
        replies.append(Reply(item["text"], buttons, out_file))
    return replies


def commune_label(texts: Texts, communes: CommuneDirectory, commune_id: str | None) -> str:
    if commune_id is None:
        return texts.t("officer.all_communes")
    commune = communes.get(commune_id)
    return commune.name if commune is not None else commune_id


def announcement_replies(
    announcement: Announcement, texts: Texts, communes: CommuneDirectory
) -> list[Reply]:
    """The message a producer receives: header, the officer's text (escaped), the file."""
    where = commune_label(texts, communes, announcement.commune_id)
    body = texts.t("officer.announcement_body", commune=where, text=Raw(h(announcement.text)))
    footer = texts.t("officer.announcement_footer")
    full = f"{body}\n\n{footer}"
    if not announcement.file_path:
        return [Reply(full)]
    out_file = OutFile(
        Path(announcement.file_path),
        announcement.file_name or Path(announcement.file_path).name,
        as_photo=announcement.file_kind == "photo",
    )
    if len(full) <= CAPTION_LIMIT:
        return [Reply(full, file=out_file)]
    header = texts.t("officer.announcement_file_header", commune=where)
    return [Reply(header, file=out_file), Reply(full)]


def _n(value: int) -> str:
    """Vietnamese thousands: 1200 → "1.200"."""
    return f"{value:,}".replace(",", ".")


def progress_text(
    texts: Texts, announcement: Announcement, counts: Counts, *, finished: bool = False
) -> str:
    """The line edited as the announcement goes out ("Đã gửi 1.200/5.000")."""
    total = counts.total or announcement.total
    return texts.t(
        "officer.progress_done" if finished else "officer.progress",
        id=announcement.id,
        done=_n(counts.done - counts[RowStatus.CANCELLED]),
        total=_n(total),
        sent=_n(counts[RowStatus.SENT]),
    )


def report_text(texts: Texts, announcement: Announcement, counts: Counts) -> str:
    """The final report: sent, blocked the bot, failed (and cancelled/skipped if any), and
    the audience's Zalo users left out as not reachable on Zalo."""
    key = (
        "officer.report_cancelled" if announcement.status.value == "cancelled" else "officer.report"
    )
    report = texts.t(
        key,
        id=announcement.id,
        total=_n(counts.total),
        sent=_n(counts[RowStatus.SENT]),
        blocked=_n(counts[RowStatus.BLOCKED]),
        failed=_n(counts[RowStatus.FAILED]),
        skipped=_n(counts[RowStatus.SKIPPED]),
        cancelled=_n(counts[RowStatus.CANCELLED]),
    )
    if announcement.zalo_unreachable:  # left out when it was sent: not among the recipients
        more = texts.t("officer.report_zalo_unreachable", n=_n(announcement.zalo_unreachable))
        report = f"{report.rstrip()}\n{more}"
    return report
