"""Sloppy typing in the registration chat (issue 15 item 6): what the producer meant is
stored, normalised, and repeated with a way back; options may be typed instead of pressed."""

from __future__ import annotations

from typing import Any

import pytest

from bot.settings import Settings
from tests.support.chat import ChatClient
from tests.support.registration_script import (
    Step,
    asking,
    fill,
    load_form,
    reach,
    start_registration,
    stored_answers,
)

FORM = load_form()


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """A whole form is typed faster than a person would: no flood limit in these tests."""
    return settings.model_copy(update={"flood_max_messages": 0})


async def _answers(chat: ChatClient) -> dict[str, Any]:
    return await stored_answers(chat)


def _asking(chat: ChatClient) -> str | None:
    return asking(chat, FORM)


async def _at(chat: ChatClient, settings: Settings, field_id: str) -> None:
    await reach(chat, FORM, settings.files_dir, field_id)


async def test_a_sloppy_price_is_stored_normalised_and_shown_back_with_a_way_back(
    chat: ChatClient, settings: Settings
) -> None:
    await _at(chat, settings, "price")
    await chat.send("tam 80 nghin 1 chai")
    assert "Đã lưu: 80.000 đồng/chai" in chat.text
    assert "«tam 80 nghin 1 chai»" in chat.text and "Quay lại" in chat.text
    assert (await _answers(chat))["price"] == {"value": 80000, "unit": "đồng/chai"}
    await chat.press("Quay lại")
    assert _asking(chat) == "price" and "80.000 đồng/chai" in chat.text


async def test_a_price_typed_as_a_harvest_gets_a_price_example(
    chat: ChatClient, settings: Settings
) -> None:
    await _at(chat, settings, "price")
    await chat.send("20 tấn")
    assert "giá bán" in chat.text and "«80.000 đồng/chai»" in chat.text
    assert "«20 tấn»" not in chat.text
    assert _asking(chat) == "price" and "price" not in await _answers(chat)
    await chat.send("80.000đ/chai 500ml")
    assert (await _answers(chat))["price"] == {"value": 80000, "unit": "đồng/chai 500 ml"}


async def test_samples_counted_in_words_and_with_their_size(
    chat: ChatClient, settings: Settings
) -> None:
    await _at(chat, settings, "sample_units")
    await chat.send("3 tui 2kg")
    assert "Đã lưu: 3 túi 2 kg" in chat.text
    assert "05 sản phẩm mẫu" in chat.text  # fewer than the five the rules ask for
    assert (await _answers(chat))["sample_units"] == {"value": 3, "unit": "túi 2 kg"}


async def test_certificates_typed_by_name_are_ticked_then_saved_with_xong(
    chat: ChatClient, settings: Settings
) -> None:
    await _at(chat, settings, "certificates")
    await chat.send("attp, vietgap")
    assert "Đang chọn: Giấy chứng nhận ATTP, VietGAP" in chat.text
    assert _asking(chat) == "certificates"
    assert "✅ VietGAP" in [b.label for b in chat.buttons()]
    await chat.send("ma vach")
    await chat.send("xong")
    assert (await _answers(chat))["certificates"] == ["attp", "vietgap", "barcode"]


async def test_a_category_typed_at_the_product_class_offers_the_processed_groups(
    chat: ChatClient, settings: Settings
) -> None:
    await _at(chat, settings, "product_class")
    await chat.send("che bien")
    labels = [b.label for b in chat.buttons()]
    assert "Chế biến từ gạo, ngũ cốc" in labels and "Chế biến từ rau, củ, quả, hạt" in labels
    await chat.press("Chế biến từ gạo, ngũ cốc")
    assert (await _answers(chat))["product_class"] == "processed_grain"


async def test_the_subject_typed_as_a_word_is_understood(
    chat: ChatClient, settings: Settings
) -> None:
    await start_registration(chat)
    assert _asking(chat) == "subject_type"
    await chat.send("cong ty")
    assert "Đã lưu: Doanh nghiệp nhỏ và vừa" in chat.text
    answers = await fill(
        chat, FORM, settings.files_dir, answers={"price": Step(send="35k/kg")}, limit=60
    )
    assert "price" in answers
    assert "Giá bán: 35.000 đồng/kg" in chat.text  # the summary shows it the same way
