"""An SVG chart of Azerbaijan's gas exports to Europe against the EU memorandum and TAP capacity.

Actual figures, plans, targets and built capacity are each drawn in their own
style, and the legend says which is which. The memorandum is drawn only at
the points its sources give (no line is interpolated between them). The
years and the axis come from the figures, so a later year or a larger value
is drawn, not cut off.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from ..summary import number
from ._html import link, text

if TYPE_CHECKING:
    import pandas as pd

WIDTH, PLOT_HEIGHT = 380, 160
LEFT, RIGHT, TOP = 34, 12, 12
PLOT_BOTTOM = TOP + PLOT_HEIGHT
"""The plot's size and margins in pixels; the years and the legend are below it."""

SERIES: tuple[tuple[str, str, str, bool], ...] = (
    ("gas_exports_europe", "Exports to Europe", "#e66101", True),
    ("tap_capacity", "TAP capacity", "#555555", True),
    ("eu_mou_path", "EU–Azerbaijan memorandum", "#0571b0", False),
)
"""Series drawn: id, label, colour, and whether its points are joined by a line."""

STATUS_MARKS: dict[str, tuple[str, bool]] = {
    "actual": ("circle", True), "partial": ("circle", False), "capacity": ("square", True),
    "plan": ("diamond", False), "target": ("triangle", True),
    "unrealised": ("cross", False), "aside": ("dot", False),
}
"""Status of a figure to the marker that draws it (shape, filled); any other status is
drawn as an aside (a small hollow dot), never like an actual figure."""

STATUS_WORDS: dict[str, str] = {
    "actual": "actual", "partial": "partial year", "capacity": "built capacity",
    "plan": "plan", "target": "target", "unrealised": "plan not realised", "aside": "aside",
}


class ExportChart:
    """The chart of some figures: its axes from their years and values.

    Parameters
    ----------
    figs : pandas.DataFrame
        Rows of ``corridors.figures()`` for the series in :data:`SERIES`.
    sources : pandas.DataFrame
        ``corridors.sources()``.

    Examples
    --------
    >>> import corridors
    >>> figs = corridors.figures()
    >>> chart = ExportChart(figs[figs["series"].isin([s[0] for s in SERIES])], corridors.sources())
    >>> chart.years[0] <= 2020 and chart.years[1] >= 2027, chart.top >= 20
    (True, True)

    """

    def __init__(self, figs: pd.DataFrame, sources: pd.DataFrame) -> None:
        self.figs, self.sources = figs, sources
        years = figs["year"].astype(int)
        self.years = (int(years.min()), int(years.max())) if len(years) else (2020, 2021)
        if self.years[0] == self.years[1]:
            self.years = (self.years[0], self.years[0] + 1)
        peak = float(figs["value"].max()) if len(figs) else 1.0
        self.step = _nice_step(peak)
        self.top = self.step * math.ceil(peak * 1.05 / self.step)

    def x_of(self, year: float) -> float | None:
        """Horizontal position of a year in pixels, or None outside the chart's years."""
        first, last = self.years
        if not first <= year <= last:
            return None
        return round(LEFT + (year - first) / (last - first) * (WIDTH - LEFT - RIGHT), 1)

    def _y(self, value: float) -> float:
        return round(PLOT_BOTTOM - value / self.top * PLOT_HEIGHT, 1)

    def html(self) -> str:
        """The chart: an inline SVG and the numbered list of its sources."""
        figs, src = self.figs, self.sources.set_index("id")
        cited = list(dict.fromkeys(figs.sort_values(["series", "year"])["source_id"]))
        number_of = {s: i + 1 for i, s in enumerate(cited)}
        bottom = PLOT_BOTTOM
        parts: list[str] = []
        v = 0.0
        while v <= self.top + 1e-9:
            parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{self._y(v)}" '
                         f'y2="{self._y(v)}" stroke="#e5e5e5"/><text x="{LEFT - 4}" '
                         f'y="{self._y(v) + 3}" text-anchor="end">{number(v)}</text>')
            v += self.step
        span = self.years[1] - self.years[0]
        every = 1 if span <= 8 else 2 if span <= 16 else 5
        for year in range(self.years[0], self.years[1] + 1, every):
            parts.append(f'<text x="{self.x_of(year)}" y="{bottom + 13}" '
                         f'text-anchor="middle">{year}</text>')
        parts.append(f'<text x="4" y="{TOP - 2}">bcm</text>')
        parts.append(f'<line class="cm-year-mark" x1="{LEFT}" x2="{LEFT}" y1="{TOP}" '
                     f'y2="{bottom}" stroke="#999" stroke-width="6" stroke-opacity=".25"/>')
        legend: list[tuple[str, str, str | None, str | None]] = []  # label, colour, mark, line
        for series, label, colour, joined in SERIES:
            df = figs[figs["series"] == series]
            if df.empty:
                continue
            if joined:
                parts += self._lines(df, colour, step=series == "tap_capacity")
            for r in df.to_dict("records"):
                tip = (f"{label}, {r['year']}: {number(float(r['value']))} {r['unit']} "
                       f"({STATUS_WORDS.get(r['status'], r['status'])}) "
                       f"[{number_of[r['source_id']]}]")
                parts.append(_mark(r["status"], self.x_of(r["year"]), self._y(r["value"]),
                                   colour, tip))
            for status in dict.fromkeys(df.sort_values("year")["status"]):
                line = None
                if joined and status in ("actual", "capacity"):
                    line = "solid"
                elif joined and status == "plan":
                    line = "5 4"
                legend.append((f"{label}: {STATUS_WORDS.get(status, status)}", colour, status,
                               line))
            if not joined:
                legend.append(("(only at the points its sources give)", colour, None, None))
        for i, (label, colour, status, line) in enumerate(legend):
            ly = bottom + 26 + 11 * i
            if line:
                dash = "" if line == "solid" else f' stroke-dasharray="{line}"'
                parts.append(f'<line x1="{LEFT}" x2="{LEFT + 18}" y1="{ly}" y2="{ly}" '
                             f'stroke="{colour}" stroke-width="2"{dash}/>')
            if status:
                parts.append(_mark(status, LEFT + 9, ly, colour, None))
            parts.append(f'<text x="{LEFT + 24}" y="{ly + 3}">{text(label)}</text>')
        height = bottom + 26 + 11 * len(legend)
        parts.insert(0, f'<svg class="cm-chart" width="{WIDTH}" height="{height}" '
                        f'viewBox="0 0 {WIDTH} {height}" font-size="10" '
                        'font-family="system-ui,sans-serif">')
        parts.append("</svg>")
        items = []
        for s in cited:
            label = (f"{src.loc[s, 'publisher']}: {src.loc[s, 'title']}" if s in src.index else s)
            url = src.loc[s, "url"] if s in src.index else ""
            items.append(f"<li>{link(url, label)}</li>")
        return "".join(parts) + '<ol class="cm-sources">' + "".join(items) + "</ol>"

    def _lines(self, df: pd.DataFrame, colour: str, *, step: bool) -> list[str]:
        """Solid through actual or built figures (yearly means), dashed on to plans."""
        solid = df[df["status"].isin(("actual", "capacity"))].groupby("year")["value"].mean()
        plans = df[df["status"] == "plan"].groupby("year")["value"].mean()
        out = []

        def points(series: pd.Series, start: tuple[float, float] | None = None) -> list:
            pts = [start] if start else []
            for year, value in series.items():
                if step and pts:
                    pts.append((self.x_of(year), pts[-1][1]))
                pts.append((self.x_of(year), self._y(value)))
            return pts

        first = points(solid)
        if step and first:  # built capacity holds until the chart's last year or a plan
            end = min(plans.index) if len(plans) else self.years[1]
            first.append((self.x_of(end), first[-1][1]))
        if len(first) > 1:
            out.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2" '
                       f'points="{_pts(first)}"/>')
        if len(plans):
            later = points(plans, first[-1] if first else None)
            if len(later) > 1:
                out.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2" '
                           f'stroke-dasharray="5 4" points="{_pts(later)}"/>')
        return out


def _pts(points: list[tuple[float, float]]) -> str:
    return " ".join(f"{x},{y}" for x, y in points)


def _nice_step(peak: float) -> float:
    """A tick step of 1, 2 or 5 times a power of ten giving four to eight ticks."""
    raw = max(peak, 1e-9) / 5
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 5, 10) if m * power >= raw)


def _mark(status: str, x: float | None, y: float, colour: str, tip: str | None) -> str:
    """A figure's marker, shaped and filled by its status, with its tooltip."""
    if x is None:
        return ""
    shape, filled = STATUS_MARKS.get(status, STATUS_MARKS["aside"])
    fill = colour if filled else "#fff"
    style = f'fill="{fill}" stroke="{colour}" stroke-width="1.5"'
    title = f"<title>{text(tip)}</title>" if tip else ""
    cls = ' class="cm-fig"' if tip else ""
    if shape == "square":
        return f'<rect{cls} x="{x - 3}" y="{y - 3}" width="6" height="6" {style}>{title}</rect>'
    if shape == "diamond":
        return (f'<polygon{cls} points="{x},{y - 4} {x + 4},{y} {x},{y + 4} {x - 4},{y}" '
                f"{style}>{title}</polygon>")
    if shape == "cross":
        return (f'<path{cls} d="M{x - 3.5},{y - 3.5}L{x + 3.5},{y + 3.5}M{x - 3.5},{y + 3.5}'
                f'L{x + 3.5},{y - 3.5}" stroke="{colour}" stroke-width="2">{title}</path>')
    if shape == "dot":
        return f'<circle{cls} cx="{x}" cy="{y}" r="2" {style}>{title}</circle>'
    if shape == "triangle":
        return (f'<polygon{cls} points="{x},{y - 4.5} {x + 4.5},{y + 3.5} {x - 4.5},{y + 3.5}" '
                f"{style}>{title}</polygon>")
    return f'<circle{cls} cx="{x}" cy="{y}" r="3" {style}>{title}</circle>'


def export_chart(figs: pd.DataFrame, sources: pd.DataFrame) -> str:
    """The chart as HTML (see :class:`ExportChart`): an inline SVG and its sources.

    Every figure is a marker with a tooltip naming its source; two sources
    that disagree on a year give two markers.
    """
    return ExportChart(figs, sources).html()
