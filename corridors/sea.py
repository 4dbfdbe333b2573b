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

from .exceptions import NoRouteError, UnknownNameError
from .geodesy import length_km

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
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # "No path found" is handled below
        feature = searoute.searoute(
            list(origin), list(destination), units="km", restrictions=sorted(restricted),
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
    # searoute starts and ends at the nearest network nodes; join the real ports.
    line = shapely.LineString([tuple(origin), *map(tuple, coords), tuple(destination)])
    return SeaLeg(line, float(length_km([line])[0]), tuple(sorted(names)))
