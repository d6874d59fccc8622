"""Star ranks named in a question against the rank of the entry chosen: "5 sao do cơ quan nào
cấp gcn" must not get the entry about 4 stars when the knowledge base has the same entry for
5 stars; "4 sao với 5 sao thì cái nào tỉnh, cái nào trung ương công nhận" gets both.

Owns reading the ranks a question names (in order, and which one is the goal of an upgrade:
"đang 3 sao muốn lên 4 sao" asks about 4) and finding an entry's siblings: entries whose id
differs only in the rank (``who-grants-4-star`` / ``who-grants-5-star``,
``four-star-requirements`` / ``five-star-requirements``, ``star-3-min`` / ``star-4-min``).
The FAQ engine (``knowledge/answers.py``) asks :func:`rank_entries` which entries answer.

>>> asked_ranks("OCOP 4 sao với 5 sao thì cái nào tỉnh công nhận")
['4', '5']
>>> asked_ranks("đang 3 sao, muốn lên 4 sao cần gì")
['4']
>>> asked_ranks("sp 3 sao muon nang hang thi lam gi")
[]
>>> asked_ranks("da dat 4 sao roi thi bao gio len duoc 5 sao")
['5']
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from knowledge.faq import FaqEntry, KnowledgeBase
from knowledge.faq_answer import FaqAnswer
from knowledge.replies import Raw
from knowledge.text import nfc, strip_marks

_WORDS = {"one": "1", "two": "2", "three": "3", "four": "4", "five": "5"}
_DIGITS = {digit: word for word, digit in _WORDS.items()}
_SPOKEN = {"mot": "1", "hai": "2", "ba": "3", "bon": "4", "nam": "5"}
_RANK = re.compile(r"\b([1-5]|mot|hai|ba|bon|nam) ?(?:sao|\*|★)(?!\w)")
_UPGRADE = re.compile(r"\b(nang|len|tu \S+ sao)\b")
_GOAL = frozenset({"len", "thanh", "nang"})  # "lên 5 sao", "lên được 5 sao"
_WISH = frozenset({"dat", "muon", "de"})  # "muốn đạt 5 sao", not "đã đạt 4 sao"
_DONE = frozenset({"da", "moi", "vua", "dang", "duoc"})


def asked_ranks(question: str) -> list[str]:
    """The star ranks a question asks about, in order, each once. In an upgrade question
    only the goal counts (the rank after "lên", "đạt"…); an upgrade that names no goal
    ("đang 3 sao muốn nâng hạng") asks about no one rank."""
    plain = " ".join(strip_marks(nfc(question)).lower().replace("-", " ").split())
    found = []
    for m in _RANK.finditer(plain):
        before = plain[: m.start()].split()[-2:]
        found.append((_SPOKEN.get(m[1], m[1]), ["", "", *before][-2:]))
    if _UPGRADE.search(plain):
        goals = [r for r, (two, one) in found if one in _GOAL or (one == "duoc" and two in _GOAL)]
        wishes = [r for r, (two, one) in found if one in _WISH and two not in _DONE]
        return (goals or wishes)[-1:]
    ranks: list[str] = []
    for rank, _ in found:
        if rank not in ranks:
            ranks.append(rank)
    return ranks


def entry_rank(entry_id: str) -> str | None:
    """The one star rank an entry's id names ("who-grants-4-star" → "4"), or None."""
    ranks = [_WORDS.get(part, part) for part in entry_id.split("-") if _is_rank(part)]
    return ranks[0] if len(ranks) == 1 else None


def sibling(kb: KnowledgeBase, entry_id: str, rank: str) -> FaqEntry | None:
    """The entry whose id is ``entry_id`` with its rank replaced by ``rank``, or None."""
    parts = [
        (_DIGITS[rank] if part in _WORDS else rank) if _is_rank(part) else part
        for part in entry_id.split("-")
    ]
    return kb.get("-".join(parts))


def rank_entries(kb: KnowledgeBase, entry: FaqEntry, question: str) -> tuple[FaqEntry, ...]:
    """The entries that answer ``question`` when the matcher chose ``entry``: the sibling
    for the rank asked instead of ``entry`` about another rank, both siblings when two ranks
    are asked; ``entry`` alone otherwise."""
    own = entry_rank(entry.id)
    if own is None:
        return (entry,)
    ranks = asked_ranks(question)
    if not ranks or len(ranks) > 2 or ranks == [own]:
        return (entry,)
    chosen = [entry if rank == own else sibling(kb, entry.id, rank) for rank in ranks]
    found = tuple(e for e in chosen if e is not None)
    return found if len(found) == len(ranks) else (entry,)


def joined(answer: FaqAnswer, second: FaqEntry, t: Callable[..., str]) -> FaqAnswer:
    """``answer`` (an entry's) followed by ``second``'s question and answer, both sources."""
    text = t(
        "ranks.both",
        first=Raw(answer.text.strip()),
        question=Raw(second.question),
        answer=Raw(second.answer.strip()),
    )
    title = t("ranks.both_title", first=Raw(answer.title), second=Raw(second.question))
    sources = tuple(dict.fromkeys((*answer.sources, *second.sources)))
    related = tuple(e for e in answer.related if e.id != second.id)
    return replace(answer, title=title, text=text, sources=sources, related=related)


def _is_rank(part: str) -> bool:
    return part in _WORDS or part in _DIGITS
