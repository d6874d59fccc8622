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
"trồng", "làm", "nuôi" — or "bộ", "phiếu" for a sheet — or first before "thuộc"), recognising a
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
    r"|\b(?:dang ki|dang ky|dk|nop|xep) (?:o |vao |theo )?(?:bo|nhom) (?:nao|gi|j|so may|may)\b"
    r"|\b(?:bo|co quan) nao (?:chu tri|quan li|quan ly)\b"  # the ministry in charge
    r"|\b(?:cham|danh gia|dang ki|dang ky|thuoc|vao) (?:theo )?phieu (?:nao|gi|so may|may)\b"
    r"|\b(?:chung|cung|khac|giong) (?:mot |1 )?(?:nhom|nganh|bo)\b"
    r"|\b(?:bo|co quan|nganh) nao (?:chu tri|quan li|phu trach)\b"  # its "Cơ quan chủ trì quản lý"
    # "chấm bộ nào", "là bộ chè hay bộ khác", "xếp vào đâu", "thuộc loại nào"
    r"|\b(?:cham|danh gia|xep|thuoc|vao) (?:o |vao |theo )?bo (?:nao|gi|j|so may|may)\b"
    r"|\bbo \w+(?: \w+)? hay (?:la )?bo\b|\bxep (?:vao|o) (?:dau|cho nao|muc nao)\b"
    r"|\bthuoc (?:loai|dien|muc) (?:nao|gi)\b"
)
# The dossier asked beside the group: "hồ sơ lần đầu gồm những gì", "nộp cho ai", "gửi bao
# nhiêu chai mẫu".
_ALSO_DOSSIER = re.compile(
    r"\b(?:ho so|giay to)\b(?:\s+\w+){0,3}?\s+(?:gom|nhung gi|can nhung gi|ra sao)\b"
    r"|\bnop (?:ho so )?(?:cho ai|o dau|tai dau|cho ubnd)\b"
    r"|\b(?:bao nhieu|may) (?:chai|mau|hop|goi|san pham) mau\b"
    r"|\b(?:gui|nop) (?:bao nhieu|may) mau\b"
)
# "có OCOP được không", "có làm OCOP được không", "đăng ký OCOP được không": whether a product
# may take part (every product of Phụ lục I may, registered by a chủ thể OCOP).
_MAY_JOIN = re.compile(
    r"\b(?:co |duoc )?(?:lam |dang ki |tham gia |len |thanh )?ocop (?:duoc|dc) (?:khong|chua)\b"
)
# Words that list products ("nước cốt gấc với si rô chanh dây", "trà sen, trà cúc").
_LIST = re.compile(r"[,;]|\b(?:với|voi|và|va|hay|hoặc|hoac)\b", re.IGNORECASE)
# "bộ nào chủ trì quản lý", "cơ quan chủ trì": the ministry the catalogue names for a product.
_MINISTRY_QUESTION = re.compile(
    r"\b(?:bo|co quan) nao (?:chu tri|quan ly|phu trach)\b|\bco quan chu tri\b|\bchu tri quan ly\b"
)
_WORDS = re.compile(r"\w+")
_CLAUSES = re.compile(r"[,.;:?!\n]")
_JOIN = re.compile(r"\s+(?:với|voi|và|va|hay|hoặc|hoac)\s+", re.IGNORECASE)
# Where the question about a listed product starts ("… thì đăng ký bộ nào", "… thuộc nhóm").
_ASKED = re.compile(
    r"\s+(?:thì|thi|thuộc|thuoc|đăng ký|dang ky|đăng kí|dang ki|dk|chấm|cham|xếp|xep)\b.*$",
    re.IGNORECASE,
)
MAX_NAME = 4  # a listed name longer than this is a story, not a product
LONG_PLAIN = 5  # a one-word keyword without diacritics this long is not a common word
# A word typed without diacritics after one of these (folded) names a product: "trồng lúa",
# "làm mắm", "nuôi cá" (not "sp của HTX"); so does the first word of "lua thuoc nhom nao".
_MAKES = frozenset({"trong", "lam", "nuoi", "nau", "bien", "xuat", "sx"})
SHEET_MAKES = _MAKES | {"bo", "phieu", "cua"}  # "bộ chè", "phần A của rượu": a sheet's product
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
    | {("gom", "nhung"), ("gom", "co"), ("gom", "cac"), ("bao", "gom"), ("gom", "gi")}  # «gồm»
    | {("khach", "du")}  # "khách du lịch" are tourists, not a tourism service
)
# Plain words that fold from one product word only ("ruou": «rượu»; "gao": «gạo»).
_UNAMBIGUOUS = frozenset({"ruou", "gao", "rau"})
# Words after a fresh product (folded) that say it was processed, as printed: "nghêu đóng
# hộp", "ổi sấy dẻo" belong to the leaf it is processed into (``processed_into``).
_PROCESSED = {
    "dong hop": "đóng hộp",
    "dong lon": "đóng lon",
    "say": "sấy",
    "say kho": "sấy khô",
    "say deo": "sấy dẻo",
    "che bien": "chế biến",
    "len men": "lên men",
    "hun khoi": "hun khói",
    "xong khoi": "xông khói",
    "muoi chua": "muối chua",
}
_FRESH = {"tuoi": "tươi", "tuoi song": "tươi sống"}  # "nghêu tươi": the fresh one, said so
_STATE_WORDS = frozenset(k.split()[0] for k in (*_PROCESSED, *_FRESH))
# A product after these is what is made ("sấy lá vối, hoa hòe làm trà túi lọc"): the head.
_MADE_INTO = frozenset({"lam", "thanh"})
# A product after these names a sheet ("chấm theo bộ chè hay bộ khác"), not the one made.
_SET_WORDS = frozenset({"bo", "phieu"})
# A keyword of consonants only is an acronym no Vietnamese word spells ("tpcn", "tpbvsk").
_ACRONYM = re.compile(r"[b-df-hj-np-tv-xz]{3,}")
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

    def find(self, question: str, makes: frozenset[str] = _MAKES) -> ProductFound | None:
        """The product the question names (its longest catalogue keyword), if any; a plain
        one-word keyword after one of ``makes``."""
        return next(self.find_all(question, makes), None)

    def find_all(self, question: str, makes: frozenset[str] = _MAKES) -> Iterator[ProductFound]:
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
                and (
                    folded[i] in _UNAMBIGUOUS
                    or _ACRONYM.fullmatch(folded[i]) is not None
                    or _named_as_product(folded, i, makes)
                )
            ):
                yield self._in_state(leaf, " ".join(words), folded[i + n : i + n + 2])

    def _in_state(self, leaf: Leaf, name: str, after: list[str]) -> ProductFound:
        """The product named ``name`` of ``leaf``, read with the words ``after`` it (folded):
        "nghêu đóng hộp" is made from nghêu (the leaf it is processed into), "nghêu tươi" is
        the fresh one, named so."""
        for size in (2, 1):
            said = " ".join(after[:size]) if len(after) >= size else ""
            made = self.catalogue.leaf(leaf.processed_into or "") if said in _PROCESSED else None
            if made is not None:
                return ProductFound(made, f"{name} {_PROCESSED[said]}")
            if said in _FRESH and leaf.processed_into:
                return ProductFound(leaf, f"{name} {_FRESH[said]}")
        return ProductFound(leaf, name)

    def listed(self, question: str) -> list[ProductFound]:
        """The product each listed phrase of ``question`` names, once each ("muối tôm với
        tỏi ngâm": «muối tôm», «tỏi ngâm»): the one named first in its phrase, since the
        head noun comes first («si rô chanh dây» is a syrup, not a fruit)."""
        out: list[ProductFound] = []
        sets: set[str] = set()  # named as a sheet ("chấm theo bộ chè hay bộ khác")
        for phrase in _LIST.split(nfc(question)):
            words = [fold(w) for w in _WORDS.findall(phrase.lower())]
            found = list(self.find_all(phrase))
            if not found:
                continue
            made = [f for f in found if _before(words, f) in _MADE_INTO]  # «… làm trà túi lọc»
            head = min(made or found, key=lambda f: (_start(words, f), -len(f.typed)))
            if all(not _same(head, f) for f in out):  # «tương nếp», then «tương»: once
                out.append(head)
                if _before(words, head) in _SET_WORDS:
                    sets.add(head.typed)
        return [f for f in out if f.typed not in sets] or out

    def unnamed(self, question: str) -> list[str]:
        """The names listed beside a product ("bánh tét với nước cốt dừa thì đăng ký bộ
        nào") that no catalogue keyword matches, as typed: the answer must not pass over
        them in silence."""
        for clause in reversed(_CLAUSES.split(nfc(question))):
            # "… thì đăng ký bộ nào", "… thì là bộ chè hay bộ khác": the question, no name
            items = [i.strip() for i in _JOIN.split(_ASKED.sub("", clause.strip()))]
            if len(items) < 2:
                continue
            if not any(self.find(i) for i in items):
                return []  # no product listed here at all: another kind of list
            return [i for i in items if i and len(i.split()) <= MAX_NAME and not self.find(i)]
        return []


def _same(one: ProductFound, other: ProductFound) -> bool:
    """True when ``one`` names nothing ``other`` does not: the same keyword, or a part of it
    in the same leaf («tương» after «tương nếp»)."""
    if one.typed == other.typed:
        return True
    return one.leaf.id == other.leaf.id and fold(one.typed) in fold(other.typed)


def _before(words: list[str], found: ProductFound) -> str:
    """The (folded) word before the keyword ``found`` among ``words``, "" at the start."""
    start = _start(words, found)
    return words[start - 1] if 0 < start <= len(words) else ""


def _start(words: list[str], found: ProductFound) -> int:
    """Where the keyword ``found`` starts among the folded ``words``."""
    key = fold(found.typed).split()
    n = len(key)
    return next((i for i in range(len(words) - n + 1) if words[i : i + n] == key), len(words))


def _in_compound(folded: list[str], i: int) -> bool:
    """True when the one word at ``i`` is part of a common compound ("ghi nhãn" is a label,
    not the fruit; "tiêu chí", "chỉ tiêu" are no pepper; "quả thật", "củ thể")."""
    before = folded[i - 1] if i > 0 else ""
    after = folded[i + 1] if i + 1 < len(folded) else ""
    return (before, folded[i]) in _COMPOUNDS or (folded[i], after) in _COMPOUNDS


def _named_as_product(folded: list[str], i: int, makes: frozenset[str]) -> bool:
    """True when the plain word at ``i`` stands where a product is named ("trong lua",
    "lua thuoc nhom nao"), so "lua" reads as "lúa" and "cua" as "cua", not "của"."""
    if folded[i] in _PARTICLES:
        return False
    if i + 1 < len(folded) and folded[i + 1] in _STATE_WORDS:
        return True  # "ngheu tuoi", "oi say": what was done to it follows
    if i > 0:
        return folded[i - 1] in makes
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
    """True when the (normalised) question asks which group or scoring set something is in,
    or whether a product may take part at all ("đào thế, quất cảnh có OCOP được không")."""
    found = _GROUP_QUESTION.search(normalized) or _MAY_JOIN.search(normalized)
    return found is not None or asks_ministry(normalized)


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


def one_group(found: ProductFound, catalogue: Classification, t: Translate) -> tuple[str, str]:
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


def groups_answer(
    found: list[ProductFound], catalogue: Classification, t: Translate
) -> tuple[str, str, tuple[int, ...]]:
    """(title, text, scoring sets) for several products asked about together: each group of
    Phụ lục I once, with the products in it, its scoring set and ministry."""
    by_leaf: dict[str, list[ProductFound]] = defaultdict(list)
    for product in found:
        by_leaf[product.leaf.id].append(product)
    lines: list[str] = []
    for products in by_leaf.values():
        leaf = products[0].leaf
        named = t("groups.joiner").join(p.typed for p in products)
        scoring = catalogue.scoring_set(leaf.set_number)
        lines.append(t("groups.path", products=named, path=leaf.path_text()))
        lines.append(t("groups.set", number=scoring.number, name=scoring.name))
        lines.append(t("faq.group_ministry", ministries=", ".join(leaf.ministries)))
        if leaf.inferred:
            lines.append(t("faq.group_inferred"))
    lines.append(t("faq.group_check"))
    title = t("groups.title", products=t("groups.joiner").join(p.typed for p in found))
    numbers = tuple(dict.fromkeys(p[0].leaf.set_number for p in by_leaf.values()))
    return title, "\n".join(lines), numbers


def group_reply(
    products: ProductWords, question: str, normalized: str, said: str, t: Translate
) -> tuple[str, str, str] | None:
    """(title, text, source) of the group a question asks about: two products compared
    ("thịt lợn tươi với giò chả có chung một nhóm không"); else each product it lists
    ("muối tôm với tỏi ngâm thì đăng ký bộ nào"), a listed name the catalogue lacks said
    so; None when it names none, or when ``said`` (the FAQ's confident answer, "" if none)
    names every group."""
    if said and not (_GROUP_QUESTION.search(normalized) or asks_ministry(normalized)):
        return None  # "nem chua có đăng ký OCOP được không": the FAQ's entry on it answers
    listed = products.listed(question)
    catalogue = products.catalogue
    leaves = {p.leaf.id: p.leaf for p in listed}.values()
    if not listed or (
        said
        and all(
            names_group(said, f, catalogue.scoring_set(f.set_number).name, normalized)
            for f in leaves
        )
    ):
        return None
    missing = products.unnamed(question)  # "bánh tét với nước cốt dừa": the one not listed
    note = [t("groups.unnamed", names="», «".join(missing))] if missing else []
    if _MAY_JOIN.search(normalized):
        note.insert(0, t("groups.may_join"))
    if _ALSO_DOSSIER.search(normalized):  # "… thuộc nhóm nào, gửi bao nhiêu chai mẫu, nộp cho ai"
        note.append(t("groups.dossier"))
    if len(listed) > 1:
        title, text, numbers = groups_answer(listed, catalogue, t)
        text = "\n".join([text, *note])
        return title, text, t("groups.source", numbers=", ".join(map(str, numbers)))
    title, text = one_group(listed[0], catalogue, t)
    text = "\n".join([text, *note])
    return title, text, t("faq.group_source", number=listed[0].leaf.set_number)
