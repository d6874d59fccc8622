"""``ocop-bot assess --set NAME --answers FILE [--json]``: score answers against one sheet.

The contract (issue #12, used by acceptance checks): the answers file (YAML or JSON) maps each
criterion number as printed ("1.1", "9") to the points of the chosen option; a criterion left
out counts 0, ``null`` leaves a council criterion to the council (a range is given). ``--json``
prints one JSON object with at least ``part_a``, ``part_b``, ``part_c``, ``total``, ``stars``
(1–5), ``recognised`` (3★ and above) and ``blocking`` (criterion numbers). Without it, the
result is printed as the chat shows it. A set is found by its name as printed in Phụ lục II,
the same name without diacritics or case, or its number. Exit codes: 0 scored, 1 bad answers
(the message says which criterion and which values it takes), 2 unknown set or unreadable file.
The score is :func:`knowledge.assessment.assess`, the very function the chat uses.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import yaml

from bot.channels.console import html_to_text
from bot.reports.self_assessment import result_text
from bot.settings import Settings
from knowledge.assessment import AnswerError, assess, parse_answers
from knowledge.criteria import CriteriaBook
from knowledge.replies import Texts


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    assess_cmd = sub.add_parser(
        "assess", help="tự chấm điểm: cộng điểm các phương án đã chọn theo một bộ tiêu chí"
    )
    assess_cmd.add_argument(
        "--set",
        required=True,
        dest="sheet",
        help="tên bộ sản phẩm như in trong Phụ lục II, hoặc số",
    )
    assess_cmd.add_argument(
        "--answers", required=True, type=Path, help="tệp YAML/JSON: số tiêu chí → điểm đã chọn"
    )
    assess_cmd.add_argument("--json", action="store_true", help="in một đối tượng JSON")
    assess_cmd.set_defaults(func=run_assess)


def _fail(message: str, code: int) -> int:
    print(message, file=sys.stderr)
    return code


def read_answers(path: Path) -> dict[Any, Any]:
    """The mapping in the file; ``ValueError`` (Vietnamese message) when there is none."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ValueError(f"Không đọc được tệp {path}: {error.strerror or error}.") from error
    except yaml.YAMLError as error:
        raise ValueError(f"Tệp {path} không phải YAML/JSON hợp lệ: {error}") from error
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ValueError(
            f'Tệp {path} phải là một bảng «số tiêu chí: điểm», ví dụ:\n"1.1": 3\n"9": 5'
        )
    return data


async def run_assess(args: argparse.Namespace, settings: Settings) -> int:
    root = settings.knowledge_root()
    texts = Texts.load(root / "replies")
    book = CriteriaBook.load(root / "criteria")
    sheet = book.find(args.sheet)
    if sheet is None:
        return _fail(html_to_text(texts.t("assessment.unknown_sheet", name=args.sheet)), 2)
    try:
        raw = read_answers(args.answers)
    except ValueError as error:
        return _fail(str(error), 2)
    try:
        result = assess(sheet, parse_answers(raw))
    except AnswerError as error:
        return _fail(html_to_text(error.user_message(texts)), 1)
    if args.json:
        out = {"set": sheet.number, "set_name": sheet.name, **result.as_dict()}
        print(json.dumps(out, ensure_ascii=False))
    else:
        print(html_to_text(result_text(texts, sheet, result)))
    return 0
