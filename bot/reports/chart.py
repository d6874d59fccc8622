"""The PNG chart of "Thống kê", drawn with matplotlib's Agg backend (no display needed).

Owns drawing only: it gets labelled counts (so the ticks are whole numbers) and a path and
writes the picture. The DejaVu Sans font bundled with matplotlib draws Vietnamese
diacritics correctly.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from bot.private import make_private, private_dir
from knowledge.text import nfc


def bar_panels(path: Path, title: str, panels: Sequence[tuple[str, Mapping[str, int]]]) -> Path:
    """One horizontal bar panel per (heading, {label: count}); written to ``path``."""
    # Imported here: matplotlib takes most of a second to import, which every start of the
    # bot and of each ``ocop-bot`` command would pay otherwise.
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    shown = [(head, data) for head, data in panels if data]
    private_dir(path.parent)
    height = max(2.5, sum(1.0 + 0.45 * len(data) for _, data in shown))
    figure, axes = plt.subplots(
        len(shown) or 1, 1, figsize=(8, height), squeeze=False, constrained_layout=True
    )
    figure.suptitle(nfc(title), fontsize=13)
    for (head, data), axis in zip(shown, axes[:, 0], strict=False):
        labels = [nfc(label) for label in data]
        values = list(data.values())
        bars = axis.barh(labels, values, color="#2e7d32")
        axis.bar_label(bars, padding=3)
        axis.set_title(nfc(head), loc="left", fontsize=11)
        axis.invert_yaxis()
        axis.set_xlim(0, max([*values, 1]) * 1.2)
        axis.xaxis.set_major_locator(MaxNLocator(integer=True))  # counts: no "0.5" ticks
        axis.spines[["top", "right"]].set_visible(False)
    if not shown:
        axes[0, 0].text(0.5, 0.5, "—", ha="center", va="center")
        axes[0, 0].set_axis_off()
    figure.savefig(path, dpi=110)
    make_private(path)
    plt.close(figure)
    return path
