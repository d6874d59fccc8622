"""A score's star band, worded: "72 điểm được mấy sao" answered from ``knowledge/stars.yaml``.

Owns the wording of a computed score answer (the texts are ``faq.score_*`` and
``faq.scale_*`` in ``knowledge/replies/faq.yaml``); finding the score in the question is
``knowledge/stars.py``, and the engine (``knowledge/answers.py``) wraps the result.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from knowledge.stars import StarBand, StarBands
from knowledge.text import fold

Translate = Callable[..., str]


# the central council's score ("hội đồng trung ương chấm", "lên Bộ … chỉ được 87 điểm")
_CENTRAL = re.compile(
    r"\b(?:hoi dong (?:cap )?trung uong|cap trung uong|len bo|bo cham|bo danh gia)\b"
)


def format_number(value: float) -> str:
    """Vietnamese decimal comma: 89.5 → "89,5", 65.0 → "65"."""
    return f"{value:g}".replace(".", ",")


def scale(bands: StarBands, t: Translate) -> list[str]:
    """Every band as one phrase: "3 sao từ 50 đến dưới 70"."""
    return [_phrase(band, t) for band in bands.bands]


def _phrase(band: StarBand, t: Translate) -> str:
    key = "faq.scale_band"
    if band.high_inclusive:
        key = "faq.scale_top"
    elif band.low <= 0:
        key = "faq.scale_bottom"
    low, high = format_number(band.low), format_number(band.high)
    return t(key, stars=band.stars, low=low, high=high)


def score_note(bands: StarBands, score: float, t: Translate) -> str:
    """One line on the band of a score a message gives while asking something else ("…được
    89 điểm, vậy có được xét lại không"): "" outside 0–100."""
    band = bands.band_for(score)
    if band is None:
        return ""
    return t("faq.score_note", score=format_number(score), band=_phrase(band, t))


def score_answer(
    bands: StarBands,
    score: float,
    t: Translate,
    working: str = "",
    target: int | None = None,
    average: bool = False,
    question: str = "",
) -> tuple[str, str] | None:
    """(title, text) for ``score`` points, or None when no band holds it. ``working``: how
    the score was summed or averaged from what the producer gave; ``target``: the rank they
    aim at (the points still missing are counted to it, else to the next rank); ``average``:
    the working is the council members' average."""
    band = bands.band_for(score)
    if band is None:
        return None
    values = {
        "score": format_number(score),
        "stars": band.stars,
        "low": format_number(band.low),
        "high": format_number(band.high),
        "meaning": band.meaning,
    }
    key = "faq.score_working_average" if average else "faq.score_working"
    lines = [t(key, working=working)] if working else []
    if band.high_inclusive:
        lines.append(t("faq.score_band_top", **values))
    elif band.low <= 0:
        lines.append(t("faq.score_band_bottom", **values))
    else:
        lines.append(t("faq.score_band", **values))
    higher = [b for b in bands.bands if b.stars > band.stars]
    aim = next((b for b in higher if b.stars == target), None) or min(
        higher, key=lambda b: b.stars, default=None
    )
    if aim is not None:
        gap = format_number(round(aim.low - score, 2))
        lines.append(t("faq.score_gap", gap=gap, stars=aim.stars, low=format_number(aim.low)))
    recognised = bands.recognised_from
    if band.stars >= recognised:
        lines.append(t("faq.score_recognised", recognised=recognised))
    else:
        lowest = min(b.low for b in bands.bands if b.stars >= recognised)
        lines.append(
            t("faq.score_not_recognised", recognised=recognised, low=format_number(lowest))
        )
    national = format_number(bands.national_from)
    if score >= bands.national_from:
        lines.append(t("faq.score_national", national=national))
    elif _CENTRAL.search(fold(question)):  # "hội đồng trung ương chấm chỉ được 87 điểm"
        lines.append(t("faq.score_central_below", national=national))
    lines.append(t("faq.score_scale", scale="; ".join(scale(bands, t))))
    return t("faq.score_title", score=format_number(score)), "\n".join(lines)
