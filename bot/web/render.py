"""Server-rendered pages: the Jinja2 environment and the error pages.

Owns how a page becomes HTML: templates under ``bot/web/templates`` (autoescaped — anything
a user typed is escaped by default), the texts from ``knowledge/replies/web.yaml`` for what
the program itself says, and the friendly Vietnamese page for 400/403/404/410/500.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import jinja2
from aiohttp import web

from knowledge.replies import Raw, Texts

TEMPLATES = Path(__file__).resolve().parent / "templates"
STATIC = Path(__file__).resolve().parent / "static"
ERROR_STATUSES = (400, 403, 404, 405, 410, 500)
VIETNAM = timezone(timedelta(hours=7))


def environment() -> jinja2.Environment:
    """The template environment (autoescape on, undefined names are errors)."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def plain(texts: Texts, key: str, **values: object) -> str:
    """A text of ``knowledge/replies`` as plain text (the template escapes it, once).

    >>> plain(Texts({"web.x": "Chào {name}"}), "web.x", name="A & B")
    'Chào A & B'
    """
    return texts.t(key, **{name: Raw(str(value)) for name, value in values.items()})


def vn_time(stamp: str | None) -> str:
    """A stored UTC time as the officer reads it, in Vietnam's time: "05/06/2026 14:30".

    >>> vn_time("2026-06-05T07:30:00+00:00")
    '05/06/2026 14:30'
    """
    if not stamp:
        return ""
    moment = datetime.fromisoformat(stamp)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(VIETNAM).strftime("%d/%m/%Y %H:%M")


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
        self.env.globals["t"] = functools.partial(plain, texts)
        self.env.filters["vn_time"] = vn_time
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
            "title": plain(self.texts, f"web.error_title_{status}"),
            "message": plain(self.texts, f"web.error_{status}"),
            "status": status,
        }
        return self.page("error.html", values, status=status)
