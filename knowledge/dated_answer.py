"""Answers computed from a date in the question, against today: a certificate's expiry, logo
and re-evaluation window (``knowledge/validity.py``, worded by
``knowledge/certificate_answer.py``), and a dossier filed before Quyết định 26/2026 took effect
(``knowledge/transition.py``), and the provincial round a dossier filed now makes or the
national round of a 5★ dossier (``knowledge/rounds.py``).

Owns choosing between them and building the :class:`FaqAnswer`; the FAQ engine
(``knowledge/answers.py``) asks here first, before matching entries.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from knowledge.certificate_answer import certificate_answer
from knowledge.faq import FaqEntry
from knowledge.faq_answer import AnswerKind, FaqAnswer
from knowledge.rounds import (
    NATIONAL_SOURCE,
    find_national_question,
    find_round_question,
    national_answer,
    rounds_answer,
)
from knowledge.rounds import SOURCE as ROUNDS_SOURCE
from knowledge.transition import SOURCE as TRANSITION_SOURCE
from knowledge.transition import find_filing, transition_answer
from knowledge.validity import (
    ValidityRule,
    find_certificate_question,
    find_expiry_day_question,
    find_remaining_question,
    status_on,
)

EXPIRY_ENTRY_ID = "certificate-expiry"
EXPIRY_RELATED = ("re-evaluation-window", "logo-after-expiry", "late-re-evaluation")
TRANSITION_ENTRY_ID = "transition-dossiers"
TRANSITION_RELATED = ("transition-certificates", "processing-time", "late-re-evaluation")
ROUNDS_ENTRY_ID = "submit-when"
ROUNDS_RELATED = ("processing-time", "submit-where-now", "commune-role")
NATIONAL_ENTRY_ID = "five-star-rounds"
NATIONAL_RELATED = ("five-star-dossier", "who-grants-5-star", "star-5-min")

Related = Callable[[tuple[str, ...]], tuple[FaqEntry, ...]]


def dated_answer(
    question: str,
    today: dt.date,
    rule: ValidityRule,
    t: Callable[..., str],
    related: Related,
    off_topic: Callable[[str], bool],
) -> FaqAnswer | None:
    """The computed answer to a question that gives a certificate's or a dossier's date, or
    None when it gives neither or is about another subject (``off_topic``: "hôm nay" alone
    is a word of prices; a dossier filed at the commune is OCOP's)."""
    filing = find_filing(question)
    if filing is not None and not off_topic(question):
        title, text = transition_answer(filing, today, t)
        return FaqAnswer(
            AnswerKind.EXPIRY,
            question,
            title,
            text,
            (TRANSITION_SOURCE,),
            TRANSITION_ENTRY_ID,
            1.0,
            related(TRANSITION_RELATED),
        )
    filed = find_round_question(question, today)  # names the commune: never off topic
    if filed is not None:
        title, text = rounds_answer(filed, today, t)
        return FaqAnswer(
            AnswerKind.EXPIRY,
            question,
            title,
            text,
            (ROUNDS_SOURCE,),
            ROUNDS_ENTRY_ID,
            1.0,
            related(ROUNDS_RELATED),
        )
    months = rule.months
    dated = (
        find_certificate_question(question, months)
        or find_remaining_question(question, today, months)
        or find_expiry_day_question(question, today, months)
    )
    if dated is None or off_topic(question):
        return None
    status = status_on(dated.issued, rule, today)
    title, text = certificate_answer(status, dated.asks, rule, t)
    return FaqAnswer(
        AnswerKind.EXPIRY,
        question,
        title,
        text,
        (rule.source,),
        EXPIRY_ENTRY_ID,
        1.0,
        related(EXPIRY_RELATED),
    )


def national_round_answer(
    question: str, today: dt.date, t: Callable[..., str], related: Related
) -> FaqAnswer | None:
    """When the ministry scores a 5★ dossier the province proposes (on the question's date or
    today), or None. Asked before a score is read: "tỉnh chấm 92 điểm, tháng 12/2026 tỉnh gửi
    lên bộ thì bao giờ bộ chấm" asks the round, the score is its story."""
    found = find_national_question(question, today)
    if found is None:
        return None
    title, text = national_answer(*found, today, t)
    return FaqAnswer(
        AnswerKind.EXPIRY,
        question,
        title,
        text,
        (NATIONAL_SOURCE,),
        NATIONAL_ENTRY_ID,
        1.0,
        related(NATIONAL_RELATED),
    )
