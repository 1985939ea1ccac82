"""SVG charts for the HTML report, drawn with matplotlib (no scripts, no network, deterministic bytes).

Each chart is a standalone SVG file that the report shows with ``<img>`` (an
inline SVG's ``style`` attributes would be blocked by a strict CSP; an image
document is not); the same figures are in a table next to it, for screen
readers and for copying, and the image's ``alt`` names the table.
"""

from __future__ import annotations

import io
from typing import Sequence

import matplotlib

matplotlib.use("svg")
matplotlib.rcParams.update({"svg.hashsalt": "formc-report", "svg.fonttype": "none", "font.size": 9,
                            "axes.spines.top": False, "axes.spines.right": False})

from matplotlib import pyplot  # noqa: E402  (after choosing the backend)

COLOURS = ("#1a5e9a", "#c4541b", "#2f7d32", "#7b4a9c", "#6b6b6b")


def _svg(figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None}, bbox_inches="tight")
    pyplot.close(figure)
    return buffer.getvalue()


def stacked_bars(labels: Sequence[str], series: dict[str, Sequence[float]], title: str, unit: str) -> bytes:
    """Bars per label, stacked by series (e.g. submissions per month, by channel)."""
    figure, axes = pyplot.subplots(figsize=(6.4, 2.8))
    bottoms = [0.0] * len(labels)
    for index, (name, values) in enumerate(series.items()):
        axes.bar(labels, values, bottom=bottoms, label=name, color=COLOURS[index % len(COLOURS)])
        bottoms = [b + v for b, v in zip(bottoms, values)]
    axes.set_title(title)
    axes.set_ylabel(unit)
    axes.legend(frameon=False, ncols=min(5, len(series)), loc="upper left", bbox_to_anchor=(0, -0.15))
    axes.tick_params(axis="x", labelrotation=30)
    return _svg(figure)


def horizontal_bars(labels: Sequence[str], values: Sequence[float], title: str, unit: str,
                    marker: float | None = None) -> bytes:
    """One bar per label (e.g. median processing days per service), with an optional reference line."""
    figure, axes = pyplot.subplots(figsize=(6.4, 0.4 + 0.3 * max(1, len(labels))))
    axes.barh(labels, values, color=COLOURS[0])
    axes.invert_yaxis()
    if marker is not None:
        axes.axvline(marker, color=COLOURS[1], linestyle="--", linewidth=1)
    axes.set_title(title)
    axes.set_xlabel(unit)
    return _svg(figure)
