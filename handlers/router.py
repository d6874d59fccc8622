"""The router: decides which feature handles an Incoming, and guards against bad input.

Order: a new user's first message (onboarding) → commands → button payloads → edits of
earlier messages → unusable input (too long, empty, no words, stickers) → main-menu labels →
the feature owning the session mode → typed shortcuts ("làm tiếp") and lone tokens ("1": the
menu again) → free text as a question.
Every path returns at least one reply; bad input never changes the conversation state.
"""

from __future__ import annotations

import dataclasses

from bot.context import Context
from bot.messages import Kind, Reply
from bot.modes import Mode
from bot.payloads import Prefix
from handlers.base import Feature, what_was_sent
from handlers.menu import (
    MenuFeature,
    is_lone_token,
    main_menu,
    menu_payload_for_text,
    shortcut_payload,
)
from knowledge.replies import Texts
from knowledge.text import clean_user_text

CANCEL = "huy"  # /huy: leave what you are doing (the data stays)


class Router:
    """Routes to the menu feature and the features given (FAQ, registration, officer…)."""

    def __init__(self, features: list[Feature], texts: Texts) -> None:
        self.features = features
        self.texts = texts
        self.menu = MenuFeature(features)
        self._all: list[Feature] = [self.menu, *features]

    def feature_for_mode(self, mode: str) -> Feature | None:
        return next((f for f in self._all if mode in f.modes), None)

    def commands(self) -> dict[str, str]:
        """Every command with its Vietnamese description (for setMyCommands and /help)."""
        names = [CANCEL, *(name for feature in self._all for name in feature.commands)]
        return {name: self.texts.t(f"commands.{name}") for name in names}

    async def route(self, ctx: Context) -> list[Reply]:
        incoming = ctx.incoming
        if ctx.is_new_user and incoming.kind not in (Kind.COMMAND, Kind.BUTTON):
            # No Start button on some channels (Zalo): any first message starts onboarding.
            return await self.menu.first_contact(ctx)
        if incoming.kind is Kind.COMMAND:
            return await self._command(ctx)
        if incoming.kind is Kind.BUTTON:
            return await self._button(ctx, incoming.payload)
        owner = self.feature_for_mode(ctx.session.mode)
        if incoming.kind is Kind.EDITED:
            return await self._edited(ctx, owner)
        if incoming.kind is Kind.TEXT:
            bad = await self._bad_text(ctx, owner)
            if bad is not None:
                return bad
            payload = menu_payload_for_text(ctx, ctx.incoming.text)
            if payload is not None:
                return await self._button(ctx, payload)
        if owner is not None and owner is not self.menu:
            return await owner.on_message(ctx)
        if incoming.kind is Kind.TEXT:
            if owner is self.menu:
                return await self.menu.on_message(ctx)
            return await self._question(ctx, ctx.incoming.text)
        return await self._unsupported(ctx, owner)

    async def _command(self, ctx: Context) -> list[Reply]:
        command = ctx.incoming.command
        if command == CANCEL:
            owner = self.feature_for_mode(ctx.session.mode)
            if owner is None or owner is self.menu:
                if owner is self.menu and ctx.user.commune_id is None:
                    return [Reply(ctx.t("core.nothing_to_cancel")), *await self.menu.reprompt(ctx)]
                await ctx.set_mode(Mode.IDLE)
                return [main_menu(ctx, ctx.t("core.nothing_to_cancel"))]
            await owner.cancel(ctx)
            await ctx.set_mode(Mode.IDLE)
            return [main_menu(ctx, ctx.t("core.cancelled"))]
        for feature in self._all:
            if command in feature.commands:
                replies = await feature.on_command(ctx)
                if replies is not None:
                    return replies
        owner = self.feature_for_mode(ctx.session.mode)
        reprompt = await owner.reprompt(ctx) if owner is not None else []
        return [Reply(ctx.t("core.unknown_command", command=command[:40])), *reprompt]

    async def _button(self, ctx: Context, payload: str) -> list[Reply]:
        prefix, _, action = payload.partition(":")
        if prefix == Prefix.COMMUNE:
            return await self.menu.on_commune_button(ctx, action)
        for feature in self._all:
            if feature.prefix and feature.prefix == prefix:
                replies = await feature.on_button(ctx, action)
                if replies:
                    return replies
        owner = self.feature_for_mode(ctx.session.mode)
        reprompt = await owner.reprompt(ctx) if owner is not None else [main_menu(ctx)]
        return [Reply(ctx.t("core.stale_button")), *reprompt]

    async def _bad_text(self, ctx: Context, owner: Feature | None) -> list[Reply] | None:
        raw = ctx.incoming.text
        limit = ctx.services.settings.max_text_length
        reply: str | None = None
        if len(raw) > limit:
            reply = ctx.t("core.too_long", length=f"{len(raw):,}".replace(",", "."), limit=limit)
        else:
            cleaned = clean_user_text(raw)
            if not cleaned:
                reply = ctx.t("core.empty_text")
            elif not any(ch.isalnum() for ch in cleaned):
                reply = ctx.t("core.no_words")
            else:
                ctx.incoming = dataclasses.replace(ctx.incoming, text=cleaned)
                return None
        reprompt = await owner.reprompt(ctx) if owner is not None else []
        return [Reply(reply), *reprompt]

    async def _edited(self, ctx: Context, owner: Feature | None) -> list[Reply]:
        """An edit applies where a feature takes it (a typed answer still of record);
        otherwise the user learns that edits are not read, and how to change an answer."""
        if ctx.incoming.text.strip():
            bad = await self._bad_text(ctx, owner)
            if bad is not None:
                return bad
            for feature in self.features:
                replies = await feature.on_edit(ctx)
                if replies is not None:
                    return replies
        return [Reply(ctx.t("ingress.edit_not_read"))]

    async def _question(self, ctx: Context, text: str) -> list[Reply]:
        """Free text outside any task: a typed shortcut ("làm tiếp"), a lone "1" (the menu
        again), else a question for the features (the FAQ)."""
        payload = shortcut_payload(text)
        if payload is not None:
            return await self._button(ctx, payload)
        if is_lone_token(text):
            return await self.menu.menu_again(ctx, text)
        for feature in self.features:
            answer = await feature.answer_question(ctx, text)
            if answer is not None:
                return answer
        return [Reply(ctx.t("core.faq_unavailable"))]

    async def _unsupported(self, ctx: Context, owner: Feature | None) -> list[Reply]:
        text = ctx.t("core.unsupported", what=what_was_sent(ctx))
        if owner is not None:
            return [Reply(text), *await owner.reprompt(ctx)]
        return [Reply(text)]
