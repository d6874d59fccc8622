"""Screens shared by the officer tools: the officer menu and the commune picker of admins.

Owns the ``o:menu`` screen and the paging of communes under an officer action prefix.
"""

from __future__ import annotations

from bot.context import Context
from bot.messages import Button, Reply, page_of, rows
from bot.payloads import MenuVerb, OfficerVerb, menu, officer
from handlers.officer.auth import Scope

OFFICER_MENU: tuple[tuple[str, str], ...] = (
    ("officer.menu_announce", officer(OfficerVerb.ANNOUNCEMENTS)),
    ("officer.menu_review", officer(OfficerVerb.REVIEW_QUEUE)),
    ("officer.menu_questions", officer(OfficerVerb.QUESTIONS)),
    ("officer.menu_stats", officer(OfficerVerb.STATS)),
    ("officer.menu_export", officer(OfficerVerb.EXPORT)),
    ("web.menu_button", officer(OfficerVerb.WEB_LINK)),
)


def scope_label(ctx: Context, scope: Scope) -> str:
    """ "Xã Vạn Thắng" for an officer, "tất cả các xã" for an admin."""
    if scope.admin:
        return ctx.t("officer.all_communes")
    return commune_name(ctx, scope.commune_id)


def commune_name(ctx: Context, commune_id: str | None) -> str:
    if commune_id is None:
        return ctx.t("officer.all_communes")
    commune = ctx.services.communes.get(commune_id)
    return commune.name if commune is not None else commune_id


def officer_menu(ctx: Context, scope: Scope, text: str | None = None) -> Reply:
    """The officer menu (the tools, the web page link and the way back to the main menu)."""
    buttons = [Button(ctx.t(key), payload) for key, payload in OFFICER_MENU]
    layout = [
        *rows(*buttons, per_row=2),
        (Button(ctx.t("officer.back_main"), menu(MenuVerb.MENU)),),
    ]
    header = text or ctx.t(
        "officer.menu_title",
        role=ctx.t("officer.role_admin" if scope.admin else "officer.role_officer"),
        commune=scope_label(ctx, scope),
    )
    return Reply(header, tuple(layout))


def back_button(ctx: Context) -> tuple[Button, ...]:
    return (Button(ctx.t("officer.back_officer"), officer(OfficerVerb.MENU)),)


def commune_picker(ctx: Context, action: OfficerVerb, page: int, header: str) -> Reply:
    """Communes as ``o:<action><id>`` buttons, paged with ``o:<action>p<n>``, plus
    ``o:<action>all`` for every commune."""
    communes = ctx.services.communes.communes
    chunk, page, pages = page_of(communes, page)
    layout = list(rows(*(Button(c.name, officer(action, c.id)) for c in chunk), per_row=2))
    nav: list[Button] = []
    if page > 1:
        nav.append(Button(ctx.t("core.page_prev"), officer(action, f"p{page - 1}")))
    if page < pages:
        nav.append(Button(ctx.t("core.page_next"), officer(action, f"p{page + 1}")))
    if nav:
        layout.append(tuple(nav))
    layout.append((Button(ctx.t("officer.all_communes_button"), officer(action, "all")),))
    layout.append(back_button(ctx))
    return Reply(header, tuple(layout))
