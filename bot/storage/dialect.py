"""The SQL differences between SQLite and PostgreSQL that the repositories must not see.

Owns the translation of a statement written once, in the subset both engines accept, with
``?`` placeholders (SQLite's qmark style), into psycopg's ``%s`` style: every ``?`` outside
a string literal, quoted identifier or comment becomes ``%s``, and every ``%`` (anywhere:
psycopg reads ``%`` even inside literals) becomes ``%%``. It also owns the few expressions
that are spelled differently (:class:`Dialect`): a JSON text value and the
database's clock in epoch seconds (only the shared send schedule of
:mod:`bot.storage.pace` reads it; every other time is ISO-8601 text computed in Python,
:func:`bot.storage.db.utcnow`).

>>> to_pyformat("SELECT id FROM t WHERE a = ? AND b = '?' AND c LIKE 'x%'")
"SELECT id FROM t WHERE a = %s AND b = '?' AND c LIKE 'x%%'"
>>> SQLITE.json_text("v.value"), POSTGRES.json_text("v.value")
("json_extract(v.value, '$')", "(v.value::jsonb #>> '{}')")
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache


class UnbalancedQuote(ValueError):
    """A statement ends inside a string literal or quoted identifier."""


@lru_cache(maxsize=2048)
def to_pyformat(sql: str) -> str:
    """``?`` → ``%s`` outside literals, ``%`` → ``%%`` everywhere (see the module docstring)."""
    out: list[str] = []
    i, n = 0, len(sql)
    while i < n:
        ch = sql[i]
        if ch in "'\"":  # a literal or quoted identifier; '' and "" escape the quote
            end = i + 1
            while True:
                end = sql.find(ch, end)
                if end < 0:
                    raise UnbalancedQuote(sql)
                if end + 1 < n and sql[end + 1] == ch:
                    end += 2
                    continue
                break
            out.append(sql[i : end + 1].replace("%", "%%"))
            i = end + 1
        elif sql.startswith("--", i):
            end = sql.find("\n", i)
            end = n if end < 0 else end
            out.append(sql[i:end].replace("%", "%%"))
            i = end
        elif sql.startswith("/*", i):
            end = sql.find("*/", i + 2)
            end = n if end < 0 else end + 2
            out.append(sql[i:end].replace("%", "%%"))
            i = end
        elif ch == "?":
            out.append("%s")
            i += 1
        elif ch == "%":
            out.append("%%")
            i += 1
        else:
            out.append(ch)
            i += 1
    return "".join(out)


def count_placeholders(sql: str) -> int:
    """How many ``?`` parameters a statement takes (those outside literals and comments)."""
    return to_pyformat(sql).replace("%%", "").count("%s")


@dataclass(frozen=True)
class Dialect:
    """The expressions each engine spells its own way."""

    name: str

    def json_text(self, expr: str) -> str:
        """SQL for the text of a JSON scalar stored as text in ``expr`` (a column)."""
        if self.name == "postgresql":
            return f"({expr}::jsonb #>> '{{}}')"
        return f"json_extract({expr}, '$')"

    @property
    def same(self) -> str:
        """The comparison that treats two NULLs as equal: SQLite's ``IS``; PostgreSQL's
        ``IS NOT DISTINCT FROM`` (its ``IS`` takes no parameter)."""
        return "IS NOT DISTINCT FROM" if self.name == "postgresql" else "IS"

    @property
    def for_update(self) -> str:
        """`` FOR UPDATE`` on PostgreSQL (lock the rows read until the commit); nothing on
        SQLite, whose ``BEGIN IMMEDIATE`` already makes the transaction the only writer."""
        return " FOR UPDATE" if self.name == "postgresql" else ""

    @property
    def epoch_now(self) -> str:
        """The database's own clock, in seconds since the epoch (a float): for a schedule
        shared by processes on several hosts whose clocks need not agree."""
        if self.name == "postgresql":
            return "EXTRACT(EPOCH FROM clock_timestamp())::double precision"
        return "((julianday('now') - 2440587.5) * 86400.0)"

    def skip_locked(self, alias: str) -> str:
        """`` FOR UPDATE OF alias SKIP LOCKED`` on PostgreSQL: rows another worker is taking
        right now are passed over, not waited for; nothing on SQLite (one writer)."""
        return f" FOR UPDATE OF {alias} SKIP LOCKED" if self.name == "postgresql" else ""


SQLITE = Dialect("sqlite")
POSTGRES = Dialect("postgresql")
