"""Sea legs from the searoute package, with straits and canals named.

searoute's marine network joins the Caspian Sea to the ocean only through the
Volga–Don waterway in Russia, and does not tag that passage. Here those edges
are tagged ``volga-don`` and avoided unless asked for, so a Caspian leg never
leaves the Caspian silently.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from ..exceptions import NoRouteError, UnknownNameError
from ..geodesy import length_km

if TYPE_CHECKING:
    import shapely

# Our passage names -> searoute's passage tags.
PASSAGES: dict[str, str] = {
    "suez": "suez",
    "bab-el-mandeb": "babalmandab",
    "bosporus": "bosporus",
    "dardanelles": "bosporus",  # in series with the Bosporus in the marine network
    "gibraltar": "gibraltar",
    "hormuz": "ormuz",
    "malacca": "malacca",
    "sunda": "sunda",
    "panama": "panama",
    "cape-of-good-hope": "south_africa",
    "cape-horn": "chili",
    "northwest": "northwest",
    "bering": "bering",
    "volga-don": "volga_don",
}
"""Straits and canals, by the names corridors uses."""

# The Volga–Don waterway in searoute's network: river nodes between the
# Volga delta above the Caspian (45.3° N) and the Don mouth at Azov (39.27° E).
_VOLGA_DON_BOX = (39.27, 45.3, 48.1, 49.0)
_ALWAYS_AVOIDED = ("northwest",)
# A port's join to the marine network may cross this much land, in km or as a
# share of the join (coastlines at 1:10m are coarse, and a port is on land).
_MAX_JOIN_LAND = (5.0, 0.15)
_JOIN_CANDIDATES = 12
# A port farther than this from every node of the marine network is on a lake or a river
# (Van, on Lake Van, is 290 km from the nearest); a sea port is nearer (Shanghai, 40 km).
_SEA_REACH_KM = 150.0


@dataclass(frozen=True)
class SeaLeg:
    """A sea route between two points.

    Attributes
    ----------
    geometry : shapely.LineString
        The route, lon/lat, from origin to destination.
    km : float
        Its geodesic length in km, the joins from the ports to the network included.
    passages : tuple of str
        Straits and canals traversed, by corridors' names, in sorted order.

    """

    geometry: shapely.LineString
    km: float
    passages: tuple[str, ...]


def _in_box(lon: float, lat: float) -> bool:
    x0, y0, x1, y1 = _VOLGA_DON_BOX
    return x0 <= lon <= x1 and y0 <= lat <= y1


@lru_cache(maxsize=1)
def _marnet():
    from searoute.searoute import get_graphs

    marnet, ports = get_graphs(None, None, "networkx")
    for u, v, data in marnet.edges(data=True):
        if _in_box(*u) or _in_box(*v):
            data["passage"] = PASSAGES["volga-don"]
    return marnet, ports


@lru_cache(maxsize=1)
def _network_nodes():
    import numpy as np

    return np.array(list(_marnet()[0].nodes), dtype=float)


@lru_cache(maxsize=1024)
def _joins(point: tuple[float, float]) -> tuple[tuple[float, float], ...]:
    """The marine-network nodes a port may be joined to.

    searoute joins a point to its nearest network node, even across land
    (Kuryk's nearest node is off Aktau, 60 km away over the Mangyshlak
    coast). Here that node is kept if its straight join crosses little land
    (``_MAX_JOIN_LAND``); otherwise the nearest few nodes whose joins do.
    """
    import numpy as np
    import shapely

    from ..boundaries import SEA, km_by_country
    from ..geodesy import geod

    def at_sea(nodes: list[tuple[float, float]]) -> list[bool]:
        joins = [shapely.LineString([point, node]) for node in nodes]
        out = []
        for km in km_by_country(joins):
            land = sum(v for k, v in km.items() if k != SEA)
            out.append(land <= _MAX_JOIN_LAND[0] or land <= _MAX_JOIN_LAND[1] * sum(km.values()))
        return out

    nodes = _network_nodes()
    n = len(nodes)
    _, _, dist = geod().inv(np.full(n, point[0]), np.full(n, point[1]), nodes[:, 0], nodes[:, 1])
    near = [tuple(map(float, nodes[i])) for i in np.argsort(dist)[:_JOIN_CANDIDATES]]
    if at_sea(near[:1])[0]:
        return (near[0],)
    ok = tuple(node for node, good in zip(near[1:], at_sea(near[1:])) if good)
    return ok or (near[0],)


def on_the_sea(point: tuple[float, float]) -> bool:
    """Whether a port at (lon, lat) is near enough the marine network to have sea legs.

    A lake port (Tatvan and Van, on Lake Van) is not.

    Examples
    --------
    >>> on_the_sea((41.67, 42.14)), on_the_sea((43.38, 38.49))  # Poti; Van, on Lake Van
    (True, False)

    """
    return _joins_at_sea(tuple(point))


@lru_cache(maxsize=1024)
def _joins_at_sea(point: tuple[float, float]) -> bool:
    import numpy as np

    from ..geodesy import geod

    nodes = _network_nodes()
    n = len(nodes)
    _, _, dist = geod().inv(np.full(n, point[0]), np.full(n, point[1]), nodes[:, 0], nodes[:, 1])
    return float(dist.min()) / 1000.0 <= _SEA_REACH_KM


def _join(point: tuple[float, float], toward: tuple[float, float]) -> tuple[float, float]:
    """The node of :func:`_joins` that makes the join plus the great circle to ``toward`` least."""
    from ..geodesy import geod

    nodes = _joins(point)
    if len(nodes) == 1:
        return nodes[0]
    xs, ys = [x for x, _ in nodes], [y for _, y in nodes]
    n = len(nodes)
    _, _, first = geod().inv([point[0]] * n, [point[1]] * n, xs, ys)
    _, _, then = geod().inv(xs, ys, [toward[0]] * n, [toward[1]] * n)
    return nodes[min(range(n), key=lambda i: first[i] + then[i])]


def sea_route(
    origin: tuple[float, float],
    destination: tuple[float, float],
    *,
    avoid: tuple[str, ...] | list[str] = (),
    allow_volga_don: bool = False,
) -> SeaLeg:
    """Shortest sea route between two (lon, lat) points.

    Parameters
    ----------
    origin, destination : (lon, lat)
        Ports or points at sea.
    avoid : sequence of str
        Passages to avoid, by the names in :data:`PASSAGES`.
    allow_volga_don : bool, default False
        Let a Caspian route reach the ocean through Russia's Volga–Don
        waterway.

    Returns
    -------
    SeaLeg

    Raises
    ------
    corridors.exceptions.NoRouteError
        When no sea route avoids the passages, e.g. leaving the Caspian
        without the Volga–Don.

    Examples
    --------
    >>> leg = sea_route((121.47, 31.23), (4.48, 51.92))
    >>> "suez" in leg.passages, round(leg.km, -3)
    (True, 20000.0)
    >>> "suez" in sea_route((121.47, 31.23), (4.48, 51.92), avoid=["suez"]).passages
    False

    """
    import warnings

    import searoute
    import shapely

    unknown = [p for p in avoid if p not in PASSAGES]
    if unknown:
        raise UnknownNameError("passage", unknown[0], PASSAGES)
    restricted = {PASSAGES[p] for p in avoid} | {PASSAGES[p] for p in _ALWAYS_AVOIDED}
    if not allow_volga_don:
        restricted.add(PASSAGES["volga-don"])
    marnet, ports = _marnet()
    start = _join(tuple(origin), tuple(destination))
    end = _join(tuple(destination), tuple(origin))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # "No path found" is handled below
        feature = searoute.searoute(
            list(start), list(end), units="km", restrictions=sorted(restricted),
            M=marnet, P=ports, return_passages=True,
        )
    km = float(feature["properties"]["length"])
    coords = feature["geometry"]["coordinates"]
    if not 0 < km < float("inf") or len(coords) < 2:
        blockers = ", ".join(sorted(set(avoid) | ({"volga-don"} if not allow_volga_don else set())))
        raise NoRouteError(
            f"no sea route from {origin} to {destination} avoiding {blockers}"
        )
    tags = set(feature["properties"].get("traversed_passages") or [])
    if any(_in_box(x, y) for x, y in coords):
        tags.add(PASSAGES["volga-don"])
    names = {name for name, tag in PASSAGES.items() if tag in tags}
    # searoute starts and ends at the network nodes; join the real ports.
    line = shapely.LineString([tuple(origin), *map(tuple, coords), tuple(destination)])
    return SeaLeg(line, float(length_km([line])[0]), tuple(sorted(names)))
