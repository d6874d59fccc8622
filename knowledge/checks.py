"""``ocop-bot kb check``: every problem of the knowledge files, as one list.

Schema (``knowledge/faq.py``: keys, types, ≥ 4 variants, answer length, sources, dates,
unique ids, related ids that exist), the word lists and star bands load, and every
canonical question and variant finds its own entry with a confident answer. Then the 26
scoring sheets (``knowledge/criteria.py``: each adds up to A 40 / B 25 / C 35, …).

Then the content rules (:func:`rule_problems`), each decided from the data alone:

* **Superseded decisions are history.** Since 22/5/2026 the rules are Quyết định
  26/2026/QĐ-TTg; 148/QĐ-TTg, 1489/QĐ-TTg, 1048/QĐ-TTg and 781/QĐ-TTg are superseded. An
  entry whose first source is a superseded decision, or whose sources name a superseded
  decision and not 26/2026, must be marked ``history: true``. An answer that names a
  superseded decision (and every ``history`` answer) must say so with a history marker
  such as "trước 22/5/2026", "đã được thay thế", "đã hết hiệu lực" or "nay thay bằng".
* **26/2026 is cited by article.** A source naming 26/2026/QĐ-TTg names the article
  ("Điều 7 khoản 6") or the annex ("Phụ lục II").
* **"confirmed" needs a primary source**: a legal document cited by its number (Quyết
  định, Nghị định, Nghị quyết, Thông tư, Luật, Kế hoạch… "26/2026/QĐ-TTg",
  "105/2017/NĐ-CP", "257/2025/QH15"), an official ``.gov.vn`` page, or, for answers about
  the assistant itself, its own guide ("Trợ lý OCOP – hướng dẫn sử dụng").
* **Events carry dates and are never upcoming once past.** An answer that names a fair or
  festival with a date lists it under ``events``. Once an event has ended (before
  ``today``), the answer must say it took place ("đã diễn ra", "đã tổ chức", "đã kết
  thúc") and must not announce it ("sắp diễn ra", "sẽ diễn ra"…). Announcing words need
  an event that has not ended.

* **Current figures say when.** An entry whose question asks how many products or
  producers there are ("Cả nước có bao nhiêu sản phẩm OCOP?") without naming a year, and
  whose answer gives such a count, must say as of when: "tính đến <tháng/năm>" or
  "tính đến <ngày/tháng/năm>".

``today`` is a parameter so that tests can fix the clock.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from knowledge.answers import FaqEngine
from knowledge.criteria import check_criteria
from knowledge.faq import Confidence, FaqEntry, KnowledgeBase, read_faq
from knowledge.matcher import Matcher, Verdict
from knowledge.replies import Texts
from knowledge.stars import StarBands
from knowledge.text import fold, nfc

CURRENT_RULES = "Quyết định 26/2026/QĐ-TTg"
_CURRENT = re.compile(r"\b26/2026/QĐ-TTg", re.IGNORECASE)
_SUPERSEDED_NUMBERS = r"(?:148|1489|1048|781)"
_SUPERSEDED_SOURCE = re.compile(rf"\b{_SUPERSEDED_NUMBERS}/QĐ-TTg", re.IGNORECASE)
# "Quyết định 148", "QĐ 1489", "qđ số 1048", "148/QĐ-TTg" in an answer.
_SUPERSEDED_TEXT = re.compile(
    rf"(?:\b(?:quyết định|qđ)\s*(?:số\s*)?{_SUPERSEDED_NUMBERS}\b"
    rf"|\b{_SUPERSEDED_NUMBERS}/QĐ-TTg)",
    re.IGNORECASE,
)
_HISTORY_MARKERS = (
    "trước 22/5/2026",
    "trước ngày 22/5/2026",
    "đã được thay thế",
    "đã bị thay thế",
    "đã hết hiệu lực",
    "không còn áp dụng",
    "nay thay bằng",
)
_ARTICLE = re.compile(r"\b(?:Điều \d+|Phụ lục [IVX]+)")
# A legal document by its number: "26/2026/QĐ-TTg", "105/2017/NĐ-CP", "257/2025/QH15",
# "2361/QĐ-BNNMT", "72/KH-UBND", "1162/QĐ-VPĐP-OCOP".
_DOCUMENT_NUMBER = re.compile(
    r"\b\d{1,5}/(?:\d{4}/)?(?:QĐ|NĐ|NQ|TT|QH|KH|CT|TB|CV)[\w&-]*", re.IGNORECASE
)
_DOCUMENT_KIND = re.compile(
    r"\b(?:Quyết định|Nghị định|Nghị quyết|Thông tư|Luật|Kế hoạch|Chỉ thị|Thông báo)\b",
    re.IGNORECASE,
)
_GOV_URL = re.compile(r"^https?://(?:[a-z0-9-]+\.)*gov\.vn(?:[:/?#]|$)", re.IGNORECASE)
ASSISTANT_GUIDE = "Trợ lý OCOP – hướng dẫn sử dụng"
# "bao nhiêu sản phẩm", "mấy sp 5 sao", "có bao nhiêu chủ thể" (folded question).
_COUNT_QUESTION = re.compile(r"\b(?:bao nhieu|may|so luong)\b.*\b(?:san pham|sp|chu the)\b")
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
_COUNT = re.compile(r"\b\d[\d.]*\s+(?:sản phẩm|chủ thể)\b(?! mẫu)", re.IGNORECASE)
_AS_OF = re.compile(r"tính đến (?:ngày )?(?:\d{1,2}/)?(?:tháng )?\d{1,2}/\d{4}", re.IGNORECASE)
_EVENT_WORDS = re.compile(r"\b(?:festival|hội chợ|tuần hàng|triển lãm)\b", re.IGNORECASE)
_FULL_DATE = re.compile(r"\b\d{1,2}(?:\s*[–-]\s*\d{1,2})?/\d{1,2}/\d{4}\b")
_PAST_MARKERS = ("đã diễn ra", "đã tổ chức", "đã được tổ chức", "đã kết thúc")
_UPCOMING_MARKERS = (
    "sắp diễn ra",
    "sẽ diễn ra",
    "sắp tổ chức",
    "sẽ tổ chức",
    "sắp được tổ chức",
    "sẽ được tổ chức",
    "sắp khai mạc",
    "sẽ khai mạc",
    "đang diễn ra",
)


def check_knowledge(root: Path, today: dt.date | None = None) -> list[str]:
    """All problems of the knowledge under ``root`` (empty when everything is fine)."""
    return _check_faq(root, today or dt.date.today()) + check_criteria(root / "criteria")


def _check_faq(root: Path, today: dt.date) -> list[str]:
    kb, problems = read_faq(root / "faq")
    if problems:
        return problems
    try:
        matcher = Matcher.build(kb, root / "abbreviations.yaml", root / "lexicon.yaml")
        StarBands.load(root / "stars.yaml")
        FaqEngine.load(root, Texts.load(root / "replies"))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        return [f"cannot build the FAQ engine: {exc}"]
    problems.extend(rule_problems(kb, today))
    for entry in kb.entries:
        for phrasing in entry.phrasings:
            match = matcher.match(phrasing)
            best = match.best
            if best is None or best.entry.id != entry.id:
                found = best.entry.id if best else "nothing"
                problems.append(f"{entry.topic}/{entry.id}: «{phrasing}» finds {found}")
            elif match.verdict is not Verdict.ANSWER:
                problems.append(
                    f"{entry.topic}/{entry.id}: «{phrasing}» finds it but not confidently"
                    f" ({match.verdict.value}, score {best.score:.2f})"
                )
    return problems


def rule_problems(kb: KnowledgeBase, today: dt.date) -> list[str]:
    """The content rules of the module docstring, for every entry of ``kb``."""
    problems: list[str] = []
    for entry in kb.entries:
        where = f"{entry.topic}/{entry.id}"
        found = [
            *_superseded_problems(entry),
            *_citation_problems(entry),
            *_confidence_problems(entry),
            *_event_problems(entry, today),
            *_as_of_problems(entry),
        ]
        problems.extend(f"{where}: {problem}" for problem in found)
    return problems


def is_primary(source: str) -> bool:
    """A legal document cited by its number, an official .gov.vn page, or our own guide."""
    source = nfc(source).strip()
    if _GOV_URL.match(source) or source.startswith(ASSISTANT_GUIDE):
        return True
    return bool(_DOCUMENT_NUMBER.search(source) and _DOCUMENT_KIND.search(source))


def _has_history_marker(text: str) -> bool:
    lowered = nfc(text).lower()
    return any(marker in lowered for marker in _HISTORY_MARKERS)


def _superseded_problems(entry: FaqEntry) -> list[str]:
    superseded = [s for s in entry.sources if _SUPERSEDED_SOURCE.search(s)]
    current = any(_CURRENT.search(s) for s in entry.sources)
    problems = []
    if (
        not entry.history
        and superseded
        and (not current or _SUPERSEDED_SOURCE.search(entry.sources[0]))
    ):
        problems.append(
            f"cites the superseded {superseded[0]!r} as its primary source: cite"
            f" {CURRENT_RULES} first, or mark the entry history: true"
        )
    named = _SUPERSEDED_TEXT.search(entry.answer)
    if (named or entry.history) and not _has_history_marker(entry.answer):
        what = f"names {named.group(0)!r}" if named else "is marked history"
        problems.append(
            f"answer {what} but does not say it is history"
            f" (e.g. «Trước 22/5/2026, …; nay thay bằng {CURRENT_RULES}»)"
        )
    return problems


def _citation_problems(entry: FaqEntry) -> list[str]:
    return [
        f"source {source!r} cites {CURRENT_RULES} without its article (Điều …, khoản …)"
        for source in entry.sources
        if _CURRENT.search(source) and not _ARTICLE.search(source)
    ]


def _confidence_problems(entry: FaqEntry) -> list[str]:
    if entry.confidence is Confidence.CONFIRMED and not any(map(is_primary, entry.sources)):
        return [
            "confidence is confirmed without a primary source (a legal document by its"
            " number or an official .gov.vn page); say partial, or cite the primary source"
        ]
    return []


def _event_problems(entry: FaqEntry, today: dt.date) -> list[str]:
    text = nfc(entry.answer).lower()
    problems = []
    if not entry.events and _EVENT_WORDS.search(text) and _FULL_DATE.search(text):
        problems.append("answer dates a fair or festival: list it under events with its dates")
    past = [e for e in entry.events if e.end < today]
    for event in past:
        if not any(marker in text for marker in _PAST_MARKERS):
            problems.append(
                f"event {event.name!r} ended on {event.end.isoformat()}: the answer must say"
                " it took place («đã diễn ra»)"
            )
    announced = [marker for marker in _UPCOMING_MARKERS if marker in text]
    if announced and not any(e.end >= today for e in entry.events):
        problems.append(
            f"answer announces an event («{announced[0]}») but no listed event is still"
            f" to come on {today.isoformat()}"
        )
    return problems


def _as_of_problems(entry: FaqEntry) -> list[str]:
    asked = fold(entry.question)
    if not _COUNT_QUESTION.search(asked) or _YEAR.search(asked):
        return []
    answer = nfc(entry.answer)
    if _COUNT.search(answer) and not _AS_OF.search(answer):
        return ["answer gives a current count without «tính đến <tháng/năm>»"]
    return []
