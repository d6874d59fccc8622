"""``ocop-bot user forget ID``: delete a user's personal data and files, after a confirmation.

``ID`` is ``channel:external_id`` (``telegram:123456789``) or the internal user id. Safe
while the bot runs (SQLite in WAL mode; one transaction). Anonymous counts stay.
"""

from __future__ import annotations

import argparse
import sys

from bot.privacy import forget_user
from bot.settings import Settings
from bot.storage.db import Database
from bot.storage.privacy import FORGOTTEN_PREFIX, PrivacyRepo

YES = ("co", "có", "yes", "y")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    user = sub.add_parser("user", help="dữ liệu cá nhân của một người dùng")
    actions = user.add_subparsers(dest="user_command", required=True)
    forget = actions.add_parser(
        "forget", help="xoá dữ liệu cá nhân và tệp của một người dùng (giữ số liệu ẩn danh)"
    )
    forget.add_argument("id", help="kênh:mã (ví dụ telegram:123456789) hoặc mã nội bộ")
    forget.add_argument("--yes", action="store_true", help="không hỏi lại")
    forget.set_defaults(func=run_forget)


async def run_forget(args: argparse.Namespace, settings: Settings) -> int:
    if not settings.uses_postgres and not settings.sqlite_file().exists():
        print(f"Không có cơ sở dữ liệu ở {settings.sqlite_file()}.", file=sys.stderr)
        return 1
    db = await Database.open(settings.database())
    try:
        repo = PrivacyRepo(db)
        user = await repo.find_user(args.id)
        if user is None:
            print(f"Không thấy người dùng «{args.id}».", file=sys.stderr)
            return 1
        if user.external_id.startswith(FORGOTTEN_PREFIX):
            print(f"Người dùng #{user.id} đã được xoá dữ liệu trước đây.")
            return 0
        who = f"#{user.id} ({user.channel}:{user.external_id}, «{user.display_name}»)"
        if not args.yes:
            question = (
                f"Xoá dữ liệu cá nhân và tệp của người dùng {who}? Không hoàn tác được."
                " Gõ 'co' để đồng ý: "
            )
            if input(question).strip().lower() not in YES:
                print("Đã huỷ, không thay đổi gì.")
                return 1
        result = await forget_user(db, user, settings)
    finally:
        await db.close()
    changed = ", ".join(f"{table}: {n}" for table, n in result.forgotten.rows.items() if n)
    print(
        f"Đã xoá dữ liệu cá nhân của người dùng #{user.id}"
        f" ({changed or 'không còn gì'}; {result.files_deleted} tệp)."
    )
    return 0
