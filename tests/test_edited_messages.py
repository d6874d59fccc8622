"""A producer who corrects an answer by editing their message (issue 11, item 7).

What a producer expects: the edit changes the answer that message gave — as long as that
answer is still the one saved (not answered again since, the application not yet sent).
The edit is read like a typed answer: a valid one is saved and confirmed with the value
understood, an invalid one refused with the reason (the old answer stays). Any other edit
gets a reply saying edits are not read, and how to change an answer. Where the producer is
in the form does not move.
"""

from __future__ import annotations

import pytest

from bot.core import Assistant
from bot.messages import Incoming, Kind, Reply
from bot.settings import Settings
from tests.fakes.bot_api import FakeBotApi
from tests.support.chat import ChatClient
from tests.support.registration_script import start_registration
from tests.support.tg import TgChat, running_bot, telegram_settings
from tests.support.tg_form import start_registration as start_on_telegram

NOT_READ = "Tin nhắn sửa lại này tôi không dùng được"


class Producer(ChatClient):
    """A chat client whose typed messages carry message ids, and who can edit them."""

    number = 100

    async def type(self, text: str) -> int:
        """Send ``text`` as a new message; its message id."""
        self.number += 1
        incoming = Incoming.from_text(self.channel, self.user_id, text, self.name)
        incoming = Incoming(**{**incoming.__dict__, "message_id": str(self.number)})
        await self._do(incoming)
        return self.number

    async def edit(self, message_id: int, text: str) -> list[Reply]:
        edited = Incoming(
            self.channel,
            self.user_id,
            self.name,
            Kind.EDITED,
            text=text,
            message_id=str(message_id),
        )
        return await self._do(edited)


async def answers(assistant: Assistant) -> dict[str, object]:
    [app] = await assistant.services.applications.list_for_owner(1)
    saved = await assistant.services.applications.get_answers(app.id)
    return {field: answer.value for field, answer in saved.items()}


@pytest.fixture
async def lan(assistant: Assistant) -> Producer:
    producer = Producer(assistant, "u1", "Lan")
    await start_registration(producer)
    await producer.press("Hợp tác xã")
    return producer


async def test_editing_an_answer_changes_it_and_the_form_stays_where_it_was(
    lan: Producer, assistant: Assistant
) -> None:
    typo = await lan.type("HTX Nông nghiệp Vạn Thắg")
    await lan.type("Trần Văn An")
    assert "Chức vụ của người đại diện?" in lan.text
    await lan.edit(typo, "HTX Nông nghiệp Vạn Thắng")
    assert "Đã sửa câu «Tên đơn vị» theo tin bạn vừa sửa: HTX Nông nghiệp Vạn Thắng" in lan.text
    assert "Chức vụ của người đại diện?" in lan.text  # still asked the same question
    await lan.type("Giám đốc")
    saved = await answers(assistant)
    assert saved["unit_name"] == "HTX Nông nghiệp Vạn Thắng"
    assert saved["representative"] == "Trần Văn An"
    assert saved["position"] == "Giám đốc"


async def test_an_edit_that_is_not_a_valid_answer_keeps_the_old_one(
    lan: Producer, assistant: Assistant
) -> None:
    for text in ("HTX Nông nghiệp Vạn Thắng", "Trần Văn An", "Giám đốc", "Xóm 3"):
        await lan.type(text)
    await lan.press("Vạn Thắng")
    phone = await lan.type("0912 345 678")
    await lan.edit(phone, "số cũ")
    assert "Tin bạn sửa chưa dùng được cho câu «Điện thoại»" in lan.text
    assert "Câu trả lời cũ vẫn giữ nguyên" in lan.text
    assert (await answers(assistant))["phone"] == "0912345678"


async def test_an_edit_of_an_answer_given_again_since_is_not_read(
    lan: Producer, assistant: Assistant
) -> None:
    first = await lan.type("HTX Vạn Thắng cũ")
    await lan.press("Quay lại")  # back to the name, and answered again
    assert "Tên đơn vị" in lan.text or "tên" in lan.text.lower()
    await lan.type("HTX Nông nghiệp Vạn Thắng")
    await lan.edit(first, "HTX gõ lại lần ba")
    assert NOT_READ in lan.text and "Hồ sơ của tôi" in lan.text
    assert (await answers(assistant))["unit_name"] == "HTX Nông nghiệp Vạn Thắng"


async def test_an_edited_question_or_command_says_edits_are_not_read(
    assistant: Assistant,
) -> None:
    hoa = Producer(assistant, "u2", "Hoa")
    await hoa.send("/start xa_13864")
    asked_id = await hoa.type("sản phẩm ocop là gì")
    await hoa.edit(asked_id, "sản phẩm ocop cần giấy tờ gì")
    assert NOT_READ in hoa.text
    await hoa.edit(999, "")  # an edited photo without a caption
    assert NOT_READ in hoa.text


# -- through Telegram: an edited_message update --------------------------------------------

EDITOR = 2301


async def test_an_edit_on_telegram_corrects_the_answer(api: FakeBotApi, settings: Settings) -> None:
    config = telegram_settings(settings, api, flood_max_messages=0)
    async with running_bot(config) as channel:
        chat = TgChat(api, channel, EDITOR)
        await start_on_telegram(chat)
        await chat.press("Hợp tác xã")
        typed = api.send_text(EDITOR, "HTX Nông nghiệp Vạn Thắg")
        await channel.finished.wait(typed.update_id)
        assert typed.message_id is not None
        edited = api.edit_text(EDITOR, typed.message_id, "HTX Nông nghiệp Vạn Thắng")
        await channel.finished.wait(edited.update_id)
        reply = api.sent_messages(EDITOR)[-1].shown_text
        assert "Đã sửa câu «Tên đơn vị»" in reply and "HTX Nông nghiệp Vạn Thắng" in reply
        assert "Họ và tên người đại diện" in reply  # the question asked now, again
        services = channel.assistant.services
        user = await services.users.get_by_external("telegram", str(EDITOR))
        assert user is not None
        [app] = await services.applications.list_for_owner(user.id)
        saved = await services.applications.get_answers(app.id)
        assert saved["unit_name"].value == "HTX Nông nghiệp Vạn Thắng"
