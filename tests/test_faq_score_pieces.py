"""A score given in pieces, in words, or short of the next rank (issue 15, blind dev sets).

«A 30 B 15 C 20 thì được mấy sao», «3 thành viên chấm 68 72 71», «bảy mươi điểm chẵn»,
«62 điểm muốn lên 4 sao phải thêm bao nhiêu»: the assistant shows the sum or average it made,
the rank of that total (QĐ 26/2026 Điều 3 khoản 3) and the points still missing.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.answers import AnswerKind, FaqEngine
from knowledge.replies import Texts
from knowledge.score_sum import find_total, spell_numbers, target_rank

KNOWLEDGE = Path(__file__).resolve().parents[1] / "knowledge"


@pytest.fixture(scope="module")
def engine() -> FaqEngine:
    return FaqEngine.load(KNOWLEDGE, Texts.load(KNOWLEDGE / "replies"))


@pytest.mark.parametrize(
    ("question", "total"),
    [
        ("sp e tu cham A 30 B 15 C 20 thi dc may sao", 65),
        ("A dc 28 B 18 C 25 tong bn, may sao ad", 71),
        ("phan A 35, phan B 20, phan C 30 thi xep hang may sao", 85),
        ("28+18+25 thi dc may sao", 71),
        ("3 thanh vien hoi dong cham e 68 72 71 thi tinh sao", 70.33),
    ],
)
def test_pieces_are_summed_or_averaged(question: str, total: float) -> None:
    found = find_total(question)
    assert found is not None and found[1] == total


@pytest.mark.parametrize(
    "question",
    [
        "phan A toi da 40 diem phai ko",  # one part's maximum: no score of a product
        "A 50 B 15 C 20 thi dc may sao",  # part A holds at most 40: not a score sheet's parts
        "gia vang 68 72 71 hom nay",  # no rank asked
    ],
)
def test_what_is_not_a_score_in_pieces(question: str) -> None:
    assert find_total(question) is None


def test_a_score_in_words_is_read() -> None:
    assert spell_numbers("dc bay muoi diem chan thi la 4 sao phai ko").startswith("dc 70 diem")
    assert spell_numbers("tám mươi lăm điểm").startswith("85 diem")


def test_the_parts_answer_shows_the_sum_and_its_rank(engine: FaqEngine) -> None:
    answer = engine.answer("sp e tu cham A 30 B 15 C 20 thi dc may sao")
    assert answer.kind is AnswerKind.SCORE
    assert "A 30 + B 15 + C 20 = 65" in answer.text
    assert "65 điểm được xếp hạng 3 sao" in answer.text


def test_a_council_average_is_ranked(engine: FaqEngine) -> None:
    answer = engine.answer("3 thanh vien hoi dong cham e 68 72 71 thi tinh sao")
    assert "(68 + 72 + 71) : 3 = 70,33" in answer.text
    assert "4 sao" in answer.text


def test_the_points_missing_to_the_rank_aimed_at(engine: FaqEngine) -> None:
    assert target_rank("muon len 5 sao") == 5
    answer = engine.answer("sp dang 3 sao 62d, muon len 4 sao phai kiem them bao nhieu diem nua")
    assert "Còn thiếu 8 điểm để lên hạng 4 sao (từ 70 điểm)" in answer.text
    aimed = engine.answer("sp e 62 diem, muon len 5 sao thi thieu bao nhieu")
    assert "Còn thiếu 28 điểm để lên hạng 5 sao (từ 90 điểm)" in aimed.text
    top = engine.answer("sp dat 95 diem thi dc may sao")
    assert "Còn thiếu" not in top.text  # nothing above 5 stars


def test_seventy_in_words_is_four_stars(engine: FaqEngine) -> None:
    answer = engine.answer("dc bay muoi diem chan thi la 4 sao phai ko")
    assert answer.kind is AnswerKind.SCORE and "70 điểm được xếp hạng 4 sao" in answer.text


@pytest.mark.parametrize(
    "question",
    [
        "hoc sinh dat bay muoi diem thi xep loai gi",
        "con e thi dc tam muoi diem co dc hoc sinh gioi ko",
        "ban giam khao cham 68 72 71 cho thi sinh thi xep hang may",
    ],
)
def test_a_pupils_marks_are_not_a_products_score(engine: FaqEngine, question: str) -> None:
    assert not engine.answer(question).matched
