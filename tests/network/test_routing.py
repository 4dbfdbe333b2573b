"""Routing on a hand-built network, and invariants on the curated one."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
from conftest import ASSUMPTIONS, routes_on, synthetic_graph
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from shapely import LineString

from corridors.assumptions import load_assumptions
from corridors.exceptions import NoRouteError, UnknownNameError
from corridors.network import routing
from corridors.network.curated import _add_arcs, corridor_graph
from corridors.network.routing import Router, constraints


@pytest.fixture(scope="module")
def router(assumptions_file):
    return Router(synthetic_graph(), load_assumptions(assumptions_file))


def segments(r, path):
    return [r.segment[e] for e in path.edges if r.segment[e]]


def test_shortest_takes_the_ferry_and_counts_transfers(router):
    p = router.route(["a", "e"], constraints(modes=["rail", "ferry"]))
    assert segments(router, p) == ["ab", "bc", "cd", "de"]
    tot = router.matrix[p.edges].sum(axis=0)
    assert tot[0] == pytest.approx(100 + 200 + 300 + 50)
    assert tot[router.col_change] == 2  # rail -> ferry at C, ferry -> rail at D
    assert tot[router.col_gauge] == 1  # 1435 -> 1520 at B
    assert tot[router.col_cross] == 3  # CHN-KAZ, KAZ-AZE, AZE-GEO
    assert router.countries(p) == ["CHN", "KAZ", "AZE", "GEO"]


def test_hours_are_distance_over_speed_plus_dwell(router):
    p = router.route(["a", "e"], constraints(modes=["rail", "ferry"]))
    hours = router.matrix[p.edges].sum(axis=0)[router.col_hours : router.col_hours + 3]
    rail, ferry = 350.0, 300.0
    # three customs borders (none inside the KAZ-RUS union), one gauge break, two port transfers
    expected = [
        rail / 40 + ferry / 10 + 3 * 1 + 4 + 2 * 10,
        rail / 20 + ferry / 10 + 3 * 2 + 5 + 2 * 20,
        rail / 10 + ferry / 10 + 3 * 3 + 6 + 2 * 30,
    ]
    assert hours == pytest.approx(expected)


def test_customs_union_border_has_no_dwell(router):
    p = router.route(["b", "r"], constraints(modes=["rail"]))
    tot = router.matrix[p.edges].sum(axis=0)
    assert tot[router.col_cross] == 1  # KAZ -> RUS is a border ...
    assert tot[router.col_hours + 1] == pytest.approx(400 / 20)  # ... without customs dwell


def test_fastest_and_shortest_differ(router):
    shortest = router.route(["a", "e"], constraints())
    fastest = router.route(["a", "e"], constraints(fastest=True))
    assert segments(router, shortest) == ["ab", "bc", "cd", "de"]
    assert segments(router, fastest) == ["ab", "br", "re"]


@pytest.mark.parametrize(
    ("kw", "absent"),
    [
        ({"avoid_countries": ["AZE"]}, "cd"),
        ({"avoid_passages": ["suez"], "modes": ["rail", "sea"]}, "ce"),
        ({"modes": ["rail"]}, "cd"),
    ],
)
def test_constraints_remove_edges(router, kw, absent):
    p = router.route(["a", "e"], constraints(**kw))
    assert absent not in segments(router, p)


def test_via_is_honoured(router):
    p = router.route(["a", "r", "e"], constraints())
    assert segments(router, p) == ["ab", "br", "re"]


def test_a_via_on_the_shortest_path_gives_that_path(router):
    # the first leg of a route through vias is searched backwards from the via, the route
    # without vias forwards from the origin: both find the same path
    best = router.route(["a", "e"], constraints())
    through = router.route(["a", "c", "e"], constraints())
    assert segments(router, best) == ["ab", "bc", "cd", "de"]
    assert through.edges.tolist() == best.edges.tolist()


def test_searches_are_kept_up_to_the_routers_limit(assumptions_file):
    r = Router(synthetic_graph(), load_assumptions(assumptions_file), searches_kept=2)
    for place in ("b", "c", "d", "r"):
        r.route(["a", place, "e"], constraints())
    assert len(r._searches) == 2  # the two last: a bounded memory for a batch of routes


def test_a_route_found_under_wider_constraints_serves_narrower_ones_it_keeps_to(
        assumptions_file):
    r = Router(synthetic_graph(), load_assumptions(assumptions_file))
    fresh = Router(synthetic_graph(), load_assumptions(assumptions_file))
    wide = r.route(["a", "e"], constraints(modes=["rail", "ferry", "sea"]))
    searched = len(r._searches)
    # narrower, and the wide route keeps to it: the same path, without a search
    narrow = constraints(modes=["rail", "ferry"], avoid_passages=["suez"], avoid_countries=["RUS"])
    assert r.route(["a", "e"], narrow) is wide and len(r._searches) == searched
    assert r.route(["a", "e"], narrow).edges.tolist() == fresh.route(
        ["a", "e"], narrow).edges.tolist()
    # narrower, but the wide route crosses by ferry: searched, and the rail route through R
    rail = r.route(["a", "e"], constraints(modes=["rail"]))
    assert len(r._searches) > searched
    assert segments(r, rail) == ["ab", "br", "re"]
    assert rail.edges.tolist() == fresh.route(
        ["a", "e"], constraints(modes=["rail"])).edges.tolist()


def test_legs_whose_modes_pass_no_strait_share_their_searches(assumptions_file):
    r = Router(synthetic_graph(), load_assumptions(assumptions_file))
    assert r.passage_modes == {"sea"}  # only the sea leg C-E passes a strait (Suez)
    by_suez, by_cape = (constraints(modes=["rail"], avoid_passages=[p])
                        for p in ("suez", "cape-of-good-hope"))
    assert r.canonical(by_suez) == r.canonical(by_cape) == constraints(modes=["rail"])
    first = r.route(["a", "r", "e"], by_suez)
    searched = len(r._searches)
    again = r.route(["a", "r", "e"], by_cape)
    assert len(r._searches) == searched  # the same searches serve both
    assert again.edges.tolist() == first.edges.tolist()
    # where a mode passes the strait, avoiding it still counts
    assert segments(r, r.route(["c", "e"], constraints(modes=["sea"]))) == ["ce"]
    sea = constraints(modes=["sea"], avoid_passages=["suez"])
    assert r.canonical(sea) is sea
    with pytest.raises(NoRouteError, match="avoid_passages suez"):
        r.route(["c", "e"], sea)


def test_places_no_arc_joins_are_not_searched_from(assumptions_file):
    g = synthetic_graph()
    attrs = {"segment": "xy", "dataset": "t", "name": "xy", "mode": "rail", "gauge_mm": 1520,
             "capacity": None, "capacity_unit": None, "passages": ()}
    for n, x in (("x", 10.0), ("y", 11.0)):
        g.add_node(n, name=n.upper(), aliases=None, kind="city", country="KAZ", lon=x, lat=0.0)
    _add_arcs(g, "x", "y", "xy", attrs, LineString([(10, 0), (11, 0)]), 100.0, {"KAZ": 100.0},
              both=True)
    r = Router(g, load_assumptions(assumptions_file))
    with pytest.raises(NoRouteError, match="not connected"):
        r.route(["a", "y"], constraints())
    assert not r._searches  # its own part of the network: no search was made
    assert segments(r, r.route(["x", "y"], constraints())) == ["xy"]


def test_once_routes_under_constraints_were_searched_the_components_refuse_the_rest(
        assumptions_file, monkeypatch):
    import scipy.sparse.csgraph

    r = Router(synthetic_graph(), load_assumptions(assumptions_file))
    c = r.canonical(constraints(modes=["rail", "ferry"], avoid_segments=["cd", "br"]))
    assert segments(r, r.route(["a", "c"], c)) == ["ab", "bc"]  # searched
    searched = []
    dijkstra = scipy.sparse.csgraph.dijkstra
    monkeypatch.setattr(scipy.sparse.csgraph, "dijkstra",
                        lambda *a, **k: searched.append(a) or dijkstra(*a, **k))
    for far in ("d", "e"):  # across the closed ferry, and round by R: cut off
        with pytest.raises(NoRouteError, match="blocked by avoiding br or by avoiding cd"):
            r.route(["a", far], c)
    assert not searched and r._any_searches[c] == 1  # told without a search
    assert segments(r, r.route(["b", "a"], c)) == ["ab"]  # what the components join, routed


UNBOUNDED = {False: (math.inf, 0.0), True: (math.inf, 0.0)}
TOO_SHORT = {False: (0.0, 1.0), True: (0.0, 0.01)}  # 1 km, or 36 s: every first limit falls short


@pytest.mark.parametrize("limits", [TOO_SHORT, None])
def test_a_search_bounded_by_the_geodesic_finds_the_unbounded_route(assumptions_file,
                                                                  monkeypatch, limits):
    """The limits only speed a search: short, it goes on until a route is found."""
    asked = [(p, c) for p in (("a", "e"), ("a", "b"), ("a", "r"), ("e", "a"), ("b", "r"),
                              ("a", "c", "e"), ("e", "r", "a"), ("a", "b", "d", "e"))
             for c in (constraints(), constraints(fastest=True), constraints(modes=["rail"]))]

    def routes():
        r = Router(synthetic_graph(), load_assumptions(assumptions_file))
        return r, routes_on(r, asked)

    monkeypatch.setattr(routing, "_FIRST_LIMIT", UNBOUNDED)
    _, unbounded = routes()
    if limits is not None:
        monkeypatch.setattr(routing, "_FIRST_LIMIT", limits)
    else:
        monkeypatch.undo()
    r, bounded = routes()
    assert bounded == unbounded
    assert sum(isinstance(x, list) for x in bounded) > 20  # routes, not only their absence
    kept = [v[3] for k, v in r._searches.items() if k[1] == "any"]
    if limits is TOO_SHORT:  # each searched again, everywhere
        assert kept and all(limit == math.inf for limit in kept)
    else:  # A to B (600 km of geodesic) is found within its first limit
        assert any(limit < math.inf for limit in kept)


def test_reachability_from_components_agrees_with_a_search(assumptions_file):
    g = synthetic_graph()  # arcs both ways, and a one-way pipeline: strong and weak parts differ
    attrs = {"segment": "p", "dataset": "t", "name": "p", "mode": "oil_pipeline",
             "gauge_mm": None, "capacity": None, "capacity_unit": None, "passages": ()}
    _add_arcs(g, "a", "e", "p", attrs, LineString([(0, 0), (4, 0)]), 10.0, {"CHN": 10.0},
              both=False)
    r = Router(g, load_assumptions(assumptions_file))
    for c in (constraints(), constraints(modes=["oil_pipeline"]),
              constraints(modes=["rail", "oil_pipeline"], avoid_countries=["AZE"])):
        every = np.arange(r.n_states)
        for reverse in (False, True):
            for s in every:
                seen = r._reach(c, s, reverse=reverse)  # what s reaches, or what reaches s
                for t in every:
                    one, other = (np.array([t]), np.array([s])) if reverse else (
                        np.array([s]), np.array([t]))
                    assert r._reachable(c, one, other, reverse=reverse)[0] == seen[t]
        for s in every:  # from several sources at once: what any of them reaches
            sources = np.array([s, (s + 3) % r.n_states])
            assert (r._reachable(c, sources, every) == (
                r._reach(c, int(sources[0])) | r._reach(c, int(sources[1])))).all()
    assert r._components(constraints(modes=["oil_pipeline"]))[1] is not None


def test_pipeline_is_one_way():
    g = synthetic_graph()
    geom = LineString([(0, 0), (4, 0)])
    attrs = {
        "segment": "p",
        "dataset": "t",
        "name": "p",
        "mode": "oil_pipeline",
        "gauge_mm": None,
        "capacity": None,
        "capacity_unit": None,
        "passages": (),
    }
    _add_arcs(g, "a", "e", "p", attrs, geom, 10.0, {"CHN": 10.0}, both=False)
    r = Router(g, load_assumptions())
    assert segments(r, r.route(["a", "e"], constraints(modes=["oil_pipeline"]))) == ["p"]
    with pytest.raises(NoRouteError):
        r.route(["e", "a"], constraints(modes=["oil_pipeline"]))


def test_no_route_names_the_blocking_constraint(router):
    with pytest.raises(NoRouteError, match="blocked by avoiding AZE"):
        router.route(
            ["a", "e"], constraints(modes=["rail", "ferry"], avoid_countries=["AZE", "RUS"])
        )
    with pytest.raises(NoRouteError, match="E is in GEO, an avoided country"):
        router.route(["a", "e"], constraints(avoid_countries=["GEO"]))


@pytest.mark.parametrize(
    ("kw", "what"),
    [({"modes": ["rail", "plane"]}, "mode"), ({"avoid_passages": ["suezz"]}, "passage")],
)
def test_unknown_names(kw, what):
    with pytest.raises(UnknownNameError, match=f"unknown {what}"):
        constraints(**kw)


# -- invariants on the real network ------------------------------------------------------------
@pytest.fixture(scope="module")
def real():
    """The curated and base networks, and the curated places connected by the default modes."""
    import numpy as np

    from corridors.network.model import default_network

    r = default_network().router
    reach = r.distances(constraints(), "tbilisi").min(axis=0)
    nodes = sorted(n for n in r.places if np.isfinite(reach[r.states_of(n)]).any())
    return r, nodes


def _cost(r, places, c):
    """What the router minimises (km, a base kilometre beside a curated line weighing more)."""
    try:
        edges = r.route(places, c).edges
    except NoRouteError:
        return float("inf")
    w = r.matrix[edges, 0].copy()
    w[r.parallel[edges]] *= r.base_weight
    return float(w.sum())


PROPS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def test_the_sampled_places_are_connected(real):
    _, nodes = real
    assert len(nodes) > 150 and {"xian", "duisburg", "kars", "poti"} <= set(nodes)


@PROPS
@given(data=st.data())
def test_a_via_never_shortens_a_route(real, data):
    r, nodes = real
    a, b, v = (data.draw(st.sampled_from(nodes)) for _ in range(3))
    if len({a, b, v}) < 3:
        return
    direct = _cost(r, [a, b], constraints())
    assert direct < float("inf")  # drawn from connected places: the check checks something
    assert _cost(r, [a, v, b], constraints()) >= direct - 1e-6


@PROPS
@given(
    data=st.data(),
    avoid=st.sampled_from(
        [
            {"avoid_countries": ["RUS"]},
            {"avoid_countries": ["GEO", "TUR"]},
            {"avoid_passages": ["suez"]},
            {"modes": ["rail"]},
            {"avoid_segments": ["mc-btk-akhalkalaki-kars", "mc-caspian-aktau-alat"]},
            {"avoid_nodes": ["alat"]},
        ]
    ),
)
def test_a_closure_never_shortens_a_route_nor_enters_what_it_avoids(real, data, avoid):
    r, nodes = real
    a, b = data.draw(st.sampled_from(nodes)), data.draw(st.sampled_from(nodes))
    if a == b:
        return
    c = constraints(**avoid)
    free = _cost(r, [a, b], constraints())
    assert free < float("inf")
    assert _cost(r, [a, b], c) >= free - 1e-6
    try:
        p = r.route([a, b], c)
    except NoRouteError:
        return
    assert not set(r.countries(p)) & c.avoid_countries
    assert not set(r.passages_of(p.edges)) & c.avoid_passages
    assert not {r.segment[e] for e in p.edges} & c.avoid_segments


def test_caspian_sea_route_avoiding_russia_is_blocked():
    r = Router(corridor_graph(), load_assumptions())
    with pytest.raises(NoRouteError, match="avoiding RUS"):
        r.route(["aktau", "rotterdam"], constraints(modes=["sea"], avoid_countries=["RUS"],
                                                    allow_passages=["volga-don"]))
    # the Volga-Don is avoided unless allowed, and the message says how to allow it
    with pytest.raises(NoRouteError, match=r"the volga-don, avoided unless allowed \(allow_p"):
        r.route(["aktau", "rotterdam"], constraints(modes=["sea"]))
    assert "volga-don" in r.passages_of(r.route(
        ["aktau", "rotterdam"], constraints(modes=["sea"], allow_passages=["volga-don"])).edges)


# -- no delay counted twice ----------------------------------------------------------------------
@pytest.fixture(scope="module")
def calibrated(tmp_path_factory):
    """The synthetic assumptions plus a timed ferry crossing and rail regions."""
    doc = json.loads(json.dumps(ASSUMPTIONS))
    doc["crossing_h"] = {"cd": {"low": 18, "central": 21, "high": 30, "includes_port_time": True,
                                "departures_per_week": 7, "source_ids": "srcenter-caspian-ferry"}}
    doc["rail_speed_by_region"] = {
        # speeds that already include the borders inside the region
        "caucasus": {"countries": ["AZE", "GEO"], "low": 25, "central": 25, "high": 25,
                     "includes": ["border"], "source_ids": "agendage-2014-poti-baku-34h"},
        "kaz": {"countries": ["KAZ"], "low": 50, "central": 50, "high": 50, "includes": [],
                "source_ids": "railfreight-2018-08-02-kazakhstan-faster-trains"},
    }
    path = tmp_path_factory.mktemp("c") / "assumptions.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return Router(synthetic_graph(), load_assumptions(path))


def test_a_ferry_takes_its_crossing_time_and_no_port_dwell_where_that_includes_loading(
        calibrated):
    r = calibrated
    p = r.route(["b", "e"], constraints(modes=["rail", "ferry"]))  # B -rail- C -ferry- D -rail- E
    hours = r.matrix[p.edges].sum(axis=0)[r.col_hours : r.col_hours + 3]
    wait = [0, 168 / 7 / 2, 168 / 7]  # for the next of seven departures a week
    rail = [200 / 50 + 50 / 25] * 3  # KAZ at 50 km/h, AZE and GEO at 25
    border = [1, 2, 3]  # KAZ-AZE at the ferry: KAZ's speed does not include it
    # AZE-GEO: both regions' speeds include their border: none charged; no port dwell at C or D
    assert hours == pytest.approx([c + w + x + b for c, w, x, b in
                                   zip((18, 21, 30), wait, rail, border)])
    assert r.matrix[p.edges, r.col_change].sum() == 2  # the two mode changes are still counted
