"""The schema of corridor segments and nodes, and its validation.

A segment is one row: a line with a name and a mode, and optional attributes.
A user's own corridor file needs only ``name``, ``mode`` and a geometry.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .exceptions import DataError

if TYPE_CHECKING:
    import geopandas as gpd

MODES: tuple[str, ...] = ("oil_pipeline", "gas_pipeline", "rail", "ferry", "sea", "road")
"""Modes of transport a segment may have."""

STATUSES: tuple[str, ...] = (
    "operating", "construction", "planned", "proposed", "suspended", "idle", "retired",
    "unrealised",
)
"""Statuses a segment may have; ``unrealised`` is a plan whose year has passed unbuilt."""

FINAL_INVESTMENT_DECISIONS: tuple[str, ...] = ("taken", "not taken", "not reported")
"""Values of ``final_investment_decision``, given for planned and proposed projects
(``not reported``: no source found says whether one was taken)."""

CAPACITY_UNITS: tuple[str, ...] = (
    "bcm/yr", "mcm/d", "bbl/d", "Mt/yr", "t/yr", "TEU/yr", "trains/d", "ships/d",
    "pairs/d",
)
"""Units a segment's capacity may be given in. ``pairs/d`` counts train pairs a day, a pair
being one train each way: N pairs/d is N trains a day in each direction. ``trains/d`` is used only
where the source does not say whether it counts one direction or both."""

CAPACITY_OF: tuple[str, ...] = ("line", "port", "border_crossing", "ferry", "canal", "route")
"""What a segment's capacity is the capacity of: the line itself, a port or a border crossing
on it, the ferry service, a canal, or the whole route. Only capacities of the same kind compare."""

SEGMENT_COLUMNS: dict[str, str] = {
    "id": "str",
    "name": "str",
    "system": "str",
    "corridor": "str",
    "mode": "str",
    "status": "str",
    "status_since": "str",
    "final_investment_decision": "str",
    "capacity": "float",
    "capacity_unit": "str",
    "capacity_of": "str",
    "length_km_published": "float",
    "start_year": "Int64",
    "operator": "str",
    "countries": "str",
    "gauge_mm": "Int64",
    "route_accuracy": "str",
    "source_ids": "str",
    "notes": "str",
}
"""Columns of a segment table, with their types; all but name and mode are optional."""

FIELD_RANGES: dict[str, tuple[int, int]] = {"start_year": (1800, 2100), "gauge_mm": (300, 3000)}
"""The sane range of a whole-number field: a value outside is an error (a year of 1e19 is a
typing slip, not a date; track gauges run from 381 mm minimum-gauge lines to Brunel's 2,140)."""

REQUIRED_SEGMENT_COLUMNS: tuple[str, ...] = ("name", "mode")

NODE_KINDS: tuple[str, ...] = (
    "terminal", "port", "border_crossing", "gauge_break", "pump_station",
    "compressor_station", "landfall", "junction", "city",
)
"""Kinds a node may have."""

NODE_COLUMNS: dict[str, str] = {
    "id": "str", "name": "str", "aliases": "str", "kind": "str", "country": "str",
    "source_ids": "str",
}
"""Columns of the node table (besides its point geometry)."""


def _fail(message: str, path: str | Path | None, row: int | None = None, field: str | None = None):
    raise DataError(message, path=path, row=row, field=field)


def validate_segments(
    gdf: gpd.GeoDataFrame, *, path: str | Path | None = None
) -> gpd.GeoDataFrame:
    """Check a table of segments and return it with every schema column present.

    Parameters
    ----------
    gdf : geopandas.GeoDataFrame
        Segments as read from a file.
    path : str or pathlib.Path, optional
        The file they came from, named in errors.

    Returns
    -------
    geopandas.GeoDataFrame
        The same rows, in EPSG:4326, with missing optional columns added as
        nulls and columns cast to their schema types. Each row gets a stable
        ``id`` if it had none.

    Raises
    ------
    corridors.exceptions.DataError
        Naming the file, the row (from 1) and the field of the first problem.

    Examples
    --------
    >>> import geopandas as gpd
    >>> from shapely import LineString
    >>> gdf = gpd.GeoDataFrame({"name": ["Leg"], "mode": ["rail"]},
    ...                        geometry=[LineString([(44.8, 41.7), (43.5, 41.4)])], crs=4326)
    >>> validate_segments(gdf)[["id", "mode", "capacity"]].to_dict("records")
    [{'id': 'seg-1', 'mode': 'rail', 'capacity': nan}]

    """
    import numpy as np
    import pandas as pd
    import shapely

    if len(gdf) == 0:
        _fail("has no features", path)
    missing = [c for c in REQUIRED_SEGMENT_COLUMNS if c not in gdf.columns]
    if missing:
        _fail(f"missing required column(s) {', '.join(missing)}", path)
    gdf = _lonlat(gdf, path)
    geoms = gdf.geometry.array
    types = shapely.get_type_id(geoms)
    for i in np.flatnonzero(~np.isin(types, (1, 5))):  # LineString, MultiLineString
        kind = "missing" if geoms[i] is None else geoms[i].geom_type
        if geoms[i] is None and str(path).lower().endswith(".csv"):
            kind += " (or is not WKT)"  # GDAL reads WKT it cannot parse as no geometry
        _fail(f"geometry is {kind}; segments need a LineString or MultiLineString", path, i + 1,
              "geometry")
    _check_geometry(gdf, path)

    out = gdf.copy()
    for col, kind in SEGMENT_COLUMNS.items():
        if col not in out.columns:
            out[col] = pd.NA if kind != "float" else np.nan
    out["id"] = [
        f"seg-{i + 1}" if pd.isna(v) or str(v).strip() == "" else str(v)
        for i, v in enumerate(out["id"])
    ]
    dupes = out["id"][out["id"].duplicated()]
    if len(dupes):
        _fail(f"id {dupes.iloc[0]!r} is not unique", path, int(dupes.index[0]) + 1, "id")
    _check_text(out, "name", path)
    _check_choice(out, "mode", MODES, path, required=True)
    _check_choice(out, "status", STATUSES, path)
    out["status_since"] = _check_status_since(out, path)
    _check_choice(out, "final_investment_decision", FINAL_INVESTMENT_DECISIONS, path)
    _check_choice(out, "capacity_unit", CAPACITY_UNITS, path)
    _check_choice(out, "capacity_of", CAPACITY_OF, path)
    for col in ("capacity", "length_km_published", "start_year", "gauge_mm"):
        out[col] = _numeric(out[col], col, path, whole=SEGMENT_COLUMNS[col] == "Int64",
                            bounds=FIELD_RANGES.get(col))
    cap = out["capacity"].to_numpy(dtype=float)
    unit_missing = out["capacity_unit"].isna().to_numpy()
    for i in np.flatnonzero(~np.isnan(cap) & unit_missing):
        _fail("capacity is given without a capacity_unit", path, i + 1, "capacity_unit")
    for col in ("start_year", "gauge_mm"):
        out[col] = out[col].astype("Int64")
    for col in ("name", "system", "corridor", "mode", "status", "status_since",
                "final_investment_decision", "capacity_unit", "capacity_of", "operator",
                "countries", "route_accuracy", "source_ids", "notes"):
        out[col] = out[col].astype("string")
    return out


def validate_nodes(gdf: gpd.GeoDataFrame, *, path: str | Path | None = None) -> gpd.GeoDataFrame:
    """Check a node table: unique ids, known kinds, valid points in lon/lat.

    Parameters
    ----------
    gdf : geopandas.GeoDataFrame
        Nodes with at least ``id``, ``name`` and point geometries.
    path : str or pathlib.Path, optional
        The file they came from, named in errors.

    Returns
    -------
    geopandas.GeoDataFrame
        The nodes, with every node column present.

    Examples
    --------
    >>> import geopandas as gpd
    >>> from shapely import Point
    >>> gdf = gpd.GeoDataFrame({"id": ["tbilisi"], "name": ["Tbilisi"], "kind": ["city"]},
    ...                        geometry=[Point(44.83, 41.69)], crs=4326)
    >>> list(validate_nodes(gdf).columns)[:3]
    ['id', 'name', 'kind']

    """
    import numpy as np
    import pandas as pd
    import shapely

    for col in ("id", "name"):
        if col not in gdf.columns:
            _fail(f"missing required column {col}", path)
    gdf = _lonlat(gdf, path)
    types = shapely.get_type_id(gdf.geometry.array)
    for i in np.flatnonzero(types != 0):
        _fail("geometry must be a Point", path, i + 1, "geometry")
    _check_geometry(gdf, path)
    out = gdf.copy()
    for col in NODE_COLUMNS:
        if col not in out.columns:
            out[col] = pd.NA
    _check_text(out, "id", path)
    _check_text(out, "name", path)
    dupes = out["id"][out["id"].duplicated()]
    if len(dupes):
        _fail(f"id {dupes.iloc[0]!r} is not unique", path, int(dupes.index[0]) + 1, "id")
    _check_choice(out, "kind", NODE_KINDS, path)
    return out


def _lonlat(gdf: gpd.GeoDataFrame, path: str | Path | None) -> gpd.GeoDataFrame:
    """The table in 2D EPSG:4326, after checking its CRS is WGS 84 longitude, latitude.

    Heights (a third coordinate, as GeoJSON may carry: EPSG:4979) are dropped.
    """
    import shapely

    crs = gdf.crs
    if crs is None:
        _fail("has no CRS; corridors needs EPSG:4326 (longitude, latitude)", path)
    epsg = crs.to_epsg()
    if epsg not in (4326, 4979) and not any(crs.equals(c) for c in ("OGC:CRS84", "OGC:CRS84h")):
        name = f"EPSG:{epsg}" if epsg else crs.name
        _fail(f"CRS is {name}; corridors needs EPSG:4326 (longitude, latitude)", path)
    if epsg == 4326 and not shapely.has_z(gdf.geometry.array).any():
        return gdf
    return gdf.set_geometry(shapely.force_2d(gdf.geometry.array), crs=4326)


def _check_geometry(gdf: gpd.GeoDataFrame, path: str | Path | None) -> None:
    import numpy as np
    import shapely

    geoms = gdf.geometry.array
    for i in np.flatnonzero(shapely.is_empty(geoms)):
        _fail("geometry is empty", path, i + 1, "geometry")
    coords = shapely.get_coordinates(geoms)
    counts = shapely.get_num_coordinates(geoms)
    owner = np.repeat(np.arange(len(geoms)), counts)
    finite = np.isfinite(coords).all(axis=1)
    bad = ~finite | (np.abs(coords[:, 0]) > 180) | (np.abs(coords[:, 1]) > 90)
    if bad.any():
        k = int(np.flatnonzero(bad)[0])
        x, y = coords[k]
        what = ("is outside longitude ±180 / latitude ±90 (projected coordinates?)"
                if finite[k] else "is not a number")
        _fail(f"coordinate ({x:g}, {y:g}) {what}", path, int(owner[k]) + 1, "geometry")
    valid = shapely.is_valid(geoms)
    for i in np.flatnonzero(~valid):
        reason = shapely.is_valid_reason(geoms[i])
        _fail(f"geometry is invalid: {reason}", path, i + 1, "geometry")


def _check_text(gdf, col: str, path) -> None:
    import pandas as pd

    for i, v in enumerate(gdf[col]):
        if pd.isna(v) or str(v).strip() == "":
            _fail(f"{col} is empty", path, i + 1, col)


def _check_choice(gdf, col: str, allowed: tuple[str, ...], path, *, required: bool = False) -> None:
    import difflib

    import pandas as pd

    for i, v in enumerate(gdf[col]):
        if pd.isna(v) or str(v).strip() == "":
            if required:
                _fail(f"{col} is empty", path, i + 1, col)
            continue
        if v not in allowed:
            close = difflib.get_close_matches(str(v), allowed, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            _fail(f"unknown {col} {v!r}{hint}; expected one of {', '.join(allowed)}", path,
                  i + 1, col)


def _numeric(series, col: str, path, *, whole: bool = False,
             bounds: tuple[int, int] | None = None):
    """Parse a column as numbers: text, NaN, negatives, fractions (if ``whole``), out of bounds.

    Each is an error naming the row and the field.
    """
    import numpy as np
    import pandas as pd

    values = np.full(len(series), np.nan)
    for i, v in enumerate(series):
        if v is None or v is pd.NA or (isinstance(v, str) and v.strip() == ""):
            continue
        if isinstance(v, float) and np.isnan(v):
            continue  # a null read as a float column
        try:
            x = float(v)
        except (TypeError, ValueError):
            _fail(f"{col} {v!r} is not a number", path, i + 1, col)
        except OverflowError:
            _fail(f"{col} {v!r} is not a finite number", path, i + 1, col)
        if not np.isfinite(x):
            _fail(f"{col} {v!r} is not a finite number", path, i + 1, col)
        if x < 0:
            _fail(f"{col} {x:g} is negative", path, i + 1, col)
        if whole and not x.is_integer():
            _fail(f"{col} {x:g} is not a whole number", path, i + 1, col)
        if bounds is not None and not bounds[0] <= x <= bounds[1]:
            _fail(f"{col} {x:g} is out of range; expected {bounds[0]} to {bounds[1]}", path,
                  i + 1, col)
        values[i] = x
    return pd.Series(values, index=series.index)


def _check_status_since(gdf, path):
    """Check ``status_since`` and return it as text (a reader may parse dates into timestamps).

    ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, or ``by YYYY…`` where sources attest the
    status at that date without dating its start.
    """
    import re

    import pandas as pd

    values = []
    for i, v in enumerate(gdf["status_since"]):
        if hasattr(v, "strftime") and not pd.isna(v):
            v = v.strftime("%Y-%m-%d")
        values.append(v)
        if pd.isna(v) or str(v).strip() == "":
            continue
        if not re.fullmatch(r"(by )?\d{4}(-\d{2}(-\d{2})?)?", str(v).strip()):
            _fail(f"status_since {v!r} is not a date (YYYY, YYYY-MM, YYYY-MM-DD or 'by YYYY')",
                  path, i + 1, "status_since")
    return pd.Series(values, index=gdf.index, dtype=object)
