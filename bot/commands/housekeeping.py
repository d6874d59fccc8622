"""``ocop-bot maintenance run``: one retention pass (see :mod:`bot.retention`).

Meant for cron (``0 3 * * * cd /srv/ocop && .venv/bin/ocop-bot maintenance run``); safe
while the bot runs and safe to run twice.
"""

from __future__ import annotations

import argparse
import sys

from bot.retention import run_maintenance
from bot.settings import Settings
from bot.storage.db import Database


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    maintenance = sub.add_parser("maintenance", help="dọn dữ liệu theo thời hạn lưu giữ")
    actions = maintenance.add_subparsers(dest="maintenance_command", required=True)
    run = actions.add_parser("run", help="một lượt: nhắc hồ sơ nháp, lưu trữ, xoá tệp thừa")
    run.set_defaults(func=run_pass)


async def run_pass(args: argparse.Namespace, settings: Settings) -> int:
    if not settings.db_path.exists():
        print(f"Không có cơ sở dữ liệu ở {settings.db_path}.", file=sys.stderr)
        return 1
    db = await Database.open(settings.db_path)
    try:
        report = await run_maintenance(db, settings)
    finally:
        await db.close()
    print(f"Đã xoá {report.orphan_files_deleted} tệp không còn thuộc hồ sơ nào.")
    return 0
