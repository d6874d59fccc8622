"""What the FAQ engine says to one question: :class:`FaqAnswer` and its :class:`AnswerKind`.

Its own module so that the parts that word a computed answer (``knowledge/legal_answer.py``)
build one without importing the engine (``knowledge/answers.py``, which re-exports both).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from knowledge.faq import FaqEntry


class AnswerKind(StrEnum):
    ENTRY = "entry"
    SCORE = "score"
    EXPIRY = "expiry"
    COMMUNE = "commune"
    CRITERION = "criterion"  # a heading of a scoring sheet, read from the sheet
    GROUP = "group"  # a product's group, read from Phụ lục I
    LEGAL = "legal"  # passages of the decision quoted verbatim (the FAQ had no entry)
    UNSURE = "unsure"
    OUT_OF_SCOPE = "out_of_scope"
    GREETING = "greeting"  # «xin chào», «alo»: never matched to an entry


@dataclass(frozen=True)
class FaqAnswer:
    """What the assistant says to one question.

    ``related`` holds the related entries of a matched answer, or the closest entries when
    the engine is unsure.
    """

    kind: AnswerKind
    question: str
    title: str = ""
    text: str = ""
    sources: tuple[str, ...] = ()
    entry_id: str | None = None
    score: float = 0.0
    related: tuple[FaqEntry, ...] = ()

    @property
    def matched(self) -> bool:
        return self.kind in (
            AnswerKind.ENTRY,
            AnswerKind.SCORE,
            AnswerKind.EXPIRY,
            AnswerKind.COMMUNE,
            AnswerKind.CRITERION,
            AnswerKind.GROUP,
            AnswerKind.LEGAL,
        )
