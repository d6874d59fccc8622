"""The announcement being written, as the officer sees it in the chat before it goes out.

Owns the chat's preview with its recipient count and buttons, the audience filters' labels,
and the check that the draft in the session still belongs to the officer's reach. The draft
itself (:class:`~bot.announcing.AnnouncementDraft`, kept in the session as a dict, so it
survives a restart) and who it reaches are :mod:`bot.announcing`, shared with the web page;
the steps that change the draft are :mod:`handlers.officer.announce`.
"""

from __future__ import annotations

from dataclasses import asdict

from bot.announcing import (
    ALL,
    AnnouncementDraft,
    local_time,
    plan_for,
    preview_replies,
)
from bot.announcing import group_choices as draft_groups
from bot.context import Context
from bot.messages import Button, Reply
from bot.modes import Mode
from bot.payloads import OfficerVerb, officer
from handlers.officer.auth import Scope
from handlers.officer.screens import commune_name

__all__ = ["ALL", "AnnouncementDraft", "local_time", "plan_for"]

MODES = frozenset({Mode.ANNOUNCE_COMPOSE, Mode.ANNOUNCE_PREVIEW, Mode.ANNOUNCE_WHEN})


def group_choices(ctx: Context) -> list[tuple[str, str]]:
    """(value, label) of the product groups of the registration form."""
    return draft_groups(ctx.services)


def filter_text(ctx: Context, draft: AnnouncementDraft) -> str:
    parts = []
    if draft.group:
        label = dict(group_choices(ctx)).get(draft.group, draft.group)
        parts.append(ctx.t("officer.filter_group_on", group=label))
    if draft.app_status:
        status = ctx.t(f"registration.status_{draft.app_status}")
        parts.append(ctx.t("officer.filter_status_on", status=status))
    return "; ".join(parts)


async def show_preview(ctx: Context, scope: Scope, draft: AnnouncementDraft) -> list[Reply]:
    await ctx.set_mode(Mode.ANNOUNCE_PREVIEW, asdict(draft))
    shown = preview_replies(ctx.services, draft, ctx.user.id)
    recipients = await plan_for(ctx.services, draft)
    channels = ", ".join(f"{name}: {n}" for name, n in sorted(recipients.by_channel.items()))
    left_out = "; ".join(
        ctx.t(f"officer.excluded_{reason}", n=n)
        for reason, n in sorted(recipients.excluded.items())
    )
    lines = [
        ctx.t(
            "officer.preview_head",
            commune=commune_name(ctx, draft.commune_id),
            count=recipients.count,
            channels=channels or "—",
        )
    ]
    filters = filter_text(ctx, draft)
    if filters:
        lines.append(ctx.t("officer.preview_filters", filters=filters))
    if left_out:
        lines.append(ctx.t("officer.preview_excluded", reasons=left_out))
    if draft.send_at:
        lines.append(ctx.t("officer.preview_scheduled", when=local_time(draft.send_at)))
    lines.append(ctx.t("officer.preview_hint"))
    go_key = "officer.preview_confirm_later" if draft.send_at else "officer.preview_confirm_now"
    layout: list[tuple[Button, ...]] = [
        (Button(ctx.t(go_key), officer(OfficerVerb.ANNOUNCE_CONFIRM)),),
        (Button(ctx.t("officer.preview_schedule"), officer(OfficerVerb.ANNOUNCE_SCHEDULE)),),
        (
            Button(
                ctx.t("officer.preview_filter_group"), officer(OfficerVerb.ANNOUNCE_FILTER_GROUP)
            ),
            Button(
                ctx.t("officer.preview_filter_status"), officer(OfficerVerb.ANNOUNCE_FILTER_STATUS)
            ),
        ),
    ]
    if draft.file_path:
        layout.append(
            (Button(ctx.t("officer.preview_drop_file"), officer(OfficerVerb.ANNOUNCE_DROP_FILE)),)
        )
    layout.append((Button(ctx.t("officer.preview_drop"), officer(OfficerVerb.ANNOUNCE_DROP)),))
    return [*shown, Reply("\n".join(lines), tuple(layout))]


def when_prompt(ctx: Context) -> Reply:
    now_button = (Button(ctx.t("officer.when_now"), officer(OfficerVerb.ANNOUNCE_NOW)),)
    return Reply(ctx.t("officer.when_ask"), (now_button,))


async def draft_or_refuse(ctx: Context, scope: Scope) -> AnnouncementDraft | None:
    draft = AnnouncementDraft.from_session(ctx.session.data)
    if draft is None or ctx.session.mode not in MODES or not draft.text:
        return None
    return draft if scope.covers(draft.commune_id) else None
