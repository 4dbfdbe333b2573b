"""Matching place names and coordinates to network nodes."""

from __future__ import annotations

import pytest
from conftest import synthetic_graph

from corridors.assumptions import load_assumptions
from corridors.exceptions import DataError, UnknownNameError
from corridors.network.places import normalise
from corridors.network.places import resolve as _resolve
from corridors.network.routing import Router


def resolve(query, graph, modes=None):
    """Resolve on the curated graph alone: no base network, so terminal_snap_km is the limit."""
    return _resolve(query, Router(graph, load_assumptions()), modes)


@pytest.mark.parametrize("name", ["Xian", "Xi'an", "Xi’an", "XI`AN", "  xi'an "])
def test_apostrophes_and_case_do_not_matter(name):
    assert normalise(name) == "xian"


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Constanța", "constanta"),
        ("Böyük Kəsik", "boyuk kesik"),
        ("Kırıkkale", "kirikkale"),
        ("Ürümqi", "urumqi"),
        ("Frankfurt am Main", "frankfurt am main"),
    ],
)
def test_diacritics_do_not_matter(text, folded):
    assert normalise(text) == folded


@pytest.fixture(autouse=True)
def _snap_limit(monkeypatch):
    """The synthetic network's places lie 30 to 110 km apart."""
    from corridors import settings

    monkeypatch.setattr(settings, "terminal_snap_km", 150.0)


@pytest.fixture(scope="module")
def graph():
    g = synthetic_graph()
    g.nodes["a"]["aliases"] = "Alpha;Ālfa"
    return g


@pytest.mark.parametrize(
    ("query", "node"), [("a", "a"), ("A", "a"), ("alpha", "a"), ("ALFA", "a"), ("e", "e")]
)
def test_names_ids_and_aliases(graph, query, node):
    p = resolve(query, graph)
    assert (p.id, p.snap_km, p.query) == (node, 0.0, query)


def test_unknown_place_suggests(graph):
    with pytest.raises(
        UnknownNameError, match=r"unknown place 'Alpah'; did you mean 'Alpha'"
    ) as err:
        resolve("Alpah", graph)
    assert err.value.suggestions[0] == "Alpha"


def test_coordinates_snap_to_the_nearest_node(graph):
    p = resolve("0.5, 2.9", graph)  # lat, lon
    assert p.id == "d"
    # 0.5 deg of latitude and 0.1 deg of longitude from (3, 0): about 56.2 km on WGS84
    assert p.snap_km == pytest.approx(56.3, abs=0.3)


def test_coordinates_out_of_range(graph):
    with pytest.raises(DataError, match="latitude"):
        resolve("95,10", graph)


def test_a_place_no_line_reaches_snaps_to_the_nearest_node():
    g = synthetic_graph()
    g.add_node("z", name="Zeta", aliases=None, kind="city", country="GEO", lon=4.3, lat=0.0)
    p = resolve("Zeta", g)
    assert (p.id, p.query) == ("e", "Zeta") and p.snap_km == pytest.approx(33.4, abs=0.1)


def test_snapping_keeps_to_nodes_the_modes_serve():
    g = synthetic_graph()
    assert resolve("0.0,2.9", g).id == "d"  # a port
    assert resolve("0.0,2.9", g, modes={"sea"}).id == "c"  # d has no sea leg


def test_nothing_snaps_to_a_node_a_line_only_passes_through():
    g = synthetic_graph()
    g.nodes["d"]["kind"] = "compressor_station"
    assert resolve("0.0,2.9", g).id == "r"  # d is nearer, but nothing is loaded there
    assert resolve("D", g).id == "d"  # by name it is found


def test_a_town_the_network_does_not_name_is_found_in_geonames_and_snapped(graph, monkeypatch):
    from corridors import settings

    monkeypatch.setattr(settings, "terminal_snap_km", float("inf"))
    # the synthetic nodes lie on the equator between 0° and 4° east
    p = resolve("Libreville", graph)  # Gabon's capital, 0.39° N 9.45° E
    assert p.located == "Libreville, GAB, in GeoNames"
    assert p.id == "e" and p.snap_km > 500
    assert resolve("Alpha", graph).located == ""  # the network's own names come first


def test_a_place_too_far_from_the_network_is_an_error_not_a_comparison(graph, monkeypatch):
    from corridors import settings

    with pytest.raises(DataError, match=r"'?0,40'? is [\d,.]+ km from the nearest place the "
                                        r"network serves, E; .*settings.terminal_snap_km"):
        resolve("0,40", graph)  # 36° east of the synthetic network's last node
    with pytest.raises(DataError, match=r"Libreville \(Libreville, GAB, in GeoNames\) is"):
        resolve("Libreville", graph)
    monkeypatch.setattr(settings, "terminal_snap_km", float("inf"))
    assert resolve("0,40", graph).id == "e"


def test_freight_does_not_snap_to_an_oil_or_gas_terminal():
    g = synthetic_graph()
    g.nodes["d"]["kind"] = "terminal"
    freight = {"rail", "ferry", "sea", "road"}
    assert resolve("0.0,2.9", g, modes=freight).id != "d"
    assert resolve("0.0,2.9", g).id == "d"  # any mode: a terminal is a place like another
    assert resolve("D", g, modes=freight).id == "d"  # by name it is found


def test_a_network_keeps_the_places_it_resolved_under_the_snap_limits_of_the_moment(monkeypatch):
    from corridors import settings
    from corridors.network.model import Network

    net = Network.build(synthetic_graph(), load_assumptions())
    snapped = net.resolve("0.05,1.0", ["rail"])
    assert net.resolve("0.05,1.0", ("rail",)) is snapped  # kept, whatever the modes' order
    assert snapped.snap_km == pytest.approx(5.6, abs=0.1)
    monkeypatch.setattr(settings, "terminal_snap_km", 1.0)  # a tighter limit is obeyed
    with pytest.raises(DataError, match="places snap up to 1 km"):
        net.resolve("0.05,1.0", ["rail"])
