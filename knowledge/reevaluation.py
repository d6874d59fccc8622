"""Re-evaluation dates of an OCOP certificate, and which reminder is due on a given day.

Owns the date arithmetic of QĐ 26/2026/QĐ-TTg: a certificate is valid 36 months from the day
the decision is issued (Điều 4 khoản 3); the dossier for re-evaluation is filed **no earlier
than 180 and no later than 120 days** before that expiry (Điều 7 khoản 6). The three reminders
(issue #12, item 5) are: the window opens (180 days before expiry), 30 days before it closes
(150 days before expiry), and the expiry itself. Pure: no clock (``today`` is always given),
no wording, no storage.

The expiry is the issue date plus 36 months (a 29/2 or 31st falls back to the month's last
day), as the FAQ's expiry answer computes it (``knowledge/validity.py``).

>>> dates = reevaluation_dates(date(2024, 3, 15))
>>> [str(d) for d in (dates.expiry, dates.opens, dates.nudge, dates.closes)]
['2027-03-15', '2026-09-16', '2026-10-16', '2026-11-15']
>>> due_stage(dates, date(2026, 9, 16), done=set())
<Stage.OPENS: 'opens'>
>>> due_stage(dates, date(2026, 10, 20), done={Stage.OPENS})
<Stage.CLOSING: 'closing'>
"""

from __future__ import annotations

import calendar
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

VALID_MONTHS = 36  # Điều 4 khoản 3
OPENS_DAYS = 180  # Điều 7 khoản 6: "không sớm hơn 180 ngày"
CLOSES_DAYS = 120  # Điều 7 khoản 6: "không muộn hơn 120 ngày"
NUDGE_DAYS = 30  # the reminder before the window closes (issue #12)
EXPIRY_GRACE_DAYS = 30  # an expiry reminder later than this after the day is not sent
CERTIFICATE_DATE_FIELDS = ("certificate_date", "cert_date")
"""Registration fields that may hold the certificate's issue date (newest form first)."""
SOURCE = "Quyết định 26/2026/QĐ-TTg, Điều 4 khoản 3 và Điều 7 khoản 6"


class Stage(StrEnum):
    """One reminder of a certificate; the values are stored (never change them)."""

    OPENS = "opens"
    CLOSING = "closing"
    EXPIRY = "expiry"


class Phase(StrEnum):
    """Where a certificate stands on a given day."""

    BEFORE = "before"  # the window has not opened yet
    OPEN = "open"  # the dossier may be filed now
    CLOSED = "closed"  # too late to file in the window, not yet expired
    EXPIRED = "expired"


def add_months(day: date, months: int) -> date:
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class ReevaluationDates:
    issued: date
    expiry: date
    opens: date  # first day to file
    closes: date  # last day to file
    nudge: date  # the reminder NUDGE_DAYS before ``closes``

    def stage_day(self, stage: Stage) -> date:
        return {Stage.OPENS: self.opens, Stage.CLOSING: self.nudge, Stage.EXPIRY: self.expiry}[
            stage
        ]

    def stale_from(self, stage: Stage) -> date:
        """The first day on which ``stage``'s message would be wrong or pointless."""
        if stage is Stage.OPENS:
            return self.nudge
        if stage is Stage.CLOSING:
            return self.closes + timedelta(days=1)
        return self.expiry + timedelta(days=EXPIRY_GRACE_DAYS + 1)

    def phase(self, today: date) -> Phase:
        if today >= self.expiry:
            return Phase.EXPIRED
        if today > self.closes:
            return Phase.CLOSED
        if today >= self.opens:
            return Phase.OPEN
        return Phase.BEFORE


def reevaluation_dates(issued: date) -> ReevaluationDates:
    """The dates of a certificate issued on ``issued``."""
    expiry = add_months(issued, VALID_MONTHS)
    closes = expiry - timedelta(days=CLOSES_DAYS)
    return ReevaluationDates(
        issued=issued,
        expiry=expiry,
        opens=expiry - timedelta(days=OPENS_DAYS),
        closes=closes,
        nudge=closes - timedelta(days=NUDGE_DAYS),
    )


def past_stages(dates: ReevaluationDates, today: date) -> list[Stage]:
    """The stages whose day has come (a reminder set up today need not send those: the
    chat has just told the producer where things stand)."""
    return [s for s in Stage if dates.stage_day(s) <= today]


def due_stage(dates: ReevaluationDates, today: date, done: Collection[Stage]) -> Stage | None:
    """The one reminder to send today: the latest stage whose day has come, not yet done and
    not stale. Earlier stages left undone are superseded (see :func:`missed_stages`)."""
    for stage in reversed(list(Stage)):
        if dates.stage_day(stage) <= today:
            if stage in done or today >= dates.stale_from(stage):
                return None
            return stage
    return None


def missed_stages(dates: ReevaluationDates, today: date, done: Collection[Stage]) -> list[Stage]:
    """Stages never sent whose time is over (stale, or a later stage is due): recorded as
    missed so that they are never sent late."""
    due = due_stage(dates, today, done)
    out = []
    for stage in Stage:
        if stage in done or dates.stage_day(stage) > today or stage is due:
            continue
        out.append(stage)
    return out
