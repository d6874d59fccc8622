"""``ocop-bot export …``: files for the office, from the command line.

``ocop-bot export application ID --format docx|pdf [--out DIR]`` writes the filled Phiếu
đăng ký of one application and prints its path. ``export`` takes sub-commands so that
others (``export applications`` for an officer's list) can be added beside it.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.app import build_services
from bot.export import Format, export_application, load_form
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


async def run_application(args: argparse.Namespace, settings: Settings) -> int:
    services = await build_services(settings)
    try:
        form = load_form(services)
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
