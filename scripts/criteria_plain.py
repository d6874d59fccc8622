"""The value type and wording helpers of the criterion explanations (``criteria_explain``)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class Plain:
    """What a producer reads about one criterion, and whether the council judges it."""

    explain: str
    evidence: str
    council: bool = False


def fold(text: str) -> str:
    """Matching key of a title: no diacritics, lower case, punctuation as spaces."""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s]", " ", text)).strip()


SAMPLE = "Mẫu sản phẩm (hội đồng xem, thử trực tiếp)."
STORY = "Bản câu chuyện sản phẩm (bản in, tờ rơi hoặc đường dẫn website)."


def sensory(what: str) -> Plain:
    """A criterion the council tastes or smells on the sample."""
    return Plain(f"Hội đồng xem, ngửi, nếm mẫu sản phẩm và chấm {what}.", SAMPLE, council=True)


def looks(what: str) -> Plain:
    """A criterion the council judges by looking at the sample."""
    return Plain(f"Hội đồng xem mẫu sản phẩm và chấm {what}.", SAMPLE, council=True)
