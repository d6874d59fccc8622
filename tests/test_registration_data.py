"""The registration content files: the form, the checklist and their texts load and agree."""

from __future__ import annotations

import doctest
import importlib
import re
from pathlib import Path

import pytest

from bot.messages import MAX_PAYLOAD_BYTES
from knowledge.checklist import Checklist
from knowledge.forms import Form
from knowledge.replies import Texts

ROOT = Path(__file__).resolve().parent.parent
FORMS = ROOT / "knowledge" / "forms"
FORM = Form.load(FORMS / "registration.yaml")


def test_the_form_follows_the_official_registration_form() -> None:
    ids = [f.id for f in FORM.fields]
    for needed in (
        "subject_type",
        "unit_name",
        "representative",
        "position",
        "address",
        "commune",
        "phone",
        "email",
        "tax_id",
        "product_name",
        "product_class",
        "product_group",
        "reg_kind",
        "current_stars",
        "certificate_date",
        "description",
        "raw_materials",
        "raw_local",
        "yearly_output",
        "price",
        "certificates",
        "story",
        "photos",
        "documents",
        "sample_units",
    ):
        assert needed in ids
    groups = [c.label for c in FORM["product_group"].choices]
    assert len(groups) == 6 and groups[-1].endswith("điểm du lịch")
    kinds = [c.label for c in FORM["reg_kind"].choices]
    assert kinds == ["Lần đầu", "Nâng hạng", "Đánh giá lại"]
    assert not FORM["email"].required and not FORM["story"].required
    assert FORM["photos"].required and FORM["photos"].option("min_items") == 1
    assert {c.value for c in FORM["certificates"].choices} >= {
        "attp", "quality", "vietgap", "globalgap", "organic", "haccp", "iso22000",
        "trademark", "trace", "barcode", "business_reg", "trademark_filed", "test_report",
    }  # fmt: skip


def test_every_field_has_a_vietnamese_prompt_and_label() -> None:
    for f in FORM.fields:
        assert f.prompt and f.label and f.section
        assert not f.prompt.isascii(), f.id  # Vietnamese, with diacritics
        for choice in f.choices:
            assert choice.label and choice.value.isascii()


def test_every_button_payload_fits_telegram_even_for_large_ids() -> None:
    for f in FORM.fields:
        values = [c.value for c in f.choices] or ["13864"]
        for value in values:
            payload = f"r:t:99999999:{f.id}:{value}"
            assert len(payload.encode()) <= MAX_PAYLOAD_BYTES, payload


def test_conditional_fields_depend_on_earlier_answers() -> None:
    upgrade = FORM.applicable({"reg_kind": "upgrade", "product_group": "tourism"})
    ids = [f.id for f in upgrade]
    assert "current_stars" in ids and "certificate_date" in ids and "sample_units" not in ids
    first = [f.id for f in FORM.applicable({"reg_kind": "first", "product_group": "drink"})]
    assert "current_stars" not in first and "certificate_date" not in first


def test_the_checklist_names_only_fields_of_the_form() -> None:
    checklist = Checklist.default()
    checklist.check_against(FORM)
    tourism = checklist.evaluate(FORM, {"product_class": "tourism", "reg_kind": "reassess"})
    ids = {row.item.id for row in tourism.rows}
    assert "samples" not in ids and "food_safety_certificate" not in ids
    assert "reassess_updates" in ids


def test_every_text_key_used_by_registration_exists() -> None:
    texts = set(Texts.load(ROOT / "knowledge" / "replies").keys())
    used: set[str] = set()
    for path in [
        *(ROOT / "handlers" / "registration").glob("*.py"),
        ROOT / "bot/export/content.py",
    ]:
        used |= set(re.findall(r'"((?:registration|export)\.[a-z_]+)"', path.read_text()))
        used |= {f"export.{k}" for k in re.findall(r'(?<![\w.])t\("([a-z_]+)"', path.read_text())}
    missing = sorted(k for k in used if k not in texts and not k.endswith(".yaml"))
    assert not missing, missing
    for status in ("draft", "submitted", "needs_more", "accepted", "rejected"):
        assert f"registration.status_{status}" in texts


@pytest.mark.parametrize(
    "module",
    [
        "knowledge.forms",
        "knowledge.validators",
        "knowledge.checklist",
        "knowledge.eligibility",
        "knowledge.form_values",
        "bot.storage.applications",
    ],
)
def test_docstring_examples_run(module: str) -> None:
    result = doctest.testmod(importlib.import_module(module))
    assert result.attempted > 0 and result.failed == 0
