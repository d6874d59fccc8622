"""Who may register a product for OCOP, asked about a kind of producer (QĐ 26/2026/QĐ-TTg,
Điều 2 khoản 3).

"cty tnhh của em có 40 lao động làm nem chua, nghe nói OCOP chỉ dành cho HTX với hộ dân thôi
đúng không", "trang trại có được tự đứng tên không hay bắt buộc phải vào HTX", "thôn em làm du
lịch cộng đồng … ai đứng tên đăng ký được, có phải lập HTX không hay hiệp hội cũng được", "hộ
em chưa làm giấy đăng ký kinh doanh, có được đăng ký OCOP luôn không": the decision lists the
chủ thể OCOP — hợp tác xã; tổ hợp tác; doanh nghiệp nhỏ và vừa; trang trại, hộ sản xuất, hộ gia
đình có đăng ký kinh doanh; and for the tourism group also hội, hiệp hội, trung tâm điều hành
hoặc tổ chức tương đương. The rule that blocks a registration form is ``knowledge/eligibility``.

Owns recognising such a question (a kind of producer named, and whether it may register or
stand as the applicant asked) and wording the answer: a verdict for each kind named (a
company: if it is a small or medium enterprise; a household: only with a business
registration; a person alone: as a household business; an association: for tourism only),
the decision's list, the product's group when one is named, and where the dossier goes
(texts ``subjects.*``). Pure.

>>> [k.value for k in kinds_named("cong ti em co tham gia ocop duoc khong", "")]
['company']
>>> asks_may("trang trai co duoc tu dung ten dang ki ocop khong")
True
"""

from __future__ import annotations

import re
from collections.abc import Callable
from enum import StrEnum

from knowledge.faq_answer import AnswerKind, FaqAnswer
from knowledge.product_groups import ProductWords
from knowledge.text import nfc

Translate = Callable[..., str]
ENTRY_ID = "subject-eligibility"
TOURISM = "tourism"  # the sector id of Phụ lục I open to associations


class Kind(StrEnum):
    """A kind of producer, in the order the answer gives its verdict."""

    UNREGISTERED = "unregistered"
    PERSON = "person"
    COMPANY = "company"
    COOPERATIVE = "cooperative"
    GROUP = "group"  # tổ hợp tác
    FARM = "farm"
    HOUSEHOLD = "household"  # with a business registration
    ASSOCIATION = "association"


# Each kind as the normalised question names it (``FaqEngine.normalize``: "cty" → "cong ti",
# "htx" → "hop tac xa", "dk" → "dang ki", "ko" → "khong").
_KINDS: tuple[tuple[Kind, re.Pattern[str]], ...] = (
    (
        Kind.UNREGISTERED,
        re.compile(
            r"\b(?:chua|khong|khong co|chua co|chua lam|chua xin)\s+(?:\w+\s+){0,2}"
            r"(?:dang ki kinh doanh|dkkd|giay phep kinh doanh|dang ki ho kinh doanh)\b"
        ),
    ),
    (Kind.PERSON, re.compile(r"\bca nhan\b")),
    (
        Kind.COMPANY,
        re.compile(r"\b(?:cong ti|doanh nghiep|tnhh|co phan|dnnvv)\b"),
    ),
    (Kind.COOPERATIVE, re.compile(r"\bhop tac xa\b")),
    (Kind.GROUP, re.compile(r"\bto hop tac\b")),
    (Kind.FARM, re.compile(r"\btrang trai\b")),
    (
        Kind.HOUSEHOLD,
        re.compile(r"\b(?:ho kinh doanh|ho ca the|ho gia dinh|ho san xuat|hkd)\b"),
    ),
    (
        Kind.ASSOCIATION,
        re.compile(
            r"\b(?:hiep hoi|trung tam dieu hanh|to chuc tuong duong|ban quan li du lich"
            r"|hoi (?:nong dan|phu nu|lam vuon|cuu chien binh|nghe|du lich|doanh nghiep))\b"
        ),
    ),
)
# The FAQ's entry on one kind (knowledge/faq/chu-the.yaml), kept when that kind is asked.
ENTRY_KINDS = {
    "unregistered-household": Kind.UNREGISTERED,
    "individual-eligible": Kind.PERSON,
    "doanh-nghiep-eligible": Kind.COMPANY,
    "htx-eligible": Kind.COOPERATIVE,
    "to-hop-tac-eligible": Kind.GROUP,
    "ho-kinh-doanh-eligible": Kind.HOUSEHOLD,
}
# "hội" typed with its marks ("Hội nông dân xã"), never "hỏi"; not «hội đồng», «lễ hội».
_HOI = re.compile(r"(?<!lễ )\bhội\b(?! (?:đồng|nghị|chợ|thi|thảo|viên|trại))")
# Whether a kind of producer may register or stand as the applicant.
_MAY = re.compile(
    r"\b(?:dung ten|dang ki|tham gia|lam chu the|len ocop|lam ocop|nop ho so)\b"
    r"(?:\s+\w+){0,7}?\s+(?:duoc|dc)\s+(?:khong|chua|hay|a|nhi)\b"
    r"|\b(?:co )?(?:duoc|dc) (?:tu )?(?:dung ten|dang ki|tham gia|lam chu the)\b"
    r"|\bmuon (?:dung ten|dang ki|tham gia)\b.{0,80}\bco duoc (?:khong|chua)\b"
    r"|\bchi danh cho\b|\bchi (?:co )?(?:hop tac xa|ho)\b(?:\s+\w+){0,4}\s+moi duoc\b"
    r"|\b(?:bat buoc|co phai|phai) (?:vao|lap|thanh lap|len|gia nhap) (?:hop tac xa|htx)\b"
    r"|\bai (?:dung ten|dang ki|duoc dang ki|duoc dung ten)\b"
    r"|\bdu dieu kien (?:dang ki|tham gia|lam)\b"
    r"|\b(?:muon|de) (?:len|lam|dang ki) ocop thi can (?:dang ki|lam) gi\b"
)
# A registered household says so: "có giấy ĐKKD hộ cá thể", "đã đăng ký hộ kinh doanh".
_REGISTERED = re.compile(r"\b(?:co|da co|da)\s+(?:giay\s+)?(?:dang ki kinh doanh|dkkd)\b")


def kinds_named(normalized: str, typed: str) -> list[Kind]:
    """The kinds of producer the (normalised) question names, in :class:`Kind` order;
    ``typed`` (the question as typed) shows a «hội» with its marks."""
    found = [kind for kind, pattern in _KINDS if pattern.search(normalized)]
    if Kind.ASSOCIATION not in found and _HOI.search(nfc(typed).lower()):
        found.append(Kind.ASSOCIATION)
    if Kind.UNREGISTERED in found and Kind.HOUSEHOLD not in found:
        return found
    if Kind.HOUSEHOLD not in found and _REGISTERED.search(normalized):
        found.append(Kind.HOUSEHOLD)  # "nhà tôi có giấy ĐKKD hộ cá thể"
    return sorted(found, key=list(Kind).index)


def asks_may(normalized: str) -> bool:
    """True when the (normalised) question asks whether someone may register."""
    return _MAY.search(normalized) is not None


class SubjectAnswers:
    """Built once with the engine from the catalogue's words and the engine's normaliser."""

    def __init__(self, products: ProductWords | None, normalize: Callable[[str], str]) -> None:
        self.products = products  # None: the catalogue is not loaded, no product is named
        self._normalize = normalize

    def instead_of(self, question: str, said: FaqAnswer, t: Translate) -> FaqAnswer:
        """The answer to whether a kind of producer may register, in place of the FAQ's
        answer ``said`` — unless that is the FAQ's entry on the one kind asked about."""
        normalized = self._normalize(question)
        if not asks_may(normalized):
            return said
        kinds = kinds_named(normalized, question)
        if not kinds or (len(kinds) == 1 and ENTRY_KINDS.get(said.entry_id or "") == kinds[0]):
            return said
        return self.answer(question, kinds, t)

    def answer(self, question: str, kinds: list[Kind], t: Translate) -> FaqAnswer:
        named = self.products.listed(question) if self.products is not None else []
        product = named[0] if named else None  # the head noun: «xà bông thảo dược»
        tourism = product is not None and product.leaf.sector_id == TOURISM
        lines = [self._verdict(kind, tourism, t) for kind in kinds]
        lines.append(t("subjects.list"))
        if tourism or Kind.ASSOCIATION in kinds:
            lines.append(t("subjects.tourism"))
        if product is not None:
            lines.append(t("faq.group_path", product=product.typed, path=product.leaf.path_text()))
        lines.append(t("subjects.dossier"))
        return FaqAnswer(
            AnswerKind.ENTRY,
            question,
            t("subjects.title"),
            "\n".join(lines),
            (t("subjects.source"),),
            ENTRY_ID,
            1.0,
        )

    @staticmethod
    def _verdict(kind: Kind, tourism: bool, t: Translate) -> str:
        if kind is Kind.ASSOCIATION:
            return t("subjects.association_tourism" if tourism else "subjects.association_other")
        return t(f"subjects.{kind.value}")
