"""``kb check`` content rules: superseded decisions only as history, a source for every entry,
past events never announced, "confirmed" only with a primary source.

Each failing case plants one entry beside the shipped knowledge and runs the real check
(``check_knowledge``, as ``ocop-bot kb check`` does); each passing case runs the rules alone
on the planted file. The clock is fixed at 6/12/2026 unless a test says otherwise.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
import yaml

from knowledge.checks import check_knowledge, is_primary, rule_problems
from knowledge.faq import read_faq
from tests.support.cli import run_cli
from tests.support.faq_support import KNOWLEDGE, engine

TODAY = dt.date(2026, 12, 6)
CURRENT = "Quyết định 26/2026/QĐ-TTg ngày 22/5/2026, Điều 7 khoản 6"
OLD = "Quyết định 148/QĐ-TTg ngày 24/02/2023"

DEFAULTS: dict[str, object] = {
    "id": "planted",
    "question": "Hội chợ nông sản thử nghiệm Vạn Thắng có gian hàng OCOP không?",
    "variants": [
        "hoi cho thu nghiem van thang co gian hang ocop ko",
        "gian hang ocop o hoi cho thu nghiem van thang",
        "hoi cho van thang thu nghiem dang ky gian hang ocop",
        "van thang co hoi cho thu nghiem cho sp ocop ko",
    ],
    "answer": "Có. Hội chợ thử nghiệm có gian hàng OCOP.",
    "sources": [CURRENT],
    "updated": "2026-12-06",
    "confidence": "partial",
}


def entry_yaml(**fields: object) -> str:
    """One knowledge file holding one entry: DEFAULTS overridden by ``fields``."""
    data = {"topic": "planted", "title": "Mục thử", "entries": [{**DEFAULTS, **fields}]}
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def plant(tmp_path: Path, **fields: object) -> Path:
    """A copy of the shipped knowledge with one planted entry; returns its root."""
    root = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, root, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    (root / "faq" / "zz-planted.yaml").write_text(entry_yaml(**fields), encoding="utf-8")
    return root


def kb_check(tmp_path: Path, today: dt.date = TODAY, **fields: object) -> list[str]:
    """What ``kb check`` says about the planted entry (the shipped entries stay clean)."""
    problems = check_knowledge(plant(tmp_path, **fields), today)
    assert not [p for p in problems if not p.startswith("planted/")], problems
    return problems


def rules_only(tmp_path: Path, today: dt.date = TODAY, **fields: object) -> list[str]:
    folder = tmp_path / "only"
    folder.mkdir()
    (folder / "planted.yaml").write_text(entry_yaml(**fields), encoding="utf-8")
    kb, schema = read_faq(folder)
    assert schema == []
    return rule_problems(kb, today)


def test_the_shipped_knowledge_passes_every_rule_on_6_december_2026() -> None:
    assert check_knowledge(KNOWLEDGE, TODAY) == []


def test_an_entry_presenting_148_as_the_rules_in_force_fails(tmp_path: Path) -> None:
    problems = kb_check(
        tmp_path,
        answer="Hồ sơ OCOP làm theo Quyết định 148/QĐ-TTg, nộp tại UBND xã.",
        sources=[OLD],
        confidence="confirmed",
    )
    assert any("cites the superseded 'Quyết định 148/QĐ-TTg" in p for p in problems)
    assert any(
        "answer names 'Quyết định 148' but does not say it is history" in p for p in problems
    )


def test_148_cited_first_before_26_2026_still_fails(tmp_path: Path) -> None:
    problems = kb_check(tmp_path, sources=[OLD, CURRENT])
    assert any("as its primary source" in p for p in problems)


def test_an_answer_naming_1489_without_saying_it_is_history_fails(tmp_path: Path) -> None:
    problems = kb_check(
        tmp_path, answer="Theo Quyết định 1489 thì UBND tỉnh công nhận 3 sao.", sources=[CURRENT]
    )
    assert any("names 'Quyết định 1489'" in p for p in problems)


def test_an_entry_marked_history_must_say_so_in_its_answer(tmp_path: Path) -> None:
    problems = kb_check(tmp_path, history=True, sources=["Quyết định 1048/QĐ-TTg ngày 21/8/2019"])
    assert any("is marked history but does not say it is history" in p for p in problems)


def test_a_history_entry_that_says_so_passes(tmp_path: Path) -> None:
    problems = rules_only(
        tmp_path,
        history=True,
        answer="Trước 22/5/2026, hồ sơ làm theo Quyết định 148/QĐ-TTg; nay thay bằng "
        "Quyết định 26/2026/QĐ-TTg.",
        sources=[OLD, CURRENT],
        confidence="confirmed",
    )
    assert problems == []


def test_an_entry_without_a_source_fails(tmp_path: Path) -> None:
    problems = check_knowledge(plant(tmp_path, sources=[]), TODAY)
    assert "zz-planted.yaml" not in " ".join(problems)  # reported by entry, not by file
    assert "planted/planted: sources are missing" in problems


def test_26_2026_cited_without_its_article_fails(tmp_path: Path) -> None:
    problems = kb_check(tmp_path, sources=["Quyết định 26/2026/QĐ-TTg ngày 22/5/2026"])
    assert any("without its article" in p for p in problems)


def test_a_past_festival_announced_as_upcoming_fails(tmp_path: Path) -> None:
    problems = kb_check(
        tmp_path,
        answer="Festival OCOP Việt Nam 2025 sắp diễn ra tại Hoàng thành Thăng Long, 20–23/12/2025.",
        events=[
            {"name": "Festival OCOP Việt Nam 2025", "start": "2025-12-20", "end": "2025-12-23"}
        ],
    )
    assert any("ended on 2025-12-23: the answer must say it took place" in p for p in problems)
    assert any("announces an event («sắp diễn ra»)" in p for p in problems)


def test_the_same_festival_may_be_announced_before_it_starts(tmp_path: Path) -> None:
    problems = rules_only(
        tmp_path,
        today=dt.date(2025, 12, 1),
        answer="Festival OCOP Việt Nam 2025 sắp diễn ra tại Hoàng thành Thăng Long, 20–23/12/2025.",
        events=[
            {"name": "Festival OCOP Việt Nam 2025", "start": "2025-12-20", "end": "2025-12-23"}
        ],
    )
    assert problems == []


def test_a_past_festival_told_as_past_passes(tmp_path: Path) -> None:
    problems = rules_only(
        tmp_path,
        answer="Festival OCOP Việt Nam 2025 đã diễn ra tại Hoàng thành Thăng Long, 20–23/12/2025.",
        events=[
            {"name": "Festival OCOP Việt Nam 2025", "start": "2025-12-20", "end": "2025-12-23"}
        ],
    )
    assert problems == []


def test_a_dated_fair_without_its_events_entry_fails(tmp_path: Path) -> None:
    problems = kb_check(tmp_path, answer="Hội chợ OCOP tỉnh đã diễn ra ngày 5/11/2026.")
    assert any("list it under events with its dates" in p for p in problems)


def test_announcing_words_without_an_event_to_come_fail(tmp_path: Path) -> None:
    problems = kb_check(tmp_path, answer="Tuần hàng OCOP sẽ diễn ra ở trung tâm tỉnh.")
    assert any("no listed event is still to come on 2026-12-06" in p for p in problems)


def test_confirmed_without_a_primary_source_fails(tmp_path: Path) -> None:
    problems = kb_check(
        tmp_path,
        confidence="confirmed",
        sources=["https://vneconomy.vn/festival-ocop-viet-nam-2025-hoi-tu-tinh-hoa-lan-toa.htm"],
    )
    assert any("confirmed without a primary source" in p for p in problems)


def test_confirmed_with_an_official_page_or_partial_with_a_news_page_passes(
    tmp_path: Path,
) -> None:
    official = rules_only(
        tmp_path, confidence="confirmed", sources=["https://ocop.angiang.gov.vn/huong-dan/"]
    )
    assert official == []
    news = tmp_path / "news"
    news.mkdir()
    assert rules_only(news, sources=["https://vneconomy.vn/bai-bao.htm"]) == []


COUNT_QUESTION = {
    "question": "Xã Vạn Thắng thử nghiệm có bao nhiêu sản phẩm OCOP?",
    "variants": [
        "xa van thang thu nghiem co bao nhieu sp ocop",
        "van thang thu nghiem co may san pham ocop",
        "so san pham ocop cua xa van thang thu nghiem",
        "xa van thang thu nghiem co bn sp ocop",
    ],
}


def test_a_current_count_without_tinh_den_fails(tmp_path: Path) -> None:
    """Issue 15 item 2: figures for "now" say «tính đến <tháng/năm>»."""
    problems = kb_check(
        tmp_path, answer="Xã có 12 sản phẩm OCOP, 3 sản phẩm 4 sao.", **COUNT_QUESTION
    )
    assert any("without «tính đến <tháng/năm>»" in p for p in problems)


@pytest.mark.parametrize(
    "answer",
    [
        "Tính đến tháng 11/2026, xã có 12 sản phẩm OCOP.",
        "Tính đến 20/12/2025, xã có 12 sản phẩm OCOP.",
        "Xã nộp hồ sơ kèm 05 sản phẩm mẫu.",  # samples are not a count of products
    ],
)
def test_a_count_with_its_date_or_no_count_passes(tmp_path: Path, answer: str) -> None:
    assert rules_only(tmp_path, answer=answer, **COUNT_QUESTION) == []


def test_a_count_asked_for_a_named_year_is_history_and_passes(tmp_path: Path) -> None:
    question = "Năm 2023 xã Vạn Thắng thử nghiệm có bao nhiêu sản phẩm OCOP?"
    assert rules_only(tmp_path, question=question, answer="Năm 2023 xã có 12 sản phẩm OCOP.") == []


@pytest.mark.parametrize(
    ("entry_id", "as_of"),
    [
        ("national-stats", "Tính đến 20/12/2025"),
        ("national-5-star-count", "Tính đến 29/9/2025"),
        ("ninh-binh-stats", "Tính đến tháng 11/2025"),
        ("nam-dinh-ocop-stats", "Tính đến 18/11/2024"),
        ("subject-stats-national", "Tính đến tháng 12/2024"),
    ],
)
def test_the_shipped_figures_say_as_of_when(entry_id: str, as_of: str) -> None:
    entry = engine().kb.get(entry_id)
    assert entry is not None and entry.answer.startswith(as_of)


def test_liquor_needs_its_production_licence_with_the_decree_cited() -> None:
    """Issue 15 item 2: selling liquor also needs a liquor production licence."""
    answer = engine().answer("nau ruou nep ban thi can giay phep gi")
    assert answer.entry_id == "product-ruou"
    assert "Giấy phép sản xuất rượu thủ công nhằm mục đích kinh doanh" in answer.text
    assert any(s.startswith("Nghị định 105/2017/NĐ-CP") for s in answer.sources)


@pytest.mark.parametrize(
    ("source", "primary"),
    [
        ("Quyết định 26/2026/QĐ-TTg ngày 22/5/2026, Điều 7 khoản 6", True),
        ("Nghị định 105/2017/NĐ-CP ngày 14/9/2017, Điều 9", True),
        ("Nghị quyết 257/2025/QH15", True),
        ("Thông tư 12/2024/TT-BCT", True),
        ("Quyết định 2361/QĐ-BNNMT ngày 26/6/2025", True),
        ("https://danang.gov.vn/web/san-pham-ocop/chi-tiet?id=4782", True),
        ("Trợ lý OCOP – hướng dẫn sử dụng", True),
        ("https://vneconomy.vn/festival-ocop-viet-nam-2025.htm", False),
        ("https://gov.vn.example.com/tin", False),
        ("Báo Nam Định điện tử, 12/01/2024 (bài về OCOP ở Ý Yên)", False),
        ("26/2026 theo lời cán bộ", False),
    ],
)
def test_what_counts_as_a_primary_source(source: str, primary: bool) -> None:
    assert is_primary(source) is primary


def test_ocop_bot_kb_check_fails_on_a_planted_outdated_entry(tmp_path: Path) -> None:
    root = plant(tmp_path, answer="Bộ tiêu chí hiện hành là Quyết định 148/QĐ-TTg.", sources=[OLD])
    done = run_cli(
        ["kb", "check"], {"OCOP_KNOWLEDGE_DIR": str(root), "OCOP_DB_PATH": str(tmp_path / "x.db")}
    )
    assert done.returncode == 1
    assert "planted/planted: cites the superseded" in done.stdout
    assert "vấn đề" in done.stderr
