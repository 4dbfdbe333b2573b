"""Popup and tooltip HTML of segments and nodes, every value from data escaped."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..catalogue import series_title
from ..summary import number, quantity
from ..tables import figures, source_index, split_ids
from ._html import link, text
from .styles import MODE_LABELS, NODE_KINDS

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd

    from ._pack import Pack

SYSTEM_SERIES: dict[str, tuple[str, ...]] = {
    "BTC": ("btc_throughput",),
    "SCP": ("scp_capacity", "gas_exports_georgia"),
    "SCPX": ("scp_capacity",),
    "TANAP": ("tanap_capacity", "gas_exports_turkiye"),
    "TAP": ("tap_capacity", "gas_exports_europe", "gas_exports_italy"),
    "IGB": ("gas_exports_bulgaria",),
    "TITR": ("titr_cargo", "titr_containers", "titr_capacity"),
}
"""Figure series shown in the popups of each system."""

FIGURE_YEARS = 4
"""Popups show the figures of a series' latest years, this many."""

_ATTRIBUTES: tuple[tuple[str, str], ...] = (
    ("system", "System"), ("corridor", "Corridor"), ("mode", "Mode"), ("status", "Status"),
    ("capacity", "Capacity"), ("length_km_published", "Length (published)"),
    ("start_year", "Since"), ("operator", "Operator"), ("countries", "Countries"),
    ("gauge_mm", "Gauge"), ("route_accuracy", "Route accuracy"),
)


def _blank(value: Any) -> bool:
    import pandas as pd

    return value is None or bool(pd.isna(value)) or str(value).strip() == ""


SHOWN_SOURCES = 5
"""A popup lists this many sources; the rest fold under "N more sources"."""

SOURCE_GROUPS: dict[str, str] = {
    "line": "The line: route, status, capacity, length, operator",
    "figures": "Figures",
    "places": "Places it is drawn through",
    "place": "Where it is, and its names",
}
"""What a group of a popup's sources supports, in the order groups are listed."""

OTHER_KIND = "source"
"""The kind of a source whose publisher no row of ``data/source_kinds.csv`` matches."""


@lru_cache(maxsize=4)
def _kind_rules(path: Path) -> tuple[tuple[re.Pattern, str], ...]:
    import pandas as pd

    df = pd.read_csv(path)
    return tuple((re.compile(p), k) for p, k in zip(df["pattern"], df["kind"]))


def source_kind(publisher: Any) -> str:
    """What kind of publisher a source has, from ``data/source_kinds.csv``.

    The first row whose ``pattern`` (a regular expression) matches the
    publisher gives the kind: operator, government, international
    organisation, press, encyclopedia...; each row says on what basis.

    Examples
    --------
    >>> source_kind("bp Azerbaijan"), source_kind("Trend (via Today.az)")
    ('operator', 'press')
    >>> source_kind("Wikipedia (de)"), source_kind("an unknown publisher")
    ('encyclopedia', 'source')

    """
    from .. import settings

    name = "" if _blank(publisher) else str(publisher)
    for pattern, kind in _kind_rules(settings.resolved_data_dir() / "source_kinds.csv"):
        if pattern.search(name):
            return kind
    return OTHER_KIND


def _source_item(i: str, table: dict) -> str:
    if i not in table:
        return text(i)
    row = table[i]
    date = f" ({row['date']})" if row["date"] else ""
    return (f'<span class="cm-kind">{text(source_kind(row["publisher"]))}</span> '
            + link(row["url"], f"{row['publisher']}: {row['title']}{date}"))


def source_fragments(ids: Any, *, places: Any = None, group: str = "line") -> list[str]:
    """HTML fragments of the sources of a ``;``-separated list of ids, grouped and folded.

    Sources are grouped by what they support: the figures they are cited
    for (``figures.csv``), the places a line is drawn through (they locate
    one of ``places``, node ids), and the rest (``group``: the line itself,
    or a place). Each names its publisher's kind (:func:`source_kind`). The
    first :data:`SHOWN_SOURCES` show; the rest fold under "N more sources".
    Unknown ids show as text. A map's Pack stores each fragment once.

    Examples
    --------
    >>> "".join(source_fragments("not-a-source"))
    '<div class="cm-sources"><b>Sources</b><div><i>The line: route, status, capacity, length, operator</i>: not-a-source</div></div>'

    """  # noqa: E501 (a doctest's output is one line)
    wanted = split_ids(ids)
    if not wanted:
        return []
    table = source_index()
    cited = set(figures()["source_id"].dropna())
    located = _place_sources(split_ids(places)) if places else set()
    groups: dict[str, list[str]] = {key: [] for key in SOURCE_GROUPS}
    for i in wanted:
        key = "figures" if i in cited else "places" if i in located else group
        groups[key].append(i)
    parts, shown = ['<div class="cm-sources"><b>Sources</b>'], 0
    folded: list[str] = []
    rest = len(wanted) - SHOWN_SOURCES
    for key, members in groups.items():
        if not members:
            continue
        room = max(SHOWN_SOURCES - shown, 0)
        here, later = members[:room], members[room:]
        shown += len(here)
        for target, items in ((parts, here), (folded, later)):
            if items:
                target.append(f"<div><i>{SOURCE_GROUPS[key]}</i>: ")
                for n, i in enumerate(items):
                    target += ["; ", _source_item(i, table)] if n else [_source_item(i, table)]
                target.append("</div>")
    if folded:
        parts += [f'<details class="cm-more"><summary>{rest} more source'
                  f'{"s" if rest > 1 else ""}</summary>', *folded, "</details>"]
    return [*parts, "</div>"]


def _place_sources(place_ids: list[str]) -> set[str]:
    """The sources that locate any of the nodes ``place_ids``."""
    from ..io import nodes

    table = nodes()
    rows = table[table["id"].isin(place_ids)]
    return {i for ids in rows["source_ids"] for i in split_ids(ids)}


def _attribute(col: str, rec: dict) -> str:
    value = rec.get(col)
    if col == "capacity":  # as the command line gives it: tonnages of a million in Mt/yr
        return text(quantity(float(value), str(rec.get("capacity_unit") or "")).strip())
    if col == "mode":
        return text(MODE_LABELS.get(str(value), value))
    if col == "length_km_published":
        return f"{number(float(value))} km"
    if col == "gauge_mm":
        return f"{int(value)} mm"
    if col == "countries":
        return text(", ".join(split_ids(value)))
    return text(value)


def _popup(rows: list[tuple[str, str]], source_ids: Any, *, places: Any = None,
           group: str = "line") -> list[str]:
    """Fragments of a popup below its heading: one fragment a table row, then sources."""
    return ["<table>", *(f"<tr><th>{label}</th><td>{value}</td></tr>" for label, value in rows),
            "</table>", *source_fragments(source_ids, places=places, group=group)]


def segment_popup(rec: dict, names: dict[str, str] | None = None) -> list[str]:
    """Popup HTML fragments of one segment (a record of the segment table), below its name.

    With ``names`` (node id to name), the places the line is drawn through
    (``waypoints``) are listed by name.

    Examples
    --------
    >>> rec = {"mode": "rail", "waypoints": "a;b", "source_ids": None}
    >>> segment_popup(rec, {"a": "Kars", "b": "Ardahan"})[1:3]
    ['<tr><th>Mode</th><td>Rail</td></tr>', '<tr><th>Drawn through</th><td>Kars, Ardahan</td></tr>']

    """
    rows = [(label, _attribute(col, rec)) for col, label in _ATTRIBUTES
            if not _blank(rec.get(col))]
    if names is not None and not _blank(rec.get("waypoints")):
        through = ", ".join(text(names.get(i, i)) for i in split_ids(rec["waypoints"]))
        rows.append(("Drawn through", through))
    ends = [rec.get(c) for c in ("from_node", "to_node", "waypoints") if not _blank(rec.get(c))]
    return _popup(rows, rec.get("source_ids"), places=";".join(str(e) for e in ends))


def segment_tooltip_suffix(rec: dict) -> str:
    """What a segment's tooltip shows after its name: system and capacity where known.

    Examples
    --------
    >>> segment_tooltip_suffix({"system": "BTC", "capacity": 1.2e6, "capacity_unit": "bbl/d"})
    ' (BTC, 1,200,000 bbl/d)'

    """
    extra = [text(rec["system"])] if not _blank(rec.get("system")) else []
    if not _blank(rec.get("capacity")):
        extra.append(_attribute("capacity", rec))
    return f" ({', '.join(extra)})" if extra else ""


def figure_rows(df: pd.DataFrame) -> list[str]:
    """List fragments of figures, an item a row: a figure two sources disagree on shows twice."""
    table = source_index()
    items = []
    for r in df.sort_values(["year", "source_id"]).to_dict("records"):
        row = table.get(r["source_id"])
        src = (link(row["url"], row["publisher"]) + f' <span class="cm-kind">'
               f'{text(source_kind(row["publisher"]))}</span>' if row else text(r["source_id"]))
        items += [f"<li>{text(r['year'])}: {number(float(r['value']))} {text(r['unit'])} "
                  f"({text(r['status'])}), ", src, "</li>"]
    return ["<ul>", *items, "</ul>"]


def system_figures(system: Any) -> list[str]:
    """HTML fragments of the latest figures of a system's series (none if it has none)."""
    parts: list[str] = []
    table = figures()
    for series in SYSTEM_SERIES.get(str(system), ()):
        df = table[table["series"] == series]
        if df.empty:
            continue
        latest = df[df["year"].isin(sorted(df["year"].unique())[-FIGURE_YEARS:])]
        parts += [f"<h4>{text(series_title(series))}</h4>", *figure_rows(latest)]
    return parts


def node_popup(rec: dict) -> list[str]:
    """Popup HTML fragments of one node, below its name.

    Examples
    --------
    >>> node_popup({"kind": "port", "country": "GEO", "aliases": "Poti;ფოთი"})[1:4]
    ['<tr><th>Kind</th><td>Port</td></tr>', '<tr><th>Country</th><td>GEO</td></tr>', '<tr><th>Also</th><td>Poti, ფოთი</td></tr>']

    """  # noqa: E501 (a doctest's output is one line)
    kind = NODE_KINDS.get(str(rec.get("kind")), (rec.get("kind"),))[0]
    aliases = ", ".join(split_ids(rec.get("aliases")))
    rows = [(label, text(value)) for label, value in
            (("Kind", kind), ("Country", rec.get("country")), ("Also", aliases))
            if not _blank(value)]
    return _popup(rows, rec.get("source_ids"), group="place")


def node_records(gdf: gpd.GeoDataFrame, pack: Pack) -> list[list]:
    """``[lat, lng, name ref, popup refs]`` of each node, texts stored in ``pack``."""
    xy = gdf.geometry.get_coordinates().round(pack.precision).to_numpy()
    return [[float(y), float(x), pack.add(text(rec["name"])), pack.refs(node_popup(rec))]
            for (x, y), rec in zip(xy, gdf.drop(columns="geometry").to_dict("records"))]
