import json
import os
import subprocess
import sys
from pathlib import Path

import geopandas as gpd
import pytest

import corridors
from corridors.exceptions import DataError

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("fmt", ["geojson", "gpkg", "parquet", "csv"])
def test_export_round_trips_through_every_format(tmp_path, fmt):
    btc = corridors.load("btc")
    out = corridors.export(btc, tmp_path / f"btc.{fmt}")
    back = corridors.load(out)
    assert back["id"].tolist() == btc["id"].tolist()
    assert back["capacity"].tolist() == btc["capacity"].tolist()
    assert back.geometry.iloc[0].equals_exact(btc.geometry.iloc[0], 1e-5)


def test_geojson_export_is_rfc7946(tmp_path, cli):
    out = tmp_path / "btc.geojson"
    run = cli("export", "btc", "--format", "geojson", "--out", out)
    assert run.code == 0, run.err
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["type"] == "FeatureCollection"
    assert "crs" not in doc  # RFC 7946: WGS84 longitude/latitude, no crs member
    feature = doc["features"][0]
    assert feature["geometry"]["type"] == "LineString"
    lon, lat = feature["geometry"]["coordinates"][0]
    assert 49 < lon < 50 and 40 < lat < 41  # longitude first: Sangachal
    assert all(len(str(c).split(".")[-1]) <= 6 for c in feature["geometry"]["coordinates"][1])
    assert feature["properties"]["name"] == "Baku–Tbilisi–Ceyhan pipeline"


def test_export_of_several_datasets_keeps_their_names(tmp_path, cli):
    out = tmp_path / "sgc.gpkg"
    assert cli("export", "scp", "tanap", "tap", "--format", "gpkg", "--out", out).code == 0
    assert set(gpd.read_file(out)["dataset"]) == {"scp", "tanap", "tap"}


def test_export_of_the_places_a_dataset_names(tmp_path, cli, write_geojson):
    import pyogrio

    out = tmp_path / "places.gpkg"
    run = cli("export", "igb", "--places", "--out", out)
    assert run.code == 0 and "wrote 8 places" in run.err
    assert pyogrio.list_layers(out)[0][0] == "places"
    places = gpd.read_file(out)
    assert {"komotini", "makaza", "zagore"} <= set(places["id"])
    assert set(places.geom_type) == {"Point"} and places["source_ids"].str.len().gt(0).all()
    mine = write_geojson([{"name": "Leg", "mode": "rail", "geometry": {
        "type": "LineString", "coordinates": [[44.8, 41.7], [43.5, 41.4]]}}])
    run = cli("export", mine, "--places", "--out", tmp_path / "none.gpkg")
    assert run.code == 2 and "no places are named in" in run.err
    assert not (tmp_path / "none.gpkg").exists()


def test_export_names_a_users_file_without_its_directories(tmp_path, cli, write_geojson):
    mine = write_geojson([{"name": "Leg", "mode": "rail", "geometry": {
        "type": "LineString", "coordinates": [[44.8, 41.7], [43.5, 41.4]]}}], name="mine.geojson")
    out = tmp_path / "x.gpkg"
    assert cli("export", "igb", mine, "--out", out).code == 0
    assert set(gpd.read_file(out)["dataset"]) == {"igb", "mine.geojson"}


@pytest.mark.parametrize(("name", "driver"), [("x.gpkg", "GPKG"), ("x.csv", "CSV"),
                                              ("x.json", "GeoJSON")])
def test_export_takes_the_format_from_the_file_name(tmp_path, cli, name, driver):
    import pyogrio

    out = tmp_path / name
    assert cli("export", "btc", "--out", out).code == 0
    assert pyogrio.read_info(out)["driver"] == driver


def test_export_to_a_file_name_of_no_format_is_bad_input(tmp_path, cli):
    run = cli("export", "btc", "--out", tmp_path / "x.txt")
    assert run.code == 2 and "cannot tell the format" in run.err
    assert not (tmp_path / "x.txt").exists()


def test_export_format_and_file_name_must_agree(tmp_path, cli):
    run = cli("export", "btc", "--format", "csv", "--out", tmp_path / "x.gpkg")
    assert run.code == 2 and "is the name of a gpkg file, but the format asked is csv" in run.err
    assert not (tmp_path / "x.gpkg").exists()


def test_failed_export_leaves_previous_file_untouched(tmp_path, cli):
    out = tmp_path / "x.geojson"
    out.write_text("previous", encoding="utf-8")
    run = cli("export", "btc", "nonsense", "--format", "geojson", "--out", out)
    assert run.code == 2 and out.read_text(encoding="utf-8") == "previous"


def test_export_into_missing_directory_is_bad_input(tmp_path):
    with pytest.raises(DataError, match="directory does not exist"):
        corridors.export(corridors.load("igb"), tmp_path / "no" / "igb.geojson")


def test_nodes_are_points_with_unique_ids():
    nodes = corridors.nodes()
    assert nodes["id"].is_unique and (nodes.geom_type == "Point").all()
    assert nodes.crs.to_epsg() == 4326


@pytest.mark.slow
def test_non_editable_install_works_from_another_directory(tmp_path):
    """Build a wheel, install it (not editable) into its own folder and use it elsewhere."""
    wheel_dir, target, elsewhere = tmp_path / "wheel", tmp_path / "site", tmp_path / "elsewhere"
    elsewhere.mkdir()
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", wheel_dir,
                    ROOT], check=True, cwd=tmp_path)
    wheel = next(wheel_dir.glob("corridors-*.whl"))
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target",
                    target, wheel], check=True)
    # The wheel's folder comes first; dependencies come from this environment.
    env = {k: v for k, v in os.environ.items() if k != "CORRIDORS_DATA_DIR"}
    env["PYTHONPATH"] = os.pathsep.join([str(target), *(p for p in sys.path if p)])
    code = ("import corridors; g = corridors.load('btc'); "
            "print(corridors.__file__, len(g), len(corridors.nodes()) > 50)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=elsewhere, env=env, check=True)
    assert done.stdout.startswith(str(target)) and done.stdout.split()[1:] == ["1", "True"]
    cli = subprocess.run([sys.executable, "-m", "corridors", "list", "--format", "json"],
                         capture_output=True, text=True, cwd=elsewhere, env=env, check=True)
    assert {d["name"] for d in json.loads(cli.stdout)} >= {"btc", "tap", "middle-corridor"}
