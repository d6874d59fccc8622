"""The Telegram channel's pure parts: pacing buckets, splitting long HTML, keyboards."""

from __future__ import annotations

import asyncio
import bisect
import itertools
import re

from hypothesis import given, settings
from hypothesis import strategies as st
from telegram import InlineKeyboardMarkup, ReplyKeyboardMarkup, ReplyKeyboardRemove

from bot.channels.telegram.pacing import Pacer, Pacing
from bot.channels.telegram.render import markup_for, plain_text, split_html
from bot.logs import mask_numbers, redact_tokens
from bot.messages import Button, Reply, rows
from bot.pace import ChannelPace, SharedSlots, SlotReserver
from tests.fakes.bot_api import parse_html
from tests.support.fake_time import FakeTime


def released_at(time: FakeTime, log: list[tuple[str, float]], name: str) -> None:
    log.append((name, time.now))


async def send(pacer: Pacer, time: FakeTime, chat: int | None, log: list[tuple[str, float]],
               name: str = "", *, urgent: bool = True) -> None:  # fmt: skip
    await pacer.acquire(chat, urgent=urgent)
    released_at(time, log, name or str(chat))


def most_in_any(times: list[float], span: float) -> int:
    """The most sends that fall in any window of ``span`` seconds (rounding forgiven)."""
    times = sorted(times)
    return max(bisect.bisect_left(times, t + span - 1e-9) - i for i, t in enumerate(times))


# -- pacing ---------------------------------------------------------------------------------
# Telegram counts 30 messages in any second; its server counts a call when it handles it,
# so two calls that left 1.000 s apart may land 0.99 s apart. The old pacer let 30 go at
# once and the 31st exactly one second after the first: with the network's jitter a 31st
# landed in a second now and then (429s during every broadcast with chatting producers).


async def test_every_send_of_the_channel_gets_its_own_even_slot_never_a_burst() -> None:
    time = FakeTime()
    pacer = Pacer(Pacing(), time, sleep=time.sleep)
    log: list[tuple[str, float]] = []
    await time.run(*(send(pacer, time, chat, log) for chat in range(90)))
    times = [t for _, t in log]
    gaps = [b - a for a, b in itertools.pairwise(times)]
    assert min(gaps) >= 1 / 29.4 - 1e-9  # each in its own slot, 34 ms apart
    assert most_in_any(times, 1.0 + 0.025) <= 30  # 25 ms of jitter cannot make a 31st
    assert most_in_any(times, 1.0) == 30  # ... and the budget is used, not wasted
    assert times[-1] - times[0] < 89 / 29.0  # 90 sends in about three seconds


async def test_a_late_wake_up_catches_up_one_slot_at_most_and_the_window_still_holds() -> None:
    time = FakeTime()
    pace = ChannelPace(29.4, clock=time, sleep=time.sleep)
    log: list[float] = []

    async def one() -> None:
        await pace.acquire()
        log.append(time.now)

    await time.run(*(one() for _ in range(40)))
    await time.advance(0.5)  # quiet: nothing banked for a burst
    await time.run(*(one() for _ in range(40)))
    assert log[41] - log[40] >= 1 / 29.4 - 1e-9
    assert most_in_any(log, 1.025) <= 30


async def test_a_reply_takes_the_next_slot_before_waiting_announcement_messages() -> None:
    time = FakeTime(start=0.0)
    pacer = Pacer(Pacing(), time, sleep=time.sleep)
    log: list[tuple[str, float]] = []
    announcement = [send(pacer, time, 1000 + i, log, "announcement", urgent=False)
                    for i in range(30)]  # fmt: skip

    async def producer_writes_meanwhile() -> None:
        await time.sleep(0.2)  # the broadcast is under way
        await send(pacer, time, 7, log, "reply")

    await time.run(*announcement, producer_writes_meanwhile())
    names = [name for name, _ in log]
    reply_at = dict(log)["reply"]
    assert names.index("reply") < 10  # not behind the 30 announcement messages
    assert reply_at - 0.2 <= pacer.overall.interval + 1e-9  # the very next slot


async def test_a_reply_of_three_messages_goes_at_once_and_a_fourth_waits_for_the_chat() -> None:
    time = FakeTime()
    pacer = Pacer(Pacing(), time, sleep=time.sleep)
    log: list[tuple[str, float]] = []
    for part in range(4):
        await time.run(send(pacer, time, 7, log, f"part {part}"))
    times = [t for _, t in log]
    assert times[2] - times[0] < 0.1  # three parts: no second-long gaps (Telegram's burst)
    assert times[3] - times[0] >= 3.0  # never 4 in 3 s to one chat (the fake's rule)
    assert pacer.chat(8).delay() == 0  # another chat is not held up


async def test_a_chat_waiting_out_its_limit_does_not_hold_a_global_slot() -> None:
    time = FakeTime()
    pacer = Pacer(Pacing(), time, sleep=time.sleep)
    log: list[tuple[str, float]] = []
    await time.run(*(send(pacer, time, 7, log, "busy chat") for _ in range(6)),
                   *(send(pacer, time, 100 + chat, log) for chat in range(20)))  # fmt: skip
    others = [t for name, t in log if name != "busy chat"]
    assert max(others) - min(others) < 21 / 29.4  # the 20 others went meanwhile


async def test_quiet_chats_are_forgotten() -> None:
    time = FakeTime()
    pacer = Pacer(Pacing(), time, sleep=time.sleep)
    log: list[tuple[str, float]] = []
    await time.run(send(pacer, time, 1, log), send(pacer, time, 2, log))
    await time.advance(1)
    pacer.sweep()
    assert len(pacer) == 2  # their sends still count for their next burst
    await time.advance(3)
    pacer.sweep()
    assert len(pacer) == 0


async def test_two_processes_sharing_the_schedule_keep_one_rate_together() -> None:
    time = FakeTime()
    reserve = shared_row(time)
    first = Pacer(Pacing(), time, shared=reserve, sleep=time.sleep)
    second = Pacer(Pacing(), time, shared=reserve, sleep=time.sleep)
    log: list[tuple[str, float]] = []
    await time.run(*(send(first, time, chat, log) for chat in range(60)),
                   *(send(second, time, 100 + chat, log) for chat in range(60)))  # fmt: skip
    times = [t for _, t in log]
    assert most_in_any(times, 1.025) <= 30  # together, not 2 × 30 (slots 34.2 ms apart)
    assert most_in_any(times, 1.0) >= 28  # and together they use the budget


# -- splitting ------------------------------------------------------------------------------


def test_short_text_is_one_part_and_empty_text_none() -> None:
    assert split_html("Xin chào") == ["Xin chào"]
    assert split_html("  \n") == []


def test_a_bold_run_across_the_cut_is_closed_and_reopened() -> None:
    text = "<b>" + " ".join(["đậm"] * 1500) + "</b>"
    parts = split_html(text)
    assert len(parts) == 2
    assert all(len(p) <= 4096 for p in parts)
    assert parts[0].startswith("<b>") and parts[0].endswith("</b>")
    assert parts[1].startswith("<b>") and parts[1].endswith("</b>")
    for part in parts:
        parse_html(part)  # valid Telegram HTML
    assert " ".join(plain_text(p) for p in parts) == plain_text(text)


def test_no_paragraph_and_no_space_still_cuts_outside_entities() -> None:
    text = "&amp;" * 2000  # 10,000 characters, only entities
    parts = split_html(text)
    assert all(len(p) <= 4096 for p in parts)
    assert "".join(plain_text(p) for p in parts) == "&" * 2000


_WORD = st.text(alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxyẠạ&<>", min_size=1, max_size=12)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(["", "b", "i"]), st.lists(_WORD, min_size=1, max_size=60)),
        min_size=1,
        max_size=120,
    ),
    st.sampled_from(["\n\n", "\n", " "]),
)
def test_split_parts_are_valid_html_within_the_limit_and_lose_nothing(
    paragraphs: list[tuple[str, list[str]]], joiner: str
) -> None:
    pieces = []
    for tag, words in paragraphs:
        body = " ".join(w.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                        for w in words)  # fmt: skip
        pieces.append(f"<{tag}>{body}</{tag}>" if tag else body)
    text = joiner.join(pieces)
    parts = split_html(text, limit=500)
    for part in parts:
        assert len(part) <= 500
        parse_html(part)
    squash = re.compile(r"\s+")
    assert squash.sub("", "".join(plain_text(p) for p in parts)) == squash.sub("", plain_text(text))


# -- keyboards ------------------------------------------------------------------------------


def test_buttons_become_an_inline_keyboard_with_payloads_as_callback_data() -> None:
    reply = Reply("Chọn xã", rows(Button("Xã Vạn Thắng", "c:13864"), Button("Xã Yên Cường", "c:1")))
    markup = markup_for(reply)
    assert isinstance(markup, InlineKeyboardMarkup)
    assert markup.inline_keyboard[0][0].callback_data == "c:13864"


def test_the_main_menu_becomes_a_persistent_reply_keyboard() -> None:
    reply = Reply("Menu", rows(Button("❓ Hỏi đáp OCOP", "f:ask"), per_row=2), menu_keyboard=True)
    markup = markup_for(reply)
    assert isinstance(markup, ReplyKeyboardMarkup)
    assert markup.is_persistent and markup.keyboard[0][0].text == "❓ Hỏi đáp OCOP"
    assert isinstance(markup_for(Reply("x", remove_keyboard=True)), ReplyKeyboardRemove)
    assert markup_for(Reply("x")) is None


# -- logs -----------------------------------------------------------------------------------


def test_bot_tokens_never_reach_the_log() -> None:
    line = "POST http://127.0.0.1:8081/bot123456789:AAFakeTokenForOfflineTests_0123456789/getMe"
    assert redact_tokens(line) == "POST http://127.0.0.1:8081/bot<token>/getMe"
    assert "AAFake" not in mask_numbers(redact_tokens(line))


def shared_row(time: FakeTime) -> SlotReserver:
    """The database's ``channel_pace`` row, by the database's clock (another one)."""
    row = {"next_at": float("-inf")}

    async def reserve(count: int, interval: float, tolerance: float) -> tuple[float, float]:
        now = time.now - 1000
        first = row["next_at"] if row["next_at"] >= now - tolerance else now
        row["next_at"] = first + count * interval
        return first, now

    return reserve


async def test_when_telegram_says_wait_to_one_worker_every_worker_waits() -> None:
    time = FakeTime(start=0.0)
    reserve = shared_row(time)
    first = Pacer(Pacing(), time, shared=reserve, sleep=time.sleep)
    second = Pacer(Pacing(), time, shared=reserve, sleep=time.sleep)
    log: list[tuple[str, float]] = []
    await time.run(send(first, time, 1, log))
    assert first.rate_limited(None, 2) is True  # a 429 on a call without a chat
    await time.run(send(second, time, 2, log, "other worker"), send(first, time, 3, log, "same"))
    assert dict(log)["other worker"] >= 2.0 and dict(log)["same"] >= 2.0


async def test_a_database_that_does_not_answer_does_not_stop_the_replies() -> None:
    async def never(count: int, interval: float, tolerance: float) -> tuple[float, float]:
        await asyncio.Event().wait()
        raise AssertionError("unreachable")

    pacer = Pacer(Pacing(), shared=never)
    assert isinstance(pacer.overall.slots, SharedSlots)
    pacer.overall.slots.patience = 0.01
    await asyncio.wait_for(pacer.acquire(7), timeout=30)  # paced in memory meanwhile


async def test_a_429_on_one_chat_pauses_that_chat_only() -> None:
    time = FakeTime()
    pacer = Pacer(Pacing(), time, sleep=time.sleep)
    await time.run(pacer.acquire(1))
    assert pacer.rate_limited(1, 5) is False
    assert pacer.chat(1).delay() == 5
    assert pacer.chat(2).delay() == 0 and pacer.overall.delay() == 0


async def test_429s_from_two_chats_within_a_second_pause_everything() -> None:
    time = FakeTime()
    pacer = Pacer(Pacing(), time, sleep=time.sleep)
    assert pacer.rate_limited(1, 3) is False
    time.now += 0.5
    assert pacer.rate_limited(2, 3) is True
    assert pacer.overall.delay() == 3
    time.now += 5
    assert pacer.rate_limited(3, 1) is False  # the earlier ones are long past


async def test_a_429_on_a_call_without_a_chat_pauses_everything() -> None:
    time = FakeTime()
    pacer = Pacer(Pacing(), time, sleep=time.sleep)
    assert pacer.rate_limited(None, 4) is True
    assert pacer.overall.delay() == 4
