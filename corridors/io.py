"""Reading and writing corridor files through pyogrio, with validation."""

from __future__ import annotations

import io
import json
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from . import catalogue
from ._atomic import check_output, write_bytes
from .exceptions import DataError
from .schema import validate_nodes, validate_segments

if TYPE_CHECKING:
    import geopandas as gpd

FORMATS: dict[str, str] = {
    ".geojson": "geojson", ".json": "geojson", ".gpkg": "gpkg", ".parquet": "parquet",
    ".geoparquet": "parquet", ".csv": "csv",
}
"""File suffixes corridors reads, and their format."""

ExportFormat = Literal["geojson", "gpkg", "parquet", "csv"]


def read_file(path: str | Path) -> gpd.GeoDataFrame:
    """Read a GeoJSON, GeoPackage, GeoParquet or CSV-with-WKT file, unvalidated.

    A CSV file has no CRS; its ``geometry`` (or ``wkt``) column, or its
    ``lon``/``lat`` columns, are taken as EPSG:4326.

    Parameters
    ----------
    path : str or pathlib.Path
        The file.

    Returns
    -------
    geopandas.GeoDataFrame

    Raises
    ------
    corridors.exceptions.DataError
        One line naming the file and what is wrong with it.

    """
    import geopandas as gpd
    import pyogrio.errors
    import shapely.errors

    p = Path(path)
    if not p.exists():
        raise DataError("no such file", path=p)
    if p.is_dir():
        raise DataError("is a directory, not a file", path=p)
    fmt = FORMATS.get(p.suffix.lower())
    if fmt is None:
        raise DataError(
            f"unsupported file type {p.suffix or '(none)'!r}; use one of {', '.join(FORMATS)}",
            path=p,
        )
    if p.stat().st_size == 0:
        raise DataError("is empty", path=p)
    if fmt in ("geojson", "csv"):
        text = _utf8(p)
        if fmt == "geojson":
            _check_json(text, p)
    try:
        gdf = _read(p, fmt)
    except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError,
            pyogrio.errors.FieldError, pyogrio.errors.GeometryError) as exc:
        raise DataError(f"cannot be read as {fmt}: {_one_line(exc)}", path=p) from None
    except shapely.errors.ShapelyError as exc:
        raise DataError(f"has an invalid geometry: {_one_line(exc)}", path=p) from None
    except (OSError, ValueError) as exc:  # pyarrow and geopandas parquet errors
        raise DataError(f"cannot be read as {fmt}: {_one_line(exc)}", path=p) from None
    if not isinstance(gdf, gpd.GeoDataFrame):
        where = "a 'geometry' (or 'wkt') column of WKT lines" if fmt == "csv" else "line geometries"
        raise DataError(f"has no geometry; corridors needs {where}", path=p)
    return gdf


def _read(path: Path, fmt: str) -> gpd.GeoDataFrame:
    """The file as read, a DataFrame if it has no geometry; a CSV file's lines in EPSG:4326."""
    import geopandas as gpd
    import pyogrio

    if fmt == "parquet":
        import pyarrow.parquet as pq

        if b"geo" not in (pq.read_schema(path).metadata or {}):
            return pq.read_schema(path).empty_table().to_pandas()  # no GeoParquet metadata
        return gpd.read_parquet(path)
    if fmt == "csv":
        gdf = pyogrio.read_dataframe(
            path,
            GEOM_POSSIBLE_NAMES="geometry,wkt,WKT",
            X_POSSIBLE_NAMES="lon,longitude",
            Y_POSSIBLE_NAMES="lat,latitude",
            KEEP_GEOM_COLUMNS="NO",
        )
        if isinstance(gdf, gpd.GeoDataFrame) and gdf.crs is None:
            gdf = gdf.set_crs(4326)
        return gdf
    return pyogrio.read_dataframe(path)


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:300]


def _utf8(path: Path) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise DataError(
            f"is not UTF-8 text (byte 0x{data[exc.start]:02x} on line {line})", path=path
        ) from None


def _not_json(constant: str) -> None:
    raise ValueError(f"{constant} is not a number in JSON")


def _check_json(text: str, path: Path) -> None:
    try:
        doc = json.loads(text, parse_constant=_not_json)
    except json.JSONDecodeError as exc:
        raise DataError(
            f"is not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})", path=path
        ) from None
    except ValueError as exc:  # NaN or Infinity, which Python's json would accept
        raise DataError(f"is not valid JSON: {exc}", path=path) from None
    kind = doc.get("type") if isinstance(doc, dict) else None
    if kind not in ("FeatureCollection", "Feature"):
        raise DataError(
            f"is not GeoJSON: top-level type is {kind!r}, expected 'FeatureCollection'", path=path
        )


def load(name_or_path: str | Path) -> gpd.GeoDataFrame:
    """Load a curated dataset by name, or a corridor file, validated.

    Parameters
    ----------
    name_or_path : str or pathlib.Path
        A dataset name (see :func:`corridors.datasets`) or the path of a
        GeoJSON, GeoPackage, GeoParquet or CSV (WKT) file of segments.

    Returns
    -------
    geopandas.GeoDataFrame
        One row per segment, EPSG:4326, with every schema column.

    Raises
    ------
    corridors.exceptions.DataError
        For a bad file, naming the file, the row and the field.
    corridors.exceptions.UnknownNameError
        For an unknown dataset name, with suggestions.

    Examples
    --------
    >>> import corridors
    >>> btc = corridors.load("btc")
    >>> btc.crs.to_epsg(), sorted(set(btc["system"]))
    (4326, ['BTC'])

    """
    p = Path(name_or_path)
    named_file = isinstance(name_or_path, Path) or p.suffix.lower() in FORMATS
    if named_file or (name_or_path and p.exists()):  # not "": that is the current directory
        return validate_segments(read_file(p), path=p)
    entry = catalogue.entry(str(name_or_path))
    return _load_curated(entry.path).copy()


@lru_cache(maxsize=32)
def _load_curated(path: Path) -> gpd.GeoDataFrame:
    return validate_segments(read_file(path), path=path)


def load_all() -> gpd.GeoDataFrame:
    """Return every curated dataset in one table, with a ``dataset`` column.

    Examples
    --------
    >>> from corridors.io import load_all
    >>> load_all()["dataset"].nunique() == len(catalogue.entries())
    True

    """
    import pandas as pd

    frames = []
    for d in catalogue.entries():
        gdf = _load_curated(d.path).copy()
        gdf.insert(0, "dataset", d.name)
        frames.append(gdf)
    return pd.concat(frames, ignore_index=True)


def nodes() -> gpd.GeoDataFrame:
    """Return the node table: terminals, ports, border crossings, stations, cities.

    Returns
    -------
    geopandas.GeoDataFrame
        Columns ``id``, ``name``, ``aliases``, ``kind``, ``country``,
        ``source_ids`` and a point geometry (EPSG:4326).

    Examples
    --------
    >>> import corridors
    >>> corridors.nodes().set_index("id").loc["sangachal", "kind"]
    'terminal'

    """
    return _nodes().copy()


def named_places(segments: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The nodes that segments name as their ends or as places they pass (``waypoints``).

    Parameters
    ----------
    segments : geopandas.GeoDataFrame
        Segments with ``from_node``, ``to_node`` or ``waypoints`` columns (a
        user's file without them names none).

    Returns
    -------
    geopandas.GeoDataFrame
        Rows of :func:`nodes`, in its order.

    Examples
    --------
    >>> import corridors
    >>> list(named_places(corridors.load("igb"))["name"])[:3]
    ['Komotini', 'Makaza–Nymfaia crossing', 'Zagore']

    """
    from .tables import split_ids

    cols = [c for c in ("from_node", "to_node", "waypoints") if c in segments.columns]
    ids = {i for c in cols for v in segments[c] for i in split_ids(v)}
    table = nodes()
    return table[table["id"].isin(ids)]


@lru_cache(maxsize=1)
def _nodes() -> gpd.GeoDataFrame:
    path = catalogue.data_file("nodes")
    gdf = read_file(path)
    return validate_nodes(gdf.drop(columns=["lat", "lon"], errors="ignore"), path=path)


def export(gdf: gpd.GeoDataFrame, path: str | Path, *, fmt: ExportFormat | None = None,
           layer: str = "segments") -> Path:
    """Write segments to a file atomically: GeoJSON (RFC 7946), GeoPackage, GeoParquet or CSV.

    Parameters
    ----------
    gdf : geopandas.GeoDataFrame
        What to write.
    path : str or pathlib.Path
        The output file; no partial file is left on failure.
    fmt : {"geojson", "gpkg", "parquet", "csv"}, optional
        The format; by default taken from the suffix of ``path``, which must
        not name another.
    layer : str, default "segments"
        The layer's name in a GeoPackage.

    Returns
    -------
    pathlib.Path
        The file written.

    Examples
    --------
    >>> import corridors, tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "btc.geojson"
    >>> corridors.export(corridors.load("btc"), out).suffix
    '.geojson'

    """
    import pyogrio

    out = Path(path)
    named = FORMATS.get(out.suffix.lower())
    if fmt and named and named != fmt:
        raise DataError(f"is the name of a {named} file, but the format asked is {fmt}", path=out)
    fmt = fmt or named
    if fmt not in ("geojson", "gpkg", "parquet", "csv"):
        raise DataError("cannot tell the format from the file name; give one", path=out)
    check_output(out)  # before the work
    # Written in memory, then to disk by Python, which reports a full disk: GDAL's
    # GeoJSON and CSV drivers ignore a failed write and leave a truncated file.
    buf = io.BytesIO()
    if fmt == "parquet":
        gdf.to_parquet(buf)
    elif fmt == "geojson":
        pyogrio.write_dataframe(gdf, buf, driver="GeoJSON", RFC7946="YES",
                                COORDINATE_PRECISION=6, WRITE_NAME="NO")
    elif fmt == "csv":
        pyogrio.write_dataframe(gdf, buf, driver="CSV", GEOMETRY="AS_WKT")
    else:
        pyogrio.write_dataframe(gdf, buf, driver="GPKG", layer=layer)
    write_bytes(out, buf.getvalue())
    return out
