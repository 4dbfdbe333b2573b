"""An SVG chart of Azerbaijan's gas exports to Europe against the EU memorandum and TAP capacity."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..summary import number
from ._html import link, text

if TYPE_CHECKING:
    import pandas as pd

WIDTH, HEIGHT = 380, 210
LEFT, RIGHT, TOP, BOTTOM = 34, 12, 12, 26
YEARS = (2020, 2027)
BCM_MAX = 22.0

SERIES: tuple[tuple[str, str, str, str | None], ...] = (
    ("gas_exports_europe", "Exports to Europe (actual)", "#e66101", None),
    ("eu_mou_path", "EU–Azerbaijan memorandum path", "#0571b0", "5 4"),
    ("tap_capacity", "TAP capacity", "#555555", "2 3"),
)
"""Series drawn, with label, colour and dash."""


def x_of(year: float) -> float:
    """Horizontal position of a year in the chart, in pixels."""
    return round(LEFT + (year - YEARS[0]) / (YEARS[1] - YEARS[0]) * (WIDTH - LEFT - RIGHT), 1)


def _y(value: float) -> float:
    return round(HEIGHT - BOTTOM - value / BCM_MAX * (HEIGHT - TOP - BOTTOM), 1)


def _path(df: pd.DataFrame, *, step: bool) -> str:
    """Polyline points through the yearly mean (disagreeing sources are averaged here only)."""
    mean = df.groupby("year")["value"].mean()
    pts: list[tuple[float, float]] = []
    for year, value in mean.items():
        if step and pts:
            pts.append((x_of(year), pts[-1][1]))
        pts.append((x_of(year), _y(value)))
    if step:
        pts.append((x_of(YEARS[1] + 0.0), pts[-1][1]))
    return " ".join(f"{x},{y}" for x, y in pts)


def export_chart(figs: pd.DataFrame, sources: pd.DataFrame) -> str:
    """The chart as HTML: an inline SVG and the numbered list of its sources.

    Every figure is a dot with a tooltip naming its source; two sources that
    disagree on a year give two dots.

    Parameters
    ----------
    figs : pandas.DataFrame
        Rows of ``corridors.figures()`` for the series in ``SERIES``.
    sources : pandas.DataFrame
        ``corridors.sources()``.

    """
    src = sources.set_index("id")
    cited = list(dict.fromkeys(figs.sort_values(["series", "year"])["source_id"]))
    number_of = {s: i + 1 for i, s in enumerate(cited)}
    parts = [f'<svg class="cm-chart" width="{WIDTH}" height="{HEIGHT}" '
             f'viewBox="0 0 {WIDTH} {HEIGHT}" font-size="10" font-family="system-ui,sans-serif">']
    for v in range(0, int(BCM_MAX) + 1, 5):
        parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{_y(v)}" y2="{_y(v)}" '
                     f'stroke="#e5e5e5"/><text x="{LEFT - 4}" y="{_y(v) + 3}" '
                     f'text-anchor="end">{v}</text>')
    for year in range(YEARS[0], YEARS[1] + 1):
        parts.append(f'<text x="{x_of(year)}" y="{HEIGHT - BOTTOM + 13}" '
                     f'text-anchor="middle">{year}</text>')
    parts.append(f'<text x="4" y="{TOP - 2}">bcm</text>')
    parts.append(f'<line class="cm-year-mark" x1="{x_of(YEARS[0])}" x2="{x_of(YEARS[0])}" '
                 f'y1="{TOP}" y2="{HEIGHT - BOTTOM}" stroke="#999" stroke-width="6" '
                 'stroke-opacity=".25"/>')
    for i, (series, label, colour, dash) in enumerate(SERIES):
        df = figs[figs["series"] == series]
        if df.empty:
            continue
        dashes = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2"{dashes} '
                     f'points="{_path(df, step=series == "tap_capacity")}"/>')
        for r in df.to_dict("records"):
            tip = (f"{label}, {r['year']}: {number(float(r['value']))} {r['unit']} "
                   f"({r['status']}) [{number_of[r['source_id']]}]")
            parts.append(f'<circle class="cm-fig" cx="{x_of(r["year"])}" cy="{_y(r["value"])}" '
                         f'r="3" fill="{colour}"><title>{text(tip)}</title></circle>')
        ly = TOP + 4 + 12 * i
        parts.append(f'<line x1="{LEFT + 8}" x2="{LEFT + 26}" y1="{ly}" y2="{ly}" '
                     f'stroke="{colour}" stroke-width="2"{dashes}/>'
                     f'<text x="{LEFT + 30}" y="{ly + 3}">{text(label)}</text>')
    parts.append("</svg>")
    items = []
    for s in cited:
        label = (f"{src.loc[s, 'publisher']}: {src.loc[s, 'title']}" if s in src.index else s)
        url = src.loc[s, "url"] if s in src.index else ""
        items.append(f"<li>{link(url, label)}</li>")
    return "".join(parts) + '<ol class="cm-sources">' + "".join(items) + "</ol>"
