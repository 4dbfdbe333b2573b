"""Building the network from segments and nodes."""

from __future__ import annotations

import geopandas as gpd
import pytest
from shapely import LineString, Point

from corridors.network.curated import corridor_graph, graph_from_segments


@pytest.fixture(scope="module")
def nodes():
    rows = [
        ("tbilisi", "Tbilisi", "city", "GEO", 44.79, 41.72),
        ("gori", "Gori", "city", "GEO", 44.11, 41.98),
        ("kutaisi", "Kutaisi", "city", "GEO", 42.70, 42.27),
        ("poti", "Poti", "port", "GEO", 41.67, 42.14),
    ]
    return gpd.GeoDataFrame(
        {
            "id": [r[0] for r in rows],
            "name": [r[1] for r in rows],
            "kind": [r[2] for r in rows],
            "country": [r[3] for r in rows],
        },
        geometry=[Point(r[4], r[5]) for r in rows],
        crs=4326,
    )


def line(*names, nodes):
    xy = nodes.set_index("id").geometry
    return LineString([(xy[n].x, xy[n].y) for n in names])


def test_waypoints_split_a_segment(nodes):
    segs = gpd.GeoDataFrame(
        {
            "id": ["ge"],
            "name": ["Georgian rail"],
            "mode": ["rail"],
            "gauge_mm": [1520],
            "from_node": ["tbilisi"],
            "to_node": ["poti"],
            "waypoints": ["tbilisi;gori;kutaisi;poti"],
        },
        geometry=[line("tbilisi", "gori", "kutaisi", "poti", nodes=nodes)],
        crs=4326,
    )
    g = graph_from_segments(segs, nodes, sea_links=False)
    assert sorted(k for _, _, k in g.out_edges("gori", keys=True)) == ["ge#1", "ge#2"]
    forward = [
        g.edges[u, v, k]
        for u, v, k in [
            ("tbilisi", "gori", "ge#1"),
            ("gori", "kutaisi", "ge#2"),
            ("kutaisi", "poti", "ge#3"),
        ]
    ]
    from corridors.geodesy import length_km

    assert sum(e["km"] for e in forward) == pytest.approx(float(length_km(segs.geometry)[0]))
    for e in forward:  # kilometres by country sum to the edge's kilometres
        assert sum(e["km_by_country"].values()) == pytest.approx(e["km"])
        assert e["gauge_mm"] == 1520 and e["segment"] == "ge"


def test_freight_both_ways_pipelines_one_way(nodes):
    segs = gpd.GeoDataFrame(
        {
            "id": ["r", "p"],
            "name": ["Rail", "Pipe"],
            "mode": ["rail", "oil_pipeline"],
            "from_node": ["tbilisi", "tbilisi"],
            "to_node": ["gori", "gori"],
        },
        geometry=[line("tbilisi", "gori", nodes=nodes)] * 2,
        crs=4326,
    )
    g = graph_from_segments(segs, nodes, sea_links=False)
    assert g.has_edge("gori", "tbilisi", "r") and not g.has_edge("gori", "tbilisi", "p")
    back = g.edges["gori", "tbilisi", "r"]["geometry"]
    assert back.coords[0] == pytest.approx((44.11, 41.98))


def test_user_segment_ends_snap_or_become_nodes(nodes):
    # a user's file: only name, mode and a line; one end 3 km from Kutaisi, one far from anything
    segs = gpd.GeoDataFrame(
        {"id": ["u1"], "name": ["My road"], "mode": ["road"]},
        geometry=[LineString([(42.73, 42.28), (43.5, 41.5)])],
        crs=4326,
    )
    g = graph_from_segments(segs, nodes, sea_links=False)
    assert g.has_edge("kutaisi", "u1:end", "u1")
    assert g.nodes["u1:end"]["name"] == "My road (end)"


def test_sea_links_join_ports():
    g = corridor_graph()
    leg = g.edges["aktau", "rotterdam", "sea:aktau-rotterdam"]
    assert leg["mode"] == "sea" and "volga-don" in leg["passages"]
    assert leg["km_by_country"]["RUS"] > 0
    assert not g.has_edge("aktau", "alat", "sea:aktau-alat")  # a curated ferry joins them


def test_curated_network_is_connected_for_freight():
    import networkx as nx

    g = corridor_graph()
    freight = g.edge_subgraph(
        [
            (u, v, k)
            for u, v, k, m in g.edges(keys=True, data="mode")
            if m in ("rail", "ferry", "sea")
        ]
    )
    assert nx.has_path(freight, "xian", "duisburg")


def test_the_network_is_kept_between_runs(tmp_path, monkeypatch, write_geojson):
    from corridors import settings
    from corridors.network import curated as network

    monkeypatch.setattr(settings, "cache_dir", tmp_path / "cache")
    mine = write_geojson([{"id": "x", "name": "X", "mode": "rail", "status": "operating",
                           "geometry": {"type": "LineString",
                                        "coordinates": [[44.8, 41.7], [45.0, 41.5]]}}])
    network._corridor_graph.cache_clear()
    built = corridor_graph(files=[mine], sea_links=False)
    assert len(list((tmp_path / "cache").glob("network-*.pickle"))) == 1

    def no_build(*args, **kwargs):
        raise AssertionError("built again")

    monkeypatch.setattr(network, "graph_from_segments", no_build)
    network._corridor_graph.cache_clear()
    again = corridor_graph(files=[mine], sea_links=False)  # read from the cache
    assert again is not built and again.number_of_edges() == built.number_of_edges()
    assert dict(again.nodes(data="name")) == dict(built.nodes(data="name"))
    mine.write_text(mine.read_text().replace('"X"', '"Y"'))  # another file: another key
    network._corridor_graph.cache_clear()
    with pytest.raises(AssertionError, match="built again"):
        corridor_graph(files=[mine], sea_links=False)
    network._corridor_graph.cache_clear()


def test_a_cache_that_cannot_be_written_is_skipped(tmp_path, monkeypatch):
    from corridors import settings
    from corridors.network import curated as network

    blocked = tmp_path / "file"
    blocked.write_text("not a directory")
    monkeypatch.setattr(settings, "cache_dir", blocked / "cache")
    network._corridor_graph.cache_clear()
    with pytest.warns(UserWarning, match="cache is skipped: .*Not a directory"):
        assert corridor_graph(sea_links=False).number_of_edges() > 0
    network._corridor_graph.cache_clear()


def test_the_routable_network_is_kept_between_runs_without_its_searches(monkeypatch):
    from corridors.network import model
    from corridors.options import Options

    first = model.default_network()  # built (and stored) or loaded by earlier tests
    expected = first.compare("Tbilisi", "Kars", Options())
    model._network.cache_clear()
    monkeypatch.setattr(model, "_build", lambda *a: pytest.fail("built again"))
    again = model.default_network()  # read from the cache
    assert again is not first and again.router.n_states == first.router.n_states
    assert not again.router._searches and not again.router._graphs  # stored without them
    got = again.compare("Tbilisi", "Kars", Options())
    assert got.drop(columns="geometry").equals(expected.drop(columns="geometry"))
    assert got.geometry.geom_equals(expected.geometry).all()
    model._network.cache_clear()
