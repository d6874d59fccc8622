"""The engine's answer about a product's group (``AnswerKind.GROUP``), and two products compared.

Each product's place is found and worded by ``knowledge/product_groups.py`` from Phụ lục I.
Owns the answer the engine gives, and two products compared ("thịt lợn tươi với giò chả có
chung một nhóm không", "nghêu tươi với nghêu đóng hộp có chấm chung một bộ không"):
recognising such a question (two different products named, and "chung/cùng/khác/giống một
nhóm/bộ") and wording it (texts ``group_compare.*``): each product's place, whether the group
and the set are the same. Pure.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from knowledge.classification import Classification
from knowledge.faq import FaqEntry
from knowledge.faq_answer import AnswerKind, FaqAnswer
from knowledge.product_groups import ProductFound, ProductWords, group_reply
from knowledge.text import fold

Translate = Callable[..., str]
GROUP_ENTRY_ID = "product-group-catalogue"
# Two products compared: "thịt lợn tươi với giò chả có chung một nhóm không"
_COMPARE = re.compile(r"\b(?:chung|cung|khac|giong) (?:mot |1 )?(?:nhom|nganh|bo)\b")


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


def group_answer(
    products: ProductWords,
    question: str,
    normalized: str,
    said: FaqAnswer,
    t: Translate,
    related: tuple[FaqEntry, ...],
) -> FaqAnswer:
    """The product's group from Phụ lục I as the engine's answer: two products compared, else
    each one listed, unless the FAQ's answer ``said`` names it."""
    pair = two_products(products, question, normalized)
    if pair is not None:  # "thịt lợn tươi với giò chả có chung một nhóm không"
        title, text, source = compare_answer(pair, products.catalogue, t)
        return FaqAnswer(
            AnswerKind.GROUP, question, title, text, (source,), GROUP_ENTRY_ID, 1.0, related
        )
    found = group_reply(products, question, normalized, said.text if said.matched else "", t)
    if found is None:
        return said
    title, text, source = found
    return FaqAnswer(
        AnswerKind.GROUP, question, title, text, (source,), GROUP_ENTRY_ID, 1.0, related
    )
