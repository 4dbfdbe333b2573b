"""The remaining bad inputs: each is one line naming what and where, and exit 2."""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path

import pytest
from conftest import LINE, is_root, leftovers

import corridors
from corridors import settings
from corridors.exceptions import DataError
from corridors.io import MAX_JSON_DEPTH, parse_json

OK = {"id": "a", "name": "Leg", "mode": "rail", "geometry": LINE}


def feature_collection(*properties: dict) -> dict:
    return {"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": LINE, "properties": p} for p in properties]}


def one_line(run) -> str:
    assert run.code == 2, run.err
    assert run.err.count("\n") == 1 and "Traceback" not in run.err, run.err
    assert run.err.startswith("corridors: error: ")
    return run.err


def deep(n: int) -> str:
    return "[" * n + "]" * n


CSV = b'name,mode,geometry\nLeg,rail,"LINESTRING (44.8 41.7, 43.5 41.4)"\n'
"""A valid CSV file of one segment."""

# name, file name, content (bytes or str), words of the message
CASES = [
    ("geojson-nested-100000-deep", "d.geojson",
     '{"type": "FeatureCollection", "features": ' + deep(100_000) + "}",
     f"nested 100001 deep, more than {MAX_JSON_DEPTH}"),
    ("number-of-5000-digits", "n.geojson",
     json.dumps(feature_collection({**OK, "geometry": None})).replace(
         "null", "1" * 5000), "has 5000 digits"),
    ("number-too-large-for-a-float", "f.geojson",
     json.dumps(feature_collection({"name": "Leg", "mode": "rail", "capacity": 1})).replace(
         '"capacity": 1', '"capacity": 1e400'), "the number 1e400 is too large"),
    ("start-year-1e19", "y.geojson",
     json.dumps(feature_collection({"name": "Leg", "mode": "rail", "start_year": 1e19})),
     "start_year 1e+19 is out of range; expected 1800 to 2100"),
    ("start-year-10-to-the-19", "y2.geojson",
     json.dumps(feature_collection({"name": "Leg", "mode": "rail", "start_year": 10**19})),
     "start_year 1e+19 is out of range"),
    ("gauge-1e20", "g.geojson",
     json.dumps(feature_collection({"name": "Leg", "mode": "rail", "gauge_mm": 1e20})),
     "gauge_mm 1e+20 is out of range; expected 300 to 3000"),
    ("start-year-in-a-csv", "y.csv",
     'name,mode,start_year,geometry\nLeg,rail,99999999999999999999,"LINESTRING (44.8 41.7, 43.5 '
     '41.4)"\n', "start_year 1e+20 is out of range"),
    ("invalid-utf8-after-valid", "u.geojson",
     json.dumps(feature_collection({"name": "Leg", "mode": "rail"}), ensure_ascii=False).encode()
     .replace(b'"Leg"', b'"L\xffeg"'), "byte 0xff at offset"),
    ("invalid-utf8-at-the-end", "e.csv", CSV + b" " * 9000 + b"\xc3",
     f"byte 0xc3 at offset {len(CSV) + 9000} (line 3)"),
    ("nul-byte", "z.geojson",
     json.dumps(feature_collection({"name": "Leg", "mode": "rail"})).encode()
     .replace(b'"Leg"', b'"Le\x00g"'), "contains a NUL byte at offset"),
    ("nul-escape", "z2.geojson",
     json.dumps(feature_collection({"name": "Le\x00g", "mode": "rail"})),
     "a string holds a NUL character"),
    ("duplicate-key", "k.geojson",
     json.dumps(feature_collection({"name": "Leg", "mode": "rail"})).replace(
         '"name": "Leg"', '"name": "Leg", "name": "Other"'), "the key 'name' is given twice"),
    ("duplicate-top-level-key", "k2.geojson",
     '{"type": "FeatureCollection", "features": [], "features": []}',
     "the key 'features' is given twice"),
    ("duplicate-csv-column", "c.csv",
     'name,mode,name,geometry\nLeg,rail,Other,"LINESTRING (44.8 41.7, 43.5 41.4)"\n',
     "has the column 'name' twice"),
]


@pytest.mark.parametrize(("name", "content", "words"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])
@pytest.mark.parametrize("command", ["validate", "show", "export", "map"])
def test_bad_input_is_one_line(cli, tmp_path, command, name, content, words):
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    out = tmp_path / ("out.html" if command == "map" else "out.geojson")
    argv = {"validate": ["validate", path], "show": ["show", path],
            "export": ["export", path, "--out", out], "map": ["map", path, "--out", out]}
    err = one_line(cli(*argv[command]))
    assert words in err and name in err
    assert leftovers(tmp_path, name) == []


def test_escaped_characters_beyond_the_bmp_are_kept_and_lone_surrogates_refused(write_geojson):
    """GDAL read "\\ud8f5\\udc00" as U+FFFD: a name silently altered (found by the property
    test of test_output_safety)."""
    for name in ("\U0004d800", "\U0001f600", "Baku \U00020000"):
        path = write_geojson([{**OK, "name": name}])  # json.dumps escapes them as pairs
        assert "\\ud" in path.read_text()
        assert list(corridors.load(path)["name"]) == [name]
    path = write_geojson([{**OK, "name": "x\udcffy"}])
    with pytest.raises(DataError, match=r"holds \\udcff, half of a UTF-16 pair"):
        corridors.load(path)


def test_the_offset_of_an_invalid_byte_is_exact(tmp_path):
    data = b"name,mode,geometry\nLeg,rail,\"LINESTRING (44.8 41.7, 43.5 41.4)\"\n"
    path = tmp_path / "x.csv"
    path.write_bytes(data + b"Ok,rail,\xfe")
    with pytest.raises(DataError, match=rf"byte 0xfe at offset {len(data) + 8} \(line 3\)"):
        corridors.load(path)


def test_a_nul_in_a_parquet_name_is_named_by_row_and_field(tmp_path):
    import geopandas as gpd
    from shapely import LineString

    path = tmp_path / "n.parquet"
    gpd.GeoDataFrame({"name": ["Fine", "Cut\x00here"], "mode": ["rail", "rail"]},
                     geometry=[LineString([(44, 41), (45, 41)])] * 2, crs=4326).to_parquet(path)
    with pytest.raises(DataError, match="row 2, field 'name': contains a NUL character"):
        corridors.load(path)


def test_parse_json_limits():
    assert parse_json(deep(MAX_JSON_DEPTH), "x") is not None
    with pytest.raises(DataError, match="nested"):
        parse_json(deep(MAX_JSON_DEPTH + 1), "x")
    text = ["[" * (MAX_JSON_DEPTH + 5) + '"']
    assert parse_json(json.dumps(text), "x") == text  # brackets in a string do not nest
    assert parse_json('"a\\\\u0000"', "x") == "a\\u0000"  # an escaped backslash, not a NUL


@pytest.fixture
def multi_layer(tmp_path):
    import geopandas as gpd
    import pyogrio
    from shapely import LineString

    path = tmp_path / "two.gpkg"
    for layer, name in (("rail", "Rail leg"), ("road", "Road leg")):
        gdf = gpd.GeoDataFrame({"name": [name], "mode": [layer]},
                               geometry=[LineString([(44.8, 41.7), (43.5, 41.4)])], crs=4326)
        pyogrio.write_dataframe(gdf, path, layer=layer, append=path.exists())
    return path


def test_a_geopackage_of_several_layers_needs_one_named(cli, multi_layer, tmp_path):
    err = one_line(cli("validate", multi_layer))
    assert "has 2 layers (rail, road); say which with --layer NAME (layer= in Python)" in err
    assert cli("validate", multi_layer, "--layer", "road").code == 0
    assert "has no layer 'ship'; its layers are rail, road" in one_line(
        cli("show", multi_layer, "--layer", "ship"))
    assert list(corridors.load(multi_layer, layer="road")["name"]) == ["Road leg"]
    out = tmp_path / "road.geojson"
    assert cli("export", multi_layer, "--layer", "road", "--out", out).code == 0
    assert json.loads(out.read_text())["features"][0]["properties"]["name"] == "Road leg"
    with pytest.raises(DataError, match="has 2 layers"):
        corridors.load(multi_layer)
    assert "has 2 layers" in one_line(cli("map", multi_layer, "--out", tmp_path / "m.html"))
    assert cli("map", multi_layer, "btc", "--layer", "rail", "--out", tmp_path / "m.html").code == 0
    assert "Rail leg" in (tmp_path / "m.html").read_text()


@contextlib.contextmanager
def unreadable(path: Path):
    """``path`` made unreadable: by its mode, or (as root, who reads anything) by reading it as
    nobody for the while."""
    path.chmod(0)
    if not is_root():
        yield
        return
    os.seteuid(65534)
    try:
        yield
    finally:
        os.seteuid(0)


@pytest.fixture
def open_dir():
    """A directory anyone may enter (pytest's own are private to their owner)."""
    import shutil
    import tempfile

    folder = Path(tempfile.mkdtemp())
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder)


@pytest.mark.parametrize("suffix", [".geojson", ".csv"])
@pytest.mark.parametrize("command", ["validate", "show", "export", "map"])
def test_an_unreadable_file_is_one_line(cli, open_dir, command, suffix):
    import geopandas  # noqa: F401  (imported while the files of the package can be read)

    path = open_dir / f"secret{suffix}"
    corridors.export(corridors.load("btc"), path)
    out = open_dir / ("o.html" if command == "map" else "o.geojson")
    argv = {"validate": ["validate", path], "show": ["show", path],
            "export": ["export", path, "--out", out], "map": ["map", path, "--out", out]}
    with unreadable(path):
        run = cli(*argv[command])
    assert f"secret{suffix}: cannot be read: Permission denied" in one_line(run)


def test_a_file_name_with_a_line_break_is_one_line(cli, tmp_path):
    err = one_line(cli("validate", tmp_path / "a\nb.geojson"))
    assert "a\\nb.geojson: no such file" in err
    err = one_line(cli("export", "btc", "--out", tmp_path / "x\ny.geojson"))
    assert "a file name may not contain a line break" in err
    assert leftovers(tmp_path) == []


@pytest.fixture
def assumptions(tmp_path):
    """Write the shipped assumptions with a change: ``assumptions(edit)`` is a Path."""

    def write(edit, text: str | None = None) -> Path:
        doc = json.loads((settings.resolved_data_dir() / "assumptions.json").read_text())
        edit(doc)
        path = tmp_path / "mine.json"
        path.write_text(text or json.dumps(doc), encoding="utf-8")
        return path

    return write


def _set(*keys, value):
    def edit(doc):
        d = doc
        for k in keys[:-1]:
            d = d[k]
        if value is KeyError:
            del d[keys[-1]]
        else:
            d[keys[-1]] = value
    return edit


@pytest.mark.parametrize(("edit", "words"), [
    (_set("speed_km_per_h", "rail", "high", value=float("inf")),
     "Infinity is not a number in JSON"),
    (_set("speed_km_per_h", "rail", "low", value=1e-300),
     "field 'speed_km_per_h.rail.low': 1e-300 is out of bounds; expected 0.1 to 1000"),
    (_set("speed_km_per_h", "sea", "high", value=5000),
     "field 'speed_km_per_h.sea.high': 5000 is out of bounds; expected 0.1 to 1000"),
    (_set("dwell_h", "border", "high", value=24 * 31),
     "field 'dwell_h.border.high': 744 is out of bounds; expected 0 to 720"),
    (_set("speed_km_per_h", "road", value=KeyError),
     "field 'speed_km_per_h.road': has no speed for this mode, which routes may take"),
    (_set("speed_km_per_h", "rail", "central", value="BIG"),
     "has 5000 digits, more than 40"),
    (_set("speed_km_per_h", "rail", "note", value=None), None),  # made 100,000 deep below
])
def test_bad_assumptions_are_one_line(cli, assumptions, edit, words):
    path = assumptions(edit)
    path.write_text(path.read_text().replace('"BIG"', "1" * 5000))
    if words is None:  # the same file nested 100,000 deep
        path.write_text(path.read_text().replace('"note": null', '"note": ' + deep(100_000)))
        words = "nested 100003 deep"
    run = cli("compare", "--from", "Baku", "--to", "Poti", "--modes", "rail,ferry,sea,road",
              "--format", "json", "--assumptions", path)
    assert words in one_line(run) and "mine.json" in run.err


def test_a_missing_speed_is_fine_where_that_mode_is_not_allowed(cli, assumptions):
    path = assumptions(_set("speed_km_per_h", "road", value=KeyError))
    run = cli("compare", "--from", "Baku", "--to", "Poti", "--modes", "rail", "--format", "json",
              "--assumptions", path)
    assert run.code == 0, run.err
    rows = json.loads(run.out)
    assert isinstance(rows[0]["days_low"], (int, float))  # the rail route is timed


@pytest.mark.parametrize("place", ["", " ", "  \t ", "''", "-"])
@pytest.mark.parametrize("option", ["--from", "--to"])
def test_an_empty_place_name_is_an_error(cli, place, option):
    argv = {"--from": place, "--to": "Poti"} if option == "--from" else {
        "--from": "Baku", "--to": place}
    err = one_line(cli("compare", "--from", argv["--from"], "--to", argv["--to"]))
    assert "place name" in err and "is empty" in err
