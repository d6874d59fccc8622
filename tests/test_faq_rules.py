"""Computed answers: a score's star band and a certificate's dates against today, each with
its source."""

from __future__ import annotations

import datetime as dt

import pytest

from knowledge.answers import AnswerKind
from knowledge.stars import find_score
from knowledge.validity import Asks, find_certificate_question, find_issue_date
from tests.support.faq_support import engine


@pytest.mark.parametrize(
    ("question", "stars", "recognised"),
    [
        ("65 điểm được mấy sao", 3, True),
        ("72 diem thi duoc may sao", 4, True),
        ("89,5 diem dc 5 sao ko ad", 4, True),
        ("90 điểm thì được mấy sao ạ", 5, True),
        ("sp dat 95d thi sao", 5, True),
        ("diem 18 thi xep hang gi", 1, False),
        ("đc 49.5 điểm có được công nhận ko", 2, False),
        ("100 diem tuyet doi thi sao", 5, True),
        ("cham 89 diem, thieu 1 diem nua la 5 sao, vay dang may sao", 4, True),  # a difference
    ],
)
def test_a_score_gets_its_computed_star_band_and_source(
    question: str, stars: int, recognised: bool
) -> None:
    answer = engine().answer(question)
    assert answer.kind is AnswerKind.SCORE
    assert f"xếp hạng {stars} sao" in answer.text or f"khung {stars} sao" in answer.text
    assert ("chưa được công nhận" not in answer.text) is recognised
    assert answer.sources == ("Quyết định 26/2026/QĐ-TTg ngày 22/5/2026, Điều 3 khoản 3",)


def test_from_90_points_the_answer_names_the_ministry_for_5_stars() -> None:
    answer = engine().answer("dat 91 diem o tinh thi da la 5 sao chua")
    assert "Bộ Nông nghiệp và Môi trường" in answer.text


@pytest.mark.parametrize(
    "question",
    [
        "sp dat bn diem thi dc 4 sao",  # asks for the band, gives no score
        "4 sao la tu 70 den 90 diem ha",  # a range
        "phan a 40 diem gom nhung muc nao",  # a part of the criteria
        "dung nguyen lieu dia phuong dc cong 5 diem",  # a bonus
        "sau 1/7/2025 ai cham diem 4 sao",  # a date and a star rank
        "diem thi dai hoc 2025",  # not about a product
        "duoi 50 diem thi sao",  # a threshold (issue 15)
        "sp dat tren 90 diem la 5 sao a",
    ],
)
def test_numbers_that_are_not_a_product_score_are_left_to_the_faq(question: str) -> None:
    assert find_score(question) is None


def test_expiry_is_computed_from_the_issue_month() -> None:
    answer = engine().answer("giấy ocop nhà em cấp tháng 3/2023, bao giờ hết hạn")
    assert answer.kind is AnswerKind.EXPIRY
    assert "tháng 3/2026" in answer.text and "36 tháng" in answer.text
    assert "180 ngày" in answer.text and "120 ngày" in answer.text
    assert answer.sources == (
        "Quyết định 26/2026/QĐ-TTg ngày 22/5/2026, Điều 4 khoản 3, Điều 7 khoản 6, Điều 12",
    )


def test_expiry_keeps_the_day_and_handles_month_ends() -> None:
    issued = find_issue_date("cap ngay 31/8/2023 thi khi nao het han")
    assert issued is not None
    assert issued.plus_months(36).text() == "ngày 31/8/2026"
    leap = find_issue_date("qd ngay 29/2/2024, den khi nao het han")
    assert leap is not None and leap.plus_months(36).text() == "ngày 28/2/2027"


def test_a_date_without_an_expiry_question_is_not_an_expiry_question() -> None:
    assert find_issue_date("sau 1/7/2025 nop ho so o dau") is None


TODAY = dt.date(2026, 12, 6)


@pytest.mark.parametrize(
    ("question", "says", "never"),
    [
        # issue 15: the expiry is in the past today, and the answer says so and what to do
        (
            "cap thang 5/2022 bao gio het han",
            ["tháng 5/2025", "ĐÃ HẾT HIỆU LỰC", "hôm nay (6/12/2026)", "UBND xã/phường"],
            ["còn hiệu lực đến"],
        ),
        # a certificate from 2021 has expired: never «Có» / «Được» about the logo
        (
            "giay chung nhan ocop cap nam 2021 con dung logo duoc khong",
            ["Không được nữa.", "ĐÃ HẾT HIỆU LỰC", "không được dùng logo OCOP"],
            ["Được, đến", "Có."],
        ),
        (
            "sp nha e dat 3 sao tu 2021, gio van la ocop chu a",
            ["Không được nữa.", "ĐÃ HẾT HIỆU LỰC"],
            ["Được, đến"],
        ),
        # issue 12 item 1: «nộp hồ sơ đánh giá lại từ ngày … đến ngày …»
        (
            "gcn 4 sao cap ngay 15/3/2025 thi khi nao nop ho so danh gia lai",
            ["ngày 15/3/2028", "từ 17/9/2027 đến 16/11/2027", "còn hiệu lực"],
            ["HẾT HIỆU LỰC"],
        ),
        (
            "Giấy chứng nhận cấp ngày 1/8/2024, đánh giá lại nộp lúc nào?",
            ["ngày 1/8/2027", "từ 2/2/2027 đến 3/4/2027"],
            [],
        ),
        # inside the window today
        (
            "giay cap ngay 20/4/2024 thi nop danh gia lai khi nao",
            ["ĐANG trong khoảng nộp", "từ 22/10/2026 đến 21/12/2026"],
            [],
        ),
        # window closed, certificate still valid: hurry, with the transition clause
        (
            "cap ngay 15/3/2024 con dung logo dc ko",
            ["Được, đến ngày 15/3/2027", "đã qua", "Điều 12 khoản 3"],
            ["HẾT HIỆU LỰC"],
        ),
        # expired two months ago: valid only if a re-evaluation was filed, at most 180 days
        (
            "giay chung nhan cap ngay 1/10/2023 con hieu luc khong",
            ["quá ngày hết hạn", "ngày 1/10/2026", "30/3/2027"],
            ["Được, đến"],
        ),
        # the date typed after «hết hạn» is the expiry itself
        (
            "giay ocop het han thang 3/2026 thi con dung logo dc nua ko",
            ["Không được nữa.", "tháng 3/2026"],
            [],
        ),
    ],
)
def test_certificate_dates_are_computed_against_today(
    question: str, says: list[str], never: list[str]
) -> None:
    answer = engine().answer(question, today=TODAY)
    assert answer.kind is AnswerKind.EXPIRY
    for text in says:
        assert text in answer.text, text
    for text in never:
        assert text not in answer.text, text


@pytest.mark.parametrize(
    "question",
    [
        "qd 148 nam 2023 con hieu luc khong",  # a rule's date, not a certificate's
        "giai doan 2021 2025 ocop het han chua",
        "sau 1/7/2025 nop ho so o dau",
        "nam 2025 ninh binh co bao nhieu san pham ocop",
    ],
)
def test_dates_that_are_not_a_certificate_are_left_to_the_faq(question: str) -> None:
    assert find_certificate_question(question) is None


@pytest.mark.parametrize(
    "question",
    [
        "bang lai xe cap nam 2015 bao gio het han",
        "the bao hiem y te cap thang 3/2024 con han khong",
        "cmnd cap nam 2010 con dung duoc khong",
        "ho chieu cap 5/2019 het han chua",
    ],
)
def test_other_papers_dates_are_refused_not_computed(question: str) -> None:
    assert not engine().answer(question, today=TODAY).matched


def test_what_a_dated_question_asks() -> None:
    logo = find_certificate_question("sp cua e dat 3 sao nam 2021 gio con dung logo dc ko")
    window = find_certificate_question("cap 12/2023, bao gio phai nop danh gia lai")
    assert logo is not None and logo.asks is Asks.LOGO
    assert window is not None and window.asks is Asks.WINDOW
