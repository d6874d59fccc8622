"""The pages of the officer web, one module each, in the order of the nav.

A new page is a module here with a ``PAGE`` (:class:`bot.web.base.Page`), its templates in
``bot/web/templates/<page>.html`` extending ``layout.html``, its texts in
``knowledge/replies/web.yaml`` — and one line in :data:`ALL`. Every handler starts with
:func:`bot.web.auth.require_officer` and checks objects with the officer's ``Scope``;
every form posts the session's ``csrf`` and the handler calls :func:`bot.web.auth.check_csrf`.
"""

from __future__ import annotations

from bot.web.base import Page
from bot.web.pages import (
    announcements,
    application,
    applications,
    figures,
    knowledge,
    questions,
    staff,
)

ALL: tuple[Page, ...] = (
    applications.PAGE,
    application.PAGE,
    announcements.PAGE,
    questions.PAGE,
    figures.PAGE,
    knowledge.PAGE,
    staff.PAGE,
)
