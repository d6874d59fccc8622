"""Server-rendered pages: the Jinja2 environment and the error pages.

Owns how a page becomes HTML: templates under ``bot/web/templates`` (autoescaped — anything
a user typed is escaped by default), the texts from ``knowledge/replies/web.yaml`` for what
the program itself says, and the friendly Vietnamese page for 400/403/404/410/500.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import jinja2
from aiohttp import web

from knowledge.replies import Texts

TEMPLATES = Path(__file__).resolve().parent / "templates"
STATIC = Path(__file__).resolve().parent / "static"
ERROR_STATUSES = (400, 403, 404, 405, 410, 500)


def environment() -> jinja2.Environment:
    """The template environment (autoescape on, undefined names are errors)."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


@functools.cache
def static_url(name: str) -> str:
    """``/static/<name>?v=<content hash>``: a changed file is fetched again, never stale."""
    digest = hashlib.sha256((STATIC / name).read_bytes()).hexdigest()[:10]
    return f"/static/{name}?v={digest}"


class Renderer:
    """Renders a template with the values every page gets (texts, nav, the session)."""

    def __init__(self, texts: Texts) -> None:
        self.env = environment()
        self.env.globals["static_url"] = static_url
        self.texts = texts

    def html(self, template: str, values: Mapping[str, Any]) -> str:
        return self.env.get_template(template).render(**values)

    def page(self, template: str, values: Mapping[str, Any], *, status: int = 200) -> web.Response:
        body = self.html(template, values)
        return web.Response(text=body, status=status, content_type="text/html", charset="utf-8")

    def error(self, status: int, base: Mapping[str, Any]) -> web.Response:
        """The Vietnamese page for an error status (500 for anything unexpected)."""
        if status not in ERROR_STATUSES:
            status = 500
        values = {
            **base,
            "title": self.texts.t(f"web.error_title_{status}"),
            "message": self.texts.t(f"web.error_{status}"),
            "status": status,
        }
        return self.page("error.html", values, status=status)
