"""``ocop-bot backup PATH`` and ``ocop-bot restore PATH``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.settings import Settings
from bot.storage.maintenance import InUse, backup, restore


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    save = sub.add_parser("backup", help="sao lưu cơ sở dữ liệu (chạy được khi bot đang chạy)")
    save.add_argument("path", type=Path)
    save.set_defaults(func=run_backup)
    load = sub.add_parser("restore", help="khôi phục từ bản sao lưu (bot phải đang dừng)")
    load.add_argument("path", type=Path)
    load.add_argument("--yes", action="store_true", help="không hỏi lại")
    load.set_defaults(func=run_restore)


POSTGRES_BACKUP = (
    "Cơ sở dữ liệu là PostgreSQL (OCOP_DATABASE_URL): lệnh này chỉ sao lưu/khôi phục tệp SQLite."
    ' Với PostgreSQL hãy dùng công cụ của nó: `pg_dump -Fc -f ocop.dump "$OCOP_DATABASE_URL"`'
    ' để sao lưu, `pg_restore --clean -d "$OCOP_DATABASE_URL" ocop.dump` để khôi phục (khi bot'
    " đã dừng), và lưu WAL liên tục để khôi phục về một thời điểm — xem docs/deploy.md."
)


def _sqlite_only(settings: Settings) -> Path | None:
    if settings.uses_postgres:
        print(POSTGRES_BACKUP, file=sys.stderr)
        return None
    return settings.sqlite_file()


async def run_backup(args: argparse.Namespace, settings: Settings) -> int:
    db_path = _sqlite_only(settings)
    if db_path is None:
        return 2
    try:
        size = backup(db_path, args.path)
    except FileNotFoundError:
        print(f"Không có cơ sở dữ liệu ở {db_path}.", file=sys.stderr)
        return 1
    print(f"Đã sao lưu {db_path} → {args.path} ({size:,} byte).")
    return 0


async def run_restore(args: argparse.Namespace, settings: Settings) -> int:
    db_path = _sqlite_only(settings)
    if db_path is None:
        return 2
    if not args.path.is_file():
        print(f"Không thấy tệp sao lưu {args.path}.", file=sys.stderr)
        return 1
    if not args.yes:
        answer = input(f"Ghi đè {db_path} bằng {args.path}? Gõ 'co' để đồng ý: ")
        if answer.strip().lower() not in ("co", "có", "yes", "y"):
            print("Đã huỷ, không thay đổi gì.")
            return 1
    try:
        restore(args.path, db_path)
    except InUse:
        print(
            f"Không khôi phục: {db_path} đang được trợ lý dùng. Dừng bot rồi chạy lại.",
            file=sys.stderr,
        )
        return 2
    except ValueError as damaged:
        print(f"Không khôi phục: {damaged}", file=sys.stderr)
        return 1
    print(f"Đã khôi phục {db_path} từ {args.path}.")
    return 0
