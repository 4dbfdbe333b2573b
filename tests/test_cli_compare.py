"""The ``corridors compare`` command."""

from __future__ import annotations

import json
import re

import pytest

from corridors.cli import main
from corridors.comparison import METRICS


def run(capsys, *args):
    code = main(["compare", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_xian_duisburg_json(capsys):
    code, out, _ = run(capsys, "--from", "Xi'an", "--to", "Duisburg", "--format", "json")
    assert code == 0
    rows = {r["route"]: r for r in json.loads(out)}
    for r in rows.values():
        assert list(r) == list(METRICS)
        assert all(r[k] is not None for k in METRICS)
        assert all(
            isinstance(r[k], dict)
            for k in ("km_by_mode", "km_by_country", "exposure_km", "bottleneck")
        )
        assert r["bottleneck"]["value"] > 0 and r["bottleneck"]["segment"]
    for title in ("Middle Corridor via the Black Sea", "Middle Corridor by rail via Türkiye"):
        assert rows[title]["exposure_km"]["RUS"] == 0 and rows[title]["exposure_km"]["BLR"] == 0
    north = rows["Northern Corridor via Russia and Belarus"]
    assert north["exposure_km"]["RUS"] > 0 and north["exposure_km"]["BLR"] > 0
    assert "suez" in rows["Maritime via Suez"]["passages"]
    # the Brest–Małaszewicze gauge change, a border crossing's capacity and said to be one
    assert north["bottleneck"]["segment"] == "nc-pl-malaszewicze-duisburg"
    assert north["bottleneck"]["of"] == "border_crossing"
    assert rows["Maritime via Suez"]["bottleneck"]["unit"] == "ships/d"


@pytest.mark.parametrize("fmt", ["table", "csv", "markdown"])
def test_formats(capsys, fmt):
    code, out, _ = run(
        capsys,
        "--from",
        "xian",
        "--to",
        "duisburg",
        "--format",
        fmt,
        "--avoid-country",
        "RUS,BLR",
        "--avoid-passage",
        "suez",
    )
    assert code == 0 and "Middle" in out
    rows = [line.strip("│| ") for line in out.splitlines()]  # tables fold long cells
    assert not any(row.startswith("Northern") for row in rows)
    if fmt == "markdown":  # what the table leaves out follows it
        assert "Left out Northern Corridor via Russia and Belarus: Brest is in BLR" in out


@pytest.mark.parametrize("fmt", ["table", "markdown"])
def test_tables_for_reading_give_the_headline(capsys, monkeypatch, fmt):
    monkeypatch.setenv("COLUMNS", "240")  # a wide terminal: no cell wraps
    code, out, _ = run(capsys, "--from", "xian", "--to", "duisburg", "--format", fmt)
    assert code == 0
    assert "straits and canals" in out and "km_by_country" not in out
    assert re.search(r"RUS [\d,]+, BLR [\d,]+", out)  # exposure: only the countries entered
    assert re.search(r"\d+(\.\d)? \(\d+(\.\d)?–\d+(\.\d)?\)", out)  # days with their range
    assert "Bab-el-Mandeb" in out and "ships/d" in out


def test_csv_keeps_numbers_machine_readable(capsys):
    import csv
    import io

    code, out, _ = run(capsys, "--from", "xian", "--to", "duisburg", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and rows
    for r in rows:
        km = float(r["km_total"])  # no thousands separators, not rounded for display
        assert abs(sum(json.loads(r["km_by_mode"]).values()) - km) < 0.5


def test_out_file_and_snapping(capsys, tmp_path):
    out = tmp_path / "cmp.json"
    code, stdout, err = run(
        capsys,
        "--from",
        "34.3,108.9",
        "--to",
        "Duisburg",
        "--via",
        "Tbilisi",
        "--format",
        "json",
        "--out",
        str(out),
        "--fastest",
    )
    assert code == 0 and stdout == ""
    assert "snapped to Xi'an" in err
    rows = json.loads(out.read_text(encoding="utf-8"))
    assert rows[0]["route"] == "Fastest route" and rows[1]["route"] == "Via Tbilisi"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "Xiann", "--to", "Duisburg"], "unknown place 'Xiann'; did you mean"),
        (
            ["--from", "Aktau", "--to", "Rotterdam", "--modes", "sea", "--avoid-country", "RUS",
             "--allow-passage", "volga-don"],
            "blocked by --avoid-country RUS",
        ),
        (
            [
                "--from",
                "Aktau",
                "--to",
                "Rotterdam",
                "--modes",
                "sea",
                "--avoid-passage",
                "volga-don",
            ],
            "blocked by the volga-don (allow it with --allow-passage volga-don)",
        ),
        (
            ["--from", "xian", "--to", "duisburg", "--modes", "rail,hovercraft"],
            "unknown mode 'hovercraft'",
        ),
        # a typo in a country code would otherwise avoid nothing, or count nothing
        (
            ["--from", "xian", "--to", "duisburg", "--avoid-country", "RUS,BLRR"],
            "unknown ISO3 country code 'BLRR'; did you mean 'BLR'",
        ),
        (["--from", "xian", "--to", "duisburg", "--exposure", "russ"], "country code 'RUSS'"),
        # an option given with nothing in it (an empty shell variable) is not the default
        (["--from", "xian", "--to", "duisburg", "--modes", " , "], "--modes names nothing"),
        (["--from", "xian", "--to", "duisburg", "--avoid-country", ""],
         "--avoid-country names nothing"),
        # one place by two names: a round trip, not a voyage round the world
        (["--from", "Alat", "--to", "Port of Baku (Alat)"],
         "the origin and the destination are the same"),
    ],
)
def test_bad_input_is_one_line_and_no_file(capsys, tmp_path, args, message):
    out = tmp_path / "o.json"
    code, stdout, err = run(capsys, *args, "--out", str(out))
    assert code == 2 and stdout == "" and not out.exists()
    assert message in err and err.count("\n") == 1 and "Traceback" not in err


def test_bad_assumptions_names_key_and_file(capsys, tmp_path):
    bad = tmp_path / "mine.json"
    shipped = json.loads(
        (__import__("corridors").settings.resolved_data_dir() / "assumptions.json").read_text()
    )
    shipped["speed_km_per_h"]["rail"]["central"] = "fast"
    bad.write_text(json.dumps(shipped), encoding="utf-8")
    code, _, err = run(capsys, "--from", "xian", "--to", "duisburg", "--assumptions", str(bad))
    assert code == 2
    assert str(bad) in err and "speed_km_per_h.rail.central" in err


def test_user_assumptions_are_reported(capsys, tmp_path):
    mine = tmp_path / "mine.json"
    shipped = json.loads(
        (__import__("corridors").settings.resolved_data_dir() / "assumptions.json").read_text()
    )
    shipped["speed_km_per_h"]["rail"]["central"] = 30.0
    mine.write_text(json.dumps(shipped), encoding="utf-8")
    _, out, _ = run(
        capsys, "--from", "xian", "--to", "duisburg", "--format", "json", "--assumptions", str(mine)
    )
    assert {r["assumptions"] for r in json.loads(out)} == {mine.name}  # not its directories


def test_user_corridor_file_joins_the_network(capsys, tmp_path):
    f = tmp_path / "mine.geojson"
    f.write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "features": [
                    {
                        "type": "Feature",
                        "properties": {"name": "Kars-Tbilisi road", "mode": "road"},
                        "geometry": {
                            "type": "LineString",
                            "coordinates": [[43.09, 40.60], [44.79, 41.72]],
                        },
                    }
                ],
            }
        )
    )
    code, out, _ = run(
        capsys,
        "--from",
        "Kars",
        "--to",
        "Tbilisi",
        "--modes",
        "road",
        "--file",
        str(f),
        "--format",
        "json",
    )
    assert code == 0 and json.loads(out)[0]["km_by_mode"].keys() == {"road"}


def test_snapping_and_routes_left_out_are_said(capsys):
    code, out, err = run(capsys, "--from", "Baku", "--to", "Poti", "--format", "csv")
    assert code == 0 and out.count("\n") == 2  # the header and the one route
    assert "Baku joins the rail network 1." in err and "(counted)" in err
    assert "Left out Maritime via Suez: a detour from here." in err
    assert "Left out Northern Corridor via Russia and Belarus: would not enter RUS, BLR" in err


def test_what_blocks_a_route_left_out_is_said_as_the_flag_that_lifts_it(capsys):
    code, _, err = run(capsys, "--from", "Sangachal", "--to", "Rotterdam", "--modes",
                       "oil_pipeline,sea", "--format", "csv")
    assert code == 0
    said = next(line for line in err.splitlines() if line.startswith("Left out WREP"))
    assert "(include them with --include-status idle," in said  # the library says include_status
    assert "include_status" not in said


def test_routes_on_the_same_path_are_said_and_empty_columns_left_out(capsys):
    code, out, err = run(capsys, "--from", "Tbilisi", "--to", "Vienna", "--format", "markdown")
    assert code == 0
    assert "| gauge breaks |" in out and "straits and canals" not in out  # no route has one
    said = "Middle Corridor via the Black Sea takes the same path as Shortest route."
    assert said in err and f"- {said}" in out  # Markdown keeps what the table leaves out


def test_the_routes_as_a_gis_layer(capsys, tmp_path):
    import pyogrio

    out = tmp_path / "routes.gpkg"  # the format from the file name
    code, _, err = run(capsys, "--from", "xian", "--to", "tbilisi", "--out", str(out))
    assert code == 0 and "wrote" in err
    layer = pyogrio.read_dataframe(out)
    assert layer["route"].iloc[0] == "Shortest route" and len(layer) >= 3
    assert set(layer.geom_type) == {"LineString"} and layer.crs.to_epsg() == 4326
    assert json.loads(layer["countries"].iloc[0])[0] == "CHN"
    import geopandas as gpd

    parquet = tmp_path / "r.parquet"
    assert run(capsys, "--from", "xian", "--to", "tbilisi", "--out", str(parquet))[0] == 0
    assert len(gpd.read_parquet(parquet)) == len(layer)
    code, stdout, _ = run(capsys, "--from", "tbilisi", "--to", "poti", "--format", "geojson")
    doc = json.loads(stdout)
    assert doc["type"] == "FeatureCollection"
    assert doc["features"][0]["properties"]["countries"] == ["GEO"]


@pytest.mark.parametrize(("args", "message"), [
    (["--format", "gpkg"], "--format gpkg writes a file; give --out FILE"),
    (["--format", "csv", "--out", "x.geojson"], "is the name of a geojson file, but the format "
                                               "asked is csv"),
])
def test_gis_output_bad_input(capsys, tmp_path, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    code, stdout, err = run(capsys, "--from", "tbilisi", "--to", "poti", *args)
    assert code == 2 and stdout == "" and message in err and err.count("\n") == 1
    assert list(tmp_path.iterdir()) == []
