"""Typed option text matched to a field's choices: "htx", "cong ty", "attp, vietgap".

Owns reading a choice (or several, for a multi-choice field) from what the producer typed
instead of pressing a button. A choice is named by its label, its value, one of its
``also`` words (``knowledge/forms/registration.yaml``), a unique beginning of its label,
the words of one label only, or — in a longer message — the one label or ``also`` word it
holds ("đã có giấy ATTP rồi"). Compared folded: with or without diacritics, any case.

>>> from knowledge.forms import Choice
>>> kinds = (Choice("htx", "Hợp tác xã"), Choice("dn", "Doanh nghiệp", also=("cong ty",)))
>>> match_choice(kinds, "cong ty").value
'dn'
>>> certs = (Choice("attp", "Giấy chứng nhận ATTP", also=("attp",)), Choice("vietgap", "VietGAP"))
>>> found, unknown = match_choices(certs, "attp vietgap, iso")
>>> [c.value for c in found], unknown
(['attp', 'vietgap'], ['iso'])
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from knowledge.forms import Choice
from knowledge.text import fold

MIN_PREFIX = 3
_SEPARATORS = re.compile(r"[,;+\n/]|\s(?:và|va|với|voi|cùng|cung)\s", re.IGNORECASE)


def _names(choice: Choice) -> list[str]:
    """What names a choice, folded: its label, its value, its ``also`` words."""
    names = [fold(choice.label), choice.value, *(fold(word) for word in choice.also)]
    return [name for name in names if name]


def _holds(text: str, phrase: str) -> bool:
    """``phrase`` occurs in ``text`` as whole words."""
    return f" {phrase} " in f" {text} "


def _unique(choices: list[Choice]) -> Choice | None:
    distinct = list(dict.fromkeys(choices))
    return distinct[0] if len(distinct) == 1 else None


def match_choice(choices: Sequence[Choice], text: str) -> Choice | None:
    """The one choice ``text`` names, or None (nothing, or more than one)."""
    key = fold(text)
    if not key:
        return None
    exact = [c for c in choices if key in _names(c)]
    if exact:
        return exact[0]
    if key.isdigit():
        number = int(key)
        return choices[number - 1] if 1 <= number <= len(choices) else None
    if len(key) >= MIN_PREFIX:
        prefix = _unique([c for c in choices if fold(c.label).startswith(key)])
        if prefix is not None:
            return prefix
    inside = _unique([c for c in choices if any(_holds(name, key) for name in _names(c))])
    if inside is not None:
        return inside
    return _named_in(choices, key)


def _named_in(choices: Sequence[Choice], key: str) -> Choice | None:
    """The one choice named in a longer message; a name inside a longer one found there
    ("nhãn hiệu" in "nhãn hiệu tập thể") does not count."""
    hits = [
        (name, c)
        for c in choices
        for name in _names(c)
        if len(name) >= MIN_PREFIX and _holds(key, name)
    ]
    kept = [
        c for name, c in hits if not any(name != other and _holds(other, name) for other, _ in hits)
    ]
    return _unique(kept)


def match_choices(choices: Sequence[Choice], text: str) -> tuple[list[Choice], list[str]]:
    """Every choice named in ``text`` (parts split at commas, "và", "+", "/"), and the
    parts that name none. A part naming several ("attp vietgap") is read word by word."""
    found: list[Choice] = []
    unknown: list[str] = []
    for part in _SEPARATORS.split(text):
        key = fold(part)
        if not key:
            continue
        one = match_choice(choices, part)
        if one is not None:
            found.append(one)
            continue
        several, rest = _word_by_word(choices, key.split())
        found += several
        if rest:
            unknown.append(part.strip())
    return list(dict.fromkeys(found)), unknown


def _word_by_word(choices: Sequence[Choice], words: list[str]) -> tuple[list[Choice], bool]:
    """Longest runs of words that are a choice's name exactly; True when words were left."""
    found: list[Choice] = []
    left = False
    i = 0
    while i < len(words):
        for length in range(len(words) - i, 0, -1):
            run = " ".join(words[i : i + length])
            named = [c for c in choices if run in _names(c)]
            if named:
                found.append(named[0])
                i += length
                break
        else:
            left = True
            i += 1
    return found, left
