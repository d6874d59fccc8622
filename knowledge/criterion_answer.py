"""Questions about one line of a scoring sheet, answered from the sheet itself.

"nước mắm thì mục tiếp thị được tối đa mấy điểm", "ghi nhãn song ngữ có được cộng điểm
không", "liên kết chuỗi phải bao nhiêu % sản lượng mới được 4 sao": the question names a
heading of Phụ lục II (a section such as «Tiếp thị», or a criterion such as «Ghi nhãn hàng
hóa có sử dụng song ngữ») and asks about its points or its levels. The answer is read from
``knowledge/criteria/*.yaml`` (the 26 sheets of Quyết định 26/2026/QĐ-TTg): the heading's
maximum, its criteria or its options with their points and star marks, its note.

Owns recognising such a question (a points cue — "điểm", "mấy điểm", "được tính", "mức …
sao" — and a heading named by its own words, compared folded after the FAQ normaliser has
expanded abbreviations) and choosing the sheet: the one whose product the question names
(a keyword of Phụ lục I: ``knowledge/product_groups.py``), else the heading's wording when
most sheets agree (the answer names them and asks for the product), else nothing (the FAQ
answers). Pure; words no reply itself
(the texts are ``faq.criterion_*`` in ``knowledge/replies/faq.yaml``).
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from knowledge.criteria import CriteriaBook, Criterion, Part, Section, Sheet
from knowledge.criterion_content import ContentIndex
from knowledge.focus import focus_parts
from knowledge.product_groups import ProductFound, ProductWords
from knowledge.text import fold, nfc

# A question about points or levels: "mấy điểm", "cộng điểm", "được tính", "mức 4 sao".
_POINTS_CUE = re.compile(  # "điểm", not "thời điểm" (a time) or "địa điểm" (a place)
    r"\b(?:(?<!thoi )(?<!dia )diem|(?:duoc|co) tinh(?! la)|muc \d sao|dat \d sao|duoc \d sao"
    r"|len \d sao)\b"
    r"|\bcham (?:the nao|ra sao|nhu the nao|gom)\b|\bkhi cham\b"
    r"|\bcham (?:\w+ ){0,4}theo (?:nhung )?(?:muc|tieu chi)\b"
    r"|(?<!bo )\btieu chi (?!nao|gi|ocop|la|chia)\w|\bgom nhung\b"
)
# Words that make a question about a line of the sheet, not only about a star rank.
_STRONG_CUE = frozenset({"diem", "tieu", "muc", "cham"})
# Words of a heading that say nothing on their own.
_GENERIC = frozenset(
    {"san", "pham", "xuat", "kinh", "doanh", "co", "su", "dung", "cua", "va", "cac", "cho"}
    | {"trong", "theo", "de", "hoac", "khac", "hang", "hoa", "muc", "tieu", "chi", "nguoi"}
)
_PARENTHESIS = re.compile(r"\([^)]*\)")
_WORDS = re.compile(r"\w+")
_OLD_RULES = re.compile(r"\b(?:148|1048|1489|781)\b")  # superseded decisions' sheets
_SHEET_WORDS = re.compile(r"\b(?:ocop|tieu chi|phieu|cham|sao|san pham|khung diem)\b")
_PART = re.compile(r"\bphan ([abc])\b")
MIN_COVERAGE = 0.6  # share of a heading's own words the question must hold
NAMED_PART = 99  # "phần B": the part wins over its sections, alike on every sheet
SHORT = 3  # a heading of this many own words or fewer is named by all of them
UNIQUE_COVERAGE = 0.5  # enough with a pair of words that names one heading on every sheet
# ("bao bì": «Đóng gói, bao bì sản phẩm» or «Bao bì, ghi nhãn sản phẩm», never both)
MIN_SHARE = 4  # a wording must hold for a quarter of the sheets to be answered without a product
Translate = Callable[..., str]


@dataclass(frozen=True)
class Heading:
    """A section or a criterion of one sheet, with the words that name it."""

    sheet: Sheet
    number: str
    title: str
    max: int
    section: Section | None
    criterion: Criterion | None
    part: Part
    words: tuple[str, ...]  # folded title, parenthesis dropped
    own: frozenset[str]  # its words less the generic ones

    @property
    def signature(self) -> tuple[object, ...]:
        """What the answer says, apart from the sheet: equal signatures, equal answers."""
        if self.criterion is not None:
            options = tuple((o.text, o.points, o.stars) for o in self.criterion.options)
            return ("c", self.number, self.title, self.max, options, self.criterion.note)
        if self.section is not None:
            parts = tuple((c.number, c.title, c.max) for c in self.section.criteria)
            return ("s", self.number, self.title, self.max, parts)
        sections = tuple((s.number, s.title, s.max) for s in self.part.sections)
        return ("p", self.number, self.title, self.max, sections)

    @property
    def shape(self) -> tuple[object, ...]:
        """The signature without the options' wording (which varies with the product)."""
        if self.criterion is not None:
            points = tuple((o.points, o.stars) for o in self.criterion.options)
            return ("c", self.title, self.max, points)
        if self.section is not None:
            return (
                "s",
                self.title,
                self.max,
                tuple((c.title, c.max) for c in self.section.criteria),
            )
        return ("p", self.title, self.max)  # its sections' split varies between sheets


@dataclass(frozen=True)
class CriterionQuestion:
    heading: Heading
    sheets: tuple[Sheet, ...]  # every sheet this answer holds for (one when a product named)
    named_product: bool
    every: bool = False  # it holds for every sheet of the book
    by_letter: bool = False  # only "phần B" named it (with a word of the sheets: "chấm", "OCOP")


def _headings(sheet: Sheet) -> Iterable[Heading]:
    for part in sheet.parts:
        yield _heading(sheet, part, part.id, part.title, part.max, None)
        for section in part.sections:
            if len(section.criteria) > 1:  # a section of one criterion is that criterion
                yield _heading(sheet, part, section.number, section.title, section.max, section)
            for crit in section.criteria:
                yield _heading(sheet, part, crit.number, crit.title, crit.max, None, crit)


def _heading(
    sheet: Sheet,
    part: Part,
    number: str,
    title: str,
    top: int,
    section: Section | None,
    crit: Criterion | None = None,
) -> Heading:
    words = tuple(fold(_PARENTHESIS.sub(" ", title)).split())
    own = frozenset(w for w in words if w not in _GENERIC)
    return Heading(sheet, number, title, top, section, crit, part, words, own)


def _bigrams(words: Iterable[str]) -> set[tuple[str, str]]:
    seq = list(words)
    return set(itertools.pairwise(seq))


def _marks(word: str) -> str:
    """The diacritics of ``word`` wherever they sit ("hoá" and "hóa" alike)."""
    marks = sorted(c for c in unicodedata.normalize("NFD", word) if unicodedata.combining(c))
    return "".join(marks) + "đ" * word.count("đ")


def _typed_marks(question: str) -> dict[str, set[str]]:
    """The diacritics of the words of ``question`` typed with them, by folded word."""
    out: dict[str, set[str]] = defaultdict(set)
    for word in _WORDS.findall(nfc(question).lower()):
        if marks := _marks(word):
            out[fold(word)].add(marks)
    return out


def _agrees(heading: Heading, typed: dict[str, set[str]]) -> bool:
    """False when an own word of the heading was typed with other diacritics ("liên tiếp
    thì" is not «Tiếp thị»); a word typed without diacritics agrees with any."""
    for word in _WORDS.findall(nfc(heading.title).lower()):
        forms = typed.get(fold(word))
        if forms and fold(word) in heading.own and _marks(word) not in forms:
            return False
    return True


class CriterionQuestions:
    """Built once with the engine: every heading of every sheet, and the product words."""

    def __init__(
        self, book: CriteriaBook, products: ProductWords, stop: frozenset[str] = frozenset()
    ) -> None:
        self.headings = [h for sheet in book.sheets for h in _headings(sheet) if h.own]
        self._by_pair: dict[tuple[str, str], list[int]] = defaultdict(list)  # bigram → headings
        per_sheet: Counter[tuple[tuple[str, str], int]] = Counter()  # (own bigram, sheet)
        for index, heading in enumerate(self.headings):
            for pair in _bigrams(heading.words):
                self._by_pair[pair].append(index)
                if pair[0] in heading.own and pair[1] in heading.own:
                    per_sheet[(pair, heading.sheet.number)] += 1
            if len(heading.words) == 1:  # «Mùi», «Vị»: found by their one word
                self._by_pair[(heading.words[0], "")].append(index)
        shared = {pair for (pair, _), count in per_sheet.items() if count > 1}
        self._unique = frozenset(pair for pair, _ in per_sheet if pair not in shared)
        self._parts = [h for h in self.headings if h.section is None and h.criterion is None]
        self.sheets = {s.number: s for s in book.sheets}
        self.products = products
        self.content = ContentIndex(self.headings, stop)

    def find(self, question: str, normalized: str) -> CriterionQuestion | None:
        """The heading the question asks about and the sheets its answer holds for."""
        if not _POINTS_CUE.search(normalized) or _OLD_RULES.search(normalized):
            return None  # not about points, or about the sheets before 22/5/2026
        asked = normalized.split()
        typed = _typed_marks(question)
        pairs = _bigrams(asked) | {(w, "") for w in asked if w in typed}  # "mùi", not "mui"
        present = set(asked)
        strong = bool(present & _STRONG_CUE)  # "tiêu chí bao bì", not "in logo lên bao bì"
        scored: list[tuple[float, int, int, Heading]] = []
        named = {m[1].upper() for m in _PART.finditer(normalized)}  # "phần B"
        scored.extend((1.0, NAMED_PART, 1, h) for h in self._parts if h.number in named)
        near = sorted({i for pair in pairs for i in self._by_pair.get(pair, ())})
        for heading in (self.headings[i] for i in near):
            if heading.number in named and heading.section is None and heading.criterion is None:
                continue  # already counted as named
            coverage = len(heading.own & present) / len(heading.own)
            unique = (
                strong
                and coverage >= UNIQUE_COVERAGE
                and any(p in self._unique for p in pairs & _bigrams(heading.words))
            )
            if unique or coverage >= (MIN_COVERAGE if len(heading.own) > SHORT else 1.0):
                broad = 0 if heading.criterion is not None else 1  # a section over its criterion
                scored.append((coverage, len(heading.own), broad, heading))
        scored = [s for s in scored if _agrees(s[3], typed)]
        product = self._product(question)
        if product is not None:  # the best heading of the product's own sheet
            scored = [s for s in scored if s[3].sheet.number == product.leaf.set_number]
        if not scored:
            return None
        best = max(s[:3] for s in scored)
        chosen = [s[3] for s in scored if s[:3] == best]
        own = chosen[0].own
        by_letter = best[1] == NAMED_PART and len(own & present) < MIN_COVERAGE * len(own)
        if by_letter and not _SHEET_WORDS.search(normalized):
            return None  # "thi tiếng Anh phần B mấy điểm": a part, but not of these sheets
        return self._choose(question, chosen, by_letter)

    def _product(self, question: str) -> ProductFound | None:
        """The product the question part names ("…nếp cái hoa vàng…, vậy tiêu chí nguồn
        nguyên liệu của rượu trắng…": rượu trắng), else the one the whole message names."""
        for part in (*focus_parts(question)[:1], question):
            found = self.products.find(part)
            if found is not None:
                return found
        return None

    def find_by_content(
        self, question: str, normalize: Callable[[str], str]
    ) -> CriterionQuestion | None:
        """The criterion whose options or explanation the question describes ("vùng nguyên
        liệu có VietGAP thì được cộng điểm không"), when it asks about points; in a long
        message, its question part ("nhà em trồng lúa ở Ý Yên, vùng nguyên liệu …")."""
        normalized = normalize(question)
        if not _POINTS_CUE.search(normalized) or _OLD_RULES.search(normalized):
            return None
        product = self._product(question)
        named = fold(product.typed).split() if product is not None else ()
        parts = (normalized, *(normalize(p) for p in focus_parts(question)))
        sheet = product.leaf.set_number if product is not None else None
        found = (self.content.find(p, named, sheet) for p in parts)
        title = next((t for t in found if t), None)
        if title is None:
            return None
        chosen = [h for h in self.headings if h.title == title and h.criterion is not None]
        return self._choose(question, chosen, False)

    def _choose(
        self, question: str, chosen: list[Heading], by_letter: bool
    ) -> CriterionQuestion | None:
        """The sheet of the product the question names, else the wording most sheets share."""
        product = self._product(question)
        number = product.leaf.set_number if product is not None else None
        if number is not None:
            mine = [h for h in chosen if h.sheet.number == number]
            if mine:
                return CriterionQuestion(mine[0], (mine[0].sheet,), True, by_letter=by_letter)
            return None  # that product's sheet has no such heading: the FAQ answers
        title = Counter(h.title for h in chosen).most_common(1)[0][0]
        chosen = [h for h in chosen if h.title == title]  # the wording most sheets use
        shape, count = Counter(h.shape for h in chosen).most_common(1)[0]
        if count * MIN_SHARE < len(self.sheets):
            return None  # no points hold for most sheets: the product must be named
        alike = [h for h in chosen if h.shape == shape]
        worded = Counter(h.signature for h in alike).most_common(1)[0][0]
        example = next(h for h in alike if h.signature == worded)
        every = len(alike) == len(self.sheets) and all(h.signature == worded for h in alike)
        sheets = tuple(h.sheet for h in alike)
        return CriterionQuestion(example, sheets, False, every, by_letter=by_letter)


def _options(criterion: Criterion, t: Translate) -> list[str]:
    """A criterion's options with their points and star marks, then its note."""
    lines = []
    for option in criterion.options:
        key = "faq.criterion_option_marked" if option.stars else "faq.criterion_option"
        lines.append(t(key, text=option.text, points=option.points, stars=option.stars))
    if criterion.note:
        lines.append(t("faq.criterion_note", note=criterion.note))
    return lines


def criterion_answer(found: CriterionQuestion, t: Translate) -> tuple[str, str, str]:
    """(title, answer text, source) for a heading of one sheet or of every sheet alike."""
    h = found.heading
    sheet = h.sheet
    if found.named_product:
        where = t("faq.criterion_sheet", number=sheet.number, name=sheet.name)
    elif found.every:
        where = t("faq.criterion_every_sheet")
    else:
        where = t(
            "faq.criterion_most_sheets",
            count=len(found.sheets),
            number=sheet.number,
            name=sheet.name,
        )
    whole_part = h.section is None and h.criterion is None
    lines = [
        t(
            "faq.criterion_head_part" if whole_part else "faq.criterion_head",
            where=where,
            number=h.number,
            title=h.title,
            max=h.max,
            part=h.part.id,
            part_title=h.part.title,
        )
    ]
    if whole_part:
        for s in h.part.sections:
            lines.append(t("faq.criterion_part", number=s.number, title=s.title, max=s.max))
            if len(s.criteria) > 1:  # "chấm theo những tiêu chí nào": the lines under it
                lines.extend(
                    t("faq.criterion_subpart", number=c.number, title=c.title, max=c.max)
                    for c in s.criteria
                )
    elif h.section is not None:
        for c in h.section.criteria:
            lines.append(t("faq.criterion_part", number=c.number, title=c.title, max=c.max))
            if fold(c.title) == fold(h.title):  # «Câu chuyện sản phẩm» in «Câu chuyện sản phẩm»
                lines.extend(_options(c, t))
    elif h.criterion is not None:
        lines.extend(_options(h.criterion, t))
    if not found.named_product and not found.every:
        lines.append(t("faq.criterion_name_product"))
    source = t("faq.criterion_source", number=sheet.number) if found.named_product else ""
    title = t("faq.criterion_title", title=h.title)
    return title, "\n".join(lines), source or t("faq.criterion_source_all")
