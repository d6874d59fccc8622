"""Wording of a dated certificate answer: the expiry, where *today* stands, and what to do.

Owns turning a :class:`~knowledge.validity.CertificateStatus` into the title and plain text
the FAQ engine returns (``knowledge/answers.py``), from the ``faq.expiry_*`` reply texts.
A question that asks whether the logo may still be used gets the verdict first ("Không được
nữa." when the certificate has expired), so a producer never reads «Có» about a lapsed one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from knowledge.validity import Asks, CertificateStatus, State, ValidityRule

TRANSITION_DAY = dt.date(2026, 5, 22)
"""The day Quyết định 26/2026/QĐ-TTg took effect (Điều 12 khoản 1: older certificates keep
their term)."""

_STATE_KEYS = {
    State.EXPIRED: "faq.expiry_state_expired",
    State.EXPIRED_GRACE: "faq.expiry_state_grace",
    State.UNCLEAR: "faq.expiry_state_unclear",
    State.AFTER_WINDOW: "faq.expiry_state_after_window",
    State.IN_WINDOW: "faq.expiry_state_in_window",
    State.BEFORE_WINDOW: "faq.expiry_state_before_window",
}
_WINDOW_STATES = frozenset({State.AFTER_WINDOW, State.IN_WINDOW, State.BEFORE_WINDOW})
_LOGO_KEYS = {
    State.EXPIRED: "faq.expiry_logo_no",
    State.EXPIRED_GRACE: "faq.expiry_logo_maybe",
    State.UNCLEAR: "faq.expiry_logo_maybe",
}
_TITLE_KEYS = {
    Asks.EXPIRY: "faq.expiry_title",
    Asks.LOGO: "faq.expiry_title_logo",
    Asks.WINDOW: "faq.expiry_title_window",
}


def day_text(day: dt.date) -> str:
    """ "6/12/2026" (Vietnamese order, no leading zeros)."""
    return f"{day.day}/{day.month}/{day.year}"


def certificate_answer(
    status: CertificateStatus,
    asks: Asks,
    rule: ValidityRule,
    t: Callable[..., str],
) -> tuple[str, str]:
    """(title, text) of the answer to a question about a certificate issued on a given date."""
    issued = status.issued.text()
    expiry = status.expiry.text()
    values = {
        "issued": issued,
        "expiry": expiry,
        "today": day_text(status.today),
        "window_from": day_text(status.window_from),
        "window_to": day_text(status.window_to),
        "grace_until": day_text(status.grace_until),
        "grace_days": rule.grace_days,
        "months": rule.months,
    }
    lines: list[str] = []
    if asks is Asks.LOGO:
        lines.append(t(_LOGO_KEYS.get(status.state, "faq.expiry_logo_yes"), **values))
    lines.append(t(_STATE_KEYS[status.state], **values))
    lines.append(t("faq.expiry_rule", **values))
    lines.append(
        t(
            "faq.expiry_window_rule",
            window_days_from=rule.window_from_days,
            window_days_to=rule.window_to_days,
        )
    )
    if status.issued.day is None and status.state in _WINDOW_STATES:
        lines.append(t("faq.expiry_approx"))
    if status.issued.first_day() < TRANSITION_DAY:
        lines.append(t("faq.expiry_transition"))
    return t(_TITLE_KEYS[asks], issued=issued), "\n".join(lines)
