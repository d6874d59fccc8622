"""What the FAQ engine adds to its answer from the rest of the message: the star band of a
score the story gives while the message asks something else ("…được 89 điểm, vậy có được
xét lại không": the answer on re-scoring, then "89 điểm thuộc hạng 4 sao…"), and the answer
to a second question the message asks ("tương thuộc bộ nào, và hồ sơ lần đầu gồm những
gì": the group, then the dossier) when an entry answers it clearly.

Owns those two additions; the engine (``knowledge/answers.py``) builds the answer first. The
second question stays offered first among the buttons, as before.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from knowledge import focus
from knowledge.faq_answer import AnswerKind, FaqAnswer
from knowledge.matcher import MAX_QUERY_WORDS, Matcher, Verdict
from knowledge.multi_question import split_questions
from knowledge.reading import ASKED_IS_CLEAR, PRODUCT_TOPIC
from knowledge.replies import Raw
from knowledge.score_answer import score_note
from knowledge.score_sum import spell_numbers
from knowledge.stars import StarBands, find_score

Translate = Callable[..., str]
MAX_RELATED = 3


def with_score_band(question: str, answer: FaqAnswer, bands: StarBands, t: Translate) -> FaqAnswer:
    """An entry's answer to a message whose story gives one score, with that score's band
    (the context kept beside the answer); ``answer`` itself otherwise."""
    if answer.kind is not AnswerKind.ENTRY:
        return answer
    score = find_score(spell_numbers(question))
    note = score_note(bands, score, t) if score is not None else ""
    return replace(answer, text=f"{answer.text.rstrip()}\n{note}") if note else answer


def with_second(question: str, answer: FaqAnswer, matcher: Matcher, t: Translate) -> FaqAnswer:
    """``answer`` followed by the answer of the message's second question, when an entry
    answers that one clearly (its part after "cho em hỏi" read alone) and ``answer`` is not
    that entry's; the entry stays the first button."""
    if answer.kind not in (AnswerKind.ENTRY, AnswerKind.GROUP):
        return answer  # a sheet's part, a score, a date: computed for the whole message
    two = split_questions(focus.last_words(question, MAX_QUERY_WORDS))
    if len(two) < 2:
        return answer
    found = matcher.match(focus.after_ask(two[1]))
    entry = found.entry
    if entry is None or found.verdict is not Verdict.ANSWER or entry.id == answer.entry_id:
        return answer
    if found.score_coverage < ASKED_IS_CLEAR or entry.topic == PRODUCT_TOPIC:
        return answer  # "…, mất mấy ngày": too little said; a product's entry needs its product
    text = t(
        "ranks.both",
        first=Raw(answer.text.strip()),
        question=Raw(entry.question),
        answer=Raw(entry.answer.strip()),
    )
    sources = tuple(dict.fromkeys((*answer.sources, *entry.sources)))
    related = (entry, *(e for e in answer.related if e.id != entry.id))[:MAX_RELATED]
    return replace(answer, text=text, sources=sources, related=related)
