"""The FAQ answers the evaluation sets right, and the knowledge files are clean."""

from __future__ import annotations

import pytest

from knowledge.checks import check_knowledge
from knowledge.evaluation import Report, evaluate, load_items
from tests.support.faq_support import KNOWLEDGE, REPO, engine, shared_dir

EVAL_SET = REPO / "tests" / "data" / "faq_eval.yaml"


def describe(report: Report) -> str:
    lines = []
    for miss in report.misses:
        got = miss.answer.entry_id or miss.answer.kind.value
        wanted = "refuse" if miss.item.refuse else miss.missing
        lines.append(f"{miss.item.question!r}: got {got}, missing {wanted}")
    return "\n".join(lines)


@pytest.fixture(scope="module")
def report() -> Report:
    return evaluate(engine(), load_items(EVAL_SET))


def test_evaluation_set_is_the_size_issue_3_asks_for(report: Report) -> None:
    assert len(report.in_scope) >= 300
    assert len(report.out_of_scope) >= 60


def test_at_least_90_percent_of_producer_questions_get_every_required_fact(
    report: Report,
) -> None:
    assert report.accuracy >= 0.90, describe(report)


def test_at_least_90_percent_of_questions_outside_ocop_are_refused(report: Report) -> None:
    assert report.refusal_rate >= 0.90, describe(report)


def test_questions_typed_in_nfd_get_the_same_answers_as_in_nfc(report: Report) -> None:
    nfd = [o for o in report.outcomes if "nfd" in o.item.tags]
    assert nfd
    for outcome in nfd:
        same = engine().answer(outcome.item.question)
        assert (same.kind, same.entry_id) == (outcome.answer.kind, outcome.answer.entry_id)


def test_every_item_of_the_shared_sample_passes() -> None:
    shared = shared_dir()
    if shared is None:
        pytest.skip("../shared/eval/faq-sample.yaml not found (set OCOP_SHARED_DIR)")
    sample = evaluate(engine(), load_items(shared / "eval" / "faq-sample.yaml"))
    assert not sample.misses, describe(sample)


def test_kb_check_finds_no_problem_in_the_shipped_knowledge() -> None:
    assert check_knowledge(KNOWLEDGE) == []
