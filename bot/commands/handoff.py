"""``ocop-bot kb draft-from-answers PATH``: officers' answers as an FAQ draft for review.

Registered under ``kb`` by :mod:`bot.commands.faq`; the drafting is
:mod:`bot.reports.faq_draft`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from bot.reports.faq_draft import build_draft, write_draft
from bot.settings import Settings
from bot.storage.audit import AuditRepo
from bot.storage.db import Database
from bot.storage.handoff import HandoffRepo
from knowledge.communes import CommuneDirectory


async def run_kb_draft(args: argparse.Namespace, settings: Settings) -> int:
    root = settings.knowledge_root()
    if args.path.resolve().is_relative_to((root / "faq").resolve()):
        print("Ghi bản nháp ra ngoài knowledge/faq (nó chưa qua rà soát).", file=sys.stderr)
        return 2
    communes = CommuneDirectory.load(root / "communes.yaml", settings.served_area)
    db = await Database.open(settings.database())
    try:
        answered = await HandoffRepo(db).list_answered(args.since)
        await AuditRepo(db).save("faq_draft", detail={"answers": len(answered)})
    finally:
        await db.close()
    if not answered:
        print("Chưa có câu trả lời nào của cán bộ.")
        return 0
    draft = build_draft(answered, communes, dt.date.today())
    write_draft(args.path, draft)
    print(f"Đã ghi {len(draft['entries'])} mục nháp vào {args.path} — cần rà soát trước khi dùng.")
    return 0
