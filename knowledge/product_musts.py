"""What a product's dossier must hold, or it is rejected: its sheet's «Hồ sơ bị loại khi».

"Em làm dầu gội bồ kết … chưa làm bản công bố sản phẩm mỹ phẩm, đăng ký OCOP có được không
hay bị loại", "tpcn bị loại hồ sơ khi nào", "chú em làm rượu hoa quả ngâm, chưa xin giấy
phép sản xuất rượu, có đăng ký được không", "làm đồ gỗ mỹ nghệ có cần giấy an toàn thực phẩm
không": each sheet of Phụ lục II (QĐ 26/2026/QĐ-TTg) prints above its parts what gets a
dossier rejected, and it differs by product: a food-safety certificate for food and drinks,
GMP for thực phẩm bảo vệ sức khỏe, a bản công bố for cosmetics and essential oils, a
production licence for other alcoholic drinks and bottled water, nothing but the
registration for crafts, textiles, plants, animals and tourism.

Owns recognising such a question (a product of Phụ lục I named, and either «bị loại» or a
paper the producer lacks or asks about), reading the paper out of it (without the product's
own name: «giấy phép sản xuất rượu» is «giấy phép sản xuất»), and wording the answer: the
product's place in Phụ lục I, its sheet's rule quoted, and whether the rule names that paper
(texts ``product_musts.*``). A question about points or star ranks is the sheets' own
(``knowledge/criterion_*``). Pure.

>>> paper_asked("lam do go mi nghe co can giay an toan thuc pham khong", (("do", "go"),))
('giay', 'an', 'toan', 'thuc', 'pham')
>>> paper_asked("co can giay to gi dac biet khong khong bi loai", ())
()
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from knowledge.criteria import Sheet
from knowledge.criterion_knockout import paper_words, rule_words
from knowledge.faq_answer import AnswerKind, FaqAnswer
from knowledge.normalize import unify_iy
from knowledge.product_groups import ProductFound, ProductWords
from knowledge.text import fold

Translate = Callable[..., str]
ENTRY_ID = "product-musts"
# "bị loại", "loại hồ sơ", "có bị loại không": the question is about rejection.
_REJECTED = re.compile(r"\bbi loai\b|\bloai ho so\b|\bho so (?:co )?bi loai\b")
# "có cần giấy …", "cần GMP không", "có phải có …": a paper asked about (after the words).
_NEEDS = re.compile(r"\b(?:(?:co )?can|bat buoc|yeu cau) (?:phai )?(?:co |lam |xin |dat )?(?=\w)")
# "đăng ký OCOP được không", "có được không", "được chấm không": may they take part at all.
_MAY = re.compile(
    r"\b(?:dang ki|dang ky|dk|tham gia|nop|cham)\b(?:\s+\w+){0,3}\s+(?:duoc|dc)\s+"
    r"(?:khong|ko|k|chua|hay)\b|\bco (?:duoc|dc) (?:khong|ko|k)\b"
)
# "khi nào", "cần giấy tờ gì": what gets a dossier rejected, not whether a situation does
# ("dùng toàn bộ gạo nhập khẩu thì có bị loại không" is the sheets' notes').
_WHAT = re.compile(r"\b(?:khi nao|luc nao|truong hop nao|giay to gi|giay gi|can gi|dieu kien gi)\b")
# "chưa có", "chưa làm", "không có": the producer says the paper is lacking.
_LACKS = re.compile(
    r"\b(?:chua|khong|ko) (?:co|lam|xin|duoc cap|dang ki)\b"
    r"|\b(?:dang|moi) (?:lam thu tuc |lam )?xin\b|\bthieu\b"  # "đang xin", "thiếu giấy đó"
)
# Points and ranks are the sheets' lines, not this rule ("… thì được mấy điểm").
_POINTS = re.compile(r"\b(?:diem|may sao|\d sao|len sao|nang hang|tieu chi)\b")
# Words that end a paper's name or say nothing of which paper it is.
_GENERIC = frozenset(
    {"giay", "to", "phieu", "ban", "gi", "j", "dac", "biet", "nao", "khong", "ko", "k", "co"}
    | {"can", "thiet", "them", "nua", "hay", "bi", "loai", "de", "khi", "thi", "vay", "a"}
    | {"san", "pham", "sp", "ho", "so", "ocop", "dang", "ki", "ky", "dk", "cua", "minh", "em"}
    | {"nhung", "cac", "mot", "theo", "quy", "dinh", "nhu", "roi", "lam", "xin", "cap", "ve"}
)
MAX_PAPER = 12  # words of a paper's name
MAX_WHICH = 6  # "gì" this close after the cue asks which paper


@dataclass(frozen=True)
class MustQuestion:
    """A question about what a product's dossier must hold."""

    product: ProductFound
    sheet: Sheet
    paper: tuple[str, ...]  # the paper asked about or lacking (folded words), () if none
    lacking: bool  # the producer says they do not have it


def paper_asked(normalized: str, products: tuple[tuple[str, ...], ...]) -> tuple[str, ...]:
    """The paper the (normalised) clause says is lacking or asks is needed, without the
    names of the products in it (``products``, normalised: «bản công bố sản phẩm mỹ phẩm» is
    «bản công bố sản phẩm»); () when it names no particular paper."""
    words = paper_words(normalized)
    if not words:
        found = _NEEDS.search(normalized) or _LACKS.search(normalized)
        words = tuple(normalized[found.end() :].split()[:MAX_PAPER]) if found else ()
    if any(w in ("gi", "j", "nao") for w in words[:MAX_WHICH]):
        return ()  # "cần giấy phép gì", "bắt buộc ghi những nội dung gì": which, not whether
    for product in products:
        words = _without(words, product)
    if not _distinctive(words):
        return ()
    return words


def _without(words: tuple[str, ...], phrase: tuple[str, ...]) -> tuple[str, ...]:
    """``words`` without the first run equal to ``phrase`` (and what follows a question word:
    "giấy phép sản xuất rượu không" ends at «không»)."""
    n = len(phrase)
    for i in range(len(words) - n + 1) if n else ():
        if words[i : i + n] == phrase:
            words = words[:i] + words[i + n :]
            break
    for i, word in enumerate(words):
        if word in ("khong", "ko", "k", "chua", "hay", "thi", "vay", "nhung", "de"):
            return words[:i]
    return words


def _distinctive(words: tuple[str, ...]) -> frozenset[str]:
    return frozenset(w for w in words if w not in _GENERIC and not w.isdigit())


def names(paper: tuple[str, ...], rule: str) -> bool:
    """True when the sheet's rule names the paper: every distinctive word of it is there."""
    return _distinctive(paper) <= rule_words(rule)


class ProductMusts:
    """Built once with the engine from the catalogue's words and the scoring sheets."""

    def __init__(
        self, products: ProductWords, sheets: dict[int, Sheet], normalize: Callable[[str], str]
    ) -> None:
        self.products = products
        self.sheets = sheets
        self._normalize = normalize

    def find(self, question: str) -> MustQuestion | None:
        """The must-have question ``question`` asks, if it is one."""
        folded = self._normalize(question)
        if _POINTS.search(folded) is not None:
            return None
        rejected = _REJECTED.search(folded) is not None
        asks_what = _WHAT.search(folded) is not None
        if not rejected and _MAY.search(folded) is None and _NEEDS.search(folded) is None:
            return None
        product = self.products.find(question)
        if product is None:
            return None
        sheet = self.sheets.get(product.leaf.set_number)
        if sheet is None or not sheet.rejected_when:
            return None
        found = self.products.find_all(question)
        named = tuple(tuple(self._normalize(f.typed).split()) for f in found)
        paper: tuple[str, ...] = ()
        lacking = False
        for clause in re.split(r"[,.;:?!\n]", question):
            normalized = self._normalize(clause)
            paper = paper_asked(normalized, named)
            if paper and self._knocks_out(paper):
                lacking = _LACKS.search(normalized) is not None
                break
            paper = ()
        if not paper:  # "bị loại khi nào", "cần giấy tờ gì để không bị loại"
            return MustQuestion(product, sheet, (), False) if rejected and asks_what else None
        if lacking and not (rejected or _MAY.search(folded)):
            return None  # "chưa có giấy phép gì, muốn lên OCOP thì cần làm gì trước"
        if not names(paper, sheet.rejected_when) and self._a_line_of(sheet, paper):
            return None  # «công bố chất lượng» of crafts: the sheet's line (a 3★ minimum) says
        return MustQuestion(product, sheet, paper, lacking)

    def _a_line_of(self, sheet: Sheet, paper: tuple[str, ...]) -> bool:
        """Whether a line of ``sheet`` is titled with every word of ``paper``."""
        titles = (c.title for part in sheet.parts for sec in part.sections for c in sec.criteria)
        return any(set(paper) <= set(self._normalize(title).split()) for title in titles)

    def _knocks_out(self, paper: tuple[str, ...]) -> bool:
        """True when some sheet's rule names ``paper`` (the food-safety certificate, GMP, a
        bản công bố, a production licence): which products need it is what this answers;
        a paper no rule names («nhãn hiệu», «đăng ký kinh doanh») is asked about elsewhere."""
        return any(names(paper, s.rejected_when or "") for s in self.sheets.values())

    def reply(self, question: str, t: Translate) -> FaqAnswer | None:
        """The answer when ``question`` asks what its product's dossier must hold."""
        found = self.find(question)
        return None if found is None else self.answer(question, found, t)

    def answer(self, question: str, found: MustQuestion, t: Translate) -> FaqAnswer:
        leaf, sheet = found.product.leaf, found.sheet
        rule = sheet.rejected_when or ""
        where = t("faq.criterion_sheet", number=sheet.number, name=sheet.name)
        lines = [t("faq.criterion_knockout", where=where, text=rule.rstrip(". "))]  # as printed
        if found.paper:
            paper = " ".join(found.paper)
            if names(found.paper, rule):
                key = "product_musts.named_lacking" if found.lacking else "product_musts.named"
            else:
                key = "product_musts.not_named"
            shown = _shown(rule, paper) if names(found.paper, rule) else ""  # as printed
            shown = shown or _shown(question, paper) or t("product_musts.this_paper")
            lines.append(t(key, paper=shown, number=sheet.number))
        ministries = ", ".join(leaf.ministries)
        place = t("product_musts.place", product=found.product.typed, path=leaf.path_text())
        lines.append(t("product_musts.ministries", place=place, ministries=ministries))
        return FaqAnswer(
            AnswerKind.CRITERION,
            question,
            t("product_musts.title", product=found.product.typed),
            "\n".join(lines),
            (t("product_musts.source", number=sheet.number),),
            ENTRY_ID,
            1.0,
        )


def _shown(text: str, paper: str) -> str:
    """The paper as ``text`` (the question, or the sheet's rule) spells it, without the
    plain words it starts with ("giấy an toàn thực phẩm" in a rule: «an toàn thực phẩm»);
    "" when ``text`` does not hold it (an abbreviation typed was read out: "attp")."""
    words = [unify_iy(w) for w in paper.split()]
    typed = re.findall(r"\w+", text)
    folded = [unify_iy(fold(w)) for w in typed]
    while words:
        n = len(words)
        at = next((i for i in range(len(typed) - n + 1) if folded[i : i + n] == words), None)
        if at is not None:
            return " ".join(typed[at : at + n])
        if words[0] not in _GENERIC or n == 1:
            return ""
        words = words[1:]
    return ""
