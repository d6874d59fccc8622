"""Issue 15, blind sets 2026f/g: dates stated, computed against today, and the star rank asked.

A producer who writes «cấp tháng 12/2023 thì đến tháng 12 năm nay là hết à» or «mới lên 4 sao
tháng 7/2026, bao giờ phải nộp đánh giá lại» gets the dates computed (Điều 4 khoản 3, Điều 7
khoản 6 điểm a); a dossier filed before 22/5/2026 gets the transition deadline of Điều 12
khoản 2 and whether it has passed today. A question naming 5★ never gets the 4★ entry when
the 5★ one exists; a question naming 4★ and 5★ gets both.
"""

from __future__ import annotations

import datetime as dt

import pytest

from knowledge.answers import AnswerKind
from knowledge.star_ranks import asked_ranks
from knowledge.transition import Kind, find_filing
from knowledge.validity import find_certificate_question
from tests.support.chat import ChatClient
from tests.support.faq_support import engine

TODAY = dt.date(2026, 12, 6)


def test_la_het_a_about_a_certificate_gets_its_expiry_month() -> None:
    answer = engine().answer(
        "c oi giay cn cap thang 12/2023 thi den thang 12 nam nay la het a", TODAY
    )
    assert answer.kind is AnswerKind.EXPIRY
    assert "hết hiệu lực trong tháng 12/2026, hôm nay là 6/12/2026" in answer.text


def test_a_rank_just_reached_gives_the_expiry_and_the_window_with_dates() -> None:
    answer = engine().answer(
        "e moi len 4 sao thang 7/2026 theo qd moi, tinh ky. hoi ty, bao gio thi e phai nop ho so "
        "danh gia lai",
        TODAY,
    )
    assert answer.kind is AnswerKind.EXPIRY
    assert "còn hiệu lực đến tháng 7/2029" in answer.text
    assert "nộp hồ sơ đánh giá lại từ 2/1/2029 đến 2/4/2029" in answer.text
    assert "không sớm hơn 180 ngày và không muộn hơn 120 ngày" in answer.text


def test_wanting_to_reach_a_rank_is_still_no_certificate_date() -> None:
    assert find_certificate_question("dat 3 sao tu 2024, muon len 4 sao thi lam gi") is None


def test_a_rank_reached_on_a_date_is_the_certificates_date() -> None:
    answer = engine().answer("sp e len 4 sao thang 7/2026 thi bao gio phai danh gia lai", TODAY)
    assert answer.kind is AnswerKind.EXPIRY
    assert "còn hiệu lực đến tháng 7/2029" in answer.text


def test_a_re_evaluation_filed_before_the_decision_gets_30_days_passed_today() -> None:
    answer = engine().answer("ho so danh gia lai nop tu thang 4/2026 thi xu ly ntn", TODAY)
    assert answer.entry_id == "transition-dossiers"
    assert "không quá 30 ngày kể từ 22/5/2026, tức đến khoảng 21/6/2026" in answer.text
    assert "60 ngày" not in answer.text
    assert "thời hạn đó đã qua (21/6/2026)" in answer.text
    assert "không quá 180 ngày kể từ ngày hết hạn (Điều 12 khoản 3)" in answer.text


def test_a_first_rating_filed_before_the_decision_gets_60_days() -> None:
    answer = engine().answer("e nop ho so lan dau hoi thang 3/2026 gio van chua thay cham", TODAY)
    assert "không quá 60 ngày kể từ 22/5/2026, tức đến khoảng 21/7/2026" in answer.text
    assert "30 ngày" not in answer.text


def test_a_dossier_of_unknown_kind_gets_both_deadlines_and_one_still_running() -> None:
    answer = engine().answer("ho so ocop nop ngay 10/5/2026 thi xu ly the nao", dt.date(2026, 6, 1))
    assert "60 ngày" in answer.text and "30 ngày" in answer.text
    assert "chậm nhất vào khoảng 21/7/2026" in answer.text


@pytest.mark.parametrize(
    "question",
    [
        "ho so nop thang 8/2026 bao lau co ket qua",  # filed under the decision in force
        "gcn cap thang 4/2026 con han ko",  # a certificate's date, not a filing date
        "gcn het han 15/1/2027, nop danh gia lai khi nao",
    ],
)
def test_other_dates_are_no_transition(question: str) -> None:
    assert find_filing(question) is None


def test_the_kind_of_dossier_is_read() -> None:
    found = find_filing("nộp hồ sơ nâng hạng từ tháng 4/2026")
    assert found is not None and found.kind is Kind.FIRST


def test_five_stars_gets_the_five_star_entry_not_the_four_star_one() -> None:
    answer = engine().answer("5 sao do co quan nao cap gcn")
    assert answer.entry_id == "who-grants-5-star"
    assert "Bộ Nông nghiệp và Môi trường" in answer.text


def test_four_and_five_stars_asked_together_get_both_answers() -> None:
    answer = engine().answer(
        "OCOP 4 sao với 5 sao thì cái nào tỉnh công nhận, cái nào trung ương công nhận?"
    )
    assert "4 sao do UBND tỉnh" in answer.text
    assert "Bộ Nông nghiệp và Môi trường đánh giá, công nhận" in answer.text
    assert "Điều 4 khoản 1 điểm b" in "; ".join(answer.sources)


@pytest.mark.parametrize(
    ("question", "ranks"),
    [
        ("đang 3 sao, muốn lên 4 sao cần gì", ["4"]),  # the goal of an upgrade
        ("sp 3 sao muon nang hang thi lam gi", []),  # an upgrade with no goal named
        ("ba sao voi bon sao khac gi nhau", ["3", "4"]),
        ("ocop 5* ai cong nhan", ["5"]),
        ("da dat 4 sao roi thi bao gio len duoc 5 sao", ["5"]),  # reached 4, asks about 5
    ],
)
def test_the_ranks_a_question_asks_about(question: str, ranks: list[str]) -> None:
    assert asked_ranks(question) == ranks


async def test_in_chat_a_producer_asking_about_5_stars_reads_about_the_ministry(
    chat: ChatClient,
) -> None:
    await chat.send("/start xa_13864")
    await chat.send("5 sao do co quan nao cap gcn")
    assert "Bộ Nông nghiệp và Môi trường" in chat.text
    assert "4 sao do UBND tỉnh" not in chat.text


def test_a_dossier_filed_at_the_commune_today_is_told_which_round_it_makes() -> None:
    answer = engine().answer(
        "Chào ad, em là giám đốc HTX mắm cáy. Hôm nay HTX mới nộp hồ sơ cho xã. Liệu có kịp "
        "đợt chấm cuối năm nay không, đợt sau là khi nào?",
        TODAY,
    )
    assert answer.kind is AnswerKind.EXPIRY
    assert "Không kịp đợt 2 năm 2026" in answer.text
    assert "trước 30/10/2026" in answer.text
    assert "đợt 1 năm 2027: xã đề nghị lên tỉnh trước 30/4/2027" in answer.text
    assert "tỉnh đánh giá xong trước 30/6/2027" in answer.text


def test_a_dated_filing_in_september_makes_round_2_of_that_year() -> None:
    answer = engine().answer("nop ho so cho xa ngay 15/9/2026 thi kip dot nao", TODAY)
    assert "Đợt gần nhất còn kịp là đợt 2 năm 2026" in answer.text
    assert "còn 45 ngày" in answer.text


@pytest.mark.parametrize(
    "question",
    [
        "bo xet 5 sao may dot 1 nam, khi nao",  # the ministry's rounds: the FAQ entry
        "dot 1 tinh cham truoc ngay nao",  # no dossier filed at the commune
    ],
)
def test_other_round_questions_stay_with_the_faq(question: str) -> None:
    assert engine().answer(question, TODAY).title != ""
    assert "kịp đợt đánh giá nào" not in engine().answer(question, TODAY).title
