"""The FAQ in chat, as a producer meets it: answers with sources, buttons, votes, hand-off."""

from __future__ import annotations

import unicodedata

from bot.context import Context
from bot.messages import MAX_PAYLOAD_BYTES, Incoming, Kind
from bot.storage.faq import UnansweredReason
from handlers.faq import FaqFeature
from tests.support.chat import ChatClient
from tests.support.records import handoffs, votes

VAN_THANG = "13864"
UNSURE_QUESTION = "chấm điểm ocop có quay video không"


async def start(chat: ChatClient) -> None:
    await chat.send(f"/start xa_{VAN_THANG}")


async def test_score_question_without_diacritics_gets_the_4_star_band_with_its_source(
    chat: ChatClient,
) -> None:
    await start(chat)
    await chat.send("sp dat bn diem thi dc 4 sao")
    assert "70" in chat.text and "dưới 90" in chat.text
    assert "Nguồn: Quyết định 26/2026/QĐ-TTg ngày 22/5/2026, Điều 3 khoản 3" in chat.text
    assert chat.last[0].text.startswith("<b>")  # the question it answers, in bold


async def test_a_score_in_the_question_gets_the_computed_band(chat: ChatClient) -> None:
    await start(chat)
    await chat.send("65 điểm được mấy sao")
    assert "65 điểm được xếp hạng 3 sao" in chat.text
    assert "Nguồn: Quyết định 26/2026/QĐ-TTg" in chat.text


async def test_gold_price_gets_an_honest_refusal_and_is_stored(chat: ChatClient) -> None:
    await start(chat)
    await chat.send("giá vàng hôm nay")
    assert "chỉ trả lời được câu hỏi về Chương trình OCOP" in chat.text
    assert "«giá vàng hôm nay»" in chat.text
    assert not chat.buttons()
    gaps = await chat.assistant.services.faq_store.list_gaps()
    assert [(g.example, g.reason) for g in gaps] == [
        ("giá vàng hôm nay", UnansweredReason.OUT_OF_SCOPE)
    ]


async def test_questions_sharing_one_word_with_the_faq_are_not_answered(
    chat: ChatClient,
) -> None:
    await start(chat)
    for question in ("khách sạn 5 sao ở Ninh Bình", "cách làm sổ đỏ", "lich thi dau bong da"):
        await chat.send(question)
        assert "Nguồn:" not in chat.text, question


async def test_related_buttons_open_related_answers(chat: ChatClient) -> None:
    await start(chat)
    await chat.send("giay chung nhan ocop dc bao nhieu nam")
    assert "36 tháng" in chat.text
    related = [b for b in chat.buttons() if b.payload.startswith("f:q:")]
    assert 1 <= len(related) <= 3
    assert all(
        b.payload.isascii() and len(b.payload.encode()) <= MAX_PAYLOAD_BYTES for b in related
    )
    label = related[0].label.rstrip("…")
    await chat.press_payload(related[0].payload)
    assert chat.text.startswith(label)
    assert "Nguồn:" in chat.text


async def test_votes_are_stored_and_a_second_vote_replaces_the_first(chat: ChatClient) -> None:
    await start(chat)
    await chat.send("ho so ocop gom nhung gi")
    entry_id = chat.last[0].meta["faq"]
    await chat.press("👍")
    assert "Cảm ơn" in chat.text
    db = chat.assistant.services.db
    assert await votes(db, entry_id) == (1, 0)
    await chat.send("ho so ocop gom nhung gi")
    await chat.press("👎")
    assert await votes(db, entry_id) == (0, 1)


async def test_unsure_answer_offers_three_questions_and_the_commune_officer(
    chat: ChatClient,
) -> None:
    await start(chat)
    await chat.send(UNSURE_QUESTION)
    assert "Tôi chưa chắc" in chat.text
    topics = [b for b in chat.buttons() if b.payload.startswith("f:q:")]
    assert len(topics) == 3
    await chat.press("cán bộ xã")
    assert "đã lưu câu hỏi" in chat.text
    passed_on = await handoffs(chat.assistant.services.db, VAN_THANG)
    assert [h.question for h in passed_on] == [UNSURE_QUESTION]
    assert passed_on[0].reason is UnansweredReason.UNSURE


async def test_hand_off_twice_is_saved_once(chat: ChatClient) -> None:
    await start(chat)
    await chat.send(UNSURE_QUESTION)
    payload = chat.button("cán bộ xã").payload
    await chat.press_payload(payload)
    await chat.press_payload(payload)
    assert "đã được gửi cho cán bộ xã/phường rồi" in chat.text
    assert len(await handoffs(chat.assistant.services.db)) == 1


async def test_another_user_cannot_hand_off_someone_elses_question(chat: ChatClient) -> None:
    await start(chat)
    await chat.send(UNSURE_QUESTION)
    payload = chat.button("cán bộ xã").payload
    other = ChatClient(chat.assistant, user_id="u2", name="Mai")
    await start(other)
    await other.press_payload(payload)
    assert "cũ" in other.text
    assert await handoffs(chat.assistant.services.db) == []


async def test_user_text_is_escaped_in_the_unsure_reply(chat: ChatClient) -> None:
    await start(chat)
    await chat.send("<b>ocop</b> có quay video không")
    assert "&lt;b&gt;ocop&lt;/b&gt;" in chat.last[0].text


async def test_nfd_question_gets_the_same_answer(chat: ChatClient) -> None:
    await start(chat)
    await chat.send("Sản phẩm đạt 5 sao cần từ bao nhiêu điểm?")
    nfc_answer = chat.text
    await chat.send(unicodedata.normalize("NFD", "Sản phẩm đạt 5 sao cần từ bao nhiêu điểm?"))
    assert chat.text == nfc_answer and "90" in chat.text


async def test_stale_faq_button_gets_a_polite_reply(chat: ChatClient) -> None:
    await start(chat)
    await chat.press_payload("f:q:no-such-entry")
    assert "không còn trong bộ hỏi đáp" in chat.text
    await chat.press_payload("f:up:no-such-entry")
    assert "không còn trong bộ hỏi đáp" in chat.text


async def test_try_answer_answers_questions_but_not_form_answers(chat: ChatClient) -> None:
    await start(chat)
    services = chat.assistant.services
    user = await services.users.get_by_external("test", chat.user_id)
    assert user is not None
    incoming = Incoming("test", chat.user_id, "Lan", Kind.TEXT, text="")
    ctx = Context(incoming, user, await services.users.get_session(user.id), services)
    feature = FaqFeature()
    answer = await feature.try_answer(ctx, "hồ sơ OCOP gồm những gì?")
    assert answer is not None and "Phiếu đăng ký" in answer[0].text
    for typed in ("Nguyễn Văn An", "0912345678", "Công ty TNHH Minh Phát", "giá vàng hôm nay"):
        assert await feature.try_answer(ctx, typed) is None, typed
    assert await services.faq_store.list_gaps() == []  # nothing stored mid-form


async def test_asking_for_the_officers_phone_offers_the_hand_off(chat: ChatClient) -> None:
    """Issue 15 item 1: "số điện thoại cán bộ xã" is not a dead end: the answer offers to send
    the question to the commune officer, and pressing it reaches the officers of Vạn Thắng."""
    await start(chat)
    await chat.send("so dien thoai can bo xa")
    assert "Tôi chưa chắc" not in chat.text and "Nguồn:" in chat.text
    await chat.press("Gửi câu hỏi cho cán bộ xã")
    assert "đã lưu câu hỏi" in chat.text
    passed_on = await handoffs(chat.assistant.services.db, VAN_THANG)
    assert [h.question for h in passed_on] == ["so dien thoai can bo xa"]
