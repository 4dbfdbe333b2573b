"""The Southern Gas Corridor with its yearly flows, a year control and an export chart."""

from __future__ import annotations

from typing import TYPE_CHECKING

from branca.element import MacroElement
from folium.template import Template

from ._html import js, text
from .styles import POPUP_OPTIONS

if TYPE_CHECKING:
    import folium
    import pandas as pd

FLOWS: tuple[tuple[str, str, str], ...] = (
    ("scp", "gas_exports_total", "SCP: all Azerbaijani gas exports"),
    ("tanap", "gas_exports_europe", "TANAP: exports to Europe"),
    ("tap", "gas_exports_europe", "TAP: exports to Europe"),
    ("igb", "gas_exports_bulgaria", "IGB: exports to Bulgaria"),
)
"""Each flow drawn: dataset, the figure series that measures it, label."""

YEARS = tuple(range(2020, 2026))
PX_PER_BCM, MIN_WIDTH = 0.6, 2.0
FLOW_COLOUR = "#e66101"
CHART_SERIES = ("gas_exports_europe", "eu_mou_path", "tap_capacity")


class GasFlows(MacroElement):
    """Flow lines redrawn for the year chosen in a year control.

    Each flow is ``{"c": coordinates, "y": {year: {"w": width, "l": label,
    "d": dash or null}}}``; labels are set as text, never as HTML.
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = (function (map) {
                var flows = {{ this.flows }}, years = {{ this.years }};
                var chartX = {{ this.chart_x }};
                var drawn = flows.map(function (f) {
                    var label = document.createElement("span");
                    var line = L.polyline(f.c, {color: {{ this.colour }}, opacity: 0.85,
                                                className: "cm-flow"})
                        .bindTooltip(label, {permanent: true, direction: "top", offset: [0, -10],
                                             className: "cm-flow-label"})
                        .bindPopup('<div class="cm-popup">' + f.p + '</div>',
                                   {{ this.popup_options }})
                        .addTo(map);
                    return {f: f, line: line, label: label};
                });
                function show(year) {
                    drawn.forEach(function (d) {
                        var y = d.f.y[year];
                        d.line.setStyle({weight: y.w, dashArray: y.d});
                        d.label.textContent = y.l;
                    });
                    document.querySelectorAll(".cm-year-mark").forEach(function (mark) {
                        mark.setAttribute("x1", chartX[year]);
                        mark.setAttribute("x2", chartX[year]);
                    });
                }
                var control = L.control({position: "topright"});
                control.onAdd = function () {
                    var div = L.DomUtil.create("div", "cm-panel cm-years");
                    var head = document.createElement("strong");
                    head.textContent = "Year ";
                    div.appendChild(head);
                    years.forEach(function (year) {
                        var lab = document.createElement("label");
                        var input = document.createElement("input");
                        input.type = "radio"; input.name = "cm-year"; input.value = year;
                        input.checked = year === years[years.length - 1];
                        input.addEventListener("change", function () { show(year); });
                        lab.appendChild(input);
                        lab.appendChild(document.createTextNode(year + " "));
                        div.appendChild(lab);
                    });
                    L.DomEvent.disableClickPropagation(div);
                    return div;
                };
                control.addTo(map);
                show(years[years.length - 1]);
                return {show: show, flows: drawn};
            })({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self, flows: list[dict], years: list[int], chart_x: dict[int, float]) -> None:
        super().__init__()
        self._name = "GasFlows"
        self.flows, self.years, self.chart_x = js(flows), js(years), js(chart_x)
        self.colour = js(FLOW_COLOUR)
        self.popup_options = js(POPUP_OPTIONS)


def _year(df: pd.DataFrame, label: str, year: int) -> dict:
    """Width, label and dash of a flow in one year; every source's figure in the label."""
    from ..summary import number

    rows = df[df["year"] == year]
    actual = rows[rows["status"] == "actual"]
    shown = actual if len(actual) else rows
    if shown.empty:
        return {"w": MIN_WIDTH, "l": f"{label} {year}: no figure", "d": "2 6"}
    values = " / ".join(number(float(v)) for v in shown["value"])
    partial = "" if len(actual) else " (partial year)"
    width = MIN_WIDTH + PX_PER_BCM * float(shown["value"].mean()) if len(actual) else MIN_WIDTH
    return {"w": round(width, 1), "l": f"{label} {year}: {values} bcm{partial}",
            "d": None if len(actual) else "6 5"}


def gas_map(*, years: tuple[int, ...] | None = None, title: str | None = None,
            view: str | list[float] | None = None) -> folium.Map:
    """Map the Southern Gas Corridor with its gas flows per year.

    Line widths and labels follow the actual exports (bcm) of the year
    chosen in the year control; where sources disagree every figure is
    labelled and the width follows their mean. A chart in the page sets
    exports to Europe against the EU memorandum path (about 12 bcm in 2022
    toward at least 20 bcm/yr by 2027) and TAP's capacity stages. Every
    figure cites its source.

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
    from .chart import export_chart, x_of
    from .controls import Panel
    from .labels import Labels
    from .popups import figure_rows, source_fragments
    from .views import view_bounds

    if years is None:
        years = YEARS

    table = figures()
    segs = pd.concat([load(name).assign(flow=i) for i, (name, _, _) in enumerate(FLOWS)],
                     ignore_index=True)
    coords = light_lines(segs.geometry)
    flows = []
    for i, (_, series, label) in enumerate(FLOWS):
        df = table[(table["series"] == series) & table["year"].isin(years)]
        rows = [j for j in range(len(segs)) if segs["flow"].iat[j] == i]
        ids = ";".join(segs["source_ids"].iloc[rows].dropna())
        popup = "".join([f"<h3>{text(label)}</h3>", *figure_rows(df), *source_fragments(ids)])
        flows.append({"c": [coords[j] for j in rows], "p": popup,
                      "y": {int(y): _year(df, label, y) for y in years}})
    west, south, east, north = (float(v) for v in segs.total_bounds)
    everything = [[south, west], [north, east]]
    m = new_map(title or "Southern Gas Corridor: gas flows by year",
                "Width and labels: actual exports in bcm; click a line for every figure and source",
                everything if view is None else view_bounds(view), padding_top_left=(440, 40),
                all_bounds=everything)
    m.add_child(GasFlows(flows, [int(y) for y in years], {int(y): x_of(y) for y in years}))
    chart = export_chart(table[table["series"].isin(CHART_SERIES)], sources())
    m.add_child(Panel("<details open><summary>Exports to Europe, memorandum path and TAP "
                      f"capacity (bcm/yr)</summary>{chart}</details>", position="bottomleft"))
    m.add_child(Labels())
    return m
