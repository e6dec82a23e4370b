"""Chart geometry for the console: stacked progress bars (shares in percent, drawn as HTML
boxes, so their labels are page text at any width) and a line chart (drawn as SVG).

Only numbers here; the elements, colours and Korean labels are in
``templates/web/admin/_charts.html.j2``, so the console needs no JavaScript.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Segment:
    key: str
    share: float  # percent of the bar
    count: int


@dataclass(frozen=True)
class Bar:
    label: str
    total: int
    segments: tuple[Segment, ...]


@dataclass(frozen=True)
class BarChart:
    bars: tuple[Bar, ...]


def stacked_bars(rows: Sequence[tuple[str, Mapping[str, int]]], order: Sequence[str]) -> BarChart:
    """One bar per row, each the full width, split by the share of each key in ``order``
    (progress: how much of the row is in each status), in percent."""
    bars = []
    for label, counts in rows:
        total = sum(counts.get(k, 0) for k in order)
        segments = tuple(
            Segment(key, round(100 * counts[key] / total, 2), counts[key])
            for key in order
            if total and counts.get(key, 0)
        )
        bars.append(Bar(label, total, segments))
    return BarChart(tuple(bars))


@dataclass(frozen=True)
class Line:
    key: str
    points: str  # "x,y x,y ..." for <polyline>
    last: int


@dataclass(frozen=True)
class LineChart:
    width: int
    height: int
    left: int
    bottom: int
    lines: tuple[Line, ...]
    x_labels: tuple[tuple[float, date], ...]
    y_ticks: tuple[tuple[float, int], ...]


def line_chart(
    days: Sequence[date],
    series: Mapping[str, Sequence[int]],
    *,
    width: int = 480,
    height: int = 220,
    left: int = 44,
    bottom: int = 28,
    labels: int = 5,
) -> LineChart:
    """One line per series over ``days`` (values aligned with the days)."""
    top, right = 10, 12
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = max([v for values in series.values() for v in values] + [1])
    step = plot_w / (len(days) - 1) if len(days) > 1 else 0.0

    def x(i: int) -> float:
        return round(left + i * step, 2)

    def y(v: int) -> float:
        return round(top + plot_h - plot_h * v / peak, 2)

    lines = tuple(
        Line(key, " ".join(f"{x(i)},{y(v)}" for i, v in enumerate(values)), values[-1])
        for key, values in series.items()
        if values
    )
    every = max(1, -(-len(days) // labels))
    x_labels = tuple((x(i), d) for i, d in enumerate(days) if i % every == 0)
    ticks = sorted({0, peak // 2, peak})
    return LineChart(width, height, left, bottom, lines, x_labels, tuple((y(t), t) for t in ticks))
