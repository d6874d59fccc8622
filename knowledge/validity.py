"""Certificate expiry: "giấy cấp tháng 3/2023, bao giờ hết hạn?" → tháng 3/2026.

Owns reading ``knowledge/validity.yaml`` (36 months from the recognition decision, notice
at least 30 days before) and finding an issue date in a question about expiry. It does not
word the answer; the FAQ engine does that from the reply texts.

>>> find_issue_date("giấy cấp tháng 3/2023, bao giờ hết hạn")
IssueDate(day=None, month=3, year=2023)
>>> find_issue_date("cap 6/2022 thi den khi nao het han").plus_months(36).text()
'tháng 6/2025'
>>> find_issue_date("sau 1/7/2025 ai cham diem") is None
True
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from knowledge.text import nfc, strip_marks

_EXPIRY_INTENT = re.compile(
    r"\b(het han|het hieu luc|con han|con hieu luc|den khi nao|den bao gio)\b"
)
_DAY_MONTH_YEAR = re.compile(r"\b(\d{1,2})[/.-](\d{1,2})[/.-]((?:19|20)\d\d)\b")
_MONTH_YEAR = re.compile(r"\b(\d{1,2})[/.-]((?:19|20)\d\d)\b")
_MONTH_WORDS = re.compile(r"\bthang (\d{1,2})(?: nam| )\s*((?:19|20)\d\d)\b")
_YEAR = re.compile(r"\bnam ((?:19|20)\d\d)\b")


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


@dataclass(frozen=True)
class ValidityRule:
    months: int
    notice_days: int
    source: str

    @classmethod
    def load(cls, path: Path) -> ValidityRule:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        return cls(int(data["months"]), int(data["notice_days"]), str(data["source"]))


def find_issue_date(text: str) -> IssueDate | None:
    """The issue date in a question about when a certificate expires, or None."""
    plain = strip_marks(nfc(text)).lower()
    if not _EXPIRY_INTENT.search(plain):
        return None
    if m := _DAY_MONTH_YEAR.search(plain):
        day, month, year = int(m[1]), int(m[2]), int(m[3])
        if 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]:
            return IssueDate(day, month, year)
        return None
    if m := _MONTH_WORDS.search(plain) or _MONTH_YEAR.search(plain):
        month, year = int(m[1]), int(m[2])
        return IssueDate(None, month, year) if 1 <= month <= 12 else None
    if m := _YEAR.search(plain):
        return IssueDate(None, None, int(m[1]))
    return None
