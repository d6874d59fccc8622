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

# "thuộc nhóm nào", "nhóm gì", "phân nhóm", "ngành nào", "bộ tiêu chí nào", "xếp vào loại",
# "bộ nào chủ trì quản lý" (Phụ lục I names each leaf's ministry).
_GROUP_QUESTION = re.compile(
    r"\b(?:nhom|nganh)\s+(?:nao|gi|san pham nao|gi vay)\b"
    r"|\bphan nhom\b|\bbo (?:tieu chi|phieu|san pham) (?:nao|so may|may)\b"
    r"|\b(?:thuoc|xep vao|vao) (?:nhom|nganh|loai|bo)\b|\b(?:cham|danh gia) theo bo (?:nao|gi)\b"
    r"|\b(?:chung|cung|khac|giong) (?:mot )?(?:nhom|nganh|bo)\b"
    r"|\b(?:bo|co quan|nganh) nao (?:chu tri|quan li|phu trach)\b"  # its "Cơ quan chủ trì quản lý"
)
# Two products compared: "thịt lợn tươi với giò chả có chung một nhóm không"
_COMPARE = re.compile(r"\b(?:chung|cung|khac|giong) (?:mot )?(?:nhom|nganh|bo)\b")
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
_UNAMBIGUOUS = frozenset({"ruou", "gao", "rau"})
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
        folded = [w if w.isascii() and "_" not in w else fold(w) for w in typed]  # a plain
        marked = any(f != w for f, w in zip(folded, typed, strict=True))  # word folds to itself
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
            if _agree(typed[i : i + n], folded[i : i + n], words, keys, marked) or (
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


def _agree(
    typed: list[str], folded: list[str], words: tuple[str, ...], keys: tuple[str, ...], marked: bool
) -> bool:
    """``folded``: the typed words folded; ``keys``: the keyword's words folded."""
    if len(words) == 1:
        if keys[0] == words[0] and len(words[0]) >= LONG_PLAIN:
            return True  # "socola", "snack": no other word is written so
        return marked and typed[0] == words[0]
    return all(t == w or f == t for t, f, w in zip(typed, folded, words, strict=True))


def asks_group(normalized: str) -> bool:
    """True when the (normalised) question asks which group or scoring set something is in."""
    return _GROUP_QUESTION.search(normalized) is not None


def names_group(text: str, leaf: Leaf, set_name: str) -> bool:
    """True when an answer names the leaf's group, subgroup or scoring set (folded)."""
    said = fold(text)
    names = [leaf.name, set_name, leaf.subgroup_name or leaf.group_name]
    return any(fold(n) in said for n in names)


def two_products(
    products: ProductWords, question: str, normalized: str
) -> tuple[ProductFound, ProductFound] | None:
    """The two different products a question compares ("thịt lợn tươi với giò chả có chung
    một nhóm không": «thịt lợn», «giò chả»; not «thịt» inside «thịt lợn»), in the order
    typed; None unless it asks whether they share a group."""
    if _COMPARE.search(normalized) is None:
        return None
    chosen: list[ProductFound] = []
    for found in products.find_all(question):
        said = fold(found.typed)
        if all(said not in fold(c.typed) and fold(c.typed) not in said for c in chosen):
            chosen.append(found)
        if len(chosen) == 2:
            where = fold(question).find
            first, second = sorted(chosen, key=lambda f: where(fold(f.typed)))
            return first, second
    return None


def compare_answer(
    pair: tuple[ProductFound, ProductFound], catalogue: Classification, t: Translate
) -> tuple[str, str, str]:
    """(title, text, source) saying whether two products share a group of Phụ lục I and a
    scoring set of Phụ lục II, with each one's place."""
    first, second = pair
    lines = [t("faq.group_path", product=f.typed, path=f.leaf.path_text()) for f in pair]
    group = first.leaf.group_name
    if group == second.leaf.group_name:
        lines.append(t("group_compare.same", group=group))
    else:
        lines.append(t("group_compare.different", group=group, other=second.leaf.group_name))
    sets = [catalogue.scoring_set(f.leaf.set_number) for f in pair]
    if sets[0].number == sets[1].number:
        lines.append(t("group_compare.same_set", number=sets[0].number, name=sets[0].name))
    else:
        lines.extend(
            t("group_compare.each_set", product=f.typed, number=s.number, name=s.name)
            for f, s in zip(pair, sets, strict=True)
        )
    numbers = ", ".join(dict.fromkeys(str(s.number) for s in sets))
    title = t("group_compare.title", first=first.typed, second=second.typed)
    return title, "\n".join(lines), t("group_compare.source", numbers=numbers)


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


def group_reply(
    products: ProductWords, question: str, normalized: str, said: str, t: Translate
) -> tuple[str, str, str] | None:
    """(title, text, source) of the group a question asks about: two products compared
    ("thịt lợn tươi với giò chả có chung một nhóm không"), else the one it names; None when
    it names none, or when ``said`` (the FAQ's confident answer, "" if none) names it."""
    pair = two_products(products, question, normalized)
    if pair is not None:
        return compare_answer(pair, products.catalogue, t)
    found = products.find(question)
    if found is None:
        return None
    catalogue = products.catalogue
    set_name = catalogue.scoring_set(found.leaf.set_number).name
    if said and names_group(said, found.leaf, set_name):
        return None
    title, text = group_answer(found, catalogue, t)
    return title, text, t("faq.group_source", number=found.leaf.set_number)
