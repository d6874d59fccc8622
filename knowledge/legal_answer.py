"""Saying passages of the decision: the answer when no FAQ entry fits a question about
OCOP, or the rule's own words under an entry whose answer does not already say them.

Owns the wording (texts ``faq.legal_*``), the reading of a long message (its asked part
first, ``knowledge/focus.py``) and the rule for adding a quote under an entry: only passages
whose words the entry's answer does not mostly hold, found with the stricter coverage and
length of :data:`knowledge.legal.QUOTE_COVERAGE` and ``QUOTE_WORDS``. The index is
``knowledge/legal.py``. Pure.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace

from knowledge import focus
from knowledge.faq_answer import AnswerKind, FaqAnswer
from knowledge.legal import (
    DOCUMENT,
    MIN_WORDS,
    QUOTE_COVERAGE,
    QUOTE_WORDS,
    LegalIndex,
    Passage,
)
from knowledge.matcher import MAX_QUERY_WORDS

Translate = Callable[..., str]
ENTRY_ID = "legal-passage"  # the answer's id for votes and the officers' list
MAX_WORDS = MAX_QUERY_WORDS  # words of a long message read (its end), as the FAQ reads
MAX_ADDED = 2  # passages added under an entry
TOLD = 0.7  # share of a passage's words an answer holds when it already says the passage


def find_for(
    legal: LegalIndex, question: str, coverage: float | None = None, words: int = MIN_WORDS
) -> tuple[Passage, ...]:
    """The passages ``question`` is about: its asked part («…, cho em hỏi …») first."""
    read = focus.last_words(question, MAX_WORDS)
    asked = focus.asked_part(read)
    found = legal.find(asked, coverage, words) if asked else ()
    return found or legal.find(read, coverage, words)


def quote(t: Translate, passage: Passage) -> str:
    body = f"{passage.lead} … {passage.text}" if passage.lead else passage.text
    return t("faq.legal_quote", place=passage.place, title=passage.title, text=body)


def source(t: Translate, passages: Iterable[Passage]) -> str:
    places = ", ".join(dict.fromkeys(p.place for p in passages))
    return str(t("faq.legal_source", document=DOCUMENT, places=places))


def answer_text(t: Translate, passages: tuple[Passage, ...]) -> str:
    """The whole answer when no entry fits: what it is, the quotes, the way to an officer."""
    lines = [t("faq.legal_intro"), *(quote(t, p) for p in passages), t("faq.legal_check")]
    return "\n\n".join(lines)


def untold(legal: LegalIndex, passages: Iterable[Passage], said: str) -> tuple[Passage, ...]:
    """The passages whose words the answer ``said`` does not mostly hold already."""
    words = legal.words_of(said)
    out = []
    for p in passages:
        own = legal.words_of(p.text) - legal.stop
        if own and len(own - words) > (1 - TOLD) * len(own):
            out.append(p)
    return tuple(out[:MAX_ADDED])


def appendix(t: Translate, passages: tuple[Passage, ...]) -> str:
    """The quotes added under an entry's answer."""
    return "\n\n".join([t("faq.legal_appendix"), *(quote(t, p) for p in passages)])


def instead_of(
    legal: LegalIndex | None, t: Translate, question: str, unsure: FaqAnswer
) -> FaqAnswer | None:
    """Passages quoted when the FAQ was unsure (never for an off-topic question)."""
    if legal is None or unsure.kind is not AnswerKind.UNSURE:
        return None
    found = find_for(legal, question)
    if not found:
        return None
    return FaqAnswer(
        AnswerKind.LEGAL,
        question,
        t("faq.legal_title"),
        answer_text(t, found),
        (source(t, found),),
        ENTRY_ID,
        unsure.score,
        unsure.related,
    )


def under(legal: LegalIndex | None, t: Translate, question: str, answer: FaqAnswer) -> FaqAnswer:
    """An entry's answer with the decision's own words of a passage it does not say."""
    if legal is None or answer.kind is not AnswerKind.ENTRY:
        return answer
    added = untold(legal, find_for(legal, question, QUOTE_COVERAGE, QUOTE_WORDS), answer.text)
    if not added:
        return answer
    text = f"{answer.text}\n\n{appendix(t, added)}"
    return replace(answer, text=text, sources=(*answer.sources, source(t, added)))
