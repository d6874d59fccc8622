"""The Telegram channel's pure parts: pacing buckets, splitting long HTML, keyboards."""

from __future__ import annotations

import asyncio
import re

from hypothesis import given, settings
from hypothesis import strategies as st
from telegram import InlineKeyboardMarkup, ReplyKeyboardMarkup, ReplyKeyboardRemove

from bot.channels.telegram.pacing import Pacer, Pacing, SlidingWindow, TokenBucket
from bot.channels.telegram.render import markup_for, plain_text, split_html
from bot.logs import mask_numbers, redact_tokens
from bot.messages import Button, Reply, rows
from tests.fakes.bot_api import parse_html


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


# -- pacing ---------------------------------------------------------------------------------


async def test_a_chat_gets_a_short_burst_then_one_message_a_second() -> None:
    clock = Clock()
    bucket = TokenBucket(rate=1, burst=3, clock=clock)
    for _ in range(3):
        assert bucket.delay() == 0
        await bucket.acquire()
    assert bucket.delay() == 1.0
    clock.now += 0.25
    assert bucket.delay() == 0.75
    clock.now += 0.75
    assert bucket.delay() == 0


async def test_retry_after_pauses_the_chat_exactly() -> None:
    clock = Clock()
    bucket = TokenBucket(rate=1, burst=3, clock=clock)
    bucket.pause(7)
    assert bucket.delay() == 7
    clock.now += 6.5
    assert bucket.delay() == 0.5


async def test_one_busy_chat_does_not_slow_another() -> None:
    clock = Clock()
    pacer = Pacer(Pacing(chat_rate=1, chat_burst=2), clock)
    await pacer.acquire(1)
    await pacer.acquire(1)
    assert pacer.chat(1).delay() == 1.0
    assert pacer.chat(2).delay() == 0
    assert pacer.overall.delay() == 0


async def test_never_more_than_30_in_any_second_overall() -> None:
    clock = Clock()
    pacer = Pacer(Pacing(overall_limit=30, chat_rate=1, chat_burst=1), clock)
    for chat in range(20):
        await pacer.acquire(chat)
    clock.now += 0.5
    for chat in range(20, 30):
        await pacer.acquire(chat)
    assert pacer.overall.delay() == 0.5  # the 31st waits until the first is 1 s old
    clock.now += 0.5
    assert pacer.overall.delay() == 0  # the first 20 left the window
    for chat in range(30, 50):
        await pacer.acquire(chat)
    assert pacer.overall.delay() == 0.5


async def test_a_pause_holds_the_overall_window_too() -> None:
    clock = Clock()
    window = SlidingWindow(30, 1.0, clock)
    window.pause(2)
    assert window.delay() == 2


async def test_quiet_chats_are_forgotten() -> None:
    clock = Clock()
    pacer = Pacer(Pacing(chat_rate=1, chat_burst=3), clock)
    await pacer.acquire(1)
    await pacer.acquire(2)
    clock.now += 0.5
    pacer.sweep()
    assert len(pacer) == 2  # not refilled yet
    clock.now += 1
    pacer.sweep()
    assert len(pacer) == 0


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


async def test_a_429_on_one_chat_pauses_that_chat_only() -> None:
    clock = Clock()
    pacer = Pacer(Pacing(), clock)
    await pacer.acquire(1)
    assert pacer.rate_limited(1, 5) is False
    assert pacer.chat(1).delay() == 5
    assert pacer.chat(2).delay() == 0 and pacer.overall.delay() == 0


async def test_429s_from_two_chats_within_a_second_pause_everything() -> None:
    clock = Clock()
    pacer = Pacer(Pacing(), clock)
    assert pacer.rate_limited(1, 3) is False
    clock.now += 0.5
    assert pacer.rate_limited(2, 3) is True
    assert pacer.overall.delay() == 3
    clock.now += 5
    assert pacer.rate_limited(3, 1) is False  # the earlier ones are long past


async def test_a_reply_goes_before_a_waiting_announcement_message() -> None:
    pacer = Pacer(Pacing(overall_limit=1, overall_period=0.05, chat_rate=1000, chat_burst=10))
    order: list[str] = []
    await pacer.acquire(0)  # the window is full for the next 50 ms

    async def send(name: str, chat: int, urgent: bool) -> None:
        await pacer.acquire(chat, urgent=urgent)
        order.append(name)

    announcement = asyncio.create_task(send("announcement", 1, False))
    await asyncio.sleep(0)
    reply = asyncio.create_task(send("reply", 2, True))
    await asyncio.gather(announcement, reply)
    assert order == ["reply", "announcement"]


async def test_a_chat_gets_one_message_a_second_by_default() -> None:
    clock = Clock()
    pacer = Pacer(Pacing(), clock)
    await pacer.acquire(7)
    assert pacer.chat(7).delay() > 1.0  # the next part of a long reply waits its turn
