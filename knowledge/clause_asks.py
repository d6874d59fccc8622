"""Whether the question inside a message asks what a computed answer answers. A long message
often names a place, a score or a date in its story and asks something else: «Gio Hà Nam sáp
nhập vào Ninh Bình rồi thì thịt đó có tính là nguyên liệu trong tỉnh không» asks about the raw
material, not where a commune went; «tự chấm 72 mà tỉnh cho 66, có được khiếu nại không» asks
about a complaint, not a star band; «hết hạn năm 2027, khi làm hồ sơ đánh giá lại thì cần cập
nhật những nội dung gì» asks what the dossier holds, not when it is due.

Owns that judgement for the three data-driven answers the FAQ engine (``knowledge/answers.py``,
``knowledge/dated_answer.py``) tries before matching entries: the commune look-up, the score's
star band and the certificate's dates. When it says no, the FAQ matcher answers the question
part and the story stays context. Pure string work on the message.

>>> commune_asked("e o yen tien cu, gio hoi ve ocop thi nop ho so o dau")
True
>>> commune_asked("Gio Ha Nam sap nhap vao Ninh Binh roi thi thit do co tinh la nguyen "
...               "lieu trong tinh ko a")
False
>>> score_asked("Em tu cham duoc 72 ma hoi dong tinh cho 66. Em thay khong thoa dang, co "
...             "duoc khieu nai hay xin cham lai khong, nop don o dau?")
False
>>> expiry_asked("San pham het han nam 2027. Khi lam ho so danh gia lai thi can cap nhat "
...              "nhung noi dung gi")
False
"""

from __future__ import annotations

import re

from knowledge import focus
from knowledge.commune_answers import CommuneQuestions
from knowledge.matcher import MAX_QUERY_WORDS
from knowledge.multi_question import split_questions
from knowledge.text import fold

# "<head> gì / nào": what the question asks for is named by the word before it (folded).
_WHICH = re.compile(r"(\S+)\s+(?:gi|j|nao)\b")
# Heads that ask a moment or what to do: what the dated answers tell ("khi nào", "tháng nào",
# "làm gì"); any route may be asked them.
_TIME_HEADS = frozenset(
    {"khi", "luc", "ngay", "thang", "nam", "tuan", "dot", "moc", "diem", "gian"}
)
_ANY_HEADS = _TIME_HEADS | {"lam", "the"}  # "làm gì", "thế nào"
# ... a place or a name: what the commune look-up tells ("xã nào", "tên là gì").
_PLACE_HEADS = frozenset(
    {"xa", "phuong", "tinh", "huyen", "tran", "thon", "lang", "ten", "la", "cho", "noi", "moi"}
)
# ... a rank or what the score gets: what the star band tells ("hạng gì", "được gì").
_RANK_HEADS = frozenset({"hang", "sao", "loai", "dc", "duoc", "muc", "la"})  # "… là gì"
# An amount asked of something other than communes ("thưởng bao nhiêu tiền").
_AMOUNT = re.compile(r"\b(?:bao nhieu|bn)\b(?!\s+(?:xa|phuong)\b)")
# What a score's answer tells: its band or rank, recognition, the certificate and logo, the
# total or the points still missing, the round after it ("các bước tiếp theo", "lên Bộ").
_OUTCOME = re.compile(
    r"\b(?:sao|hang|xep|cong nhan|chung nhan|giay|logo|nhan|ocop|tong|thieu|diem|"
    r"ket qua|tiep theo|len bo|gui)\b"
)
# A score or a threshold ("dưới 90"), not a date ("3/2024") nor a star rank ("4 sao").
_SCORE = re.compile(r"(?<![\d/.,])\d{2,3}(?:[.,]\d{1,2})?(?![\d/]|\s*(?:sao|s)\b)")


def asking_clause(question: str) -> str:
    """The clause of ``question`` that asks (folded, without its "cho em hỏi", "vậy"): the
    first question of a message that asks two (the engine answers the first), else its last
    clause with a question word, else all of a short message."""
    return fold(asking_text(question))


def asking_text(question: str) -> str:
    """:func:`asking_clause` as typed (to be quoted back)."""
    read = focus.last_words(question, MAX_QUERY_WORDS)
    two = split_questions(read)
    asked = focus.after_ask(two[0] if two else (focus.asking_clause(read) or read))
    return _LEADING_OTHER.sub("", asked)  # "(hỏi) chuyện khác: …"


def other_matter(question: str) -> str | None:
    """The part that asks, when the message says it changes subject ("… đã có OCOP 3 sao.
    Giờ em muốn hỏi chuyện khác: bán hàng trên TikTok thì đóng thuế bao nhiêu"); else None."""
    return asking_text(question) if _OTHER_MATTER.search(fold(question)) else None


# a producer changing the subject, anywhere in the message (folded) or before the question
_OTHER_MATTER = re.compile(r"\b(?:chuyen khac|viec khac|ngoai le|ngoai ocop)\b")
_LEADING_OTHER = re.compile(r"^\s*(?:chuyện|việc|chuyen|viec) (?:khác|khac)\s*[:,.-]?\s*", re.I)


def asked_part(clause: str) -> str:
    """``clause`` after its last "thì" when that part says enough ("Hà Nam sáp nhập rồi thì
    thịt đó có tính là nguyên liệu trong tỉnh không" asks about the meat)."""
    return focus.then_part(clause) or clause


def asks_other(part: str, heads: frozenset[str]) -> bool:
    """True when ``part`` asks for a thing none of ``heads`` names ("những nội dung gì",
    "thuộc nhóm nào", "cơ quan nào"): another question than the route's."""
    allowed = heads | _ANY_HEADS
    return any(m[1] not in allowed for m in _WHICH.finditer(part))


def commune_asked(question: str) -> bool:
    """True when the question part asks where a commune went or where to file, and nothing
    else ("sản phẩm kiểu này thuộc nhóm nào" names no commune; "thưởng bao nhiêu tiền" asks
    an amount)."""
    part = asked_part(asking_clause(question))
    if not CommuneQuestions.asks(part):
        return False
    return not asks_other(part, _PLACE_HEADS) and not _AMOUNT.search(part)


def score_asked(question: str) -> bool:
    """True when the clause that asks names the score or what a score gets (a star rank,
    recognition, the certificate, the points missing): "…được 72 điểm, vậy có được 4 sao
    không"; not "…tỉnh cho 66, có được khiếu nại không"."""
    clause = asking_clause(question)
    if not (_SCORE.search(clause) or _OUTCOME.search(clause)):
        return False
    return not asks_other(asked_part(clause), _RANK_HEADS)


def expiry_asked(question: str) -> bool:
    """True unless the clause that asks asks for a thing rather than a date, the validity or
    the logo ("khi làm hồ sơ đánh giá lại thì cần cập nhật những gì": the dossier's
    content)."""
    return not asks_other(asked_part(asking_clause(question)), frozenset())
