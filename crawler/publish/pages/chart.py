"""A small time-series chart as inline SVG: no script, no CDN, readable offline and in a screenshot.

One line per series over the years, the y axis in whole numbers (counts of requests and cases are
never fractional, so a tick at 2.5 would mislead), a missing year a gap in its line rather than a
zero, and every point labelled with its value in a tooltip.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from markupsafe import Markup, escape

COLOURS = ("#1f77b4", "#2ca02c", "#d62728", "#9467bd", "#ff7f0e", "#8c564b")


def whole_ticks(top: float, count: int = 5) -> list[int]:
    """Ticks 0, step, 2·step … covering ``top``; the step a whole 1, 2 or 5 × 10^k."""
    if top <= 0:
        return [0, 1]
    raw = max(1.0, top / count)
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 5, 10) if m * mag >= raw)
    step = max(1, int(step))
    n = math.ceil(top / step)
    return [i * step for i in range(n + 1)]


def line_chart(series: Sequence[dict], *, width: int = 820, height: int = 250) -> Markup:
    """``series``: dicts with ``zh``, ``en`` and ``points`` [(year, value or None)].

    The x axis runs over every year from the first to the last, so a year with no report shows as a
    gap in the lines, not as two neighbouring points.
    """
    known = sorted({y for s in series for y, _ in s["points"]})
    years = list(range(known[0], known[-1] + 1)) if known else []
    values = [v for s in series for _, v in s["points"] if v is not None]
    if not years or not values:
        return Markup('<p class="nb-nochart">没有可画的数字 · No numbers to plot.</p>')
    left, right, top_pad, bottom = 56, 290, 12, 28
    plot_w, plot_h = width - left - right, height - top_pad - bottom
    ticks = whole_ticks(max(values))
    y_max = ticks[-1] or 1

    def x(year: int) -> float:
        return left + (plot_w / 2 if len(years) == 1 else plot_w * years.index(year) / (len(years) - 1))

    def y(v: float) -> float:
        return top_pad + plot_h * (1 - v / y_max)

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img" '
           f'aria-label="历年主要数字 key numbers by year">']
    for t in ticks:
        out.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{y(t):.1f}" y2="{y(t):.1f}" stroke="#e5e5e5"/>'
                   f'<text x="{left - 6}" y="{y(t) + 4:.1f}" text-anchor="end">{t}</text>')
    every = 1 if len(years) <= 12 else 2  # a label per year while they fit
    for year in years[::every]:
        out.append(f'<text x="{x(year):.1f}" y="{height - 8}" text-anchor="middle">{year}</text>')
    for i, s in enumerate(series):
        colour = COLOURS[i % len(COLOURS)]
        segment: list[str] = []
        segments = []
        values_of = dict(s["points"])
        for year in years:
            v = values_of.get(year)
            if v is None:
                if segment:
                    segments.append(segment)
                segment = []
                continue
            segment.append(f"{x(year):.1f},{y(v):.1f}")
            out.append(f'<circle cx="{x(year):.1f}" cy="{y(v):.1f}" r="3" fill="{colour}">'
                       f"<title>{escape(s['zh'])} {escape(s['en'])} {year}: {v}</title></circle>")
        if segment:
            segments.append(segment)
        for seg in segments:
            if len(seg) > 1:
                out.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{" ".join(seg)}"/>')
        ly = top_pad + 14 + i * 18
        out.append(f'<rect x="{left + plot_w + 12}" y="{ly - 9}" width="10" height="10" fill="{colour}"/>'
                   f'<text x="{left + plot_w + 26}" y="{ly}">{escape(s["zh"])} {escape(s["en"])}</text>')
    out.append("</svg>")
    return Markup("".join(out))
