"""A paper the producer lacks, checked against what knocks a file out on the product's sheet.

"bánh chưng … chưa làm giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm, vậy đăng ký
OCOP trước rồi bổ sung sau được không", "chưa làm phiếu công bố sản phẩm, vậy đăng ký OCOP
có chấm được không", "có bắt buộc phải có GMP không": each sheet of Phụ lục II prints above
its parts «Hồ sơ bị loại khi: …» (giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm; for
thực phẩm chức năng, GMP; for tinh dầu, bản công bố sản phẩm…). When the paper the producer
says they lack, or asks whether it is required, is named there, the answer quotes that rule.

Owns reading the paper out of the question (the words after «chưa có/chưa làm/không có…»
or «bắt buộc phải có…», up to the next clause) and deciding whether a rule's text names it:
every distinctive word of the paper (not «giấy», «phiếu», «bản», «sản phẩm», particles) is in
the rule (:class:`KnockoutRules`: the sheets' rules and options, their words read once). Pure.

>>> paper_words("chua lam phieu cong bo san pham vay dang ki ocop co cham duoc khong")
('phieu', 'cong', 'bo', 'san', 'pham')
>>> names_paper(("giay", "dang", "ki", "kinh", "doanh"), "Giả mạo hồ sơ … hồ sơ đăng ký")
False
>>> names_paper(("chung", "nhan"), "… giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm")
False
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from knowledge.criteria import Sheet
from knowledge.criterion_headings import Heading
from knowledge.normalize import unify_iy
from knowledge.text import fold

_LACKS = re.compile(
    r"\b(?:chua|khong|ko) (?:co|lam|xin|duoc cap|dang ki)\b"
    r"|\bbat buoc (?:phai )?(?:co|lam)\b|\b(?:phai|can) co\b"
)
# Words that end the paper's name: the next clause or the question itself ("có", "đăng"
# are not among them: «cơ sở», «đăng ký kinh doanh»).
_END = frozenset(
    {"vay", "thi", "nen", "nhung", "ma", "khong", "ko", "roi", "duoc", "dc", "moi", "de"}
    | {"vi", "nay", "a", "ah", "em", "chi", "anh", "hay", "chua"}
)
# Words of a paper's name that say nothing about which paper it is.
_PLAIN = frozenset(
    {"giay", "to", "phieu", "ban", "ho", "so", "san", "pham", "sp", "cai", "cac", "nhung"}
    | {"mot", "gi", "j", "theo", "quy", "dinh", "cua", "minh", "lam", "xin", "cap", "ve"}
)
# What every sheet's rule says whatever the product: a paper named only by these words
# ("chưa có chứng nhận", "chưa đủ điều kiện", "chưa có đăng ký") is not one the rule names.
_EVERY_RULE = frozenset(
    fold(
        "Giả mạo hồ sơ hoặc không tuân thủ đầy đủ các quy định về giấy chứng nhận cơ sở đủ "
        "điều kiện theo quy định; hoặc không đáp ứng về hồ sơ đăng ký theo quy định"
    ).split()
)
MAX_WORDS = 12  # a paper's name is never longer


def paper_words(normalized: str) -> tuple[str, ...]:
    """The name of the paper the question says is lacking or asks is required (folded
    words), or () when it names none."""
    found = _LACKS.search(normalized)
    if found is None:
        return ()
    words: list[str] = []
    for word in normalized[found.end() :].split()[:MAX_WORDS]:
        if word in _END:
            break
        words.append(word)
    return tuple(words)


def names_paper(paper: tuple[str, ...], rule: str) -> bool:
    """True when every distinctive word of ``paper`` is in ``rule``, one of them a word not
    every sheet's rule uses («an toàn thực phẩm», «GMP», «công bố»)."""
    return _names(paper, rule_words(rule))


def rule_words(rule: str) -> frozenset[str]:
    """The words of a rule as :func:`names_paper` reads them («đăng ký»: "dang ki", as
    normalised)."""
    return frozenset(unify_iy(w) for w in fold(rule).split())


def _names(paper: tuple[str, ...], said: frozenset[str]) -> bool:
    distinctive = {w for w in paper if w not in _PLAIN}
    return bool(distinctive - _EVERY_RULE) and distinctive <= said


class KnockoutRules:
    """The sheets' «Hồ sơ bị loại khi» lines and their scored lines' options, each text's
    words read once when the sheets are loaded (a question's paper is compared with all)."""

    def __init__(self, headings: Iterable[Heading]) -> None:
        read: dict[str, frozenset[str]] = {}  # most texts repeat on many sheets

        def words(text: str) -> frozenset[str]:
            found = read.get(text)
            if found is None:
                found = read[text] = rule_words(text)
            return found

        self._rules: list[tuple[Heading, frozenset[str]]] = []
        self._options: list[tuple[Heading, tuple[frozenset[str], ...]]] = []
        for heading in headings:
            criterion = heading.criterion
            if criterion is None:
                continue
            if heading.knockout:
                self._rules.append((heading, words(criterion.explain)))
            else:
                options = tuple(words(o.text) for o in criterion.options)
                self._options.append((heading, options))

    def naming(self, paper: tuple[str, ...]) -> list[Heading]:
        """The knock-out lines (every sheet's, in order) whose rule names ``paper``."""
        return [h for h, said in self._rules if _names(paper, said)]

    def scored(self, paper: tuple[str, ...], sheet: Sheet) -> Heading | None:
        """The first scored line of ``sheet`` with an option naming ``paper`` («Đảm bảo chất
        lượng sản phẩm»: that certificate is its 3-star minimum)."""
        return next(
            (
                h
                for h, options in self._options
                if h.sheet is sheet and any(_names(paper, said) for said in options)
            ),
            None,
        )
