"""A producer filling in the registration form on Zalo: choices typed as their numbers.

The same answers as ``tests/support/registration_script.py``; a choice is typed as the
number shown before it (or by its label when the message asks for a number and lists the
choices with bullets), photos are sent from the phone's gallery (a URL the bot downloads).
"""

from __future__ import annotations

from knowledge.forms import Form, FormField
from tests.support.registration_script import ANSWERS, Step, load_form, png_bytes
from tests.support.zalo import ZaloUser, as_shown

FORM = load_form()
ANSWERED = ("Đã lưu", "Bước ", "Tóm tắt hồ sơ", "Đã bỏ qua", "chưa đúng", "Bạn ")


def asked(user: ZaloUser, form: Form = FORM) -> FormField | None:
    """The field the last messages ask (by its prompt), None when none is asked."""
    text = user.text
    if "Bước " not in text:
        return None
    found = [f for f in form.fields if as_shown(f.prompt) in text]
    assert found, f"no known prompt in: {text}"
    return found[-1]


async def choose(user: ZaloUser, label: str, expect: str | tuple[str, ...] = ANSWERED) -> str:
    """Pick a choice: its number, or its label when the list has no numbers."""
    if user.menu():
        return await user.say(user.number_of(label), expect=expect)
    return await user.say(label, expect=expect)


async def play(user: ZaloUser, step: Step) -> None:
    if step.send:
        await user.say(step.send, expect=ANSWERED)
    elif step.press:
        await choose(user, step.press)
    elif step.presses:
        for label in step.presses:
            await choose(user, label)
    elif step.toggles:
        for label in step.toggles:
            await choose(user, label, expect="Bước ")
        await choose(user, "Xong")
    else:
        for i in range(max(step.photos, 2)):  # two photos: the product and its label
            said = await user.send_photo(
                png_bytes(rgb=(10 * i, 100, 200)), expect=f"Đã lưu ảnh thứ {i + 1}"
            )
            assert f"Đã lưu ảnh thứ {i + 1}" in said, said
        await choose(user, "Xong")


async def fill(user: ZaloUser, *, stop_before: str | None = None, limit: int = 60) -> list[str]:
    """Answer each question until the summary (or ``stop_before``); the ids answered."""
    done: list[str] = []
    for _ in range(limit):
        field = asked(user)
        if field is None or field.id == stop_before:
            return done
        await play(user, ANSWERS[field.id])
        done.append(field.id)
    raise AssertionError("the form did not end")
