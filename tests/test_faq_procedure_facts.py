"""Issue 15, blind sets 2026l/m/o/p: what the procedure, the dossier and the rules of
Quyết định 26/2026/QĐ-TTg say, asked as producers and commune officers ask it.

Blind writers read the decision and expect its facts: what the commune sends to the province
besides the producer's dossier (Điều 6 khoản 2: its letter, the Mẫu 03 report, 05 samples),
what Mẫu 03 holds, the Phiếu's boxes where the commune logs the day it received it, that the
samples go with the dossier to the commune (also at re-evaluation), the 5★ re-evaluation
dossier (Điều 6 khoản 3 điểm b), the transition of Điều 12, that the logo of one product may
not go on another (Điều 8 khoản 1 điểm d), what the ministry does when a province scores
wrongly (Điều 10 khoản 1 điểm b), the level of each rank (Điều 3 khoản 3). Where the sources
do not settle it (a complaint, the 2026 counts, a 2026–2030 programme decision, the province's
share of packaging costs) the answer says so and names the officer, never a guess. Each
question below is another wording of such a question; each answer must carry the fact.
"""

from __future__ import annotations

import pytest

from knowledge.text import fold
from tests.support.chat import ChatClient
from tests.support.faq_support import engine
from tests.support.records import handoffs

VAN_THANG = "13864"
NOT_CONFIRMED = "chưa có thông tin chính thức được xác nhận"


@pytest.mark.parametrize(
    ("question", "entry_id", "facts"),  # entry_id: the entry, or either of two (space)
    [
        (
            "xã gửi hồ sơ lên tỉnh thì kèm những văn bản gì",
            "commune-dossier-to-province",
            ["Văn bản của UBND xã đề nghị", "Mẫu số 03", "05 sản phẩm mẫu", "Điều 6 khoản 2"],
        ),
        (
            "báo cáo mẫu 03 của xã có những mục nào",
            "mau-03-report",
            ["nguyên liệu địa phương", "lao động địa phương", "bản sắc, trí tuệ địa phương"],
        ),
        (
            "trên phiếu đăng ký có chỗ ghi ngày xã nhận hồ sơ không",
            "phieu-dang-ky",
            ["ngày nhận", "người tiếp nhận", "UBND cấp xã"],
        ),
        ("cần gửi mấy hộp sản phẩm mẫu cho xã", "sample-products", ["05 sản phẩm mẫu"]),
        (
            "mẫu mang thẳng lên tỉnh hay gửi cho xã",
            "sample-products",
            ["không mang thẳng lên tỉnh", "Điều 7 khoản 2 điểm b"],
        ),
        (
            "hồ sơ đánh giá lại có kèm sản phẩm mẫu không",
            "sample-products dossier-re-evaluation",
            ["05", "khoản 6 điểm b"],
        ),
        (
            "sản phẩm 5 sao hết hạn thì đánh giá lại thế nào",
            "five-star-re-evaluation",
            ["cơ quan tham mưu quản lý OCOP cấp tỉnh", "05 sản phẩm mẫu", "Điều 6 khoản 3 điểm b"],
        ),
        (
            "cham xong ket qua bao ve bang cach nao",
            "submit-results-notice",
            ["bằng văn bản", "UBND xã"],
        ),
        (
            "sp 4 sao công nhận theo quy định cũ có phải đánh giá lại ngay theo tiêu chí mới ko",
            "transition-certificates",
            ["không phải đánh giá lại ngay", "Quyết định 148 thì đã hết hiệu lực"],
        ),
        (
            "lấy logo ocop của sản phẩm này in lên sản phẩm khác được không",
            "logo-other-product",
            ["Không được", "gây nhầm lẫn", "thu hồi", "Điều 8 khoản 1 điểm d"],
        ),
        (
            "bộ phát hiện tỉnh chấm ocop sai thì xử lý ra sao",
            "ministry-oversight",
            ["thực hiện lại", "thu hồi quyết định công nhận", "Điều 10 khoản 1 điểm b"],
        ),
        ("4 sao là cấp gì", "who-grants-4-star", ["cấp tỉnh", "Điều 3 khoản 3 điểm b"]),
        ("5 sao là cấp nào", "who-grants-5-star", ["cấp quốc gia", "Điều 3 khoản 3 điểm a"]),
        (
            "hội đồng trung ương gồm những bộ nào",
            "central-council",
            ["lãnh đạo Bộ Nông nghiệp và Môi trường", "Bộ Công Thương", "Bộ Y tế"],
        ),
        (
            "ngoài chuyện điểm cao hơn thì 4 sao hơn 3 sao ở chỗ nào",
            "star-descriptions",
            ["tiếp cận thị trường tốt", "thương mại ổn định"],
        ),
        (
            "viết câu chuyện sản phẩm dài mấy trang thì được",
            "evidence-story",
            ["ngắn gọn, xúc tích"],
        ),
        (
            "nghe noi ninh binh cu truoc khi sap nhap co 181 sp ocop dung ko",
            "ninh-binh-stats",
            ["181 sản phẩm"],
        ),
        (
            "nghe bảo năm 2022 ý yên đứng chót tỉnh về ocop có thật không",
            "y-yen-plan-72",
            ["duy nhất trong tỉnh không có sản phẩm OCOP cấp tỉnh"],
        ),
        (
            "trang trại có phải vào hợp tác xã mới được đăng ký ocop không",
            "who-can-join subject-eligibility",
            ["không bắt buộc phải vào hợp tác xã"],
        ),
        (
            "hàng thủ công mỹ nghệ có bắt buộc công bố chất lượng không",
            "evidence-cong-bo",
            ["khuyến khích các sản phẩm còn lại", "bộ 21"],
        ),
        (
            "xà phòng thảo dược chưa có công bố mỹ phẩm thì đăng ký ocop có bị loại không",
            "product-my-pham product-musts",  # the entry, or sheet 19's own rule quoted
            ["Bản công bố sản phẩm", "19"],
        ),
        (
            "Nhà em làm bánh gai thủ công, hai vợ chồng làm, bán cho mối quen mấy năm nay rồi. "
            "Em chưa làm giấy đăng ký kinh doanh gì cả. Vậy hộ em có được đăng ký OCOP luôn "
            "không hay phải làm giấy tờ gì trước ạ?",
            "unregistered-household",
            ["phải có đăng ký kinh doanh", "Điều 2 khoản 3"],
        ),
        (
            "nộp hồ sơ trên phần mềm rồi có cần nộp bản giấy không, bản trên phần mềm có giá trị "
            "không",
            "submit-online",
            ["giá trị pháp lý"],
        ),
        (
            "đánh giá lại thì hội đồng tỉnh có họp trực tiếp không",
            "re-evaluation",
            ["lấy ý kiến bằng văn bản"],
        ),
        (
            "báo cáo tự đánh giá phần II ghi gì",
            "self-assessment-report",
            ["doanh thu, lợi nhuận"],
        ),
    ],
)
def test_the_procedure_fact_asked_is_in_the_answer(
    question: str, entry_id: str, facts: list[str]
) -> None:
    answer = engine().answer(question)
    assert answer.matched, question
    assert answer.entry_id in entry_id.split(), (question, answer.entry_id)
    for fact in facts:
        assert fact in answer.text, (question, fact)


def test_ocop_is_not_only_for_cooperatives_and_households() -> None:
    answer = engine().answer("doanh nghiep 100 nguoi nghe bao ocop chi cho htx thoi dung khong")
    assert answer.matched
    assert "doanh nghiep nho va vua" in fold(answer.text)


@pytest.mark.parametrize(
    ("question", "said"),
    [
        ("muốn khiếu nại kết quả chấm ocop thì làm sao", NOT_CONFIRMED),
        ("năm 2026 ninh bình có thêm bao nhiêu sản phẩm ocop", "chưa có số liệu chính thức"),
        (
            "quyết định 919 phê duyệt chương trình OCOP 2021-2025, còn chương trình 2026-2030 "
            "thì quyết định số mấy?",
            NOT_CONFIRMED,
        ),
        ("tỉnh hỗ trợ bao nhiêu phần trăm tiền thiết kế bao bì tem nhãn", NOT_CONFIRMED),
    ],
)
def test_what_the_sources_do_not_settle_is_said_not_confirmed_with_the_officer(
    question: str, said: str
) -> None:
    answer = engine().answer(question)
    assert answer.matched, question
    assert said in answer.text, question
    assert "UBND xã/phường" in answer.text or "cán bộ xã" in answer.text


@pytest.mark.parametrize(
    "question",
    [
        "công ty nợ lương công nhân thì khiếu nại ở đâu",
        "chủ tịch hội đồng nhân dân tỉnh là ai",
        "khiếu nại đất đai nộp đơn ở đâu",
        "hồ sơ thi tuyển công chức xã gồm những gì",
        "xã nông thôn mới kiểu mẫu phải đạt những tiêu chí gì",
    ],
)
def test_a_complaint_or_a_council_of_another_subject_is_refused(question: str) -> None:
    """The complaint entry is about an OCOP result: a worker's wage, land, the people's
    council (HĐND), a civil-service exam and the model new-countryside commune are other
    subjects (``lexicon.yaml``)."""
    assert not engine().answer(question).matched, question


async def test_in_chat_a_complaint_about_the_result_offers_the_commune_officer(
    chat: ChatClient,
) -> None:
    await chat.send(f"/start xa_{VAN_THANG}")
    await chat.send("diem hoi dong cham thap hon minh tu cham, muon khieu nai thi gui don o dau")
    assert "không quy định thủ tục khiếu nại" in chat.text
    await chat.press("Gửi câu hỏi cho cán bộ xã")
    assert "đã lưu câu hỏi" in chat.text
    passed_on = await handoffs(chat.assistant.services.db, VAN_THANG)
    assert len(passed_on) == 1
