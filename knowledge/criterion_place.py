"""Where the situation a producer describes falls among one criterion's options.

"co so e 12 lao dong thi 10 nguoi trong xa, muc lao dong dia phuong dc may diem": 10 of 12
is 83 %, the option «≥ 75% lao động là người trên địa bàn cấp xã» — 3 điểm. "chua nop don
nhan hieu j ca. muc so huu tri tue e dc may diem": the lowest option asks for an application
already accepted, so the line scores nothing yet. "nhan co in song ngu thi dc bn diem":
«Có ghi nhãn song ngữ» — 1 điểm. "cau chuyen co in tren to roi va website": the option that
names both (the options of a line grow one from the next, so the one holding most of the
words said wins, the least demanding of equals).

Owns reading a share from two counts ("12 lao động … 10 người"), whether the producer says
the thing is lacking ("chưa", "không có", "ko"), and which option's own words (those that
set it apart from the line's other options and title) the question holds. A share typed as
a percentage is ``knowledge/criterion_fit.py``'s; this module is asked only when it finds
none. Pure.

>>> from knowledge.criteria import Criterion, Option
>>> bilingual = Criterion("2.4", "Ghi nhãn hàng hóa có sử dụng song ngữ", 1, (
...     Option("Không ghi nhãn song ngữ", 0), Option("Có ghi nhãn song ngữ (Việt - Anh)", 1)),
...     False, "", "", "A", "2")
>>> place("nhan sp e co in song ngu viet anh thi dc may diem", bilingual).option.points
1
>>> place("nhan chua co song ngu thi dc may diem", bilingual).option.points
0
>>> place("muc song ngu dc may diem", bilingual) is None
True
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from knowledge.criteria import Criterion, Option
from knowledge.criterion_counts import allowed_options
from knowledge.criterion_fit import (
    asked_rank,
    fit,
    fit_lines,
    graded_by_share,
    option_at,
    rank_lines,
)
from knowledge.normalize import unify_iy
from knowledge.score_answer import format_number
from knowledge.text import fold

Translate = Callable[..., str]

_WORD = re.compile(r"[a-z0-9]+")
# "chưa", "không có", "ko", "k có", "chẳng", "thiếu": what follows is lacking.
_LACKING = frozenset({"chua", "khong", "ko", "k", "kg", "hong", "chang", "thieu", "kco"})
_NOT_LACKING = frozenset({"so", "hay", "a", "ad", "ah", "nhi", "nhe", "vay", "the", "ta"})
_ENDING = frozenset({"co", "duoc", "dc", "lam", "a", "ad", "ah", "nhe", "ca", "gi", "het"})
LINES_KEPT = 4_096  # lines whose reading is kept (the 26 sheets have about 1,000)
NEAR = 4  # a lacking word counts for the option words at most this many words after it
# Words every option prints or that carry no situation ("có", "các", "theo quy định").
_PLAIN = frozenset(
    {"co", "khong", "chua", "cac", "va", "hoac", "theo", "duoc", "cua", "la", "cho", "tren"}
    | {"trong", "voi", "nhung", "mot", "so", "da", "the", "tu", "den", "it", "nhat", "nhieu"}
    | {"san", "pham", "quy", "dinh", "muc", "do", "ve", "de", "dam", "bao", "cap", "xa"}
)
_UNITS = frozenset({"lan", "nam", "thang", "ngay", "tuan", "gio", "dot", "vu", "mua"})
_COUNTS = re.compile(
    r"\b(\d{1,4})\s*(?:lao dong|nguoi|cong nhan|nhan cong|thanh vien|ho)\b"
    r"(?:\D{0,40}?)\b(\d{1,4})\s*(?:nguoi|lao dong|ho|thanh vien)?\b"
)


@dataclass(frozen=True)
class Placed:
    """The option the situation described falls in (None: below the lowest option)."""

    option: Option | None
    lowest: Option
    share: float | None = None  # a share worked out from two counts


def _words(text: str) -> list[str]:
    return [unify_iy(w) for w in _WORD.findall(fold(text))]


_SYLLABLE = re.compile(
    r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnpqrstvx])?[aeiouy]{1,3}(?:ch|ng|nh|[cmnpt])?"
)
_CLAUSES = re.compile(r"[,;.()\n!?]|\bnhung\b|\bcon\b")


def _foreign(word: str) -> bool:
    """«website», «QR», «VietGAP», «HACCP»: no Vietnamese syllable, named on its own."""
    return not word.isdigit() and _SYLLABLE.fullmatch(word) is None


def _own_words(criterion: Criterion) -> list[set[str]]:
    """Each option's words that no other option and not the title print."""
    per = [set(_words(o.text)) - _PLAIN for o in criterion.options]
    common = set.intersection(*per) if per else set()
    title = set(_words(criterion.title))
    return [w - common - title for w in per]


def _marks(criterion: Criterion) -> list[set[tuple[str, str]]]:
    """What names each option: its own foreign words (as one-word pairs) and its pairs of
    adjacent words that hold an own word («tờ rơi», «song ngữ»)."""
    out = []
    for option, own in zip(criterion.options, _own_words(criterion), strict=True):
        pairs = {p for chunk in _CLAUSES.split(option.text) for p in _pairs(_words(chunk))}
        out.append(
            {p for p in pairs if own.intersection(p)} | {(w, "") for w in own if _foreign(w)}
        )
    return out


def _pairs(words: list[str]) -> set[tuple[str, str]]:
    """Adjacent words once the plain ones are left out («tờ rơi và website»: rơi website);
    never two words of a count or a period («2 lần/năm»: a number compares, not a word)."""
    kept = [w for w in words if w not in _PLAIN]
    return {p for p in itertools.pairwise(kept) if not _UNITS.issuperset(p)}


def _said(clause: list[str]) -> set[tuple[str, str]]:
    return _pairs(clause) | {(w, "") for w in clause}


@dataclass(frozen=True)
class _Line:
    """What :func:`place` reads in a line, whatever the question: its options' words, its
    title's, what names each option (:func:`_marks`) and what each says is absent."""

    printed: frozenset[str]
    title: frozenset[str]
    marks: tuple[set[tuple[str, str]], ...]
    denied: tuple[set[tuple[str, str]], ...]
    described: frozenset[tuple[str, str]]  # what the line's printed text names it by


@functools.lru_cache(maxsize=LINES_KEPT)
def _read(criterion: Criterion) -> _Line:
    """A line read once (the sheets' lines are placed question after question; see
    :func:`read_lines`, which reads them all when the sheets are loaded)."""
    printed = frozenset(w for o in criterion.options for w in _words(o.text))
    title = frozenset(_words(criterion.title))
    denied = tuple(_denied(o) for o in criterion.options)
    described = frozenset(_pairs(_words(criterion.description or "")))
    return _Line(printed, title, tuple(_marks(criterion)), denied, described)


def read_lines(criteria: Iterable[Criterion]) -> None:
    """Read every line of the sheets now, as the index is built, not at a first question."""
    for criterion in criteria:
        if criterion.options:
            _read(criterion)


def _lacked(text: str, words: frozenset[str]) -> set[str]:
    """The words of ``words`` that come shortly after a lacking word in its clause ("chưa có
    nhãn hiệu"), or shortly before one that ends its clause ("website thì chưa có.")."""
    out: set[str] = set()
    for clause in _CLAUSES.split(text):
        asked = _words(clause)
        for i, word in enumerate(asked):
            after = asked[i + 1 : i + 2]
            # «dân tộc thiểu số»; "có cần ISO không hay chỉ giấy ATTP": a question's «không»
            if word not in _LACKING or (after and after[0] in _NOT_LACKING):
                continue
            following = asked[i + 1 : i + 1 + NEAR]
            if set(following) <= _ENDING:
                following = asked[max(0, i - NEAR) : i]
            out.update(words.intersection(following))
    return out


def _without(criterion: Criterion, lacked: set[str], lowest: Option) -> Placed | None:
    """The option for a producer who lacks ``lacked``: the one saying they are absent
    («Sạch, không phát hiện tạp chất»), else the one saying «Không …» / «Chưa …», else the
    lowest when it gives 0 points, below the lowest when it asks for them, else none
    (lacking what only a higher option asks for places nothing)."""
    pairs = {(w, "") for w in lacked}
    denied = _read(criterion).denied
    absent = [o for o, d in zip(criterion.options, denied, strict=True) if d & pairs]
    if absent:
        return Placed(max(absent, key=lambda o: o.points), lowest)
    negative = next((o for o in criterion.options if _negative(o)), None)
    if negative is not None and lacked.intersection(_words(negative.text)):
        return Placed(negative, lowest)  # "chưa có câu chuyện": «Không có câu chuyện …»
    if lacked.intersection(_words(lowest.text)):  # the lowest option asks for what is lacking
        return Placed(lowest if lowest.points == 0 else None, lowest)  # nothing is below 0
    return None  # lacking what only a higher option asks for ("chưa có website")


def _denied(option: Option) -> set[tuple[str, str]]:
    """The words an option says are absent («không phát hiện tạp chất»: phát hiện, tạp
    chất), as one-word pairs like :func:`_said`'s."""
    words = _words(option.text)
    out: set[tuple[str, str]] = set()
    for i, word in enumerate(words):
        if word in ("khong", "chua"):
            out.update((w, "") for w in words[i + 1 : i + 1 + NEAR] if w not in _PLAIN)
    return out


def _negative(option: Option) -> bool:
    return fold(option.text).startswith(("khong ", "chua "))


def _by_counts(question: str, criterion: Criterion) -> Placed | None:
    """ "12 lao động thì 10 người trong xã": the share of the smaller count in the larger."""
    if not graded_by_share(criterion):
        return None
    found = _COUNTS.search(fold(question))
    if found is None:
        return None
    whole, part = int(found[1]), int(found[2])
    if not 0 < part <= whole:
        return None
    share = round(100 * part / whole, 1)
    option = option_at(criterion, share)
    lowest = min(criterion.options, key=lambda o: o.points)
    return None if option is None else Placed(option, lowest, share)


def place(
    question: str, criterion: Criterion, ignore: frozenset[str] = frozenset()
) -> Placed | None:
    """The option of ``criterion`` the situation in ``question`` falls in; None when the
    question describes none of them (it only names the line). Words of ``ignore`` (the
    section's title, under a section) in the line's title do not make it lacking."""
    if not criterion.options:
        return None
    counted = _by_counts(question, criterion)
    if counted is not None:
        return counted
    texts = question.split("\n")  # the question, then its words read as the sheets'
    asked = [w for text in texts for w in _words(text)]
    lowest = min(criterion.options, key=lambda o: o.points)
    line = _read(criterion)
    every = (line.printed | line.title - ignore) - _PLAIN
    lacked = {w for text in texts for w in _lacked(text, every)}
    excluded: set[int] = set()  # the options asking for what is lacking
    if lacked:
        placed = _without(criterion, lacked, lowest)
        if placed is not None:
            return placed
        excluded = {i for i, o in enumerate(criterion.options) if lacked & set(_words(o.text))}
    marks, denied = line.marks, line.denied
    best: list[set[tuple[str, str]]] = []
    for clause in _CLAUSES.split(question):  # the clause naming an option best is about it
        # "chấm chỉ tiêu dinh dưỡng gì" names the line («chỉ tiêu dinh dưỡng»), no option
        said = _said(_words(clause)) - line.described
        # «Sạch, không phát hiện tạp chất» is no option for "phát hiện có côn trùng"
        held = [
            set() if d & said or i in excluded else m & said
            for i, (m, d) in enumerate(zip(marks, denied, strict=True))
        ]
        if max(map(len, held)) > max(map(len, best), default=0):
            best = held
    allowed = allowed_options(question, criterion)  # "3 chỉ tiêu": «Có trên 2 chỉ tiêu»
    if allowed is not None:
        return _counted(criterion, allowed, best, lowest)
    if not best or not max(map(len, best)):
        return None if lacked else _yes_or_no(asked, criterion, lowest)
    most = max(map(len, best))
    tied = [i for i, h in enumerate(best) if len(h) == most]
    if any(best[i] != best[tied[0]] for i in tied):
        return None  # two options hold as many of the words, not the same: not placed
    # the options of a line grow one from the next: the least demanding of equals
    chosen = min(tied, key=lambda i: criterion.options[i].points)
    return Placed(criterion.options[chosen], lowest)


def _counted(
    criterion: Criterion, allowed: list[int], best: list[set[tuple[str, str]]], lowest: Option
) -> Placed | None:
    """The option among those a count allows that the words name best (the least demanding
    of equals); the one allowed when the words name none; else not placed."""
    held = [best[i] if best and i in allowed else set() for i in range(len(criterion.options))]
    most = max(map(len, held), default=0)
    tied = [i for i in allowed if len(held[i]) == most] if most else []
    if tied and all(held[i] == held[tied[0]] for i in tied):
        least = min(tied, key=lambda i: criterion.options[i].points)
        return Placed(criterion.options[least], lowest)
    return Placed(criterion.options[allowed[0]], lowest) if len(allowed) == 1 and not tied else None


def _yes_or_no(asked: list[str], criterion: Criterion, lowest: Option) -> Placed | None:
    """A line of two options, «Không …» and «Có …»: "có <the line's words>" is the second;
    «… không phải nữ …» and «… là nữ …»: "là nữ" said (nothing lacking) is the second."""
    if len(criterion.options) != 2:
        return None
    no, yes = criterion.options
    if _negative(no):
        title = set(_words(criterion.title)) - _PLAIN
        for i, word in enumerate(asked):
            if word == "co" and title.intersection(asked[i + 1 : i + 1 + NEAR]):
                return Placed(yes, lowest)
        return None
    denied = {w for w, _ in _denied(no)} - {w for w, _ in _denied(yes)}
    return Placed(yes, lowest) if denied.intersection(asked) else None


def points_of(
    question: str, criterion: Criterion, ignore: frozenset[str] = frozenset()
) -> int | None:
    """The points the situation in ``question`` earns on ``criterion`` (None: not said)."""
    found = fit(question, criterion)
    if found is not None:
        return found.option.points
    placed = place(question, criterion, ignore)
    if placed is None:
        return None
    return 0 if placed.option is None else placed.option.points


def section_lines(
    question: str, title: str, criteria: tuple[Criterion, ...], t: Translate
) -> list[str]:
    """Under a section's answer: the points of each of its lines the question describes,
    and their sum when it describes two or more ("câu chuyện in trên tờ rơi, ngắn gọn xúc
    tích…, mục 5 được bao nhiêu điểm")."""
    ignore = frozenset(_words(title))
    said = [(c, points_of(question, c, ignore)) for c in criteria]
    placed = [(c, p) for c, p in said if p is not None]
    if not placed:
        return []
    lines = [
        t("faq.criterion_place_line", number=c.number, title=c.title, points=p) for c, p in placed
    ]
    if len(placed) > 1:
        working = " + ".join(str(p) for _, p in placed)
        total = sum(p for _, p in placed)
        lines.append(t("faq.criterion_place_sum", working=working, total=total))
    if len(placed) < len(said):
        lines.append(t("faq.criterion_place_rest"))
    return lines


def least_for(criterion: Criterion, stars: int | None, t: Translate) -> list[str]:
    """The option a star rank asks for at least on this line (nothing when none asked)."""
    if stars is None:
        return []
    needed = criterion.marked_option(stars)
    if needed is None:
        return [t("faq.criterion_fit_no_mark", stars=stars)]
    return [t("faq.criterion_least_for", stars=stars, text=needed.text, points=needed.points)]


def place_lines(question: str, criterion: Criterion, t: Translate) -> list[str]:
    """The sentences saying where the producer's situation falls (nothing when it cannot):
    a typed share first (``criterion_fit``), else what :func:`place` finds."""
    if fit(question, criterion) is not None:
        return fit_lines(question, criterion, t)
    placed = place(question, criterion)
    if placed is None:  # "muốn 3 sao thì mục này đòi hỏi gì": the option marked for it
        return least_for(criterion, asked_rank(question), t)
    if placed.option is None:
        below = t("faq.criterion_place_below", text=placed.lowest.text, points=placed.lowest.points)
        stars = asked_rank(question)
        return [below, *rank_lines(criterion, 0, stars, t)]
    option = placed.option
    if placed.share is not None:
        share = f"{format_number(placed.share)}%"
        line = t("faq.criterion_fit", share=share, text=option.text, points=option.points)
    else:
        line = t("faq.criterion_place", text=option.text, points=option.points)
    return [line, *rank_lines(criterion, option.points, asked_rank(question), t)]
