"""The words that say what a question about a scoring sheet asks: points, what is needed,
a star rank, or what follows from a situation («thì sao», «có bị loại không»).

Owns these patterns (folded text, as ``knowledge/text.fold`` and the FAQ's normaliser write
it); used by ``knowledge/criterion_answer.py`` and ``knowledge/criterion_notes.py``. Pure.

>>> bool(OUTCOME_CUE.search("mau gui len co con trung thi sao"))
True
>>> bool(OUTCOME_CUE.search("ho so gom nhung gi"))
False
"""

from __future__ import annotations

import re

# A question about points or levels: "mấy điểm", "cộng điểm", "được tính", "mức 4 sao".
POINTS_CUE = re.compile(  # "điểm", not "thời điểm" (a time) or "địa điểm" (a place)
    r"\b(?:(?<!thoi )(?<!dia )diem|(?:duoc|co) tinh(?! la)|muc \d sao|dat \d sao|duoc \d sao"
    r"|len \d sao|du \d sao|(?:duoc|dc|cham|tinh) (?:may|bn|bao nhieu)"
    r"(?=\s*$|\s*[,.?!]| (?:diem|vay|a|ad|ah|nhi|nhe|ha|thi|toi da|va|neu|ko|khong)\b))\b"
    r"|\bcham (?:the nao|ra sao|nhu the nao|gom)\b|\bkhi cham\b"
    r"|\b(?:cham|kiem) (?:\w+ ){0,4}(?:gi|nhung gi|cai gi)$|\btoi da (?:bao nhieu|bn|may)\b"
    r"|\b(?:nhung|cac) (?:chi tieu|tieu chi) (?:nao|gi)\b"  # "chấm … những chỉ tiêu nào"
    r"|\bcham (?:\w+ ){0,4}theo (?:nhung )?(?:muc|tieu chi)\b"
    r"|(?<!bo )\btieu chi (?!nao|gi|ocop|la|chia)\w|\bgom nhung\b"
    r"|\b(?:duoc|dc) cong (?:o |vao )?(?:muc|phan|tieu chi)\b"  # "được cộng ở mục nào"
    r"|\b(?:cham|danh gia|tinh) (?:dua vao|dua tren|can cu vao|can cu) (?:dau|gi|nhung gi)\b"
    r"|\b[345] sao\b(?=.*\bmuc\b)|\bmuc\b(?=.*\b[345] sao\b)"  # "4 sao thì mục … phải"
)
# A question about what is needed or what follows: "có cần", "bắt buộc", "có sao không".
NEED_CUE = re.compile(
    r"\b(?:co can|can phai|bat buoc|phai co|co phai|co sao (?:khong|ko)|bi loai|bi sao|dat yeu cau"
    r"|(?:cham|tinh|danh gia) (?:duoc|dc) (?:khong|ko)|giay to gi|chuan bi (?:gi|nhung)"
    r"|thi sao|xu ly (?:sao|the nao|ra sao)|(?:cham|danh gia|xem xet) tiep"
    r"|(?:yeu cau|doi hoi) (?:gi|nhung gi|nhu the nao|the nao|ra sao))\b"
)
# Points or a star rank ("còn 5 sao thì hợp đồng liên kết phải ổn định bao lâu").
RANK_CUE = re.compile(POINTS_CUE.pattern + r"|\b[345] sao\b")
# What follows from a situation: "thì sao", "có bị loại không", "có chấm tiếp không",
# "đăng ký OCOP được không".
OUTCOME_CUE = re.compile(
    r"\b(?:thi sao|co sao|bi sao|bi loai|loai (?:khong|ko)|xu ly (?:sao|the nao|ra sao)"
    r"|(?:cham|danh gia|xem xet) tiep|(?:duoc|dc) (?:khong|ko)|co (?:anh huong|sao) gi)\b"
)
