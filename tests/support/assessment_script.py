"""A producer's self-assessment of rice (set 3), and helpers to play it in a chat.

``RICE`` maps every criterion of the rice sheet to the points the producer picks (None: left
to the council); ``EVIDENCE`` the papers they type for some of them. ``await answer(chat,
RICE)`` presses, for each question the assistant asks, the option worth those points, types
the papers or presses «Chưa có giấy tờ», until the result (or ``stop_after`` criteria).
"""

from __future__ import annotations

from dataclasses import dataclass

from tests.support.chat import ChatClient

RICE_SET = "Gạo, ngũ cốc, hạt sơ chế khác"
RICE: dict[str, int | None] = {
    "1.1": 3, "1.2": 1, "1.3": 2, "1.4": 2, "1.5": 1, "1.6": 1, "1.7": 0,
    "2.1": 1, "2.2": 2, "2.3": 2, "2.4": 0,
    "3.1": 3, "3.2": 1, "3.3": 3, "3.4": 2, "3.5": 2,
    "4.1": 3, "4.2": 1, "4.3": 2,
    "5.1": 3, "5.2": 1, "5.3": 1,
    "6.1": 3, "6.2": 2, "6.3": 2, "6.4": None,
    "7": 1, "8": 1, "9": 4, "10": 3, "11": 2, "12": 1,
}  # fmt: skip
EVIDENCE = {
    "1.1": "Bản kê diện tích lúa tám 12 ha của HTX, xác nhận của UBND xã ngày 02/3/2026",
    "3.5": "Giấy chứng nhận đăng ký nhãn hiệu số 456789 ngày 10/5/2025",
    "9": "Bản tự công bố sản phẩm số 01/2026/VT",
}


@dataclass(frozen=True)
class Asked:
    """What the last message asks: a criterion's options, or its papers."""

    criterion: str
    evidence: bool


def asked(chat: ChatClient) -> Asked | None:
    """Read the question from the buttons shown (``a:o:<id>:<criterion>:<n>`` for options,
    ``a:ne:<id>:<criterion>`` for the papers); None when no criterion is asked."""
    for button in chat.buttons():
        verb, _, rest = button.payload.partition(":")[2].partition(":")
        parts = rest.split(":")
        if verb == "o" and len(parts) == 3:
            return Asked(parts[1], evidence=False)
        if verb == "ne" and len(parts) == 2:
            return Asked(parts[1], evidence=True)
    return None


def option_button_for(chat: ChatClient, criterion: str, points: int) -> str:
    """The payload of the option worth ``points`` on screen (the producer reads "· 2đ")."""
    for button in chat.buttons():
        parts = button.payload.split(":")
        mine = parts[:2] == ["a", "o"] and len(parts) == 5 and parts[3] == criterion
        if mine and button.label.endswith(f"· {points}đ"):
            return button.payload
    labels = [b.label for b in chat.buttons()]
    raise AssertionError(f"no option worth {points} for {criterion}: {labels}")


async def answer(
    chat: ChatClient,
    plan: dict[str, int | None],
    evidence: dict[str, str] | None = None,
    *,
    stop_after: int | None = None,
) -> list[str]:
    """Answer the questions asked (options, then papers) until none is asked; the criteria
    answered, in order."""
    papers = evidence or {}
    done: list[str] = []
    for _ in range(3 * len(plan) + 5):
        step = asked(chat)
        if step is None:
            return done
        if step.evidence:
            if step.criterion in papers:
                await chat.send(papers[step.criterion])
            else:
                await chat.press("Chưa có giấy tờ")
            continue
        if stop_after is not None and len(done) >= stop_after:
            return done
        points = plan[step.criterion]
        if points is None:
            await chat.press("Để Hội đồng chấm")
        else:
            await chat.press_payload(option_button_for(chat, step.criterion, points))
        done.append(step.criterion)
    raise AssertionError("the self-assessment did not end")
