"""``ocop-bot migrate-to-postgres``: move a SQLite database into PostgreSQL (issue 17).

Copies the SQLite file (``--from``, default ``OCOP_DB_PATH``) into the PostgreSQL database
(``--to``, default ``OCOP_DATABASE_URL``), which must be empty, then compares the row count
of every table and prints them. Stop the bot first: what it writes during the copy would
not be copied. Exit status 0 when every count matches, 1 otherwise, 2 for a usage error.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.settings import Settings
from bot.storage.db import Database, is_postgres_url
from bot.storage.transfer import NotEmpty, copy_all


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    move = sub.add_parser(
        "migrate-to-postgres",
        help="chép cơ sở dữ liệu SQLite sang PostgreSQL (rỗng) và đối chiếu số dòng",
    )
    move.add_argument("--from", dest="source", type=Path, default=None, help="tệp SQLite")
    move.add_argument("--to", dest="target", default=None, help="postgresql://…")
    move.set_defaults(func=run_migrate)


async def run_migrate(args: argparse.Namespace, settings: Settings) -> int:
    source: Path = args.source or settings.sqlite_file()
    target: str = args.target or (settings.database_url if settings.uses_postgres else "") or ""
    if not is_postgres_url(target):
        print("Cần --to postgresql://… (hoặc OCOP_DATABASE_URL).", file=sys.stderr)
        return 2
    if not source.is_file():
        print(f"Không có cơ sở dữ liệu SQLite ở {source}.", file=sys.stderr)
        return 2
    sqlite = await Database.open(source)
    try:
        postgres = await Database.open(target)
        try:
            copied = await copy_all(sqlite, postgres)
        except NotEmpty:
            print(
                f"Không chép: {postgres.path} đã có dữ liệu. Chỉ chép vào một cơ sở dữ liệu"
                " PostgreSQL mới (createdb).",
                file=sys.stderr,
            )
            return 2
        finally:
            await postgres.close()
    finally:
        await sqlite.close()
    width = max(len(c.table) for c in copied)
    for c in copied:
        mark = "khớp" if c.ok else "KHÔNG KHỚP"
        print(f"{c.table:<{width}}  {c.sqlite_rows:>8}  {c.postgres_rows:>8}  {mark}")
    bad = [c.table for c in copied if not c.ok]
    if bad:
        print(f"Số dòng không khớp ở: {', '.join(bad)}.", file=sys.stderr)
        return 1
    total = sum(c.postgres_rows for c in copied)
    print(f"Đã chép {total:,} dòng của {len(copied)} bảng sang {target.split('@')[-1]}.")
    return 0
