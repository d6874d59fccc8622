"""A message a channel hands over twice (an update delivered again after a crash) is
handled once: a typed answer is not stored a second time in the next field."""

from __future__ import annotations

import dataclasses

from bot.core import Assistant
from bot.messages import Incoming
from tests.support.chat import ChatClient
from tests.support.registration_script import start_registration

CHANNEL = "test"


def typed(text: str, message_id: int) -> Incoming:
    incoming = Incoming.from_text(CHANNEL, "u1", text, "Lan")
    return dataclasses.replace(incoming, message_id=str(message_id))


async def test_a_message_delivered_again_is_not_answered_twice(assistant: Assistant) -> None:
    chat = ChatClient(assistant, "u1", "Lan")
    await start_registration(chat)
    await chat.press("Hợp tác xã")
    assert "Tên đơn vị" in chat.text
    first = await assistant.handle(typed("HTX Nông nghiệp Vạn Thắng", 10))
    assert "Đã lưu" in first[0].text
    again = await assistant.handle(typed("HTX Nông nghiệp Vạn Thắng", 10))
    assert again == []  # handled already: no reply, nothing stored
    older = await assistant.handle(typed("HTX cũ", 9))
    assert older == []
    [app] = await assistant.services.applications.list_for_owner(1)
    answers = await assistant.services.applications.get_answers(app.id)
    assert answers["unit_name"].value == "HTX Nông nghiệp Vạn Thắng"
    assert "representative" not in answers  # not filled with the repeated text
    newer = await assistant.handle(typed("Trần Văn An", 11))
    assert "Đã lưu" in newer[0].text


async def test_messages_without_a_number_are_always_handled(assistant: Assistant) -> None:
    chat = ChatClient(assistant, "u2", "Hoa")
    for _ in range(3):
        assert await chat.send("/help")  # the console and tests have no message ids
