"""Country boundaries (Natural Earth admin-0) and per-country accounting of lines."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from . import catalogue
from .geodesy import length_km

if TYPE_CHECKING:
    import geopandas as gpd

SEA = "sea"
"""Key under which kilometres outside every country are counted."""


def countries() -> gpd.GeoDataFrame:
    """Country polygons: ``iso3``, ``name``, geometry (EPSG:4326).

    Natural Earth 1:10m admin-0 (public domain), clipped to Europe, Africa and
    Asia and simplified to about 1 km; see ``scripts/build_boundaries.py``.

    Examples
    --------
    >>> "AZE" in set(countries()["iso3"])
    True

    """
    return _countries().copy()


def iso3() -> frozenset[str]:
    """The ISO3 codes of the boundaries, read without their shapes.

    Examples
    --------
    >>> {"AZE", "RUS", "BLR", "IRN"} <= iso3()
    True

    """
    return _iso3(catalogue.data_file("countries"))


@lru_cache(maxsize=4)
def _iso3(path) -> frozenset[str]:
    import pyogrio

    return frozenset(pyogrio.read_dataframe(path, columns=["iso3"], read_geometry=False)["iso3"])


@lru_cache(maxsize=1)
def _countries() -> gpd.GeoDataFrame:
    import pyogrio

    # the bundled file, checked by the data tests: read as it is
    return pyogrio.read_dataframe(catalogue.data_file("countries"), columns=["iso3", "name"])


@lru_cache(maxsize=1)
def _tree():
    import shapely

    shapes, iso = _shapes()
    shapely.prepare(shapes)  # so that intersects and covers test a line against each fast
    return shapely.STRtree(shapes), iso


def _shapes() -> tuple:
    """The countries' polygons and ISO3 codes as arrays, kept in the disk cache.

    Read from the bundled file through pyogrio once; from the cache a
    comparison needs neither pyogrio nor geopandas.
    """
    import numpy as np

    from . import _cache, settings

    path = _shapes_file() if settings.use_cache else None
    got = _cache.load(path, tuple) if path is not None else None
    if got is None:
        gdf = _countries()
        got = (np.asarray(gdf.geometry.array), np.array(gdf["iso3"].tolist(), dtype=object))
        if path is not None:
            _cache.store(path, got)
    return got


def _shapes_file():
    """The cache file of the shapes: named by the bundled file and the versions reading it."""
    from importlib.metadata import version

    from . import __version__, _cache

    return _cache.file_for("countries", f"{__version__} {version('shapely')}",
                           [catalogue.data_file("countries")])


def km_by_country(geoms, *, min_km: float = 0.0) -> list[dict[str, float]]:
    """Geodesic kilometres of each line inside each country, and at sea.

    Parameters
    ----------
    geoms : array-like of shapely lines, or a GeoSeries
        Lines in longitude/latitude.
    min_km : float, default 0
        Drop countries with less than this; the rest still sum to the total
        with the dropped kilometres counted at sea.

    Returns
    -------
    list of dict
        For each line, ISO3 code (or ``"sea"``) to km, in order of first
        entry along the line; values sum to the line's geodesic length.

    Examples
    --------
    >>> from shapely import LineString
    >>> km = km_by_country([LineString([(44.0, 41.8), (46.5, 40.9)])])[0]
    >>> sorted(km)
    ['AZE', 'GEO']

    """
    import numpy as np
    import shapely

    arr = np.asarray(getattr(geoms, "array", geoms), dtype=object)
    tree, iso = _tree()
    line_idx, poly_idx = tree.query(arr)  # boxes that meet; then the prepared polygons tell
    polys = tree.geometries[poly_idx]
    meet = shapely.intersects(polys, arr[line_idx])
    line_idx, poly_idx, polys = line_idx[meet], poly_idx[meet], polys[meet]
    # a line inside one country is all of it there: no intersection to compute
    pieces = arr[line_idx].copy()
    cut = ~shapely.covers(polys, pieces)
    pieces[cut] = shapely.intersection(pieces[cut], polys[cut])
    piece_km = length_km(pieces)
    # Order countries by where the line first enters them.
    starts = shapely.line_locate_point(
        arr[line_idx], shapely.get_point(shapely.get_geometry(pieces, 0), 0), normalized=True
    )
    totals = length_km(arr)
    out: list[dict[str, float]] = []
    for i in range(len(arr)):
        sel = np.flatnonzero((line_idx == i) & (piece_km > min_km) & (piece_km > 0))
        sel = sel[np.argsort(starts[sel], kind="stable")]
        km = {str(iso[poly_idx[k]]): float(piece_km[k]) for k in sel}
        sea = float(totals[i]) - sum(km.values())
        if sea > 1e-6:
            km[SEA] = sea
        out.append(km)
    return out


def countries_along(line) -> tuple[str, ...]:
    """The countries a line enters, in order (ISO3; the sea left out).

    :func:`km_by_country`'s countries, without their kilometres: a line that
    meets one country only, and lies inside it, is told at once.

    Examples
    --------
    >>> from shapely import LineString
    >>> countries_along(LineString([(44.0, 41.8), (46.5, 40.9)]))
    ('GEO', 'AZE')
    >>> countries_along(LineString([(44.8, 41.7), (44.9, 41.75)]))
    ('GEO',)

    """
    import shapely

    tree, iso = _tree()
    near = tree.query(line)  # boxes that meet; then the prepared polygons tell
    meet = near[shapely.intersects(tree.geometries[near], line)]
    if len(meet) == 1 and shapely.covers(tree.geometries[meet[0]], line):
        return (str(iso[meet[0]]),)
    return tuple(c for c in km_by_country([line])[0] if c != SEA)
