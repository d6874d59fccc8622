"""Reading the time an officer types to schedule an announcement (Vietnam time, UTC+7).

Owns parsing only. Accepted: ``07:30``, ``7h30``, ``7h`` (today, or tomorrow when that
time has passed), ``20/12 08:00``, ``08:00 20/12``, ``20/12/2026 8h``, ``mai 7h``.

>>> from datetime import datetime
>>> now = datetime(2026, 12, 1, 10, 0, tzinfo=VN_TZ)
>>> parse_when("7h30", now).isoformat()
'2026-12-02T07:30:00+07:00'
>>> parse_when("20/12 08:00", now).isoformat()
'2026-12-20T08:00:00+07:00'
>>> parse_when("hôm qua", now) is None
True
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from bot.broadcast.planner import VN_TZ
from knowledge.text import strip_marks

_TIME = re.compile(r"(?<![\d/])(\d{1,2})\s*(?::|h|gio)\s*(\d{2})?(?![\d/])")
_DATE = re.compile(r"(?<!\d)(\d{1,2})[/-](\d{1,2})(?:[/-](\d{2,4}))?(?!\d)")


def parse_when(text: str, now: datetime) -> datetime | None:
    """The moment meant by ``text`` (aware, Vietnam time), or None when unreadable."""
    plain = strip_marks(text).lower()
    local_now = now.astimezone(VN_TZ)
    time_match = _TIME.search(plain)
    if time_match is None:
        return None
    hour, minute = int(time_match.group(1)), int(time_match.group(2) or 0)
    if hour > 23 or minute > 59:
        return None
    date_match = _DATE.search(plain)
    if date_match is not None:
        day, month = int(date_match.group(1)), int(date_match.group(2))
        year = int(date_match.group(3)) if date_match.group(3) else local_now.year
        if year < 100:
            year += 2000
        try:
            moment = datetime(year, month, day, hour, minute, tzinfo=VN_TZ)
        except ValueError:
            return None
        if date_match.group(3) is None and moment < local_now:
            moment = moment.replace(year=year + 1)
        return moment
    moment = local_now.replace(hour=hour, minute=minute, second=0, microsecond=0)
    if re.search(r"\bmai\b", plain) or moment <= local_now:
        moment += timedelta(days=1)
    return moment
