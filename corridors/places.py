"""Matching place names and coordinates to nodes of the corridor network.

A name matches a node's id, name or alias without regard to case, diacritics,
apostrophes or punctuation (``Xian``, ``Xi'an`` and ``Xi’an`` are one place).
``lat,lon`` snaps to the nearest node on the network, and says how far it was.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from .exceptions import UnknownNameError

if TYPE_CHECKING:
    from collections.abc import Collection

    import networkx as nx

_COORDS = re.compile(r"^\s*([-+]?\d+(?:\.\d*)?)\s*,\s*([-+]?\d+(?:\.\d*)?)\s*$")
# Letters that Unicode does not decompose into a base letter and a mark.
_FOLD = str.maketrans({"ı": "i", "ə": "e", "ł": "l", "ø": "o", "đ": "d", "ß": "ss", "æ": "ae"})


@lru_cache(maxsize=4096)
def normalise(text: str) -> str:
    """Fold a name for matching: no case, diacritics, apostrophes or punctuation.

    Examples
    --------
    >>> normalise("Xi’an"), normalise("Constanța"), normalise("Böyük Kəsik")
    ('xian', 'constanta', 'boyuk kesik')

    """
    text = unicodedata.normalize("NFKD", text.casefold().translate(_FOLD))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"['’ʼ`´]", "", text)
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


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
        Distance from given coordinates to the node; 0 for a name.

    """

    id: str
    name: str
    query: str
    snap_km: float = 0.0


def resolve(query: str, graph: nx.MultiDiGraph, modes: Collection[str] | None = None) -> Place:
    """Find the network node a user means.

    A name matches a node on at least one edge. Coordinates, and the name of
    a place that no line reaches (Baku city, say, whose port is Alat), snap
    to the nearest node served by ``modes`` where goods can enter or leave
    (not a pump or compressor station, nor a landfall).

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
        For a name that matches nothing, with the closest names suggested.

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

    """
    on_network, index, off_network = _lookup(graph)
    served = _served(graph, None if modes is None else frozenset(modes))
    match = _COORDS.match(query)
    if match:
        return _snap(query, float(match[1]), float(match[2]), graph, served)
    key = normalise(query)
    if key in off_network:
        d = graph.nodes[off_network[key]]
        return _snap(query, d["lat"], d["lon"], graph, served)
    if key not in index:
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
    """Nodes a place may snap to: on an edge of one of ``modes`` (any), not passed through."""
    edges = graph.edges(data="mode")
    ends = (n for u, v, m in edges if modes is None or m in modes for n in (u, v))
    return [n for n in dict.fromkeys(ends) if graph.nodes[n]["kind"] not in _PASS_THROUGH]


def _snap(query: str, lat: float, lon: float, graph: nx.MultiDiGraph, nodes: list[str]) -> Place:
    import numpy as np

    from .exceptions import DataError
    from .geodesy import nearest

    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise DataError(f"place {query!r} is not 'lat,lon' within latitude ±90 and longitude ±180")
    k, km = nearest(lon, lat, np.array([(graph.nodes[n]["lon"], graph.nodes[n]["lat"])
                                        for n in nodes]))
    return Place(nodes[k], graph.nodes[nodes[k]]["name"], query, km)
