"""The fake Bot API server, exercised through the real python-telegram-bot client.

If these pass, the fake speaks the Bot API the way PTB's ``HTTPXRequest`` expects it, so the
end-to-end tests of the Telegram channel can trust it.
"""

from __future__ import annotations

import asyncio
import datetime as dtm
import json
import ssl
import warnings
from collections.abc import AsyncIterator

import aiohttp
import pytest
import telegram
from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
    Update,
)
from telegram.error import (
    BadRequest,
    Conflict,
    EndPointNotFound,
    Forbidden,
    NetworkError,
    RetryAfter,
    TimedOut,
)
from telegram.ext import Application, ContextTypes, MessageHandler, filters
from telegram.request import HTTPXRequest
from telegram.warnings import PTBUserWarning

from tests.fakes.bot_api import (
    BLOCKED,
    ButtonNotFound,
    EntityParseError,
    FakeBotApi,
    parse_html,
)

USER = 4242

# Every httpx client loads the CA bundle (~0.1 s) unless given a ready SSL context; the fake
# is plain HTTP on loopback, so one shared default context keeps the suite fast.
_SSL = ssl.create_default_context()


def request(read_timeout: float = 5.0) -> HTTPXRequest:
    return HTTPXRequest(read_timeout=read_timeout, httpx_kwargs={"verify": _SSL})


def make_bot(api: FakeBotApi, read_timeout: float = 5.0) -> telegram.Bot:
    """The real PTB client pointed at the fake."""
    return telegram.Bot(
        api.token,
        base_url=api.base_url,
        base_file_url=api.base_file_url,
        request=request(read_timeout),
        get_updates_request=request(),
    )


@pytest.fixture
async def bot(api: FakeBotApi) -> AsyncIterator[telegram.Bot]:
    async with make_bot(api) as client:
        yield client


@pytest.fixture(autouse=True)
def _timedelta_periods(monkeypatch: pytest.MonkeyPatch) -> None:
    # PTB 22 returns time periods (RetryAfter.retry_after) as timedelta with this set,
    # instead of warning about the int form.
    monkeypatch.setenv("PTB_TIMEDELTA", "true")


async def raw_call(bot: telegram.Bot, method: str, **params: object) -> object:
    """A call with hand-made parameters, bypassing PTB's typed arguments."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBUserWarning)
        return await bot.do_api_request(method, api_kwargs=params)


def keyboard(*data: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[InlineKeyboardButton(f"Nút {d}", callback_data=d)] for d in data])


# ------------------------------------------------------------------ basics


async def test_get_me_and_urls(api: FakeBotApi, bot: telegram.Bot) -> None:
    me = await bot.get_me()
    assert me.is_bot
    assert me.username == "ocop_test_bot"
    assert me.id == int(api.token.split(":")[0])
    assert api.base_url.startswith("http://127.0.0.1:")
    assert api.base_file_url == api.base_url.replace("/bot", "/file/bot")
    assert api.count("getMe") == 2  # Bot.initialize() + the call above


async def test_unknown_method_is_not_found(api: FakeBotApi, bot: telegram.Bot) -> None:
    with pytest.raises(EndPointNotFound):
        await raw_call(bot, "sendUnicorn", chat_id=USER)
    assert api.count("sendUnicorn", status=404) == 1


async def test_wrong_token_is_unauthorized(api: FakeBotApi) -> None:
    other = telegram.Bot("1:wrong", base_url=api.base_url, request=request())
    with pytest.raises(telegram.error.InvalidToken):
        await other.initialize()
    assert api.count("getMe", status=401) == 1


# ------------------------------------------------------------------ sendMessage and HTML


async def test_send_message_html_is_parsed_and_recorded(api: FakeBotApi, bot: telegram.Bot) -> None:
    sent = await bot.send_message(
        USER,
        "<b>Sản phẩm</b> &lt;b&gt; &amp; <i>mật ong</i> 🐝 <a href='https://ocop.vn/?a=1&b=2'>xem</a>",
        parse_mode="HTML",
        reply_markup=keyboard("reg:1", "faq:2"),
    )
    assert sent.text == "Sản phẩm <b> & mật ong 🐝 xem"
    assert [(e.type, e.offset, e.length) for e in sent.entities] == [
        ("bold", 0, 8),
        ("italic", 15, 7),
        ("text_link", 26, 3),  # 🐝 is two UTF-16 units
    ]
    assert sent.entities[2].url == "https://ocop.vn/?a=1&b=2"
    assert isinstance(sent.reply_markup, InlineKeyboardMarkup)

    [recorded] = api.sent_messages(USER)
    assert recorded.message_id == sent.message_id
    assert recorded.text == sent.text
    assert recorded.source is not None and recorded.source.startswith("<b>Sản phẩm</b>")
    assert recorded.parse_mode == "HTML"
    assert recorded.reply_markup == {
        "inline_keyboard": [
            [{"text": "Nút reg:1", "callback_data": "reg:1"}],
            [{"text": "Nút faq:2", "callback_data": "faq:2"}],
        ]
    }
    assert recorded.button_data == ["reg:1", "faq:2"]
    assert api.texts(USER) == [sent.text]


async def test_reply_keyboard_is_recorded_but_not_echoed(
    api: FakeBotApi, bot: telegram.Bot
) -> None:
    menu = ReplyKeyboardMarkup([[KeyboardButton("Đăng ký"), KeyboardButton("Hỏi đáp")]])
    sent = await bot.send_message(USER, "Menu", reply_markup=menu)
    assert sent.reply_markup is None  # Telegram returns only inline keyboards
    assert api.last_message(USER).reply_markup == {
        "keyboard": [[{"text": "Đăng ký"}, {"text": "Hỏi đáp"}]]
    }


@pytest.mark.parametrize(
    "html",
    [
        "<b>unclosed",
        "<b>bold</i>",
        "<foo>x</foo>",
        "a < b",
        "Tom & Jerry",
        "x &nbsp; y",
        "</b>",
        '<span class="x">y</span>',
        "<b",
    ],
)
async def test_bad_html_is_bad_request(api: FakeBotApi, bot: telegram.Bot, html: str) -> None:
    with pytest.raises(BadRequest, match=r"(?i)can't parse entities"):
        await bot.send_message(USER, html, parse_mode="HTML")
    assert api.sent_messages(USER) == []
    [call] = api.calls_to("sendMessage")
    assert call.status == 400
    assert call.error is not None and call.error.startswith("Bad Request: can't parse entities: ")


async def test_same_text_without_parse_mode_is_fine(api: FakeBotApi, bot: telegram.Bot) -> None:
    sent = await bot.send_message(USER, "Tom & Jerry <b>")
    assert sent.text == "Tom & Jerry <b>"


def test_parse_html_subset() -> None:
    assert parse_html("&#65;&#x42;&quot;&gt;") == ('AB">', [])
    text, entities = parse_html(
        '<pre><code class="language-python">x = 1</code></pre><tg-spoiler>s</tg-spoiler>'
        '<span class="tg-spoiler">p</span><blockquote expandable>q</blockquote>'
        '<tg-emoji emoji-id="5368324170671202286">👍</tg-emoji><s>d</s><u>u</u><code>c</code>'
    )
    assert text == "x = 1spq👍duc"
    assert {(e["type"], e.get("language")) for e in entities} == {
        ("pre", "python"),
        ("spoiler", None),
        ("expandable_blockquote", None),
        ("custom_emoji", None),
        ("strikethrough", None),
        ("underline", None),
        ("code", None),
    }
    with pytest.raises(
        EntityParseError, match='Unmatched end tag at byte offset 6, expected "</i>"'
    ):
        parse_html("<i>ầ</b>")
    # Telegram itself tolerates a bare "&"; strict mode is the fake being stricter.
    assert parse_html("Tom & Jerry", strict=False) == ("Tom & Jerry", [])


async def test_text_length_limits(api: FakeBotApi, bot: telegram.Bot) -> None:
    with pytest.raises(BadRequest, match=r"(?i)message is too long"):
        await bot.send_message(USER, "ă" * 4097)
    await bot.send_message(USER, "ă" * 4096)
    # the limit applies after entity parsing: tags do not count
    await bot.send_message(USER, "<b>" + "a" * 4096 + "</b>", parse_mode="HTML")
    with pytest.raises(BadRequest, match=r"(?i)message is too long"):
        await bot.send_message(USER, "&amp;" * 4097, parse_mode="HTML")
    assert [len(t) for t in api.texts(USER)] == [4096, 4096]


@pytest.mark.parametrize("text", ["", "   \n ", "<b></b>", "<i> </i>"])
async def test_empty_text_is_bad_request(bot: telegram.Bot, text: str) -> None:
    with pytest.raises(BadRequest, match=r"(?i)message text is empty"):
        await bot.send_message(USER, text, parse_mode="HTML")


async def test_callback_data_limit_is_in_bytes(api: FakeBotApi, bot: telegram.Bot) -> None:
    await bot.send_message(USER, "ok", reply_markup=keyboard("x" * 64))
    for data in ("x" * 65, "đ" * 33):  # "đ" is 2 bytes: 33 characters, 66 bytes
        with pytest.raises(BadRequest, match=r"(?i)BUTTON_DATA_INVALID"):
            await bot.send_message(USER, "no", reply_markup=keyboard(data))
    with pytest.raises(BadRequest, match=r"(?i)BUTTON_DATA_INVALID"):
        await raw_call(
            bot,
            "sendMessage",
            chat_id=USER,
            text="no",
            reply_markup={"inline_keyboard": [[{"text": "a", "callback_data": ""}]]},
        )
    assert api.texts(USER) == ["ok"]


async def test_inline_keyboard_must_be_array_of_arrays(bot: telegram.Bot) -> None:
    with pytest.raises(BadRequest, match=r"(?i)array of arrays"):
        await raw_call(
            bot,
            "sendMessage",
            chat_id=USER,
            text="x",
            reply_markup={"inline_keyboard": [{"text": "a", "callback_data": "b"}]},
        )


async def test_json_and_query_string_bodies(api: FakeBotApi) -> None:
    url = f"{api.base_url}{api.token}"
    async with aiohttp.ClientSession() as session:
        body = {"chat_id": USER, "text": "123", "reply_markup": {"inline_keyboard": [[]]}}
        async with session.post(f"{url}/sendMessage", json=body) as response:
            payload = await response.json()
        assert response.status == 200
        assert payload["ok"] is True
        assert payload["result"]["text"] == "123"
        async with session.get(f"{url}/sendMessage", params={"chat_id": "7", "text": "42"}) as r:
            assert (await r.json())["result"]["chat"]["id"] == 7
        async with session.post(f"{url}/getMe", data=b"") as r:
            assert (await r.json())["result"]["username"] == "ocop_test_bot"
        async with session.get(f"{url}/sendMessage", params={"chat_id": "7"}) as r:
            assert r.status == 400
            assert await r.json() == {
                "ok": False,
                "error_code": 400,
                "description": "Bad Request: message text is empty",
            }
    assert api.texts(USER) == ["123"]


# ------------------------------------------------------------------ fault injection


async def test_injected_429_raises_retry_after(api: FakeBotApi, bot: telegram.Bot) -> None:
    api.fail_next("sendMessage", 429, retry_after=3)
    with pytest.raises(RetryAfter) as caught:
        await bot.send_message(USER, "một")
    assert caught.value.retry_after == dtm.timedelta(seconds=3)
    await bot.send_message(USER, "hai")  # only the next call failed
    assert api.count_429 == 1
    assert api.count("sendMessage", status=429) == 1
    [failed] = [c for c in api.calls_to("sendMessage") if not c.ok]
    assert failed.error == "Too Many Requests: retry after 3"
    assert api.texts(USER) == ["hai"]


async def test_injected_fault_for_one_chat_only(api: FakeBotApi, bot: telegram.Bot) -> None:
    api.fail_next("*", 429, retry_after=2, chat_id=USER, times=2)
    await bot.send_message(USER + 1, "other chat is fine")
    for _ in range(2):
        with pytest.raises(RetryAfter):
            await bot.send_chat_action(USER, "typing")
    await bot.send_message(USER, "now fine")


async def test_blocked_chat_is_forbidden_until_unblocked(
    api: FakeBotApi, bot: telegram.Bot
) -> None:
    api.block(USER)
    with pytest.raises(Forbidden, match=r"(?i)bot was blocked by the user"):
        await bot.send_message(USER, "xin chào")
    with pytest.raises(Forbidden):
        await bot.send_document(USER, b"x", filename="a.txt")
    await bot.send_message(USER + 1, "others still get messages")
    api.unblock(USER)
    await bot.send_message(USER, "again")
    assert api.texts(USER) == ["again"]
    assert api.count(status=403) == 2


async def test_user_writing_again_unblocks(api: FakeBotApi, bot: telegram.Bot) -> None:
    api.block(USER, push_update=True)
    [update] = await bot.get_updates(timeout=0)
    assert update.my_chat_member is not None
    assert update.my_chat_member.new_chat_member.status == "kicked"
    api.send_text(USER, "I am back")
    assert USER not in api.blocked
    await bot.send_message(USER, "welcome back")


async def test_injected_403_description(api: FakeBotApi, bot: telegram.Bot) -> None:
    api.fail_next("sendMessage", 403)
    with pytest.raises(Forbidden) as caught:
        await bot.send_message(USER, "x")
    assert BLOCKED.removeprefix("Forbidden: ") in caught.value.message


@pytest.mark.parametrize("status", [500, 502])
async def test_server_errors_are_network_errors(
    api: FakeBotApi, bot: telegram.Bot, status: int
) -> None:
    api.fail_next("sendMessage", status)
    with pytest.raises(NetworkError):
        await bot.send_message(USER, "x")
    api.fail_next("sendMessage", status, raw_body="<html>nginx</html>")
    with pytest.raises(NetworkError):
        await bot.send_message(USER, "x")
    await bot.send_message(USER, "x")
    assert api.count("sendMessage", status=status) == 2


async def test_slow_response_times_out(api: FakeBotApi, bot: telegram.Bot) -> None:
    async with make_bot(api, read_timeout=0.2) as impatient_bot:
        api.response_delay = 0.5
        with pytest.raises(TimedOut):
            await impatient_bot.send_message(USER, "x")
    api.response_delay = 0.0
    api.method_delays["sendMessage"] = 0.05
    await bot.send_message(USER, "y")  # well within the default 5 s read timeout
    # like on Telegram, a request the client gave up on still takes effect
    await api.wait_for(lambda: sorted(api.texts(USER)) == ["x", "y"])


async def test_global_rate_limit(api: FakeBotApi, bot: telegram.Bot) -> None:
    api.rate_limit_per_second = 3
    api.rate_limit_window = 60.0  # a wide window: the test cannot race the clock
    for i in range(3):
        await bot.send_message(USER + i, "ok")
    with pytest.raises(RetryAfter) as caught:
        await bot.send_message(USER + 9, "too many")
    assert caught.value.retry_after == dtm.timedelta(seconds=1)
    await bot.send_chat_action(USER, "typing")  # not a send method
    assert api.count_429 == 1


async def test_per_chat_rate_limit(api: FakeBotApi, bot: telegram.Bot) -> None:
    api.chat_rate_limit = 2
    api.chat_rate_window = 60.0
    await bot.send_message(USER, "1")
    await bot.send_message(USER, "2")
    with pytest.raises(RetryAfter):
        await bot.send_message(USER, "3")
    await bot.send_message(USER + 1, "another chat")


# ------------------------------------------------------------------ updates from users


async def test_get_updates_returns_pushed_updates(api: FakeBotApi, bot: telegram.Bot) -> None:
    shown = await bot.send_message(USER, "Chọn:", reply_markup=keyboard("yes", "no"))
    text = api.send_text(USER, "Xin chào", first_name="Lan")
    command = api.send_command(USER, "/start", "xa_vanthang")
    press = api.press_button(USER, shown.message_id, "yes")
    photo_bytes = bytes(range(256)) * 40
    photo = api.send_photo(USER, photo_bytes, caption="ảnh sản phẩm")
    updates = await bot.get_updates(timeout=1)
    assert [u.update_id for u in updates] == [
        text.update_id,
        command.update_id,
        press.update_id,
        photo.update_id,
    ]
    first = updates[0].message
    assert first is not None and first.text == "Xin chào"
    assert first.from_user is not None and first.from_user.first_name == "Lan"
    assert first.chat.type == "private" and first.chat.id == USER
    assert first.message_id == text.message_id

    start = updates[1].message
    assert start is not None and start.text == "/start xa_vanthang"
    assert start.entities[0].type == "bot_command"

    query = updates[2].callback_query
    assert query is not None and query.data == "yes"
    assert query.id == press.callback_query_id
    assert query.message is not None and query.message.message_id == shown.message_id

    picture = updates[3].message
    assert picture is not None and picture.caption == "ảnh sản phẩm"
    sizes = picture.photo
    assert len(sizes) >= 2
    assert sizes[-1].width == max(s.width for s in sizes)
    assert sizes[-1].file_size == len(photo_bytes)
    file = await bot.get_file(sizes[-1].file_id)
    assert bytes(await file.download_as_bytearray()) == photo_bytes
    smaller = await (await bot.get_file(sizes[0].file_id)).download_as_bytearray()
    assert bytes(smaller) != photo_bytes
    assert len(api.downloads) == 2

    # offset confirms: nothing comes back twice
    assert await bot.get_updates(offset=updates[-1].update_id + 1, timeout=0) == ()
    assert api.pending_update_count == 0


async def test_long_poll_wakes_on_push(api: FakeBotApi, bot: telegram.Bot) -> None:
    poll = asyncio.create_task(bot.get_updates(timeout=10))
    await api.wait_for(lambda: api.count("getUpdates") == 1)
    assert not poll.done()
    pushed = api.send_text(USER, "hello")
    updates = await asyncio.wait_for(poll, timeout=5)
    assert [u.update_id for u in updates] == [pushed.update_id]


async def test_long_poll_times_out_empty(bot: telegram.Bot) -> None:
    assert await bot.get_updates(timeout=0) == ()
    assert await bot.get_updates(timeout=dtm.timedelta(seconds=0.2)) == ()


async def test_newer_poll_ends_older_with_conflict(api: FakeBotApi, bot: telegram.Bot) -> None:
    older = asyncio.create_task(bot.get_updates(timeout=10))
    await api.wait_for(lambda: api.count("getUpdates") == 1)
    async with make_bot(api) as second_instance:
        assert await second_instance.get_updates(timeout=0) == ()
    with pytest.raises(Conflict, match=r"(?i)terminated by other getUpdates request"):
        await older


async def test_other_update_kinds_parse(api: FakeBotApi, bot: telegram.Bot) -> None:
    api.send_document(USER, b"%PDF-1.4 hoso", "hồ sơ.pdf", "application/pdf")
    api.send_sticker(USER)
    api.send_voice(USER)
    api.send_video(USER)
    api.send_contact(USER, "+84901234567")
    api.send_location(USER, 21.03, 105.85)
    updates = await bot.get_updates(timeout=0)
    messages = [u.message for u in updates]
    assert all(m is not None for m in messages)
    doc, sticker, voice, video, contact, location = (m for m in messages if m is not None)
    assert doc.document is not None and doc.document.file_name == "hồ sơ.pdf"
    data = await (await bot.get_file(doc.document.file_id)).download_as_bytearray()
    assert bytes(data) == b"%PDF-1.4 hoso"
    assert sticker.sticker is not None and voice.voice is not None and video.video is not None
    assert contact.contact is not None and contact.contact.user_id == USER
    assert contact.contact.phone_number == "+84901234567"
    assert location.location is not None and location.location.latitude == 21.03


async def test_get_file_too_big(api: FakeBotApi, bot: telegram.Bot) -> None:
    pushed = api.send_document(USER, b"tiny", "big.zip", file_size=25 * 1024 * 1024)
    document = pushed.update["message"]["document"]
    with pytest.raises(BadRequest, match=r"(?i)file is too big"):
        await bot.get_file(document["file_id"])
    with pytest.raises(BadRequest, match=r"(?i)invalid file_id"):
        await bot.get_file("nope")


# ------------------------------------------------------------------ files from the bot


async def test_send_document_upload_is_recorded(api: FakeBotApi, bot: telegram.Bot) -> None:
    content = "Hồ sơ OCOP\n".encode() * 100
    sent = await bot.send_document(
        USER, content, filename="ho-so.txt", caption="<b>Hồ sơ</b> của bạn", parse_mode="HTML"
    )
    assert sent.document is not None and sent.document.file_name == "ho-so.txt"
    assert sent.caption == "Hồ sơ của bạn"
    recorded = api.last_message(USER)
    assert recorded.kind == "document"
    assert recorded.document == content
    assert recorded.file_name == "ho-so.txt"
    assert recorded.caption == "Hồ sơ của bạn"
    [call] = api.calls_to("sendDocument")
    assert call.files["document"].data == content
    # the bot can send the same file again by file_id, and download it
    again = await bot.send_document(USER + 1, sent.document.file_id)
    assert again.document is not None and again.document.file_id == sent.document.file_id
    file = await bot.get_file(sent.document.file_id)
    assert bytes(await file.download_as_bytearray()) == content


async def test_send_photo_upload_is_recorded(api: FakeBotApi, bot: telegram.Bot) -> None:
    sent = await bot.send_photo(USER, b"\x89PNG fake image" * 10, caption="ảnh")
    assert len(sent.photo) >= 2
    recorded = api.last_message(USER)
    assert recorded.kind == "photo" and recorded.photo == b"\x89PNG fake image" * 10
    with pytest.raises(BadRequest, match=r"(?i)file must be non-empty"):
        await bot.send_photo(USER, b"")


# ------------------------------------------------------------------ edits, buttons, callbacks


async def test_edit_message_text_changes_the_recorded_message(
    api: FakeBotApi, bot: telegram.Bot
) -> None:
    sent = await bot.send_message(USER, "Bước 1", reply_markup=keyboard("a", "b"))
    edited = await bot.edit_message_text(
        "<i>Bước 2</i>", chat_id=USER, message_id=sent.message_id, parse_mode="HTML"
    )
    assert isinstance(edited, telegram.Message)
    assert edited.text == "Bước 2" and edited.edit_date is not None
    assert edited.reply_markup is None  # editing text without a markup removes the buttons
    [recorded] = api.sent_messages(USER)
    assert recorded.text == "Bước 2"
    assert recorded.entities == [{"type": "italic", "offset": 0, "length": 6}]
    assert recorded.reply_markup is None
    assert [v.text for v in recorded.history] == ["Bước 1"]
    assert recorded.history[0].replaced_by == "editMessageText"
    with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
        await bot.edit_message_text(
            "<i>Bước 2</i>", chat_id=USER, message_id=sent.message_id, parse_mode="HTML"
        )
    with pytest.raises(BadRequest, match=r"(?i)message to edit not found"):
        await bot.edit_message_text("x", chat_id=USER, message_id=999)


async def test_button_press_answer_and_removal(api: FakeBotApi, bot: telegram.Bot) -> None:
    sent = await bot.send_message(USER, "Đồng ý?", reply_markup=keyboard("yes", "no"))
    pressed = api.press_button(USER, sent.message_id, "yes")
    assert pressed.message_id == sent.message_id
    assert api.unanswered_callback_queries() == [pressed.callback_query_id]
    [update] = await bot.get_updates(timeout=0)
    assert update.callback_query is not None
    assert await update.callback_query.answer("Đã ghi nhận")
    [answer] = api.callback_answers
    assert (answer.data, answer.text, answer.user_id) == ("yes", "Đã ghi nhận", USER)
    assert api.unanswered_callback_queries() == []
    with pytest.raises(BadRequest, match=r"(?i)query is too old"):
        await update.callback_query.answer()

    await bot.edit_message_reply_markup(USER, sent.message_id, reply_markup=None)
    assert api.message(USER, sent.message_id).buttons == []
    with pytest.raises(BadRequest, match=r"(?i)not modified"):
        await bot.edit_message_reply_markup(USER, sent.message_id, reply_markup=None)
    with pytest.raises(ButtonNotFound):
        api.press_button(USER, sent.message_id, "yes")
    stale = api.press_button(USER, sent.message_id, "yes", strict=False)
    assert stale.update["callback_query"]["data"] == "yes"


async def test_press_button_by_text_on_latest_message(api: FakeBotApi, bot: telegram.Bot) -> None:
    await bot.send_message(USER, "old", reply_markup=keyboard("x"))
    newer = await bot.send_message(USER, "new", reply_markup=keyboard("x"))
    pressed = api.press_button(USER, text="Nút x")
    assert pressed.message_id == newer.message_id
    assert pressed.update["callback_query"]["data"] == "x"


async def test_delete_message_and_chat_action(api: FakeBotApi, bot: telegram.Bot) -> None:
    sent = await bot.send_message(USER, "tạm")
    await bot.send_chat_action(USER, "typing")
    assert await bot.delete_message(USER, sent.message_id)
    assert api.message(USER, sent.message_id).deleted
    assert api.texts(USER) == []
    assert api.chat_actions == [(USER, "typing")]
    with pytest.raises(BadRequest, match=r"(?i)message to delete not found"):
        await bot.delete_message(USER, sent.message_id)


# ------------------------------------------------------------------ commands and webhook


async def test_commands(api: FakeBotApi, bot: telegram.Bot) -> None:
    await bot.set_my_commands([("start", "Bắt đầu"), ("help", "Trợ giúp")])
    assert api.commands == {"start": "Bắt đầu", "help": "Trợ giúp"}
    assert [c.command for c in await bot.get_my_commands()] == ["start", "help"]
    await bot.set_my_commands([("start", "Start")], language_code="en")
    assert api.commands_for(language_code="en") == {"start": "Start"}
    with pytest.raises(BadRequest, match=r"(?i)BOT_COMMAND_INVALID"):
        await bot.set_my_commands([("Đăng-ký", "x")])


async def test_webhook_mode(api: FakeBotApi, bot: telegram.Bot) -> None:
    assert (await bot.get_webhook_info()).url == ""
    await bot.set_webhook("https://example.invalid/hook", secret_token="s3cret")
    assert api.webhook is not None and api.webhook["secret_token"] == "s3cret"
    with pytest.raises(Conflict, match=r"(?i)webhook is active"):
        await bot.get_updates(timeout=0)
    body = api.make_update_json(USER, "/start abc")
    update = Update.de_json(json.loads(body), bot)
    assert update.message is not None and update.message.text == "/start abc"
    assert update.message.entities[0].type == "bot_command"
    assert api.pending_update_count == 0  # webhook bodies are not queued
    assert await bot.delete_webhook(drop_pending_updates=True)
    assert (await bot.get_webhook_info()).url == ""


async def test_deliver_to_webhook(api: FakeBotApi, bot: telegram.Bot) -> None:
    received: list[tuple[str | None, dict[str, object]]] = []

    async def hook(request: aiohttp.web.Request) -> aiohttp.web.Response:
        received.append(
            (request.headers.get("X-Telegram-Bot-Api-Secret-Token"), await request.json())
        )
        return aiohttp.web.Response(text="ok")

    app = aiohttp.web.Application()
    app.router.add_post("/hook", hook)
    runner = aiohttp.web.AppRunner(app)
    await runner.setup()
    site = aiohttp.web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    try:
        port = runner.addresses[0][1]
        await bot.set_webhook(f"http://127.0.0.1:{port}/hook", secret_token="tok")
        pushed = api.send_text(USER, "qua webhook", enqueue=False)
        assert await api.deliver_to_webhook(pushed) == 200
    finally:
        await runner.cleanup()
    assert received == [("tok", pushed.update)]


# ------------------------------------------------------------------ waiting


async def test_wait_for_times_out_with_context(api: FakeBotApi, bot: telegram.Bot) -> None:
    await bot.send_message(USER, "x")
    with pytest.raises(TimeoutError, match="sendMessage"):
        await api.wait_for_messages(USER, 2, timeout=0.05)


# ------------------------------------------------------------------ a real Application


async def test_application_echo_bot_round_trip(api: FakeBotApi) -> None:
    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        await update.effective_message.reply_text(f"Bạn nói: {update.effective_message.text}")

    application = (
        Application.builder()
        .token(api.token)
        .base_url(api.base_url)
        .base_file_url(api.base_file_url)
        .build()
    )
    application.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, echo))
    async with application:
        await application.start()
        assert application.updater is not None
        await application.updater.start_polling(poll_interval=0, timeout=dtm.timedelta(seconds=1))
        first = api.send_text(USER, "xin chào")
        second = api.send_text(USER + 1, "<b> & ")
        [reply] = await api.wait_for_messages(USER, 1, after=first.message_id)
        [other] = await api.wait_for_messages(USER + 1, 1, after=second.message_id)
        await application.updater.stop()
        await application.stop()
    assert reply.text == "Bạn nói: xin chào"
    assert other.text == "Bạn nói: <b> &"
    assert api.count("deleteWebhook") == 1  # start_polling's bootstrap
    assert api.pending_update_count == 0  # the shutdown getUpdates confirmed both


async def test_telegram_limits_allow_a_short_burst_per_chat(
    api: FakeBotApi, bot: telegram.Bot
) -> None:
    api.telegram_limits()
    for i in range(3):
        await bot.send_message(USER, f"part {i}")
    with pytest.raises(RetryAfter):
        await bot.send_message(USER, "a fourth one at once")
    await bot.send_message(USER + 1, "another chat is not affected")


async def test_telegram_limits_twenty_a_minute_in_a_group(
    api: FakeBotApi, bot: telegram.Bot
) -> None:
    api.telegram_limits().chat_rate_limit = None  # the group rule on its own
    group = -1001234
    for i in range(20):
        await bot.send_message(group, f"tin {i}")
    with pytest.raises(RetryAfter):
        await bot.send_message(group, "tin 21")
    await bot.send_message(USER, "a private chat is not affected")
