"""The ``ocop-bot`` command line: parses arguments and runs one sub-command.

Each sub-command lives in a module of ``bot.commands`` (listed in ``COMMAND_MODULES``) that
registers its parser; this file owns only the entry point, settings and logging.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import sys
from collections.abc import Sequence

from bot.logs import setup_logging
from bot.private import use_private_umask
from bot.settings import load_settings
from bot.storage.db import MigrationChanged

COMMAND_MODULES = (
    "bot.commands.chat",
    "bot.commands.maintenance",
    "bot.commands.users",
    "bot.commands.housekeeping",
    "bot.commands.faq",
    "bot.commands.export",
    "bot.commands.officer",
    "bot.commands.assess",
    "bot.commands.web",
    "bot.commands.migrate",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="ocop-bot", description="Trợ lý OCOP")
    sub = parser.add_subparsers(dest="command", required=True)
    for module_name in COMMAND_MODULES:
        importlib.import_module(module_name).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    use_private_umask()  # the database, backups, files and exports: ours alone
    settings = load_settings()
    setup_logging(settings.log_level)
    try:
        code: int = asyncio.run(args.func(args, settings))
    except KeyboardInterrupt:
        return 130
    except MigrationChanged as changed:  # refuse to start on a database we cannot trust
        print(f"ocop-bot: {changed}", file=sys.stderr)
        return 3
    return code


if __name__ == "__main__":
    sys.exit(main())
