"""The garbage collector of a long-running bot process: no long pause in a reply.

Owns the collector's settings. CPython's collector runs a full collection (every tracked
object in the process) now and then, triggered by allocations; with the knowledge base,
the form and PTB loaded that is about 100,000 objects, and each such collection stopped
the event loop for 60–170 ms on this project's shared 2-core machine (``bench/e2e_spans.py``
prints the GC pauses by generation) — every reply in flight waited that long, and a send
held back longer than the pacing's margin for jitter can land in the same second as sends
released a second later (a 429).
:func:`settle_heap`, called once when start-up is done, collects what start-up left
behind and then moves every surviving object to the permanent generation
(:func:`gc.freeze`), so later collections only walk what was allocated since: the
objects of the updates in hand. Nothing is disabled: cycles made after start-up are
collected as before, and objects frozen are the process's long-lived ones.
"""

from __future__ import annotations

import gc


def settle_heap() -> None:
    """Collect, then freeze what survived start-up (see the module docstring)."""
    gc.collect()
    gc.freeze()
