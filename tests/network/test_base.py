"""The base rail network under the corridors: snapping, honest kilometres, closures."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest
from conftest import synthetic_graph
from shapely import LineString

import corridors
from corridors.assumptions import load_assumptions
from corridors.network.base import BaseNetwork, base_network
from corridors.network.closures import Closure
from corridors.network.curated import _add_arcs, with_published_lengths
from corridors.network.model import default_network
from corridors.network.routing import Router, constraints
from corridors.options import Options


@pytest.fixture(scope="module")
def rail():
    return base_network("rail")


def test_the_base_network_is_clipped_stitched_and_reduced(rail):
    s = rail.stats
    assert s["nodes_read"] == 274_974 and s["nodes_in_region"] < s["nodes_read"]
    assert s["joins"] > 100 and s["stitch_km"] == 3.0
    assert rail.n_nodes < s["nodes_in_region"] / 2  # chains merged into edges
    assert rail.countries[rail.country[rail.nearest(44.79, 41.72)[0]]] == "GEO"
    assert {int(g) for g in np.unique(rail.gauge_mm)} >= {1435, 1520}


# Ulaanbaatar and Kashgar lie on lines hundreds of kilometres from any junction
@pytest.mark.parametrize("town", ["Chongqing", "Tashkent", "Samarkand", "Tehran", "Turkmenbashi",
                                  "Yerevan", "Madrid", "Ulaanbaatar", "Kashgar"])
def test_towns_people_ask_about_snap_within_25_km(town):
    place = corridors.compare(town, "Tbilisi" if town != "Tbilisi" else "Baku",
                              modes=["rail", "ferry", "sea"]).attrs["places"][0]
    assert place["snap_km"] <= 25


# published lengths: data/published_lengths.csv and the sources in the notes
@pytest.mark.parametrize(("origin", "destination", "published"), [
    ("Xi'an", "Duisburg", 9908),   # china-railway-2022-11-09-unified-schedule-duisburg
    ("Baku", "Kars", 826),         # wikipedia-mirror-btk; theasian-btk-826km
    ("Ankara", "Kars", 1310),      # sondakika-2021-07-13-eastern-express
    ("Tbilisi", "Poti", 312.1),    # wp-de-poti-baku
    ("Tashkent", "Samarkand", 344),  # uzdaily-afrosiyob-five-times-week (Trend: 333)
    ("Baku", "Tbilisi", 549),      # ebinfo-2017-12-04-btk-eingeweiht
])
def test_the_best_route_is_within_10_percent_of_the_published_length(origin, destination,
                                                                      published):
    best = corridors.compare(origin, destination, modes=["rail"]).iloc[0]
    assert best["km_total"] == pytest.approx(published, rel=0.10)


# gaps of the base network filled by curated links (rail-feeders): without them these ran
# round through Iran, or thousands of kilometres round Kazakhstan
@pytest.mark.parametrize(("origin", "destination", "countries", "segment"), [
    ("Tashkent", "Turkmenbashi", ["UZB", "TKM"], "tm-mary-ashgabat"),
    ("Samarkand", "Turkmenabat", ["UZB", "TKM"], "uz-bukhara-turkmenabat"),
    ("Shymkent", "Kyzylorda", ["KAZ"], "kz-turkistan-kyzylorda"),
    ("Shalkar", "Aktobe", ["KAZ"], "kz-kandyagash-aktobe"),
])
def test_main_lines_the_base_network_breaks_run_on_their_curated_links(origin, destination,
                                                                        countries, segment):
    net = default_network()
    found = net.comparison(origin, destination, Options(modes=("rail",)))
    best, path = found.rows[0]
    assert best["countries"] == countries
    assert segment in set(net.router.segment[path.edges])
    a, b = found.places[0], found.places[-1]
    geodesic_km = net.router.geodesic(a.id, b.id)[1] / 1000
    assert best["km_total"] < 1.6 * geodesic_km  # not round the country


def test_yerevan_to_kars_goes_through_georgia_the_armenia_turkiye_border_being_closed():
    best = corridors.compare("Yerevan", "Kars", modes=["rail"]).iloc[0]
    assert best["countries"] == ["ARM", "GEO", "TUR"]
    assert "arm-tur" in {c.id for c in corridors.network.model.default_network().closures}


def test_a_named_route_is_never_rerouted_into_another_corridor():
    df = corridors.compare("Xi'an", "Duisburg", avoid_countries=["GEO"])
    for _, row in df.iterrows():
        if row["route"].startswith("Middle Corridor"):
            assert not {"RUS", "BLR"} & set(row["countries"])
    assert "Middle Corridor via the Black Sea" in df.attrs["left_out"]


def test_no_route_takes_the_volga_don_unless_asked():
    df = corridors.compare("Aktau", "Rotterdam", modes=["rail", "ferry", "sea"])
    assert not any("volga-don" in p for p in df["passages"])
    asked = corridors.compare("Aktau", "Rotterdam", modes=["sea"], allow_passages=["volga-don"])
    assert "volga-don" in asked.iloc[0]["passages"]


def test_road_comparisons_run_on_the_base_road_network():
    best = corridors.compare("Tbilisi", "Poti", modes=["road"]).iloc[0]
    assert set(best["km_by_mode"]) <= {"road", "access"} and best["countries"] == ["GEO"]


def test_results_on_the_base_network_credit_openstreetmap():
    df = corridors.compare("Yerevan", "Kars", modes=["rail"])
    assert df.attrs["attribution"] == "© OpenStreetMap contributors"


# -- synthetic networks --------------------------------------------------------------------
def _base(coords, edges, countries=("GEO", "ARM"), country=None, gauge=None):
    """A base network of straight edges between coordinates."""
    from corridors.geodesy import length_km

    lon = np.array([x for x, _ in coords], dtype=float)
    lat = np.array([y for _, y in coords], dtype=float)
    u = np.array([a for a, _ in edges], dtype=np.int32)
    v = np.array([b for _, b in edges], dtype=np.int32)
    km = length_km([LineString([coords[a], coords[b]]) for a, b in edges])
    xy = np.vstack([np.array([coords[a], coords[b]]) for a, b in edges])
    off = np.arange(0, 2 * len(edges) + 1, 2)
    return BaseNetwork("rail", lon, lat, np.array(country or [0] * len(coords), dtype=np.int16),
                       tuple(countries), u, v, km, off, xy,
                       np.array(gauge or [1520] * len(coords), dtype=np.int32), {})


def test_nearest_and_within_agree_with_pyproj_over_every_node():
    from corridors.geodesy import geod

    rng = np.random.default_rng(4)
    coords = list(zip(rng.uniform(20, 80, 400), rng.uniform(30, 60, 400)))
    net = _base(coords, [(k, k + 1) for k in range(0, 400, 2)])
    lon, lat = net.lon, net.lat
    among = rng.random(400) < 0.05
    for x, y in zip(rng.uniform(15, 85, 50), rng.uniform(25, 65, 50)):
        d = geod().inv([x] * 400, [y] * 400, lon, lat)[2] / 1000
        k, km = net.nearest(x, y)
        assert km == pytest.approx(d.min(), rel=0.01) and d[k] <= d.min() * 1.01
        k, km = net.nearest(x, y, among=among)
        assert among[k] and km == pytest.approx(d[among].min(), rel=0.01)
        near = net.within([x], [y], 300.0)
        assert (near == (d <= 300.0)).mean() > 0.99  # on the sphere: a hair off near the edge
    assert net.nearest(50, 45, among=np.zeros(400, dtype=bool)) == (-1, float("inf"))


def test_snapping_by_the_k_d_tree_finds_the_node_dot_products_find(monkeypatch):
    import corridors.network.base as base

    rng = np.random.default_rng(5)
    half = list(zip(rng.uniform(20, 80, 200), rng.uniform(30, 60, 200)))
    coords = half + half  # each node twice: ties go to the first, either way
    edges = [(k, k + 1) for k in range(0, 400, 2)]
    queries = [*zip(rng.uniform(15, 85, 50), rng.uniform(25, 65, 50)), *half[:50]]
    monkeypatch.setattr(base, "SNAPS_BEFORE_TREE", 3)
    by_tree = _base(coords, edges)
    for x, y in queries[:3]:
        by_tree.nearest(x, y)
    assert "_tree" not in by_tree.__dict__
    by_tree.nearest(*queries[3])
    assert "_tree" in by_tree.__dict__  # built for the fourth snap
    monkeypatch.setattr(base, "SNAPS_BEFORE_TREE", len(queries))
    by_dots = _base(coords, edges)
    for x, y in queries:
        k, km = by_tree.nearest(x, y)
        assert (k, km) == by_dots.nearest(x, y) and k < 200
    assert "_tree" not in by_dots.__dict__


def test_a_long_chain_keeps_a_node_past_every_node_every_km():
    from corridors.geodesy import length_km
    from corridors.network.base import _contract

    # a line of 41 points 5.01 km apart along the equator (200.4 km), no junction on it
    lon, lat = 30.0 + 0.045 * np.arange(41), np.zeros(41)
    a, b = np.arange(40), np.arange(1, 41)
    country = np.zeros(41, dtype=np.int16)
    whole = _contract(lon, lat, country, a, b)
    cut = _contract(lon, lat, country, a, b, every_km=20.0)
    # its two ends, and a cut at the first point past each 20 km short of its end: 9
    assert len(whole["lon"]) == 2 and len(cut["lon"]) == 11
    step = length_km([LineString(cut["coords"][i:j]) for i, j in
                      zip(cut["offsets"][:-1], cut["offsets"][1:])])
    assert np.allclose(step, cut["km"]) and (cut["km"][:-1] <= 25).all()
    assert cut["km"].sum() == pytest.approx(whole["km"].sum(), rel=1e-12)
    # every point of the line is a point of one of its edges, and each edge knows its chain
    assert {tuple(p) for p in cut["coords"]} == {tuple(p) for p in whole["coords"]}
    assert (cut["chains"] == [0, 10]).all() and (whole["chains"] == [[0, 1]]).all()


def test_a_closed_crossing_is_refused_unless_reopened():
    # E (GEO, lon 4) -base- X (ARM, lon 4.5): the crossing between them is closed
    net = _base([(4.0, 0.0), (4.5, 0.0)], [(0, 1)], countries=("GEO", "ARM"), country=[0, 1])
    closed = Closure("geo-arm", "test", ("GEO", "ARM"), frozenset({"rail"}), "closed", "2000",
                     None, None, None, "s")
    r = Router(synthetic_graph(), load_assumptions(), base=[net], closures=[closed])
    with pytest.raises(corridors.exceptions.NoRouteError, match="closed crossings"):
        r.route(["e", "rail:1"], constraints(modes=["rail"]))
    p = r.route(["e", "rail:1"], constraints(modes=["rail"], reopen=["geo-arm"]))
    assert r.countries(p) == ["GEO", "ARM"]
    assert r.matrix[p.edges, r.col_cross].sum() == 1


def test_a_place_off_the_curated_lines_joins_the_base_network_and_the_snap_is_counted():
    net = _base([(4.0, 0.0), (4.0, 0.1)], [(0, 1)], countries=("GEO",))
    g = synthetic_graph()
    r = Router(g, load_assumptions(), base=[net], join_km=10)
    from corridors.network.places import resolve

    p = resolve("0.12,4.0", r, modes={"rail"})  # 2.2 km north of the base node at 0.1°
    assert p.id == "rail:1" and p.network == "rail" and p.snap_km == pytest.approx(2.2, abs=0.1)
    from corridors.comparison import _records

    path = r.route([p.id, "d"], constraints(modes=["rail"]))
    rec = _records(r, [("x", path)], ("RUS",), [p, resolve("d", r)])[0]
    assert rec["km_source"]["snap"] == pytest.approx(2.2, abs=0.1)
    assert rec["km_total"] == pytest.approx(sum(rec["km_by_mode"].values()), abs=0.2)


def test_a_route_s_line_runs_through_each_of_its_arcs_points_in_order_of_travel():
    from corridors.geodesy import length_km

    # three nodes, two edges of three points each: the route from node 2 takes
    # (2, 1) forwards and (0, 1) backwards, then a join to the curated network
    coords = [(4.0, 0.0), (4.0, 0.1), (4.05, 0.2)]
    lines = [[(4.0, 0.0), (4.02, 0.05), (4.0, 0.1)], [(4.05, 0.2), (4.04, 0.15), (4.0, 0.1)]]
    net = BaseNetwork("rail", np.array([x for x, _ in coords]), np.array([y for _, y in coords]),
                      np.zeros(3, dtype=np.int16), ("GEO",), np.array([0, 2], dtype=np.int32),
                      np.array([1, 1], dtype=np.int32), length_km([LineString(x) for x in lines]),
                      np.array([0, 3, 6]), np.vstack(lines), np.full(3, 1520, dtype=np.int32), {})
    r = Router(synthetic_graph(), load_assumptions(), base=[net], join_km=10)
    path = r.route(["rail:2", "d"], constraints(modes=["rail"]))

    def points(e):  # each arc's own points, one by one
        if e < r.n_curated:
            ref = r.edge_ref[e]
            return [] if ref is None else list(r.graph.edges[ref]["geometry"].coords)
        for _, first, ne in r.arc_base:
            if first <= e < first + 2 * ne:
                i = e - first if e - first < ne else e - first - ne
                own = [tuple(xy) for xy in net.coords[net.offsets[i]:net.offsets[i + 1]]]
                return own if e - first < ne else own[::-1]
        return [tuple(r._state_xy[s]) for s in (r.tail[e], r.head[e])]  # a join, a transfer

    line = [tuple(xy) for xy in r.line(path.edges)]
    assert line == [xy for e in path.edges.tolist() for xy in points(e)]
    assert line[:5] == [(4.05, 0.2), (4.04, 0.15), (4.0, 0.1), (4.0, 0.1), (4.02, 0.05)]
    assert line[-1] == r.position("d")


def test_a_published_length_is_prorated_over_the_part_of_the_line_used():
    g = nx.MultiDiGraph()
    for n, x in (("a", 0.0), ("b", 1.0), ("c", 3.0)):
        g.add_node(n, name=n.upper(), aliases=None, kind="city", country="GEO", lon=x, lat=0.0)
    for u, v in (("a", "b"), ("b", "c")):
        attrs = {"segment": "abc", "dataset": "t", "system": None, "name": "abc", "mode": "rail",
                 "gauge_mm": 1520, "capacity": None, "capacity_unit": None, "passages": ()}
        km = 100.0 if u == "a" else 200.0
        _add_arcs(g, u, v, f"abc-{u}", attrs, LineString([(0, 0), (1, 0)]), km, {"GEO": km},
                  both=True)
    assert with_published_lengths(g, [{"from_node": "a", "to_node": "c", "mode": "rail",
                                       "km": "360"}]) == 1
    r = Router(g, load_assumptions())
    part = r.route(["a", "b"], constraints(modes=["rail"]))
    assert r.matrix[part.edges, 0].sum() == pytest.approx(120.0)  # a third of 360
    whole = r.route(["c", "a"], constraints(modes=["rail"]))
    assert r.matrix[whole.edges, 0].sum() == pytest.approx(360.0)


def test_the_disruption_ranking_is_a_table_of_closures(cli):
    run = cli("compare", "--from", "Baku", "--to", "Kars", "--modes", "rail", "--disrupt",
              "--format", "csv")
    assert run.code == 0
    header, first, *_ = run.out.splitlines()
    assert header.startswith("closed,kind,name,km_total,days_central,extra_km,extra_days")
    assert first.split(",")[1] == "segment"  # closing a BTK segment costs most
    bad = cli("compare", "--from", "Baku", "--to", "Kars", "--disrupt", "--format", "gpkg",
              "--out", "x.gpkg")
    assert bad.code == 2 and "--disrupt writes a table" in bad.err
