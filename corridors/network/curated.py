"""The multimodal corridor network as a networkx graph.

Nodes are the places of the node table plus the ends of segments that match
none; edges are segments, split at their waypoints so that every place on a
line is reachable, with their mode, geodesic kilometres by country and
attributes. Freight segments are open in both directions, pipelines only in
their direction of flow. Ports, and the terminals where tankers load, are
joined to one another by sea legs from ``searoute`` wherever no curated sea
or ferry segment joins them.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING

from .. import _cache
from ..exceptions import NoRouteError

if TYPE_CHECKING:
    import geopandas as gpd
    import networkx as nx

    from .base import BaseNetwork

PIPELINE_MODES: tuple[str, ...] = ("oil_pipeline", "gas_pipeline")
"""Modes open only in the direction of flow, from ``from_node`` to ``to_node``."""

TRANSFER_KINDS: tuple[str, ...] = ("port", "terminal")
"""Kinds of node where goods may change mode (a transshipment)."""

SNAP_KM = 25.0
"""Default distance within which the end of a user's segment joins an existing node."""


def _text(value: object) -> str | None:
    import pandas as pd

    if value is None or pd.isna(value):
        return None
    text = str(value).strip()
    return text or None


def _int(value: object) -> int | None:
    return None if _text(value) is None else int(value)


def _float(value: object) -> float | None:
    return None if _text(value) is None else float(value)


def graph_from_segments(
    segments: gpd.GeoDataFrame,
    nodes: gpd.GeoDataFrame,
    *,
    snap_km: float = SNAP_KM,
    sea_links: bool = True,
) -> nx.MultiDiGraph:
    """Build the network from segments and nodes in the corridors schema.

    Parameters
    ----------
    segments : geopandas.GeoDataFrame
        Validated segments (see :func:`corridors.load`). ``from_node`` and
        ``to_node`` name their end nodes; where missing or unknown, an end
        snaps to the nearest node within ``snap_km`` or becomes a new node.
        ``waypoints`` (``;``-separated node ids) split a segment into edges.
    nodes : geopandas.GeoDataFrame
        The node table (see :func:`corridors.nodes`).
    snap_km : float, default 25
        Snapping distance for ends without a known node.
    sea_links : bool, default True
        Join every pair of ports (and of the terminals where tankers load,
        :func:`corridors.catalogue.tanker_terminals`) not joined by a sea or
        ferry segment with a searoute sea leg (``mode="sea"``,
        ``dataset="searoute"``).

    Returns
    -------
    networkx.MultiDiGraph
        Node attributes ``name``, ``aliases``, ``kind``, ``country``, ``lon``,
        ``lat``. Edges are keyed by edge id with attributes ``segment``,
        ``dataset``, ``name``, ``mode``, ``gauge_mm``, ``capacity``,
        ``capacity_unit``, ``passages`` (tuple), ``km``, ``km_by_country``
        (dict in order of travel), ``geometry`` (in the direction of travel).

    Examples
    --------
    >>> import geopandas as gpd
    >>> from shapely import LineString, Point
    >>> nodes = gpd.GeoDataFrame({"id": ["a", "b"], "name": ["A", "B"], "kind": ["city"] * 2,
    ...                           "country": ["GEO"] * 2},
    ...                          geometry=[Point(44.8, 41.7), Point(42.7, 42.2)], crs=4326)
    >>> segs = gpd.GeoDataFrame({"id": ["ab"], "name": ["A-B"], "mode": ["rail"],
    ...                          "from_node": ["a"], "to_node": ["b"]},
    ...                         geometry=[LineString([(44.8, 41.7), (42.7, 42.2)])], crs=4326)
    >>> g = graph_from_segments(segs, nodes, sea_links=False)
    >>> sorted(g.edges(keys=True)), round(g.edges["a", "b", "ab"]["km"])
    ([('a', 'b', 'ab'), ('b', 'a', 'ab')], 183)

    """
    import networkx as nx
    import numpy as np
    import shapely
    from shapely.ops import substring

    from ..boundaries import km_by_country
    from ..geodesy import length_km, nearest

    g = nx.MultiDiGraph(crs="EPSG:4326")
    xy = shapely.get_coordinates(nodes.geometry.array)
    for (_, row), (lon, lat) in zip(nodes.iterrows(), xy):
        g.add_node(
            str(row["id"]),
            name=str(row["name"]),
            aliases=_text(row.get("aliases")),
            kind=_text(row.get("kind")),
            country=_text(row.get("country")),
            lon=float(lon),
            lat=float(lat),
        )
    ids = np.array(list(g.nodes), dtype=object)
    node_xy = np.array([(g.nodes[n]["lon"], g.nodes[n]["lat"]) for n in ids]).reshape(-1, 2)

    def snap(x: float, y: float) -> str | None:
        if not len(ids):
            return None
        k, km = nearest(x, y, node_xy)
        return str(ids[k]) if km <= snap_km else None

    pieces, meta = [], []
    for _, seg in segments.iterrows():
        line = (
            shapely.line_merge(seg.geometry)
            if seg.geometry.geom_type != "LineString"
            else seg.geometry
        )
        sid = str(seg["id"])
        (x0, y0), (x1, y1) = _ends(line)
        ends = []
        for col, (x, y), tag in (("from_node", (x0, y0), "start"), ("to_node", (x1, y1), "end")):
            nid = _text(seg.get(col))
            if nid not in g:
                nid = snap(x, y) or f"{sid}:{tag}"
            if nid not in g:
                g.add_node(
                    nid,
                    name=f"{seg['name']} ({tag})",
                    aliases=None,
                    kind=None,
                    country=None,
                    lon=float(x),
                    lat=float(y),
                )
            ends.append(nid)
        stops = [(0.0, ends[0])]
        if line.geom_type == "LineString":
            for wid in (w.strip() for w in (_text(seg.get("waypoints")) or "").split(";")):
                if wid in g and wid not in ends:
                    at = float(
                        line.project(shapely.Point(g.nodes[wid]["lon"], g.nodes[wid]["lat"]))
                    )
                    if stops[-1][0] < at < line.length:
                        stops.append((at, wid))
        stops.append((line.length, ends[1]))
        for k, ((a, u), (b, v)) in enumerate(pairwise(stops)):
            pieces.append(line if len(stops) == 2 else substring(line, a, b))
            meta.append((u, v, sid if len(stops) == 2 else f"{sid}#{k + 1}", seg))
    kms = length_km(pieces)
    by_country = km_by_country(pieces)
    drawn: dict[str, float] = {}
    for (_, _, _, seg), km in zip(meta, kms):
        drawn[str(seg["id"])] = drawn.get(str(seg["id"]), 0.0) + float(km)
    for (u, v, eid, seg), geom, km, bc in zip(meta, pieces, kms, by_country):
        mode = str(seg["mode"])
        published = _float(seg.get("length_km_published"))
        total = drawn[str(seg["id"])]
        attrs = {
            "segment": str(seg["id"]),
            "dataset": _text(seg.get("dataset")) or "user",
            "system": _text(seg.get("system")),
            "name": str(seg["name"]),
            "mode": mode,
            "gauge_mm": _int(seg.get("gauge_mm")),
            "capacity": None if _text(seg.get("capacity")) is None else float(seg["capacity"]),
            "capacity_unit": _text(seg.get("capacity_unit")),
            "capacity_of": _text(seg.get("capacity_of")) or "line",
            "status": _text(seg.get("status")) or "operating",
            "passages": tuple(
                p.strip() for p in (_text(seg.get("passages")) or "").split(";") if p.strip()
            ),
        }
        if published and total > 0:  # the published length, prorated over the pieces
            attrs["km_metric"] = published * float(km) / total
            attrs["km_source"] = "published"
        _add_arcs(g, u, v, eid, attrs, geom, float(km), bc, both=mode not in PIPELINE_MODES)
    if sea_links:
        _add_sea_links(g)
    return g


def _ends(line) -> tuple[tuple[float, float], tuple[float, float]]:
    import shapely

    xy = shapely.get_coordinates(line)
    return (float(xy[0, 0]), float(xy[0, 1])), (float(xy[-1, 0]), float(xy[-1, 1]))


def _add_arcs(g, u, v, eid, attrs, geom, km, km_by_country, *, both: bool) -> None:
    g.add_edge(u, v, key=eid, km=km, km_by_country=km_by_country, geometry=geom, **attrs)
    if both:
        back = dict(reversed(list(km_by_country.items())))
        g.add_edge(v, u, key=eid, km=km, km_by_country=back, geometry=geom.reverse(), **attrs)


def _add_sea_links(g: nx.MultiDiGraph) -> None:
    from ..boundaries import km_by_country
    from ..catalogue import planned_ports, tanker_terminals
    from .sea import on_the_sea, sea_route

    tankers = set(tanker_terminals())
    planned = planned_ports()
    # every port on the sea, whether or not a curated line reaches it: the base networks do
    ports = sorted(n for n, d in g.nodes(data=True)
                   if (d["kind"] == "port" or (n in tankers and g.degree(n)))
                   and on_the_sea((d["lon"], d["lat"])))
    joined = {frozenset((u, v)) for u, v, m in g.edges(data="mode") if m in ("sea", "ferry")}
    legs = []
    for i, a in enumerate(ports):
        for b in ports[i + 1 :]:
            if frozenset((a, b)) in joined:
                continue
            try:
                leg = sea_route(
                    (g.nodes[a]["lon"], g.nodes[a]["lat"]),
                    (g.nodes[b]["lon"], g.nodes[b]["lat"]),
                    allow_volga_don=True,
                )
            except NoRouteError:
                continue
            legs.append((a, b, leg))
    for (a, b, leg), bc in zip(legs, km_by_country([leg.geometry for _, _, leg in legs])):
        attrs = {
            "segment": f"sea:{a}-{b}",
            "dataset": "searoute",
            "system": None,
            "name": f"Sea leg {a}-{b}",
            "mode": "sea",
            "gauge_mm": None,
            "capacity": None,
            "capacity_unit": None,
            "capacity_of": None,
            # a leg to a port not yet built is of the port's status (planned)
            "status": planned.get(a) or planned.get(b) or "operating",
            "passages": leg.passages,
        }
        _add_arcs(g, a, b, attrs["segment"], attrs, leg.geometry, leg.km, bc, both=True)


def corridor_graph(*, files: Sequence[str | Path] = (), sea_links: bool = True) -> nx.MultiDiGraph:
    """The network of every curated dataset, plus a user's own corridor files.

    Parameters
    ----------
    files : sequence of str or pathlib.Path
        Corridor files to add, validated by :func:`corridors.load`.
    sea_links : bool, default True
        Join ports by searoute sea legs (see :func:`graph_from_segments`).

    Returns
    -------
    networkx.MultiDiGraph
        Cached: built once per set of files; do not modify it.

    Examples
    --------
    >>> g = corridor_graph()
    >>> g.nodes["dostyk"]["kind"], g.has_edge("aktau", "alat")
    ('gauge_break', True)

    """
    from .. import settings

    keys = tuple(
        (str(Path(f).resolve()), Path(f).stat().st_mtime_ns if Path(f).exists() else 0)
        for f in files
    )
    return _corridor_graph(keys, sea_links, str(settings.resolved_data_dir()),
                           settings.base_networks)


@lru_cache(maxsize=4)
def _corridor_graph(keys: tuple[tuple[str, int], ...], sea_links: bool, data_dir: str,
                    base_networks: bool):
    import pandas as pd

    from .. import settings
    from ..io import _nodes, load, load_all

    cached = _cache_file(keys, sea_links, data_dir) if settings.use_cache else None
    if cached is not None:
        import networkx as nx

        g = _cache.load(cached, nx.MultiDiGraph)  # signed and of the right type, or rebuilt
        if g is not None:
            return g
    frames = [load_all()]
    for path, _ in keys:
        user = load(Path(path))
        user.insert(0, "dataset", Path(path).stem)
        frames.append(user)
    segments = pd.concat(frames, ignore_index=True)
    g = graph_from_segments(segments, _nodes(), sea_links=sea_links)
    with_published_lengths(g, published_lengths())
    if base_networks:
        from .base import base_network, config

        with_track_lengths(g, [base_network("rail")], join_km=config()["join_km"])
    if cached is not None:
        _cache.store(cached, g)
    return g


def _cache_file(keys: tuple[tuple[str, int], ...], sea_links: bool, data_dir: str, *,
                kind: str = "network") -> Path | None:
    """The cache file of a network: named by a hash of everything it is built from.

    ``kind`` names what is cached: the curated graph (``"network"``), or a
    whole :class:`corridors.network.model.Network` over the base rail (``"rail"``)
    or rail and road (``"road"``) networks.
    """
    from importlib.metadata import version

    from .. import __version__, settings

    core = Path(__file__).parents[1]  # the core modules (not mapping, not cli): any may shape it
    inputs = sorted([*core.glob("*.py"), *core.joinpath("network").glob("*.py")])
    inputs += sorted(p for p in Path(data_dir).rglob("*") if p.is_file())
    inputs += [Path(path) for path, _ in keys if Path(path).is_file()]
    return _cache.file_for(
        kind, f"{__version__} {version('searoute')} {sea_links} {settings.base_networks}", inputs)


def with_track_lengths(g: nx.MultiDiGraph, base: Sequence[BaseNetwork], *, join_km: float = 10.0,
                       max_ratio: float = 1.6) -> int:
    """Give curated edges without a published length the length of the track they stand for.

    A curated line is drawn along great circles between the places its
    sources name, so it is shorter than the track. Where the base network
    of its mode joins both its ends (junctions within ``join_km``) by a path at most
    ``max_ratio`` times the drawn length, that path's length becomes the
    edge's kilometres (``km_metric``, ``km_source="osm_track"``); never less
    than the drawn length. Edges with a published length keep it.

    Returns
    -------
    int
        The number of edges given a track length (each direction of travel counted).

    """
    import numpy as np
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import dijkstra

    done = 0
    for net in base:
        edges = [(u, v, k, d) for u, v, k, d in g.edges(keys=True, data=True)
                 if d["mode"] == net.mode and d.get("km_source") != "published"]
        if not edges:
            continue
        # between the junctions, on whole chains: a node a chain was cut at for snapping may
        # lie behind a station, and its path and its distance would both count that stretch
        a, b = net.chain_ends()
        junction = np.zeros(net.n_nodes, dtype=bool)
        junction[a] = junction[b] = True
        near = {}
        for n in {x for u, v, _, _ in edges for x in (u, v)}:
            k, km = net.nearest(g.nodes[n]["lon"], g.nodes[n]["lat"], among=junction)
            if km <= join_km:
                near[n] = (k, km)
        sources = sorted({near[u][0] for u, v, _, _ in edges if u in near and v in near})
        if not sources:
            continue
        n = net.n_nodes
        csr = csr_matrix((np.r_[net.km, net.km], (np.r_[a, b], np.r_[b, a])), shape=(n, n))
        limit = max_ratio * max(d["km"] for *_, d in edges) + 2 * join_km
        dist = dijkstra(csr, indices=sources, limit=limit)
        row = {s: i for i, s in enumerate(sources)}
        for u, v, _, d in edges:
            if u not in near or v not in near:
                continue
            track = float(dist[row[near[u][0]], near[v][0]]) + near[u][1] + near[v][1]
            if np.isfinite(track) and track <= max_ratio * d["km"]:
                d["km_metric"], d["km_source"] = max(track, d["km"]), "osm_track"
                done += 1
    return done


def published_lengths() -> list[dict[str, str]]:
    """Published lengths of stretches of the curated lines, from ``data/published_lengths.csv``.

    Examples
    --------
    >>> {(r["from_node"], r["to_node"]) for r in published_lengths()} >= {("ankara", "kars")}
    True

    """
    import csv

    from .. import settings

    path = settings.resolved_data_dir() / "published_lengths.csv"
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def with_published_lengths(g: nx.MultiDiGraph, stretches: Sequence[dict[str, str]]) -> int:
    """Prorate published lengths of stretches over the curated edges that draw them.

    Each stretch names two places, a mode and a published length; the
    edges of the shortest drawn path between the places by that mode take
    the published length in proportion to their drawn length
    (``km_metric``, ``km_source="published"``), in both directions.

    Returns
    -------
    int
        The number of stretches applied (those whose places the mode joins).

    """
    import networkx as nx

    done = 0
    for row in stretches:
        mode, a, b = row["mode"], row["from_node"], row["to_node"]
        sub = nx.Graph()
        for u, v, d in g.edges(data=True):
            if d["mode"] == mode and (not sub.has_edge(u, v) or sub[u][v]["km"] > d["km"]):
                sub.add_edge(u, v, km=d["km"])
        try:
            path = nx.shortest_path(sub, a, b, weight="km")
        except (nx.NetworkXNoPath, nx.NodeNotFound):
            continue
        drawn = sum(sub[u][v]["km"] for u, v in pairwise(path))
        factor = float(row["km"]) / drawn
        for u, v in pairwise(path):
            for x, y in ((u, v), (v, u)):
                for d in (g.get_edge_data(x, y) or {}).values():
                    if d["mode"] == mode:
                        d["km_metric"], d["km_source"] = d["km"] * factor, "published"
        done += 1
    return done
