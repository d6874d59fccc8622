"""Who holds a lease: a holder id per worker, and telling a live holder from a dead one.

Owns the holder ids written in the ``leases`` table (:mod:`bot.storage.leases`):
``<host>:<pid>:<random>``, one per worker object. :func:`gone` says whether a holder
certainly no longer runs — a process of this same host whose pid is not alive, or an
earlier worker of this very process that is not registered any more — so that a restart
after a crash takes the lease over at once instead of waiting for it to expire. A holder
on another host is never "gone": its lease has to expire.

>>> holder = new_holder()
>>> gone(holder)
False
>>> forget_holder(holder)
>>> gone(holder)
True
"""

from __future__ import annotations

import os
import secrets
import socket

_LIVE: set[str] = set()  # holders created by this process and not yet forgotten


def new_holder() -> str:
    """A fresh holder id for one worker of this process (registered as alive)."""
    holder = f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"
    _LIVE.add(holder)
    return holder


def forget_holder(holder: str) -> None:
    """The worker stopped (or crashed, as tests simulate): its holder id is not alive."""
    _LIVE.discard(holder)


def gone(holder: str) -> bool:
    """True when ``holder`` certainly runs no more (see the module docstring)."""
    host, _, rest = holder.partition(":")
    pid_text, _, _ = rest.partition(":")
    if host != socket.gethostname() or not pid_text.isdigit():
        return False
    pid = int(pid_text)
    if pid == os.getpid():
        return holder not in _LIVE
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # alive, another user's
        return False
    return False
