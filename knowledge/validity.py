"""Certificate dates against today: "giấy cấp tháng 5/2022, bao giờ hết hạn / còn dùng logo
được không / khi nào nộp đánh giá lại?" → the expiry, whether it has passed *today*, and the
re-evaluation window (from … to …).

Owns reading ``knowledge/validity.yaml`` (36 months from the recognition decision; the
re-evaluation dossier is filed no earlier than 180 and no later than 120 days before expiry;
the transition extension of at most 180 days after expiry), finding an issue date and what
is asked about it in a question, and the arithmetic (:func:`status_on`). It does not word
the answer; the FAQ engine does that from the reply texts.

>>> find_issue_date("giấy cấp tháng 3/2023, bao giờ hết hạn")
IssueDate(day=None, month=3, year=2023)
>>> find_issue_date("cap 6/2022 thi den khi nao het han").plus_months(36).text()
'tháng 6/2025'
>>> find_issue_date("sau 1/7/2025 ai cham diem") is None
True
>>> find_certificate_question("sp cua e dat 3 sao nam 2021 gio con dung logo dc ko").asks
<Asks.LOGO: 'logo'>
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

import yaml

from knowledge.text import nfc, strip_marks

_EXPIRY = re.compile(
    r"\b(het han|het hieu luc|con han|con hieu luc|den khi nao|den bao gio|bao gio het|"
    r"khi nao het|co han|thoi han|con gia tri|het gia tri|het date|het thoi han)\b"
    r"|\b(gcn|giay chung nhan|chung nhan)\b.*\b(thi sao|the nao)\b"  # "gcn tháng 12/2023 thì sao"
    r"|\b(la het|het a|het ah|het chua|het roi|het luon|bi het)\b"  # "đến tháng 12 là hết à"
    r"|\b(?:doi|cap doi|lam lai) (?:giay|gcn|chung nhan|qd|quyet dinh)\b"  # after the merger
)
_LOGO = re.compile(
    r"\b(logo|tem ocop|nhan ocop|in ocop|con la (san pham )?ocop|van la (san pham )?ocop|"
    r"con (duoc )?cong nhan|con (dung|xai|in|dan) (duoc|dc)|con (duoc|dc) (dung|xai|in|dan)|"
    r"con sao|mat sao)\b"
)
_WINDOW = re.compile(
    r"\b(danh gia lai|cong nhan lai|xet lai|phan hang lai|cham lai|nop lai|gia han|cap lai|"
    r"lam lai)\b"
)
# A date of a rule, not of a certificate: "qđ 148 năm 2023", "thông tư … 2024", "giai đoạn".
_NOT_A_CERTIFICATE = re.compile(
    r"\b((quyet dinh|qd|thong tu|nghi dinh|nghi quyet|tt|nd|nq) (so )?\d{2,4}|giai doan|"
    r"ke hoach|chuong trinh|muc tieu|festival|hoi cho|may (sp|san pham)|bao nhieu|co may|"
    # "đạt 3 sao từ 2024, muốn nâng lên 4 sao": an upgrade; "(mới) lên 4 sao tháng 7/2026" is
    # not (a date follows, or "mới", "vừa", "đã", "được" comes before)
    r"nang (len|hang)|(?<!moi )(?<!vua )(?<!da )(?<!duoc )len \d sao"
    r"(?! (?:tu |vao |hoi |nam |thang )?\d)|"
    # the days the rules changed, "trước 22/5/2026" (QĐ 26/2026), "sau 1/7/2025" (no districts)
    r"(truoc|sau|tu) (ngay )?(22[/.-]0?5[/.-]2026|0?1[/.-]0?7[/.-]2025))\b"
)
# Another paper's date ("phiếu kiểm nghiệm", "giấy ATTP"), unless the OCOP certificate is named.
_OTHER_PAPER = re.compile(
    r"\b(kiem nghiem|an toan thuc pham|attp|dang ky kinh doanh|dkkd|ma vach|cong bo|hop dong)\b"
)
_CERTIFICATE = re.compile(r"\b(giay chung nhan|gcn|chung nhan ocop|giay cn|\d sao)\b")
_EXPIRY_BEFORE = re.compile(r"(het han|het hieu luc|han den|han toi|co han|han la)\W*\w*\W*$")
_PUNCT = re.compile(r"[^\w\s/.-]|_")
_DATE_VERBS = re.compile(r"\b(nop|cap|dat|len|cong nhan|het han|het hieu luc)\b")
_DAY_MONTH_YEAR = re.compile(r"\b(\d{1,2})[/.-](\d{1,2})[/.-]((?:19|20)\d\d)\b")
_MONTH_YEAR = re.compile(r"\b(\d{1,2})[/.-]((?:19|20)\d\d)\b")
_MONTH_WORDS = re.compile(r"\bthang (\d{1,2})(?: nam| )\s*((?:19|20)\d\d)\b")
_DAY_WORDS = re.compile(r"\bngay (\d{1,2}) thang (\d{1,2})(?: nam| )\s*((?:19|20)\d\d)\b")
_YEAR = re.compile(r"\b(?:nam|tu|hoi|cap|dat|duoc|sao|ocop) ((?:19|20)\d\d)\b")


class Asks(StrEnum):
    """What a dated question asks."""

    EXPIRY = "expiry"  # when does it expire / is it still valid
    LOGO = "logo"  # may the logo still be used, is it still OCOP
    WINDOW = "window"  # when to file the re-evaluation


class State(StrEnum):
    """Where today stands against a certificate's dates."""

    BEFORE_WINDOW = "before_window"
    IN_WINDOW = "in_window"
    AFTER_WINDOW = "after_window"  # window closed, certificate still valid
    EXPIRED_GRACE = "expired_grace"  # expired less than the transition extension ago
    EXPIRED = "expired"
    UNCLEAR = "unclear"  # only the year is known and it is this year's expiry


@dataclass(frozen=True)
class IssueDate:
    day: int | None
    month: int | None
    year: int

    def plus_months(self, months: int) -> IssueDate:
        if self.month is None:
            return IssueDate(None, None, self.year + months // 12)
        index = self.month - 1 + months
        year, month = self.year + index // 12, index % 12 + 1
        day = None
        if self.day is not None:
            day = min(self.day, calendar.monthrange(year, month)[1])
        return IssueDate(day, month, year)

    def text(self) -> str:
        """Vietnamese: "ngày 15/3/2026", "tháng 3/2026" or "năm 2026"."""
        if self.day is not None and self.month is not None:
            return f"ngày {self.day}/{self.month}/{self.year}"
        if self.month is not None:
            return f"tháng {self.month}/{self.year}"
        return f"năm {self.year}"

    def first_day(self) -> dt.date:
        """The earliest day this (maybe partial) date can be."""
        return dt.date(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> dt.date:
        """The latest day this (maybe partial) date can be."""
        month = self.month or 12
        day = self.day or calendar.monthrange(self.year, month)[1]
        return dt.date(self.year, month, day)


@dataclass(frozen=True)
class ValidityRule:
    months: int
    notice_days: int
    source: str
    window_from_days: int = 180
    window_to_days: int = 120
    grace_days: int = 180

    @classmethod
    def load(cls, path: Path) -> ValidityRule:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        return cls(
            int(data["months"]),
            int(data["notice_days"]),
            str(data["source"]),
            int(data.get("window_from_days", 180)),
            int(data.get("window_to_days", 120)),
            int(data.get("grace_days", 180)),
        )


@dataclass(frozen=True)
class CertificateQuestion:
    issued: IssueDate
    asks: Asks


@dataclass(frozen=True)
class CertificateStatus:
    """A certificate's dates and where ``today`` stands. For a partial issue date the
    bounds are the widest: the window opens at ``window_from`` at the earliest and closes at
    ``window_to`` at the latest."""

    issued: IssueDate
    expiry: IssueDate
    today: dt.date
    window_from: dt.date
    window_to: dt.date
    expires_first: dt.date
    expires_last: dt.date
    grace_until: dt.date
    state: State


def status_on(issued: IssueDate, rule: ValidityRule, today: dt.date) -> CertificateStatus:
    """Where ``today`` stands for a certificate issued on ``issued``."""
    expiry = issued.plus_months(rule.months)
    first, last = expiry.first_day(), expiry.last_day()
    window_from = first - dt.timedelta(days=rule.window_from_days)
    window_to = last - dt.timedelta(days=rule.window_to_days)
    grace_until = last + dt.timedelta(days=rule.grace_days)
    if today > grace_until:
        state = State.EXPIRED
    elif today > last:
        state = State.EXPIRED_GRACE
    elif today >= first:
        state = State.UNCLEAR
    elif today > window_to:
        state = State.AFTER_WINDOW
    elif today >= window_from:
        state = State.IN_WINDOW
    else:
        state = State.BEFORE_WINDOW
    return CertificateStatus(
        issued, expiry, today, window_from, window_to, first, last, grace_until, state
    )


def find_issue_date(text: str) -> IssueDate | None:
    """The issue date in a question about when a certificate expires, or None."""
    found = find_certificate_question(text)
    return found.issued if found is not None else None


def find_certificate_question(text: str, months: int = 36) -> CertificateQuestion | None:
    """The issue date and what is asked about it (expiry, logo, re-evaluation), or None when
    the text gives no certificate date or asks nothing that depends on one. A date written
    right after "hết hạn" is the expiry; the issue date is then ``months`` before it."""
    plain = plain_text(text)
    if _WINDOW.search(plain):
        asks = Asks.WINDOW
    elif _LOGO.search(plain):
        asks = Asks.LOGO
    elif _EXPIRY.search(plain):
        asks = Asks.EXPIRY
    else:
        return None
    if _NOT_A_CERTIFICATE.search(plain):
        return None
    if _OTHER_PAPER.search(plain) and not _CERTIFICATE.search(plain):
        return None  # "phiếu kiểm nghiệm làm từ tháng 10/2025 còn dùng được không"
    found = _date_in(plain)
    if found is None:
        return None
    date, start = found
    if filed_at(plain, start):
        return None  # "hồ sơ nộp từ tháng 4/2026": a dossier's date (knowledge/transition.py)
    if _EXPIRY_BEFORE.search(plain[max(0, start - 24) : start]):
        # "hết hạn tháng 3/2026": the date given is the expiry, not the issue date.
        date = date.plus_months(-months)
    return CertificateQuestion(date, asks)


def plain_text(text: str) -> str:
    """``text`` as the date readers see it: lower case, no marks, no punctuation but / . -"""
    return " ".join(_PUNCT.sub(" ", strip_marks(nfc(text)).lower()).split())


def filed_at(plain: str, start: int) -> bool:
    """Whether the date at ``start`` is when a dossier was filed: the last verb before it is
    "nộp" ("hồ sơ đánh giá lại nộp từ tháng 4/2026"), not "cấp", "đạt" or "hết hạn"."""
    verbs = _DATE_VERBS.findall(plain[max(0, start - 40) : start])
    return bool(verbs) and verbs[-1] == "nop"


def date_in(plain: str) -> tuple[IssueDate, int] | None:
    """The first date in ``plain`` (see :func:`plain_text`) and where it starts."""
    return _date_in(plain)


def _date_in(plain: str) -> tuple[IssueDate, int] | None:
    """The first date in ``plain`` and where it starts."""
    if m := _DAY_MONTH_YEAR.search(plain) or _DAY_WORDS.search(plain):
        day, month, year = int(m[1]), int(m[2]), int(m[3])
        if 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]:
            return IssueDate(day, month, year), m.start()
        return None
    if m := _MONTH_WORDS.search(plain) or _MONTH_YEAR.search(plain):
        month, year = int(m[1]), int(m[2])
        return (IssueDate(None, month, year), m.start()) if 1 <= month <= 12 else None
    if m := _YEAR.search(plain):
        return IssueDate(None, None, int(m[1])), m.start()
    return None


# "còn 5 tháng nữa hết hạn", "con 2 thang nua la het han": the time left, not a date.
_REMAINING = re.compile(
    r"\bcon (?:khoang |tam |hon |chua (?:toi|den|day) )?(\d{1,2}|mot|hai|ba|bon|nam|sau|bay|tam|"
    r"chin|muoi|nua) (thang|tuan|ngay|nam)(?: nua)?(?: (?:la|thi|se|moi))? (?:het han|het hieu luc"
    r"|het thoi han|het date)\b"
)
_NUMBER_WORDS = {
    "mot": 1, "hai": 2, "ba": 3, "bon": 4, "nam": 5, "sau": 6, "bay": 7, "tam": 8, "chin": 9,
    "muoi": 10,
}  # fmt: skip
_UNIT_DAYS = {"ngay": 1, "tuan": 7}


def find_remaining_question(
    text: str, today: dt.date, months: int = 36
) -> CertificateQuestion | None:
    """A question that gives the time left before expiry ("còn 5 tháng nữa hết hạn thì làm
    gì"): the expiry is computed from ``today`` (to the day for days and weeks, to the month
    for months and years, so the answer then says its dates are approximate) and the issue
    date ``months`` before it. Asks the
    re-evaluation window unless it asks about the logo.

    >>> q = find_remaining_question("con 5 thang nua het han thi lam gi", dt.date(2026, 12, 6))
    >>> (q.issued.text(), q.asks.value)
    ('tháng 5/2024', 'window')
    """
    plain = " ".join(_PUNCT.sub(" ", strip_marks(nfc(text)).lower()).split())
    found = _REMAINING.search(plain)
    if found is None or _NOT_A_CERTIFICATE.search(plain):
        return None
    count_text, unit = found[1], found[2]
    if count_text == "nua":
        return None  # "còn nửa năm": too vague to compute a month
    count = int(count_text) if count_text.isdigit() else _NUMBER_WORDS[count_text]
    here = IssueDate(None, today.month, today.year)
    if unit in _UNIT_DAYS:
        day = today + dt.timedelta(days=count * _UNIT_DAYS[unit])
        expiry = IssueDate(day.day, day.month, day.year)  # "còn 2 tuần": to the day
    else:
        expiry = here.plus_months(count * (12 if unit == "nam" else 1))
    asks = Asks.LOGO if _LOGO.search(plain) else Asks.WINDOW
    return CertificateQuestion(expiry.plus_months(-months), asks)


# "hết hạn hôm 20/11 vừa rồi", "sắp hết hạn ngày 15/3": an expiry day without its year
_EXPIRED_ON = re.compile(
    r"\b(?:het han|het hieu luc|het thoi han|het date)(?: (?:tu|vao|hom|ngay|luc|hoi))*"
    r" (\d{1,2})[/.-](\d{1,2})\b(?![/.-]\d)"
)
_AHEAD = re.compile(r"\b(?:sap|se|toi day|sap toi|nua|sau nay)\b")


def find_expiry_day_question(
    text: str, today: dt.date, months: int = 36
) -> CertificateQuestion | None:
    """A question giving the expiry day without a year ("hết hạn hôm 20/11 vừa rồi, còn dán
    tem OCOP được không"): the last such day up to ``today``, or the next one when the
    question says it is ahead ("sắp hết hạn ngày 15/3"); the issue date ``months`` before.

    >>> q = find_expiry_day_question("gcn het han hom 20/11 vua roi, con dan tem ocop dc ko",
    ...                              dt.date(2026, 12, 6))
    >>> (q.issued.text(), q.asks.value)
    ('ngày 20/11/2023', 'logo')
    """
    plain = plain_text(text)
    found = _EXPIRED_ON.search(plain)
    if found is None or _NOT_A_CERTIFICATE.search(plain):
        return None
    day, month = int(found[1]), int(found[2])
    if not 1 <= month <= 12 or not 1 <= day <= calendar.monthrange(today.year, month)[1]:
        return None
    ahead = bool(_AHEAD.search(plain))
    year = today.year
    if ahead and (month, day) < (today.month, today.day):
        year += 1
    elif not ahead and (month, day) > (today.month, today.day):
        year -= 1
    asks = (
        Asks.WINDOW
        if _WINDOW.search(plain)
        else Asks.LOGO
        if _LOGO.search(plain)
        else (Asks.EXPIRY)
    )
    return CertificateQuestion(IssueDate(day, month, year).plus_months(-months), asks)
