"""bot/heap.py: after start-up the collector no longer walks what start-up built, yet the
garbage a running bot makes (reference cycles included) is still collected."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator

import pytest

from bot.heap import settle_heap


class Node:
    def __init__(self) -> None:
        self.other: Node | None = None


@pytest.fixture
def settled() -> Iterator[None]:
    settle_heap()
    try:
        yield
    finally:
        gc.unfreeze()  # the rest of the test session collects as before


def test_what_start_up_built_is_left_out_of_later_collections(settled: None) -> None:
    assert gc.get_freeze_count() > 0
    kept_from_start_up = gc.get_freeze_count()
    gc.collect()
    assert gc.get_freeze_count() == kept_from_start_up


def test_a_cycle_made_after_start_up_is_still_collected(settled: None) -> None:
    first, second = Node(), Node()
    first.other, second.other = second, first
    gone = weakref.ref(first)
    del first, second
    gc.collect()
    assert gone() is None
