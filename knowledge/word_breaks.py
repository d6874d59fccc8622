"""Words typed together or apart: "maybo hoso" is "mấy bộ hồ sơ", "oc op" is "ocop".

Owns splitting one word into two or three words of the knowledge base's vocabulary (their
pairs as the knowledge base uses them) and joining two neighbours into one word of it, and
the shape of a Vietnamese syllable (:func:`is_syllable`, :func:`unify_iy`), which both need.
The normaliser (``knowledge/normalize.py``) calls it for words it does not know; each call
is linear in the word's length times the parts of it that are words.

>>> b = WordBreaks({"ho": 40, "so": 40, "hoso": 2, "ocop": 9}, {("ho", "so"): 30}, {})
>>> b.split("hoso"), b.joined(["oc", "op"])
(('ho', 'so'), ['ocop'])
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from itertools import pairwise

VOWELS = frozenset("aeiouy")
# A folded Vietnamese syllable: optional initial, 1–3 vowels, optional final consonant.
_SYLLABLE = re.compile(
    r"^(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnpqrstvx])?[aeiouy]{1,3}(ng|nh|ch|[cmnpt])?$"
)
SPLIT_MIN = 2  # letters each half of a word typed together must have ("maybo" → "may bo")
SPLIT_RARE = 10  # a known word is split only when its pair is this many times as common


def unify_iy(word: str) -> str:
    """A syllable-final "y" after a consonant becomes "i": "ky" → "ki", "my" → "mi"."""
    if len(word) >= 2 and word[-1] == "y" and word[-2] not in VOWELS and word.isalpha():
        return word[:-1] + "i"
    return word


def is_syllable(word: str) -> bool:
    """True when ``word`` (folded) has the shape of one Vietnamese syllable.

    Doubled vowels (aa, ee, oo) count as Telex keys: "xoong" is rare, "khoong" is common.
    """
    return bool(_SYLLABLE.match(word)) and not any(d in word for d in ("aa", "ee", "oo"))


@dataclass(frozen=True)
class WordBreaks:
    """The vocabulary (word → count), its adjacent pairs (→ count) and the abbreviations."""

    vocab: Mapping[str, int]
    pairs: Mapping[tuple[str, str], int]
    expand: Mapping[str, tuple[str, ...]]

    def known(self, word: str) -> bool:
        return unify_iy(word) in self.vocab

    def joined(self, words: list[str]) -> list[str]:
        """A term split by a stray space joined again ("oc op" → "ocop", "viet gap"): two
        neighbours, one of them no word, that make a word of the vocabulary that is no
        Vietnamese syllable (two syllables typed apart are two words)."""
        if not self.vocab:
            return words
        vocab, expand = self.vocab, self.expand
        known = [w in vocab or w in expand for w in words]  # each word looked up once
        if all(known):
            return words  # nothing to join: every pair has two known words
        out: list[str] = []
        i = 0
        while i < len(words):
            word = words[i]
            if i + 1 < len(words) and not (known[i] and known[i + 1]):
                joined = word + words[i + 1]
                term = joined.isalpha() and not is_syllable(joined)  # "ocop", not "giu"
                if term and unify_iy(joined) in vocab:
                    out.append(joined)
                    i += 2
                    continue
            out.append(word)
            i += 1
        return out

    def split(self, word: str) -> tuple[str, ...] | None:
        """Words typed together ("maybo" → "may bo", "thutucdangky" → "thu tuc dang ky"):
        two or three parts, each a word of the vocabulary or an abbreviation ("dkocop"),
        each adjacent two a pair of the knowledge base or two syllables. Most pairs of the
        knowledge base win, then fewer parts, then the commonest pair. A word of the
        vocabulary is split only into pairs of the knowledge base :data:`SPLIT_RARE` times
        as common as itself ("/hoso", a command, against "hồ sơ"); "vietgap" stays whole."""
        n = len(word)
        if n < 2 * SPLIT_MIN or (self.known(word) and not self.pairs):
            return None
        best: tuple[tuple[int, int, int], tuple[str, ...]] | None = None
        for parts in self._splits(word):
            rank = self._split_rank(parts)
            if rank is not None and (best is None or rank > best[0]):
                best = (rank, parts)
        if best is None:
            return None
        (pairs, _, seen), parts = best
        if self.known(word):
            rare = SPLIT_RARE * self.vocab[unify_iy(word)]
            if pairs != len(parts) - 1 or seen < rare:
                return None
        return parts

    def _splits(self, word: str) -> Iterator[tuple[str, ...]]:
        """The ways to cut ``word`` in two or three parts that are each a word (linear in
        its length times the parts that are words, not cubic)."""
        n = len(word)
        for i in range(SPLIT_MIN, n - SPLIT_MIN + 1):
            first = unify_iy(word[:i])
            if not self.part(first):
                continue
            yield first, unify_iy(word[i:])
            for j in range(i + SPLIT_MIN, n - SPLIT_MIN + 1):
                second = unify_iy(word[i:j])
                if self.part(second):
                    yield first, second, unify_iy(word[j:])

    def part(self, word: str) -> bool:
        return word in self.vocab or word in self.expand

    def _split_rank(self, parts: tuple[str, ...]) -> tuple[int, int, int] | None:
        """(pairs of the knowledge base, −parts, commonest pair) of one way to split a word,
        or None when a part is no word or two adjacent parts do not go together."""
        expand = self.expand
        if not self.part(parts[-1]):
            return None
        found = seen = 0
        for first, second in pairwise(parts):
            count = self.pairs.get((first, second), 0)
            if count:
                found, seen = found + 1, max(seen, count)
                continue
            syllables = is_syllable(first) and is_syllable(second)
            if not (syllables or first in expand or second in expand):
                return None
        return found, -len(parts), seen
