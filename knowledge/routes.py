"""Two routing rules the FAQ engine (``knowledge/answers.py``) applies before and beside the
matcher: the star rank a message asks about and nothing else (alone or in its asking
clause), and whether a question may be about the points of a scoring sheet's line.

Owns only those two decisions; the engine builds the answers.
"""

from __future__ import annotations

from collections.abc import Callable

from knowledge import focus
from knowledge.faq import FaqEntry, KnowledgeBase
from knowledge.lexicon import Lexicon
from knowledge.matcher import MAX_QUERY_WORDS
from knowledge.stars import bare_star_rank

NOT_POINTS_KINDS = frozenset({"who"})  # kinds of lexicon.yaml «question_kinds»
AMOUNT_WORDS = frozenset({"bao", "may"})  # "ai … được mấy điểm" still asks for points


def asks_points(lexicon: Lexicon, normalized: str) -> bool:
    """False for a question that asks who and for no amount ("ai chịu trách nhiệm chấm
    điểm 4 sao": who scores, not the sheet line «người chịu trách nhiệm quản lý phân
    phối»)."""
    words = normalized.split()
    kinds = lexicon.kinds.of(words)
    return not kinds & NOT_POINTS_KINDS or bool(AMOUNT_WORDS & set(words))


def rank_asked(
    kb: KnowledgeBase, normalize: Callable[[str], str], question: str, normalized: str
) -> FaqEntry | None:
    """The entry of the star rank a message asks about and nothing else, alone ("OCOP 4
    sao?") or in its asking clause ("…thấy nhiều sản phẩm có tem OCOP 3 sao, vậy 3 sao có
    nghĩa là gì": the 3★ band, not the logo the story names)."""
    rank = bare_star_rank(normalized)
    if rank is None:
        clause = focus.asking_clause(focus.last_words(question, MAX_QUERY_WORDS))
        rank = bare_star_rank(normalize(focus.after_ask(clause))) if clause else None
    return kb.get(f"star-{rank}-min") if rank is not None else None
