"""Origin–destination matrices: equal to pairwise comparisons, on every engine, resumable."""

from __future__ import annotations

import contextlib
import json
import os
import time

import pandas as pd
import pytest
from conftest import synthetic_graph

import corridors
from corridors import settings
from corridors.assumptions import load_assumptions
from corridors.comparison import routes_layer
from corridors.exceptions import DataError, NoRouteError
from corridors.matrix import COLUMNS, ChunkError, matrix, read_places, scenarios_of
from corridors.network.model import Network

SCENARIOS = {
    "default": {},
    "avoid-russia": {"avoid_countries": ["RUS"]},
    "no-suez": {"avoid_passages": ["suez"]},
    "rail": {"modes": ["rail"]},
    "fastest": {"fastest": True},
}
PLACES = ["A", "B", "C", "D", "E", "R"]


@pytest.fixture(scope="module")
def synthetic(assumptions_file):
    return Network.build(synthetic_graph(), load_assumptions(assumptions_file))


def test_matrix_equals_pairwise_comparisons(synthetic, assumptions_file):
    df = matrix(PLACES, PLACES, scenarios=SCENARIOS, network=synthetic)
    assert list(df.columns) == list(COLUMNS)
    # a fresh network for the pairwise calls: nothing shared with the matrix's searches
    fresh = Network.build(synthetic_graph(), load_assumptions(assumptions_file))
    expected, reasons = [], []
    for o in PLACES:
        for d in PLACES:
            for name, given in SCENARIOS.items():
                opts = scenarios_of({name: given})[name]
                try:
                    got = routes_layer(fresh.compare(o, d, opts)).drop(columns="geometry")
                except NoRouteError as exc:
                    reasons.append(exc.reason or "")
                    expected.append({"origin": o, "destination": d, "scenario": name,
                                     "route": None})
                    continue
                expected += [{"origin": o, "destination": d, "scenario": name, **row}
                             for row in got.to_dict("records")]
    # the same rows in the same order: origin, destination, scenario, route as compared
    assert len(df) == len(expected)
    for row, want in zip(df.to_dict("records"), expected):
        assert {k: row[k] for k in want} == pytest.approx(want, nan_ok=True), want
    assert {r for r in reasons if r} <= set(df["no_route"].dropna())
    # the no-route rows say why, grouped in the summary
    s = df.attrs["summary"]
    assert s["pairs"] == len(PLACES) ** 2 * len(SCENARIOS)
    assert s["routes"] == int(df["route"].notna().sum()) > 0
    assert s["no_route"] == len(reasons) == sum(s["why"].values())
    assert s["why"]["the origin and the destination are the same place"] == 6 * len(SCENARIOS)
    assert s["why"]["R is in RUS, an avoided country"] == 2 * (len(PLACES) - 1)  # R to R: same


def test_matrix_shares_work_across_pairs(synthetic, monkeypatch):
    """Each place is resolved once per set of modes, not once per pair."""
    calls = []
    real = Network.resolve
    monkeypatch.setattr(Network, "resolve", lambda self, q, m=None: (calls.append(q),
                                                                      real(self, q, m))[1])
    matrix(PLACES, PLACES, scenarios={"a": {}, "b": {"avoid_countries": ["RUS"]}},
           network=synthetic)
    assert sorted(calls) == PLACES  # once each, as origin and as destination alike


def test_a_chunk_takes_the_places_its_job_resolved(synthetic, monkeypatch):
    """A worker's network does not resolve the places again: the job carries them."""
    from corridors.matrix import Shared, prepare, run_chunk

    job, shared, _ = prepare(PLACES, PLACES, scenarios=SCENARIOS, network=synthetic)
    here = run_chunk(shared, job, 0)
    monkeypatch.setattr(Network, "resolve", lambda *a, **k: pytest.fail("resolved again"))
    pd.testing.assert_frame_equal(run_chunk(Shared(synthetic), job, 0), here)


def test_searches_from_an_origin_serve_every_destination(assumptions_file, monkeypatch):
    import scipy.sparse.csgraph as csgraph

    real, sources = csgraph.dijkstra, []

    def counted(*a, indices=None, **k):
        sources.extend(indices)
        return real(*a, indices=indices, **k)

    monkeypatch.setattr(csgraph, "dijkstra", counted)
    net = Network.build(synthetic_graph(), load_assumptions(assumptions_file))
    matrix(PLACES, PLACES, network=net)
    in_matrix, sources[:] = len(sources), []
    net = Network.build(synthetic_graph(), load_assumptions(assumptions_file))
    for o in PLACES:
        for d in PLACES:
            with contextlib.suppress(NoRouteError):
                net.compare(o, d)
            net.router._searches.clear()  # a call on its own: nothing kept from the one before
    assert 0 < in_matrix <= len(sources) / 3


def test_listed_pairs_and_the_module_is_callable(synthetic):
    df = corridors.matrix(PLACES, PLACES, pairs=[("A", "E"), ("E", "A")], network=synthetic)
    assert df[["origin", "destination"]].drop_duplicates().values.tolist() == [["A", "E"],
                                                                                ["E", "A"]]
    with pytest.raises(DataError, match="names 'Z'"):
        matrix(PLACES, PLACES, pairs=[("A", "Z")], network=synthetic)


def test_bad_places_and_scenarios_raise_before_any_work(synthetic, monkeypatch):
    def never(*a, **k):
        raise AssertionError("a pair was routed")

    monkeypatch.setattr("corridors.comparison.compare_routes", never)
    with pytest.raises(DataError, match=r"place 2 \(Nowhere\): unknown place 'Nowhere'"):
        matrix(["A", "Nowhere"], ["E"], network=synthetic)
    with pytest.raises(DataError, match="scenario 'x': unknown option 'avoid_country'"):
        matrix(["A"], ["E"], scenarios={"x": {"avoid_country": ["RUS"]}}, network=synthetic)
    with pytest.raises(DataError, match=r"scenario 'x': .*passage 'sues'"):
        matrix(["A"], ["E"], scenarios={"x": {"avoid_passages": ["sues"]}}, network=synthetic)
    with pytest.raises(DataError, match=r"scenario 'x': .*closed crossing"):
        matrix(["A"], ["E"], scenarios={"x": {"reopen": ["nope"]}}, network=synthetic)


def test_skip_unknown_goes_on_and_lists_them(synthetic):
    df = matrix(["A", "Nowhere"], ["E"], network=synthetic, skip_unknown=True)
    assert df["origin"].unique().tolist() == ["A"]
    [(label, msg)] = df.attrs["skipped"]["origins"]
    assert label == "Nowhere" and "unknown place 'Nowhere'" in msg


def test_a_chunk_that_raises_names_its_pair(synthetic, monkeypatch):
    from corridors import comparison

    real = comparison.compare_routes

    def broken(net, o, d, opts):
        if (o, d) == ("C", "E"):
            raise ZeroDivisionError("boom")
        return real(net, o, d, opts)

    monkeypatch.setattr(comparison, "compare_routes", broken)
    with pytest.raises(ChunkError, match=r"chunk 0 failed on C to E \(scenario default\): "
                                         "ZeroDivisionError: boom") as info:
        matrix(PLACES, PLACES, network=synthetic)
    assert (info.value.origin, info.value.destination) == ("C", "E")


# -- the command, on the curated network alone (fast to build and to load) --------------
ORIGINS = "name\nTbilisi\nBaku\nAktau\nAlat\nPoti\n"
DESTINATIONS = "name,lat,lon\nBatumi,,\nKars,,\nTbilisi,,\nnear Poti,42.2,41.7\n"
SCENARIO_FILE = {"scenarios": {"default": {}, "rail": {"modes": ["rail"]},
                               "no-georgia": {"avoid_countries": ["GEO"]}}}


def _clear_networks():
    # the process's networks are cached by their files, not by settings.base_networks,
    # so a test that changes it builds them afresh, before and after
    from corridors.network import curated as network
    from corridors.network import model

    model._network.cache_clear()
    network._corridor_graph.cache_clear()


@pytest.fixture
def curated(monkeypatch):
    _clear_networks()
    monkeypatch.setattr(settings, "base_networks", False)
    yield
    monkeypatch.undo()
    _clear_networks()


@pytest.fixture
def files(tmp_path, curated):
    (tmp_path / "o.csv").write_text(ORIGINS, encoding="utf-8")
    (tmp_path / "d.csv").write_text(DESTINATIONS, encoding="utf-8")
    (tmp_path / "s.json").write_text(json.dumps(SCENARIO_FILE), encoding="utf-8")
    return tmp_path


def _args(tmp, out, *more):
    return ["matrix", "--origins", tmp / "o.csv", "--destinations", tmp / "d.csv",
            "--scenarios", tmp / "s.json", "--out", out, "--chunk", "2", *more]


def test_command_writes_the_matrix_and_a_summary(cli, files):
    run = cli(*_args(files, files / "od.parquet"))
    assert run.code == 0, run.err
    df = pd.read_parquet(files / "od.parquet")
    assert list(df.columns) == list(COLUMNS)
    assert df.drop_duplicates(["origin", "destination", "scenario"]).shape[0] == 5 * 4 * 3
    assert df["origin"].unique().tolist() == ["Tbilisi", "Baku", "Aktau", "Alat", "Poti"]
    assert json.loads(df.loc[0, "countries"])  # lists as JSON text
    assert "pairs without a route" in run.err and "Tbilisi is in GEO" in run.err
    assert "60 pairs" in run.err
    assert not (files / "od.parquet.parts").exists()
    # CSV holds the same table
    assert cli(*_args(files, files / "od.csv", "--quiet")).code == 0
    csv = pd.read_csv(files / "od.csv", keep_default_na=False, na_values=[""])
    assert csv["km_total"].tolist() == pytest.approx(df["km_total"].tolist(), nan_ok=True)


def test_resume_after_a_chunk_that_raises_gives_the_same_output(cli, files, monkeypatch):
    assert cli(*_args(files, files / "whole.parquet", "--quiet")).code == 0
    from corridors import comparison

    real, calls = comparison.compare_routes, []

    def broken(net, o, d, opts):
        calls.append(o)
        if o == "Alat":
            raise ZeroDivisionError("boom")
        return real(net, o, d, opts)

    monkeypatch.setattr(comparison, "compare_routes", broken)
    run = cli(*_args(files, files / "od.parquet", "--quiet"))
    assert run.code == 1
    assert "chunk 1 failed on Alat to Batumi (scenario default): ZeroDivisionError: boom" in run.err
    parts = files / "od.parquet.parts"
    assert sorted(p.name for p in parts.glob("part-*")) == ["part-000000.parquet"]
    assert not (files / "od.parquet").exists()
    # without --resume, the partitions are not overwritten
    again = cli(*_args(files, files / "od.parquet"))
    assert again.code == 2 and "--resume" in again.err
    monkeypatch.setattr(comparison, "compare_routes", lambda *a: (calls.append(a[1]), real(*a))[1])
    calls.clear()
    run = cli(*_args(files, files / "od.parquet", "--resume"))
    assert run.code == 0, run.err
    assert "Tbilisi" not in calls and "Baku" not in calls  # chunk 0 came from its partition
    assert "pairs resumed" in run.err
    assert (files / "od.parquet").read_bytes() == (files / "whole.parquet").read_bytes()
    assert not parts.exists()


def test_resume_refuses_the_partitions_of_another_run(cli, files, monkeypatch):
    (files / "od.parquet.parts").mkdir()
    (files / "od.parquet.parts" / "manifest.json").write_text('{"fingerprint": "x"}')
    run = cli(*_args(files, files / "od.parquet", "--resume"))
    assert run.code == 2 and "partitions of another run" in run.err


@pytest.mark.parametrize(("origins", "said"), [
    ("town\nTbilisi\n", "o.csv: needs a 'name' column, or 'lat' and 'lon' columns"),
    ("name\nTbilisi\nQqxyzzy\n", "o.csv, row 2 (Qqxyzzy): unknown place 'Qqxyzzy'"),
    ("name,lat,lon\nx,41.7,\n", "o.csv, row 1: place 'x' has a lat or a lon, not both"),
    ("name,lat,lon\nx,north,44\n", "o.csv, row 1: place 'x': lat and lon must be numbers"),
    ("name\nTbilisi\nTbilisi\n", "o.csv, row 2: place 'Tbilisi' is listed twice"),
])
def test_bad_places_file_exit_2_naming_file_row_and_place(cli, files, origins, said):
    (files / "o.csv").write_text(origins, encoding="utf-8")
    run = cli(*_args(files, files / "od.parquet"))
    assert run.code == 2
    assert said in run.err and "Traceback" not in run.err
    assert not (files / "od.parquet").exists() and not (files / "od.parquet.parts").exists()


def test_skip_unknown_lists_them_and_goes_on(cli, files):
    (files / "o.csv").write_text("name\nTbilisi\nQqxyzzy\n", encoding="utf-8")
    run = cli(*_args(files, files / "od.parquet", "--skip-unknown"))
    assert run.code == 0, run.err
    assert "skipped: " in run.err and "row 2: unknown place 'Qqxyzzy'" in run.err
    assert pd.read_parquet(files / "od.parquet")["origin"].unique().tolist() == ["Tbilisi"]


@pytest.mark.parametrize(("scenarios", "said"), [
    ({"scenarios": {"x": {"avoid_country": ["RUS"]}}}, "scenario 'x': unknown option"),
    ({"scenarios": {"x": {"avoid_countries": ["RUX"]}}}, "scenario 'x': "),
    ({"scenarios": {"x": {"avoid": ["no-such-line"]}}}, "scenario 'x': unknown segment"),
    ({"scenarios": []}, "s.json: give"),
])
def test_bad_scenario_exit_2_before_any_work(cli, files, monkeypatch, scenarios, said):
    (files / "s.json").write_text(json.dumps(scenarios), encoding="utf-8")
    monkeypatch.setattr("corridors.comparison.compare_routes", lambda *a: 1 / 0)
    run = cli(*_args(files, files / "od.parquet"))
    assert run.code == 2 and said in run.err, run.err
    assert not (files / "od.parquet.parts").exists()


def test_yaml_scenarios(files):
    (files / "s.yaml").write_text("scenarios:\n  rail:\n    modes: [rail]\n", encoding="utf-8")
    from corridors.matrix import read_scenarios

    assert read_scenarios(files / "s.yaml")["rail"].modes == ("rail",)


def test_geoparquet_places(files):
    import geopandas as gpd
    from shapely import Point

    gpd.GeoDataFrame({"name": ["a", "b"]}, geometry=[Point(44.8, 41.7), Point(41.7, 42.2)],
                     crs=4326).to_parquet(files / "p.parquet")
    p = read_places(files / "p.parquet")
    assert p.labels == ("a", "b") and p.queries == ("41.7,44.8", "42.2,41.7")


def test_a_scheduler_that_does_not_answer_is_exit_2_within_10_s(cli, files):
    start = time.perf_counter()
    run = cli(*_args(files, files / "od.parquet", "--scheduler", "tcp://127.0.0.1:9"))
    assert run.code == 2 and "scheduler tcp://127.0.0.1:9: no answer" in run.err
    assert time.perf_counter() - start < 10


# -- a cluster of two worker processes, started here -----------------------------------
@pytest.fixture(scope="module")
def cluster():
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None) as c, Client(c, set_as_default=False) as client:
        yield client


def test_a_local_cluster_gives_the_same_output_as_in_process(cli, files, cluster):
    assert cli(*_args(files, files / "here.parquet", "--quiet")).code == 0
    run = cli(*_args(files, files / "there.parquet", "--scheduler", cluster.scheduler.address))
    assert run.code == 0, run.err
    assert (files / "there.parquet").read_bytes() == (files / "here.parquet").read_bytes()
    # the API's client= too, and each worker loaded the network once, through the plugin
    df = matrix(["Tbilisi", "Baku", "Aktau"], ["Batumi", "Kars"], client=cluster)
    here = matrix(["Tbilisi", "Baku", "Aktau"], ["Batumi", "Kars"])
    pd.testing.assert_frame_equal(df, here)
    loaded = cluster.run(lambda dask_worker: id(dask_worker.plugins["corridors-network"].shared))
    assert len(loaded) == 2


def _worker_settings():
    import dask

    return (os.environ.get("MALLOC_TRIM_THRESHOLD_"),
            dask.config.get("distributed.worker.profile.enabled"))


def test_local_workers_run_without_the_profiler_nor_the_nannys_malloc_setting(monkeypatch):
    """The nanny's MALLOC_TRIM_THRESHOLD_ doubles a search's page faults; the profiler samples."""
    from corridors._dask import close, local_cluster

    # as an earlier cluster's nanny leaves it in this process's environment
    monkeypatch.setenv("MALLOC_TRIM_THRESHOLD_", "65536")
    client = local_cluster(1)
    try:
        got = list(client.run(_worker_settings).values())
    finally:
        close(client)
    assert got == [(None, False)]
    assert os.environ["MALLOC_TRIM_THRESHOLD_"] == "65536"  # this process's own, kept


def test_local_workers_give_the_same_output_and_bad_input_stops_them(cli, files):
    assert cli(*_args(files, files / "here.parquet", "--quiet")).code == 0
    run = cli(*_args(files, files / "w2.parquet", "--quiet", "--workers", "2"))
    assert run.code == 0, run.err
    assert (files / "w2.parquet").read_bytes() == (files / "here.parquet").read_bytes()
    # the cluster starts while the places are resolved: an unknown one still stops the run
    (files / "o.csv").write_text("name\nTbilisi\nNowhere-on-Sea\n", encoding="utf-8")
    run = cli(*_args(files, files / "bad.parquet", "--workers", "2"))
    assert run.code == 2 and "unknown place 'Nowhere-on-Sea'" in run.err
    assert not list(files.glob("bad.parquet*"))


def test_a_partition_of_pairs_without_a_route_keeps_the_schema(cli, files):
    (files / "o.csv").write_text("name\nTbilisi\nBaku\n", encoding="utf-8")
    (files / "s.json").write_text(json.dumps({"scenarios": {"no-georgia": {
        "avoid_countries": ["GEO"]}}}), encoding="utf-8")
    run = cli(*_args(files, files / "od.parquet", "--chunk", "1"))
    assert run.code == 0, run.err
    df = pd.read_parquet(files / "od.parquet")
    tbilisi = df[df["origin"] == "Tbilisi"]
    assert tbilisi["route"].isna().all() and (tbilisi["no_route"] != "").all()
    assert df[df["origin"] == "Baku"]["km_total"].notna().any()
    assert str(df["border_crossings"].dtype) == "Int64" and df["km_total"].dtype == float
