"""Which group a product belongs to, answered from Phụ lục I (``knowledge/classification.yaml``).

"trà hoa cúc thuộc nhóm nào", "mít sấy chấm theo bộ tiêu chí nào": the question names a
product the catalogue lists among its keywords and asks for its group. The answer is the
catalogue's path (ngành → nhóm → phân nhóm), the Phụ lục II scoring set and the ministry in
charge, so it never depends on an FAQ entry having been written for that product.

Owns finding a product keyword in a question (:class:`ProductWords`, also used by
``knowledge/criterion_answer.py``: the longest keyword; words typed with diacritics must
agree with it; a one-word keyword only when typed exactly, with its diacritics, in a message
written with diacritics, since "cua", "de", "muc" are also "của", "để", "mục" — unless it is a
long word without diacritics such as "socola", or stands where a product is named: after
"trồng", "làm", "nuôi" or first before "thuộc"), recognising a
group question, and wording the answer (texts ``faq.group_*``). Pure.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from knowledge.classification import Classification, Leaf
from knowledge.text import fold, nfc

# "thuộc nhóm nào", "nhóm gì", "phân nhóm", "ngành nào", "bộ tiêu chí nào", "xếp vào loại".
_GROUP_QUESTION = re.compile(
    r"\b(?:nhom|nganh)\s+(?:nao|gi|san pham nao|gi vay)\b"
    r"|\bphan nhom\b|\bbo (?:tieu chi|phieu|san pham) (?:nao|so may|may)\b"
    r"|\b(?:thuoc|xep vao|vao) (?:nhom|nganh|loai|bo)\b|\b(?:cham|danh gia) theo bo (?:nao|gi)\b"
)
# "bộ nào chủ trì quản lý", "cơ quan chủ trì": the ministry the catalogue names for a product.
_MINISTRY_QUESTION = re.compile(
    r"\b(?:bo|co quan) nao (?:chu tri|quan ly|phu trach)\b|\bco quan chu tri\b|\bchu tri quan ly\b"
)
_WORDS = re.compile(r"\w+")
LONG_PLAIN = 5  # a one-word keyword without diacritics this long is not a common word
# A word typed without diacritics after one of these (folded) names a product: "trồng lúa",
# "làm mắm", "nuôi cá" (not "sp của HTX"); so does the first word of "lua thuoc nhom nao".
_MAKES = frozenset({"trong", "lam", "nuoi", "nau", "bien", "xuat", "sx"})
_IS = frozenset({"thuoc", "la", "co", "duoc", "dc", "xep", "cham", "nay"})
# Plain words that are far more often a particle than the product ("làm để", "mấy", "quá",
# "tới", "lần", "sổ", "kế", "cũ", "sự"): never read as a product without diacritics.
_PARTICLES = frozenset({"de", "cua", "may", "qua", "toi", "lan", "so", "ke", "cu", "su", "ma"})
# Pairs (folded) in which a one-word product keyword means something else: "ghi nhãn",
# "nhãn hiệu", "tem nhãn" are labels, not longans.
_COMPOUNDS = frozenset(
    {("ghi", "nhan"), ("dan", "nhan"), ("tem", "nhan"), ("bao", "nhan"), ("nhan", "hieu")}
    | {("nhan", "mac"), ("nhan", "hang"), ("nhan", "dan"), ("nhan", "phu"), ("nhan", "san")}
    | {("nhan", "tem"), ("in", "nhan"), ("mau", "nhan")}
    | {("tieu", "chi"), ("chi", "tieu"), ("tieu", "chuan"), ("tieu", "thu"), ("tieu", "dung")}
    | {("bao", "tieu"), ("muc", "tieu"), ("tieu", "bieu"), ("tieu", "huy")}
    | {("khach", "du")}  # "khách du lịch" are tourists, not a tourism service
)
# Plain words that fold from one product word only ("ruou": «rượu»; "gao": «gạo»).
_UNAMBIGUOUS = frozenset({"ruou", "gao"})
Translate = Callable[..., str]


@dataclass(frozen=True)
class ProductFound:
    leaf: Leaf
    typed: str  # the keyword, with its diacritics


class ProductWords:
    """Every keyword and leaf name of the catalogue, longest first."""

    def __init__(self, catalogue: Classification) -> None:
        self.catalogue = catalogue
        keys: list[tuple[tuple[str, ...], tuple[str, ...], Leaf]] = []
        for leaf in catalogue.leaves:
            for keyword in (*leaf.keywords, leaf.name):
                words = tuple(nfc(keyword).lower().split())
                if words:
                    keys.append((words, tuple(fold(w) for w in words), leaf))
        keys.sort(key=lambda k: -sum(len(w) for w in k[1]))
        self._keys = keys
        self._by_first: dict[str, list[int]] = defaultdict(list)  # first word → keys, longest first
        for index, (_words, folded, _leaf) in enumerate(keys):
            self._by_first[folded[0]].append(index)

    def find(self, question: str) -> ProductFound | None:
        """The product the question names (its longest catalogue keyword), if any."""
        return next(self.find_all(question), None)

    def find_all(self, question: str) -> Iterator[ProductFound]:
        """Every product the question names, the longest keyword first ("nấu rượu nếp, gạo
        nếp mua trong tỉnh": «gạo nếp», then «rượu nếp»)."""
        typed = _WORDS.findall(nfc(question).lower())
        folded = [fold(w) for w in typed]
        marked = any(fold(w) != w for w in typed)
        starts = sorted(
            {(k, i) for i, word in enumerate(folded) for k in self._by_first.get(word, ())}
        )  # the longest keyword first, then the earliest place
        for k, i in starts:
            words, keys, leaf = self._keys[k]
            n = len(keys)
            if tuple(folded[i : i + n]) != keys or (n == 1 and _in_compound(folded, i)):
                continue
            if i > 0 and (folded[i - 1], folded[i]) in _COMPOUNDS:
                continue  # "khách du lịch"
            if _agree(typed[i : i + n], words, marked) or (
                n == 1
                and typed[i] == folded[i]
                and (folded[i] in _UNAMBIGUOUS or _named_as_product(folded, i))
            ):
                yield ProductFound(leaf, " ".join(words))


def _in_compound(folded: list[str], i: int) -> bool:
    """True when the one word at ``i`` is part of a common compound ("ghi nhãn" is a label,
    not the fruit; "tiêu chí", "chỉ tiêu" are no pepper; "quả thật", "củ thể")."""
    before = folded[i - 1] if i > 0 else ""
    after = folded[i + 1] if i + 1 < len(folded) else ""
    return (before, folded[i]) in _COMPOUNDS or (folded[i], after) in _COMPOUNDS


def _named_as_product(folded: list[str], i: int) -> bool:
    """True when the plain word at ``i`` stands where a product is named ("trong lua",
    "lua thuoc nhom nao"), so "lua" reads as "lúa" and "cua" as "cua", not "của"."""
    if folded[i] in _PARTICLES:
        return False
    if i > 0:
        return folded[i - 1] in _MAKES
    return len(folded) > 1 and folded[1] in _IS


def _agree(typed: list[str], words: tuple[str, ...], marked: bool) -> bool:
    if len(words) == 1:
        if fold(words[0]) == words[0] and len(words[0]) >= LONG_PLAIN:
            return True  # "socola", "snack": no other word is written so
        return marked and typed[0] == words[0]
    return all(t == w or fold(t) == t for t, w in zip(typed, words, strict=True))


def asks_group(normalized: str) -> bool:
    """True when the (normalised) question asks which group or scoring set something is in."""
    return _GROUP_QUESTION.search(normalized) is not None or asks_ministry(normalized)


def asks_ministry(normalized: str) -> bool:
    """True when the (normalised) question asks which ministry is in charge of something
    ("nước uống đóng chai thì bộ nào chủ trì quản lý"): Phụ lục I names one per product."""
    return _MINISTRY_QUESTION.search(normalized) is not None


def names_group(text: str, leaf: Leaf, set_name: str, asked: str = "") -> bool:
    """True when an answer names the leaf's group, subgroup or scoring set (folded), and,
    when the (normalised) question ``asked`` is for the ministry, the leaf's ministries too."""
    said = fold(text)
    names = [leaf.name, set_name, leaf.subgroup_name or leaf.group_name]
    if asks_ministry(asked) and not all(fold(m) in said for m in leaf.ministries):
        return False
    return any(fold(n) in said for n in names)


def group_answer(found: ProductFound, catalogue: Classification, t: Translate) -> tuple[str, str]:
    """(title, text) naming the product's place in Phụ lục I and its scoring set."""
    leaf = found.leaf
    scoring = catalogue.scoring_set(leaf.set_number)
    lines = [
        t("faq.group_path", product=found.typed, path=leaf.path_text()),
        t("faq.group_set", number=scoring.number, name=scoring.name),
        t("faq.group_ministry", ministries=", ".join(leaf.ministries)),
    ]
    if leaf.inferred:
        lines.append(t("faq.group_inferred"))
    lines.append(t("faq.group_check"))
    return t("faq.group_title", product=found.typed), "\n".join(lines)
