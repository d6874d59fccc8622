"""A category typed at the product class question: "chế biến", "đồ uống", "thực phẩm sơ chế".

Owns :func:`leaves_named`: the Phụ lục I leaves whose own name, or their group's name, holds
the typed words. :meth:`knowledge.classification.Classification.sets_for_product` reads
a product name, keyword by keyword, so "che bien" (chế biến, processed) would be read as
"chè" (tea) and a word left over; a producer who types a category means the category.
Words typed without diacritics match every marking; typed with them, only their own.

>>> from knowledge.classification import load_default
>>> [leaf.id for leaf in leaves_named(load_default(), "che bien")][:3]
['fast_food', 'processed_grain', 'processed_produce']
>>> leaves_named(load_default(), "chè")
[]
"""

from __future__ import annotations

import re

from knowledge.classification import Classification, Leaf
from knowledge.text import fold, nfc

_WORD = re.compile(r"[^\W_]+")


def _words(text: str) -> list[tuple[str, str]]:
    """(as typed in lower case, folded) for each word."""
    return [(w, fold(w)) for w in _WORD.findall(nfc(text).lower())]


def _same(typed: tuple[str, str], named: tuple[str, str]) -> bool:
    return typed[1] == named[1] and (typed[0].isascii() or typed[0] == named[0])


def _holds(name: list[tuple[str, str]], typed: list[tuple[str, str]]) -> bool:
    n = len(typed)
    return any(
        all(map(_same, typed, name[start : start + n])) for start in range(len(name) - n + 1)
    )


def leaves_named(catalogue: Classification, text: str, *, min_words: int = 2) -> list[Leaf]:
    """The leaves named by ``text`` (at least ``min_words`` words), in catalogue order."""
    typed = _words(text)
    if len(typed) < min_words:
        return []
    found: list[Leaf] = []
    for sector in catalogue.sectors:
        for group in sector.groups:
            for leaf in group.leaves:
                if _holds(_words(leaf.name), typed) or _holds(_words(group.name), typed):
                    found.append(leaf)
    return found
