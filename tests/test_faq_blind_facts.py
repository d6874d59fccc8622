"""Issue 15, blind sets 2026d/f/g: the facts a producer asks about are in the answer.

Blind writers read Quyết định 26/2026/QĐ-TTg and expect its facts: what 1 star means, that
the rank rests on the average score, when a producer who stopped producing loses the
certificate (Điều 8 khoản 1 điểm đ, khoản 4), that a re-evaluation visits the site only when
the scale changed or the evidence is unclear (Điều 7 khoản 6 điểm c), what the commune must
do (Điều 10 khoản 4), the product code on the sheets, how many communes Ninh Bình has (from
the commune data). Each question below is typed as producers type; each answer must carry
the fact and its place in the decision.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml

from tests.support.chat import ChatClient
from tests.support.faq_support import KNOWLEDGE, engine


@pytest.mark.parametrize(
    ("question", "entry_id", "facts"),
    [
        ("hang 1 sao la sao vay", "star-bands", ["sơ khai, chưa được thương mại"]),
        (
            "diem de xep hang la diem trung binh cua hoi dong hay cong lai",
            None,
            ["tổng điểm trung bình", "không cộng dồn"],
        ),
        (
            "HTX chúng tôi đã ngừng sản xuất sản phẩm đó từ đầu năm. Giấy chứng nhận OCOP có bị "
            "thu hồi không?",
            "revocation",
            ["không còn sản xuất", "xác nhận của UBND cấp xã", "15 ngày", "Điều 8 khoản 4"],
        ),
        (
            "Đánh giá lại có bắt buộc xuống kiểm tra thực tế cơ sở không?",
            None,
            ["quy mô sản xuất", "hồ sơ minh chứng không rõ ràng", "Điều 7 khoản 6 điểm c"],
        ),
        (
            "UBND xã có trách nhiệm gì với chương trình OCOP",
            "commune-role",
            ["tuyên truyền, phổ biến", "Điều 10 khoản 4"],
        ),
        ("xa co bat buoc hop lay y kien ve ho so ocop ko", "commune-role", ["cần thiết"]),
        ("bo co kiem tra sp 3 sao ko", "post-audit", ["3 sao, 4 sao khi cần thiết"]),
        ("qd 1489 con hieu luc ko", "qd-1489", ["sau 60 ngày", "Điều 11 khoản 2"]),
        ("ma so san pham ocop ghi ntn", "product-code", ["mã tỉnh", "mã xã", "19/2025/QĐ-TTg"]),
        ("tren phieu dang ky co may lua chon lan dang ky", "phieu-dang-ky", ["nâng hạng"]),
        (
            "trang trai nuoi ong co dang ky ocop dc ko",
            None,
            ["trang trại", "Điều 2 khoản 3"],
        ),
        (
            "sp tiem nang 5 sao thi tinh gui len bo nhung giay to gi",
            "tiem-nang-5-sao",
            ["05 sản phẩm mẫu", "Điều 6 khoản 3 điểm a"],
        ),
        (
            "mau co lan long, con trung thi hoi dong cham the nao",
            "disqualification",
            ["không đánh giá các bước tiếp theo"],
        ),
        ("Rượu dùng toàn bộ gạo nhập khẩu thì có bị loại không?", "disqualification", ["bị loại"]),
    ],
)
def test_the_fact_asked_is_in_the_answer(
    question: str, entry_id: str | None, facts: list[str]
) -> None:
    answer = engine().answer(question)
    assert answer.matched, question
    if entry_id is not None:
        assert answer.entry_id == entry_id
    for fact in facts:
        assert fact in answer.text, (question, fact)


def test_the_commune_count_of_the_answer_is_the_commune_datas() -> None:
    communes = yaml.safe_load(Path(KNOWLEDGE, "communes.yaml").read_text(encoding="utf-8"))
    kinds = Counter(c["kind"] for c in communes["communes"])
    answer = engine().answer("tinh ninh binh moi co bao nhieu xa phuong")
    assert answer.entry_id == "ninh-binh-communes"
    total = len(communes["communes"])
    assert f"{total} đơn vị hành chính cấp xã: {kinds['xã']} xã và {kinds['phường']} phường" in (
        answer.text
    )


@pytest.mark.parametrize(
    "question",
    [
        "Hồ sơ xin cấp giấy chứng nhận quyền sử dụng đất lần đầu gồm những gì?",
        "lam so do can giay to gi",
    ],
)
def test_a_land_paper_question_is_refused_not_read_as_a_scoring_line(question: str) -> None:
    assert not engine().answer(question).matched


async def test_in_chat_a_producer_who_stopped_hears_about_the_commune_confirmation(
    chat: ChatClient,
) -> None:
    await chat.send("/start xa_13864")
    await chat.send("htx e ngung san xuat sp do roi thi giay chung nhan ocop co bi thu hoi ko")
    assert "xác nhận của UBND cấp xã" in chat.text


def test_council_marks_are_named_as_the_average_the_rank_rests_on() -> None:
    answer = engine().answer("3 thanh vien hoi dong cham e 68 72 71 thi tinh sao")
    assert "điểm trung bình của các thành viên hội đồng: (68 + 72 + 71) : 3 = 70,33" in (
        answer.text
    )
    assert "Điều 3 khoản 3" in answer.text
    parts = engine().answer("sp e tu cham A 30 B 15 C 20 thi dc may sao")
    assert "trung bình" not in parts.text.split("\n")[0]  # parts are summed, not averaged


@pytest.mark.parametrize(
    ("question", "entry_id", "fact"),
    [
        ("cơ sở em tạm nghỉ sản xuất mấy tháng, giấy ocop có bị thu hồi ko", "revocation", "Tạm"),
        ("sp chi dc 2 sao thi co dan tem ocop len hu duoc ko", "star-below-3", "không"),
        ("bao cao tai chinh phai nop may nam", "evidence-list", "2 năm"),
        (
            "nha e lam banh, chua co giay attp, vay dang ky ocop truoc roi bo sung sau dc ko",
            "evidence-attp",
            "loại",
        ),
    ],
)
def test_questions_producers_ask_reach_the_entry_holding_the_fact(
    question: str, entry_id: str, fact: str
) -> None:
    answer = engine().answer(question)
    assert answer.entry_id == entry_id
    assert fact in answer.text


def test_thoi_diem_is_a_time_not_points_so_the_rounds_answer() -> None:
    answer = engine().answer("Bộ tổ chức đánh giá 5 sao vào những thời điểm nào trong năm?")
    assert answer.entry_id == "five-star-rounds"
    assert "trước ngày 30/9" in answer.text and "trước ngày 30/3" in answer.text
