"""The words around a typed number, from ``knowledge/quantities.yaml``, and the tokens.

Owns splitting an answer into tokens (numbers, words, slashes) and the questions
:mod:`knowledge.quantity` asks about a token: is it a lead word ("khoảng", "giá bán"), a
multiplier ("k", "nghìn"), money ("đ", "đồng"), "per" ("mỗi", "1 chai"), a unit typed
without diacritics ("tui" → "túi"), or the start of a number in words ("hai mươi lăm").

A word typed with diacritics must match the data's diacritics ("tầm" is not "tám"); a word
typed without any matches every marking of its letters (see :func:`same`).

>>> w = QuantityWords.load(Path(__file__).with_name("quantities.yaml"))
>>> w.number_words(tokens("hai mươi lăm hộp"), 0)
(25, 3)
>>> w.number_words(tokens("mot tram linh nam"), 0)
(105, 4)
>>> w.unit_at(tokens("luot khach"), 0)
('lượt khách', 2)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from knowledge.text import fold

_TOKEN = re.compile(
    r"(?P<num>\d+(?:[.,]\d+)*(?: \d{3}(?![\d.,]))*)|(?P<word>[^\W\d_]+)|(?P<slash>/)"
)

Phrase = tuple[str, ...]


@dataclass(frozen=True)
class Token:
    kind: str  # "num" | "word" | "slash"
    text: str  # as typed (NFC)

    @property
    def low(self) -> str:
        return self.text.lower()

    @property
    def key(self) -> str:
        return fold(self.text)

    @property
    def plain(self) -> bool:
        """Typed without any diacritic: it matches every marking of its letters."""
        return self.text.isascii()


def tokens(text: str) -> list[Token]:
    """Numbers ("80.000", "1 200 000"), words and slashes; other characters are dropped."""
    found: list[Token] = []
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "word"
        found.append(Token(kind, match.group()))
    return found


def same(tok: Token | None, word: str) -> bool:
    """``tok`` is the word ``word`` (written with its diacritics in the data)."""
    if tok is None or tok.kind != "word":
        return False
    return tok.key == fold(word) and (tok.plain or tok.low == word.lower())


def _phrases(raw: Any) -> tuple[Phrase, ...]:
    items = tuple(tuple(str(p).lower().split()) for p in raw or ())
    return tuple(sorted(items, key=len, reverse=True))


@dataclass(frozen=True)
class QuantityWords:
    leads: tuple[Phrase, ...]
    trailing: tuple[str, ...]
    digits: dict[str, int]
    tens_after: dict[str, int]
    ten: str
    tens: str
    hundred: str
    zero_link: tuple[str, ...]
    half: str
    multipliers: tuple[tuple[str, int, bool], ...]
    money: tuple[str, ...]
    per: tuple[str, ...]
    periods: tuple[str, ...]
    money_minimum: int
    units: tuple[tuple[Phrase, str], ...]

    @classmethod
    def load(cls, path: Path) -> QuantityWords:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise ValueError(f"{path}: expected a mapping")
        units = sorted(
            ((tuple(str(k).lower().split()), str(v)) for k, v in data["units"].items()),
            key=lambda item: len(item[0]),
            reverse=True,
        )
        return cls(
            leads=_phrases([*data["approx"], *data["lead"]]),
            trailing=tuple(str(x) for x in data["trailing"]),
            digits={str(k): int(v) for k, v in data["digits"].items()},
            tens_after={str(k): int(v) for k, v in data["tens_after"].items()},
            ten=str(data["ten"]),
            tens=str(data["tens"]),
            hundred=str(data["hundred"]),
            zero_link=tuple(str(x) for x in data["zero_link"]),
            half=str(data["half"]),
            multipliers=tuple(
                (str(m["word"]), int(m["factor"]), bool(m.get("money", False)))
                for m in data["multipliers"]
            ),
            money=tuple(str(x) for x in data["money"]),
            per=tuple(str(x) for x in data["per"]),
            periods=tuple(str(x) for x in data["periods"]),
            money_minimum=int(data["money_minimum"]),
            units=tuple(units),
        )

    # -- single tokens -------------------------------------------------------------------------

    def _any(self, tok: Token | None, words: tuple[str, ...]) -> bool:
        return any(same(tok, word) for word in words)

    def is_money(self, tok: Token | None) -> bool:
        return self._any(tok, self.money)

    def is_per(self, tok: Token | None) -> bool:
        return self._any(tok, self.per)

    def is_period(self, tok: Token | None) -> bool:
        return self._any(tok, self.periods)

    def is_one(self, tok: Token | None) -> bool:
        return tok is not None and ((tok.kind == "num" and tok.text == "1") or same(tok, "một"))

    def is_lead_word(self, tok: Token | None) -> bool:
        return any(len(p) == 1 and same(tok, p[0]) for p in self.leads)

    def multiplier(self, tok: Token | None) -> tuple[int, bool] | None:
        for word, factor, money in self.multipliers:
            if same(tok, word):
                return factor, money
        return None

    def marks_money(self, toks: list[Token], i: int) -> bool:
        """The number at ``i`` is a price: "80k", "80.000đ", or a big number at the end."""
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        if self.multiplier(nxt) is not None or self.is_money(nxt):
            return True
        digits = toks[i].text.replace(".", "").replace(" ", "")
        big = digits.isdigit() and int(digits) >= self.money_minimum
        return big and (nxt is None or nxt.kind == "slash")

    def drop_trailing(self, toks: list[Token]) -> list[Token]:
        """Without polite words (or a slash) at the end: "80k/chai ạ" → "80k/chai"."""
        while toks and (toks[-1].kind == "slash" or self._any(toks[-1], self.trailing)):
            toks = toks[:-1]
        return toks

    # -- phrases ------------------------------------------------------------------------------

    def _phrase_at(self, toks: list[Token], pos: int, phrase: Phrase) -> bool:
        window = toks[pos : pos + len(phrase)]
        return len(window) == len(phrase) and all(map(same, window, phrase))

    def lead_length(self, toks: list[Token], pos: int) -> int:
        """How many tokens at ``pos`` are an approximation or lead phrase (0: none)."""
        for phrase in self.leads:
            if self._phrase_at(toks, pos, phrase):
                return len(phrase)
        return 0

    def unit_at(self, toks: list[Token], pos: int) -> tuple[str, int]:
        """The unit word (or phrase) at ``pos`` as the form writes it, and its length."""
        for phrase, written in self.units:
            if self._phrase_at(toks, pos, phrase):
                return written, len(phrase)
        return toks[pos].low, 1

    # -- numbers in words ----------------------------------------------------------------------

    def _digit(self, toks: list[Token], i: int, extra: bool = False) -> int | None:
        tok = toks[i] if i < len(toks) else None
        table = {**self.digits, **self.tens_after} if extra else self.digits
        return next((v for word, v in table.items() if same(tok, word)), None)

    def _tens(self, toks: list[Token], i: int) -> tuple[int, int] | None:
        tok = toks[i] if i < len(toks) else None
        if same(tok, self.ten):  # at the start "muoi" is "mười"; "hai mươi" is read below
            extra = self._digit(toks, i + 1, True)
            return (10 + extra, i + 2) if extra else (10, i + 1)
        d = self._digit(toks, i)
        if d is None:
            return None
        if i + 1 < len(toks) and same(toks[i + 1], self.tens):
            extra = self._digit(toks, i + 2, True)
            return (d * 10 + extra, i + 3) if extra else (d * 10, i + 2)
        return d, i + 1

    def number_words(self, toks: list[Token], pos: int) -> tuple[int, int] | None:
        """A number written in words at ``pos`` ("ba", "mười hai", "hai trăm linh năm") and
        the position after it; None when there is none."""
        d = self._digit(toks, pos)
        if d is not None and pos + 1 < len(toks) and same(toks[pos + 1], self.hundred):
            value, i = d * 100, pos + 2
            if i < len(toks) and self._any(toks[i], self.zero_link):
                extra = self._digit(toks, i + 1)
                return (value + extra, i + 2) if extra else (value, i)
            tens = self._tens(toks, i)
            return (value + tens[0], tens[1]) if tens else (value, i)
        return self._tens(toks, pos)
