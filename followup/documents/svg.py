"""Chart geometry for server-rendered SVG: stacked progress bars and a line chart.

Only numbers here; the SVG elements, colours and Korean labels are in
``templates/web/admin/_charts.html.j2``, so the console needs no JavaScript.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Segment:
    key: str
    x: float
    width: float
    count: int


@dataclass(frozen=True)
class Bar:
    label: str
    y: float
    total: int
    segments: tuple[Segment, ...]


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    label_width: int
    bar_height: int
    bars: tuple[Bar, ...]


def stacked_bars(
    rows: Sequence[tuple[str, Mapping[str, int]]],
    order: Sequence[str],
    *,
    width: int = 640,
    label_width: int = 150,
    bar_height: int = 22,
    gap: int = 10,
) -> BarChart:
    """One bar per row, each the full plot width, split by the share of each key in
    ``order`` (progress: how much of the row is in each status)."""
    plot = width - label_width - 48
    bars = []
    for index, (label, counts) in enumerate(rows):
        total = sum(counts.get(k, 0) for k in order)
        x = float(label_width)
        segments = []
        for key in order:
            count = counts.get(key, 0)
            if count and total:
                share = plot * count / total
                segments.append(Segment(key, round(x, 2), round(share, 2), count))
                x += share
        bars.append(Bar(label, float(index * (bar_height + gap)), total, tuple(segments)))
    height = max(len(bars) * (bar_height + gap) - gap, bar_height)
    return BarChart(width, height, label_width, bar_height, tuple(bars))


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
    width: int = 640,
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
