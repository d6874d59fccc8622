"""Reading what the producer typed for one field: a value to save, or why not.

Owns the mapping from field type to validator (``knowledge.validators``), typed choice
labels ("htx", "cong ty", "co"; several for a multi-choice field: "attp, vietgap" —
``knowledge.choice_match``), typed commune names, and the little words that act like
buttons ("xong", "bỏ qua", "quay lại"). An error about a number shows the field's own
example («80.000 đồng/chai» for a price); a number read differently from how it was typed
is repeated with a way back. It never saves anything: the feature does.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from bot.context import Context
from bot.messages import Button, Reply, rows
from bot.payloads import RegistrationVerb, registration
from handlers.filled_form import FilledForm
from handlers.registration.ask import class_guesses
from knowledge.choice_match import match_choice as match_named
from knowledge.choice_match import match_choices
from knowledge.form_values import parse_number
from knowledge.forms import Choice, FieldType, FormField, Values
from knowledge.text import fold
from knowledge.validators import (
    ValidationError,
    format_number,
    parse_date,
    parse_email,
    parse_phone,
    parse_tax_id,
    parse_text,
)


class Intent(StrEnum):
    DONE = "done"
    SKIP = "skip"
    BACK = "back"


@dataclass(frozen=True)
class Accepted:
    value: Any
    commune_id: str | None = None
    note: str = ""


@dataclass(frozen=True)
class Rejected:
    """Not accepted; ``message`` is ready HTML for the producer."""

    message: str


@dataclass(frozen=True)
class Picked:
    """Options typed at a multi-choice field: ``values`` found, ``unknown`` parts not."""

    values: tuple[str, ...]
    unknown: tuple[str, ...] = ()


@dataclass(frozen=True)
class Ask:
    """A follow-up question instead of an answer (e.g. "which of these communes?")."""

    reply: Reply


Reading = Accepted | Rejected | Intent | Ask | Picked

_DONE = {"xong", "done", "da xong", "xong roi", "het", "het roi", "du roi", "ok xong"}
_SKIP = {"bo qua", "skip", "bo qua buoc nay"}
_NONE = {"khong", "ko", "k", "khong co", "chua co", "chua", "ko co", "k co", "khong co a"}
_BACK = {"quay lai", "tro lai", "back", "lui lai"}
_YES = {"co", "roi", "da co", "co roi", "yes", "ok", "u", "uh", "vang", "da", "dung"}
_NO = {"khong", "ko", "k", "chua", "chua co", "no", "khong co", "ko co"}

TEXT_LIMITS = {FieldType.TEXT: (2, 200), FieldType.LONG_TEXT: (5, 2000)}


def intent_of(f: FormField, text: str) -> Intent | None:
    """Typed words that mean a button: "xong", "bỏ qua", "quay lại", "không có"."""
    key = fold(text)
    if key in _BACK:
        return Intent.BACK
    if key in _DONE and f.type in (FieldType.MULTI_CHOICE, FieldType.PHOTOS, FieldType.DOCUMENTS):
        return Intent.DONE
    if not f.required and (key in _SKIP or (key in _NONE and not f.type.has_choices)):
        return Intent.SKIP
    return None


def read_text(ctx: Context, draft: FilledForm, f: FormField, text: str) -> Reading:
    """Validate typed ``text`` as the answer to ``f``."""
    intent = intent_of(f, text)
    if intent is not None:
        return intent
    try:
        return _parse(ctx, draft, f, text)
    except ValidationError as error:
        example = str(f.option("example", ""))
        return Rejected(error.user_message(ctx.services.texts, example=example))


def _parse(ctx: Context, draft: FilledForm, f: FormField, text: str) -> Reading:
    kind = f.type
    if kind in TEXT_LIMITS:
        low, high = TEXT_LIMITS[kind]
        return Accepted(parse_text(text, min_length=low, max_length=f.option("max_length", high)))
    if kind is FieldType.PHONE:
        return Accepted(parse_phone(text))
    if kind is FieldType.EMAIL:
        return Accepted(parse_email(text))
    if kind is FieldType.TAX_ID:
        accept_personal = bool(f.option("accept_personal_id", False))
        return Accepted(parse_tax_id(text, accept_personal_id=accept_personal))
    if kind is FieldType.NUMBER:
        quantity = parse_number(f, text)
        written = f"{format_number(quantity.value)} {quantity.unit}"
        same = _squeezed(written) == _squeezed(text)
        note = "" if same else ctx.t("registration.number_check", typed=text.strip())
        return Accepted(quantity.as_json(), note=note)
    if kind is FieldType.DATE:
        day = parse_date(
            text,
            not_future=bool(f.option("not_future", False)),
            min_year=int(f.option("min_year", 1900)),
        )
        return Accepted(day.isoformat())
    if kind in (FieldType.CHOICE, FieldType.YES_NO):
        choice = match_choice(f, text, draft.values)
        if choice is None:
            return Rejected(ctx.t("registration.use_buttons"))
        return Accepted(choice.value)
    if kind is FieldType.MULTI_CHOICE:
        found, unknown = match_choices(f.choices, text)
        if not found:
            return Rejected(ctx.t("registration.use_toggle_buttons"))
        return Picked(tuple(c.value for c in found), tuple(unknown))
    if kind is FieldType.COMMUNE:
        return _commune(ctx, draft, f, text)
    if kind is FieldType.PRODUCT_CLASS:  # never refused: matched again, offered as buttons
        return Ask(class_guesses(ctx, draft, f, parse_text(text, min_length=2, max_length=200)))
    key = "registration.need_photo" if kind is FieldType.PHOTOS else "registration.need_document"
    return Rejected(ctx.t(key))


def match_choice(f: FormField, text: str, values: Values | None = None) -> Choice | None:
    """A choice offered for ``values`` named by typed text (its label, value or ``also``
    words, a unique prefix, a number — ``knowledge.choice_match``), or có/không."""
    key = fold(text)
    choices = f.choices_for(values) if values is not None else f.choices
    if f.type is FieldType.YES_NO:
        if key in _YES:
            return f.choice("yes")
        if key in _NO:
            return f.choice("no")
    return match_named(choices, text)


def _squeezed(text: str) -> str:
    """For comparing a number as typed with how it is written back: no case, marks, spaces."""
    return fold(text).replace(" ", "")


def _commune(ctx: Context, draft: FilledForm, f: FormField, text: str) -> Reading:
    lookup = ctx.services.communes.find(text)
    commune = lookup.commune
    if commune is not None and not lookup.outside_area:
        old = lookup.via_alias
        note = (
            ctx.t("registration.commune_alias", old=old.name, commune=commune.name) if old else ""
        )
        return Accepted(commune.id, commune_id=commune.id, note=note)
    if lookup.outside_area:
        name = commune.name if commune else text
        return Rejected(ctx.t("registration.commune_outside", commune=name))
    if lookup.candidates:
        buttons = [
            Button(c.name, registration(RegistrationVerb.CHOOSE, draft.app.id, f.id, c.id))
            for c in lookup.candidates[:8]
        ]
        return Ask(Reply(ctx.t("registration.commune_ambiguous", text=text), rows(*buttons)))
    return Rejected(ctx.t("registration.commune_not_found", text=text))
