"""Lines made light for HTML: unwrapped at the antimeridian, simplified, rounded, [lat, lng]."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import settings
from ..exceptions import CorridorsError

if TYPE_CHECKING:
    import numpy as np

M_PER_DEGREE = 111_700.0
"""Metres in one degree at most (a degree of latitude near the poles); a
tolerance in degrees of ``m / M_PER_DEGREE`` moves no vertex more than ``m``."""


def unwrap(geoms) -> np.ndarray:
    """Lines with continuous longitudes: a step across the antimeridian goes on past ±180°.

    Leaflet draws a line from 179.5° to -179.5° the long way, around the whole
    world; from 179.5° to 180.5° it draws the 111 km it is. Each line keeps
    the longitude of its first vertex.

    Examples
    --------
    >>> from shapely import LineString
    >>> unwrap([LineString([(179.5, 60.0), (-179.5, 60.5)])])[0].wkt
    'LINESTRING (179.5 60, 180.5 60.5)'

    """
    import numpy as np
    import shapely

    arr = np.array(getattr(geoms, "array", geoms), dtype=object)
    coords, idx = shapely.get_coordinates(arr, return_index=True)
    if len(coords) < 2:
        return arr
    jump = np.round(np.diff(coords[:, 0]) / 360.0) * 360.0
    jump[idx[1:] != idx[:-1]] = 0.0  # no step from one line to the next
    carried = np.concatenate([[0.0], np.cumsum(jump)])
    first = np.flatnonzero(np.r_[True, idx[1:] != idx[:-1]])
    carried -= np.repeat(carried[first], np.diff(np.r_[first, len(idx)]))
    if not carried.any():
        return arr
    coords[:, 0] -= carried
    return shapely.set_coordinates(arr, coords)


def display_bounds(geoms) -> tuple[float, float, float, float]:
    """West, south, east and north of lines as drawn (see :func:`unwrap`), for a map's view.

    Examples
    --------
    >>> from shapely import LineString
    >>> display_bounds([LineString([(179.5, 60.0), (-179.5, 60.5)])])
    (179.5, 60.0, 180.5, 60.5)

    """
    import shapely

    west, south, east, north = shapely.total_bounds(unwrap(geoms))
    return float(west), float(south), float(east), float(north)


def light_lines(geoms, *, precision: int | None = None, simplify_m: float | None = None
                ) -> list[list]:
    """Simplify and round lines, vectorised.

    Parameters
    ----------
    geoms : array-like of shapely lines, or a GeoSeries
        Lines in longitude/latitude.
    precision : int, optional
        Decimal places; ``settings.precision`` by default.
    simplify_m : float, optional
        Simplification tolerance in metres; ``settings.simplify_m`` by default.
        No vertex moves further than this plus half the rounding step.

    Returns
    -------
    list
        For each line, a list of ``[lat, lng]`` pairs; for a multi-line, a
        list of such lists.

    Raises
    ------
    corridors.exceptions.CorridorsError
        If ``simplify_m`` is negative, infinite or NaN, or ``precision`` is
        not a whole number from 0 to 8.

    Examples
    --------
    >>> from shapely import LineString
    >>> light_lines([LineString([(49.0, 40.0), (49.5, 40.00001), (50.0, 40.0)])], precision=3)
    [[[40.0, 49.0], [40.0, 50.0]]]

    """
    import numpy as np
    import shapely

    digits = settings.precision if precision is None else precision
    metres = settings.simplify_m if simplify_m is None else simplify_m
    if not (np.isfinite(metres) and metres >= 0):
        raise CorridorsError(f"simplify_m must be a finite number of metres, not {metres}")
    if digits not in range(9):
        raise CorridorsError(f"precision must be a whole number of decimals from 0 to 8, "
                             f"not {digits}")
    arr = shapely.simplify(unwrap(geoms), metres / M_PER_DEGREE, preserve_topology=False)
    arr = shapely.remove_repeated_points(
        shapely.transform(arr, lambda c: np.round(c, digits)), 0.0)
    parts, owner = shapely.get_parts(arr, return_index=True)
    coords, idx = shapely.get_coordinates(parts, return_index=True)
    latlng = coords[:, ::-1]  # rounded above
    pieces = np.split(latlng, np.cumsum(np.bincount(idx, minlength=len(parts)))[:-1])
    out: list[list] = [[] for _ in range(len(arr))]
    for i, piece in zip(owner, pieces):
        out[i].append(piece.tolist())
    return [p[0] if len(p) == 1 else p for p in out]


def arrows(geoms, *, precision: int = 4) -> np.ndarray:
    """Midpoint and on-screen direction of each line, for a flow arrow.

    Returns
    -------
    numpy.ndarray
        ``(n, 3)``: latitude, longitude and the angle in degrees, clockwise
        from east as drawn in Web Mercator.

    Examples
    --------
    >>> from shapely import LineString
    >>> arrows([LineString([(49.0, 40.0), (49.0, 41.0)])]).tolist()
    [[40.5, 49.0, -90.0]]

    """
    import numpy as np
    import shapely

    arr = unwrap(geoms)
    # The longest part of a multi-line carries the arrow.
    parts, owner = shapely.get_parts(arr, return_index=True)
    length = shapely.length(parts)
    order = np.lexsort((-length, owner))
    first = order[np.r_[True, owner[order][1:] != owner[order][:-1]]]
    lines = parts[first]
    mid = shapely.get_coordinates(shapely.line_interpolate_point(lines, 0.5, normalized=True))
    a = shapely.get_coordinates(shapely.line_interpolate_point(lines, 0.45, normalized=True))
    b = shapely.get_coordinates(shapely.line_interpolate_point(lines, 0.55, normalized=True))

    def mercator_y(lat):
        return np.log(np.tan(np.pi / 4 + np.radians(lat) / 2))

    dx = np.radians(b[:, 0] - a[:, 0])
    dy = mercator_y(b[:, 1]) - mercator_y(a[:, 1])
    angle = np.round(np.degrees(np.arctan2(-dy, dx)), 0) + 0.0
    return np.column_stack([np.round(mid[:, 1], precision), np.round(mid[:, 0], precision), angle])


def max_shift_m(geoms, light: list[list]) -> float:
    """Largest distance in metres from a vertex of ``geoms`` to its light line, and back.

    Parameters
    ----------
    geoms : array-like of shapely lines
        The original lines (longitude, latitude).
    light : list
        Their light versions, as returned by :func:`light_lines`.

    Examples
    --------
    >>> from shapely import LineString
    >>> line = LineString([(49.0, 40.0), (49.5, 40.0001), (50.0, 40.0)])
    >>> max_shift_m([line], light_lines([line], simplify_m=50)) < 50
    True

    """
    import numpy as np
    import shapely

    from ..geodesy import geod

    def as_line(c):
        nested = c and isinstance(c[0][0], list)
        parts = c if nested else [c]
        return shapely.MultiLineString([[(lng, lat) for lat, lng in p] for p in parts])

    arr = unwrap(geoms)
    simple = np.array([as_line(c) for c in light], dtype=object)
    worst = 0.0
    for a, b in ((arr, simple), (simple, arr)):
        pts, idx = shapely.get_coordinates(a, return_index=True)
        near = shapely.get_coordinates(shapely.shortest_line(shapely.points(pts), b[idx]))[1::2]
        _, _, d = geod().inv(pts[:, 0], pts[:, 1], near[:, 0], near[:, 1])
        worst = max(worst, float(np.max(d)))
    return worst
