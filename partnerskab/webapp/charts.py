"""Charts for the review page, drawn on the server as inline SVG: no script, no
library, nothing from another server, nothing the page's strict CSP blocks
(shapes carry classes for the external CSS, never a ``style`` attribute).

Every chart is an image with a summary as its accessible name (``role="img"``);
the page puts a table with every number beside it. Labels are escaped.
"""

from __future__ import annotations

import datetime as dt
from typing import List, Sequence, Tuple

from markupsafe import Markup, escape

_FLAT = 'preserveAspectRatio="none" aria-hidden="true" focusable="false"'
_BAR = f'<svg class="bar" viewBox="0 0 100 6" {_FLAT}>'  # a bar drawn to the width of its line


def _n(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def bars(items: Sequence[Tuple[str, int]], summary: str, css: str = "") -> Markup:
    """Horizontal bars, one per (label, value), longest first as given: the
    label and number as text above a bar drawn to scale (so it reads at 320 px)."""
    top = max((v for _, v in items), default=0) or 1
    rows = []
    for label, value in items:
        width = 100 * value / top
        rows.append(
            f'<li><span class="bar-label">{escape(label)}</span> '
            f'<span class="bar-value">{value}</span>'
            f"{_BAR}"
            f'<rect class="bar-track" width="100" height="6"/>'
            f'<rect class="bar-fill {css}" width="{_n(width)}" '
            f'height="6"/></svg></li>'
        )
    return Markup(
        f'<div role="img" aria-label="{escape(summary)}">'
        f'<ul class="bars">{"".join(rows)}</ul></div>'
    )


def split_bars(
    items: Sequence[Tuple[str, int, int]], summary: str, names: Tuple[str, str]
) -> Markup:
    """Two-part bars (thumbs up, thumbs down) per label, to one scale."""
    top = max((a + b for _, a, b in items), default=0) or 1
    rows = []
    for label, up, down in items:
        w_up, w_down = 100 * up / top, 100 * down / top
        rows.append(
            f'<li><span class="bar-label">{escape(label)}</span> '
            f'<span class="bar-value">{up} {escape(names[0])} · {down} {escape(names[1])}</span>'
            f"{_BAR}"
            f'<rect class="bar-track" width="100" height="6"/>'
            f'<rect class="bar-fill up" width="{_n(w_up)}" height="6"/>'
            f'<rect class="bar-fill down" x="{_n(w_up)}" width="{_n(w_down)}" height="6"/>'
            "</svg></li>"
        )
    return Markup(
        f'<div role="img" aria-label="{escape(summary)}">'
        f'<ul class="bars">{"".join(rows)}</ul></div>'
    )


def shares(parts: Sequence[Tuple[str, int, str]], summary: str) -> Markup:
    """One bar split into shares (label, count, css class), with a legend."""
    total = sum(v for _, v, _ in parts) or 1
    x, rects, legend = 0.0, [], []
    for label, value, css in parts:
        width = 100 * value / total
        rects.append(f'<rect class="share {css}" x="{_n(x)}" width="{_n(width)}" height="10"/>')
        legend.append(
            f'<li><span class="swatch {css}" aria-hidden="true"></span>{escape(label)}: '
            f"{round(100 * value / total)} % ({value})</li>"
        )
        x += width
    return Markup(
        f'<div class="shares" role="img" aria-label="{escape(summary)}">'
        f'<svg class="share-bar" viewBox="0 0 100 10" {_FLAT}>'
        f'{"".join(rects)}</svg><ul class="legend">{"".join(legend)}</ul></div>'
    )


def days(
    series: Sequence[Tuple[dt.date, int, int]],
    summary: str,
    names: Tuple[str, str],
    start: dt.date,
    end: dt.date,
) -> Markup:
    """Messages per day as columns and conversations per day as a line, over
    every day from ``start`` to ``end`` (days without use count 0)."""
    width, height, left, bottom, top_pad = 720, 220, 44, 26, 12
    by_day = {d: (c, m) for d, c, m in series}
    count = (end - start).days + 1
    every = [start + dt.timedelta(days=i) for i in range(count)]
    top = max((m for _, (_, m) in by_day.items()), default=0) or 1
    plot_w, plot_h = width - left - 8, height - bottom - top_pad
    step = plot_w / max(count, 1)

    def y(value: float) -> float:
        return top_pad + plot_h - plot_h * value / top

    columns, points = [], []
    for i, day in enumerate(every):
        conversations, messages = by_day.get(day, (0, 0))
        x = left + i * step
        if messages:
            columns.append(
                f'<rect class="col" x="{_n(x + step * 0.1)}" y="{_n(y(messages))}" '
                f'width="{_n(max(step * 0.8, 0.5))}" height="{_n(plot_h * messages / top)}"/>'
            )
        points.append(f"{_n(x + step / 2)},{_n(y(conversations))}")
    ticks = sorted({0, count // 2, count - 1}) if count > 1 else [0]
    labels = "".join(
        f'<text class="tick" x="{_n(left + i * step + step / 2)}" y="{height - 6}" '
        f'text-anchor="middle">{every[i].strftime("%d.%m")}</text>'
        for i in ticks
    )
    axis = (
        f'<line class="axis" x1="{left}" y1="{_n(y(0))}" x2="{width - 8}" y2="{_n(y(0))}"/>'
        f'<text class="tick" x="{left - 6}" y="{_n(y(top) + 4)}" text-anchor="end">{top}</text>'
        f'<text class="tick" x="{left - 6}" y="{_n(y(0) + 4)}" text-anchor="end">0</text>'
    )
    line = f'<polyline class="line" points="{" ".join(points)}"/>' if count > 1 else ""
    legend = (
        '<ul class="legend" aria-hidden="true">'
        f'<li><span class="swatch col"></span>{escape(names[0])}</li>'
        f'<li><span class="swatch line"></span>{escape(names[1])}</li></ul>'
    )
    return Markup(
        f'<div class="days"><svg class="day-chart" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(summary)}" focusable="false">'
        f"{axis}{''.join(columns)}{line}{labels}</svg>{legend}</div>"
    )


def top(counter_items: List[Tuple[str, int]], n: int = 10) -> List[Tuple[str, int]]:
    return sorted(counter_items, key=lambda kv: (-kv[1], kv[0]))[:n]
