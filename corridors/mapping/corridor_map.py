"""The main map: every corridor, a layer per system grouped by theme, nodes by kind."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ._html import text

if TYPE_CHECKING:
    import folium
    import geopandas as gpd

    from ._pack import Pack

DEFAULT_TITLE = "Caspian energy and Eurasian trade corridors"
PLACES_GROUP = "Places"
PLACES = ("key", "all", "none")
"""Which places a corridor map draws (see :func:`corridor_map`)."""


def _segments(data: gpd.GeoDataFrame | Sequence[str | Path] | None) -> gpd.GeoDataFrame:
    """Validated segments with a ``group`` column (layer control heading)."""
    import pandas as pd

    from .. import catalogue
    from ..exceptions import CorridorsError
    from ..io import load, load_all
    from ..schema import validate_segments

    if data is None:
        gdf = load_all()
    elif isinstance(data, (str, Path)) or not hasattr(data, "geometry"):
        names = [data] if isinstance(data, (str, Path)) else list(data)
        if not names:
            raise CorridorsError("nothing to draw: give dataset names or files, or None for "
                                 "every dataset")
        frames = [load(n).assign(dataset=str(n)) for n in names]
        gdf = pd.concat(frames, ignore_index=True)
    else:
        gdf = validate_segments(data)
    if "group" not in gdf.columns:
        known = {d.name: d.group for d in catalogue.entries()}
        dataset = gdf["dataset"] if "dataset" in gdf.columns else pd.Series("", index=gdf.index)
        gdf["group"] = [known.get(str(d).lower(), Path(str(d)).name or "Corridors")
                        for d in dataset]
    gdf["system"] = gdf["system"].fillna(gdf["name"])
    return gdf


def _lines(gdf: gpd.GeoDataFrame, pack: Pack, simplify_m: float | None) -> list[list]:
    """Layer data of each segment (see ``LineLayer``), its values stored in ``pack``."""
    from ..io import nodes
    from ._geometry import arrows, light_lines
    from ._offsets import offsets_px
    from .popups import segment_popup, segment_tooltip_suffix
    from .styles import (
        MODE_COLOURS,
        MODE_DASHES,
        NOT_OPERATING,
        PLANNED_DASH,
        line_widths,
    )

    names = dict(zip(*(nodes()[c] for c in ("id", "name"))))
    coords = light_lines(gdf.geometry, precision=pack.precision, simplify_m=simplify_m)
    arrow = arrows(gdf.geometry).tolist()
    widths = line_widths(gdf["capacity"], gdf["capacity_unit"])
    shifts = offsets_px(gdf.geometry, widths)
    out = []
    for rec, c, a, w, shift in zip(gdf.drop(columns="geometry").to_dict("records"), coords, arrow,
                                   widths, shifts):
        planned = rec["status"] in NOT_OPERATING
        style = {"color": MODE_COLOURS[rec["mode"]], "weight": float(w),
                 "opacity": 0.6 if planned else 0.9}
        if shift:  # side by side with the lines it shares a path with
            style["offset"] = shift
        dash = PLANNED_DASH if planned else MODE_DASHES.get(rec["mode"])
        if dash:
            style["dashArray"] = dash
        out.append([pack.line(c), pack.add(style), pack.add(text(rec["name"])),
                    pack.refs(segment_popup(rec, names)), pack.add(segment_tooltip_suffix(rec)), a])
    return out


def _legend(gdf: gpd.GeoDataFrame, kinds: list[str]) -> str:
    from .styles import MODE_COLOURS, MODE_DASHES, MODE_LABELS, NODE_KINDS, PLANNED_DASH

    def swatch(colour: str, dash: str | None, width: int = 3) -> str:
        dashes = f' stroke-dasharray="{dash}"' if dash else ""
        return (f'<svg class="cm-key" width="30" height="10"><line x1="1" y1="5" x2="29" y2="5" '
                f'stroke="{colour}" stroke-width="{width}"{dashes}/></svg>')

    rows = [f"<div>{swatch(MODE_COLOURS[m], MODE_DASHES.get(m))}{MODE_LABELS[m]}</div>"
            for m in MODE_COLOURS if m in set(gdf["mode"])]
    rows.append(f"<div>{swatch('#777', PLANNED_DASH)}Planned or under construction</div>")
    rows.append(f"<div>{swatch('#777', None, 1)}{swatch('#777', None, 8)}"
                "Width: √capacity (volume or tonnage), within each unit</div>")
    rows.append('<div><span class="cm-key" style="width:30px;text-align:center">&#10148;</span>'
                "Direction of flow or travel</div>")
    for kind in kinds:
        label, _, _, size = NODE_KINDS[kind]
        rows.append(f'<div><span class="cm-key" style="width:30px;text-align:center">'
                    f'<span class="cm-node cm-{kind}" style="display:inline-block;width:{size}px;'
                    f'height:{size}px"></span></span>{label}</div>')
    return ('<details open><summary>Legend</summary><div class="cm-legend">' + "".join(rows)
            + "</div></details>")


def _nodes(gdf: gpd.GeoDataFrame, places: str = "all") -> gpd.GeoDataFrame | None:
    """The nodes the segments name (see :func:`corridor_map`), or None if none is drawn."""
    from ..exceptions import UnknownNameError
    from ..io import named_places

    if places not in PLACES:
        raise UnknownNameError("places option", places, PLACES)
    table = named_places(gdf)
    if places == "none" or table.empty:
        return None
    if places == "key":
        ends = {i for c in ("from_node", "to_node") if c in gdf.columns for i in gdf[c].dropna()}
        table = table[(table["kind"] != "city") | table["id"].isin(ends)]
    return table


def corridor_map(
    data: gpd.GeoDataFrame | Sequence[str | Path] | str | Path | None = None,
    *,
    title: str | None = None,
    places: str = "key",
    precision: int | None = None,
    simplify_m: float | None = None,
    view: str | Sequence[float] | None = None,
) -> folium.Map:
    """Draw corridors on an interactive map.

    Each system (BTC, SCP, TANAP, …) is a layer, grouped by theme in the
    layer control. Lines are coloured by mode, dashed when not operating,
    as wide as the square root of their capacity, with an arrow in the
    direction of flow; lines that share a path are drawn side by side.
    Places the segments name are drawn by kind and labelled, over the
    basemap's own labels, by zoom and with none overlapping. Popups give
    attributes, figures and sources, grouped by what they support, each
    named by kind, the first five shown. A search box finds a place, a line
    or a system; a button zooms to everything drawn.

    Parameters
    ----------
    data : GeoDataFrame, str, path or sequence of them, optional
        Segments, or dataset names and corridor files; every curated dataset
        by default. A ``group`` column, if present, sets the layer groups.
    title : str, optional
        Title shown above the map and in the page title.
    places : {"key", "all", "none"}, default "key"
        Which places named in ``from_node``, ``to_node`` and ``waypoints`` to
        draw: "key" draws terminals, ports, border crossings, stations,
        junctions and landfalls, and the towns where segments end; the towns
        a line is only drawn through are listed in its popup. "all" draws
        every named place.
    precision : int, optional
        Coordinate decimals; ``settings.precision`` by default.
    simplify_m : float, optional
        Simplification tolerance in metres; ``settings.simplify_m`` by default.
    view : str or sequence of 4 floats, optional
        What the map shows when it opens: a named view
        (:func:`corridors.mapping.views.views`) or ``west, south, east,
        north``. By default the map of every dataset opens on the Caspian and
        Black Sea corridors, and a map of some datasets or files on all of
        their lines. A button zooms to everything drawn.

    Returns
    -------
    folium.Map
        Shows inline in Jupyter; save it with :func:`corridors.save_html`.

    Examples
    --------
    >>> import corridors
    >>> m = corridors.corridor_map(["btc"], title="BTC")
    >>> type(m).__mro__[1].__name__
    'Map'

    """
    from ._base import new_map
    from ._geometry import display_bounds
    from ._pack import Pack
    from .controls import LAYERS_OPEN_PX, GroupedLayers, Panel
    from .labels import Labels
    from .layers import LineLayer, NodeLayer
    from .popups import node_records, system_figures
    from .search import SearchBox
    from .styles import NODE_KINDS
    from .views import DEFAULT_VIEW, view_bounds

    if view is not None:
        first = view_bounds(view)  # a bad view is said before the data is read
    gdf = _segments(data)
    west, south, east, north = display_bounds(gdf.geometry)  # across the antimeridian too
    everything = [[south, west], [north, east]]
    if view is None:
        first = view_bounds(DEFAULT_VIEW) if data is None else everything
    m = new_map(title or DEFAULT_TITLE, "Click a line or a place for its figures and sources",
                first, all_bounds=everything)
    pack = Pack(precision)
    m.add_child(pack)
    lines = _lines(gdf, pack, simplify_m)
    groups: dict[str, list] = {}
    for (group, system), idx in gdf.groupby(["group", "system"], sort=False).indices.items():
        layer = LineLayer(system, [lines[i] for i in idx], pack,
                          footer=pack.refs(system_figures(system)), system=True)
        m.add_child(layer)
        groups.setdefault(text(group), []).append(layer)
    drawn = _nodes(gdf, places)
    kinds = [] if drawn is None else [k for k in NODE_KINDS if k in set(drawn["kind"])]
    labels = Labels()
    for kind in kinds:
        of_kind = drawn[drawn["kind"] == kind]
        layer = NodeLayer(kind, node_records(of_kind, pack), pack)
        m.add_child(layer)
        labels.add_places(layer, of_kind)
        groups.setdefault(PLACES_GROUP, []).append(layer)
    m.add_child(GroupedLayers(groups))
    m.add_child(SearchBox(pack))
    # bottom right, over Iran: on the left it would hide Ceyhan and the Mediterranean
    m.add_child(Panel(_legend(gdf, kinds), position="bottomright", fold_below=LAYERS_OPEN_PX))
    m.add_child(labels)  # last: labels keep clear of every control
    return m
