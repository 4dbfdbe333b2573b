"""Reading and writing corridor files through pyogrio, with validation."""

from __future__ import annotations

import io
import json
import math
import re
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


MAX_JSON_DEPTH = 64
"""Deepest nesting of arrays and objects read from a JSON file (a GeoJSON
multi-polygon needs 8)."""

MAX_NUMBER_CHARS = 40
"""Longest number literal read from a JSON file, in characters."""


def read_file(path: str | Path, *, layer: str | None = None) -> gpd.GeoDataFrame:
    """Read a GeoJSON, GeoPackage, GeoParquet or CSV-with-WKT file, unvalidated.

    A CSV file has no CRS; its ``geometry`` (or ``wkt``) column, or its
    ``lon``/``lat`` columns, are taken as EPSG:4326.

    Parameters
    ----------
    path : str or pathlib.Path
        The file.
    layer : str, optional
        The layer of a GeoPackage; needed when it has more than one.

    Returns
    -------
    geopandas.GeoDataFrame

    Raises
    ------
    corridors.exceptions.DataError
        One line naming the file and what is wrong with it: unreadable, not
        UTF-8 (with the byte offset), a NUL byte, a duplicate key or column,
        JSON nested deeper than ``MAX_JSON_DEPTH`` or with a number longer
        than ``MAX_NUMBER_CHARS``, a GeoPackage of several layers and no
        ``layer``.

    """
    import geopandas as gpd
    import pyogrio.errors
    import shapely.errors

    p = Path(path)
    fmt = FORMATS.get(p.suffix.lower())
    try:
        if not p.exists():
            raise DataError("no such file", path=p)
        if p.is_dir():
            raise DataError("is a directory, not a file", path=p)
        if fmt is None:
            raise DataError(
                f"unsupported file type {p.suffix or '(none)'!r}; use one of {', '.join(FORMATS)}",
                path=p,
            )
        if p.stat().st_size == 0:
            raise DataError("is empty", path=p)
        if layer is not None and fmt != "gpkg":
            raise DataError(f"has no layers; a layer ({layer!r}) is for a GeoPackage", path=p)
        source: Path | io.BytesIO = p
        if fmt in ("geojson", "csv"):
            text = _utf8(p)
            if fmt == "geojson":
                doc = _check_geojson(text, p)
                if _SURROGATE.search(text):  # GDAL decodes some escaped pairs wrongly ("\ufffd")
                    source = io.BytesIO(json.dumps(doc, ensure_ascii=False).encode("utf-8"))
            else:
                _check_csv_header(text, p)
        elif fmt == "gpkg":
            layer = _layer(p, layer)
        else:
            _check_parquet_columns(p)
        gdf = _read(source, fmt, layer)
    except OSError as exc:  # no permission, an I/O error: pyarrow's errors are OSErrors too
        raise DataError(f"cannot be read: {_one_line(exc.strerror or exc)}", path=p) from None
    except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError,
            pyogrio.errors.FieldError, pyogrio.errors.GeometryError) as exc:
        raise DataError(f"cannot be read as {fmt}: {_one_line(exc)}", path=p) from None
    except shapely.errors.ShapelyError as exc:
        raise DataError(f"has an invalid geometry: {_one_line(exc)}", path=p) from None
    except DataError:
        raise
    except ValueError as exc:  # pyarrow and geopandas parquet errors
        raise DataError(f"cannot be read as {fmt}: {_one_line(exc)}", path=p) from None
    if not isinstance(gdf, gpd.GeoDataFrame):
        where = "a 'geometry' (or 'wkt') column of WKT lines" if fmt == "csv" else "line geometries"
        raise DataError(f"has no geometry; corridors needs {where}", path=p)
    _check_nul(gdf, p)
    return gdf


def _layer(path: Path, layer: str | None) -> str:
    """The layer to read from a GeoPackage: ``layer``, or its only one."""
    import warnings

    import pyogrio

    with warnings.catch_warnings():  # GDAL's warnings on a bad file: the read says what is wrong
        warnings.simplefilter("ignore")
        names = [str(n) for n in pyogrio.list_layers(path)[:, 0]]
    if layer is None:
        if len(names) == 1:
            return names[0]
        raise DataError(f"has {len(names)} layers ({', '.join(names)}); say which with "
                        "--layer NAME (layer= in Python)", path=path)
    if layer not in names:
        raise DataError(f"has no layer {layer!r}; its layers are {', '.join(names)}", path=path)
    return layer


def _check_csv_header(text: str, path: Path) -> None:
    import csv

    header = next(csv.reader(io.StringIO(text)), [])
    _no_duplicates([h.strip() for h in header], "column", path)


def _check_parquet_columns(path: Path) -> None:
    import pyarrow.parquet as pq

    _no_duplicates(pq.read_schema(path).names, "column", path)


def _no_duplicates(names, what: str, path: Path) -> None:
    seen: set[str] = set()
    for name in names:
        if name in seen:
            raise DataError(f"has the {what} {name!r} twice", path=path)
        seen.add(name)


def _check_nul(gdf, path: Path) -> None:
    """A NUL character in text: GDAL and SQLite cut the text there."""
    for col in gdf.columns:
        if col == gdf.geometry.name or not (gdf[col].dtype.kind in "OSU"
                                            or str(gdf[col].dtype) == "string"):
            continue
        for i, v in enumerate(gdf[col]):
            if isinstance(v, str) and "\x00" in v:
                raise DataError("contains a NUL character", path=path, row=i + 1, field=str(col))


def _read(path: Path | io.BytesIO, fmt: str, layer: str | None = None) -> gpd.GeoDataFrame:
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
    return pyogrio.read_dataframe(path, layer=layer)


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:300]


def _utf8(path: Path) -> str:
    """The text of a file: UTF-8 throughout, with no NUL byte."""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise DataError(f"is not UTF-8 text: byte 0x{data[exc.start]:02x} at offset "
                        f"{exc.start} (line {line})", path=path) from None
    nul = data.find(b"\x00")
    if nul >= 0:
        line = data.count(b"\n", 0, nul) + 1
        raise DataError(f"contains a NUL byte at offset {nul} (line {line})", path=path)
    return text


def parse_json(text: str, path: Path | str) -> object:
    r"""Parse JSON text strictly; any fault is a :class:`DataError` naming ``path``.

    Refused: NaN and Infinity, nesting deeper than ``MAX_JSON_DEPTH``, a
    number longer than ``MAX_NUMBER_CHARS`` or too large for a float, a key
    twice in one object, and a NUL character (``\u0000``) in a string.

    Examples
    --------
    >>> parse_json('{"a": 1, "a": 2}', "x.json")
    Traceback (most recent call last):
    corridors.exceptions.DataError: x.json: is not valid JSON: the key 'a' is given twice in one object

    """  # noqa: E501 (a doctest's output is one line)
    depth = _json_depth(text)
    if depth > MAX_JSON_DEPTH:
        raise DataError(f"is not valid JSON: nested {depth} deep, more than {MAX_JSON_DEPTH}",
                        path=path)
    try:
        doc = json.loads(text, parse_constant=_not_json, parse_int=_int, parse_float=_float,
                         object_pairs_hook=_unique_keys)
    except json.JSONDecodeError as exc:
        raise DataError(
            f"is not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})", path=path
        ) from None
    except ValueError as exc:
        raise DataError(f"is not valid JSON: {exc}", path=path) from None
    if _SURROGATE.search(text):
        try:
            json.dumps(doc, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError as exc:
            lone = exc.object[exc.start]
            raise DataError(f"is not valid JSON: a string holds \\u{ord(lone):04x}, half of a "
                            "UTF-16 pair and no character", path=path) from None
    if "\\u0000" in text and _NUL_ESCAPE.search(text):
        raise DataError("is not valid JSON: a string holds a NUL character (\\u0000)",
                        path=path)
    return doc


_NUL_ESCAPE = re.compile(r"(?<!\\)(?:\\\\)*\\u0000")
_SURROGATE = re.compile(r"\\u[dD][89a-fA-F]")
_DEPTH_STEP = b'[]{}"'


def _json_depth(text: str) -> int:
    """The deepest nesting of arrays and objects in JSON text, strings skipped (vectorised)."""
    import numpy as np

    data = text.encode("utf-8", "surrogatepass").replace(b"\\\\", b"").replace(b'\\"', b"")
    tokens = np.frombuffer(data.translate(None, _DROP), dtype=np.uint8)
    if tokens.size == 0:
        return 0
    inside = (np.cumsum(tokens == ord('"')) & 1).astype(bool)
    step = np.zeros(256, dtype=np.int64)
    step[[ord("["), ord("{")]], step[[ord("]"), ord("}")]] = 1, -1
    return int(np.cumsum(np.where(inside, 0, step[tokens])).max(initial=0))


_DROP = bytes(set(range(256)) - set(_DEPTH_STEP))


def _int(literal: str) -> int:
    if len(literal) > MAX_NUMBER_CHARS:
        raise ValueError(f"the number {literal[:12]}… has {len(literal)} digits, more than "
                         f"{MAX_NUMBER_CHARS}")
    return int(literal)


def _float(literal: str) -> float:
    if len(literal) > MAX_NUMBER_CHARS:
        raise ValueError(f"the number {literal[:12]}… has {len(literal)} characters, more "
                         f"than {MAX_NUMBER_CHARS}")
    value = float(literal)
    if math.isinf(value):
        raise ValueError(f"the number {literal} is too large")
    return value


def _unique_keys(pairs: list[tuple[str, object]]) -> dict:
    doc = dict(pairs)
    if len(doc) < len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise ValueError(f"the key {key!r} is given twice in one object")
            seen.add(key)
    return doc


def _not_json(constant: str) -> None:
    raise ValueError(f"{constant} is not a number in JSON")


def _check_geojson(text: str, path: Path) -> dict:
    doc = parse_json(text, path)
    kind = doc.get("type") if isinstance(doc, dict) else None
    if kind not in ("FeatureCollection", "Feature"):
        raise DataError(
            f"is not GeoJSON: top-level type is {kind!r}, expected 'FeatureCollection'", path=path
        )
    return doc


def load(name_or_path: str | Path, *, layer: str | None = None) -> gpd.GeoDataFrame:
    """Load a curated dataset by name, or a corridor file, validated.

    Parameters
    ----------
    name_or_path : str or pathlib.Path
        A dataset name (see :func:`corridors.datasets`) or the path of a
        GeoJSON, GeoPackage, GeoParquet or CSV (WKT) file of segments.
    layer : str, optional
        The layer of a GeoPackage; needed when it has more than one.

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
        return validate_segments(read_file(p, layer=layer), path=p)
    if layer is not None:
        raise DataError(f"{name_or_path!r} is a dataset, not a GeoPackage; it has no layer "
                        f"{layer!r}")
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
