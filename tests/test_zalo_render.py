"""Replies as Zalo shows them: plain text, split at 2,000 characters, buttons as a numbered menu."""

from __future__ import annotations

import doctest
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

import bot.channels.zalo.client
import bot.channels.zalo.render
from bot.channels.zalo.render import (
    menu_items,
    numbered_menu,
    plain_text,
    reply_messages,
    reword,
    size,
    split_text,
)
from bot.messages import Button, rows
from knowledge.replies import Texts
from tests.support.registration_script import load_form

HINT = Texts.load(Path(__file__).resolve().parent.parent / "knowledge" / "replies").t(
    "zalo.menu_hint"
)


def paragraph(word: str, length: int) -> str:
    return " ".join([word] * (length // (len(word) + 1)))


def test_docstring_examples_run() -> None:
    for module in (bot.channels.zalo.render, bot.channels.zalo.client):
        result = doctest.testmod(module)
        assert result.attempted > 0 and result.failed == 0


def test_a_short_answer_stays_one_message() -> None:
    assert split_text("  Sản phẩm OCOP được đánh giá 3 đến 5 sao.\n") == [
        "Sản phẩm OCOP được đánh giá 3 đến 5 sao."
    ]
    assert split_text(" \n\n ") == []


def test_long_answers_break_between_paragraphs() -> None:
    first, second, third = (paragraph(w, 900) for w in ("hồ", "sơ", "ocop"))
    messages = split_text(f"{first}\n\n{second}\n\n{third}")
    assert messages == [f"{first}\n\n{second}", third]


def test_a_paragraph_too_long_breaks_between_lines_then_words() -> None:
    lines = [paragraph("giấy", 700) for _ in range(4)]
    by_line = split_text("\n".join(lines))
    assert by_line == ["\n".join(lines[:2]), "\n".join(lines[2:])]

    one_line = paragraph("chứng nhận", 4100)
    by_word = split_text(one_line)
    assert len(by_word) == 3
    assert all(size(m) <= 2000 and not m.startswith(" ") for m in by_word)
    assert " ".join(by_word) == one_line  # no word cut


def test_a_word_longer_than_a_message_is_cut_hard() -> None:
    link = "https://ocop.example.vn/" + "x" * 4476
    assert [len(m) for m in split_text(link)] == [2000, 2000, 500]


def test_emoji_count_twice_to_be_safe() -> None:
    assert len(split_text("🌾" * 1000)) == 1
    assert len(split_text("🌾" * 1001)) == 2


@given(st.text(alphabet=st.sampled_from("aăâđ ộ🌾\n\t"), max_size=600), st.integers(5, 80))
def test_splitting_keeps_every_word_and_respects_the_limit(text: str, limit: int) -> None:
    messages = split_text(text, limit)
    assert all(message and size(message) <= limit for message in messages)
    assert "".join("".join(messages).split()) == "".join(text.split())


def test_html_becomes_plain_text() -> None:
    text = plain_text(
        "<b>Hồ sơ</b> của <i>HTX Vạn Thắng</i> &lt;đã nộp&gt; &amp; chờ duyệt. "
        '<a href="https://ocop.example.vn/f/abc?sig=1&amp;exp=2">Tải PDF</a> '
        "<code>OCOP-2026-001</code>"
    )
    assert text == (
        "Hồ sơ của HTX Vạn Thắng <đã nộp> & chờ duyệt. "
        "Tải PDF (https://ocop.example.vn/f/abc?sig=1&exp=2) OCOP-2026-001"
    )


def test_buttons_become_a_numbered_menu_with_the_hint_from_knowledge() -> None:
    buttons = (
        (Button("Hỏi đáp OCOP", "m:faq"), Button("Đăng ký sản phẩm", "m:reg")),
        (Button("Hồ sơ của tôi", "m:mine"),),
    )
    items = menu_items(buttons)

    assert [(i.number, i.payload) for i in items] == [(1, "m:faq"), (2, "m:reg"), (3, "m:mine")]
    assert numbered_menu([i.label for i in items], HINT) == (
        "1. Hỏi đáp OCOP\n2. Đăng ký sản phẩm\n3. Hồ sơ của tôi\nGõ số để chọn."
    )
    assert numbered_menu([], HINT) == ""


def test_a_reply_with_buttons_is_one_message_when_it_fits() -> None:
    labels = [b.label for row in rows(Button("Có", "y"), Button("Không", "n")) for b in row]
    assert reply_messages("Bạn có muốn <b>đăng ký</b> không?", labels, HINT) == [
        "Bạn có muốn đăng ký không?\n\n1. Có\n2. Không\nGõ số để chọn."
    ]
    assert reply_messages("", labels, HINT) == ["1. Có\n2. Không\nGõ số để chọn."]


def test_a_long_reply_keeps_its_menu_whole_after_the_text() -> None:
    long_text = paragraph("quy định", 1990)
    messages = reply_messages(long_text, ["Hỏi tiếp", "Về menu chính"], HINT)
    assert messages == [long_text, "1. Hỏi tiếp\n2. Về menu chính\nGõ số để chọn."]
    assert reply_messages(long_text, [], HINT) == [long_text]


def test_no_zalo_message_asks_to_press_a_button_or_send_a_pdf() -> None:
    """Zalo has no buttons and passes no PDF to a bot: every shared text and every question
    of the form, as a Zalo user reads it, says to choose or type instead."""
    root = Path(__file__).resolve().parent.parent / "knowledge"
    texts = Texts.load(root / "replies")
    table = texts.t("zalo.wording")
    form = load_form()
    said = {k: v for k, v in texts._templates.items() if k != "zalo.wording"}
    said |= {f"form.{f.id}": f"{f.prompt}\n{f.help}" for f in form.fields}
    pressing = {
        key: line
        for key, text in said.items()
        for line in reword(text, table).splitlines()
        if "bấm" in line.lower() and "Bấm vào liên kết" not in line
    }
    assert pressing == {}
    for key in ("registration.need_document", "registration.need_document_got"):
        assert "PDF" not in reword(said[key], table), key
    [papers] = [f for f in form.fields if "PDF" in f.prompt]
    assert "PDF" not in reword(papers.prompt, table)
    assert reword(said["registration.need_document"], table) == (
        "Ở bước này tôi cần <b>tệp</b> (ảnh chụp giấy tờ). Không có thì chọn «Bỏ qua»."
    )


def test_a_field_button_shows_its_number_once_and_is_picked_by_number_or_name() -> None:
    """The list of answers to fix: "2. Tên đơn vị", not "2. 2. Tên đơn vị"."""
    from bot.channels.zalo.menus import Picked, menu_of, read_choice
    from bot.messages import Reply, ShownMenu

    layout = rows(
        Button("2. Tên đơn vị", "r:e:1:unit_name", 2),
        Button("8. Email", "r:e:1:email", 8),
        Button("◀ Về tóm tắt", "r:s:1"),
    )
    [text] = reply_messages("Bạn muốn sửa câu nào?", menu_items(layout), HINT)
    assert text.splitlines()[2:] == ["2. Tên đơn vị", "8. Email", "9. ◀ Về tóm tắt", HINT]
    menu = menu_of([Reply("Bạn muốn sửa câu nào?", layout)])
    assert menu is not None
    kept = ShownMenu(menu.buttons, numbered=True, shown=True)
    for typed in ("2", "Tên đơn vị", "ten don vi", "2. Tên đơn vị"):
        picked = read_choice(typed, kept)
        assert isinstance(picked, Picked) and picked.button.payload == "r:e:1:unit_name", typed
