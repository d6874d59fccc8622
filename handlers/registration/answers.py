"""Reading what the producer typed for one field: a value to save, or why not.

Owns the mapping from field type to validator (``knowledge.validators``), typed choice
labels ("htx", "hop tac xa", "co"), typed commune names, and the little words that act
like buttons ("xong", "bỏ qua", "quay lại"). It never saves anything: the feature does.
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
from knowledge.forms import Choice, FieldType, FormField, Values
from knowledge.text import fold
from knowledge.validators import (
    ValidationError,
    parse_date,
    parse_email,
    parse_phone,
    parse_quantity,
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
class Ask:
    """A follow-up question instead of an answer (e.g. "which of these communes?")."""

    reply: Reply


Reading = Accepted | Rejected | Intent | Ask

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
        return Rejected(error.user_message(ctx.services.texts))


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
        quantity = parse_quantity(
            text,
            integer=bool(f.option("integer", False)),
            minimum=f.option("min"),
            unit_required=bool(f.option("unit_required", False)),
            default_unit=str(f.option("default_unit", "")),
        )
        return Accepted(quantity.as_json())
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
        return Rejected(ctx.t("registration.use_toggle_buttons"))
    if kind is FieldType.COMMUNE:
        return _commune(ctx, draft, f, text)
    if kind is FieldType.PRODUCT_CLASS:  # never refused: matched again, offered as buttons
        return Ask(class_guesses(ctx, draft, f, parse_text(text, min_length=2, max_length=200)))
    key = "registration.need_photo" if kind is FieldType.PHOTOS else "registration.need_document"
    return Rejected(ctx.t(key))


def match_choice(f: FormField, text: str, values: Values | None = None) -> Choice | None:
    """A choice offered for ``values`` named by typed text: its label or value, a unique
    prefix, a number, có/không."""
    key = fold(text)
    choices = f.choices_for(values) if values is not None else f.choices
    if not key:
        return None
    if key.isdigit() and 1 <= int(key) <= len(choices):
        return choices[int(key) - 1]
    if f.type is FieldType.YES_NO:
        if key in _YES:
            return f.choice("yes")
        if key in _NO:
            return f.choice("no")
    exact = [c for c in choices if key in (fold(c.label), c.value)]
    if exact:
        return exact[0]
    prefix = [c for c in choices if len(key) >= 3 and fold(c.label).startswith(key)]
    return prefix[0] if len(prefix) == 1 else None


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
