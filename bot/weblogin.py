"""One-time login links to the officer web page, how long logins last, and its addresses.

Owns the link's shape (``<OCOP_PUBLIC_URL>/web/login/<token>``) and lifetimes: a link is
good for one use within 10 minutes, the session it opens for 8 hours. Made for an officer
by the chat (``/web`` in the officer menu) and by ``ocop-bot officer web-link``; redeemed by
the web server (:mod:`bot.web.auth`). Below the features and the web app, which both use it.
Also the addresses of the pages the chat links to (a notice of a new application names its
page, :mod:`bot.officer_alerts`).
"""

from __future__ import annotations

from datetime import timedelta

from bot.roles import scope_of
from bot.settings import Settings
from bot.storage.users import User
from bot.storage.web import WebAuthRepo

LOGIN_TTL = timedelta(minutes=10)
SESSION_TTL = timedelta(hours=8)
LOGIN_PATH = "/web/login/"
APPLICATIONS_PATH = "/web/ho-so"
QUESTIONS_PATH = "/web/cau-hoi"


def page_url(settings: Settings, path: str) -> str:
    """The full address of a page of the web (``path`` from the root).

    >>> from bot.settings import load_settings
    >>> page_url(load_settings(_env_file=None, OCOP_PUBLIC_URL="https://x.vn/"), "/web/ho-so/7")
    'https://x.vn/web/ho-so/7'
    """
    return settings.web_base_url() + path


def login_url(settings: Settings, token: str) -> str:
    """The address of a login token, as the officer opens it.

    >>> from bot.settings import load_settings
    >>> login_url(load_settings(_env_file=None, OCOP_PUBLIC_URL="https://x.vn"), "abc")
    'https://x.vn/web/login/abc'
    """
    return settings.web_base_url() + LOGIN_PATH + token


async def new_login_url(repo: WebAuthRepo, settings: Settings, user: User) -> str | None:
    """A fresh one-time login link for an officer or admin; None for anyone else."""
    if scope_of(user) is None:
        return None
    return login_url(settings, await repo.create_login(user.id, LOGIN_TTL))
