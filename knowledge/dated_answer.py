"""Answers computed from a date in the question, against today: a certificate's expiry, logo
and re-evaluation window (``knowledge/validity.py``, worded by
``knowledge/certificate_answer.py``), and a dossier filed before Quyết định 26/2026 took effect
(``knowledge/transition.py``).

Owns choosing between them and building the :class:`FaqAnswer`; the FAQ engine
(``knowledge/answers.py``) asks here first, before matching entries.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from knowledge.certificate_answer import certificate_answer
from knowledge.faq import FaqEntry
from knowledge.faq_answer import AnswerKind, FaqAnswer
from knowledge.transition import SOURCE as TRANSITION_SOURCE
from knowledge.transition import find_filing, transition_answer
from knowledge.validity import (
    ValidityRule,
    find_certificate_question,
    find_remaining_question,
    status_on,
)

EXPIRY_ENTRY_ID = "certificate-expiry"
EXPIRY_RELATED = ("re-evaluation-window", "logo-after-expiry", "late-re-evaluation")
TRANSITION_ENTRY_ID = "transition-dossiers"
TRANSITION_RELATED = ("transition-certificates", "processing-time", "late-re-evaluation")

Related = Callable[[tuple[str, ...]], tuple[FaqEntry, ...]]


def dated_answer(
    question: str,
    today: dt.date,
    rule: ValidityRule,
    t: Callable[..., str],
    related: Related,
) -> FaqAnswer | None:
    """The computed answer to a question that gives a certificate's or a dossier's date, or
    None when it gives neither (the caller then checks the question is about OCOP)."""
    filing = find_filing(question)
    if filing is not None:
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
    months = rule.months
    dated = find_certificate_question(question, months) or find_remaining_question(
        question, today, months
    )
    if dated is None:
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
