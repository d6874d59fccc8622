"""Mẫu 01 item 3: the product's group comes from Phụ lục I, guessed from the producer's words."""

from __future__ import annotations

import pytest

from bot.settings import Settings
from tests.support.chat import ChatClient
from tests.support.registration_script import asked, fill, load_form, start_registration

FORM = load_form()


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """A whole form is typed faster than a person would: no flood limit in these tests."""
    return settings.model_copy(update={"flood_max_messages": 0})


async def _app_id(chat: ChatClient) -> int:
    user = await chat.assistant.services.users.get_by_external(chat.channel, chat.user_id)
    assert user is not None
    return (await chat.assistant.services.applications.list_for_owner(user.id))[0].id


async def _at_group_question(chat: ChatClient, settings: Settings, product: str) -> None:
    await start_registration(chat)
    await fill(chat, FORM, settings.files_dir, stop_before="product_name")
    await chat.send(product)
    if "Giữ nguyên" in " ".join(b.label for b in chat.buttons()):  # typed without diacritics
        await chat.press("Giữ nguyên")  # (issue 15 item 7: asked once, kept as typed)
    found = asked(chat, FORM)
    assert found is not None and found.id == "product_class", chat.text


def _choices(chat: ChatClient) -> list[str]:
    """The answer buttons of the question (not the navigation row)."""
    navigation = ("Quay lại", "Lưu và thoát", "Bỏ qua", "Lên mức trên")
    return [b.label for b in chat.buttons() if not any(n in b.label for n in navigation)]


async def test_gao_nep_offers_set_3_first_and_one_press_saves_class_and_sector(
    chat: ChatClient, settings: Settings
) -> None:
    await _at_group_question(chat, settings, "gạo nếp")
    assert "Bước 9/" in chat.text and "Mẫu số 01 · 3. Nhóm sản phẩm đăng ký" in chat.text
    assert "Trợ lý đoán từ tên «gạo nếp»" in chat.text
    choices = _choices(chat)
    assert choices[0] == "Gạo, ngũ cốc, hạt sơ chế khác" and choices[-1] == "Chọn nhóm khác…"
    await chat.press("Gạo, ngũ cốc, hạt sơ chế khác")
    answers = await chat.assistant.services.applications.get_answers(await _app_id(chat))
    assert answers["product_class"].value == "raw_grain"
    assert answers["product_group"].value == "food"  # saved in the same write
    assert "bộ tiêu chí số 3: «Gạo, ngũ cốc, hạt sơ chế khác»" in chat.text
    assert "Lần đăng ký đánh giá" in chat.text and "Bước 10/" in chat.text


async def test_a_name_without_diacritics_finds_its_set(
    chat: ChatClient, settings: Settings
) -> None:
    await _at_group_question(chat, settings, "nuoc mam ca com")
    assert _choices(chat)[0] == "Tương, nước mắm, gia vị dạng lỏng khác"
    await chat.press("Tương, nước mắm")
    answers = await chat.assistant.services.applications.get_answers(await _app_id(chat))
    assert answers["product_class"].value == "liquid_seasoning"
    assert answers["product_group"].value == "food"


async def test_an_unknown_product_walks_the_tree_sector_group_subgroup(
    chat: ChatClient, settings: Settings
) -> None:
    await _at_group_question(chat, settings, "Sản phẩm đặc biệt của làng")
    assert "chưa nhận ra «Sản phẩm đặc biệt của làng»" in chat.text
    assert _choices(chat)[:2] == ["Thực phẩm", "Đồ uống"] and len(_choices(chat)) == 6
    await chat.press("Đồ uống")
    assert "Ngành Đồ uống — chọn nhóm" in chat.text
    assert _choices(chat) == ["Đồ uống có cồn", "Đồ uống không cồn"]
    await chat.press("Đồ uống có cồn")
    assert "chọn phân nhóm" in chat.text
    await chat.press("Lên mức trên")  # and back down again
    await chat.press("Đồ uống có cồn")
    answers = await chat.assistant.services.applications.get_answers(await _app_id(chat))
    assert "product_class" not in answers  # walking the tree saves nothing
    await chat.press("Rượu trắng")
    answers = await chat.assistant.services.applications.get_answers(await _app_id(chat))
    assert answers["product_class"].value == "white_liquor"
    assert answers["product_group"].value == "drink"


async def test_other_group_opens_the_tree_even_when_a_guess_exists(
    chat: ChatClient, settings: Settings
) -> None:
    await _at_group_question(chat, settings, "gạo nếp")
    await chat.press("Chọn nhóm khác…")
    assert "Chọn ngành" in chat.text
    await chat.press("Thực phẩm")
    await chat.press("Thực phẩm chế biến")
    await chat.press("Chế biến từ gạo, ngũ cốc")
    answers = await chat.assistant.services.applications.get_answers(await _app_id(chat))
    assert answers["product_class"].value == "processed_grain"


async def test_a_name_typed_at_the_group_question_is_matched_not_refused(
    chat: ChatClient, settings: Settings
) -> None:
    await _at_group_question(chat, settings, "Sản phẩm của hợp tác xã")
    await chat.press("Hàng thủ công mỹ nghệ")
    await chat.send("chiếu cói")  # typed in the middle of the tree
    assert "Với «chiếu cói», trợ lý đoán" in chat.text
    assert _choices(chat)[0] == "Thủ công mỹ nghệ gia dụng, trang trí"
    answers = await chat.assistant.services.applications.get_answers(await _app_id(chat))
    assert "product_class" not in answers
    await chat.press("Thủ công mỹ nghệ gia dụng")
    answers = await chat.assistant.services.applications.get_answers(await _app_id(chat))
    assert answers["product_class"].value == "craft_decor"
    assert answers["product_group"].value == "craft"


async def test_an_old_draft_with_only_a_subgroup_is_asked_the_group_on_resume(
    chat: ChatClient, settings: Settings
) -> None:
    """A draft from before Mẫu 01: product_group and subgroup_food, no product_class."""
    await start_registration(chat)
    await fill(chat, FORM, settings.files_dir, stop_before="product_name")
    app_id = await _app_id(chat)
    repo = chat.assistant.services.applications
    await repo.save_answer(app_id, "product_name", "Gạo tám thơm Vạn Thắng")
    await repo.save_answer(app_id, "product_group", "food")
    await repo.save_answer(app_id, "subgroup_food", "processed")  # a retired field
    await repo.save_answer(app_id, "reg_kind", "first")
    await chat.send("/huy")
    await chat.send("/start")
    await chat.press("Làm tiếp")
    found = asked(chat, FORM)
    assert found is not None and found.id == "product_class"
    assert "Trợ lý đoán từ tên «Gạo tám thơm Vạn Thắng»" in chat.text
    await chat.press("Gạo, ngũ cốc")
    found = asked(chat, FORM)
    assert found is not None and found.id == "self_assessment"  # reg_kind was answered
    answers = await repo.get_answers(app_id)
    assert answers["product_class"].value == "raw_grain"
    assert answers["subgroup_food"].value == "processed"  # kept, never lost


async def test_editing_the_group_from_the_summary_updates_the_sector(
    chat: ChatClient, settings: Settings
) -> None:
    await start_registration(chat)
    await fill(chat, FORM, settings.files_dir)
    assert "Ngành: Thực phẩm; Nhóm: Thực phẩm thô, sơ chế" in chat.text
    assert "Ngành:" not in [b.label for b in chat.buttons()]
    await chat.press("Sửa")
    assert not any(b.label.endswith(". Ngành") for b in chat.buttons())  # saved with the group
    await chat.press("Nhóm sản phẩm đăng ký")
    await chat.send("rượu nếp")
    await chat.press("Rượu trắng")
    assert "Tóm tắt hồ sơ" in chat.text and "Ngành: Đồ uống; Nhóm: Đồ uống có cồn" in chat.text
    answers = await chat.assistant.services.applications.get_answers(await _app_id(chat))
    assert answers["product_group"].value == "drink"
