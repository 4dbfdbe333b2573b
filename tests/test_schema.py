"""Bad input of every kind: one line on stderr, exit 2, no traceback, no output file."""

import json
import sqlite3

import pytest
from conftest import LINE

import corridors
from corridors.exceptions import DataError
from corridors.schema import validate_segments

OK = {"name": "Leg", "mode": "rail", "geometry": LINE}


def _fc(features, **top):
    return json.dumps({"type": "FeatureCollection", **top, "features": [
        {"type": "Feature", "geometry": f.get("geometry", LINE),
         "properties": {k: v for k, v in f.items() if k != "geometry"}} for f in features]},
        ensure_ascii=False)


def _with(**changes):
    return _fc([{**OK, **changes}])


def _gpkg_without_crs(path):
    import warnings

    import geopandas as gpd
    from shapely import LineString

    with warnings.catch_warnings():  # pyogrio warns of what this file is made to lack
        warnings.filterwarnings("ignore", "'crs' was not provided", UserWarning)
        gpd.GeoDataFrame({"name": ["a"], "mode": ["rail"]},
                         geometry=[LineString([(44.8, 41.7), (43.5, 41.4)])]).to_file(path)


def _gpkg_without_geometry(path):
    import pandas as pd
    import pyogrio

    pyogrio.write_dataframe(pd.DataFrame({"name": ["a"], "mode": ["rail"]}), path)


def _parquet_without_geometry(path):
    import pandas as pd

    pd.DataFrame({"name": ["a"], "mode": ["rail"]}).to_parquet(path)


def _plain_sqlite_file(path):
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE t (x INTEGER)")


# (case id, file name, content: str | bytes | callable(path) | None for "absent",
#  words the error line must contain)
CASES = [
    ("missing-file", "absent.geojson", None, "no such file"),
    ("directory", "folder.geojson", "DIR", "directory"),
    ("empty-file", "e.geojson", "", "is empty"),
    ("unknown-suffix", "c.kml", "<kml/>", "unsupported file type"),
    ("truncated-geojson", "t.geojson", _fc([OK])[:-40], "not valid JSON"),
    ("malformed-json", "m.geojson", '{"type": "FeatureCollection", "features": [,]}',
     "not valid JSON"),
    ("not-geojson-object", "n.geojson", "[1, 2, 3]", "not GeoJSON"),
    ("wrong-crs", "w.geojson",
     _fc([OK], crs={"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3857"}}),
     "EPSG:3857"),
    ("projected-coordinates", "p.geojson",
     _with(geometry={"type": "LineString",
                     "coordinates": [[4987000, 5118000], [4840000, 5075000]]}),
     "projected"),
    ("latitude-out-of-range", "l.geojson",
     _with(geometry={"type": "LineString", "coordinates": [[44.8, 95.0], [43.5, 41.4]]}),
     "latitude"),
    ("empty-geometry", "eg.geojson", _with(geometry={"type": "LineString", "coordinates": []}),
     "empty"),
    ("null-geometry", "ng.geojson", _with(geometry=None), "missing"),
    ("point-geometry", "pt.geojson", _with(geometry={"type": "Point", "coordinates": [44.8, 41.7]}),
     "LineString"),
    ("invalid-geometry", "ig.geojson",
     _with(geometry={"type": "LineString", "coordinates": [[44.8, 41.7]]}), "geometry"),
    ("missing-name-column", "mn.geojson", _fc([{"mode": "rail"}]), "name"),
    ("missing-mode-column", "mm.geojson", _fc([{"name": "Leg"}]), "mode"),
    ("empty-name", "en.geojson", _with(name=""), "name is empty"),
    ("unknown-mode", "um.geojson", _with(mode="teleport"), "unknown mode"),
    ("unknown-status", "us.geojson", _with(status="dreaming"), "unknown status"),
    ("negative-capacity", "nc.geojson", _with(capacity=-5, capacity_unit="bcm/yr"), "negative"),
    ("text-capacity", "tc.geojson", _with(capacity="lots", capacity_unit="bcm/yr"),
     "not a number"),
    ("nan-capacity-csv", "nan.csv",
     "name,mode,capacity,capacity_unit,geometry\n"
     'Leg,rail,NaN,Mt/yr,"LINESTRING (44.8 41.7, 43.5 41.4)"\n',
     "not a finite number"),
    ("unknown-unit", "uu.geojson", _with(capacity=10, capacity_unit="barrels/fortnight"),
     "unknown capacity_unit"),
    ("capacity-without-unit", "cu.geojson", _with(capacity=10), "capacity_unit"),
    ("duplicate-ids", "di.geojson", _fc([{**OK, "id": "a"}, {**OK, "id": "a"}]), "not unique"),
    ("no-features", "nf.geojson", _fc([]), "no features"),
    ("non-utf8-geojson", "latin.geojson", _with(name="Türkgözü").encode("latin-1"), "not UTF-8"),
    ("non-utf8-csv", "latin.csv",
     'name,mode,geometry\nT\xfcrkg\xf6z\xfc,rail,"LINESTRING (44.8 41.7, 43.5 41.4)"\n'.encode(
         "latin-1"), "not UTF-8"),
    ("garbage-gpkg", "g.gpkg", bytes(range(256)) * 8, "cannot be read"),
    ("plain-sqlite-as-gpkg", "s.gpkg", _plain_sqlite_file, "cannot be read"),
    ("gpkg-without-crs", "nocrs.gpkg", _gpkg_without_crs, "no CRS"),
    ("garbage-parquet", "g.parquet", b"PAR1" + b"\x00garbage" * 50, "cannot be read"),
    ("fractional-year", "fy.geojson", _with(start_year=2020.5), "not a whole number"),
    ("fractional-gauge", "fg.geojson", _with(gauge_mm=1520.5), "not a whole number"),
    ("nan-in-geojson", "nan.geojson",
     _fc([OK]).replace("41.7", "NaN"), "NaN is not a number in JSON"),
    ("csv-without-geometry", "ng.csv", "name,mode\nLeg,rail\n", "has no geometry"),
    ("gpkg-without-geometry", "ng.gpkg", _gpkg_without_geometry, "has no geometry"),
    ("csv-bad-wkt", "bw.csv", 'name,mode,geometry\nLeg,rail,"LINESTRING (44.8 41.7, oops)"\n',
     "geometry is missing (or is not WKT)"),
    ("parquet-without-geometry", "ng.parquet", _parquet_without_geometry, "has no geometry"),
]


def _make(tmp_path, name, content):
    path = tmp_path / name
    if content is None:
        return path
    if content == "DIR":
        path.mkdir()
    elif callable(content):
        content(path)
    elif isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def test_there_are_at_least_25_kinds_of_bad_input():
    assert len(CASES) >= 25


@pytest.mark.parametrize(("name", "content", "words"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])
@pytest.mark.parametrize("command", ["validate", "export"])
def test_bad_input_gives_one_line_exit_2_and_no_output(tmp_path, cli, command, name, content,
                                                       words):
    path = _make(tmp_path, name, content)
    out = tmp_path / "out.geojson"
    args = ["validate", path] if command == "validate" else [
        "export", path, "--format", "geojson", "--out", out]
    run = cli(*args)
    assert run.code == 2, run.err
    lines = run.err.strip().splitlines()
    assert len(lines) == 1, run.err
    assert "Traceback" not in run.err
    assert lines[0].startswith("corridors: error: ")
    assert words.lower() in lines[0].lower()
    assert str(path.name) in lines[0]
    assert not out.exists()
    assert list(tmp_path.glob(".*tmp*")) == []


def test_error_names_file_row_and_field(write_geojson):
    path = write_geojson([{**OK}, {**OK, "mode": "hovercraft"}])
    with pytest.raises(DataError) as info:
        corridors.load(path)
    assert (info.value.row, info.value.field) == (2, "mode")
    assert str(info.value).startswith(f"{path}, row 2, field 'mode': unknown mode 'hovercraft'")


def test_a_users_file_needs_only_name_mode_and_geometry(write_geojson):
    gdf = corridors.load(write_geojson([OK]))
    assert list(gdf["mode"]) == ["rail"]
    assert gdf["capacity"].isna().all() and gdf["id"].tolist() == ["seg-1"]


def test_unknown_mode_suggests_the_closest(write_geojson):
    with pytest.raises(DataError, match="did you mean 'ferry'"):
        corridors.load(write_geojson([{**OK, "mode": "fery"}]))


def test_validation_keeps_all_rows_and_casts_types():
    import geopandas as gpd
    from shapely import LineString

    gdf = gpd.GeoDataFrame({"name": ["a", "b"], "mode": ["rail", "sea"], "capacity": ["5", None],
                            "capacity_unit": ["Mt/yr", None]},
                           geometry=[LineString([(0, 0), (1, 1)])] * 2, crs=4326)
    out = validate_segments(gdf)
    assert out["capacity"].tolist()[0] == 5.0 and out["capacity"].isna().tolist()[1]


def test_heights_in_a_geojson_file_are_dropped(write_geojson):
    # GeoJSON positions may carry a height; GDAL then reads the file as EPSG:4979 (WGS 84 3D).
    line = {"type": "LineString", "coordinates": [[44.8, 41.7, 450.0], [43.5, 41.4, 120.0]]}
    gdf = corridors.load(write_geojson([{**OK, "geometry": line}]))
    assert gdf.crs.to_epsg() == 4326
    assert not gdf.has_z.any()
    assert gdf.get_coordinates().to_numpy().tolist() == [[44.8, 41.7], [43.5, 41.4]]


def test_whole_numbers_written_as_floats_are_years():
    import geopandas as gpd
    from shapely import LineString

    gdf = gpd.GeoDataFrame({"name": ["a"], "mode": ["rail"], "start_year": [2020.0],
                            "gauge_mm": ["1520"]},
                           geometry=[LineString([(44.8, 41.7), (43.5, 41.4)])], crs=4326)
    out = validate_segments(gdf)
    assert (out["start_year"].iloc[0], out["gauge_mm"].iloc[0]) == (2020, 1520)
