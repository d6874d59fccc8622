"""Questions handed to commune officers: notified, answered in the bot, answer delivered."""

from __future__ import annotations

from pathlib import Path

from bot.cli import build_parser
from bot.core import Assistant
from bot.storage.faq import UnansweredReason
from bot.storage.handoff import HandoffRepo
from knowledge.faq import read_faq
from tests.support.chat import ChatClient
from tests.support.officer_fixtures import assistant, drain, sender, settings
from tests.support.officer_kit import VAN_THANG, YEN_CUONG, RecordingSender, make_officer
from tests.support.records import audit_entries

__all__ = ["assistant", "sender", "settings"]

QUESTION = "Máy sấy nông sản loại nào tốt cho hợp tác xã <nhỏ>?"


async def _producer_with_question(
    assistant: Assistant, commune: str, external_id: str = "prod", *, sent: bool = False
) -> tuple[ChatClient, int]:
    """A producer's question the assistant was unsure about; ``sent``: and which the
    producer sent to the commune's officers (only those reach officers)."""
    producer = ChatClient(assistant, external_id, "Chị Lan")
    await producer.send("/start")
    await producer.press_payload(f"c:{commune}")
    user = await assistant.services.users.get_by_external("test", external_id)
    assert user is not None
    question_id = await assistant.services.faq_store.save_unanswered(
        user_id=user.id,
        commune_id=commune,
        question=QUESTION,
        normalized="may say nong san loai nao tot cho hop tac xa nho",
        reason=UnansweredReason.UNSURE,
    )
    if sent:
        await producer.press_payload(f"f:h:{question_id}")  # "📨 Gửi câu hỏi cho cán bộ xã"
    return producer, question_id


async def test_question_sent_by_a_producer_is_answered_by_their_communes_officer(
    assistant: Assistant, sender: RecordingSender
) -> None:
    await make_officer(assistant.services, "cb-vt", VAN_THANG)
    await make_officer(assistant.services, "cb-yc", YEN_CUONG)
    producer, question_id = await _producer_with_question(assistant, VAN_THANG)

    await producer.press_payload(f"f:h:{question_id}")  # "📨 Gửi câu hỏi cho cán bộ xã"
    assert "đã" in producer.text.lower()
    await drain(assistant)
    [notice] = sender.texts_to("cb-vt")
    assert "Câu hỏi mới gửi cán bộ" in notice and "&lt;nhỏ&gt;" not in notice
    assert sender.texts_to("cb-yc") == []  # the other commune's officer hears nothing
    [(_, [reply])] = [item for item in sender.sent if item[0] == "cb-vt"]
    assert reply.buttons[0][0].payload == f"o:qo{question_id}"

    officer = ChatClient(assistant, "cb-vt", "Cán bộ")
    await officer.press_payload(reply.buttons[0][0].payload)
    assert "Máy sấy nông sản" in officer.text and "Chị Lan" in officer.text
    await officer.press("Trả lời")
    await officer.send("Anh chị liên hệ HTX Yên Cường để xem máy sấy <năng lượng mặt trời>.")
    assert "Đã lưu và gửi" in officer.text
    await drain(assistant)
    [answer] = sender.texts_to("prod")
    assert "Cán bộ Xã Vạn Thắng trả lời" in answer and "<năng lượng mặt trời>" in answer
    raw = next(r.text for ext, rs in sender.sent if ext == "prod" for r in rs)
    assert "&lt;năng lượng mặt trời&gt;" in raw  # the officer's text is escaped

    await officer.press_payload("o:qs")
    assert "Không có câu hỏi nào" in officer.text
    actions = [e.action for e in await audit_entries(assistant.services.db)]
    assert {"question_open", "question_answer", "questions_list"} <= set(actions)


async def test_officer_of_another_commune_cannot_open_or_answer_the_question(
    assistant: Assistant, sender: RecordingSender
) -> None:
    other = await make_officer(assistant.services, "cb-yc", YEN_CUONG)
    _, question_id = await _producer_with_question(assistant, VAN_THANG)
    officer = ChatClient(assistant, "cb-yc")
    await officer.press_payload("o:qs")
    assert "Không có câu hỏi nào" in officer.text
    for payload in (f"o:qo{question_id}", f"o:qa{question_id}"):
        await officer.press_payload(payload)
        assert "chỉ làm việc được với dữ liệu của xã mình" in officer.text
    # a forged session cannot answer either
    await assistant.services.users.save_session(other.id, "o_answer", {"question": question_id})
    await officer.send("Câu trả lời giả mạo")
    assert "chỉ làm việc được với dữ liệu của xã mình" in officer.text
    assert (await HandoffRepo(assistant.services.db).get(question_id)).answer == ""  # type: ignore[union-attr]
    await drain(assistant)
    assert sender.texts_to("prod") == []


async def test_second_officer_cannot_answer_an_answered_question(
    assistant: Assistant, sender: RecordingSender
) -> None:
    await make_officer(assistant.services, "cb1", VAN_THANG)
    await make_officer(assistant.services, "cb2", VAN_THANG)
    _, question_id = await _producer_with_question(assistant, VAN_THANG, sent=True)
    first, second = ChatClient(assistant, "cb1"), ChatClient(assistant, "cb2")
    await first.press_payload(f"o:qa{question_id}")
    await second.press_payload(f"o:qa{question_id}")
    await first.send("Trả lời thứ nhất")
    await second.send("Trả lời thứ hai")
    assert "đã có cán bộ trả lời" in second.text
    await drain(assistant)
    assert len(sender.texts_to("prod")) == 1


async def test_answers_become_an_faq_draft_for_review(
    assistant: Assistant, sender: RecordingSender, tmp_path: Path
) -> None:
    await make_officer(assistant.services, "cb", VAN_THANG)
    _, question_id = await _producer_with_question(assistant, VAN_THANG, sent=True)
    officer = ChatClient(assistant, "cb")
    await officer.press_payload(f"o:qa{question_id}")
    await officer.send("Nên chọn máy sấy nhiệt độ thấp để giữ màu sản phẩm.")
    draft_dir = tmp_path / "draft"
    args = build_parser().parse_args(["kb", "draft-from-answers", str(draft_dir / "nhap.yaml")])
    assert await args.func(args, assistant.services.settings) == 0
    text = (draft_dir / "nhap.yaml").read_text(encoding="utf-8")
    assert "BẢN NHÁP" in text and "Nên chọn máy sấy" in text
    kb, problems = read_faq(draft_dir)
    assert kb.entries == () and problems  # not loadable as is: a reviewer adds variants
    assert all("variants" in problem for problem in problems)


async def test_producer_without_a_commune_is_asked_for_it_before_the_hand_off(
    assistant: Assistant, sender: RecordingSender
) -> None:
    """Issue 15 item 10: the question reaches the officers of the producer's commune, once."""
    await make_officer(assistant.services, "admin", None, admin=True)
    await make_officer(assistant.services, "cb-vt", VAN_THANG)
    await make_officer(assistant.services, "cb-yc", YEN_CUONG)
    producer = ChatClient(assistant, "prod", "Chị Lan")
    await producer.send("/start")
    # the same question typed three times before choosing a commune
    await producer.send("máy sấy nông sản loại nào tốt cho hợp tác xã nhỏ vậy ạ")
    await producer.send("máy sấy nông sản loại nào tốt cho hợp tác xã nhỏ vậy ạ")
    await producer.send("Máy sấy nông sản loại nào tốt cho hợp tác xã nhỏ vậy ạ?")
    assert "chưa chắc" in producer.text

    await producer.press("Gửi câu hỏi cho cán bộ xã")
    assert "bạn ở xã/phường nào" in producer.text
    assert "Xã Vạn Thắng" in [b.label for b in producer.buttons()]
    await drain(assistant)
    assert sender.sent == []  # nobody is told before the commune is known

    await producer.send("yen thang")  # an old commune name
    assert "nay thuộc Xã Vạn Thắng" in producer.text
    assert "Tôi đã lưu câu hỏi «Máy sấy nông sản" in producer.text
    await drain(assistant)
    [notice] = sender.texts_to("cb-vt")
    assert "Câu hỏi mới gửi cán bộ" in notice and "Xã Vạn Thắng" in notice
    assert sender.texts_to("cb-yc") == []

    officer = ChatClient(assistant, "cb-vt", "Cán bộ")
    await officer.press_payload("o:qs")
    asked = [b.label for b in officer.buttons() if "Máy sấy" in b.label or "máy sấy" in b.label]
    assert len(asked) == 1  # listed once, not three times
    admin = ChatClient(assistant, "admin", "Quản trị")
    await admin.press_payload("o:qs")
    asked = [b.label for b in admin.buttons() if "sấy" in b.label]
    assert len(asked) == 1 and asked[0].startswith("📨")
