"""``ocop-bot ask``, ``ocop-bot kb check``, ``ocop-bot kb gaps`` and ``ocop-bot eval``."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path

from bot.channels.console import html_to_text
from bot.commands.handoff import run_kb_draft
from bot.logs import mask_numbers
from bot.settings import Settings
from bot.storage.db import Database
from bot.storage.faq import FaqRepo
from knowledge.answers import AnswerKind, FaqAnswer, FaqEngine
from knowledge.checks import check_knowledge
from knowledge.evaluation import evaluate, load_items
from knowledge.replies import Texts


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    ask = sub.add_parser("ask", help="trả lời câu hỏi OCOP (tham số, hoặc mỗi dòng stdin một câu)")
    ask.add_argument("questions", nargs="*", metavar="QUESTION", help="mỗi tham số là một câu hỏi")
    ask.add_argument("--json", action="store_true", help="mỗi câu một dòng JSON")
    ask.set_defaults(func=run_ask)

    kb = sub.add_parser("kb", help="kiểm tra bộ hỏi đáp")
    kb_sub = kb.add_subparsers(dest="kb_command", required=True)
    check = kb_sub.add_parser("check", help="kiểm tra các tệp knowledge/faq/*.yaml")
    check.set_defaults(func=run_kb_check)
    draft = kb_sub.add_parser(
        "draft-from-answers", help="bản nháp hỏi đáp (YAML) từ câu trả lời của cán bộ xã"
    )
    draft.add_argument("path", type=Path, help="tệp YAML sẽ ghi (ngoài knowledge/faq)")
    draft.add_argument("--since", default="", help="chỉ câu trả lời từ ngày (YYYY-MM-DD)")
    draft.set_defaults(func=run_kb_draft)
    gaps = kb_sub.add_parser("gaps", help="các câu hỏi chưa trả lời được, nhiều nhất trước")
    gaps.add_argument("--limit", type=int, default=20)
    gaps.set_defaults(func=run_kb_gaps)

    ev = sub.add_parser("eval", help="chấm bộ hỏi đáp trên một tệp câu hỏi (định dạng faq-sample)")
    ev.add_argument("file", type=Path)
    ev.add_argument("--all", action="store_true", help="in cả các câu đúng")
    ev.set_defaults(func=run_eval)


def load_engine(settings: Settings) -> FaqEngine:
    root = settings.knowledge_root()
    return FaqEngine.load(root, Texts.load(root / "replies"), settings.served_area)


def said(engine: FaqEngine, answer: FaqAnswer) -> str:
    """What the assistant says, as plain text (also for "not sure" and refusals)."""
    t = engine.texts.t
    question = answer.question
    if answer.kind is AnswerKind.OUT_OF_SCOPE:  # another agency's procedure has its own text
        return answer.text or html_to_text(t("faq.out_of_scope", question=question))
    if answer.kind is AnswerKind.GREETING:
        return html_to_text(t("faq.greeting", name=t("core.default_name")))
    if answer.kind is AnswerKind.UNSURE:
        key = "faq.unsure" if answer.related else "faq.unsure_no_topics"
        lines = [html_to_text(t(key, question=question))]
        lines.extend(f"• {entry.question}" for entry in answer.related)
        return "\n".join(lines)
    return answer.text


def as_json(engine: FaqEngine, answer: FaqAnswer) -> str:
    return json.dumps(
        {
            "question": answer.question,
            "matched": answer.matched,
            "kind": answer.kind.value,
            "entry_id": answer.entry_id,
            "score": answer.score,
            "title": answer.title,
            "answer": said(engine, answer),
            "sources": list(answer.sources),
            "suggestions": [e.id for e in answer.related] if not answer.matched else [],
        },
        ensure_ascii=False,
    )


def questions(args: argparse.Namespace) -> Iterator[str]:
    if args.questions:
        yield from args.questions
        return
    for line in sys.stdin:
        if line.strip():
            yield line.strip()


async def run_ask(args: argparse.Namespace, settings: Settings) -> int:
    engine = load_engine(settings)
    for question in questions(args):
        answer = engine.answer(question)
        if args.json:
            print(as_json(engine, answer), flush=True)
            continue
        print(f"❓ {question}")
        if answer.matched:
            print(f"【{answer.title}】")
        print(said(engine, answer))
        if answer.sources:
            print(html_to_text(engine.texts.t("faq.sources", sources="; ".join(answer.sources))))
        print(flush=True)
    return 0


async def run_kb_check(args: argparse.Namespace, settings: Settings) -> int:
    problems = check_knowledge(settings.knowledge_root())
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} vấn đề.", file=sys.stderr)
        return 1
    engine = load_engine(settings)
    print(f"OK: {len(engine.kb.entries)} câu hỏi trong {len(engine.kb.topics)} chủ đề.")
    return 0


async def run_kb_gaps(args: argparse.Namespace, settings: Settings) -> int:
    db = await Database.open(settings.database())
    try:
        gaps = await FaqRepo(db).list_gaps(args.limit)
    finally:
        await db.close()
    if not gaps:
        print("Chưa có câu hỏi nào bị bỏ lỡ.")
        return 0
    # Anonymous: no asker, and phone or tax numbers a producer typed in a question masked.
    print("lần\tgửi cán bộ\tlý do\tcâu hỏi (gần nhất)")
    for gap in gaps:
        print(f"{gap.count}\t{gap.handoffs}\t{gap.reason.value}\t{mask_numbers(gap.example)}")
    return 0


async def run_eval(args: argparse.Namespace, settings: Settings) -> int:
    engine = load_engine(settings)
    report = evaluate(engine, load_items(args.file))
    shown = report.outcomes if args.all else report.misses
    for outcome in shown:
        item, answer = outcome.item, outcome.answer
        mark = "✓" if outcome.right else "✗"
        expected = "refuse" if item.refuse else " & ".join("|".join(g) for g in outcome.missing)
        got = answer.entry_id or answer.kind.value
        print(f"{mark} {item.question}\n    got: {got} ({answer.score:.2f})  missing: {expected}")
    n_in, n_out = len(report.in_scope), len(report.out_of_scope)
    right_in = sum(o.right for o in report.in_scope)
    right_out = sum(o.right for o in report.out_of_scope)
    print(f"accuracy: {report.accuracy:.1%} ({right_in}/{n_in} in scope answered right)")
    print(f"refusals: {report.refusal_rate:.1%} ({right_out}/{n_out} out of scope refused)")
    return 0
