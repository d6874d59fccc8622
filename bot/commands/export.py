"""``ocop-bot export …``: files for the office, from the command line.

``ocop-bot export application ID --format docx|pdf [--out DIR]`` writes the filled Phiếu
đăng ký of one application and prints its path. ``ocop-bot export applications --commune
ID|all --format xlsx|csv [--out PATH] [--include-drafts]`` writes the office's table of a
commune's applications (audited).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.app import build_services
from bot.export import Format, export_application
from bot.reports.applications import export_applications
from bot.reports.table import TableFormat
from bot.settings import Settings


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    export = sub.add_parser("export", help="xuất tệp cho văn phòng (phiếu đăng ký…)")
    kinds = export.add_subparsers(dest="export_kind", required=True, metavar="WHAT")
    one = kinds.add_parser("application", help="phiếu đăng ký đã điền của một hồ sơ")
    one.add_argument("id", type=int, help="mã hồ sơ (số sau dấu #)")
    one.add_argument(
        "--format", choices=[f.value for f in Format], default=Format.PDF.value, help="định dạng"
    )
    one.add_argument("--out", type=Path, default=None, help="thư mục ghi tệp")
    one.set_defaults(func=run_application)

    many = kinds.add_parser("applications", help="bảng hồ sơ của một xã (Excel hoặc CSV)")
    many.add_argument("--commune", required=True, help="mã xã (ví dụ 13864), hoặc 'all'")
    many.add_argument(
        "--format", choices=[f.value for f in TableFormat], default=TableFormat.XLSX.value
    )
    many.add_argument("--out", type=Path, default=None, help="tệp sẽ ghi")
    many.add_argument("--include-drafts", action="store_true", help="kể cả hồ sơ nháp")
    many.set_defaults(func=run_applications)


async def run_application(args: argparse.Namespace, settings: Settings) -> int:
    services = await build_services(settings)
    try:
        form = services.form
        try:
            [path] = await export_application(
                services, form, args.id, [Format(args.format)], args.out
            )
        except LookupError:
            print(f"Không có hồ sơ #{args.id}.", file=sys.stderr)
            return 1
    finally:
        await services.db.close()
    print(path.resolve())
    return 0


async def run_applications(args: argparse.Namespace, settings: Settings) -> int:
    services = await build_services(settings)
    try:
        if args.commune == "all":
            communes = [c.id for c in services.communes.communes]
        elif services.communes.get(args.commune) is not None:
            communes = [args.commune]
        else:
            print(f"Không có xã mã {args.commune} trong khu vực phục vụ.", file=sys.stderr)
            return 2
        fmt = TableFormat(args.format)
        out = args.out or settings.exports_dir / f"ho-so-{args.commune}.{fmt.value}"
        path, count = await export_applications(
            services, services.form, communes, fmt, out, include_drafts=args.include_drafts
        )
        await services.audit.save(
            "export",
            commune_id=None if args.commune == "all" else args.commune,
            detail={"format": fmt.value, "rows": count},
        )
    finally:
        await services.db.close()
    print(f"{count} hồ sơ → {path.resolve()}")
    return 0
