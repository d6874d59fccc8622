"""Reply texts as data: every Vietnamese sentence the assistant says lives in
``knowledge/replies/<area>.yaml`` and is looked up as ``"<area>.<key>"``.

Owns loading and formatting. Values passed to :meth:`Texts.t` are HTML-escaped unless they
are wrapped in :class:`Raw` (already-safe HTML built by the program).

>>> texts = Texts({"core.hello": "Chào {name}!"})
>>> texts.t("core.hello", name="<Lan & Mai>")
'Chào &lt;Lan &amp; Mai&gt;!'
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

import yaml


@dataclass(frozen=True)
class Raw:
    """A value that is already safe HTML and must not be escaped again."""

    html: str


class Texts:
    """Lookup of reply templates by dotted key."""

    def __init__(self, templates: dict[str, str]) -> None:
        self._templates = templates

    @classmethod
    def load(cls, folder: Path) -> Texts:
        templates: dict[str, str] = {}
        for path in sorted(folder.glob("*.yaml")):
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            if not isinstance(data, dict):
                raise ValueError(f"{path}: expected a mapping of key: text")
            for key, value in data.items():
                if not isinstance(value, str):
                    raise ValueError(f"{path}: {key} must be a string")
                templates[f"{path.stem}.{key}"] = value.strip()
        return cls(templates)

    def keys(self) -> list[str]:
        return sorted(self._templates)

    def t(self, key: str, **values: object) -> str:
        """Format template ``key``; unknown keys are a programming error (KeyError)."""
        template = self._templates[key]
        safe = {
            name: value.html if isinstance(value, Raw) else html.escape(str(value), quote=False)
            for name, value in values.items()
        }
        return template.format(**safe)
