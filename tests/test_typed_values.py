"""Values producers actually type at the registration form (issue 15 item 6), as a table:
each input and what is stored — shown the way the summary and the Phiếu show it — or the
specific friendly reply. Prices are stored as "đồng/<unit>"; a price error shows a price
example, never «20 tấn»."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from handlers.registration.answers import match_choice
from knowledge.choice_match import match_choices
from knowledge.class_names import leaves_named
from knowledge.classification import load_default as classification
from knowledge.form_values import display_value, parse_number
from knowledge.quantity import Quantity, QuantityError, format_number, parse_quantity
from knowledge.replies import Texts
from knowledge.validators import ValidationError
from tests.support.registration_script import load_form

FORM = load_form()
TEXTS = Texts.load(Path(__file__).resolve().parents[1] / "knowledge" / "replies")

# (field, what the producer typed, what is stored, as the form shows it)
NUMBERS = [
    ("price", "80k/chai", "80.000 đồng/chai"),
    ("price", "80K/CHAI", "80.000 đồng/chai"),
    ("price", "tam 80 nghin 1 chai", "80.000 đồng/chai"),
    ("price", "tầm 80 nghìn 1 chai", "80.000 đồng/chai"),
    ("price", "80.000đ/chai 500ml", "80.000 đồng/chai 500 ml"),
    ("price", "80.000 đồng/chai", "80.000 đồng/chai"),
    ("price", "80 nghìn/chai", "80.000 đồng/chai"),
    ("price", "80 ngàn một chai", "80.000 đồng/chai"),
    ("price", "tám mươi nghìn một chai", "80.000 đồng/chai"),
    ("price", "khoảng 80k mỗi chai", "80.000 đồng/chai"),
    ("price", "80k/chai ạ", "80.000 đồng/chai"),
    ("price", "80k", "80.000 đồng"),
    ("price", "80.000", "80.000 đồng"),
    ("price", "80 000đ", "80.000 đồng"),
    ("price", "80,000d/chai", "80.000 đồng/chai"),
    ("price", "giá bán lẻ 120.000 đồng/chai", "120.000 đồng/chai"),
    ("price", "gia 120k/chai", "120.000 đồng/chai"),
    ("price", "1 chai 80k", "80.000 đồng/chai"),
    ("price", "chai 500ml giá 80k", "80.000 đồng/chai 500 ml"),
    ("price", "35k/kg", "35.000 đồng/kg"),
    ("price", "35 nghin 1 kg", "35.000 đồng/kg"),
    ("price", "35.000 đ/kí", "35.000 đồng/kg"),
    ("price", "150k/hộp 500g", "150.000 đồng/hộp 500 g"),
    ("price", "150 nghin/hop", "150.000 đồng/hộp"),
    ("price", "120.000 VNĐ/hũ", "120.000 đồng/hũ"),
    ("price", "45.000 đ/túi 1 kg", "45.000 đồng/túi 1 kg"),
    ("price", "2 trăm nghìn/kg", "200.000 đồng/kg"),
    ("price", "1tr2/hộp", "1.200.000 đồng/hộp"),
    ("price", "1 triệu rưỡi một bộ", "1.500.000 đồng/bộ"),
    ("price", "80k5/chai", "80.500 đồng/chai"),
    ("sample_units", "5 túi", "5 túi"),
    ("sample_units", "3 tui 2kg", "3 túi 2 kg"),
    ("sample_units", "ba chai", "3 chai"),
    ("sample_units", "năm hộp", "5 hộp"),
    ("sample_units", "muoi goi", "10 gói"),
    ("sample_units", "5", "5 sản phẩm"),
    ("sample_units", "05 sp", "5 sản phẩm"),
    ("sample_units", "5 chai 500ml", "5 chai 500 ml"),
    ("sample_units", "khoảng 5 hũ ạ", "5 hũ"),
    ("sample_units", "5 hop 1kg", "5 hộp 1 kg"),
    ("yearly_output", "khoảng 20 tấn", "20 tấn"),
    ("yearly_output", "20 tan/nam", "20 tấn/năm"),
    ("yearly_output", "20 tấn 1 năm", "20 tấn/năm"),
    ("yearly_output", "khoang 5 nghin chai", "5.000 chai"),
    ("yearly_output", "5 ngàn chai mỗi năm", "5.000 chai/năm"),
    ("yearly_output", "1.200 luot khach", "1.200 lượt khách"),
    ("yearly_output", "2 ta", "2 tạ"),
    ("yearly_output", "3 yen", "3 yến"),
    ("yearly_output", "2,5 tấn", "2,5 tấn"),
    ("yearly_output", "hai tấn rưỡi", "2,5 tấn"),
    ("yearly_output", "1 200 000 chai", "1.200.000 chai"),
    ("yearly_output", "hai mươi lăm tạ", "25 tạ"),
]

# (field, typed, the reason, words of the reply the producer reads)
REFUSED = [
    ("price", "20 tấn", "money_unit", "ví dụ «80.000 đồng/chai»"),
    ("price", "80", "money_small", "ví dụ «80.000 đồng/chai»"),
    ("price", "đắt lắm", "number_missing", "ví dụ «80.000 đồng/chai»"),
    ("price", "80-90k/chai", "number_range", "ví dụ «80.000 đồng/chai»"),
    ("price", "80k/chai, 150k/hộp", "number_one", "ví dụ «80.000 đồng/chai»"),
    ("price", "tùy loại 80k", "number_plain", "ví dụ «80.000 đồng/chai»"),
    ("sample_units", "2,5", "number_integer", "số nguyên"),
    ("sample_units", "0 túi", "number_min", "từ 1 trở lên"),
    ("sample_units", "vài túi", "number_missing", "ví dụ «5 túi»"),
    ("yearly_output", "20", "number_unit", "kèm đơn vị, ví dụ «20 tấn»"),
    ("yearly_output", "2-3 tấn", "number_range", "thay cho khoảng"),
    ("yearly_output", "năm nay 20 tấn", "number_plain", "con số và đơn vị"),
]

# (field, typed, the choice it names; None: not understood, the buttons are asked for)
CHOICES = [
    ("subject_type", "htx", "htx"),
    ("subject_type", "hop tac xa", "htx"),
    ("subject_type", "cong ty", "dn"),
    ("subject_type", "cty tnhh", "dn"),
    ("subject_type", "ho kinh doanh", "hkd"),
    ("subject_type", "chua dang ky kinh doanh", "unregistered"),
    ("subject_type", "trang trai", "farm"),
    ("subject_type", "nông dân", None),
    ("reg_kind", "lan dau", "first"),
    ("reg_kind", "nâng sao", "upgrade"),
    ("reg_kind", "gia han", "reassess"),
    ("current_stars", "3", "s3"),
    ("current_stars", "4 sao", "s4"),
    ("current_stars", "5", None),  # 5 sao is offered only for a re-assessment
    ("raw_local", "toan bo", "all"),
    ("raw_local", "1 phan", "part"),
    ("raw_local", "mua ngoai", "none"),
    ("self_assessment", "chua co", "no"),
    ("self_assessment", "co roi", "yes"),
]

# (typed at the certificates question, the options ticked, the parts not understood)
TICKED = [
    ("attp", ["attp"], []),
    ("vietgap", ["vietgap"], []),
    ("attp, vietgap", ["attp", "vietgap"], []),
    ("ATTP và VietGAP", ["attp", "vietgap"], []),
    ("attp vietgap haccp", ["attp", "vietgap", "haccp"], []),
    ("co giay attp roi", ["attp"], []),
    ("an toan thuc pham", ["attp"], []),
    ("iso + ma vach", ["iso22000", "barcode"], []),
    ("giay phep kinh doanh", ["business_reg"], []),
    ("nhan hieu tap the", ["gi_collective"], []),
    ("attp, chung nhan xyz", ["attp"], ["chung nhan xyz"]),
]


def test_the_table_has_sixty_real_looking_inputs_at_least() -> None:
    assert len(NUMBERS) + len(REFUSED) + len(CHOICES) + len(TICKED) >= 60


@pytest.mark.parametrize(("field_id", "typed", "shown"), NUMBERS)
def test_a_number_as_typed_is_stored_as_the_producer_meant(
    field_id: str, typed: str, shown: str
) -> None:
    field = FORM[field_id]
    stored = parse_number(field, typed).as_json()
    assert display_value(field, stored, words={}) == shown
    assert parse_number(field, shown).as_json() == stored  # what is shown reads back the same


def test_a_price_is_stored_with_its_currency_and_unit() -> None:
    assert parse_number(FORM["price"], "tam 80 nghin 1 chai").as_json() == {
        "value": 80000,
        "unit": "đồng/chai",
    }


@pytest.mark.parametrize(("field_id", "typed", "key", "says"), REFUSED)
def test_a_number_that_cannot_be_read_gets_a_specific_friendly_reply(
    field_id: str, typed: str, key: str, says: str
) -> None:
    field = FORM[field_id]
    with pytest.raises(ValidationError) as error:
        parse_number(field, typed)
    assert error.value.key == key
    message = error.value.user_message(TEXTS, example=str(field.option("example", "")))
    assert says in message
    if field_id == "price":
        assert "tấn" not in message  # a price error shows a price, not a harvest


@pytest.mark.parametrize(("field_id", "typed", "value"), CHOICES)
def test_typed_option_text_names_the_choice(field_id: str, typed: str, value: str | None) -> None:
    values = {"reg_kind": "upgrade"} if field_id == "current_stars" else {}
    choice = match_choice(FORM[field_id], typed, values)
    assert (choice.value if choice else None) == value


@pytest.mark.parametrize(("typed", "ticked", "unknown"), TICKED)
def test_typed_certificates_tick_their_options(
    typed: str, ticked: list[str], unknown: list[str]
) -> None:
    found, left = match_choices(FORM["certificates"].choices, typed)
    assert [c.value for c in found] == ticked
    assert left == unknown


@pytest.mark.parametrize("typed", ["che bien", "chế biến", "thuc pham che bien"])
def test_a_category_typed_at_the_product_class_offers_its_leaves_not_tea(typed: str) -> None:
    named = [leaf.id for leaf in leaves_named(classification(), typed)]
    assert {"processed_grain", "processed_produce", "processed_animal"} <= set(named)
    assert named[0] != "tea"


SLOPPY = st.lists(
    st.sampled_from(
        ["k", "nghìn", "nghin", "triệu", "tr", "đ", "đồng", "d", "/", "chai", "tui", "túi",
         "1", "mỗi", "moi", "một", "năm", "nam", "ba", "hai", "mươi", "mười", "trăm", "linh",
         "rưỡi", "tầm", "tam", "tám", "khoảng", "giá", "ạ", "500ml", "2kg", "0,5", "1.200",
         "80.000", "3", "lăm", "kg", "tấn", "-", "(", ",", "lượt", "khách"]
    ),
    max_size=7,
).map(" ".join)  # fmt: skip


def _read(text: str, money: bool) -> tuple[str, object]:
    try:
        return "ok", parse_quantity(text, money=money)
    except QuantityError as error:
        return "refused", error.key


@settings(max_examples=400, deadline=None)
@given(SLOPPY, st.booleans())
def test_any_mix_of_number_words_is_read_or_refused_and_reads_back(text: str, money: bool) -> None:
    outcome = _read(text, money)
    assert _read(unicodedata.normalize("NFD", text), money) == outcome
    value = outcome[1]
    if isinstance(value, Quantity):  # as the summary writes it, it reads back the same
        assert _read(f"{format_number(value.value)} {value.unit}".strip(), money) == outcome
