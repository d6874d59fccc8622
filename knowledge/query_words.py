"""Words of a question the matcher reads for their role, not their topic.

Owns which "sao" is a star rank (after a number or "mấy", "hạng", "đạt"…; otherwise "làm
sao", "thì sao"), what a question counts ("bao nhiêu xã" → "xa") and which star ranks it
names ("5 sao" → "5"). Used by ``knowledge/matcher.py``.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

_RANKS = frozenset({"1", "2", "3", "4", "5"})

# "sao" is a star only after a number or a word like "mấy", "hạng", "đạt"; otherwise it
# is "làm sao", "thì sao", "vì sao" (how, why) or a star in the sky, and is ignored.
_STAR_CONTEXT = frozenset(
    {
        "may",
        "hang",
        "nhieu",
        "mot",
        "hai",
        "ba",
        "bon",
        "nam",
        "sau",
        "bay",
        "dat",
        "len",
        "nang",
        "xep",
        "cac",
        "nhung",
        "cham",
        "giu",
        "co",
        "ocop",
        "tieng",
    }
)


# Words after "bao nhiêu"/"mấy" that are not what is counted ("bước mấy trong chu trình").
_NOT_COUNTED = frozenset({"trong", "tren", "duoi", "o", "tu", "den", "cua", "voi", "cho", "thi"})


def counted_words(tokens: Sequence[str]) -> list[str]:
    """What a question counts: "bao nhiêu xã" → ["xa"], "mấy người" → ["nguoi"].

    An answer that never names what is counted does not answer the question.
    """
    found = []
    for i, token in enumerate(tokens[:-1]):
        after = tokens[i + 1]
        asks = token == "may" or (token == "nhieu" and i > 0 and tokens[i - 1] == "bao")
        if asks and not after.isdigit() and after not in _NOT_COUNTED:
            found.append(after)
    return found


def drop_non_star_sao(tokens: Sequence[str]) -> list[str]:
    """``tokens`` without the "sao" that does not mean a star rank."""
    return [
        t
        for i, t in enumerate(tokens)
        if t != "sao" or (i > 0 and (tokens[i - 1].isdigit() or tokens[i - 1] in _STAR_CONTEXT))
    ]


def named_stars(tokens: Sequence[str]) -> frozenset[str]:
    """The star ranks named by a digit before "sao": "5 sao do ai công nhận" → {"5"}."""
    return frozenset(t for t, after in pairwise(tokens) if after == "sao" and t in _RANKS)
