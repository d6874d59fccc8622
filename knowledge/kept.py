"""A bounded memory of computed values, oldest forgotten first (the engine's small caches).

One message is read by several parts of the FAQ engine in turn (its normalised words, the
scoring-sheet line it describes, the words of an answer a quote is compared with); each keeps
its last results here so that no message grows memory without bound.

>>> kept: Kept[str, int] = Kept(2)
>>> kept.get_or("a", len), kept.get_or("bb", len), kept.get_or("ccc", len)
(1, 2, 3)
>>> "a" in kept, len(kept)
(False, 2)

:func:`once` remembers, without bound, for as long as the function it returns is kept: the
texts one question's reading goes through several times.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class Kept(Generic[K, V]):
    """At most ``size`` values by key; adding one beyond forgets the oldest."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._values: dict[K, V] = {}

    def __contains__(self, key: K) -> bool:
        return key in self._values

    def __len__(self) -> int:
        return len(self._values)

    def get(self, key: K) -> V | None:
        return self._values.get(key)

    def put(self, key: K, value: V) -> None:
        if key not in self._values and len(self._values) >= self.size:
            del self._values[next(iter(self._values))]
        self._values[key] = value

    def get_or(self, key: K, make: Callable[[K], V]) -> V:
        """The value kept for ``key``, else ``make(key)``, kept."""
        if key in self._values:
            return self._values[key]
        value = make(key)
        self.put(key, value)
        return value


def once(make: Callable[[K], V]) -> Callable[[K], V]:
    """``make``, each value worked out once for as long as the returned function lives."""
    values: dict[K, V] = {}

    def remembered(key: K) -> V:
        if key in values:
            return values[key]
        value = values[key] = make(key)
        return value

    return remembered
