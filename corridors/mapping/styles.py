"""How corridors look: colours by mode, dashes by status, widths by capacity, node markers.

Colours are from ColorBrewer's qualitative schemes, which stay apart for
common colour-vision deficiencies.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

MODE_COLOURS: dict[str, str] = {
    "oil_pipeline": "#1a1a1a",
    "gas_pipeline": "#e66101",
    "rail": "#5e3c99",
    "ferry": "#0571b0",
    "sea": "#4eb3d3",
    "road": "#8c6d31",
}
"""Line colour of each mode (which also tells the commodity: oil, gas or freight)."""

MODE_LABELS: dict[str, str] = {
    "oil_pipeline": "Oil pipeline", "gas_pipeline": "Gas pipeline", "rail": "Rail",
    "ferry": "Ferry", "sea": "Sea route", "road": "Road",
}

MODE_DASHES: dict[str, str | None] = {"ferry": "2 7", "sea": "1 5"}
"""Dash pattern of modes drawn as dashed whatever their status."""

POPUP_OPTIONS: dict[str, object] = {
    "maxWidth": 380, "maxHeight": 380, "autoPanPaddingTopLeft": [20, 70],
}
"""Leaflet popup options of every map: long popups scroll, and the map pans
them clear of the title."""

PLANNED_DASH = "10 6"
"""Dash pattern of segments not yet operating."""

NOT_OPERATING = ("construction", "planned", "proposed", "suspended", "idle", "retired",
                 "unrealised")

MIN_WIDTH, MAX_WIDTH, UNKNOWN_WIDTH = 2.0, 9.0, 2.5
"""Line widths in pixels: smallest and largest capacity, and unknown capacity."""

ROUTE_COLOURS: tuple[str, ...] = (
    "#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d", "#666666",
)
"""Colours of the routes of a comparison map, in order."""

# kind -> (label, CSS shape, fill colour, size in px)
NODE_KINDS: dict[str, tuple[str, str, str, int]] = {
    "terminal": ("Terminal", "square", "#1a1a1a", 11),
    "port": ("Port", "circle", "#0571b0", 11),
    "border_crossing": ("Border crossing", "diamond", "#c51b7d", 10),
    "gauge_break": ("Gauge break", "triangle", "#5e3c99", 12),
    "pump_station": ("Pump station", "circle", "#737373", 7),
    "compressor_station": ("Compressor station", "square", "#e66101", 7),
    "landfall": ("Landfall", "triangle", "#0571b0", 11),
    "junction": ("Junction", "diamond", "#737373", 8),
    "city": ("City", "circle", "#ffffff", 9),
}
"""Marker of each node kind."""

_SHAPES: dict[str, str] = {
    "circle": "border-radius:50%;",
    "square": "",
    "diamond": "transform:rotate(45deg) scale(.8);",
    "triangle": "clip-path:polygon(50% 0,100% 100%,0 100%);border:0;",
}


WIDTH_UNITS: tuple[str, ...] = ("bcm/yr", "mcm/d", "bbl/d", "Mt/yr", "t/yr", "TEU/yr")
"""Capacity units that scale a line's width."""


def line_widths(capacity: pd.Series, unit: pd.Series) -> np.ndarray:
    """Line width of each segment: proportional to the square root of capacity, per unit.

    Capacities in different units are not compared: each unit's largest
    capacity gets ``MAX_WIDTH``. Only volumes and tonnages a year or a day
    (:data:`WIDTH_UNITS`) set a width: trains or ships a day are the
    capacity of a crossing or a canal, not of the line. Other segments get
    ``UNKNOWN_WIDTH``.

    Examples
    --------
    >>> import pandas as pd
    >>> units = pd.Series(["bcm/yr", "bcm/yr", None, "ships/d"])
    >>> line_widths(pd.Series([31.0, 7.75, None, 97.0]), units).tolist()
    [9.0, 5.5, 2.5, 2.5]

    """
    import numpy as np

    cap = capacity.astype(float).where(unit.isin(WIDTH_UNITS))
    top = cap.groupby(unit.astype(object).fillna("")).transform("max").to_numpy()
    with np.errstate(invalid="ignore", divide="ignore"):
        width = MIN_WIDTH + (MAX_WIDTH - MIN_WIDTH) * np.sqrt(cap.to_numpy() / top)
    return np.round(np.where(np.isfinite(width), width, UNKNOWN_WIDTH), 1)


def node_css() -> str:
    """CSS of the node markers (class ``cm-node cm-KIND``) and flow arrows."""
    rules = [
        ".cm-node{box-sizing:border-box;border:1.5px solid #1a1a1a;}",
        ".cm-arrow{font-size:13px;line-height:14px;text-align:center;"
        "text-shadow:0 0 2px #fff,0 0 2px #fff;}",
        ".cm-arrow i{display:inline-block;font-style:normal;}",
    ]
    for kind, (_, shape, fill, _size) in NODE_KINDS.items():
        rules.append(f".cm-{kind}{{background:{fill};{_SHAPES[shape]}}}")
    return "\n".join(rules)
