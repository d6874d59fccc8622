"""Issue 15, blind set 2026k: other agencies' procedures, ministries, dates and facts.

A producer asks how to obtain a paper another agency issues (an ATTP certificate, a
trademark, a new cooperative): the assistant says it is not an OCOP question and offers the
commune officer, while whether that paper is needed for OCOP is still answered. Which
ministry is in charge of a product comes from Phụ lục I. A 5★ dossier's national round and a
dossier filed "trước 22/5/2026" are computed against the question's date or today. Each
answer carries the fact the decision gives and where it says so.
"""

from __future__ import annotations

import datetime as dt

import pytest

from knowledge.answers import OTHER_AGENCY_ID, AnswerKind
from knowledge.focus import asked_part, marks_its_question
from tests.support.chat import ChatClient
from tests.support.faq_support import engine

TODAY = dt.date(2026, 12, 6)


@pytest.mark.parametrize(
    "question",
    [
        "xin giấy chứng nhận cơ sở đủ điều kiện ATTP ở đâu, lệ phí bao nhiêu",
        "thu tuc xin giay attp",
        "đăng ký nhãn hiệu mất bao lâu thì có văn bằng",
        "thanh lap htx can may thanh vien",
        "xin cấp chứng nhận hữu cơ mất bao lâu",  # not OCOP's processing time
        "làm giấy chứng nhận vietgap ở đâu",
    ],
)
def test_another_agencys_procedure_is_refused_as_such(question: str) -> None:
    answer = engine().answer(question, TODAY)
    assert answer.kind is AnswerKind.OUT_OF_SCOPE
    assert answer.entry_id == OTHER_AGENCY_ID
    assert "thủ tục của một cơ quan khác" in answer.text


@pytest.mark.parametrize(
    ("question", "entry_id"),
    [
        ("giấy chứng nhận ATTP có bắt buộc cho OCOP không", "evidence-attp"),
        ("giay chung nhan attp co bat buoc ko", "evidence-attp"),
        ("chua co giay attp thi nop ho so o dau", "evidence-attp"),
        ("dang ky nhan hieu co duoc cong diem ko, mat bao lau", "evidence-trademark"),
        ("htx moi thanh lap dc tham gia ko", "htx-eligible"),
        ("chi phi lam nhan hieu co duoc ho tro ko", "support-cost-standards"),
        ("chi phi lam vietgap co duoc ho tro ko", "support-cost-standards"),
    ],
)
def test_whether_such_a_paper_counts_for_ocop_is_still_answered(
    question: str, entry_id: str
) -> None:
    assert engine().answer(question, TODAY).entry_id == entry_id


async def test_in_chat_another_agencys_procedure_offers_the_officer(chat: ChatClient) -> None:
    await chat.send("/start xa_13864")
    await chat.send("dang ky nhan hieu o cuc so huu tri tue mat bao lau")
    assert "không phải về Chương trình OCOP" in chat.text
    assert "cán bộ" in chat.text
    await chat.press("Gửi câu hỏi cho cán bộ xã")
    assert "đã lưu câu hỏi" in chat.text
    gaps = await chat.assistant.services.faq_store.list_gaps()
    assert [g.example for g in gaps] == ["dang ky nhan hieu o cuc so huu tri tue mat bao lau"]


@pytest.mark.parametrize(
    ("question", "ministry"),
    [
        ("nước uống đóng chai thì bộ nào chủ trì quản lý trong danh mục ocop", "Bộ Y tế"),
        ("mật ong do bộ nào chủ trì quản lý", "Bộ Nông nghiệp và Môi trường"),
    ],
)
def test_the_ministry_in_charge_of_a_named_product_comes_from_the_catalogue(
    question: str, ministry: str
) -> None:
    answer = engine().answer(question, TODAY)
    assert answer.kind is AnswerKind.GROUP
    assert f"Cơ quan chủ trì quản lý: {ministry}." in answer.text


def test_an_entry_naming_the_products_ministry_is_kept() -> None:
    answer = engine().answer("nước uống đóng chai thì bộ nào chủ trì quản lý", TODAY)
    assert answer.matched and "Bộ Y tế" in answer.text


def test_with_no_product_named_the_ministry_is_the_programmes() -> None:
    programme = engine().answer("bo nao quan ly ocop bay gio", TODAY)
    assert programme.entry_id == "ministry-in-charge"  # no product named: the programme's


@pytest.mark.parametrize(
    ("question", "today", "facts"),
    [
        (
            "sp dc tinh cham 92 diem, thang 12/2026 tinh gui ho so len bo thi bao gio bo cham",
            TODAY,
            ["tháng 12/2026", "đợt 2 năm 2027", "trước ngày 30/3/2027", "Điều 5 khoản 2"],
        ),
        (
            "thang 3/2026 tinh gui len bo thi bao gio bo cham",
            TODAY,
            ["trước ngày 30/9/2026", "Mốc đó đã qua (hôm nay 6/12/2026)"],
        ),
        (
            "tinh gui ho so 5 sao len bo bay gio thi khi nao bo cham",
            dt.date(2027, 3, 1),
            ["hôm nay (1/3/2027)", "đợt 1 năm 2027", "trước ngày 30/9/2027"],
        ),
    ],
)
def test_the_ministrys_round_is_computed_against_the_day_the_province_proposes(
    question: str, today: dt.date, facts: list[str]
) -> None:
    answer = engine().answer(question, today)
    assert answer.entry_id == "five-star-rounds"
    for fact in facts:
        assert fact in answer.text, fact


@pytest.mark.parametrize(
    "question",
    [
        "giay 5 sao cap thang 5/2022 bao gio het han, co phai len bo ko",  # a certificate's date
        "khi nào trung ương chấm xong thì ai cấp giấy",  # asks who
    ],
)
def test_other_questions_naming_the_ministry_are_no_round_question(question: str) -> None:
    assert engine().answer(question, TODAY).entry_id != "five-star-rounds"


def test_a_dossier_filed_before_the_decision_gets_its_transition_deadline() -> None:
    answer = engine().answer("ho so danh gia lai nop truoc 22/5/2026 thi xu ly trong bao lau")
    assert answer.entry_id == "transition-dossiers"
    assert "không quá 30 ngày" in answer.text
    assert "Điều 12 khoản 2 điểm b" in answer.text
    after = engine().answer("ho so nop sau 22/5/2026 thi ap dung quy dinh nao")
    assert "không quá 30 ngày kể từ 22/5/2026, tức" not in after.text


def test_a_plea_after_ko_biet_is_no_question_start() -> None:
    pleading = "co ai tu van lam ho so ocop giup ko, e ko biet viet bao cao"
    assert not marks_its_question(pleading)
    assert engine().answer(pleading).entry_id == "support-consulting"
    asking = "chau lam ruou nep, chau ko biet sp cua chau thuoc nhom nao"
    assert asked_part(asking) == "sp cua chau thuoc nhom nao"


@pytest.mark.parametrize(
    ("question", "entry_id", "facts"),
    [
        ("5 sao la hang cap gi", "star-5-min", ["hạng cấp quốc gia", "Điều 3 khoản 3"]),
        (
            "e moi nop don dang ky nhan hieu, muon len 4 sao co can giay chung nhan nhan hieu ko",
            "four-star-requirements",
            ["Giấy chứng nhận đăng ký nhãn hiệu", "qua thẩm định hình thức chỉ đủ mức 3 sao"],
        ),
        (
            "the con 5 sao thi hop dong lien ket phai the nao",
            "evidence-raw-material",
            ["trên 75%", "từ 12 tháng trở lên"],
        ),
        (
            "ho so de nghi 5 sao tinh gui len bo gom nhung gi",
            "five-star-rounds",
            ["Tổ tư vấn và của Hội đồng cấp tỉnh", "05 sản phẩm mẫu", "Điều 6 khoản 3 điểm a"],
        ),
        (
            "tinh co bat gui mau di kiem nghiem them ko",
            "evidence-kiem-nghiem",
            ["bổ sung kết quả kiểm nghiệm chất lượng nếu cần", "Điều 7 khoản 3 điểm c"],
        ),
        (
            "muon nang hang thi nop o dau, co phai len tinh ko",
            "dossier-upgrade",
            ["Nộp hồ sơ tại UBND xã/phường", "không nộp thẳng lên tỉnh"],
        ),
        ("minh chung tang truong can bao cao tai chinh may nam", "evidence-market", ["2 năm"]),
        (
            "giay 3 sao cu la huyen cap, gio danh gia lai thi ai cap giay moi",
            "re-evaluation",
            ["Chủ tịch UBND tỉnh cấp cho 3, 4 sao"],
        ),
        (
            "Trước đây huyện công nhận 3 sao, bây giờ theo quy định mới thì khác gì?",
            "old-rules-148",
            ["2 cấp (tỉnh và trung ương, Điều 4)"],
        ),
        (
            "khai diem cao hon thuc te, nop giay to khong dung thi sao",
            "revocation",
            ["không trung thực hoặc giả mạo"],
        ),
        ("ho so sp ai chuan bi, xa lam ho hay minh tu lam", "dossier-components", ["chủ thể"]),
        ("ty le diem A B C co thay doi so voi truoc ko", "score-parts-abc", ["Phần A: 40"]),
    ],
)
def test_the_fact_the_decision_gives_is_in_the_answer(
    question: str, entry_id: str, facts: list[str]
) -> None:
    answer = engine().answer(question, TODAY)
    assert answer.entry_id == entry_id, question
    for fact in facts:
        assert fact in answer.text, (question, fact)
