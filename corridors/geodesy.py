"""Geodesy on the WGS84 ellipsoid through pyproj: lengths and great-circle lines."""

from __future__ import annotations

import itertools
from functools import lru_cache
from typing import TYPE_CHECKING

from . import settings

if TYPE_CHECKING:
    from collections.abc import Sequence

    import numpy as np
    import pyproj
    import shapely


@lru_cache(maxsize=1)
def geod() -> pyproj.Geod:
    """Return the WGS84 ellipsoid geodesic calculator (cached)."""
    import pyproj

    return pyproj.Geod(ellps="WGS84")


def length_km(geoms) -> np.ndarray:
    """Geodesic length in km of each (multi)line, vectorised over an array.

    Parameters
    ----------
    geoms : array-like of shapely geometries, or a GeoSeries
        Lines in longitude/latitude.

    Returns
    -------
    numpy.ndarray
        One length per geometry; 0 for points and empty geometries.

    Examples
    --------
    >>> from shapely import LineString
    >>> round(float(length_km([LineString([(0, 0), (1, 0)])])[0]), 1)
    111.3

    """
    import numpy as np
    import shapely

    arr = np.asarray(getattr(geoms, "array", geoms), dtype=object)
    parts, owner = shapely.get_parts(arr, return_index=True)
    coords, idx = shapely.get_coordinates(parts, return_index=True)
    same = idx[1:] == idx[:-1]
    if not same.any():
        return np.zeros(len(arr))
    a, b = coords[:-1][same], coords[1:][same]
    _, _, dist = geod().inv(a[:, 0], a[:, 1], b[:, 0], b[:, 1])
    per_part = np.bincount(idx[1:][same], weights=dist, minlength=len(parts))
    return np.bincount(owner, weights=per_part, minlength=len(arr)) / 1000.0


EARTH_RADIUS_KM = 6371.0088
"""The Earth's mean radius (IUGG), for distances on the sphere."""


def unit_vectors(lon, lat) -> np.ndarray:
    """Points on the unit sphere (n×3) for longitudes and latitudes in degrees.

    The nearer two points on the sphere, the shorter the chord between their
    vectors and the larger their dot product; a chord of ``d / EARTH_RADIUS_KM``
    is about ``d`` km.

    Examples
    --------
    >>> unit_vectors([0, 90], [0, 0]).round(12).tolist()
    [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]]

    """
    import numpy as np

    lo, la = np.radians(np.asarray(lon, dtype=float)), np.radians(np.asarray(lat, dtype=float))
    return np.column_stack([np.cos(la) * np.cos(lo), np.cos(la) * np.sin(lo), np.sin(la)])


def unit_vector(lon: float, lat: float) -> np.ndarray:
    """One point's :func:`unit_vectors`, in a tenth of the time that takes for one.

    Examples
    --------
    >>> unit_vector(90, 0).round(12).tolist()
    [0.0, 1.0, 0.0]

    """
    import math

    import numpy as np

    lo, la = math.radians(lon), math.radians(lat)
    return np.array([math.cos(la) * math.cos(lo), math.cos(la) * math.sin(lo), math.sin(la)])


def nearest(lon: float, lat: float, xy: np.ndarray, *, xyz: np.ndarray | None = None
            ) -> tuple[int, float]:
    """The nearest of points ``xy`` (an n×2 array of lon, lat) to (lon, lat), and how far (km).

    ``xyz`` gives the points' :func:`unit_vectors` where they are known already.

    Examples
    --------
    >>> import numpy as np
    >>> k, km = nearest(44.8, 41.7, np.array([[49.9, 40.4], [44.79, 41.72]]))
    >>> k, round(km, 1)
    (1, 2.4)

    """
    import numpy as np

    # the geodesic is within half a per cent of the great circle on a sphere, both ways:
    # only the points whose great circle, and so whose chord, is within 2 % of the
    # shortest can be the nearest (a chord grows more slowly than its arc). A chord's
    # square is 2 - 2 u·v: within 2 % is 1 - u·v within 1.02² of the least.
    if xyz is None:
        xyz = unit_vectors(xy[:, 0], xy[:, 1])
    off = 1.0 - xyz @ unit_vector(lon, lat)
    near = np.flatnonzero(off <= off.min() * 1.0404 + 1e-12)
    if len(near) == 1:  # pyproj's call for one point: several times as fast
        k = int(near[0])
        return k, geod().inv(lon, lat, float(xy[k, 0]), float(xy[k, 1]))[2] / 1000.0
    _, _, dist = geod().inv(np.full(len(near), lon), np.full(len(near), lat),
                            xy[near, 0], xy[near, 1])
    k = int(np.argmin(dist))
    return int(near[k]), float(dist[k]) / 1000.0


def great_circle(points: Sequence[tuple[float, float]], *, max_km: float | None = None
                 ) -> shapely.LineString:
    """A line through ``points`` (lon, lat) along great circles, densified.

    Parameters
    ----------
    points : sequence of (lon, lat)
        Two or more places, in order.
    max_km : float, optional
        Longest straight piece; ``settings.densify_km`` by default.

    Returns
    -------
    shapely.LineString

    Examples
    --------
    >>> line = great_circle([(49.47, 40.18), (35.93, 36.86)], max_km=50)
    >>> len(line.coords) > 20
    True

    """
    import numpy as np
    import shapely

    step = (max_km or settings.densify_km) * 1000.0
    out: list[tuple[float, float]] = [tuple(points[0])]
    for (x1, y1), (x2, y2) in itertools.pairwise(points):
        _, _, dist = geod().inv(x1, y1, x2, y2)
        n = int(np.ceil(dist / step)) - 1
        if n > 0:
            out.extend(geod().npts(x1, y1, x2, y2, n))
        out.append((x2, y2))
    return shapely.LineString(out)
