"""Metrics of route comparisons, by hand on a small network, and on the curated data."""

from __future__ import annotations

import pytest
from conftest import synthetic_graph

from corridors.comparison import METRICS, compare, compare_records, named_routes, route
from corridors.exceptions import Blocker, NoRouteError, UnknownNameError


@pytest.fixture(scope="module")
def rows(assumptions_file):
    return compare_records(
        "A",
        "E",
        graph=synthetic_graph(),
        assumptions=assumptions_file,
        modes=["rail", "ferry"],
        via=["R"],
        exposure=["RUS", "AZE"],
    )


def test_rows_and_columns(rows):
    assert [r["route"] for r in rows] == ["Shortest route", "Via R"]
    assert all(list(r) == list(METRICS) for r in rows)


def test_metrics_by_hand(rows, assumptions_file):
    r = rows[0]
    assert r["km_total"] == 650.0
    assert r["km_by_mode"] == {"rail": 350.0, "ferry": 300.0}
    assert r["km_by_country"] == {"CHN": 60.0, "KAZ": 250.0, "AZE": 40.0, "GEO": 20.0, "sea": 280.0}
    assert r["countries"] == ["CHN", "KAZ", "AZE", "GEO"]
    assert (r["border_crossings"], r["mode_changes"], r["gauge_breaks"]) == (3, 2, 1)
    assert r["passages"] == []
    assert r["days_central"] == pytest.approx(
        round((350 / 20 + 300 / 10 + 3 * 2 + 5 + 2 * 20) / 24, 2)
    )
    assert r["exposure_km"] == {"RUS": 0.0, "AZE": 40.0}
    assert r["exposure_share"] == pytest.approx(round(40 / 650, 4))
    assert r["co2_kg_per_tonne"] == pytest.approx((350 * 10 + 300 * 30) / 1000)
    assert r["bottleneck"] == {"value": 2.0, "unit": "Mt/yr", "of": "line", "segment": "bc"}
    assert r["assumptions"] == assumptions_file.name


def test_via_row(rows):
    v = rows[1]
    assert v["km_by_country"] == {"CHN": 60.0, "KAZ": 140.0, "RUS": 550.0, "GEO": 50.0}
    assert (v["border_crossings"], v["mode_changes"], v["gauge_breaks"]) == (3, 0, 1)
    assert v["exposure_km"]["RUS"] == 550.0
    # each route of a comparison is summed over its own edges: not the best route's bottleneck
    assert v["bottleneck"] == {"value": 5.0, "unit": "Mt/yr", "of": "line", "segment": "ab"}
    assert v["km_total"] == 800.0 and v["km_source"] == {"geodesic": 800.0}


@pytest.mark.parametrize("row", [0, 1])
def test_parts_sum_to_the_total(rows, row):
    r = rows[row]
    assert sum(r["km_by_mode"].values()) == pytest.approx(r["km_total"], abs=0.2)
    assert sum(r["km_by_country"].values()) == pytest.approx(r["km_total"], abs=0.2)
    assert r["days_low"] <= r["days_central"] <= r["days_high"]


def test_sea_passages_are_listed(assumptions_file):
    r = compare_records(
        "C", "E", graph=synthetic_graph(), assumptions=assumptions_file, modes=["sea"]
    )[0]
    assert r["passages"] == ["suez"] and r["km_by_country"] == {"sea": 900.0}
    assert r["border_crossings"] == 1  # KAZ port to GEO port


# -- the curated network --------------------------------------------------------------------
@pytest.fixture(scope="module")
def xian_duisburg():
    return compare("Xi'an", "Duisburg").set_index("route")


def test_xian_duisburg_rows(xian_duisburg):
    freight = {"rail", "ferry", "sea", "road"}
    titles = {r.title for r in named_routes() if set(r.modes) <= freight}
    assert titles <= set(xian_duisburg.index)
    assert xian_duisburg.notna().all().all()
    assert xian_duisburg.attrs["left_out"] == {}
    # the shortest route from Xi'an is the Northern Corridor's: said, not hidden
    assert xian_duisburg.attrs["same_path"] == {
        "Northern Corridor via Russia and Belarus": "Shortest route"}
    same = xian_duisburg.loc[["Shortest route", "Northern Corridor via Russia and Belarus"]]
    assert same["km_total"].nunique() == 1


def test_named_routes_that_do_not_apply_here_are_left_out_and_said(monkeypatch):
    from corridors import settings

    df = compare("Baku", "Poti")  # Baku city is off the curated lines: it joins the rail network
    assert df.attrs["places"][0]["network"] == "rail" and df.attrs["places"][0]["snap_km"] < 5
    assert list(df["route"]) == ["Shortest route"]
    left_out = df.attrs["left_out"]
    freight = {"rail", "ferry", "sea"}  # the default modes: no oil route is compared
    assert set(left_out) == {r.title for r in named_routes() if set(r.modes) <= freight}
    assert left_out["Northern Corridor via Russia and Belarus"] == (
        "would not enter RUS, BLR from here")
    assert left_out["Maritime via Suez"] == "a detour from here"
    monkeypatch.setattr(settings, "named_route_detour", float("inf"))
    assert "a detour from here" not in compare("Baku", "Poti").attrs["left_out"].values()


def test_named_routes_skip_the_places_the_origin_is_past():
    df = compare("Tbilisi", "Duisburg").set_index("route")
    black_sea = df.loc["Middle Corridor via the Black Sea"]
    assert black_sea["countries"][:2] == ["GEO", "ROU"]  # not back across the Caspian first
    assert "KAZ" not in df.loc["Middle Corridor by rail via Türkiye", "countries"]


def test_named_routes_run_both_ways(xian_duisburg):
    back = compare("Duisburg", "Xian").set_index("route")
    assert set(back.index) == set(xian_duisburg.index)
    for title in back.index:  # the same corridors, the other way round
        assert back.loc[title, "km_total"] == pytest.approx(
            xian_duisburg.loc[title, "km_total"], rel=0.02), title
    black_sea = back.loc["Middle Corridor via the Black Sea", "countries"]
    assert black_sea[0] == "DEU" and black_sea[-1] == "CHN" and "ROU" in black_sea


def test_a_sea_route_lands_at_the_port_nearest_the_destination():
    df = compare("Xian", "Tbilisi").set_index("route")
    suez = df.loc["Maritime via Suez"]
    # to a Georgian port (through the Suez Canal and the Bosporus), not to Rotterdam and back
    assert suez["countries"] == ["CHN", "EGY", "TUR", "GEO"]
    assert {"suez", "bosporus"} <= set(suez["passages"])
    assert suez["km_total"] < 20_000


@pytest.mark.parametrize(
    "title", ["Middle Corridor via the Black Sea", "Middle Corridor by rail via Türkiye"]
)
def test_middle_corridor_avoids_russia_and_belarus(xian_duisburg, title):
    row = xian_duisburg.loc[title]
    assert "RUS" not in row["km_by_country"] and "BLR" not in row["km_by_country"]
    assert row["exposure_share"] == 0.0


def test_northern_corridor_crosses_russia_and_belarus(xian_duisburg):
    row = xian_duisburg.loc["Northern Corridor via Russia and Belarus"]
    assert row["km_by_country"]["RUS"] > 1000 and row["km_by_country"]["BLR"] > 100
    assert row["gauge_breaks"] == 2


def test_maritime_rows(xian_duisburg):
    assert "suez" in xian_duisburg.loc["Maritime via Suez", "passages"]
    cape = xian_duisburg.loc["Maritime via the Cape of Good Hope"]
    assert "suez" not in cape["passages"] and "cape-of-good-hope" in cape["passages"]


def test_geometries_are_lines(xian_duisburg):
    assert set(xian_duisburg.geometry.geom_type) == {"LineString"}
    assert xian_duisburg.crs.to_epsg() == 4326


def test_avoid_country_drops_the_northern_corridor():
    df = compare("Xi'an", "Duisburg", avoid_countries=["RUS", "BLR"])
    assert "Northern Corridor via Russia and Belarus" not in set(df["route"])
    assert all("RUS" not in c and "BLR" not in c for c in df["countries"])


def test_route_is_one_row():
    r = route("Xian", "Duisburg", fastest=True)
    assert len(r) == 1 and r.loc[0, "route"] == "Fastest route"


def test_bad_input():
    with pytest.raises(UnknownNameError, match="did you mean"):
        compare("Duisberg", "Xian")
    with pytest.raises(NoRouteError, match="blocked by avoiding RUS") as exc:
        compare("Aktau", "Rotterdam", modes=["sea"], avoid_countries=["RUS"],
                allow_passages=["volga-don"])
    assert exc.value.blockers == (  # for a program: either alone blocks it
        Blocker("avoid_countries", ("RUS",)), Blocker("modes", ("sea",)))


def test_the_southern_gas_corridor_carries_gas_from_sangachal_to_italy_and_bulgaria():
    # SCP, TANAP and TAP join end to end (TANAP and TAP at the Maritsa), and IGB leaves TAP
    italy = compare("Sangachal", "Melendugno", modes=["gas_pipeline"]).iloc[0]
    assert italy["countries"] == ["AZE", "GEO", "TUR", "GRC", "ALB", "ITA"]
    assert italy["bottleneck"] == {"value": 11.2, "unit": "bcm/yr", "of": "line", "segment": "tap"}
    bulgaria = compare("Sangachal", "Zagore", modes=["gas_pipeline"]).iloc[0]
    assert bulgaria["countries"][-2:] == ["GRC", "BGR"]
    assert bulgaria["bottleneck"]["segment"] == "igb"


def test_a_lone_string_is_one_item_not_a_sequence_of_letters():
    rows = compare("Xian", "Duisburg", modes="rail", via="Almaty", exposure="BLR")
    assert set(rows.iloc[0]["km_by_mode"]) == {"rail"}
    assert set(rows.iloc[0]["exposure_km"]) == {"BLR"}
    assert rows.iloc[1]["route"] == "Via Almaty"


def test_the_shipped_assumptions_are_cited_without_the_install_directory(xian_duisburg):
    import corridors

    label = f"corridors {corridors.__version__}, data/assumptions.json"
    assert set(xian_duisburg["assumptions"]) == {label}  # no home directory in a shared file


def test_idle_pipelines_are_left_out_unless_asked_for():
    df = compare("Sangachal", "Rotterdam", modes=["oil_pipeline", "sea"])
    for title in ("WREP to Supsa, then by tanker", "NREP to Novorossiysk, then by tanker"):
        assert title not in set(df["route"])
        assert "segments that are not operating (idle, " in df.attrs["left_out"][title]
        assert "idle" in {v for b in df.attrs["blockers"][title] if b.option == "include_status"
                          for v in b.values}
    assert "BTC to Ceyhan, then by tanker" in set(df["route"])


def test_oil_export_routes_by_pipeline_and_tanker():
    df = compare("Sangachal", "Rotterdam", modes=["oil_pipeline", "sea"],
                 include_status=["idle"]).set_index("route")
    btc = df.loc["BTC to Ceyhan, then by tanker"]
    wrep = df.loc["WREP to Supsa, then by tanker"]
    nrep = df.loc["NREP to Novorossiysk, then by tanker"]
    assert "bosporus" not in btc["passages"] and btc["exposure_km"]["RUS"] == 0
    assert "bosporus" in wrep["passages"] and "bosporus" in nrep["passages"]
    assert nrep["exposure_km"]["RUS"] > 1000
    assert btc["bottleneck"]["segment"] == "btc"
    assert nrep["bottleneck"]["segment"] == "baku-novorossiysk"
    assert set(btc["km_by_mode"]) == {"oil_pipeline", "sea"}
    # freight's named routes are not oil routes, and oil's are not compared for freight
    assert not any(t.startswith(("Middle", "Northern", "Maritime")) for t in df.index)
    assert not any(t.endswith("by tanker") for t in compare("Xian", "Duisburg")["route"])


def test_a_sea_route_lands_where_the_train_can_take_over():
    # Novorossiysk is nearest Moscow but no train leaves it on the network: the sea leg lands
    # at a port the rail reaches, and the row is there
    suez = compare("Xian", "Moscow").set_index("route").loc["Maritime via Suez"]
    assert suez["countries"][-1] == "RUS" and "novorossiysk" not in str(suez["bottleneck"])


def test_a_named_route_with_no_way_through_is_said_to_be_left_out():
    df = compare("Xian", "Duisburg", avoid_passages=["suez", "cape-of-good-hope"])
    assert "Maritime via Suez" not in set(df["route"])
    assert df.attrs["left_out"]["Maritime via Suez"].startswith("blocked by avoiding the")
    assert {b.option for b in df.attrs["blockers"]["Maritime via Suez"]} == {"avoid_passages"}
    # not "--modes": other modes would make it another route


def test_why_a_named_route_is_missing_is_worked_out_only_when_asked_for(monkeypatch):
    from corridors.comparison import compare_routes
    from corridors.network.model import default_network
    from corridors.network.routing import Router
    from corridors.options import Options

    net = default_network()
    opts = Options(avoid_passages=("suez", "cape-of-good-hope"))
    asked = []
    blockers = Router._blockers
    monkeypatch.setattr(Router, "_blockers", lambda *a: asked.append(a) or blockers(*a))
    found = compare_routes(net, "Xian", "Duisburg", opts)
    assert "Maritime via Suez" not in {rec["route"] for rec in found.records} and not asked
    said = found.left_out
    assert asked and said == net.compare("Xian", "Duisburg", opts).attrs["left_out"]
    assert said["Maritime via Suez"].startswith("blocked by avoiding the")
    assert list(said) == list(found.reasons)  # in the order the routes come


def test_a_comparison_gives_the_records_and_the_frame_of_compare(assumptions_file):
    from corridors.assumptions import load_assumptions
    from corridors.comparison import Comparison
    from corridors.network.model import Network
    from corridors.options import Options

    net = Network.build(synthetic_graph(), load_assumptions(assumptions_file))
    opts = Options(modes=("rail", "ferry"), via=("R",), exposure=("RUS", "AZE"))
    found = net.comparison("A", "E", opts)
    assert isinstance(found, Comparison)
    assert found.records == compare_records(
        "A", "E", graph=synthetic_graph(), assumptions=assumptions_file, modes=["rail", "ferry"],
        via=["R"], exposure=["RUS", "AZE"])
    assert [p.name for p in found.places] == ["A", "R", "E"]
    df, again = found.frame(), net.compare("A", "E", opts)
    assert df.drop(columns="geometry").equals(again.drop(columns="geometry"))
    assert df.geometry.geom_equals(again.geometry).all()
    assert df.attrs.keys() == again.attrs.keys() >= {"places", "left_out", "blockers",
                                                     "same_path"}
    assert [len(path.edges) > 0 for _, path in found.rows] == [True, True]


def test_a_comparison_frame_is_the_geodataframe_geopandas_makes(xian_duisburg):
    import geopandas as gpd
    from geopandas.testing import assert_geodataframe_equal

    df = xian_duisburg.reset_index()[[*METRICS, "geometry"]]
    made = gpd.GeoDataFrame(df.drop(columns="geometry").to_dict("list"),
                            geometry=list(df.geometry), crs=4326)
    assert_geodataframe_equal(df, made, check_dtype=True)
    assert list(df.dtypes) == list(made.dtypes)
    # what users do with it next
    assert isinstance(df.iloc[:1], gpd.GeoDataFrame) and df.iloc[:1].geometry.name == "geometry"
    assert df.to_crs(3857).crs.to_epsg() == 3857 and df.copy().crs.to_epsg() == 4326
    assert set(df.set_index("route").geometry.geom_type) == {"LineString"}


def test_each_route_s_line_is_drawn_along_its_own_path():
    import shapely

    from corridors.comparison import compare_routes
    from corridors.network.model import default_network

    found = compare_routes(default_network(), "Xi'an", "Duisburg")
    df = found.frame()
    # a row that takes an earlier row's path shares its line: here the Northern Corridor's
    assert df.attrs["same_path"] == {"Northern Corridor via Russia and Belarus": "Shortest route"}
    assert len(df) == len(found.rows) >= 4
    for line, (rec, path) in zip(df.geometry, found.rows, strict=True):
        assert line.equals_exact(shapely.LineString(found.router.line(path.edges)), 0), rec["route"]
