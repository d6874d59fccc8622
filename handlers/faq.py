"""Questions about OCOP: the ``f:`` buttons and free text outside a form.

Owns turning a question into an answer reply. The knowledge base and matcher come with
issue #3; until then the assistant says honestly that it cannot answer yet.
"""

from __future__ import annotations

from bot.messages import Reply
from handlers.base import Context, Feature


class FaqFeature(Feature):
    name = "faq"
    prefix = "f"

    async def on_button(self, ctx: Context, action: str) -> list[Reply]:
        if action == "ask":
            return [Reply(ctx.t("core.faq_prompt"))]
        return []

    async def answer_question(self, ctx: Context, text: str) -> list[Reply] | None:
        """Always answers: the matched entry, or an honest "not sure" reply."""
        return await self.try_answer(ctx, text) or [Reply(ctx.t("core.faq_unavailable"))]

    async def try_answer(self, ctx: Context, text: str) -> list[Reply] | None:
        """The answer when the knowledge base matches ``text`` confidently, else None.

        Used by other features (the registration form) to answer a question typed in the
        middle of a task without mistaking an ordinary answer for a question.
        """
        return None
