"""The figures map: gas flows, BTC throughput and Middle Corridor cargo by year, and a chart.

One year slider drives every series drawn and the chart's year mark. The
years are those the figures give.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from branca.element import MacroElement
from folium.template import Template

from ._html import js, text
from .styles import POPUP_OPTIONS

if TYPE_CHECKING:
    import folium
    import pandas as pd

FLOWS: tuple[tuple[str, str, str, str], ...] = (
    ("scp", "gas_exports_total", "SCP: all Azerbaijani gas exports", "#e66101"),
    ("tanap", "gas_exports_europe", "TANAP: exports to Europe", "#e66101"),
    ("tap", "gas_exports_europe", "TAP: exports to Europe", "#e66101"),
    ("igb", "gas_exports_bulgaria", "IGB: exports to Bulgaria", "#e66101"),
    ("btc", "btc_throughput", "BTC: oil shipped", "#1a1a1a"),
    ("middle-corridor", "titr_cargo", "Middle Corridor (TITR): cargo", "#5e3c99"),
)
"""Each flow drawn: dataset, the figure series that measures it, label, colour."""

MIN_WIDTH, MAX_WIDTH = 2.0, 11.0
"""Flow widths in pixels: no figure, and the largest figure of a unit over all years."""

CHART_SERIES = ("gas_exports_europe", "eu_mou_path", "tap_capacity")


class GasFlows(MacroElement):
    """Flow lines redrawn for the year chosen in a year control.

    Each flow is ``{"c": coordinates, "k": colour, "y": {year: {"w": width,
    "l": label, "d": dash or null}}}``; labels are set as text, never as
    HTML. ``chart_x`` gives the chart's year mark for each year (null: the
    year is outside the chart, and the mark is hidden).
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = (function (map) {
                var flows = {{ this.flows }}, years = {{ this.years }};
                var chartX = {{ this.chart_x }};
                var drawn = flows.map(function (f) {
                    {# the year's figures are listed in the year panel, where they cannot #}
                    {# overlap one another; a line's tooltip repeats its own #}
                    var label = document.createElement("span");
                    label.className = "cm-flow-label";
                    var tip = document.createElement("span");
                    var line = L.polyline(f.c, {color: f.k, opacity: 0.85,
                                                className: "cm-flow"})
                        .bindTooltip(tip, {sticky: true})
                        .bindPopup('<div class="cm-popup">' + f.p + '</div>',
                                   {{ this.popup_options }})
                        .addTo(map);
                    return {f: f, line: line, label: label, tip: tip};
                });
                function show(year) {
                    drawn.forEach(function (d) {
                        var y = d.f.y[year];
                        d.line.setStyle({weight: y.w, dashArray: y.d});
                        d.label.textContent = y.l;
                        d.tip.textContent = y.l;
                    });
                    document.querySelectorAll(".cm-year-mark").forEach(function (mark) {
                        var x = chartX[year];
                        mark.style.display = x === null || x === undefined ? "none" : "";
                        if (x !== null && x !== undefined) {
                            mark.setAttribute("x1", x);
                            mark.setAttribute("x2", x);
                        }
                    });
                    if (shown) shown.textContent = year;
                }
                var shown = null;
                var control = L.control({position: "topright"});
                control.onAdd = function () {
                    var div = L.DomUtil.create("div", "cm-panel cm-years");
                    var lab = document.createElement("label");
                    var head = document.createElement("strong");
                    head.textContent = "Year ";
                    shown = document.createElement("output");
                    lab.appendChild(head);
                    lab.appendChild(shown);
                    var input = document.createElement("input");
                    {# one step a year given (they need not be consecutive) #}
                    input.type = "range"; input.min = 0; input.max = years.length - 1;
                    input.step = 1; input.value = years.length - 1;
                    input.setAttribute("aria-label", "Year of the flows drawn");
                    input.setAttribute("data-years", years.join(" "));
                    input.addEventListener("input", function () {
                        show(years[Number(input.value)]);
                        input.setAttribute("aria-valuetext", years[Number(input.value)]);
                    });
                    div.appendChild(lab);
                    div.appendChild(input);
                    var list = document.createElement("ul");
                    list.className = "cm-flow-list";
                    drawn.forEach(function (d) {
                        var li = document.createElement("li");
                        var key = document.createElement("i");
                        key.className = "cm-flow-key";
                        key.style.background = d.f.k;
                        li.appendChild(key);
                        li.appendChild(d.label);
                        list.appendChild(li);
                    });
                    div.appendChild(list);
                    L.DomEvent.disableClickPropagation(div);
                    L.DomEvent.disableScrollPropagation(div);
                    return div;
                };
                control.addTo(map);
                show(years[years.length - 1]);
                return {show: show, flows: drawn};
            })({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self, flows: list[dict], years: list[int],
                 chart_x: dict[int, float | None]) -> None:
        super().__init__()
        self._name = "GasFlows"
        self.flows, self.years, self.chart_x = js(flows), js(years), js(chart_x)
        self.popup_options = js(POPUP_OPTIONS)


def _year(df: pd.DataFrame, label: str, year: int, top: dict[str, float]) -> dict:
    """Width, label and dash of a flow in one year; every source's figure in the label.

    The width is in proportion to the year's actual figure (the mean where
    sources disagree) against ``top``, the largest actual figure of its unit.
    """
    from ..summary import number

    rows = df[df["year"] == year]
    actual = rows[rows["status"] == "actual"]
    shown = actual if len(actual) else rows
    if shown.empty:
        return {"w": MIN_WIDTH, "l": f"{label} {year}: no figure", "d": "2 6"}
    values = " / ".join(number(float(v)) for v in shown["value"])
    unit = str(shown["unit"].iloc[0])
    partial = "" if len(actual) else " (partial year)"
    width = MIN_WIDTH
    if len(actual):
        width += (MAX_WIDTH - MIN_WIDTH) * float(actual["value"].mean()) / top[unit]
    return {"w": round(width, 1), "l": f"{label} {year}: {values} {unit}{partial}",
            "d": None if len(actual) else "6 5"}


def gas_map(*, years: tuple[int, ...] | None = None, title: str | None = None,
            view: str | list[float] | None = None) -> folium.Map:
    """Map the yearly flows: Azerbaijan's gas exports, BTC's oil and Middle Corridor cargo.

    One year slider drives every series drawn: line widths and labels follow
    the actual figures of the year chosen (gas exports in bcm, BTC's oil in
    million barrels, Middle Corridor cargo in million tonnes); where sources
    disagree every figure is labelled and the width follows their mean. A
    chart in the page sets exports to Europe against the EU memorandum's
    sourced points and TAP's built and planned capacity, each status in its
    own style; the slider moves its year mark. Every figure cites its source.

    Parameters
    ----------
    years : tuple of int, optional
        Years of the year slider; by default every year the flows' figures
        give. The last is shown first.
    title : str, optional
        Title above the map.
    view : str or sequence of 4 floats, optional
        A named view or ``west, south, east, north`` to open on; by default
        the corridor's lines.

    Returns
    -------
    folium.Map

    Examples
    --------
    >>> import corridors
    >>> m = corridors.gas_map(years=(2021, 2022))
    >>> "GasFlows" in {type(c).__name__ for c in m._children.values()}
    True

    """
    import pandas as pd

    from ..io import load
    from ..tables import figures, sources
    from ._base import new_map
    from ._geometry import light_lines
    from .chart import ExportChart
    from .controls import Panel
    from .labels import Labels
    from .popups import figure_rows, source_fragments
    from .views import view_bounds

    table = figures()
    measured = table[table["series"].isin([f[1] for f in FLOWS])]
    if years is None:  # every year a flow has a figure for
        years = tuple(range(int(measured["year"].min()), int(measured["year"].max()) + 1))
    actual = measured[measured["status"] == "actual"]
    top = actual.groupby("unit")["value"].max().to_dict()
    segs = pd.concat([load(name).assign(flow=i) for i, (name, *_) in enumerate(FLOWS)],
                     ignore_index=True)
    coords = light_lines(segs.geometry)
    flows = []
    for i, (_, series, label, colour) in enumerate(FLOWS):
        df = table[(table["series"] == series) & table["year"].isin(years)]
        rows = [j for j in range(len(segs)) if segs["flow"].iat[j] == i]
        ids = ";".join(segs["source_ids"].iloc[rows].dropna())
        popup = "".join([f"<h3>{text(label)}</h3>", *figure_rows(df), *source_fragments(ids)])
        flows.append({"c": [coords[j] for j in rows], "p": popup, "k": colour,
                      "y": {int(y): _year(df, label, y, top) for y in years}})
    west, south, east, north = (float(v) for v in segs.total_bounds)
    everything = [[south, west], [north, east]]
    m = new_map(title or "Flows by year: Caspian gas, BTC oil and Middle Corridor cargo",
                "Width and labels: the year's actual figures; click a line for every figure "
                "and source", everything if view is None else view_bounds(view),
                padding_top_left=(440, 40), all_bounds=everything)
    chart = ExportChart(table[table["series"].isin(CHART_SERIES)], sources())
    # the chart first: the flows set its year mark when they are drawn
    m.add_child(Panel("<details open><summary>Exports to Europe, the memorandum and TAP "
                      f"capacity (bcm/yr)</summary>{chart.html()}</details>",
                      position="bottomleft"))
    m.add_child(GasFlows(flows, [int(y) for y in years],
                         {int(y): chart.x_of(y) for y in years}))
    m.add_child(Labels())
    return m
