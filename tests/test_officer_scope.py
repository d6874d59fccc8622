"""An officer's reach is the commune their role was granted for: choosing another commune in
the menu (a deep link, a commune button, typing its name) must not move it there.

Found by the random walk (``tests/test_fuzz.py``, seed 11): an officer of Yên Cường who
picked "Vạn Thắng" in the menu then saw Vạn Thắng's waiting questions.
"""

from __future__ import annotations

import pytest

from bot.core import Assistant
from tests.support.chat import ChatClient
from tests.support.officer_fixtures import assistant, sender, settings
from tests.support.officer_kit import VAN_THANG, YEN_CUONG, make_officer

__all__ = ["assistant", "sender", "settings"]
QUESTION = "giá vàng hôm nay thế nào, tôi là Lan ở xóm Đông"


@pytest.mark.parametrize(
    "move",
    [f"/start xa_{VAN_THANG}", f"c:{VAN_THANG}", "Vạn Thắng"],
    ids=["deep link", "commune button", "typed name"],
)
async def test_an_officer_cannot_move_to_another_commune_from_the_menu(
    assistant: Assistant, move: str
) -> None:
    producer = ChatClient(assistant, "p1", "Lan")
    await producer.send(f"/start xa_{VAN_THANG}")
    await producer.send(QUESTION)  # unanswered: waits for the officers of Vạn Thắng
    await make_officer(assistant.services, "o1", YEN_CUONG)
    officer = ChatClient(assistant, "o1", "Bình")
    if move.startswith("c:"):
        await officer.press_payload("m:commune")
        await officer.press_payload(move)
    elif move.startswith("/"):
        await officer.send(move)
    else:
        await officer.press_payload("m:commune")
        await officer.send(move)
    assert "cán bộ của Xã Yên Cường" in officer.text
    user = await assistant.services.users.get_by_external("test", "o1")
    assert user is not None and user.commune_id == YEN_CUONG
    await officer.press_payload("o:qs")
    assert "giá vàng" not in officer.text
    assert "Vạn Thắng" not in officer.text


async def test_a_producer_still_changes_commune_freely(assistant: Assistant) -> None:
    producer = ChatClient(assistant, "p1", "Lan")
    await producer.send(f"/start xa_{VAN_THANG}")
    await producer.send(f"/start xa_{YEN_CUONG}")
    user = await assistant.services.users.get_by_external("test", "p1")
    assert user is not None and user.commune_id == YEN_CUONG
