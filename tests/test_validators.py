"""Validators of typed answers: examples and properties (hypothesis)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from knowledge.validators import (
    ValidationError,
    format_number,
    parse_date,
    parse_email,
    parse_phone,
    parse_quantity,
    parse_tax_id,
    parse_text,
)

PREFIXES = ("03", "05", "07", "08", "09")
subscriber = st.text(alphabet="0123456789", min_size=8, max_size=8)
prefix = st.sampled_from(PREFIXES)
separators = st.sampled_from(["", " ", ".", "-"])


def _spaced(digits: str, sep: str, cut: int) -> str:
    cut = max(1, min(cut, len(digits) - 1))
    return digits[:cut] + sep + digits[cut:]


@given(
    prefix, subscriber, separators, st.integers(1, 9), st.sampled_from(["0", "+84", "84", "+84 "])
)
def test_any_mobile_number_is_normalised_to_ten_digits(
    head: str, rest: str, sep: str, cut: int, country: str
) -> None:
    local = head + rest
    typed = country + _spaced(local[1:], sep, cut) if country != "0" else _spaced(local, sep, cut)
    assert parse_phone(typed) == local


@given(prefix, subscriber, st.integers(0, 9), st.sampled_from("oOlIabcxyz"))
def test_a_phone_number_with_a_letter_is_refused_as_such(
    head: str, rest: str, where: int, letter: str
) -> None:
    digits = head + rest
    typed = digits[:where] + letter + digits[where + 1 :]
    with pytest.raises(ValidationError) as error:
        parse_phone(typed)
    assert error.value.key == "phone_letters"


@given(st.text(alphabet="0123456789", min_size=1, max_size=14))
def test_only_ten_digit_mobile_numbers_pass(digits: str) -> None:
    assume(not digits.startswith(("84", "0084")))
    if len(digits) == 10 and digits.startswith(PREFIXES):
        assert parse_phone(digits) == digits
    else:
        with pytest.raises(ValidationError):
            parse_phone(digits)


@pytest.mark.parametrize(
    ("typed", "key"),
    [("0228 3123 456", "phone_length"), ("0123456789", "phone_prefix"), ("", "phone_format")],
)
def test_phone_errors_name_the_problem(typed: str, key: str) -> None:
    with pytest.raises(ValidationError) as error:
        parse_phone(typed)
    assert error.value.key == key


ten = st.text(alphabet="0123456789", min_size=10, max_size=10)
three = st.text(alphabet="0123456789", min_size=3, max_size=3)


@given(ten, st.sampled_from(["", " ", "."]))
def test_ten_digit_tax_numbers_pass(digits: str, sep: str) -> None:
    assert parse_tax_id(digits[:4] + sep + digits[4:]) == digits


@given(ten, three, st.sampled_from(["-", "", " ", " - "]))
def test_thirteen_digit_tax_numbers_are_written_with_a_dash(
    main: str, branch: str, sep: str
) -> None:
    assert parse_tax_id(main + sep + branch) == f"{main}-{branch}"


@given(st.text(alphabet="0123456789", min_size=1, max_size=16))
def test_other_lengths_are_refused(digits: str) -> None:
    if len(digits) in (10, 13):
        return
    with pytest.raises(ValidationError):
        parse_tax_id(digits)


def test_twelve_digit_personal_ids_only_where_allowed() -> None:
    assert parse_tax_id("036090001234", accept_personal_id=True) == "036090001234"
    with pytest.raises(ValidationError):
        parse_tax_id("036090001234")


@given(st.integers(1, 10**12), st.sampled_from(["tấn", "chai", "kg", "lượt khách", "hộp/năm", ""]))
def test_whole_numbers_with_thousand_dots_and_units_read_back(value: int, unit: str) -> None:
    typed = f"{format_number(value)} {unit}".strip()
    assert parse_quantity(typed) == parse_quantity(typed.replace(".", " "))
    quantity = parse_quantity(typed)
    assert quantity.value == value and quantity.unit == unit


@given(st.integers(0, 10**6), st.integers(1, 99), st.sampled_from(["tấn", "tạ", "ha"]))
def test_decimals_with_a_comma_read_back(whole: int, cents: int, unit: str) -> None:
    frac = f"{cents:02d}".rstrip("0")
    typed = f"{format_number(whole)},{frac} {unit}"
    quantity = parse_quantity(typed)
    assert quantity.value == pytest.approx(float(f"{whole}.{frac}"))
    assert quantity.unit == unit
    assert format_number(quantity.value) == f"{format_number(whole)},{frac}"


@pytest.mark.parametrize(
    ("typed", "value", "unit"),
    [
        ("2 tấn", 2, "tấn"),
        ("1.200", 1200, ""),
        ("1,200 chai", 1200, "chai"),
        ("0,5 tấn", 0.5, "tấn"),
        ("1.234.567,5 đồng", 1234567.5, "đồng"),
        ("khoảng 5.000 chai", 5000, "chai"),
        ("150k/hộp", 150000, "đồng/hộp"),
        ("35 nghìn đồng/kg", 35000, "đồng/kg"),
        ("120.000 đ/kg", 120000, "đồng/kg"),
        ("2 triệu", 2000000, ""),
    ],
)
def test_numbers_as_producers_type_them(typed: str, value: float, unit: str) -> None:
    assert parse_quantity(typed).as_json() == {"value": value, "unit": unit}


@pytest.mark.parametrize(
    ("typed", "key", "options"),
    [
        ("2-3 tấn", "number_range", {}),
        ("-5 tấn", "number_negative", {}),
        ("0", "number_zero", {}),
        ("nhiều lắm", "number_missing", {}),
        ("năm nay 20 tấn", "number_plain", {}),
        ("20", "number_unit", {"unit_required": True}),
        ("2,5", "number_integer", {"integer": True}),
        ("0 túi", "number_min", {"minimum": 1}),
    ],
)
def test_number_errors_name_the_problem(typed: str, key: str, options: dict[str, object]) -> None:
    with pytest.raises(ValidationError) as error:
        parse_quantity(typed, **options)  # type: ignore[arg-type]
    assert error.value.key == key


def test_defaults_fill_a_missing_unit() -> None:
    assert parse_quantity("150.000", default_unit="đồng").unit == "đồng"


@given(st.dates(date(2018, 1, 1), date(2030, 12, 31)), st.sampled_from(["/", "-", "."]))
def test_dates_day_month_year_read_back(day: date, sep: str) -> None:
    typed = f"{day.day}{sep}{day.month:02d}{sep}{day.year}"
    assert parse_date(typed) == day


def test_date_rules() -> None:
    assert parse_date("ngày 5 tháng 3 năm 2024") == date(2024, 3, 5)
    assert parse_date("5/3/24") == date(2024, 3, 5)
    for typed, key, options in [
        ("31/02/2024", "date_invalid", {}),
        ("2024-03-05", "date_format", {}),
        ("1/1/2099", "date_future", {"not_future": True, "today": date(2026, 1, 1)}),
        ("1/1/2010", "date_too_old", {"min_year": 2018}),
    ]:
        with pytest.raises(ValidationError) as error:
            parse_date(typed, **options)  # type: ignore[arg-type]
        assert error.value.key == key


def test_email_is_lower_cased_and_checked() -> None:
    assert parse_email(" HTX.VanThang@Gmail.com ") == "htx.vanthang@gmail.com"
    for bad in ("htx@gmail", "htx gmail.com", "a@@b.com", "a@b..com"):
        with pytest.raises(ValidationError):
            parse_email(bad)


def test_text_limits() -> None:
    assert parse_text("  Gạo  tám ") == "Gạo  tám"
    with pytest.raises(ValidationError) as error:
        parse_text("x" * 201)
    assert error.value.key == "too_long" and error.value.values["max"] == 200
    with pytest.raises(ValidationError):
        parse_text("a")


def test_every_error_key_has_a_vietnamese_message() -> None:
    import re
    from pathlib import Path

    from knowledge.replies import Texts

    source = Path(__file__).resolve().parent.parent / "knowledge" / "validators.py"
    keys = set(re.findall(r'ValidationError\("([a-z_]+)"', source.read_text(encoding="utf-8")))
    texts = Texts.load(source.parent / "replies")
    known = set(texts.keys())
    assert keys and all(f"registration.invalid_{k}" in known for k in keys)
