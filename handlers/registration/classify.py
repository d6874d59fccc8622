"""The product class question (Mẫu 01 item 3) as buttons: the closest scoring sets for the
product's name, or the Phụ lục I tree (ngành → nhóm → phân nhóm).

Owns the button values of that question and reading them back. A leaf is chosen by its id
(``raw_grain``, stable ASCII); a step of the tree by ``~`` (the sectors), ``~<sector>`` (its
groups) or ``~<sector>.<n>`` (the leaves of its n-th group). Nothing here saves or words a
sentence: :mod:`handlers.registration.ask` builds the messages, the flow saves the leaf with
the fields it sets (the sector) in one write.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.messages import Button
from bot.payloads import RegistrationVerb, registration
from knowledge.classification import Classification, Group, Leaf, Match, Sector
from knowledge.forms import Form, FormField
from knowledge.text import shorten

TREE = "~"
LABEL_CHARS = 60


@dataclass(frozen=True)
class TreeStep:
    """Where a ``~…`` value points: the sector list, one sector's groups, or one group."""

    sector: Sector | None = None
    group: Group | None = None

    def value(self) -> str:
        if self.sector is None:
            return TREE
        if self.group is None:
            return f"{TREE}{self.sector.id}"
        return f"{TREE}{self.sector.id}.{self.sector.groups.index(self.group)}"

    def up(self) -> TreeStep | None:
        """The step above (None at the sector list)."""
        if self.sector is None:
            return None
        return TreeStep(self.sector) if self.group is not None else TreeStep()


def parse_step(catalogue: Classification, value: str) -> TreeStep | None:
    """The tree step of a button value (None when it is not one, or names nothing)."""
    if not value.startswith(TREE):
        return None
    sector_id, _, index = value[len(TREE) :].partition(".")
    if not sector_id:
        return TreeStep()
    sector = catalogue.sector(sector_id)
    if sector is None:
        return None
    if not index:
        return TreeStep(sector)
    if not index.isdigit() or int(index) >= len(sector.groups):
        return None
    return TreeStep(sector, sector.groups[int(index)])


def _button(label: str, app_id: int, f: FormField, value: str) -> Button:
    return Button(
        shorten(label, LABEL_CHARS), registration(RegistrationVerb.CHOOSE, app_id, f.id, value)
    )


def match_buttons(matches: list[Match], app_id: int, f: FormField) -> list[Button]:
    """One button per suggested scoring set, labelled with its Phụ lục I leaf."""
    return [_button(m.leaf.name, app_id, f, m.leaf.id) for m in matches]


def leaf_buttons(leaves: list[Leaf], app_id: int, f: FormField) -> list[Button]:
    """One button per Phụ lục I leaf."""
    return [_button(leaf.name, app_id, f, leaf.id) for leaf in leaves]


def step_buttons(
    step: TreeStep, app_id: int, f: FormField, catalogue: Classification
) -> list[Button]:
    """The choices one level down: sectors, a sector's groups, or a group's leaves. A group
    (or a sector) with a single leaf and no phân nhóm is that leaf."""
    if step.sector is None:
        return [_sector_button(s, app_id, f) for s in catalogue.sectors]
    if step.group is None:
        return [_group_button(step.sector, g, app_id, f) for g in step.sector.groups]
    return [_button(leaf.name, app_id, f, leaf.id) for leaf in step.group.leaves]


def _sector_button(sector: Sector, app_id: int, f: FormField) -> Button:
    only = sector.leaves[0] if len(sector.leaves) == 1 else None
    return _button(sector.label, app_id, f, only.id if only else f"{TREE}{sector.id}")


def _group_button(sector: Sector, group: Group, app_id: int, f: FormField) -> Button:
    value = TreeStep(sector, group).value() if group.has_subgroups else group.leaves[0].id
    return _button(group.name, app_id, f, value)


def saved_with(form: Form, f: FormField, leaf: Leaf) -> dict[str, Any]:
    """The answers the leaf also sets, saved in the same write (``product_group``)."""
    return {other.id: leaf.sector_id for other in form.fields if other.set_by == f.id}
