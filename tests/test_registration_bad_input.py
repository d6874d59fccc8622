"""Bad input in the middle of the form: a specific message, the same question, nothing lost."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import pytest

from bot.messages import Attachment, Kind
from bot.settings import Settings
from tests.support.chat import ChatClient
from tests.support.registration_script import asked, fill, load_form, photo, start_registration

FORM = load_form()


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """A whole form is typed faster than a person would: no flood limit in these tests."""
    return settings.model_copy(update={"flood_max_messages": 0})


Act = Callable[[ChatClient, Settings], Awaitable[object]]


@dataclass(frozen=True)
class Case:
    at: str  # the field being asked
    act: Act
    says: str  # part of the specific message


def _send(text: str) -> Act:
    return lambda chat, settings: chat.send(text)


def _kind(kind: Kind, **fields: object) -> Act:
    return lambda chat, settings: chat.send_kind(kind, **fields)


def _photo() -> Act:
    return lambda chat, settings: chat.send_file(photo(settings.files_dir))


def _document(mime: str, name: str) -> Act:
    def act(chat: ChatClient, settings: Settings) -> Awaitable[object]:
        path = settings.files_dir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"%PDF-1.4 test")
        attachment = Attachment(path, name, mime, path.stat().st_size, "0" * 64)
        return chat.send_file(attachment, photo=False)

    return act


CASES = {
    "sticker_for_text": Case(
        "unit_name", _kind(Kind.UNSUPPORTED, unsupported="sticker"), "nhãn dán"
    ),
    "voice_for_text": Case("representative", _kind(Kind.UNSUPPORTED, unsupported="voice"), "thoại"),
    "location_for_text": Case("address", _kind(Kind.LOCATION, location=(20.2, 106.1)), "vị trí"),
    "photo_for_text": Case("position", _photo(), "chưa cần ảnh"),
    "5000_characters": Case("unit_name", _send("a" * 5000), "dài quá"),
    "too_long_for_the_field": Case("unit_name", _send("Tên " * 80), "tối đa 200"),
    "phone_with_letters": Case("phone", _send("09l2 345 678"), "chỉ gồm chữ số"),
    "phone_too_short": Case("phone", _send("091234567"), "có 9"),
    "landline": Case("phone", _send("0228 3123 456"), "có 11"),
    "bad_email": Case("email", _send("htx@gmail"), "Email chưa đúng"),
    "tax_with_letters": Case("tax_id", _send("06O1234567"), "chỉ gồm chữ số"),
    "tax_too_short": Case("tax_id", _send("060123"), "10 hoặc 13"),
    "text_for_choice": Case("subject_type", _send("nông dân"), "bấm một nút"),
    "text_where_a_photo_is_expected": Case("photos", _send("ảnh đây"), "cần ảnh"),
    "pdf_where_a_photo_is_expected": Case(
        "photos", _document("application/pdf", "giay.pdf"), "ảnh chụp"
    ),
    "sticker_where_a_photo_is_expected": Case(
        "photos", _kind(Kind.UNSUPPORTED, unsupported="sticker"), "gửi ảnh"
    ),
    "file_over_20_mb": Case("photos", _kind(Kind.PHOTO, attachment_error="too_big"), "20 MB"),
    "file_of_a_bad_type": Case(
        "documents", _kind(Kind.DOCUMENT, attachment_error="bad_type"), "PDF, Word"
    ),
    "range_for_a_number": Case("yearly_output", _send("2-3 tấn"), "một con số"),
    "number_without_unit": Case("yearly_output", _send("20"), "kèm đơn vị"),
    "not_a_number": Case("price", _send("đắt lắm"), "chưa thấy con số"),
    "half_a_sample": Case("sample_units", _send("2,5"), "số nguyên"),
}


@pytest.mark.parametrize("name", sorted(CASES))
async def test_bad_input_gets_a_specific_message_and_the_same_question(
    name: str, chat: ChatClient, settings: Settings
) -> None:
    case = CASES[name]
    await start_registration(chat)
    await fill(chat, FORM, settings.files_dir, stop_before=case.at)
    user = await chat.assistant.services.users.get_by_external(chat.channel, chat.user_id)
    assert user is not None
    repo = chat.assistant.services.applications
    app_id = (await repo.list_for_owner(user.id))[0].id
    before = await repo.get_answers(app_id)
    files_before = await repo.list_attachments(app_id)

    await case.act(chat, settings)

    assert case.says in chat.text, chat.text
    field = asked(chat, FORM)
    assert field is not None and field.id == case.at, chat.text
    after = await repo.get_answers(app_id)
    assert {k: v.value for k, v in after.items()} == {k: v.value for k, v in before.items()}
    assert await repo.list_attachments(app_id) == files_before
