"""An update a channel hands over twice (delivered again after a crash, or retried by a
webhook) is handled once: a typed answer is not stored a second time in the next field.
Duplicates are recognised by the channel's update identity, so an earlier message that
arrives after a later one is still answered — never thrown away as "seen"."""

from __future__ import annotations

import dataclasses

from bot.core import Assistant
from bot.messages import Incoming
from tests.support.chat import ChatClient
from tests.support.inbox import CHANNEL, ScriptReader
from tests.support.registration_script import start_registration


async def test_an_update_delivered_again_is_handled_once(assistant: Assistant) -> None:
    reader = ScriptReader(assistant)
    chat = ChatClient(assistant, "u1", "Lan", channel=CHANNEL)
    await start_registration(chat)
    await chat.press("Hợp tác xã")
    assert "Tên đơn vị" in chat.text
    assert await reader.accept("u1", "500", "HTX Nông nghiệp Vạn Thắng")
    assert not await reader.accept("u1", "500", "HTX Nông nghiệp Vạn Thắng")  # again
    await reader.settled_all()
    assert reader.order == ["500"]
    assert "Đã lưu" in reader.said("500")
    [app] = await assistant.services.applications.list_for_owner(1)
    answers = await assistant.services.applications.get_answers(app.id)
    assert answers["unit_name"].value == "HTX Nông nghiệp Vạn Thắng"
    assert "representative" not in answers  # not filled with the repeated text
    assert await reader.accept("u1", "501", "Trần Văn An")
    await reader.settled_all()
    assert "Đã lưu" in reader.said("501")
    answers = await assistant.services.applications.get_answers(app.id)
    assert answers["representative"].value == "Trần Văn An"


def typed(text: str, message_id: int) -> Incoming:
    incoming = Incoming.from_text("test", "u2", text, "Hoa")
    return dataclasses.replace(incoming, message_id=str(message_id))


async def test_an_earlier_message_arriving_after_a_later_one_is_still_answered(
    assistant: Assistant,
) -> None:
    chat = ChatClient(assistant, "u2", "Hoa")
    await start_registration(chat)
    await chat.press("Hợp tác xã")
    later = await assistant.handle(typed("HTX Nông nghiệp Vạn Thắng", 11))
    assert "Đã lưu" in later[0].text
    earlier = await assistant.handle(typed("Trần Văn An", 10))  # a smaller message id
    assert earlier and "Đã lưu" in earlier[0].text
    [app] = await assistant.services.applications.list_for_owner(1)
    answers = await assistant.services.applications.get_answers(app.id)
    assert answers["representative"].value == "Trần Văn An"


async def test_messages_without_a_number_are_always_handled(assistant: Assistant) -> None:
    chat = ChatClient(assistant, "u3", "Hoa")
    for _ in range(3):
        assert await chat.send("/help")  # the console and tests have no message ids
