"""The headings of the 26 scoring sheets, as a question about one of them names them.

Owns :class:`Heading` (a part, section, group of lines or line of one sheet, with the folded
words of its title and those that name it) and listing a sheet's headings, including its
«Hồ sơ bị loại khi» as one more line (numbered :data:`KNOCKOUT`); and the helpers that
compare a question's words and diacritics with a title. Used by
``knowledge/criterion_answer.py``. Pure.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from knowledge.criteria import Criterion, Part, Section, Sheet
from knowledge.normalize import unify_iy
from knowledge.text import fold, nfc

# Words of a heading that say nothing on their own.
_GENERIC = frozenset(
    {"san", "pham", "xuat", "kinh", "doanh", "co", "su", "dung", "cua", "va", "cac", "cho"}
    | {"trong", "theo", "de", "hoac", "khac", "hang", "hoa", "muc", "tieu", "chi", "nguoi"}
    | {"ve", "voi", "tai", "la"}
)
_PARENTHESIS = re.compile(r"\([^)]*\)")
_WORDS = re.compile(r"\w+")
KNOCKOUT = "loại"  # the number of a sheet's «Hồ sơ bị loại khi» among its headings
KNOCKOUT_TITLE = "Hồ sơ bị loại khi"


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
            c = self.criterion
            said = (c.note, c.description, c.requirement)
            return ("c", self.number, self.title, self.max, options, said)
        if self.section is not None:
            parts = tuple((c.number, c.title, c.max) for c in self.section.criteria)
            return ("s", self.number, self.title, self.max, parts)
        sections = tuple((s.number, s.title, s.max) for s in self.part.sections)
        return ("p", self.number, self.title, self.max, sections)

    @property
    def knockout(self) -> bool:
        """The sheet's «Hồ sơ bị loại khi», not a scored line."""
        return self.number == KNOCKOUT

    @property
    def shape(self) -> tuple[object, ...]:
        """The signature without the options' wording (which varies with the product)."""
        if self.knockout:
            return self.signature  # which papers knock a file out differs: say only where
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


def sheet_headings(sheet: Sheet) -> Iterable[Heading]:
    for part in sheet.parts:
        yield _heading(sheet, part, part.id, part.title, part.max, None)
        for section in part.sections:
            if len(section.criteria) > 1:  # a section of one criterion is that criterion
                yield _heading(sheet, part, section.number, section.title, section.max, section)
            for group in section.groups:  # «Nước pha» over «Màu nước», «Mùi nước», «Vị nước»
                under = tuple(c for c in section.criteria if c.group == group.number)
                inner = Section(group.number, group.title, group.max, under)
                yield _heading(sheet, part, group.number, group.title, group.max, inner)
            for crit in section.criteria:
                yield _heading(sheet, part, crit.number, crit.title, crit.max, None, crit)
    if sheet.rejected_when:  # «Hồ sơ bị loại khi: …», printed above the sheet's parts
        printed = Criterion(KNOCKOUT, KNOCKOUT_TITLE, 0, (), False, sheet.rejected_when, "", "", "")
        yield _heading(sheet, sheet.parts[0], KNOCKOUT, KNOCKOUT_TITLE, 0, None, printed)


def _heading(
    sheet: Sheet,
    part: Part,
    number: str,
    title: str,
    top: int,
    section: Section | None,
    crit: Criterion | None = None,
) -> Heading:
    words = tuple(unify_iy(w) for w in fold(_PARENTHESIS.sub(" ", title)).split())
    own = frozenset(w for w in words if w not in _GENERIC)
    return Heading(sheet, number, title, top, section, crit, part, words, own)


def lines_under(headings: list[Heading]) -> set[int]:
    """The criteria (their ``id``: a criterion hashes deeply) of the sections and parts
    among ``headings`` whose title is not the heading's."""
    out: set[int] = set()
    for h in headings:
        if h.criterion is not None:
            continue
        sections = (h.section,) if h.section is not None else h.part.sections
        out.update(id(c) for s in sections for c in s.criteria if c.title != h.title)
    return out


def named_inside(chosen: list[Heading], named: list[Heading], asked: list[str]) -> list[Heading]:
    """The lines of ``named`` inside the sections or parts of ``chosen`` that the ``asked``
    words name more closely: every word of theirs ("cảm quan màu sắc": «Màu sắc» inside
    «Chỉ tiêu cảm quan»), or the chosen ones' words and more, side by side ("mục chất
    lượng nguyên liệu": «Chất lượng của nguyên liệu/thành phần» inside «Chất lượng sản
    phẩm»; not «Công bố chất lượng» for "cán bộ … chất lượng"); «Câu chuyện sản phẩm»
    inside «Câu chuyện về sản phẩm» says nothing more."""
    inside = lines_under(chosen)  # once: its criteria hash deeply
    present = set(asked)
    pairs = bigrams(asked)
    said = {w for h in chosen for w in h.own & present}
    out = []
    for h in named:
        held = h.own & present
        if id(h.criterion) not in inside or not held - said:
            continue
        beside = any(set(p) & (held - said) for p in bigrams(h.words) & pairs)
        if held == h.own or (held >= said and beside):
            out.append(h)
    most = max((len(h.own & present) for h in out), default=0)
    return [h for h in out if len(h.own & present) == most]


def bigrams(words: Iterable[str]) -> set[tuple[str, str]]:
    seq = list(words)
    return set(itertools.pairwise(seq))


def _marks(word: str) -> str:
    """The diacritics of ``word`` wherever they sit ("hoá" and "hóa" alike)."""
    marks = sorted(c for c in unicodedata.normalize("NFD", word) if unicodedata.combining(c))
    return "".join(marks) + "đ" * word.count("đ")


def typed_marks(question: str) -> dict[str, set[str]]:
    """The diacritics of the words of ``question`` typed with them, by folded word."""
    out: dict[str, set[str]] = defaultdict(set)
    for word in _WORDS.findall(nfc(question).lower()):
        if marks := _marks(word):
            out[unify_iy(fold(word))].add(marks)
    return out


def agrees(heading: Heading, typed: dict[str, set[str]]) -> bool:
    """False when an own word of the heading was typed with other diacritics ("liên tiếp
    thì" is not «Tiếp thị»); a word typed without diacritics agrees with any."""
    for word in _WORDS.findall(nfc(heading.title).lower()):
        key = unify_iy(fold(word))
        forms = typed.get(key)
        if forms and key in heading.own and _marks(word) not in forms:
            return False
    return True
