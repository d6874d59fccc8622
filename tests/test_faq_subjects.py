"""Issue 15, round 7: who may register a product (QĐ 26/2026/QĐ-TTg, Điều 2 khoản 3), asked
about a kind of producer in a producer's own words: a company (if it is a small or medium
enterprise), a farm or a tổ hợp tác on its own, a household (only with a business
registration), a person alone, an association (for tourism only). The answer gives a verdict
for each kind named, the decision's list and where the dossier goes
(``knowledge/subject_answer.py``)."""

from __future__ import annotations

import pytest

from knowledge.subject_answer import ENTRY_ID, kinds_named
from knowledge.text import fold
from tests.support.faq_support import engine


def said(question: str) -> str:
    answer = engine().answer(question)
    assert answer.entry_id == ENTRY_ID, answer.entry_id
    assert "Điều 2 khoản 3 Quyết định 26/2026/QĐ-TTg" in answer.text
    return fold(answer.text)


@pytest.mark.parametrize(
    "question",
    [
        "cty tnhh cua e co 40 lao dong lam nem chua, nghe noi ocop chi danh cho htx voi ho dan"
        " thoi dung ko a",
        "cty e la cty co phan hon 500 lao dong thi co tham gia ocop dc k",
        "doanh nghiệp tư nhân của tôi làm giò chả có được đứng tên đăng ký OCOP không",
    ],
)
def test_a_company_may_register_if_it_is_a_small_or_medium_enterprise(question: str) -> None:
    text = said(question)
    assert "cong ty doanh nghiep duoc dung ten neu la doanh nghiep nho va vua" in text
    assert "khong chi danh cho hop tac xa va ho" in text


@pytest.mark.parametrize(
    "question",
    [
        "Chào ad, em là chủ trang trại nuôi ong mật ở vùng núi Gia Viễn, có giấy chứng nhận trang"
        " trại và đăng ký kinh doanh đầy đủ. Trong xã chưa có HTX nào làm mật ong. Cho em hỏi"
        " trang trại có được tự đứng tên đăng ký OCOP không hay bắt buộc phải vào HTX ạ?",
        "trang trai nuoi ga cua toi co dc dang ky ocop ko hay phai vao htx",
    ],
)
def test_a_farm_registers_on_its_own(question: str) -> None:
    assert "trang trai duoc tu dung ten dang ky khong bat buoc phai vao hop tac xa" in said(
        question
    )


@pytest.mark.parametrize(
    "question",
    [
        "Nhà em làm bánh đa nem thủ công ở xã Yên Khánh cũ, hai vợ chồng với mấy chị hàng xóm"
        " làm, bán cho mối quen mấy năm nay rồi. Em chưa làm giấy đăng ký kinh doanh gì cả. Vậy"
        " hộ em có được đăng ký OCOP luôn không hay phải làm giấy tờ gì trước ạ?",
    ],
)
def test_a_household_without_a_business_registration_must_register_first(question: str) -> None:
    answer = engine().answer(question)  # the subject answer, or the FAQ's own entry for it
    assert answer.entry_id in (ENTRY_ID, "unregistered-household"), answer.entry_id
    text = fold(answer.text)
    assert "chua duoc" in text
    assert "dang ky ho kinh doanh" in text


def test_a_registered_household_asking_if_it_qualifies_is_told_yes_and_where_to_file() -> None:
    text = said(
        "chao ad, nha toi o xa Yen Cuong cu ben Y Yen, gd ep dau lac dau vung nguyen chat bang"
        " may ep nho, ban cho ba con trong xa va gui ra ha noi. nha toi co giay dkkd ho ca the"
        " va giay attp roi. cho hoi nha toi co du dieu kien dang ky ocop ko va nop ho so o dau"
    )
    assert "ho kinh doanh ho san xuat ho gia dinh co dang ky kinh doanh duoc dung ten" in text
    assert "nop tai ubnd xa phuong" in text


def test_a_person_alone_registers_as_a_household_business_and_learns_the_group() -> None:
    text = said("e la ca nhan tu nau xa bong thao duoc ban online, muon len ocop thi can dk j")
    assert "ca nhan khong co trong danh sach chu the ocop" in text
    assert "dang ky ho kinh doanh" in text
    assert "xa bong thuoc nganh duoc lieu va san pham tu duoc lieu" in text


@pytest.mark.parametrize(
    "question",
    [
        "thon e lam du lich cong dong o gan Trang An, cac nha homestay moi nha 1 chu, gio muon"
        " dua ca diem du lich vao ocop thi ai dung ten dang ky duoc, co phai lap htx ko hay hiep"
        " hoi cung dc",
        "ben e la trung tam dieu hanh du lich cua xa, quan ly tour trai nghiem lang nghe. trung"
        " tam co dung ten dang ky ocop dc ko hay chi htx moi dc",
    ],
)
def test_an_association_may_register_a_tourism_service(question: str) -> None:
    text = said(question)
    assert "hoi hiep hoi trung tam dieu hanh hoac to chuc tuong duong duoc dung ten" in text
    assert "khong bat buoc phai lap hop tac xa" in text


def test_an_association_may_not_register_rice() -> None:
    text = said("Hội nông dân xã muốn đứng tên đăng ký OCOP cho gạo của bà con thì có được không?")
    assert "chi duoc dung ten san pham thuoc nhom dich vu du lich" in text
    assert "hop tac xa to hop tac doanh nghiep nho va vua" in text


@pytest.mark.parametrize(
    ("question", "entry"),
    [
        ("htx co dang ky ocop dc ko", "htx-eligible"),  # the FAQ's entry on that kind
        ("ca nhan co dang ky ocop dc ko", "individual-eligible"),
    ],
)
def test_the_faqs_own_entry_on_the_one_kind_asked_is_kept(question: str, entry: str) -> None:
    assert engine().answer(question).entry_id == entry


@pytest.mark.parametrize(
    "question",
    [
        "hop tac xa duoc may diem o tieu chi to chuc san xuat",  # points, not who may register
        "hoi nong dan xa co ho tro lam ocop khong",  # no «may register» asked
        "cho em hoi ho so ocop gom nhung gi",  # «hỏi» is no association
    ],
)
def test_other_questions_naming_a_kind_of_producer_are_left_to_the_faq(question: str) -> None:
    assert engine().answer(question).entry_id != ENTRY_ID


@pytest.mark.parametrize(
    ("normalized", "kinds"),
    [
        ("ho em chua co giay dang ki kinh doanh thi co duoc dang ki ocop khong", ["unregistered"]),
        ("cong ti tnhh co duoc dung ten khong", ["company"]),
        ("nha toi co giay dkkd ho ca the roi", ["household"]),
        ("to hop tac co phai len hop tac xa khong", ["cooperative", "group"]),
        ("ban quan li du lich lang co dang ki duoc khong", ["association"]),
    ],
)
def test_each_kind_of_producer_is_read_from_its_everyday_names(
    normalized: str, kinds: list[str]
) -> None:
    assert [k.value for k in kinds_named(normalized, normalized)] == kinds


@pytest.mark.parametrize(
    "typed",
    [
        "hội đồng tỉnh có được đứng tên đăng ký không",
        "lễ hội của xã có được đăng ký OCOP không",
    ],
)
def test_a_council_or_a_festival_is_no_association(typed: str) -> None:
    assert kinds_named(fold(typed), typed) == []
