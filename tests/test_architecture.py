"""The layers, checked by reading the imports (docs/architecture.md draws them).

A rule broken here is a seam blurred: the core calling into a feature, one feature importing
another, the messenger library leaking into the conversation logic, a module growing two
concerns. Imports are read with ``ast``, so an import inside a function counts too.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MAX_LINES = 400
SHARED_HANDLERS = {"__init__", "base", "router", "menu", "filled_form"}
"""Modules of handlers/ that every feature may use; everything else there is a feature."""


def modules(folder: str) -> Iterator[Path]:
    yield from sorted((ROOT / folder).rglob("*.py"))


def name_of(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> set[str]:
    """Every module ``path`` imports (``from a.b import c`` gives ``a.b`` and ``a.b.c``)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def under(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


def feature_of(path: Path) -> str | None:
    """``officer`` for handlers/officer/review.py, ``faq`` for handlers/faq.py, else None."""
    parts = path.relative_to(ROOT / "handlers").with_suffix("").parts
    return None if parts[0] in SHARED_HANDLERS else parts[0]


FEATURES = sorted({f for p in modules("handlers") if (f := feature_of(p)) is not None})


def test_the_feature_packages_are_the_ones_we_think() -> None:
    assert FEATURES == ["assessment", "faq", "officer", "registration", "reminders"]


@pytest.mark.parametrize(
    "path",
    [ROOT / "bot" / "core.py", *modules("bot/channels")],
    ids=lambda p: str(p.relative_to(ROOT)),
)
def test_core_and_channels_import_nothing_from_handlers(path: Path) -> None:
    assert not [name for name in imports(path) if under(name, "handlers")]


@pytest.mark.parametrize("path", list(modules("bot/channels")), ids=lambda p: name_of(p))
def test_channels_see_the_core_only_through_the_port(path: Path) -> None:
    """bot.channels.ChannelPort, never the Assistant, Services, storage or the root."""
    inside = ("bot.app", "bot.core", "bot.services", "bot.storage", "bot.context")
    assert not [n for n in imports(path) if any(under(n, p) for p in inside)]


def test_only_the_composition_root_imports_handlers() -> None:
    importers = [
        name_of(path)
        for path in modules("bot")
        if any(under(name, "handlers") for name in imports(path))
    ]
    assert importers == ["bot.app"]


@pytest.mark.parametrize("path", list(modules("handlers")), ids=lambda p: name_of(p))
def test_no_feature_imports_another(path: Path) -> None:
    own = feature_of(path)
    others = [f"handlers.{f}" for f in FEATURES if f != own]
    crossing = sorted(n for n in imports(path) if any(under(n, o) for o in others))
    assert not crossing, f"{name_of(path)} imports {crossing}"


@pytest.mark.parametrize(
    "path", [*modules("handlers"), *modules("knowledge")], ids=lambda p: name_of(p)
)
def test_handlers_and_knowledge_never_import_telegram(path: Path) -> None:
    assert not [name for name in imports(path) if under(name, "telegram")]


@pytest.mark.parametrize("path", list(modules("knowledge")), ids=lambda p: name_of(p))
def test_knowledge_imports_neither_bot_nor_handlers(path: Path) -> None:
    assert not [n for n in imports(path) if under(n, "bot") or under(n, "handlers")]


BOTTOM = (
    *("bot.storage", "bot.broadcast", "bot.export", "bot.reports", "bot.services"),
    *("bot.context", "bot.roles", "bot.modes", "bot.payloads", "bot.messages"),
    *("bot.delivery", "bot.files", "bot.settings", "bot.inbound", "bot.private"),
    "bot.review",
    "bot.announcing",
    "bot.questions",
    "bot.officer_alerts",
    "bot.staff",
    "bot.weblogin",
    "bot.web.links",  # pure link signing: the core signs links for the channels with it
    "bot.pace",  # one channel's send schedule: the core and the channels both use it
)


@pytest.mark.parametrize(
    "path",
    [p for p in modules("bot") if any(under(name_of(p), b) for b in BOTTOM)],
    ids=lambda p: name_of(p),
)
def test_the_bottom_of_bot_never_imports_the_top(path: Path) -> None:
    top = ("bot.app", "bot.core", "bot.channels", "bot.commands", "bot.cli", "bot.web")
    found = [n for n in imports(path) if any(under(n, t) for t in top)]
    assert not [n for n in found if not under(n, "bot.web.links")]


@pytest.mark.parametrize("path", list(modules("bot/channels")), ids=lambda p: name_of(p))
def test_channels_reach_the_web_server_only_through_the_port(path: Path) -> None:
    """A channel asks ``ChannelPort.file_link``; it never imports the web app or its signer."""
    assert not [n for n in imports(path) if under(n, "bot.web")]


@pytest.mark.parametrize(
    "path",
    [*modules("bot"), *modules("handlers"), *modules("knowledge")],
    ids=lambda p: name_of(p),
)
def test_no_module_is_over_400_lines(path: Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{path.relative_to(ROOT)} has {lines} lines"


def test_the_rules_see_an_import_that_breaks_them(tmp_path: Path) -> None:
    """The checker itself: a planted cross-feature import inside a function is found."""
    planted = tmp_path / "planted.py"
    planted.write_text("def f():\n    from handlers.officer.auth import refuse\n")
    assert "handlers.officer.auth" in imports(planted)
    assert under("handlers.officer.auth", "handlers.officer")
    assert not under("handlers.officers", "handlers.officer")
