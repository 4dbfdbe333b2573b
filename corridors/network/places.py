"""Matching place names and coordinates to nodes of the corridor network.

A name matches a node's id, name or alias without regard to case, diacritics,
apostrophes or punctuation (``Xian``, ``Xi'an`` and ``Xi’an`` are one place).
``lat,lon``, and a town the network does not name (found in GeoNames), snap to
the nearest node on the network, and say how far it was.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from .._names import normalise
from ..exceptions import CorridorsError, UnknownNameError

if TYPE_CHECKING:
    from collections.abc import Collection

    import networkx as nx
    import numpy as np

    from .routing import Router

_COORDS = re.compile(r"^\s*([-+]?\d+(?:\.\d*)?)\s*,\s*([-+]?\d+(?:\.\d*)?)\s*$")


@dataclass(frozen=True)
class Place:
    """A place resolved to a network node.

    Attributes
    ----------
    id : str
        The node id.
    name : str
        The node's name.
    query : str
        What was asked for.
    snap_km : float
        Distance from the place asked for to the node; 0 for a name on the
        network.
    located : str
        Where a name the network does not know was found, such as
        ``"Tehran, IRN, in GeoNames"``; empty otherwise.
    asked : tuple of float, optional
        ``(lat, lon)`` of the place asked for, where it snapped to the node.
    network : str
        ``"curated"``, or the base network snapped to (``"rail"``, ``"road"``).
    leg_countries : tuple of str
        Countries the snap leg crosses, from where asked to the node (ISO3).

    """

    id: str
    name: str
    query: str
    snap_km: float = 0.0
    located: str = ""
    asked: tuple[float, float] | None = None
    network: str = "curated"
    leg_countries: tuple[str, ...] = ()


def resolve(query: str, router: Router, modes: Collection[str] | None = None, *,
            index: PlaceIndex | None = None) -> Place:
    """Find the network node a user means.

    A name matches a node of the curated network on at least one edge.
    Coordinates, the name of a curated place that no line reaches (Baku
    city, say), and the name of a town the network does not know (the most
    populous town so named among GeoNames' cities of 15,000 people or more:
    Tehran, Odessa) snap to the nearest node of an allowed mode: a node of
    the base rail or road network, or a curated place where goods can enter
    or leave (not a pump or compressor station, nor a landfall). The snap
    may be at most ``settings.snap_max_km`` (``settings.terminal_snap_km``
    where no allowed mode has a base network).

    Parameters
    ----------
    query : str
        A node id, name or alias, or ``"lat,lon"`` in decimal degrees.
    router : corridors.network.routing.Router
        The network's router (:attr:`corridors.network.model.Network.router`).
    modes : collection of str, optional
        Modes a snapped place must be served by; any mode by default.
    index : PlaceIndex, optional
        The names of ``router``'s graph (a network keeps one); built here
        when not given.

    Returns
    -------
    Place

    Raises
    ------
    corridors.exceptions.UnknownNameError
        For a name that matches nothing, with the closest names on the
        network suggested.
    corridors.exceptions.DataError
        For a place farther from the network than the snap limit, naming the
        nearest place served and how far it is.

    Examples
    --------
    >>> from corridors.network.model import default_network
    >>> r = default_network().router
    >>> resolve("Xi’an", r).id, resolve("constanta", r).name
    ('xian', 'Constanța')
    >>> p = resolve("Baku", r, modes={"oil_pipeline"})  # not Sumgayit, a pump station
    >>> p.name, round(p.snap_km)
    ('Sangachal Terminal', 42)
    >>> p = resolve("Yerevan", r, modes={"rail"})
    >>> p.located, p.network, p.snap_km < 5
    ('Yerevan, ARM, in GeoNames', 'rail', True)

    """
    graph = router.graph
    places = index or PlaceIndex(graph)
    modes = None if modes is None else frozenset(modes)
    match = _COORDS.match(query)
    if match:
        return _snap(query, float(match[1]), float(match[2]), router, places.served(modes),
                     modes)
    key = normalise(query)
    if not key:  # "" or only spaces or punctuation: it names no place
        raise CorridorsError(f"the place name {query!r} is empty; give a place, a town or "
                             "'lat,lon'")
    if key in places.off_network:
        d = graph.nodes[places.off_network[key]]
        return _snap(query, d["lat"], d["lon"], router, places.served(modes), modes,
                     name=d["name"])
    if key not in places.on_network:
        from .. import gazetteer

        town = gazetteer.find(query)
        if town is not None:
            located = f"{town.name}, {town.country}, in GeoNames"
            return replace(_snap(query, town.lat, town.lon, router, places.served(modes), modes,
                                 f"{query} ({located})", name=town.name), located=located)
        known = {
            a.strip()
            for n in places.nodes
            for a in (graph.nodes[n]["name"], *(graph.nodes[n]["aliases"] or "").split(";"))
        }
        raise UnknownNameError("place", query, sorted(known - {""}))
    node = places.on_network[key]
    d = graph.nodes[node]
    if modes is not None and not places.modes.get(node, frozenset()) & modes:
        # on a line of another mode (Tbilisi's station, for a truck): join an allowed network
        return _snap(query, d["lat"], d["lon"], router, places.served(modes), modes,
                     name=d["name"])
    return Place(node, d["name"], query)


# Nodes a line only passes through: nothing is loaded there, so nothing snaps there.
_PASS_THROUGH = frozenset({"pump_station", "compressor_station", "landfall"})


class PlaceIndex:
    """The names and modes of a curated graph's places, for resolving what users ask for.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        The curated network; a :class:`corridors.network.model.Network` keeps the
        index of its own.

    Attributes
    ----------
    nodes : list of str
        Nodes on an edge.
    on_network, off_network : dict
        Folded names and aliases to node ids, of nodes on an edge and of
        those on none (Baku city).
    modes : dict
        Node id to the modes of its edges.

    """

    def __init__(self, graph: nx.MultiDiGraph) -> None:
        self.graph = graph
        self.nodes = [n for n in graph.nodes if graph.degree(n)]
        on: dict[str, str] = {}
        off: dict[str, str] = {}
        for n in graph.nodes:
            d = graph.nodes[n]
            names = on if graph.degree(n) else off
            for name in (n, d["name"], *(d["aliases"] or "").split(";")):
                if name.strip():
                    names.setdefault(normalise(name), n)
        self.on_network = on
        self.off_network = {k: v for k, v in off.items() if k not in on}
        modes: dict[str, set[str]] = {}
        for u, v, m in graph.edges(data="mode"):
            modes.setdefault(u, set()).add(m)
            modes.setdefault(v, set()).add(m)
        self.modes = {n: frozenset(ms) for n, ms in modes.items()}
        self._served: dict[frozenset[str] | None,
                           tuple[list[str], np.ndarray, np.ndarray]] = {}

    def served(self, modes: frozenset[str] | None
               ) -> tuple[list[str], np.ndarray, np.ndarray]:
        """Nodes a place may snap to, their (lon, lat) as an array, and their unit vectors.

        They are on an edge of one of ``modes`` (any), not passed through.
        Terminals load oil and gas: freight (no pipeline among ``modes``) does
        not snap there, though tankers join Ceyhan and Supsa to the sea.
        """
        if modes not in self._served:
            import numpy as np

            from ..geodesy import unit_vectors
            from .curated import PIPELINE_MODES

            skip = _PASS_THROUGH
            if modes is not None and not modes & frozenset(PIPELINE_MODES):
                skip = skip | {"terminal"}
            g = self.graph
            ids = [n for n in self.nodes
                   if (modes is None or self.modes.get(n, frozenset()) & modes)
                   and g.nodes[n]["kind"] not in skip]
            xy = np.array([(g.nodes[n]["lon"], g.nodes[n]["lat"]) for n in ids],
                          dtype=float).reshape(-1, 2)
            self._served[modes] = (ids, xy, unit_vectors(xy[:, 0], xy[:, 1]))
        return self._served[modes]


def _snap(query: str, lat: float, lon: float, router: Router,
          served: tuple[list[str], np.ndarray, np.ndarray], modes: frozenset[str] | None,
          where: str | None = None, *, name: str | None = None) -> Place:
    """The node nearest to ``lat, lon`` among those ``modes`` serve; ``where`` names the place.

    ``served`` gives the curated ones, and their positions (:meth:`PlaceIndex.served`).
    """
    from .. import settings
    from ..exceptions import DataError
    from ..geodesy import nearest
    from .routing import base_id

    where = where or query
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise DataError(f"place {query!r} is not 'lat,lon' within latitude ±90 and longitude ±180")
    graph = router.graph
    candidates: list[tuple[float, str, str, str]] = []  # km, id, name, network
    nodes, xy, xyz = served
    if nodes:
        k, km = nearest(lon, lat, xy, xyz=xyz)
        candidates.append((km, nodes[k], graph.nodes[nodes[k]]["name"], "curated"))
    based = [m for m in router.base if modes is None or m in modes]
    for mode in based:
        k, km = router.base[mode].nearest(lon, lat)
        if k >= 0:
            candidates.append((km, base_id(mode, k), name or query.strip(), mode))
    if not candidates:
        raise DataError(f"no place on the network serves {', '.join(sorted(modes or ()))}")
    # a curated place within the distance at which places join the base network is the one
    # meant (Xi'an station, not the base node beside it)
    curated = [c for c in candidates if c[3] == "curated" and c[0] <= router.join_km]
    km, node, label, network = min(curated or candidates)
    limit = settings.snap_max_km if based else settings.terminal_snap_km
    if km > limit:
        which = "snap_max_km" if based else "terminal_snap_km"
        near = label if network == "curated" else f"the {network} network at " + \
            ",".join(f"{v:.3f}" for v in router.position(node)[::-1])
        raise DataError(f"{where} is {km:,.1f} km from the nearest place the network serves, "
                        f"{near}; places snap up to {limit:,.0f} km (settings.{which})")
    leg: tuple[str, ...] = ()
    if km:
        import shapely

        from ..boundaries import countries_along

        leg = countries_along(shapely.LineString([(lon, lat), router.position(node)]))
    return Place(node, label, query, km, asked=(lat, lon), network=network, leg_countries=leg)
