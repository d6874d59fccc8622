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
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Protocol

from knowledge.text import fold, nfc

MOBILE_PREFIXES = ("03", "05", "07", "08", "09")


class _Texts(Protocol):
    def t(self, key: str, **values: object) -> str: ...


class ValidationError(ValueError):
    """An answer we cannot accept; ``key`` names the reason, ``values`` fill its message."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.values = values

    def user_message(self, texts: _Texts) -> str:
        """The specific Vietnamese message (``registration.invalid_<key>``)."""
        return texts.t(f"registration.invalid_{self.key}", **self.values)


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


# -- numbers with units -------------------------------------------------------------------


@dataclass(frozen=True)
class Quantity:
    """A number with its unit ("2 tấn" → 2, "tấn"). ``value`` is int when whole."""

    value: int | float
    unit: str

    def as_json(self) -> dict[str, object]:
        return {"value": self.value, "unit": self.unit}


_APPROX = ("khoang", "tam", "chung", "gan", "hon", "tren", "duoi", "du kien", "uoc", "uoc tinh")
# (folded word, multiplier, implied unit)
_MULTIPLIERS: tuple[tuple[str, int, str], ...] = (
    ("trieu dong", 1_000_000, "đồng"),
    ("nghin dong", 1_000, "đồng"),
    ("ngan dong", 1_000, "đồng"),
    ("trieu", 1_000_000, ""),
    ("nghin", 1_000, ""),
    ("ngan", 1_000, ""),
    ("ty", 1_000_000_000, ""),
    ("tr", 1_000_000, ""),
    ("k", 1_000, "đồng"),
)
_NUMBER = re.compile(r"\d+(?:[.,\s]\d+)*")
_RANGE = re.compile(r"\d\s*(?:-|–|đến|den|tới|toi)\s*\d")
_UNIT_ALIASES = {"d": "đồng", "đ": "đồng", "vnd": "đồng", "vnđ": "đồng", "dong": "đồng"}


def _to_decimal(token: str) -> Decimal:
    """Read "1.200", "1,5", "1 200 000", "1.200,5", "0,500" the Vietnamese way."""
    token = token.strip()
    if " " in token:
        groups = token.split()
        if all(len(g) == 3 for g in groups[1:]) and 1 <= len(groups[0]) <= 3:
            token = "".join(groups)
        else:
            raise ValidationError("number_one")
    last_dot, last_comma = token.rfind("."), token.rfind(",")
    if last_dot >= 0 and last_comma >= 0:
        decimal_sep = "." if last_dot > last_comma else ","
        thousands = "," if decimal_sep == "." else "."
        whole, frac = token.rsplit(decimal_sep, 1)
        groups = whole.split(thousands)
        if not all(len(g) == 3 for g in groups[1:]) or len(groups[0]) > 3:
            raise ValidationError("number_format")
        return Decimal("".join(groups) + "." + frac)
    sep = "." if last_dot >= 0 else "," if last_comma >= 0 else ""
    if not sep:
        return Decimal(token)
    groups = token.split(sep)
    grouped = (
        all(len(g) == 3 for g in groups[1:])
        and 1 <= len(groups[0]) <= 3
        and (groups[0] != "0" or len(groups) > 2)
    )
    if grouped:
        return Decimal("".join(groups))
    if len(groups) == 2:
        return Decimal(f"{groups[0]}.{groups[1]}")
    raise ValidationError("number_format")


def _words_before_are_approx(prefix: str) -> bool:
    key = fold(prefix)
    while key:
        for word in _APPROX:
            if key == word or key.startswith(word + " "):
                key = key[len(word) :].strip()
                break
        else:
            return False
    return True


def parse_quantity(
    text: str,
    *,
    integer: bool = False,
    minimum: float | None = None,
    unit_required: bool = False,
    default_unit: str = "",
) -> Quantity:
    """A number with an optional unit: "1.200 tấn", "2,5 tạ/năm", "150k/hộp", "5 chai".

    Thousands are grouped with dots (or spaces, or commas before exactly 3 digits); the
    decimal mark is a comma (or a dot not followed by exactly 3 digits). "khoảng" and similar
    words before the number are ignored; "k", "nghìn", "triệu" multiply.
    """
    value_text = nfc(text).strip()
    if value_text.startswith("-"):
        raise ValidationError("number_negative")
    if _RANGE.search(value_text):
        raise ValidationError("number_range")
    numbers = list(_NUMBER.finditer(value_text))
    if not numbers:
        raise ValidationError("number_missing")
    first = numbers[0]
    rest = value_text[first.end() :]
    if len(numbers) > 1 and not _unit_has_number_only_as_divisor(rest):
        raise ValidationError("number_one")
    if not _words_before_are_approx(value_text[: first.start()]):
        raise ValidationError("number_plain")
    try:
        amount = _to_decimal(first.group().strip())
    except InvalidOperation as error:
        raise ValidationError("number_format") from error
    unit = rest.strip()
    folded_unit = fold(unit)
    for word, factor, implied in _MULTIPLIERS:
        if (
            folded_unit == word
            or folded_unit.startswith(word + " ")
            or _starts_with_slash(folded_unit, word)
        ):
            amount *= factor
            unit = unit[len(word) :].strip()
            if implied and not _names_unit(unit):
                unit = implied + unit if unit.startswith("/") else (implied + " " + unit).strip()
            break
    unit = _normalise_unit(unit)
    if not unit:
        if unit_required:
            raise ValidationError("number_unit")
        unit = default_unit
    if len(unit) > 40:
        raise ValidationError("number_unit_long")
    if minimum is not None and amount < Decimal(str(minimum)):
        raise ValidationError("number_min", min=_plain(Decimal(str(minimum))))
    if amount <= 0 and minimum is None:
        raise ValidationError("number_zero")
    if integer and amount != amount.to_integral_value():
        raise ValidationError("number_integer")
    return Quantity(_plain_number(amount), unit)


def _starts_with_slash(folded_unit: str, word: str) -> bool:
    return folded_unit.startswith(word + "/")


def _unit_has_number_only_as_divisor(rest: str) -> bool:
    """ "35.000 đ/2 kg" style: a second number right after a slash is part of the unit."""
    return bool(re.match(r"^\s*[^\d]*/\s*\d", rest)) and len(_NUMBER.findall(rest)) == 1


def _names_unit(unit: str) -> bool:
    key = fold(unit.lstrip("/"))
    return key.split(" ")[0] in {"dong", "d", "vnd"} if key else False


def _normalise_unit(unit: str) -> str:
    unit = " ".join(unit.split()).strip(" .,;:")
    head, slash, tail = unit.partition("/")
    alias = _UNIT_ALIASES.get(head.strip().lower())
    if alias is not None:
        head = alias
    unit = f"{head.strip()}/{tail.strip()}" if slash else head.strip()
    return unit.strip("/ ") if unit.strip() == "/" else unit


def _plain_number(amount: Decimal) -> int | float:
    if amount == amount.to_integral_value():
        return int(amount)
    return float(round(amount, 4))


def _plain(amount: Decimal) -> str:
    return format_number(_plain_number(amount))


def format_number(value: int | float) -> str:
    """Vietnamese notation: 1200 → "1.200", 2.5 → "2,5"."""
    if isinstance(value, float) and not value.is_integer():
        whole, _, frac = f"{value:.4f}".rstrip("0").partition(".")
        return f"{int(whole):,}".replace(",", ".") + ("," + frac if frac else "")
    return f"{int(value):,}".replace(",", ".")


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
