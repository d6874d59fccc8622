"""Who may register (QĐ 26/2026/QĐ-TTg, Điều 2 khoản 3), read from a registration's answers.

Owns the one rule that blocks a submission whatever else is filled in: "hợp tác xã; tổ hợp
tác; doanh nghiệp nhỏ và vừa; trang trại, hộ sản xuất, hộ gia đình có đăng ký kinh doanh", and
for the tourism sector also "hội, hiệp hội, trung tâm điều hành hoặc tổ chức tương đương". A
household without a business registration may fill and keep a draft, but not submit it; an
association may register only a tourism product. Pure: the words the producer reads are the
replies ``registration.eligibility_<problem>`` and ``registration.cannot_submit_<problem>``.

>>> problem({"subject_type": "unregistered"})
<Problem.UNREGISTERED: 'unregistered'>
>>> problem({"subject_type": "association", "product_group": "food"})
<Problem.ASSOCIATION_NOT_TOURISM: 'association_not_tourism'>
>>> problem({"subject_type": "association", "product_group": "tourism"}) is None
True
>>> problem({"subject_type": "hkd"}) is None
True
"""

from __future__ import annotations

from enum import StrEnum

from knowledge.forms import Values

SUBJECT_FIELD = "subject_type"
GROUP_FIELD = "product_group"
UNREGISTERED = "unregistered"  # the subject_type choice of a household without registration
ASSOCIATION = "association"  # hội, hiệp hội, trung tâm điều hành du lịch
TOURISM = "tourism"  # the sector open to associations
SOURCE = "Quyết định 26/2026/QĐ-TTg, Điều 2 khoản 3"


class Problem(StrEnum):
    UNREGISTERED = "unregistered"
    ASSOCIATION_NOT_TOURISM = "association_not_tourism"


def problem(values: Values) -> Problem | None:
    """Why these answers cannot be submitted under Điều 2 khoản 3 (None: they can)."""
    subject = values.get(SUBJECT_FIELD)
    if subject == UNREGISTERED:
        return Problem.UNREGISTERED
    group = values.get(GROUP_FIELD)
    if subject == ASSOCIATION and group is not None and group != TOURISM:
        return Problem.ASSOCIATION_NOT_TOURISM
    return None
