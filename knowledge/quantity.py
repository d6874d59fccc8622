"""Numbers with units as producers type them: "tầm 80 nghìn 1 chai", "3 túi 2kg", "ba chai".

Owns :func:`parse_quantity` and the Vietnamese way of writing numbers (:func:`format_number`).
The words it reads around a number — "khoảng", "giá bán", "nghìn", "k", "đồng", "mỗi",
number words, units typed without diacritics — are data in ``knowledge/quantities.yaml``.
The stored value is what the producer meant, normalised: a number and a unit written the
form's way ("80.000 đồng/chai 500 ml", "3 túi 2 kg", "20 tấn/năm").

>>> parse_quantity("tam 80 nghin 1 chai", money=True)
Quantity(value=80000, unit='đồng/chai')
>>> parse_quantity("80.000đ/chai 500ml")
Quantity(value=80000, unit='đồng/chai 500 ml')
>>> parse_quantity("3 tui 2kg")
Quantity(value=3, unit='túi 2 kg')
>>> parse_quantity("ba chai")
Quantity(value=3, unit='chai')
>>> parse_quantity("1tr2/hộp")
Quantity(value=1200000, unit='đồng/hộp')
>>> format_number(1200), format_number(2.5)
('1.200', '2,5')
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from knowledge.quantity_words import QuantityWords, Token, same, tokens
from knowledge.text import nfc

DEFAULT_PATH = Path(__file__).with_name("quantities.yaml")
MAX_UNIT = 40
_RANGE = re.compile(
    r"\d\s*(?:k|nghìn|ngàn|tr|triệu|đ|%)?\s*(?:-|–|~|đến|den|tới|toi)\s*\d", re.IGNORECASE
)


class QuantityError(ValueError):
    """A number we cannot read; ``key`` names why (``registration.invalid_<key>``)."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.values = values


@dataclass(frozen=True)
class Quantity:
    """A number with its unit ("2 tấn" → 2, "tấn"). ``value`` is int when whole."""

    value: int | float
    unit: str

    def as_json(self) -> dict[str, object]:
        return {"value": self.value, "unit": self.unit}


@functools.cache
def words() -> QuantityWords:
    return QuantityWords.load(DEFAULT_PATH)


def parse_quantity(
    text: str,
    *,
    integer: bool = False,
    minimum: float | None = None,
    unit_required: bool = False,
    default_unit: str = "",
    money: bool = False,
) -> Quantity:
    """A number with an optional unit: "1.200 tấn", "2,5 tạ/năm", "150k/hộp", "ba chai".

    Thousands are grouped with dots (or spaces, or commas before exactly 3 digits); the
    decimal mark is a comma (or a dot not followed by exactly 3 digits). "khoảng" and similar
    words before the number are ignored; "k", "nghìn", "triệu" multiply. ``money``: the
    answer is a price — the unit becomes "đồng/<unit>" and a tiny amount is refused.
    """
    w = words()
    raw = nfc(text).strip()
    if raw.startswith("-"):
        raise QuantityError("number_negative")
    if _RANGE.search(raw):
        raise QuantityError("number_range")
    toks = w.drop_trailing(tokens(raw))
    if money:
        toks = _price_first(w, toks)
    reader = _Reader(w, toks)
    reader.amount()
    reader.multipliers()
    unit = reader.unit(money)
    amount = reader.value
    if not unit:
        if unit_required:
            raise QuantityError("number_unit")
        unit = default_unit
    if len(unit) > MAX_UNIT:
        raise QuantityError("number_unit_long")
    if minimum is not None and amount < Decimal(str(minimum)):
        raise QuantityError("number_min", min=format_number(_plain_number(Decimal(str(minimum)))))
    if amount <= 0 and minimum is None:
        raise QuantityError("number_zero")
    if money and amount < w.money_minimum:
        key = "money_unit" if reader.not_money else "money_small"
        raise QuantityError(key, amount=format_number(_plain_number(amount)))
    if integer and amount != amount.to_integral_value():
        raise QuantityError("number_integer")
    return Quantity(_plain_number(amount), unit)


def _price_first(w: QuantityWords, toks: list[Token]) -> list[Token]:
    """ "1 chai 80k", "chai 500ml giá 80k": the price comes last; read it as "80k/chai 500ml"."""
    numbers = [i for i, t in enumerate(toks) if t.kind == "num"]
    if len(numbers) < 2:
        return toks
    price = next((i for i in numbers if w.marks_money(toks, i)), None)
    if price is None or price == numbers[0]:
        return toks
    before = toks[:price]
    while before and w.is_lead_word(before[-1]):
        before = before[:-1]
    start = w.lead_length(before, 0)
    before = before[start:]
    if before and (w.is_one(before[0]) or same(before[0], "mỗi")):
        before = before[1:]
    if not before or before[0].kind != "word":
        return toks
    return [*toks[price:], Token("slash", "/"), *before]


class _Reader:
    """Reads the tokens left to right: lead words, the number, multipliers, the unit."""

    def __init__(self, w: QuantityWords, toks: list[Token]) -> None:
        self.w = w
        self.toks = toks
        self.pos = 0
        self.value = Decimal(0)
        self.money = False
        self.multiplied = False
        self.not_money = False  # a price typed with another kind of unit: "20 tấn"

    def at(self, offset: int = 0) -> Token | None:
        i = self.pos + offset
        return self.toks[i] if 0 <= i < len(self.toks) else None

    def amount(self) -> Decimal:
        w, toks = self.w, self.toks
        has_digits = any(t.kind == "num" for t in toks)
        while self.pos < len(toks):
            tok = toks[self.pos]
            if tok.kind == "num":
                self.value = to_decimal(tok.text)
                self.pos += 1
                return self.value
            if not has_digits:
                read = w.number_words(toks, self.pos)
                if read is not None:
                    self.value, self.pos = Decimal(read[0]), read[1]
                    return self.value
            skip = w.lead_length(toks, self.pos)
            if not skip:
                break
            self.pos += skip
        later = has_digits or any(
            w.number_words(toks, i) is not None for i in range(self.pos, len(toks))
        )
        raise QuantityError("number_plain" if later else "number_missing")

    def multipliers(self) -> None:
        """ "80 nghìn", "2 trăm nghìn", "1tr2", "1 triệu 200 nghìn", "1 triệu rưỡi"."""
        w = self.w
        while (found := w.multiplier(self.at())) is not None:
            factor, money = found
            self.value *= factor
            self.money |= money
            self.multiplied = True
            self.pos += 1
            self._part_after(factor)
            if same(self.at(), w.half):
                self.value += Decimal(factor) / 2
                self.pos += 1

    def _part_after(self, factor: int) -> None:
        """The digits after a multiplier: "1tr2" (1,2 triệu), "1 triệu 200 nghìn"."""
        w, tok = self.w, self.at()
        if tok is None:
            return
        if tok.kind == "num" and tok.text.isdigit() and len(tok.text) <= 3:
            number, length = int(tok.text), 1
        elif tok.kind == "word" and (read := w.number_words(self.toks, self.pos)) is not None:
            number, length = read[0], read[1] - self.pos
        else:
            return
        nxt = self.at(length)
        smaller = Decimal(1)
        extra = 0
        while (found := w.multiplier(self.at(length + extra))) is not None and (
            smaller * found[0] < factor
        ):
            smaller *= found[0]
            extra += 1
        if extra:
            self.value += number * smaller
            self.pos += length + extra
        elif nxt is None or nxt.kind == "slash" or w.is_money(nxt) or w.is_per(nxt):
            self.value += Decimal(number) * factor / Decimal(10 ** len(str(number)))
            self.pos += length

    def unit(self, money_field: bool) -> str:
        """The rest as a unit: "đồng/chai 500 ml", "túi 2 kg", "tấn/năm"."""
        w = self.w
        money = money_field or self.money
        while (tok := self.at()) is not None and w.is_money(tok):
            money = self.money = True
            self.pos += 1
        main: list[str] = []
        per: list[str] | None = None
        part = main
        sized = False
        while (tok := self.at()) is not None:
            if tok.kind == "slash":
                if per is not None:
                    raise QuantityError("number_one")
                per, sized = [], False
                part = per
                self.pos += 1
                self._skip_one()
                continue
            if self._starts_per(tok, money, per is None):
                per, sized = [], False
                part = per
                self.pos += 1
                self._skip_one()
                continue
            if tok.kind == "word":
                if same(tok, w.half) and len(main) == 1 and part is main:
                    self.value += Decimal("0.5")
                    self.pos += 1
                    continue
                phrase, length = w.unit_at(self.toks, self.pos)
                part.append(phrase)
                self.pos += length
                continue
            if sized or (not part and part is main) or not self._size_unit(1):
                raise QuantityError("number_one")
            unit, length = w.unit_at(self.toks, self.pos + 1)
            part.append(f"{format_number(_plain_number(to_decimal(tok.text)))} {unit}")
            sized = True
            self.pos += 1 + length
        for part in (per or [], main):  # "8 ạ rưỡi": a polite word is not a unit
            while part and w.drop_trailing([Token("word", part[-1])]) == []:
                part.pop()
        if self.multiplied and not main and per and not w.is_period(Token("word", per[0])):
            money = True  # "80 nghìn/chai": a price even where the field does not say so
        if money:
            if main and per is None:
                self.not_money = money_field and not (self.money or self.multiplied)
                main, per = [], main
            head = " ".join(["đồng", *main])
        else:
            head = " ".join(main)
        tail = " ".join(per or [])
        return f"{head}/{tail}" if tail else head

    def _size_unit(self, offset: int) -> bool:
        """The word at ``offset`` can be the unit of a size ("chai 500 ml", "túi 2 kg")."""
        w, tok = self.w, self.at(offset)
        if tok is None or tok.kind != "word" or w.is_money(tok) or w.multiplier(tok):
            return False
        return not (same(tok, "mỗi") or same(tok, w.half) or w.drop_trailing([tok]) == [])

    def _starts_per(self, tok: Token, money: bool, first: bool) -> bool:
        """ "mỗi năm", "1 chai" after a price, "một năm" after a quantity."""
        w, nxt = self.w, self.at(1)
        if not first or nxt is None or nxt.kind != "word":
            return False
        if same(tok, "mỗi"):
            return True
        if w.is_one(tok):
            return money or w.is_period(nxt)
        return money and tok.kind == "word" and w.is_per(tok)

    def _skip_one(self) -> None:
        """ "/1 chai", "mỗi 1 chai": the one is implied by the slash."""
        while self.w.is_one(self.at()) and (nxt := self.at(1)) is not None and nxt.kind == "word":
            self.pos += 1


def to_decimal(token: str) -> Decimal:
    """Read "1.200", "1,5", "1 200 000", "1.200,5", "0,500" the Vietnamese way."""
    token = token.strip()
    try:
        return _to_decimal(token)
    except InvalidOperation as error:
        raise QuantityError("number_format") from error


def _to_decimal(token: str) -> Decimal:
    if " " in token:
        groups = token.split()
        if all(len(g) == 3 for g in groups[1:]) and 1 <= len(groups[0]) <= 3:
            token = "".join(groups)
        else:
            raise QuantityError("number_one")
    last_dot, last_comma = token.rfind("."), token.rfind(",")
    if last_dot >= 0 and last_comma >= 0:
        decimal_sep = "." if last_dot > last_comma else ","
        thousands = "," if decimal_sep == "." else "."
        whole, frac = token.rsplit(decimal_sep, 1)
        groups = whole.split(thousands)
        if not all(len(g) == 3 for g in groups[1:]) or len(groups[0]) > 3:
            raise QuantityError("number_format")
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
    raise QuantityError("number_format")


def _plain_number(amount: Decimal) -> int | float:
    if amount == amount.to_integral_value():
        return int(amount)
    return float(round(amount, 4))


def format_number(value: int | float) -> str:
    """Vietnamese notation: 1200 → "1.200", 2.5 → "2,5"."""
    if isinstance(value, float) and not value.is_integer():
        whole, _, frac = f"{value:.4f}".rstrip("0").partition(".")
        return f"{int(whole):,}".replace(",", ".") + ("," + frac if frac else "")
    return f"{int(value):,}".replace(",", ".")
