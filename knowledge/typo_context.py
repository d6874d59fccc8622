"""A misspelt word that still looks like a syllable, read from its neighbours: "xáp nhập" is
"sáp nhập", "từ ngya nào" is "từ ngày nào".

The normaliser (``knowledge/normalize.py``) repairs only words that are no Vietnamese
syllable; a slip that leaves a syllable ("ngya", two letters swapped) or a spelling of the
speaker's dialect ("xáp" for "sáp", "chách" for "trách", "nàm" for "làm") stays as typed, so the
question loses its rarest word. This module owns the second chance: a word outside the
knowledge base's vocabulary becomes a word of it when that word and a neighbour make a word
pair the knowledge base itself uses (:data:`PAIR_MIN` times at least). Without such a pair
nothing changes: "xóm" next to "trong" stays "xóm".

Candidates are two adjacent letters swapped, one vowel left out, and the sound-alike
spellings Vietnamese writers confuse (the initials s/x, ch/tr, d/gi/r, l/n; the finals
n/ng, c/t).

>>> pairs = {("sap", "nhap"): 3}
>>> repair_in_context(["xap", "nhap"], {"sap": 5, "nhap": 5}.__contains__, pairs)
['sap', 'nhap']
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from knowledge.text import fold
from knowledge.word_breaks import is_syllable, unify_iy

PAIR_MIN = 2  # times the knowledge base writes a pair before a typed word is read as it
INITIALS = (("s", "x"), ("ch", "tr"), ("d", "gi", "r"), ("l", "n"))
FINALS = (("ng", "n"), ("c", "t"))
_ORDERED_INITIALS = sorted((i for group in INITIALS for i in group), key=len, reverse=True)


def _alike(word: str) -> set[str]:
    """``word`` with its initial or its final consonant spelt as it sounds alike."""
    out: set[str] = set()
    start = next((i for i in _ORDERED_INITIALS if word.startswith(i)), None)
    if start is not None:
        rest = word[len(start) :]
        group = next(g for g in INITIALS if start in g)
        out.update(other + rest for other in group if other != start)
    for group in FINALS:
        end = next((f for f in group if word.endswith(f)), None)
        if end is not None:
            stem = word[: len(word) - len(end)]
            out.update(stem + other for other in group if other != end)
            break
    return out


def candidates(word: str) -> set[str]:
    """Spellings ``word`` may have been meant as (swaps, a vowel left out, sound-alikes)."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    swaps = {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    inserts = {a + v + b for a, b in splits for v in "aeiouy"}
    return {unify_iy(c) for c in swaps | inserts | _alike(word)} - {word}


def repair_in_context(
    words: Sequence[str],
    known: Callable[[str], bool],
    pairs: Mapping[tuple[str, str], int],
    budget: Callable[[], bool] = lambda: True,
    usable: Callable[[str], bool] | None = None,
) -> list[str]:
    """``words`` with each word that is not ``known`` replaced by the candidate (a word that
    is ``usable``, default ``known``) that makes the commonest knowledge-base pair with a
    neighbour, when one does. ``budget`` is asked before each word is tried (False: leave
    the rest as typed)."""
    usable = usable or known
    out = list(words)
    for i, word in enumerate(out):
        if known(word) or not word.isalpha() or len(word) < 2 or not is_syllable(word):
            continue
        if not budget():
            break
        before = out[i - 1] if i > 0 else ""
        after = out[i + 1] if i + 1 < len(out) else ""
        best, seen = "", PAIR_MIN - 1
        for c in sorted(candidates(word)):
            if not is_syllable(c) or not usable(c):
                continue
            count = max(pairs.get((before, c), 0), pairs.get((c, after), 0))
            if count > seen:
                best, seen = c, count
        if best:
            out[i] = best
    return out


def spelled_words(folder: Path, *files: Path) -> frozenset[str]:
    """The words (folded) of the YAML files in ``folder`` and of ``files`` that exist: the
    scoring sheets and the decision spell words the FAQ never uses ("tinh xảo"), which are
    then never read as a misspelling of a word of the FAQ."""
    paths = [*sorted(folder.glob("*.yaml")), *files] if folder.is_dir() else list(files)
    words: set[str] = set()
    for path in paths:
        if path.is_file():
            words.update(w for w in fold(path.read_text(encoding="utf-8")).split() if w.isalpha())
    return frozenset(unify_iy(w) for w in words)
