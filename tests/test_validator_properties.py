"""Properties of the answer validators over arbitrary text (hypothesis), adding to the
example-based properties in ``test_validators.py``: a validator returns a value or raises
:class:`ValidationError` with a Vietnamese message — nothing else; what it returns reads
back as itself (idempotence); NFD input is read like NFC.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from knowledge.replies import Texts
from knowledge.validators import (
    ValidationError,
    format_number,
    parse_date,
    parse_email,
    parse_phone,
    parse_quantity,
    parse_tax_id,
    parse_text,
)

KNOWLEDGE = Path(__file__).resolve().parent.parent / "knowledge"
typed = st.one_of(
    st.text(max_size=60),
    st.text(alphabet="0123456789 .,-+/()kK", max_size=30),
    st.text(alphabet="0123456789 .,/-ngaythmáă", max_size=30),
)


@cache
def texts() -> Texts:
    return Texts.load(KNOWLEDGE / "replies")


def outcome(parse: Callable[[str], Any], text: str) -> tuple[str, Any]:
    """("ok", value) or ("error", key); any other exception fails the test."""
    try:
        return "ok", parse(text)
    except ValidationError as error:
        message = error.user_message(texts())
        assert message.strip(), error.key
        return "error", error.key


PARSERS: dict[str, Callable[[str], Any]] = {
    "text": parse_text,
    "phone": parse_phone,
    "email": parse_email,
    "tax_id": lambda t: parse_tax_id(t, accept_personal_id=True),
    "quantity": parse_quantity,
    "integer": lambda t: parse_quantity(t, integer=True, minimum=1, unit_required=True),
    "date": parse_date,
}


@pytest.mark.parametrize("name", sorted(PARSERS))
def test_a_validator_returns_or_explains_in_vietnamese(name: str) -> None:
    parse = PARSERS[name]

    @settings(max_examples=150, deadline=None)
    @given(typed)
    def check(text: str) -> None:
        outcome(parse, text)

    check()


@pytest.mark.parametrize("name", sorted(PARSERS))
def test_a_validator_reads_nfd_like_nfc(name: str) -> None:
    parse = PARSERS[name]

    @settings(max_examples=100, deadline=None)
    @given(typed)
    def check(text: str) -> None:
        nfc_text = unicodedata.normalize("NFC", text)
        assert outcome(parse, unicodedata.normalize("NFD", text)) == outcome(parse, nfc_text)

    check()


@given(typed)
def test_stored_phone_tax_email_and_text_values_read_back_as_themselves(text: str) -> None:
    for name in ("phone", "tax_id", "email", "text"):
        kind, value = outcome(PARSERS[name], text)
        if kind == "ok":
            assert PARSERS[name](value) == value, name


@given(typed)
def test_a_quantity_written_back_reads_back_the_same(text: str) -> None:
    kind, value = outcome(parse_quantity, text)
    if kind == "ok":
        again = parse_quantity(f"{format_number(value.value)} {value.unit}".strip())
        assert again == value


@given(typed)
def test_a_date_written_back_reads_back_the_same(text: str) -> None:
    kind, value = outcome(parse_date, text)
    if kind == "ok":
        assert parse_date(value.strftime("%d/%m/%Y")) == value
