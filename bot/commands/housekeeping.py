"""``ocop-bot maintenance run``: one retention pass (see :mod:`bot.retention`), the
re-evaluation reminders that are due (see :mod:`bot.reminders`) and, when
``OCOP_OFFICER_NOTIFY=digest``, the officers' daily digests (:mod:`bot.officer_alerts`).

Meant for cron (``0 3 * * * cd /srv/ocop && .venv/bin/ocop-bot maintenance run``); safe
while the bot runs and safe to run twice. Reminders are queued in the outbox; the running
bot sends them, and the digests likewise.
"""

from __future__ import annotations

import argparse
import sys

from bot.app import build_services
from bot.officer_alerts import DigestReport, send_digests
from bot.reminders import run_reminders
from bot.retention import RetentionSettingsError, run_maintenance
from bot.settings import Settings


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    maintenance = sub.add_parser("maintenance", help="dọn dữ liệu theo thời hạn lưu giữ")
    actions = maintenance.add_subparsers(dest="maintenance_command", required=True)
    run = actions.add_parser(
        "run", help="một lượt: nhắc hồ sơ nháp, lưu trữ, xoá tệp thừa, nhắc hạn đánh giá lại"
    )
    run.set_defaults(func=run_pass)


async def run_pass(args: argparse.Namespace, settings: Settings) -> int:
    if not settings.uses_postgres and not settings.sqlite_file().exists():
        print(f"Không có cơ sở dữ liệu ở {settings.sqlite_file()}.", file=sys.stderr)
        return 1
    services = await build_services(settings)
    try:
        report = await run_maintenance(services)
        reminders = await run_reminders(services)
        digests = await send_digests(services)
    except RetentionSettingsError:
        print(
            "OCOP_DRAFT_ARCHIVE_DAYS phải lớn hơn OCOP_DRAFT_REMINDER_DAYS"
            f" (đang là {settings.draft_archive_days} và {settings.draft_reminder_days}).",
            file=sys.stderr,
        )
        return 2
    finally:
        await services.db.close()
    print(
        f"Đã nhắc {report.reminded} hồ sơ nháp"
        f" ({report.unreachable} người không nhắn được), lưu trữ {report.archived} hồ sơ,"
        f" xoá {report.files_deleted} tệp."
    )
    print(
        f"Nhắc hạn đánh giá lại: xếp gửi {reminders.queued} tin"
        f" ({reminders.unreachable} người chưa nhắn được, thử lại lần sau"
        f" — trong đó {reminders.zalo_unreachable} người dùng Zalo không liên lạc được qua Zalo;"
        f" {reminders.missed} lượt nhắc đã quá thời điểm)."
    )
    if settings.officer_notify == "digest":
        print(digest_line(digests))
    return 0


def digest_line(report: DigestReport) -> str:
    line = f"Đã gửi tóm tắt hằng ngày cho {report.told} cán bộ"
    if report.unreachable:
        line += f" ({report.unreachable} cán bộ không nhắn được)"
    return line + "."
