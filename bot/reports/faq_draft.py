"""A new FAQ topic file drafted from officers' answers, for a person to review.

Owns turning answered hand-off questions into the schema of ``knowledge/faq/*.yaml``
(:mod:`knowledge.faq`): one entry per distinct question (same normalised text grouped),
the producers' wordings as variants, the officer's answer, a source line naming the
commune and date, ``confidence: unconfirmed``. A draft is not ready to load as is — an
entry needs at least four variants and a checked answer — so it is written outside
``knowledge/faq`` and ``ocop-bot kb check`` lists what remains to do once it is moved in.
"""

from __future__ import annotations

import datetime as dt
import re
import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from bot.private import make_private, private_dir
from bot.storage.faq import Unanswered
from knowledge.communes import CommuneDirectory
from knowledge.text import fold

TOPIC = "hoi-dap-can-bo"


def _slug(text: str, used: set[str]) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")[:32].strip("-") or "cau-hoi"
    slug, number = base, 2
    while slug in used:
        slug = f"{base[:29]}-{number}"
        number += 1
    used.add(slug)
    return slug


def build_draft(
    answered: Sequence[Unanswered], communes: CommuneDirectory, today: dt.date
) -> dict[str, Any]:
    """The draft topic as data (see the module docstring)."""
    groups: dict[str, list[Unanswered]] = {}
    for item in answered:
        groups.setdefault(item.normalized, []).append(item)
    used: set[str] = set()
    entries: list[dict[str, Any]] = []
    for items in groups.values():
        last = items[-1]
        wordings = list(dict.fromkeys(i.question.strip() for i in items))
        commune = communes.get(last.commune_id or "")
        where = commune.name if commune else "UBND xã/phường"
        entries.append(
            {
                "id": _slug(last.question, used),
                "question": last.question.strip(),
                "variants": wordings,
                "answer": last.answer.strip(),
                "sources": [f"Cán bộ {where} trả lời ngày {last.answered_at[:10]}"],
                "updated": today.isoformat(),
                "related": [],
                "confidence": "unconfirmed",
            }
        )
    return {"topic": TOPIC, "title": "Hỏi đáp do cán bộ xã trả lời (bản nháp)", "entries": entries}


def write_draft(path: Path, draft: dict[str, Any]) -> Path:
    header = (
        "# BẢN NHÁP từ câu trả lời của cán bộ xã — cần người rà soát trước khi dùng.\n"
        "# Mỗi mục cần ít nhất 4 cách hỏi (variants), câu trả lời ≤ 900 ký tự, nguồn\n"
        "# (số văn bản, ngày) và độ tin cậy; xong thì chép vào knowledge/faq/ và chạy\n"
        "# `ocop-bot kb check`.\n"
    )
    body = yaml.safe_dump(draft, allow_unicode=True, sort_keys=False, width=100)
    private_dir(path.parent)
    path.write_text(header + body, encoding="utf-8")
    make_private(path)
    return path


def new_entry(
    question: str,
    variants: Sequence[str],
    answer: str,
    sources: Sequence[str],
    today: dt.date,
    entry_id: str = "",
) -> dict[str, Any]:
    """One draft entry in the schema of ``knowledge/faq/*.yaml``, as an admin wrote it on
    the web page (``ocop-bot kb check`` still decides when it is ready)."""
    wordings = [v.strip() for v in dict.fromkeys(variants) if v.strip() and v.strip() != question]
    return {
        "id": entry_id.strip() or _slug(question, set()),
        "question": question.strip(),
        "variants": wordings,
        "keywords": [],
        "answer": answer.strip(),
        "sources": [s.strip() for s in sources if s.strip()],
        "updated": today.isoformat(),
        "related": [],
        "confidence": "unconfirmed",
    }


def entry_yaml(topic: str, entry: dict[str, Any]) -> str:
    """The entry as YAML to paste under ``entries:`` of ``knowledge/faq/<topic>.yaml``."""
    header = (
        f"# BẢN NHÁP một mục hỏi đáp — chép vào knowledge/faq/{topic}.yaml (dưới entries:),\n"
        "# rà soát câu trả lời và nguồn, rồi chạy `ocop-bot kb check`.\n"
    )
    body = yaml.safe_dump([entry], allow_unicode=True, sort_keys=False, width=100)
    return header + textwrap.indent(body, "  ")
