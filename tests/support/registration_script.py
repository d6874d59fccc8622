"""A producer's answers to the registration form, and helpers to play them in a chat.

``await fill(chat, form)`` answers every question shown until the summary; ``asked(chat,
form)`` tells which field the last message asks. Used by the registration tests.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.files import store_bytes
from bot.messages import Attachment
from knowledge.forms import Form, FormField
from tests.support.chat import ChatClient

VAN_THANG = "13864"
FORM_PATH = Path(__file__).resolve().parents[2] / "knowledge" / "forms" / "registration.yaml"


def load_form() -> Form:
    return Form.load(FORM_PATH)


def png_bytes(width: int = 4, height: int = 4, rgb: tuple[int, int, int] = (200, 120, 40)) -> bytes:
    """A small valid PNG (no imaging library needed)."""
    raw = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))

    def chunk(tag: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(tag + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def photo(files_dir: Path, rgb: tuple[int, int, int] = (200, 120, 40)) -> Attachment:
    return store_bytes(png_bytes(rgb=rgb), "san-pham.png", "image/png", files_dir)


@dataclass(frozen=True)
class Step:
    """One answer: text to send, a button label to press, buttons to press in turn (a
    walk down a tree of choices), toggles, or a photo."""

    send: str = ""
    press: str = ""
    presses: tuple[str, ...] = ()
    toggles: tuple[str, ...] = ()
    photos: int = 0


ANSWERS: dict[str, Step] = {
    "subject_type": Step(press="Hợp tác xã"),
    "unit_name": Step(send="HTX Nông nghiệp Vạn Thắng"),
    "representative": Step(send="Trần Văn An"),
    "position": Step(send="Chủ nhiệm HTX"),
    "address": Step(send="Xóm 3, thôn Đông"),
    "commune": Step(press="Vạn Thắng"),
    "phone": Step(send="+84 912.345.678"),
    "email": Step(send="HTX.VanThang@Gmail.com"),
    "tax_id": Step(send="0601234567"),
    "product_name": Step(send="Gạo tám & mắm <tép> Vạn Thắng"),
    "product_class": Step(press="Gạo, ngũ cốc"),
    "reg_kind": Step(press="Lần đầu"),
    "description": Step(send="Gạo tám thơm trồng trên đồng Vạn Thắng, đóng túi 2 kg và 5 kg."),
    "raw_materials": Step(send="Lúa tám thơm"),
    "raw_local": Step(press="Toàn bộ"),
    "yearly_output": Step(send="khoảng 20 tấn"),
    "price": Step(send="35.000 đ/kg"),
    "certificates": Step(toggles=("ATTP", "VietGAP")),
    "story": Step(send="Giống lúa tám được các cụ trong làng giữ từ những năm 1960."),
    "photos": Step(photos=1),
    "documents": Step(press="Bỏ qua"),
    "self_assessment": Step(press="Chưa có"),
    "sample_units": Step(send="5 túi"),
}


def asked(chat: ChatClient, form: Form) -> FormField | None:
    """The field the last answer asks (by its prompt), None when none is asked."""
    text = chat.text
    if "Bước " not in text:
        return None
    found = [f for f in form.fields if f.prompt in text]
    assert found, f"no known prompt in: {text}"
    return found[-1]


async def play(chat: ChatClient, field: FormField, step: Step, files_dir: Path) -> None:
    if step.send:
        await chat.send(step.send)
        # a value that looks like a question ("…?") is confirmed as the answer it is
        if any("Là câu trả lời" in b.label for b in chat.buttons()):
            await chat.press("Là câu trả lời")
        # a name typed without diacritics ("tran van hai") is kept as typed (issue 15 item 7)
        if any(b.label.startswith("Giữ nguyên") for b in chat.buttons()):
            await chat.press("Giữ nguyên")
    elif step.press:
        await chat.press(step.press)
    elif step.presses:
        for label in step.presses:
            await chat.press(label)
    elif step.toggles:
        for label in step.toggles:
            await chat.press(label)
        await chat.press("Xong")
    else:
        for i in range(step.photos):
            await chat.send_file(photo(files_dir, (10 * i, 100, 200)))
        await chat.press("Xong")


async def fill(
    chat: ChatClient,
    form: Form,
    files_dir: Path,
    *,
    answers: dict[str, Step] | None = None,
    stop_before: str | None = None,
    limit: int = 60,
) -> list[str]:
    """Answer each question asked until the summary (or ``stop_before``); the ids answered."""
    script = {**ANSWERS, **(answers or {})}
    done: list[str] = []
    for _ in range(limit):
        field = asked(chat, form)
        if field is None or field.id == stop_before:
            return done
        await play(chat, field, script[field.id], files_dir)
        done.append(field.id)
    raise AssertionError("the form did not end")


async def start_registration(chat: ChatClient) -> None:
    await chat.send(f"/start xa_{VAN_THANG}")
    await chat.press("Đăng ký sản phẩm")


async def stored_answers(chat: ChatClient) -> dict[str, Any]:
    """The answers stored for this user's (first) application, by field id."""
    user = await chat.assistant.services.users.get_by_external(chat.channel, chat.user_id)
    assert user is not None
    repo = chat.assistant.services.applications
    app = (await repo.list_for_owner(user.id))[0]
    return {k: v.value for k, v in (await repo.get_answers(app.id)).items()}


def asking(chat: ChatClient, form: Form) -> str | None:
    """The id of the field the last reply asks, or None."""
    field = asked(chat, form)
    return field.id if field is not None else None


async def reach(chat: ChatClient, form: Form, files_dir: Path, field_id: str) -> None:
    """Start a registration and fill it in up to (not including) ``field_id``."""
    await start_registration(chat)
    await fill(chat, form, files_dir, stop_before=field_id)
    assert asking(chat, form) == field_id
