"""Score → star: finds a score in a question ("65 điểm được mấy sao?") and its star band.

Owns the reading of ``knowledge/stars.yaml`` (the bands of Quyết định 26/2026/QĐ-TTg,
Điều 3 khoản 3) and the detection of a score in what a producer typed. It does not word the
answer; the FAQ engine does that from the reply texts.

>>> bands = StarBands.load(Path(__file__).with_name("stars.yaml"))
>>> bands.band_for(65).stars
3
>>> find_score("sp dat bn diem thi dc 4 sao") is None
True
>>> find_score("89,5 diem dc 5 sao ko")
89.5
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from knowledge.text import nfc, strip_marks

_NUM = r"(\d{1,3}(?:[.,]\d{1,2})?)"
_AFTER = re.compile(rf"(?<![\d/.,]){_NUM}\s*(?:diem|d)\b")
_BEFORE = re.compile(rf"\bdiem\s+(?:so\s+)?{_NUM}(?![\d/.,])(?!\s*(?:sao|s)\b)")
_RANGE = re.compile(r"\d\s*(?:-|den|toi)\s*\d")
# "thiếu 1 điểm nữa", "hơn 2 điểm": a difference between scores, not a second score.
_DIFFERENCE = re.compile(
    rf"\b(?:thieu|them|hon|kem|con|chi con|tang|giam|tru|len)\s+{_NUM}\s*(?:diem|d)\b"
)
# "dưới 50 điểm", "trên 90 điểm", "ít nhất 70 điểm": a threshold, not a product's score.
_THRESHOLD = re.compile(
    rf"\b(?:duoi|tren|it nhat|toi thieu|qua|vuot|tu|khoang tu|nho hon|lon hon)\s+{_NUM}\s*"
    r"(?:diem|d)\b"
)
# Words that make "40 điểm" a part of the criteria or a bonus, not a product's score.
_NOT_A_SCORE = re.compile(
    r"\b(phan [abc]|cong (?:them )?(?:\d|may|bao)|toi da|tieu chi|muc tieu)\b"
    r"|\bphan(?: (?!\d)\w+){1,3} \d{1,3}\s*(?:diem|d)\b"  # "phần tiếp thị 25 điểm": a part's
)
# A score question asks about a star rank, recognition or the product.
_STAR_INTENT = re.compile(
    r"\b(sao|hang|xep|cong nhan|chung nhan|logo|ocop|sp|san pham|dat|duoc|dc|ket qua)\b"
)

# A score this low asks about one criterion's points unless a star rank is named ("8 điểm
# thì được mấy sao"); "làm sao", "thì sao", "gian hàng" name none.
CRITERION_POINTS = 10
_RANK = re.compile(
    r"\b(?:[1-5] sao|(?:may|bao nhieu|hang|muc) sao|sao (?:nao|gi)|xep (?:hang|loai)|"
    r"hang (?:[1-5]|may|nao|gi)|cong nhan)\b"
)


@dataclass(frozen=True)
class StarBand:
    stars: int
    low: float
    high: float
    high_inclusive: bool
    meaning: str

    def contains(self, score: float) -> bool:
        below_top = score <= self.high if self.high_inclusive else score < self.high
        return self.low <= score and below_top


@dataclass(frozen=True)
class StarBands:
    bands: tuple[StarBand, ...]
    source: str
    recognised_from: int
    national_from: float

    @classmethod
    def load(cls, path: Path) -> StarBands:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        bands = []
        for raw in data["bands"]:
            inclusive = "to" in raw
            high = float(raw["to"] if inclusive else raw["below"])
            bands.append(
                StarBand(int(raw["stars"]), float(raw["from"]), high, inclusive, raw["meaning"])
            )
        bands.sort(key=lambda b: -b.stars)
        return cls(
            tuple(bands),
            data["source"],
            int(data["recognised_from"]),
            float(data["national_from"]),
        )

    def band_for(self, score: float) -> StarBand | None:
        """The band of ``score``; None outside 0–100."""
        return next((b for b in self.bands if b.contains(score)), None)


def find_score(text: str) -> float | None:
    """The product score a question mentions ("72 điểm", "95đ", "điểm 18"), or None.

    None when the question names no score, gives a range ("từ 70 đến 90 điểm"), talks about
    a part of the criteria or a bonus ("phần A 40 điểm", "cộng 5 điểm"), names two
    different scores, or does not ask about stars, recognition or a product.
    """
    plain = _DIFFERENCE.sub(" ", strip_marks(nfc(text)).lower())
    if _THRESHOLD.search(plain):
        return None
    if _RANGE.search(plain) or _NOT_A_SCORE.search(plain) or not _STAR_INTENT.search(plain):
        return None
    found = {float(m.replace(",", ".")) for m in _AFTER.findall(plain) + _BEFORE.findall(plain)}
    if len(found) != 1:
        return None
    score = found.pop()
    if score < CRITERION_POINTS and not _RANK.search(plain):
        return None  # "bao nhiêu phần trăm thì được 3 điểm": the points of one criterion
    return score


# A message that is only a star rank: "4 sao?", "OCOP 4 sao", "sản phẩm 5 sao là gì".
_BARE_RANK = re.compile(
    r"^(?:(?:ocop|san pham|sp|hang|muc|loai|chung nhan)\s+)*([1-5]) sao"
    r"(?:\s+(?:ocop|la gi|la sao|(?:co )?nghia la gi|la the nao|the nao))?$"
)


def bare_star_rank(normalized: str) -> int | None:
    """The rank a message names and nothing else (the FAQ normaliser's folded text), or
    None: "ocop 4 sao" → 4; "4 sao do ai công nhận" → None.

    >>> bare_star_rank("ocop 4 sao"), bare_star_rank("4 sao do ai cong nhan")
    (4, None)
    """
    found = _BARE_RANK.match(normalized.strip())
    return int(found[1]) if found else None
