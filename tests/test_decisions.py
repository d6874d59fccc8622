"""Two officers deciding at once, and a crash between saving and telling.

A decision is a compare-and-set on "đã nộp": exactly one of two officers deciding at the
same moment wins, the other is told who decided first, the history holds one decision and
the producer gets one notice. The notice is queued in the same transaction as the change
it reports (a decision, an officer's answer, a hand-off, an archived draft), so a crash in
between keeps both or neither — never a change nobody is told about.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from bot.app import open_assistant
from bot.core import Assistant
from bot.retention import run_maintenance
from bot.settings import Settings
from bot.storage.applications import Application, Status
from tests.support.chat import ChatClient
from tests.support.officer_fixtures import assistant, drain, sender, settings
from tests.support.officer_kit import VAN_THANG, RecordingSender, make_officer
from tests.test_handoff import _producer_with_question
from tests.test_retention import _draft, later
from tests.test_review import submit_application

__all__ = ["assistant", "sender", "settings"]
DECISIONS = (Status.ACCEPTED, Status.NEEDS_MORE, Status.REJECTED)


class Crash(BaseException):
    """The process dying at this point (not an error the program could answer)."""


async def two_officers(assistant: Assistant) -> tuple[ChatClient, ChatClient]:
    await make_officer(assistant.services, "cb-ha", VAN_THANG)
    await make_officer(assistant.services, "cb-nam", VAN_THANG)
    ha = ChatClient(assistant, "cb-ha", "Cán bộ Hà")
    nam = ChatClient(assistant, "cb-nam", "Cán bộ Nam")
    for officer in (ha, nam):
        await officer.send("/canbo")  # known by name from their first message
    return ha, nam


def both_read_before_either_writes(assistant: Assistant, app_id: int) -> None:
    """Each officer's first look at the application sees the same "đã nộp": the two
    decisions then start from the same state, as two people pressing at once do.

    One process handles one message at a time in its own transaction (bot/core.py), so the
    second officer's look comes after the first decision was saved; it is given the state
    the first officer saw, as a second worker reading at the same moment would have seen
    it. Only the compare-and-set when saving can then tell the two apart."""
    repo = assistant.services.applications
    real_get = repo.get
    looked: list[asyncio.Task[Any]] = []
    seen: list[Application] = []

    async def get(wanted: int) -> Application | None:
        found = await real_get(wanted)
        task = asyncio.current_task()
        if wanted != app_id or found is None or task is None or task in looked:
            return found
        if len(looked) < 2:  # a first look of one of the two officers
            looked.append(task)
            seen.append(found)
            return seen[0]
        return found

    repo.get = get  # type: ignore[method-assign]


async def decisions(assistant: Assistant, app_id: int) -> list[Status]:
    history = await assistant.services.applications.list_status_history(app_id)
    return [h.status for h in history if h.status in DECISIONS]


async def test_two_officers_deciding_at_once_one_wins_the_other_is_told_who(
    assistant: Assistant, sender: RecordingSender, settings: Settings
) -> None:
    producer = ChatClient(assistant, "prod", "Chị Lan")
    app_id = await submit_application(producer, settings)
    ha, nam = await two_officers(assistant)
    await nam.press_payload(f"o:rr{app_id}")  # Nam starts a rejection: the reason comes next
    assert "lý do" in nam.text

    both_read_before_either_writes(assistant, app_id)
    await asyncio.gather(
        ha.press_payload(f"o:ra{app_id}"), nam.send("Chưa có giấy chứng nhận ATTP.")
    )

    won = [o for o in (ha, nam) if "Người nộp đã được báo" in o.text]
    lost = [o for o in (ha, nam) if "quyết định trước bạn" in o.text]
    assert len(won) == 1 and len(lost) == 1, (ha.text, nam.text)
    assert won[0].name in lost[0].text  # the loser is told who decided first
    assert "không được lưu" in lost[0].text
    assert len(await decisions(assistant, app_id)) == 1
    await drain(assistant)
    assert len(sender.texts_to("prod")) == 1  # one notice, matching the decision kept
    app = await assistant.services.applications.get(app_id)
    assert app is not None
    expected = "tiếp nhận" if app.status is Status.ACCEPTED else "chưa đủ điều kiện"
    assert expected in sender.texts_to("prod")[0]


async def test_the_second_officer_in_the_chat_is_told_who_decided_first(
    assistant: Assistant, sender: RecordingSender, settings: Settings
) -> None:
    producer = ChatClient(assistant, "prod", "Chị Lan")
    app_id = await submit_application(producer, settings)
    ha, nam = await two_officers(assistant)
    for officer in (ha, nam):
        await officer.press("Hồ sơ chờ duyệt")
        await officer.press(f"#{app_id}")
    await nam.press("Cần bổ sung")  # Nam picks the fields to fix and writes a note …
    await nam.press("Giá bán")
    await nam.press("Tiếp")
    await ha.press("Đã tiếp nhận")  # … while Hà accepts it
    assert "Người nộp đã được báo" in ha.text
    await nam.send("Ghi rõ giá theo kg.")
    assert "đã được Cán bộ Hà quyết định trước bạn: đã tiếp nhận" in nam.text
    await nam.press_payload(f"o:ra{app_id}")  # the older decision buttons say the same
    assert "Cán bộ Hà quyết định trước bạn" in nam.text

    assert await decisions(assistant, app_id) == [Status.ACCEPTED]
    await drain(assistant)
    [notice] = sender.texts_to("prod")
    assert "tiếp nhận" in notice


async def queued_notices(assistant: Assistant) -> int:
    row = await assistant.services.db.fetch_one(
        "SELECT count(*) AS n FROM outbox WHERE announcement_id IS NULL"
    )
    return int(row["n"]) if row else 0


def crash_on(obj: object, name: str, when: Callable[..., bool] = lambda *a, **k: True) -> None:
    """Make ``obj.name`` kill the process (raise :class:`Crash`) when ``when(args)`` holds."""
    real: Callable[..., Awaitable[Any]] = getattr(obj, name)

    async def dying(*args: Any, **kwargs: Any) -> Any:
        if when(*args, **kwargs):
            raise Crash(name)
        return await real(*args, **kwargs)

    setattr(obj, name, dying)


@pytest.mark.parametrize("dies_in", ["queueing the notice", "the audit after the notice"])
async def test_a_crash_between_the_decision_and_its_notice_keeps_both_or_neither(
    settings: Settings, dies_in: str
) -> None:
    async with open_assistant(settings) as assistant:
        producer = ChatClient(assistant, "prod", "Chị Lan")
        app_id = await submit_application(producer, settings)
        ha, _ = await two_officers(assistant)
        services = assistant.services
        if dies_in == "queueing the notice":
            crash_on(services.outbox, "save_notice")
        else:
            crash_on(services.audit, "save", lambda action, **_: action == "review_status")
        with pytest.raises(Crash):
            await ha.press_payload(f"o:ra{app_id}")

    async with open_assistant(settings) as assistant:  # the restart
        app = await assistant.services.applications.get(app_id)
        assert app is not None and app.status is Status.SUBMITTED  # neither …
        assert await queued_notices(assistant) == 0
        ha = ChatClient(assistant, "cb-ha", "Cán bộ Hà")
        await ha.press_payload(f"o:ra{app_id}")  # … so the officer can simply decide again
        assert "Người nộp đã được báo" in ha.text
        assert await decisions(assistant, app_id) == [Status.ACCEPTED]
        assert await queued_notices(assistant) == 1  # both


async def test_a_crash_while_telling_the_producer_an_answer_keeps_neither(
    settings: Settings,
) -> None:
    async with open_assistant(settings) as assistant:
        _, question_id = await _producer_with_question(assistant, VAN_THANG, sent=True)
        ha, _ = await two_officers(assistant)
        await ha.press_payload(f"o:qa{question_id}")
        crash_on(assistant.services.outbox, "save_notice")
        with pytest.raises(Crash):
            await ha.send("Có, xã hỗ trợ 50% chi phí tem.")

    async with open_assistant(settings) as assistant:
        question = await assistant.services.handoff.get(question_id)
        assert question is not None and question.answer == ""  # not answered: still waiting
        assert await queued_notices(assistant) == 0
        ha = ChatClient(assistant, "cb-ha", "Cán bộ Hà")
        await ha.press_payload(f"o:qa{question_id}")
        await ha.send("Có, xã hỗ trợ 50% chi phí tem.")
        assert "Đã lưu và gửi" in ha.text
        assert await queued_notices(assistant) == 1


async def test_a_crash_while_telling_the_officers_of_a_hand_off_keeps_neither(
    settings: Settings,
) -> None:
    async with open_assistant(settings) as assistant:
        await two_officers(assistant)
        producer, question_id = await _producer_with_question(assistant, VAN_THANG)
        crash_on(assistant.services.outbox, "save_notice")
        with pytest.raises(Crash):
            await producer.press_payload(f"f:h:{question_id}")  # "📨 Gửi câu hỏi cho cán bộ"

    async with open_assistant(settings) as assistant:
        question = await assistant.services.handoff.get(question_id)
        assert question is not None and not question.handoff_requested  # not flagged …
        assert await queued_notices(assistant) == 0  # … and nobody told
        producer = ChatClient(assistant, "prod", "Chị Lan")
        await producer.press_payload(f"f:h:{question_id}")  # so pressing again works
        assert await queued_notices(assistant) == 2  # both officers of the commune


async def test_a_crash_while_telling_the_owner_their_draft_is_archived_keeps_the_draft(
    settings: Settings,
) -> None:
    async with open_assistant(settings) as assistant:
        _, app_id = await _draft(assistant)
        await run_maintenance(assistant.services, later(31))  # the reminder
        reminded = await queued_notices(assistant)
        crash_on(assistant.services.outbox, "save_notice")
        with pytest.raises(Crash):
            await run_maintenance(assistant.services, later(61))  # archiving, then the notice

    async with open_assistant(settings) as assistant:
        assert await assistant.services.applications.get(app_id) is not None  # still there
        assert await queued_notices(assistant) == reminded
        report = await run_maintenance(assistant.services, later(61))
        assert report.archived == 1 and await assistant.services.applications.get(app_id) is None
        assert await queued_notices(assistant) == reminded + 1  # archived, and told
