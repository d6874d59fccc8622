"""Filling the registration form over Telegram (the fake Bot API) with the script's answers.

Shared by the Telegram registration tests and the inbox tests: ``fill(chat, stop_before=…)``
answers each question the bot asks with tests/support/registration_script.py's answer.
"""

from __future__ import annotations

from knowledge.forms import Form, FormField
from tests.support.registration_script import ANSWERS, VAN_THANG, Step, load_form, png_bytes
from tests.support.tg import TgChat

FORM = load_form()


def asked(chat: TgChat, form: Form = FORM) -> FormField | None:
    """The form field the last step asks, if it asks one."""
    if "Bước " not in chat.text:
        return None
    found = [f for f in form.fields if f.prompt in chat.text]
    assert found, f"no known prompt in: {chat.text}"
    return found[-1]


async def play(chat: TgChat, step: Step) -> None:
    if step.send:
        await chat.send(step.send)
    elif step.press:
        await chat.press(step.press)
    elif step.toggles:
        for label in step.toggles:
            await chat.press(label)
        await chat.press("Xong")
    else:
        for i in range(step.photos):
            await chat.send_photo(png_bytes(rgb=(10 * i, 100, 200)))
            assert f"Đã lưu ảnh thứ {i + 1}" in chat.text
        await chat.press("Xong")


async def fill(chat: TgChat, *, stop_before: str | None = None) -> list[str]:
    """Answer question after question (until ``stop_before`` is asked); the ids answered."""
    done: list[str] = []
    for _ in range(60):
        field = asked(chat)
        if field is None or field.id == stop_before:
            return done
        await play(chat, ANSWERS[field.id])
        done.append(field.id)
    raise AssertionError("the form did not end")


async def start_registration(chat: TgChat) -> None:
    await chat.send(f"/start xa_{VAN_THANG}")
    await chat.send("📝 Đăng ký sản phẩm")  # the main-menu key
    assert "Bước chuẩn bị" in chat.text
