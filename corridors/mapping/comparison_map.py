"""Routes compared on one map, each in its own colour, with their metrics in a table."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._html import text

if TYPE_CHECKING:
    import folium
    import geopandas as gpd

    from ._pack import Pack

DETAILS: tuple[tuple[str, str], ...] = (
    ("km_by_mode", "km by mode"), ("km_by_country", "km by country"),
)
"""Metrics a route's popup adds below its headline (``corridors.summary``), when present."""


WRAPPED = ("straits and canals",)
"""Columns of the comparison panel whose text wraps (the others keep to one line)."""


def cell(value: Any) -> str:
    """A table cell from a metric: numbers rounded, dicts and lists joined, all escaped.

    Examples
    --------
    >>> cell({"AZE": 443.2, "GEO": 248.9}), cell(["suez"]), cell(3.14159)
    ('AZE 443, GEO 249', 'suez', '3.1')

    """
    import numbers

    from ..summary import figure

    if isinstance(value, dict):
        return ", ".join(f"{text(k)} {cell(v)}" for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return ", ".join(cell(v) for v in value)
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        return text(figure(value))
    return text(value)


ROUTE_WIDTH = 5.0
"""Width of a route's line in pixels."""

SNAPPED = "Places snapped to the network"
"""The layer of dashed lines from each place asked for to the place it snapped to."""

SNAP_STYLE = {"color": "#555555", "weight": 2, "opacity": 0.9, "dashArray": "4 6"}


def _snap_lines(places: list[dict], pack: Pack) -> list[list]:
    """Line records (see :class:`~corridors.mapping.layers.LineLayer`) of the places snapped."""
    from ..summary import notes

    lines = []
    for p in places:
        if not (p.get("snap_km") and p.get("asked") and p.get("at")):
            continue
        said = notes({"places": [p]})[0]
        lines.append([pack.line([list(p["asked"]), list(p["at"])]), pack.add(SNAP_STYLE),
                      pack.add(text(p["query"])), pack.refs([f"<p>{text(said)}</p>"]),
                      pack.add(""), None])
    return lines


def comparison_map(routes: gpd.GeoDataFrame, *, title: str | None = None) -> folium.Map:
    """Draw compared routes, each in a distinct colour, with a table of their metrics.

    Parameters
    ----------
    routes : geopandas.GeoDataFrame
        One row per route, as from ``corridors.compare``: a ``route`` column,
        metric columns (``km_total``, ``days_central``, …) and the route's line.
        What its ``attrs`` say (snapped places, routes on the same path, named
        routes left out; :func:`corridors.summary.notes`) is said below the table.
    title : str, optional
        Title above the map.

    Returns
    -------
    folium.Map

    Examples
    --------
    >>> import geopandas as gpd
    >>> from shapely import LineString
    >>> routes = gpd.GeoDataFrame({"route": ["a", "b"], "km_total": [10.0, 12.0]},
    ...     geometry=[LineString([(44, 41), (45, 42)]), LineString([(44, 41), (45, 40)])],
    ...     crs=4326)
    >>> m = comparison_map(routes, title="a or b")

    """
    from ..summary import headlines, notes
    from ._base import new_map
    from ._geometry import arrows, display_bounds, light_lines
    from ._offsets import offsets_px
    from ._pack import Pack
    from .controls import GroupedLayers, Panel
    from .labels import Labels
    from .layers import LineLayer
    from .styles import ROUTE_COLOURS

    coords = light_lines(routes.geometry)
    arrow = arrows(routes.geometry).tolist()
    # routes that share legs are drawn side by side, each clickable
    shifts = offsets_px(routes.geometry, [ROUTE_WIDTH] * len(routes))
    records = routes.drop(columns="geometry").to_dict("records")
    heads = headlines(records)
    shown = list(heads[0])[1:] if heads else []
    details = [(c, h) for c, h in DETAILS if c in routes.columns]
    asked = [p["asked"] for p in routes.attrs.get("places", []) if p.get("asked")]
    west, south, east, north = display_bounds(routes.geometry)  # across the antimeridian too
    for lat, lon in asked:  # the places asked for are in view too
        west, south, east, north = min(west, lon), min(south, lat), max(east, lon), max(north, lat)
    m = new_map(title or "Route comparison", "Click a route for its figures",
                [[south, west], [north, east]])
    pack = Pack()
    m.add_child(pack)
    layers, rows = [], []
    for i, (rec, head, c, a, shift) in enumerate(zip(records, heads, coords, arrow, shifts)):
        colour = ROUTE_COLOURS[i % len(ROUTE_COLOURS)]
        style = {"color": colour, "weight": ROUTE_WIDTH, "opacity": 0.85}
        if shift:
            style["offset"] = shift
        cells = [(h, text(head[h])) for h in shown] + [(h, cell(rec[col])) for col, h in details]
        table = "".join(f"<tr><th>{h}</th><td>{v}</td></tr>" for h, v in cells if v)
        line = [pack.line(c), pack.add(style),
                pack.add(text(head["route"])), pack.refs([f"<table>{table}</table>"]),
                pack.add(""), a]
        layer = LineLayer(head["route"], [line], pack)
        m.add_child(layer)
        layers.append(layer)
        key = (f'<svg class="cm-key" width="18" height="8"><line x1="0" y1="4" x2="18" y2="4" '
               f'stroke="{colour}" stroke-width="4"/></svg>')
        rows.append(f'<tr><td class="cm-wrap">{key}{text(head["route"])}</td>'
                    + "".join(('<td class="cm-wrap">' if h in WRAPPED else "<td>")
                              + f"{text(head[h])}</td>" for h in shown) + "</tr>")
    snaps = _snap_lines(routes.attrs.get("places", []), pack)
    if snaps:
        layer = LineLayer(SNAPPED, snaps, pack)
        m.add_child(layer)
        layers.append(layer)
    m.add_child(GroupedLayers({"Routes": layers}))
    header = "<tr><th>Route</th>" + "".join(f"<th>{h}</th>" for h in shown) + "</tr>"
    said = "".join(f"<p>{text(n)}</p>" for n in notes(routes.attrs))
    m.add_child(Panel(f"<details open><summary>Comparison</summary><table>{header}"
                      f"{''.join(rows)}</table>{said}</details>", position="bottomleft",
                      css_class="cm-comparison"))
    m.add_child(Labels())
    return m
