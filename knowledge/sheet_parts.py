"""Questions about how a scoring sheet is built: a part and its sections, a section and its
lines, or two headings named in one question.

"phần A của bộ rau củ quả tươi chia ra tổ chức sx bn, phát triển sp bn", "bộ thủ công mỹ
nghệ phần A chia ra sao", "cảm quan của nước mắm chấm những chỉ tiêu gì, tổng bao nhiêu",
"mục tiếp thị với mục câu chuyện sản phẩm mỗi cái bn điểm", "chè chấm nước pha gồm những gì,
vị nước tối đa bn": the question names a part by its letter, or headings of Phụ lục II by
their words, and asks what they hold or how many points each has. Owns recognising such a
question (:meth:`SheetParts.find`) and choosing what it names: on the sheet of the product
it names (Phụ lục I keywords, ``knowledge/product_groups.py``), else across the 26 sheets,
where a heading is given in the wording most sheets share. The wording of the answer is
``knowledge/sheet_parts_reply.py``. The engine asks ``knowledge/criterion_answer.py`` first
about one section named alone (it also places what the producer describes), and this
module when that finds nothing ("cảm quan … chấm những chỉ tiêu gì" has no points cue).
Pure.

A heading is named by its core: its folded title without the words that say nothing at
either end («Chỉ tiêu cảm quan» → "cảm quan", «Câu chuyện về sản phẩm» → "câu chuyện");
a title of such words only is named whole («Các chỉ tiêu»). The question must hold the core's
first :data:`PREFIX` words in a row; a core of one word is never enough ("vị" is also "vì").
Of two names that overlap, the longer one is meant ("tổ chức phân phối", not "tổ chức").
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from knowledge.criteria import PART_MAXIMA, Sheet
from knowledge.criterion_answer import CriterionQuestions
from knowledge.criterion_headings import Heading, sheet_headings
from knowledge.focus import focus_parts
from knowledge.normalize import unify_iy
from knowledge.product_groups import SHEET_MAKES, ProductFound
from knowledge.text import fold

# Words that say nothing at either end of a title («… sản phẩm», «Các …», «… về …»).
_EMPTY = frozenset(
    {"san", "pham", "cac", "cua", "va", "cho", "trong", "theo", "de", "ve", "tu", "chi", "tieu"}
    | {"muc", "su", "dung", "hang", "hoa", "khac", "hoac", "kinh", "doanh", "xuat"}
)
PREFIX = 3  # a long core is named by its first three words ("hướng dẫn sử dụng…")
MIN_CORE = 2
MIN_SHARE = 4  # a wording must hold for a quarter of the sheets to be given without a product
_PART = re.compile(r"\bphan ([abc])\b")
_PART_SCORE = re.compile(r"\bphan [abc] (?:(?:duoc|dat|co|chi|la|moi) )*\d")
_ALL_PARTS = re.compile(r"\bphan a (?:va )?b (?:va )?c\b")
_BEFORE = frozenset({"muc", "phan", "nhom", "voi", "va", "hay", "hoac", "thi", "a", "b", "c"})
_BEFORE_TWO = (["tieu", "chi"], ["chi", "tieu"])
_AFTER = re.compile(
    r"(?:(?:duoc|la|thi|co|moi|cai|muc)\s+){0,2}"
    r"(?:bao nhieu|may|toi da|gom|chia|tong|co nhung|nhung|cham|voi|va|hay)\b"
)
_PARENTHESIS = re.compile(r"\([^)]*\)")
_OLD_RULES = re.compile(r"\b(?:148|1048|1489|781)\b")  # superseded decisions' sheets
# A question about points or what a heading holds.
_ASKS = re.compile(
    r"\b(?:bao nhieu|may diem|diem|toi da|tong|chia (?:ra|lam|thanh)|gom|co nhung|bao gom"
    r"|nhung (?:muc|nhom|tieu chi|chi tieu|noi dung|phan|gi)|cham (?:gi|nhung|cai gi)|co gi"
    r"|(?:muc|tieu chi|chi tieu|nhom|noi dung) (?:gi|nao))\b"
)
# … about what it holds (a section named alone is answered here only then).
_HOLDS = re.compile(
    r"\b(?:chia (?:ra|lam|thanh)|gom|co nhung|bao gom|nhung (?:muc|nhom|tieu chi|chi tieu|gi)"
    r"|cham (?:gi|nhung|cai gi)|co gi|(?:muc|tieu chi|chi tieu|nhom) (?:gi|nao))\b"
)
# Words of the sheets: a part's letter without a product is theirs only beside one.
_SHEET_WORDS = re.compile(r"\b(?:ocop|tieu chi|phieu|cham|sao|bo|khung diem|diem)\b")


@dataclass(frozen=True)
class Named:
    """One heading the question names: on the product's sheet (``count`` 1), or the
    wording ``count`` sheets share (``heading`` is one of them)."""

    heading: Heading
    count: int = 1
    every: bool = False  # alike on all 26 sheets


@dataclass(frozen=True)
class PartsQuestion:
    parts: tuple[str, ...]  # the letters named, in order
    named: tuple[Named, ...]  # the other headings named, in order
    sheet: Sheet | None  # the product's sheet; None: across the sheets
    product: str  # the product as the catalogue spells it ("" without one)
    sheets: tuple[Sheet, ...]  # every sheet (a part's sections across them)


def core(heading: Heading) -> tuple[str, ...]:
    """The words naming ``heading`` (its title's folded words, empty ends dropped)."""
    return _trimmed(heading.words)


def title_core(title: str) -> tuple[str, ...]:
    """The words naming a heading titled ``title``."""
    return _trimmed(tuple(unify_iy(w) for w in fold(_PARENTHESIS.sub(" ", title)).split()))


def _trimmed(all_words: tuple[str, ...]) -> tuple[str, ...]:
    words = list(all_words)
    while words and words[0] in _EMPTY:
        words.pop(0)
    while words and words[-1] in _EMPTY:
        words.pop()
    return tuple(words) or all_words


class SheetParts:
    """Built once with the engine from the 26 sheets and the product words."""

    def __init__(
        self, criteria: CriterionQuestions, off_topic: Callable[[str], bool] = lambda _: False
    ) -> None:
        self.sheets = tuple(criteria.sheets.values())
        self.products = criteria.products
        self._off_topic = off_topic  # "thi tiếng Anh phần B gồm gì": another subject
        self._by_first: dict[str, list[tuple[tuple[str, ...], Heading]]] = defaultdict(list)
        for sheet in self.sheets:
            for heading in sheet_headings(sheet):
                if heading.knockout:
                    continue  # «Hồ sơ bị loại khi»: the FAQ's and ``criterion_knockout``'s
                key = core(heading)
                if len(key) < MIN_CORE:
                    continue
                self._by_first[key[0]].append((key[:PREFIX], heading))

    def find(self, question: str, normalized: str) -> PartsQuestion | None:
        """What the question names and asks, when it asks how a sheet is built."""
        if not _ASKS.search(normalized) or _OLD_RULES.search(normalized):
            return None
        if self._off_topic(question):
            return None
        words = normalized.split()
        letters = tuple(dict.fromkeys(m[1].upper() for m in _PART.finditer(normalized)))
        if _PART_SCORE.search(normalized):
            return None  # "phần A được 30 điểm thì…": a score, for ``score_sum``
        if _ALL_PARTS.search(normalized):
            letters = ("A", "B", "C")  # "chia làm 3 phần A, B, C"
        spans = self._spans(words)
        product = self._product(question)
        holds = bool(_HOLDS.search(normalized))
        if product is not None:
            number = product.leaf.set_number
            sheet = next(s for s in self.sheets if s.number == number)
            found = [[h for h in hs if h.sheet.number == number] for hs in spans]
            named = tuple(Named(_broadest(hs)) for hs in found if hs)
            named = _once(named)
            if not (letters or len(named) > 1 or (holds and _section(named))):
                return None
            return PartsQuestion(letters, named, sheet, product.typed, self.sheets)
        named = tuple(n for hs in spans if (n := self._common(hs)) is not None)
        named = _once(named)
        if len(letters) == len(PART_MAXIMA) and not named:
            return None  # the three parts: the FAQ's entry on the whole set says it
        if letters and not named and not (holds and _SHEET_WORDS.search(normalized)):
            return None  # "thi tiếng Anh phần B mấy điểm"; "phần A và C cái nào nhiều hơn"
        if not (letters or len(named) > 1 or (holds and _section(named))):
            return None
        return PartsQuestion(letters, named, None, "", self.sheets)

    def _spans(self, words: list[str]) -> list[list[Heading]]:
        """The headings named, one list per place in the question, in order."""
        hits: list[tuple[int, int, Heading]] = []
        for i, word in enumerate(words):
            for key, heading in self._by_first.get(word, ()):
                if words[i : i + len(key)] == list(key):
                    end = i + len(key)  # as far as the title goes on in the question
                    rest = list(heading.words[heading.words.index(key[0]) + len(key) :])
                    while rest and end < len(words) and words[end] == rest[0]:
                        rest.pop(0)
                        end += 1
                    if _as_heading(words, i, end):
                        hits.append((i, end, heading))
        longest = [
            h
            for h in hits
            if not any(o[0] <= h[0] and h[1] <= o[1] and o[:2] != h[:2] for o in hits)
        ]
        by_span: dict[tuple[int, int], list[Heading]] = defaultdict(list)
        for start, end, heading in sorted(longest, key=lambda h: (h[0], h[1])):
            by_span[(start, end)].append(heading)
        # a part's title only hides the headings inside it ("khả năng tiếp thị" is no
        # «Tiếp thị»); parts are named by their letter
        lists = ([h for h in hs if not _is_part(h)] for hs in by_span.values())
        return [hs for hs in lists if hs]

    def _common(self, headings: list[Heading]) -> Named | None:
        """The wording most sheets share of the headings named at one place, if it holds
        for a quarter of the sheets or more."""
        per_sheet: dict[int, Heading] = {}
        for heading in headings:
            kept = per_sheet.get(number := heading.sheet.number)
            per_sheet[number] = heading if kept is None else _broadest([kept, heading])
        if not per_sheet:
            return None
        shape, count = Counter(h.shape for h in per_sheet.values()).most_common(1)[0]
        if count * MIN_SHARE < len(self.sheets):
            return None
        alike = [h for h in per_sheet.values() if h.shape == shape]
        return Named(alike[0], count, count == len(self.sheets))

    def _product(self, question: str) -> ProductFound | None:
        """The product the question part names, else the one the whole message names."""
        for part in (*focus_parts(question)[:1], question):
            found = self.products.find(part, SHEET_MAKES)  # "bộ chè"
            if found is not None:
                return found
        return None


def _as_heading(words: list[str], start: int, end: int) -> bool:
    """True when the words ``start:end`` stand as a heading's name: first in the question,
    after "mục", "phần", "nhóm", "tiêu chí", "với", "và", "thì", or followed by what is
    asked of it ("bn điểm", "tối đa", "gồm") or by "với", "và" (a list of headings) — not
    "HTX tổ chức sản xuất nước mắm, mục quảng bá…"."""
    before = words[max(0, start - 2) : start]
    if start == 0 or (before and before[-1] in _BEFORE) or before in _BEFORE_TWO:
        return True
    return bool(_AFTER.match(" ".join(words[end : end + 4])))


def _is_part(heading: Heading) -> bool:
    return heading.section is None and heading.criterion is None


def _broadest(headings: list[Heading]) -> Heading:
    """A section rather than the line of the same name under it."""
    return min(headings, key=lambda h: (h.criterion is not None, len(h.number)))


def _section(named: tuple[Named, ...]) -> bool:
    """A section (or a group of lines) is among the headings named."""
    return any(n.heading.criterion is None for n in named)


def _once(named: tuple[Named, ...]) -> tuple[Named, ...]:
    """The headings named, once each (a line also named by its section is shown in it)."""
    out: list[Named] = []
    for n in named:
        if any(o.heading.number == n.heading.number for o in out):
            continue
        out.append(n)
    return tuple(out)


def inside(line: Heading, section: Heading) -> bool:
    """True when ``line`` is one of the lines ``section`` lists."""
    return (
        section.section is not None
        and line.criterion is not None
        and any(c.number == line.criterion.number for c in section.section.criteria)
    )
