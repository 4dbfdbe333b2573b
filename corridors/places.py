"""Matching place names and coordinates to nodes of the corridor network.

A name matches a node's id, name or alias without regard to case, diacritics,
apostrophes or punctuation (``Xian``, ``Xi'an`` and ``Xi’an`` are one place).
``lat,lon``, and a town the network does not name (found in GeoNames), snap to
the nearest node on the network, and say how far it was.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING

from ._names import normalise
from .exceptions import CorridorsError, UnknownNameError

if TYPE_CHECKING:
    from collections.abc import Collection

    import networkx as nx

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

    """

    id: str
    name: str
    query: str
    snap_km: float = 0.0
    located: str = ""
    asked: tuple[float, float] | None = None


def resolve(query: str, graph: nx.MultiDiGraph, modes: Collection[str] | None = None) -> Place:
    """Find the network node a user means.

    A name matches a node on at least one edge. Coordinates, the name of a
    place that no line reaches (Baku city, say, whose port is Alat), and
    the name of a town the network does not know (the most populous town so
    named among GeoNames' cities of 15,000 people or more: Tehran, Odessa)
    snap to the nearest node served by ``modes`` where goods can enter or
    leave (not a pump or compressor station, nor a landfall).

    Parameters
    ----------
    query : str
        A node id, name or alias, or ``"lat,lon"`` in decimal degrees.
    graph : networkx.MultiDiGraph
        The network.
    modes : collection of str, optional
        Modes a snapped place must be served by; any mode by default.

    Returns
    -------
    Place

    Raises
    ------
    corridors.exceptions.UnknownNameError
        For a name that matches nothing, with the closest names on the
        network suggested.

    Examples
    --------
    >>> from corridors.network import corridor_graph
    >>> g = corridor_graph()
    >>> resolve("Xi’an", g).id, resolve("constanta", g).name
    ('xian', 'Constanța')
    >>> p = resolve("41.72,44.79", g)
    >>> p.id, round(p.snap_km)
    ('tbilisi', 5)
    >>> p = resolve("Baku", g, modes={"rail", "ferry"})
    >>> p.name, round(p.snap_km)
    ('Port of Baku (Alat)', 63)
    >>> resolve("Baku", g, modes={"oil_pipeline"}).name  # not Sumgayit, a pump station
    'Sangachal Terminal'
    >>> p = resolve("Yerevan", g)
    >>> p.located, p.name, round(p.snap_km)
    ('Yerevan, ARM, in GeoNames', 'Kars', 130)

    """
    on_network, index, off_network = _lookup(graph)
    served = _served(graph, None if modes is None else frozenset(modes))
    match = _COORDS.match(query)
    if match:
        return _snap(query, float(match[1]), float(match[2]), graph, served)
    key = normalise(query)
    if not key:  # "" or only spaces or punctuation: it names no place
        raise CorridorsError(f"the place name {query!r} is empty; give a place, a town or "
                             "'lat,lon'")
    if key in off_network:
        d = graph.nodes[off_network[key]]
        return _snap(query, d["lat"], d["lon"], graph, served)
    if key not in index:
        from . import gazetteer

        town = gazetteer.find(query)
        if town is not None:
            located = f"{town.name}, {town.country}, in GeoNames"
            return replace(_snap(query, town.lat, town.lon, graph, served,
                                 f"{query} ({located})"), located=located)
        known = {
            a.strip()
            for n in on_network
            for a in (graph.nodes[n]["name"], *(graph.nodes[n]["aliases"] or "").split(";"))
        }
        raise UnknownNameError("place", query, sorted(known - {""}))
    node = index[key]
    return Place(node, graph.nodes[node]["name"], query)


@lru_cache(maxsize=8)
def _lookup(graph: nx.MultiDiGraph) -> tuple[list[str], dict[str, str], dict[str, str]]:
    """Nodes on the network, and folded names to ids of nodes on it and off it (cached)."""
    nodes = [n for n in graph.nodes if graph.degree(n)]
    index: dict[str, str] = {}
    off: dict[str, str] = {}
    for n in graph.nodes:
        d = graph.nodes[n]
        names = index if graph.degree(n) else off
        for name in (n, d["name"], *(d["aliases"] or "").split(";")):
            if name.strip():
                names.setdefault(normalise(name), n)
    return nodes, index, {k: v for k, v in off.items() if k not in index}


# Nodes a line only passes through: nothing is loaded there, so nothing snaps there.
_PASS_THROUGH = frozenset({"pump_station", "compressor_station", "landfall"})


@lru_cache(maxsize=32)
def _served(graph: nx.MultiDiGraph, modes: frozenset[str] | None) -> list[str]:
    """Nodes a place may snap to: on an edge of one of ``modes`` (any), not passed through.

    Terminals load oil and gas: freight (no pipeline among ``modes``) does not snap there,
    though tankers join Ceyhan and Supsa to the sea.
    """
    from .network import PIPELINE_MODES

    edges = graph.edges(data="mode")
    ends = (n for u, v, m in edges if modes is None or m in modes for n in (u, v))
    skip = _PASS_THROUGH
    if modes is not None and not modes & frozenset(PIPELINE_MODES):
        skip = skip | {"terminal"}
    return [n for n in dict.fromkeys(ends) if graph.nodes[n]["kind"] not in skip]


def _snap(query: str, lat: float, lon: float, graph: nx.MultiDiGraph, nodes: list[str],
          where: str | None = None) -> Place:
    """The node of ``nodes`` nearest to ``lat, lon``; ``where`` names the place in errors."""
    import numpy as np

    from . import settings
    from .exceptions import DataError
    from .geodesy import nearest

    where = where or query
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise DataError(f"place {query!r} is not 'lat,lon' within latitude ±90 and longitude ±180")
    k, km = nearest(lon, lat, np.array([(graph.nodes[n]["lon"], graph.nodes[n]["lat"])
                                        for n in nodes]))
    name = graph.nodes[nodes[k]]["name"]
    if km > settings.snap_max_km:
        raise DataError(f"{where} is {km:,.0f} km from the nearest place the network serves, "
                        f"{name}; places snap up to {settings.snap_max_km:,.0f} km "
                        "(settings.snap_max_km)")
    return Place(nodes[k], name, query, km, asked=(lat, lon))
