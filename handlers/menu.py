"""Onboarding (/start, the commune question, deep links), the main menu, help and subscriptions.

Owns the ``onboarding`` mode and the ``m:`` (menu) and ``c:`` (commune) button payloads.
It must not know how other features work: it only renders their menu entries.
"""

from __future__ import annotations

import dataclasses

from bot.context import Context
from bot.messages import PAGE_SIZE, Button, Kind, Reply, page_of, rows
from bot.modes import Mode
from bot.payloads import (
    AssessmentVerb,
    FaqVerb,
    MenuVerb,
    OfficerVerb,
    Prefix,
    RegistrationVerb,
    ReminderVerb,
    assessment,
    commune,
    faq,
    menu,
    officer,
    registration,
    reminder,
)
from bot.storage.users import Role
from handlers.base import Feature
from knowledge.communes import Commune
from knowledge.text import clean_user_text, fold

# Main-menu entries: (text key, payload). Reply-keyboard channels send the label as text,
# so the router also maps each label back to its payload (see `menu_payload_for_text`).
MAIN_MENU: tuple[tuple[str, str], ...] = (
    ("core.menu_faq", faq(FaqVerb.ASK)),
    ("core.menu_register", registration(RegistrationVerb.NEW)),
    ("core.menu_mine", registration(RegistrationVerb.MINE)),
    ("assessment.menu", assessment(AssessmentVerb.HOME)),
    ("reminders.menu", reminder(ReminderVerb.HOME)),
    ("core.menu_subscribe", menu(MenuVerb.SUBSCRIPTION)),
    ("core.menu_help", menu(MenuVerb.HELP)),
)
OFFICER_ENTRY = ("core.menu_officer", officer(OfficerVerb.MENU))
PENDING_QUESTION = "question"  # onboarding session data: a question asked before the commune

# Words producers type to come back to their application (folded, whole message, with or
# without a polite particle): they open the form or the draft, never an FAQ entry.
TYPED_SHORTCUTS: dict[str, str] = {
    **dict.fromkeys(
        ("dang ky", "dang ki", "dk", "dky", "dang ky ocop", "dang ki ocop", "dang ky san pham"),
        registration(RegistrationVerb.NEW),
    ),
    **dict.fromkeys(
        (
            "lam tiep",
            "tiep tuc",
            "lam tiep ho so",
            "tiep tuc ho so",
            "tiep tuc dang ky",
            "lam tiep di",
            "tiep",
            "lam not",
            "lam not ho so",
        ),
        registration(RegistrationVerb.RESUME),
    ),
    **dict.fromkeys(
        ("ho so", "ho so cua toi", "ho so cua em", "xem ho so", "ho so cua minh", "hs"),
        registration(RegistrationVerb.MINE),
    ),
}
_POLITE = frozenset({"a", "ạ", "nhe", "nha", "di", "voi", "oi", "ad", "admin", "em", "e"})
SHORT_TOKEN = 2
"""A message of at most this many characters, or only digits, is not a question."""


def main_menu(ctx: Context, text: str | None = None) -> Reply:
    """The main menu as inline buttons (and the persistent keyboard where there is one)."""
    entries = list(MAIN_MENU)
    if ctx.user.is_officer:
        entries.append(OFFICER_ENTRY)
    buttons = [Button(ctx.t(key), payload) for key, payload in entries]
    return Reply(text or ctx.t("core.menu_title"), rows(*buttons, per_row=2), menu_keyboard=True)


def menu_payload_for_text(ctx: Context, text: str) -> str | None:
    """Map a menu label typed or sent by a reply keyboard ("Hỏi đáp OCOP") to its payload."""
    key = _label_key(text)
    if not key:
        return None
    entries = [*MAIN_MENU, OFFICER_ENTRY]
    for text_key, payload in entries:
        if _label_key(ctx.t(text_key)) == key:
            return payload
    return None


def shortcut_payload(text: str) -> str | None:
    """ "đăng ký", "làm tiếp", "tiếp tục", "hồ sơ" typed alone → the registration payload."""
    words = fold(text).split()
    while len(words) > 1 and words[-1] in _POLITE:
        words.pop()
    return TYPED_SHORTCUTS.get(" ".join(words))


def is_lone_token(text: str) -> bool:
    """A lone digit or a token of one or two characters ("1", "ok", "?") typed with no menu
    on screen: not a question (never the "1 sao" entry)."""
    key = "".join(fold(text).split())
    return key.isdigit() or len(key) <= SHORT_TOKEN


def _label_key(text: str) -> str:
    """Folded label without emoji or symbols: "ℹ️ Hướng dẫn" → "huong dan"."""
    return " ".join(word for word in fold(text).split() if word.isascii())


def commune_page(ctx: Context, page: int, header: str | None = None) -> Reply:
    """One page of commune buttons (payload ``c:<id>``), with paging (``c:p<n>``)."""
    communes = ctx.services.communes.communes
    chunk, page, pages = page_of(communes, page)
    buttons = [Button(c.name, commune(c.id)) for c in chunk]
    layout = list(rows(*buttons, per_row=2))
    nav: list[Button] = []
    if page > 1:
        nav.append(Button(ctx.t("core.page_prev"), commune(f"p{page - 1}")))
    if page < pages:
        nav.append(Button(ctx.t("core.page_next"), commune(f"p{page + 1}")))
    if nav:
        layout.append(tuple(nav))
    if header is None:
        header = ctx.t("core.ask_commune_page", page=page, pages=pages) if pages > 1 else ""
    text = header or ctx.t("core.ask_commune")
    return Reply(text, tuple(layout))


def commune_choices(ctx: Context, header: str, communes: tuple[Commune, ...]) -> Reply:
    buttons = [Button(c.name, commune(c.id)) for c in communes[:PAGE_SIZE]]
    return Reply(header, rows(*buttons, per_row=2))


def greeting_known(ctx: Context, name: str, commune: str) -> str:
    """The /start greeting of someone whose commune is known: «quay lại» only for those
    who wrote before (an officer added from the command line writes for the first time)."""
    if not ctx.is_new_user:
        return ctx.t("core.greeting_back", name=name, commune=commune)
    if ctx.user.is_officer:
        return ctx.t("core.greeting_first_officer", name=name, commune=commune)
    return ctx.t("core.greeting_first_known", name=name, commune=commune)


class MenuFeature(Feature):
    """/start, commune choice, main menu, help, subscribe/unsubscribe."""

    name = "menu"
    prefix = Prefix.MENU
    modes = frozenset({Mode.ONBOARDING})
    commands = ("start", "menu", "help", "huongdan", "tatthongbao", "batthongbao")

    def __init__(self, others: list[Feature]) -> None:
        self.others = others

    # -- /start and the commune question -------------------------------------------------

    async def start(self, ctx: Context) -> list[Reply]:
        """Greets, then asks the commune (or shows the menu to someone we know)."""
        name = ctx.incoming.display_name or ctx.user.display_name or ctx.t("core.default_name")
        payload = ctx.incoming.args[0] if ctx.incoming.args else ""
        if payload:
            replies = await self.deeplink(ctx, payload, name)
            if replies is not None:
                return replies
        commune = ctx.services.communes.get(ctx.user.commune_id or "")
        if commune is None:
            await ctx.set_mode(Mode.ONBOARDING)
            greeting = Reply(ctx.t("core.greeting_new", name=name))
            return [greeting, commune_page(ctx, 1, ctx.t("core.ask_commune"))]
        await ctx.set_mode(Mode.IDLE)
        replies = [main_menu(ctx, greeting_known(ctx, name, commune.name))]
        for feature in self.others:
            replies.extend(await feature.on_start(ctx))
        return replies

    async def first_contact(self, ctx: Context) -> list[Reply]:
        """A new user's first message that is not /start («xin chào», a question, a photo):
        greet and ask the commune. A commune typed first is taken; a question is kept in the
        session and answered as soon as the commune is set."""
        name = ctx.incoming.display_name or ctx.user.display_name or ctx.t("core.default_name")
        greeting = Reply(ctx.t("core.greeting_new", name=name))
        text = clean_user_text(ctx.incoming.text) if ctx.incoming.kind is Kind.TEXT else ""
        limit = ctx.services.settings.max_text_length
        usable = 0 < len(text) <= limit and any(ch.isalnum() for ch in text)
        if not usable or ctx.services.faq.greetings.is_greeting(text):
            await ctx.set_mode(Mode.ONBOARDING)
            return [greeting, commune_page(ctx, 1, ctx.t("core.ask_commune"))]
        lookup = ctx.services.communes.find(text)
        if lookup.commune is not None and not lookup.outside_area:
            old = lookup.via_alias.name if lookup.via_alias is not None else ""
            return [greeting, *await self.set_commune(ctx, lookup.commune, old)]
        await ctx.set_mode(Mode.ONBOARDING, {PENDING_QUESTION: text})
        ask = ctx.t("core.question_kept") + "\n\n" + ctx.t("core.ask_commune")
        return [greeting, commune_page(ctx, 1, ask)]

    async def deeplink(self, ctx: Context, payload: str, name: str) -> list[Reply] | None:
        if payload.startswith("xa_"):
            commune = ctx.services.communes.get(payload[3:])
            greeting = Reply(ctx.t("core.greeting_new", name=name))
            if commune is None:
                await ctx.set_mode(Mode.ONBOARDING)
                return [greeting, commune_page(ctx, 1, ctx.t("core.commune_deeplink_unknown"))]
            return [greeting, *await self.set_commune(ctx, commune)]
        for feature in self.others:
            replies = await feature.on_deeplink(ctx, payload)
            if replies is not None:
                return replies
        return None

    async def set_commune(self, ctx: Context, commune: Commune, old_name: str = "") -> list[Reply]:
        """Saves the commune, subscribes the producer to its news, shows the menu.

        An officer's commune is the reach of their role: only a new grant changes it.
        """
        user = ctx.user
        pending = dict(ctx.session.data) if ctx.session.mode == Mode.ONBOARDING else {}
        if user.role is Role.OFFICER and user.commune_id and commune.id != user.commune_id:
            await ctx.set_mode(Mode.IDLE)
            own = ctx.services.communes.get(user.commune_id, include_outside=True)
            name = own.name if own is not None else user.commune_id
            return [main_menu(ctx, ctx.t("core.officer_commune_fixed", commune=name))]
        await ctx.services.users.save_commune(ctx.user.id, commune.id, subscribe=True)
        await ctx.set_mode(Mode.IDLE)
        await ctx.refresh_user()
        if old_name:
            said = ctx.t("core.commune_via_alias", old=old_name, commune=commune.name)
        else:
            said = ctx.t("core.commune_set", commune=commune.name)
        note = ctx.t("core.commune_subscribed_note", commune=commune.name)
        replies = [Reply(f"{said}\n{note}")]
        question = pending.get(PENDING_QUESTION)
        if isinstance(question, str) and question:
            replies.extend(await self._answer_kept(ctx, question))
        for feature in self.others:
            replies.extend(await feature.on_commune_set(ctx, pending))
        return [*replies, main_menu(ctx)]

    async def _answer_kept(self, ctx: Context, question: str) -> list[Reply]:
        """The question a new user asked before choosing the commune, answered now."""
        for feature in self.others:
            answer = await feature.answer_question(ctx, question)
            if answer is not None:
                intro = Reply(ctx.t("core.question_kept_answer", question=question))
                return [intro, *answer]
        return []

    async def on_message(self, ctx: Context) -> list[Reply]:
        """The answer to "which commune?": typed name, old name, or a question meanwhile."""
        text = ctx.incoming.text.strip()
        if not text:
            return await self.reprompt(ctx)
        if ctx.services.faq.greetings.is_greeting(text):
            name = ctx.incoming.display_name or ctx.t("core.default_name")
            hello = ctx.t("faq.greeting_onboarding", name=name)
            return [commune_page(ctx, 1, f"{hello}\n\n{ctx.t('core.ask_commune')}")]
        lookup = ctx.services.communes.find(text)
        if lookup.commune is not None and not lookup.outside_area:
            old = lookup.via_alias.name if lookup.via_alias is not None else ""
            return await self.set_commune(ctx, lookup.commune, old)
        if lookup.outside_area:
            outside = lookup.commune or (lookup.candidates[0] if lookup.candidates else None)
            name = outside.name if outside is not None else text
            return [commune_page(ctx, 1, ctx.t("core.commune_outside", commune=name))]
        if lookup.candidates:
            header = ctx.t("core.commune_ambiguous", text=text)
            return [commune_choices(ctx, header, lookup.candidates)]
        if len(fold(text).split()) >= 3:
            # Looks like a question rather than a commune name: answer it, then ask again.
            for feature in self.others:
                answer = await feature.answer_question(ctx, text)
                if answer is not None:
                    return [*answer, commune_page(ctx, 1, ctx.t("core.ask_commune"))]
        closest = ctx.services.communes.closest(text)
        if closest:
            reply = commune_choices(ctx, ctx.t("core.commune_closest", text=text), closest)
            more = (Button(ctx.t("core.commune_all"), commune("p1")),)
            return [dataclasses.replace(reply, buttons=(*reply.buttons, more))]
        return [commune_page(ctx, 1, ctx.t("core.commune_not_found", text=text))]

    async def reprompt(self, ctx: Context) -> list[Reply]:
        return [commune_page(ctx, 1, ctx.t("core.ask_commune"))]

    async def menu_again(self, ctx: Context, text: str) -> list[Reply]:
        """The main menu once more (after a restart a "1" answers a menu no longer shown),
        with the offer to continue a draft."""
        await ctx.set_mode(Mode.IDLE)
        replies = [main_menu(ctx, ctx.t("core.menu_again", text=text.strip()[:20]))]
        for feature in self.others:
            replies.extend(await feature.on_start(ctx))
        return replies

    async def on_commune_button(self, ctx: Context, action: str) -> list[Reply]:
        if action.startswith("p") and action[1:].isdigit():
            return [commune_page(ctx, int(action[1:]))]
        commune = ctx.services.communes.get(action)
        if commune is None:
            return [Reply(ctx.t("core.stale_button")), commune_page(ctx, 1)]
        return await self.set_commune(ctx, commune)

    # -- menu, help, subscriptions -------------------------------------------------------

    async def on_command(self, ctx: Context) -> list[Reply] | None:
        command = ctx.incoming.command
        if command == "start":
            return await self.start(ctx)
        if command == "menu":
            await ctx.set_mode(Mode.IDLE)
            return [main_menu(ctx)]
        if command in ("help", "huongdan"):
            return [Reply(ctx.t("core.help"))]
        if command == "tatthongbao":
            return await self.subscribe(ctx, False)
        if command == "batthongbao":
            return await self.subscribe(ctx, True)
        return None

    async def on_button(self, ctx: Context, action: str) -> list[Reply]:
        if action == MenuVerb.MENU:
            await ctx.set_mode(Mode.IDLE)
            return [main_menu(ctx)]
        if action == MenuVerb.HELP:
            return [Reply(ctx.t("core.help"))]
        if action == MenuVerb.SUBSCRIPTION:
            return [self.subscription_status(ctx)]
        if action in (MenuVerb.SUBSCRIBE_ON, MenuVerb.SUBSCRIBE_OFF):
            return await self.subscribe(ctx, action == MenuVerb.SUBSCRIBE_ON)
        if action == MenuVerb.CHANGE_COMMUNE:
            await ctx.set_mode(Mode.ONBOARDING)
            return [commune_page(ctx, 1, ctx.t("core.ask_commune"))]
        return [Reply(ctx.t("core.stale_button")), main_menu(ctx)]

    def subscription_status(self, ctx: Context) -> Reply:
        commune = ctx.services.communes.get(ctx.user.commune_id or "")
        if commune is None:
            change = Button(ctx.t("core.commune_change"), menu(MenuVerb.CHANGE_COMMUNE))
            return Reply(ctx.t("core.subscribe_need_commune"), ((change,),))
        if ctx.user.subscribed:
            text = ctx.t("core.subscribe_status_on", commune=commune.name)
            toggle = Button(ctx.t("core.subscribe_turn_off"), menu(MenuVerb.SUBSCRIBE_OFF))
        else:
            text = ctx.t("core.subscribe_status_off", commune=commune.name)
            toggle = Button(ctx.t("core.subscribe_turn_on"), menu(MenuVerb.SUBSCRIBE_ON))
        return Reply(
            text,
            ((toggle,), (Button(ctx.t("core.commune_change"), menu(MenuVerb.CHANGE_COMMUNE)),)),
        )

    async def subscribe(self, ctx: Context, on: bool) -> list[Reply]:
        commune = ctx.services.communes.get(ctx.user.commune_id or "")
        if commune is None:
            await ctx.set_mode(Mode.ONBOARDING)
            return [Reply(ctx.t("core.subscribe_need_commune")), commune_page(ctx, 1)]
        await ctx.services.users.save_subscribed(ctx.user.id, on)
        await ctx.refresh_user()
        key = "core.subscribed_on" if on else "core.subscribed_off"
        return [Reply(ctx.t(key, commune=commune.name))]
