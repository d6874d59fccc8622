"""Validators of typed answers: pure functions that return a normalised value or raise.

Each function takes what the producer typed and returns the value to store, or raises
:class:`ValidationError` naming what is wrong. The Vietnamese sentence the producer sees
is data like every reply: ``registration.invalid_<key>`` in
``knowledge/replies/registration.yaml``, rendered by :meth:`ValidationError.user_message`.

>>> parse_phone("+84 912.345.678")
'0912345678'
>>> parse_tax_id("0601234567 001")
'0601234567-001'
>>> parse_quantity("1.200 tấn")
Quantity(value=1200, unit='tấn')
>>> parse_quantity("150k/hộp")
Quantity(value=150000, unit='đồng/hộp')
>>> parse_date("5/3/2024").isoformat()
'2024-03-05'
"""

from __future__ import annotations

import re
from datetime import date
from typing import Protocol

from knowledge import quantity
from knowledge.quantity import Quantity, format_number
from knowledge.text import fold, nfc

__all__ = [
    "Quantity",
    "ValidationError",
    "format_number",
    "parse_date",
    "parse_email",
    "parse_phone",
    "parse_quantity",
    "parse_tax_id",
    "parse_text",
]

MOBILE_PREFIXES = ("03", "05", "07", "08", "09")


class _Texts(Protocol):
    def t(self, key: str, **values: object) -> str: ...


class ValidationError(ValueError):
    """An answer we cannot accept; ``key`` names the reason, ``values`` fill its message."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.values = values

    def user_message(self, texts: _Texts, example: str = "") -> str:
        """The specific Vietnamese message (``registration.invalid_<key>``); ``example`` is
        a right answer for the question asked («80.000 đồng/chai» for a price), shown by the
        messages about numbers (default ``registration.example_number``)."""
        shown = example or texts.t("registration.example_number")
        return texts.t(f"registration.invalid_{self.key}", **{"example": shown, **self.values})


# -- text ---------------------------------------------------------------------------------


def parse_text(text: str, *, min_length: int = 2, max_length: int = 200) -> str:
    """Trimmed NFC text between ``min_length`` and ``max_length`` characters."""
    value = nfc(text).strip()
    if len(value) < min_length:
        raise ValidationError("too_short", min=min_length)
    if len(value) > max_length:
        raise ValidationError("too_long", length=len(value), max=max_length)
    if not any(ch.isalnum() for ch in value):
        raise ValidationError("no_words")
    return value


# -- phone --------------------------------------------------------------------------------

_PHONE_JUNK = re.compile(r"[\s.\-()/]")


def parse_phone(text: str) -> str:
    """A Vietnamese mobile number as 10 digits starting 03/05/07/08/09.

    Spaces, dots, dashes and brackets are ignored; ``+84``/``84``/``0084`` become ``0``.
    """
    raw = _PHONE_JUNK.sub("", nfc(text).strip())
    if any(ch.isalpha() for ch in raw):
        raise ValidationError("phone_letters")
    if raw.startswith("+"):
        raw = raw[1:]
    if not raw.isdigit():
        raise ValidationError("phone_format")
    if raw.startswith("0084"):
        raw = "0" + raw[4:]
    elif raw.startswith("84") and len(raw) == 11:
        raw = "0" + raw[2:]
    if len(raw) != 10:
        raise ValidationError("phone_length", digits=len(raw))
    if not raw.startswith(MOBILE_PREFIXES):
        raise ValidationError("phone_prefix")
    return raw


# -- email --------------------------------------------------------------------------------

_EMAIL = re.compile(r"^[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}$")


def parse_email(text: str) -> str:
    """An e-mail address, lower-cased (``Mai.HTX@Gmail.com`` → ``mai.htx@gmail.com``)."""
    value = nfc(text).strip().strip("<>").strip()
    if " " in value or "@" not in value:
        raise ValidationError("email")
    if not _EMAIL.match(value) or ".." in value:
        raise ValidationError("email")
    return value.lower()


# -- tax number ---------------------------------------------------------------------------

_TAX_JUNK = re.compile(r"[\s.]")


def parse_tax_id(text: str, *, accept_personal_id: bool = False) -> str:
    """A tax number: 10 digits, or 13 written ``10 digits-3 digits`` (a branch).

    With ``accept_personal_id`` a 12-digit personal identification number is accepted too
    (households use it as their tax number).
    """
    raw = _TAX_JUNK.sub("", nfc(text).strip())
    if any(ch.isalpha() for ch in raw):
        raise ValidationError("tax_letters")
    main, dash, branch = raw.partition("-")
    if dash and (not main.isdigit() or not branch.isdigit() or len(main) != 10):
        raise ValidationError("tax_format")
    digits = main + branch
    if not digits.isdigit():
        raise ValidationError("tax_format")
    if len(digits) == 10:
        return digits
    if len(digits) == 13:
        return f"{digits[:10]}-{digits[10:]}"
    if len(digits) == 12 and accept_personal_id and not dash:
        return digits
    raise ValidationError("tax_length", digits=len(digits))


# -- numbers with units (knowledge/quantity.py) -------------------------------------------


def parse_quantity(
    text: str,
    *,
    integer: bool = False,
    minimum: float | None = None,
    unit_required: bool = False,
    default_unit: str = "",
    money: bool = False,
) -> Quantity:
    """A number with its unit, as :func:`knowledge.quantity.parse_quantity` reads it."""
    try:
        return quantity.parse_quantity(
            text,
            integer=integer,
            minimum=minimum,
            unit_required=unit_required,
            default_unit=default_unit,
            money=money,
        )
    except quantity.QuantityError as error:
        raise ValidationError(error.key, **error.values) from error


# -- dates --------------------------------------------------------------------------------

_DATE = re.compile(r"^(\d{1,2}) (\d{1,2}) (\d{2}|\d{4})$")


def parse_date(
    text: str, *, today: date | None = None, not_future: bool = False, min_year: int = 1900
) -> date:
    """A date written day/month/year: "15/11/2023", "5-3-24", "ngày 5 tháng 3 năm 2024"."""
    key = fold(text)
    if key.startswith("ngay "):
        key = key[5:]
    key = key.replace(" thang ", " ").replace(" nam ", " ")
    match = _DATE.match(key)
    if not match:
        raise ValidationError("date_format")
    day, month, year = (int(part) for part in match.groups())
    if year < 100:
        year += 2000
    try:
        value = date(year, month, day)
    except ValueError as error:
        raise ValidationError("date_invalid") from error
    if not_future and value > (today or date.today()):
        raise ValidationError("date_future")
    if value.year < min_year:
        raise ValidationError("date_too_old", year=min_year)
    return value
