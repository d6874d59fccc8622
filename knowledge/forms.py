"""The registration form as data: loading ``knowledge/forms/registration.yaml`` and walking it.

Owns the field model (:class:`FormField`, :class:`Choice`, :class:`Condition`) and the pure
rules of the walk: which fields apply given the answers so far, which one comes next
(the first applicable field without an answer), the step number, what is still missing.
It knows nothing of storage, chat or Telegram: answers come in as a mapping of field id
to decoded value (``None`` for a skipped field; a missing key means "not answered").

A field either fills an item of the official Mẫu số 01 (``official``, with its ``slot`` in
``forms/mau-01.yaml`` if the item has a blank) or is an ``addition`` the officers need (with
``why``). A ``preliminary`` field is asked before step 1 and not counted in the steps. A field with
the option ``set_by`` is never asked: the field named there saves it in the same write.

>>> from pathlib import Path
>>> form = Form.load(Path(__file__).with_name("forms") / "registration.yaml")
>>> form.next_field({}).id
'subject_type'
>>> form.next_field({"subject_type": "htx"}).id
'unit_name'
>>> form.position("unit_name", {})
(1, 22)
>>> [f.id for f in form.asked({"reg_kind": "upgrade"}) if f.id.startswith("c")][:3]
['commune', 'current_stars', 'certificate_date']
>>> [c.value for c in form["current_stars"].choices_for({"reg_kind": "upgrade"})]
['s3', 's4']
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

import yaml

Values = Mapping[str, Any]
"""Answers so far: field id → decoded value (None when skipped); absent = not answered."""

_ID_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_")
MAX_ID = 20
_FIELD_KEYS = frozenset(
    {"id", "label", "prompt", "type", "required", "section", "help", "choices", "when", "options"}
    | {"official", "slot", "addition", "why", "preliminary"}
)
ADDITIONS = frozenset({"officer", "eligibility", "reminders", "mau_02"})
"""Why a field that Mẫu 01 does not ask is asked (``addition:`` in the YAML)."""
OFFICIAL_ITEMS = frozenset({"1", "2", "3", "4", "5"})
MAX_VALUE = 16
_CHOICE_KEYS = frozenset({"value", "label", "when", "also"})


class FieldType(StrEnum):
    TEXT = "text"
    LONG_TEXT = "long_text"
    CHOICE = "choice"
    MULTI_CHOICE = "multi_choice"
    YES_NO = "yes_no"
    PHONE = "phone"
    EMAIL = "email"
    NUMBER = "number"
    TAX_ID = "tax_id"
    DATE = "date"
    COMMUNE = "commune"
    PHOTOS = "photos"
    DOCUMENTS = "documents"
    PRODUCT_CLASS = "product_class"  # a leaf of Phụ lục I (knowledge/classification.yaml)

    @property
    def has_choices(self) -> bool:
        return self in (FieldType.CHOICE, FieldType.MULTI_CHOICE, FieldType.YES_NO)

    @property
    def takes_files(self) -> bool:
        return self in (FieldType.PHOTOS, FieldType.DOCUMENTS)


@dataclass(frozen=True)
class Choice:
    value: str
    label: str
    when: Condition | None = None  # offered only when it holds (a saved answer still shows)
    also: tuple[str, ...] = ()  # other words a producer types for it ("attp", "công ty")

    def offered(self, values: Values) -> bool:
        return self.when is None or self.when.holds(values)


@dataclass(frozen=True)
class Clause:
    """One ``field: spec`` of a condition: the answer is (or is not) one of ``values``."""

    field_id: str
    values: frozenset[str]
    negate: bool = False

    def holds(self, values: Values) -> bool:
        answer = values.get(self.field_id)
        if isinstance(answer, list):
            hit = any(str(v) in self.values for v in answer)
        else:
            hit = answer is not None and str(answer) in self.values
        return hit != self.negate


@dataclass(frozen=True)
class Condition:
    """All clauses must hold. Written ``{field: value}``, ``{field: [a, b]}`` or
    ``{field: {not: [a]}}`` in the YAML files."""

    clauses: tuple[Clause, ...]

    def holds(self, values: Values) -> bool:
        return all(c.holds(values) for c in self.clauses)

    @classmethod
    def parse(cls, raw: Any, where: str) -> Condition:
        if not isinstance(raw, dict) or not raw:
            raise ValueError(f"{where}: a condition is a non-empty mapping, got {raw!r}")
        clauses = []
        for field_id, spec in raw.items():
            negate = False
            if isinstance(spec, dict):
                if set(spec) != {"not"}:
                    raise ValueError(f"{where}: only 'not' is allowed inside a clause: {spec!r}")
                spec, negate = spec["not"], True
            items = spec if isinstance(spec, list) else [spec]
            clauses.append(Clause(str(field_id), frozenset(str(v) for v in items), negate))
        return cls(tuple(clauses))


@dataclass(frozen=True)
class FormField:
    id: str
    label: str
    prompt: str
    type: FieldType
    required: bool
    section: str = ""
    help: str = ""
    choices: tuple[Choice, ...] = ()
    when: Condition | None = None
    options: Mapping[str, Any] = field(default_factory=dict)
    official: str = ""  # the Mẫu 01 item ("1"…"5") the field fills; "" for an addition
    slot: str = ""  # its blank in forms/mau-01.yaml (none for a line printed without one)
    addition: str = ""  # one of ADDITIONS when Mẫu 01 does not ask it
    preliminary: bool = False  # asked before step 1, not counted in the steps

    def applies(self, values: Values) -> bool:
        return self.when is None or self.when.holds(values)

    def choice(self, value: str) -> Choice | None:
        return next((c for c in self.choices if c.value == value), None)

    def choices_for(self, values: Values) -> tuple[Choice, ...]:
        """The choices offered for these answers (a choice may have its own ``when``)."""
        return tuple(c for c in self.choices if c.offered(values))

    @property
    def set_by(self) -> str:
        """The field whose answer saves this one ("" when the field is asked itself)."""
        return str(self.option("set_by", ""))

    def option(self, name: str, default: Any = None) -> Any:
        return self.options.get(name, default)


class Form:
    """The ordered fields and the walk through them."""

    def __init__(self, fields: list[FormField]) -> None:
        self.fields: tuple[FormField, ...] = tuple(fields)
        self._by_id = {f.id: f for f in self.fields}
        if len(self._by_id) != len(self.fields):
            raise ValueError("duplicate field ids in the form")

    @classmethod
    def load(cls, path: Path) -> Form:
        """Read and check the YAML form; raises ``ValueError`` naming what is wrong."""
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or not isinstance(data.get("fields"), list):
            raise ValueError(f"{path}: expected a mapping with a 'fields' list")
        form = cls([_field_from(item, f"{path}#{i}") for i, item in enumerate(data["fields"])])
        form._check_conditions(str(path))
        return form

    def _check_conditions(self, where: str) -> None:
        for f in self.fields:
            conditions = [f.when, *(c.when for c in f.choices)]
            for clause in (c for cond in conditions if cond for c in cond.clauses):
                target = self._by_id.get(clause.field_id)
                if target is None or self.fields.index(target) >= self.fields.index(f):
                    raise ValueError(f"{where}: {f.id} depends on {clause.field_id}, not earlier")
                known = {c.value for c in target.choices}
                if known and not clause.values <= known:
                    raise ValueError(f"{where}: {f.id} names unknown values {clause.values}")
            setter = self._by_id.get(f.set_by) if f.set_by else None
            if f.set_by and (setter is None or setter.type is not FieldType.PRODUCT_CLASS):
                raise ValueError(f"{where}: {f.id} is set by {f.set_by!r}, not a product_class")

    def get(self, field_id: str) -> FormField | None:
        return self._by_id.get(field_id)

    def __getitem__(self, field_id: str) -> FormField:
        return self._by_id[field_id]

    def applicable(self, values: Values) -> list[FormField]:
        """The fields that apply to these answers, in order (with those saved by another)."""
        return [f for f in self.fields if f.applies(values)]

    def asked(self, values: Values) -> list[FormField]:
        """The fields asked for these answers, in order (not those saved by another)."""
        return [f for f in self.applicable(values) if not f.set_by]

    def setter(self, f: FormField) -> FormField:
        """The field asked to fill ``f``: itself, or the field that saves it."""
        return self._by_id[f.set_by] if f.set_by else f

    def next_field(self, values: Values) -> FormField | None:
        """The first asked field without an answer (None: every field was answered)."""
        return next((f for f in self.asked(values) if f.id not in values), None)

    def position(self, field_id: str, values: Values) -> tuple[int, int]:
        """(step number from 1, number of steps) of a field among the asked ones; a
        preliminary field is step 0."""
        ids = [f.id for f in self.asked(values) if not f.preliminary]
        if field_id not in ids:
            f = self._by_id.get(field_id)
            return (0 if f is not None and f.preliminary else len(ids)), len(ids)
        return ids.index(field_id) + 1, len(ids)

    def previous(self, field_id: str, values: Values) -> FormField | None:
        """The asked field before ``field_id`` (None at the first)."""
        fields = self.asked(values)
        ids = [f.id for f in fields]
        if field_id not in ids:
            return None
        index = ids.index(field_id)
        return fields[index - 1] if index > 0 else None

    def following(self, field_id: str, values: Values) -> FormField | None:
        """The asked field after ``field_id`` (None at the last)."""
        fields = self.asked(values)
        ids = [f.id for f in fields]
        if field_id not in ids:
            return None
        index = ids.index(field_id)
        return fields[index + 1] if index + 1 < len(fields) else None

    def missing_required(self, values: Values) -> list[FormField]:
        """Asked required fields without a (non-skipped) answer; a field saved by another
        and missing is reported as the one that saves it."""
        missing = [f for f in self.applicable(values) if f.required and values.get(f.id) is None]
        ids = dict.fromkeys(self.setter(f).id for f in missing)
        return [self._by_id[field_id] for field_id in ids]


def _field_from(item: Any, where: str) -> FormField:
    if not isinstance(item, dict):
        raise ValueError(f"{where}: a field is a mapping")
    missing = {"id", "label", "prompt", "type", "required"} - set(item)
    if missing:
        raise ValueError(f"{where}: missing keys {sorted(missing)}")
    unknown = set(item) - _FIELD_KEYS
    if unknown:
        raise ValueError(f"{where}: unknown keys {sorted(unknown)}")
    field_id = str(item["id"])
    if not field_id or len(field_id) > MAX_ID or not set(field_id) <= _ID_CHARS:
        raise ValueError(f"{where}: id {field_id!r} must be short lower-case ASCII")
    kind = FieldType(item["type"])
    choices = tuple(_choice_from(c, f"{where} {field_id}") for c in item.get("choices") or ())
    if kind is FieldType.YES_NO and not choices:
        choices = (Choice("yes", "Có"), Choice("no", "Không"))
    if kind.has_choices != bool(choices):
        raise ValueError(f"{where} {field_id}: choices are for choice fields only")
    when = Condition.parse(item["when"], f"{where} {field_id}") if "when" in item else None
    options = item.get("options") or {}
    if not isinstance(options, dict):
        raise ValueError(f"{where} {field_id}: options must be a mapping")
    official, addition = str(item.get("official", "")), str(item.get("addition", ""))
    if bool(official) == bool(addition):
        raise ValueError(f"{where} {field_id}: a field is either official or an addition")
    if official and official not in OFFICIAL_ITEMS:
        raise ValueError(f"{where} {field_id}: official is the Mẫu 01 item, 1–5")
    if addition and (addition not in ADDITIONS or not item.get("why")):
        raise ValueError(f"{where} {field_id}: addition is one of {sorted(ADDITIONS)}, with why")
    return FormField(
        id=field_id,
        label=str(item["label"]).strip(),
        prompt=str(item["prompt"]).strip(),
        type=kind,
        required=bool(item["required"]),
        section=str(item.get("section", "")).strip(),
        help=str(item.get("help", "")).strip(),
        choices=choices,
        when=when,
        options=dict(options),
        official=official,
        slot=str(item.get("slot", "")),
        addition=addition,
        preliminary=bool(item.get("preliminary", False)),
    )


def _choice_from(raw: Any, where: str) -> Choice:
    if not isinstance(raw, dict) or not {"value", "label"} <= set(raw) <= _CHOICE_KEYS:
        raise ValueError(f"{where}: a choice has a value, a label and maybe a when: {raw!r}")
    value = str(raw["value"])
    if not value or len(value) > MAX_VALUE or not set(value) <= _ID_CHARS:
        raise ValueError(f"{where}: choice value {value!r} must be short lower-case ASCII")
    when = Condition.parse(raw["when"], f"{where} {value}") if "when" in raw else None
    also = raw.get("also") or []
    if not isinstance(also, list):
        raise ValueError(f"{where}: 'also' of {value!r} is a list of words")
    return Choice(value, str(raw["label"]).strip(), when, tuple(str(a) for a in also))
