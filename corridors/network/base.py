"""The base rail and road networks under the corridors, from OpenStreetMap.

The ``scgraph-data`` package ships OpenStreetMap-derived world railway and
highway graphs (data © OpenStreetMap contributors, ODbL). Here they are read
without importing the modules that hold them (they import ``scgraph.core``,
which scgraph 3 no longer has), cut to the region served, stitched where
components nearly touch, reduced to junctions and borders, and given
geodesic kilometres, countries and rail gauges. The result is a
:class:`BaseNetwork` of plain arrays, cached on disk as ``.npz`` (data, not
pickle) and keyed by a hash of everything it is built from.

Settings are declared in ``data/base_network.json``; gauges by country in
``data/gauges.csv``.
"""

from __future__ import annotations

import copy
import json
import math
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..geodesy import EARTH_RADIUS_KM, geod, unit_vector, unit_vectors

if TYPE_CHECKING:
    from collections.abc import Callable

    import numpy as np

BASE_MODES: tuple[str, ...] = ("rail", "road")
"""Modes with a base network."""

_FORMAT = 2  # bump when the arrays' layout changes

SNAPS_BEFORE_TREE = 500
"""Snaps by dot products (a fifth of a millisecond each, on the rail network) before a
base network builds its k-d tree (about a tenth of a second) to snap by."""


@dataclass(frozen=True, eq=False)
class BaseNetwork:
    """One mode's base network, as arrays.

    Attributes
    ----------
    mode : str
        ``"rail"`` or ``"road"``.
    lon, lat : numpy.ndarray
        Node coordinates (float64).
    country : numpy.ndarray
        Index into ``countries`` of each node's country; -1 at sea.
    countries : tuple of str
        ISO3 codes.
    u, v : numpy.ndarray
        End nodes of each (undirected) edge, int32.
    km : numpy.ndarray
        Geodesic length of each edge's line, in km.
    offsets, coords : numpy.ndarray
        The line of edge ``i`` is ``coords[offsets[i]:offsets[i + 1]]``
        (lon, lat), from ``u`` to ``v``.
    gauge_mm : numpy.ndarray
        Rail gauge of each node's country (0 where unknown, and for roads).
    stats : dict
        What the build did: nodes and edges read, kept, joins made.
    chains : numpy.ndarray, optional
        For each edge, the nodes at the ends of the chain (from junction to
        junction) it was cut from, int32, n×2; None: each edge is a whole chain.

    """

    mode: str
    lon: np.ndarray
    lat: np.ndarray
    country: np.ndarray
    countries: tuple[str, ...]
    u: np.ndarray
    v: np.ndarray
    km: np.ndarray
    offsets: np.ndarray
    coords: np.ndarray
    gauge_mm: np.ndarray
    stats: dict[str, Any]
    chains: np.ndarray | None = None

    @property
    def n_nodes(self) -> int:
        """Number of nodes."""
        return len(self.lon)

    @property
    def n_edges(self) -> int:
        """Number of edges."""
        return len(self.u)

    def chain_ends(self) -> tuple[np.ndarray, np.ndarray]:
        """The nodes at the two ends of the chain each edge is part of (:attr:`chains`)."""
        return (self.u, self.v) if self.chains is None else (self.chains[:, 0], self.chains[:, 1])

    def spans(self, edges: np.ndarray, forward: np.ndarray
              ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Where the points of ``edges`` lie in :attr:`coords`: first index, step and count.

        Each runs from its ``u`` (step 1) where ``forward`` is true, else
        from its ``v`` (step -1).
        """
        import numpy as np

        start, end = self.offsets[edges], self.offsets[edges + 1]
        return np.where(forward, start, end - 1), np.where(forward, 1, -1), end - start

    def __getstate__(self) -> dict[str, Any]:  # a cached network is stored without its indexes
        state = self.__dict__.copy()
        state.pop("_tree", None)
        state.pop("_snaps", None)
        state.pop("_xyz", None)
        return state

    @cached_property
    def _xyz(self) -> np.ndarray:
        """The nodes as unit vectors: the nearer on the sphere, the larger the dot product."""
        return unit_vectors(self.lon, self.lat)

    @cached_property
    def _tree(self):
        from scipy.spatial import cKDTree

        return cKDTree(self._xyz)

    def nearest(self, lon: float, lat: float, *, among: np.ndarray | None = None
                ) -> tuple[int, float]:
        """The node nearest to (lon, lat) and its geodesic distance in km.

        The nearest on the sphere, by a dot product with every node: a fresh
        process snaps a place in a fraction of a millisecond, with no index
        to build. After :data:`SNAPS_BEFORE_TREE` such snaps, by a k-d tree
        of the nodes (built once, in about a tenth of a second), which finds
        the same node several times as fast. Among several, the nearest on
        the ellipsoid.

        Parameters
        ----------
        lon, lat : float
            The point, in degrees.
        among : numpy.ndarray of bool, optional
            Only nodes where this is true: those of the 16 nearest, else of
            the 128 nearest, and so on (by dot products alone).

        """
        import numpy as np

        u = unit_vector(lon, lat)
        if among is not None:
            near = self._xyz @ u
            k = 16
            while True:
                idx = np.argsort(-near, kind="stable") if k >= self.n_nodes else (
                    np.argpartition(-near, k - 1)[:k])
                idx = idx[among[idx]]
                if len(idx) or k >= self.n_nodes:
                    break
                k *= 8
        elif self._by_tree():
            # the nearest by dot product is among the 8 nearest by chord, with any tied with
            # it: the first of those, as argmax takes
            idx = np.atleast_1d(self._tree.query(u, k=min(8, self.n_nodes))[1])
            near = self._xyz[idx] @ u
            idx = idx[near == near.max()].min(keepdims=True)
        else:
            idx = (self._xyz @ u).argmax(keepdims=True)
        if not len(idx):
            return -1, float("inf")
        if len(idx) == 1:  # pyproj's call for one point: several times as fast
            k = int(idx[0])
            return k, geod().inv(lon, lat, float(self.lon[k]), float(self.lat[k]))[2] / 1000.0
        n = len(idx)
        _, _, d = geod().inv([lon] * n, [lat] * n, self.lon[idx], self.lat[idx])
        j = int(d.argmin())
        return int(idx[j]), float(d[j]) / 1000.0

    def _by_tree(self) -> bool:
        """Whether to snap by the k-d tree: once built, or after ``SNAPS_BEFORE_TREE`` snaps."""
        if "_tree" in self.__dict__:
            return True
        snaps = self.__dict__["_snaps"] = self.__dict__.get("_snaps", 0) + 1
        return snaps > SNAPS_BEFORE_TREE

    def within(self, lon, lat, km: float) -> np.ndarray:
        """Whether each node lies within ``km`` of any of the points ``lon``, ``lat`` (arrays).

        On the sphere, by a k-d tree of the nodes built on first use.
        """
        import numpy as np

        near = np.zeros(self.n_nodes, dtype=bool)
        for hits in self._tree.query_ball_point(unit_vectors(lon, lat), km / EARTH_RADIUS_KM):
            near[hits] = True
        return near

    def to_npz(self) -> dict[str, np.ndarray]:
        """The arrays to save; :meth:`from_npz` reads them back."""
        import numpy as np

        return {
            "format": np.array(_FORMAT),
            "mode": np.array(self.mode),
            "lon": self.lon, "lat": self.lat, "country": self.country,
            "countries": np.array(self.countries, dtype="U3"),
            "u": self.u, "v": self.v, "km": self.km,
            "offsets": self.offsets, "coords": self.coords, "gauge_mm": self.gauge_mm,
            "stats": np.array(json.dumps(self.stats)), "chains": np.column_stack(self.chain_ends()),
        }

    @classmethod
    def from_npz(cls, arrays) -> BaseNetwork:
        """A network from the arrays of :meth:`to_npz` (an opened ``.npz``)."""
        if int(arrays["format"]) != _FORMAT:
            raise ValueError("another format")
        return cls(
            str(arrays["mode"]), arrays["lon"], arrays["lat"], arrays["country"],
            tuple(str(c) for c in arrays["countries"]), arrays["u"], arrays["v"], arrays["km"],
            arrays["offsets"], arrays["coords"], arrays["gauge_mm"],
            json.loads(str(arrays["stats"])), arrays["chains"],
        )


def config() -> dict[str, Any]:
    """The settings of ``data/base_network.json``.

    Examples
    --------
    >>> config()["attribution"]
    '© OpenStreetMap contributors'

    """
    return copy.deepcopy(_config())


def attribution() -> str:
    """The credit a result that uses the base networks carries (their data's licence).

    Examples
    --------
    >>> attribution()
    '© OpenStreetMap contributors'

    """
    return _config()["attribution"]


def _config() -> dict[str, Any]:
    """``data/base_network.json`` as read last, read again when the file changed (not to alter)."""
    from .. import settings

    path = settings.resolved_data_dir() / "base_network.json"
    return _read_config(path, path.stat().st_mtime_ns)


@lru_cache(maxsize=4)
def _read_config(path: Path, _mtime: int) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def gauges() -> dict[str, int]:
    """Rail gauge in mm by ISO3 country, from ``data/gauges.csv``.

    Examples
    --------
    >>> g = gauges()
    >>> g["KAZ"], g["TUR"], g["FIN"]
    (1520, 1435, 1524)

    """
    import csv

    from .. import settings

    with open(settings.resolved_data_dir() / "gauges.csv", encoding="utf-8", newline="") as f:
        return {row["country"]: int(row["gauge_mm"]) for row in csv.DictReader(f)}


def _source_file(module: str) -> Path:
    """The Python module of scgraph-data that holds a graph, found without importing it."""
    import importlib.util

    from ..exceptions import DependencyError

    spec = importlib.util.find_spec("scgraph_data")
    if spec is None or not spec.submodule_search_locations:
        raise DependencyError("the base network needs the scgraph-data package")
    return Path(next(iter(spec.submodule_search_locations))) / f"{module}.py"


def read_scgraph(path: Path) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Nodes (lat, lon) and undirected edges (a < b, km) of a scgraph-data module's graph.

    The module holds two literals, ``graph=[{neighbour: km, ...}, ...]`` and
    ``nodes=[[lat, lon], ...]``; they are parsed as JSON, not executed.
    """
    import re

    import numpy as np

    text = path.read_text(encoding="utf-8")
    g0, n0 = text.index("graph=["), text.index("\nnodes=[")
    n1 = text.index("\n", n0 + 1)
    nodes = np.array(json.loads(text[n0 + 7 : n1]), dtype=float)
    graph = json.loads(re.sub(r"(\d+):", r'"\1":', text[g0 + 6 : n0]))
    a, b, km = [], [], []
    for i, neighbours in enumerate(graph):
        for j, w in neighbours.items():
            j = int(j)
            if j > i:
                a.append(i)
                b.append(j)
                km.append(w)
    return nodes, np.array(a, dtype=np.int64), np.array(b, dtype=np.int64), np.array(km)


def build(mode: str, *, progress: Callable[[str], None] | None = None) -> BaseNetwork:
    """Build one mode's base network from scgraph-data (about 10 to 30 s).

    Parameters
    ----------
    mode : {"rail", "road"}
        Which network.
    progress : callable, optional
        Called with a short description of each step.

    Returns
    -------
    BaseNetwork

    """
    import numpy as np

    say = progress or (lambda _: None)
    cfg = config()
    say(f"reading {cfg['networks'][mode]['module']}")
    nodes, a, b, _ = read_scgraph(_source_file(cfg["networks"][mode]["module"]))
    lat, lon = nodes[:, 0], nodes[:, 1]
    stats: dict[str, Any] = {"nodes_read": len(nodes), "edges_read": len(a)}
    x0, y0, x1, y1 = cfg["region"]["bbox"]
    inside = (lon >= x0) & (lon <= x1) & (lat >= y0) & (lat <= y1)
    keep = inside[a] & inside[b] & (a != b)
    a, b = a[keep], b[keep]
    used = np.zeros(len(nodes), dtype=bool)
    used[a] = used[b] = True
    new = np.cumsum(used) - 1
    a, b, lon, lat = new[a], new[b], lon[used], lat[used]
    say("stitching components")
    a, b, joins = _stitch(lon, lat, a, b, cfg["stitch_km"])
    stats.update(nodes_in_region=len(lon), edges_in_region=len(a) - joins, joins=joins,
                 stitch_km=cfg["stitch_km"])
    say("locating countries")
    country, countries = _countries_of(lon, lat)
    say("merging chains")
    net = _contract(lon, lat, country, a, b, cfg["node_every_km"])
    table = gauges() if mode == "rail" else {}
    gauge = np.array([table.get(countries[c], 0) if c >= 0 else 0 for c in net["country"]],
                     dtype=np.int32)
    stats.update(nodes=len(net["lon"]), edges=len(net["u"]), node_every_km=cfg["node_every_km"])
    return BaseNetwork(mode, net["lon"], net["lat"], net["country"], tuple(countries),
                       net["u"], net["v"], net["km"], net["offsets"], net["coords"], gauge, stats,
                       net["chains"])


def _stitch(lon, lat, a, b, stitch_km: float):
    """Join each pair of components by their closest nodes less than ``stitch_km`` apart."""
    import numpy as np
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components
    from scipy.spatial import cKDTree

    n = len(lon)
    _, label = connected_components(coo_matrix((np.ones(len(a)), (a, b)), shape=(n, n)),
                                    directed=False)
    xyz = unit_vectors(lon, lat)
    dist, idx = cKDTree(xyz).query(xyz, k=32, distance_upper_bound=stitch_km / EARTH_RADIUS_KM)
    rows = np.repeat(np.arange(n), idx.shape[1])
    cols, d = idx.ravel(), dist.ravel()
    ok = np.isfinite(d)
    rows, cols, d = rows[ok], cols[ok], d[ok]
    other = label[rows] != label[cols]
    rows, cols, d = rows[other], cols[other], d[other]
    pair = np.minimum(label[rows], label[cols]) * n + np.maximum(label[rows], label[cols])
    order = np.lexsort((d, pair))
    first = np.r_[True, pair[order][1:] != pair[order][:-1]]
    pick = order[first]
    return (np.r_[a, rows[pick]], np.r_[b, cols[pick]], len(pick))


def _countries_of(lon, lat) -> tuple[np.ndarray, list[str]]:
    """Country index of each point (Natural Earth), -1 where none is within about 5 km."""
    import numpy as np
    import shapely

    from ..boundaries import _countries

    gdf = _countries()
    names = [str(c) for c in gdf["iso3"]]
    tree = shapely.STRtree(gdf.geometry.array)
    pts = shapely.points(lon, lat)
    out = np.full(len(pts), -1, dtype=np.int16)
    p_idx, c_idx = tree.query(pts, predicate="within")
    out[p_idx] = c_idx
    rest = np.flatnonzero(out < 0)
    if len(rest):
        r_idx, c_idx = tree.query_nearest(pts[rest], max_distance=0.05, all_matches=False)
        out[rest[r_idx]] = c_idx
    return out, names


def _contract(lon, lat, country, a, b, every_km: float = math.inf) -> dict[str, np.ndarray]:
    """Merge chains through nodes with two neighbours in one country into single edges.

    A chain is cut, and its node there kept, at the first node past each
    ``every_km`` along it: a place beside the line, far from any junction,
    still has a node near it to join the network at. Each edge keeps the
    ends of its chain (``chains``).
    """
    import numpy as np
    from scipy.sparse import csr_matrix

    n = len(lon)
    ends = np.r_[a, b]
    other = np.r_[b, a]
    adj = csr_matrix((np.ones(len(ends), dtype=np.int8), (ends, other)), shape=(n, n))
    adj.sum_duplicates()
    adj.data[:] = 1
    deg = np.diff(adj.indptr)
    nbr = adj.indices
    ptr = adj.indptr
    keep = deg != 2
    two = np.flatnonzero(deg == 2)
    n1, n2 = nbr[ptr[two]], nbr[ptr[two] + 1]
    keep[two[(country[n1] != country[two]) | (country[n2] != country[two])]] = True
    seen_edge: set[tuple[int, int]] = set()
    visited = np.zeros(n, dtype=bool)
    paths: list[list[int]] = []

    def walk(start: int, first: int) -> list[int]:
        path = [start, first]
        prev, cur = start, first
        while not keep[cur]:
            visited[cur] = True
            s = ptr[cur]
            nxt = int(nbr[s]) if nbr[s] != prev else int(nbr[s + 1])
            prev, cur = cur, nxt
            path.append(cur)
            if cur == start:
                break
        return path

    for s in np.flatnonzero(keep).tolist():
        for f in nbr[ptr[s] : ptr[s + 1]].tolist():
            if (s, f) in seen_edge:
                continue
            path = walk(s, f)
            seen_edge.add((path[-1], path[-2]))
            paths.append(path)
    for s in np.flatnonzero(~keep & ~visited).tolist():  # rings with no junction
        if visited[s]:
            continue
        keep[s] = True
        path = walk(s, int(nbr[ptr[s]]))
        paths.append(path)
    flat = np.concatenate([np.asarray(p, dtype=np.int64) for p in paths])
    offsets = np.r_[0, np.cumsum([len(p) for p in paths])]
    step = np.ones(len(flat), dtype=bool)
    step[offsets[1:] - 1] = False  # the last point of each path starts no step
    i = np.flatnonzero(step)
    _, _, d = geod().inv(lon[flat[i]], lat[flat[i]], lon[flat[i + 1]], lat[flat[i + 1]])
    ends = np.column_stack([flat[offsets[:-1]], flat[offsets[1:] - 1]])  # of each chain
    if math.isfinite(every_km):
        along = np.zeros(len(flat))
        along[i + 1] = d / 1000.0
        along = np.cumsum(along)
        along -= np.repeat(along[offsets[:-1]], np.diff(offsets))  # km from the path's start
        inner = np.ones(len(flat), dtype=bool)
        inner[offsets[:-1]] = inner[offsets[1:] - 1] = False
        band = np.floor(along / every_km)
        cut = inner & (band > np.r_[0.0, band[:-1]])  # the first point past each every_km
        keep[flat[cut]] = True
        # a point cut at ends one path and starts the next, so it appears twice; the steps
        # stay the same, in the same order
        at = np.cumsum(1 + cut) - (1 + cut)
        flat = np.repeat(flat, 1 + cut)
        starts = at[offsets[:-1]]
        offsets = np.r_[np.sort(np.r_[starts, at[cut] + 1]), len(flat)]
        ends = ends[np.searchsorted(starts, offsets[:-1], side="right") - 1]
    nodes = np.flatnonzero(keep)
    index = np.full(n, -1, dtype=np.int64)
    index[nodes] = np.arange(len(nodes))
    lengths = np.diff(offsets)
    owner = np.repeat(np.arange(len(lengths)), lengths - 1)
    km = np.bincount(owner, weights=d, minlength=len(lengths)) / 1000.0
    first, last = flat[offsets[:-1]], flat[offsets[1:] - 1]
    return {
        "lon": lon[nodes], "lat": lat[nodes], "country": country[nodes],
        "u": index[first].astype(np.int32), "v": index[last].astype(np.int32), "km": km,
        "offsets": offsets, "coords": np.column_stack([lon[flat], lat[flat]]),
        "chains": index[ends].astype(np.int32),
    }


def _cache_file(mode: str) -> Path | None:
    """The cache file of one mode's network: named by everything it is built from."""
    from importlib.metadata import version

    from .. import __version__, _cache, catalogue, settings

    data = settings.resolved_data_dir()
    return _cache.file_for(
        f"base-{mode}", f"{__version__} {_FORMAT} {mode} {version('scgraph-data')}",
        [Path(__file__), data / "base_network.json", data / "gauges.csv",
         catalogue.data_file("countries")], suffix="npz")


def base_network(mode: str, *, progress: Callable[[str], None] | None = None) -> BaseNetwork:
    """One mode's base network: read from the cache, or built and cached.

    Parameters
    ----------
    mode : {"rail", "road"}
        Which network.
    progress : callable, optional
        Called with a description of each step of a build.

    Examples
    --------
    >>> rail = base_network("rail")
    >>> rail.stats["joins"] > 0 and rail.n_edges > 50_000
    True

    """
    import contextlib

    import numpy as np

    from .. import _cache, settings
    from .._atomic import atomic_path
    from ..exceptions import CorridorsError

    if mode not in BASE_MODES:
        from ..exceptions import UnknownNameError

        raise UnknownNameError("base network mode", mode, BASE_MODES)
    path = _cache_file(mode) if settings.use_cache else None  # none outside a writable home
    if path is not None and path.is_file():
        with contextlib.suppress(Exception), np.load(path, allow_pickle=False) as arrays:
            net = BaseNetwork.from_npz(arrays)
            _cache.used(path)
            return net
    net = build(mode, progress=progress)
    if path is not None:
        with contextlib.suppress(OSError, CorridorsError):
            with atomic_path(path) as tmp, open(tmp, "wb") as f:
                np.savez(f, **net.to_npz())
            _cache.prune(path)
    return net
