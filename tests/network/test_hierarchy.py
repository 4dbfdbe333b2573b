"""Contraction hierarchies: the shortest paths of scipy's searches, faster, built once."""

from __future__ import annotations

import dataclasses
import pickle

import numpy as np
import pytest
from conftest import routes_on, synthetic_graph
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import dijkstra

from corridors import settings
from corridors.assumptions import load_assumptions
from corridors.network import _hierarchy, routing
from corridors.network._hierarchy import Hierarchy
from corridors.network.routing import Router, constraints


def random_graph(n: int = 400, seed: int = 1) -> csr_matrix:
    """A sparse directed graph of distinct weights, and a node (the last) no arc reaches."""
    rng = np.random.default_rng(seed)
    tail = rng.integers(0, n - 1, 4 * n)
    head = (tail + rng.integers(1, 30, 4 * n)) % (n - 1)
    keys = np.unique(tail * n + head)
    w = rng.uniform(1.0, 100.0, len(keys))
    return csr_matrix((w, (keys // n, keys % n)), shape=(n, n))


def scipy_path(csr, sources, targets):
    dist, pred, nearest = dijkstra(csr, indices=sources, return_predecessors=True,
                                   min_only=True)
    if not np.isfinite(dist[targets]).any():
        return None
    t = int(targets[np.argmin(dist[targets])])
    path = [t]
    while path[-1] != nearest[t]:
        path.append(int(pred[path[-1]]))
    return path[::-1]


def test_a_hierarchy_finds_the_shortest_path_from_any_source_to_any_target():
    csr = random_graph()
    h = Hierarchy.of(csr, cache=False)
    rng = np.random.default_rng(2)
    found = 0
    for _ in range(60):
        sources, targets = rng.choice(399, 3, replace=False), rng.choice(399, 2, replace=False)
        got = h.path(sources, targets)
        assert (got if got is None else got.tolist()) == scipy_path(csr, sources, targets)
        found += got is not None
    assert found > 50
    assert h.path([0, 1], [399]) is None  # nothing reaches the last node


def test_a_hierarchy_is_built_once_then_loaded_from_the_cache(tmp_path, monkeypatch):
    monkeypatch.setattr(settings, "cache_dir", tmp_path)
    csr = random_graph(seed=3)
    first = Hierarchy.of(csr)
    assert len(list(tmp_path.glob("hierarchy-*.pickle"))) == 1

    def no_build(_):
        raise AssertionError("built again")

    monkeypatch.setattr(_hierarchy, "_build", no_build)
    again = Hierarchy.of(csr)
    assert again.path([0], [5]).tolist() == first.path([0], [5]).tolist()
    other = csr.copy()
    other.data[0] += 1.0  # another graph: another file, built
    with pytest.raises(AssertionError, match="built again"):
        Hierarchy.of(other)


ASKED = [(p, c) for p in (("a", "e"), ("a", "b"), ("a", "r"), ("e", "a"), ("b", "r"), ("r", "b"))
         for c in (constraints(), constraints(fastest=True), constraints(modes=["rail"]))]


def test_routes_by_hierarchy_are_the_routes_searched(assumptions_file, monkeypatch):
    a = load_assumptions(assumptions_file)
    monkeypatch.setattr(settings, "hierarchy_after", None)
    searched = routes_on(Router(synthetic_graph(), a), ASKED)
    monkeypatch.setattr(settings, "hierarchy_after", 0)
    r = Router(synthetic_graph(), a)
    assert routes_on(r, ASKED) == searched
    assert sum(isinstance(x, list) for x in searched) > 12
    by_hierarchy = [k for g in r._graphs.values() for k in g.legs if k[2] == "ch"]
    assert len(r._hierarchies) == routing.HIERARCHIES_KEPT and len(by_hierarchy) > 6


def test_without_scgraphs_compiled_part_routes_are_searched(assumptions_file, monkeypatch):
    a = load_assumptions(assumptions_file)
    monkeypatch.setattr(settings, "hierarchy_after", None)
    searched = routes_on(Router(synthetic_graph(), a), ASKED)

    def missing(*_, **__):
        raise ImportError("No module named 'scgraph.cpp'")

    monkeypatch.setattr(settings, "hierarchy_after", 0)
    monkeypatch.setattr(Hierarchy, "of", missing)
    r = Router(synthetic_graph(), a)
    assert routes_on(r, ASKED) == searched
    assert list(r._hierarchies.values()) == [None] * routing.HIERARCHIES_KEPT


def test_a_run_of_routes_from_one_place_is_searched_once_for_the_rest(assumptions_file,
                                                                      monkeypatch):
    monkeypatch.setattr(settings, "hierarchy_after", 0)
    r = Router(synthetic_graph(), load_assumptions(assumptions_file))
    c = r.canonical(constraints())
    r.route(["a", "e"], c)
    assert r._any_searches[c] == 0 and c in r._hierarchies  # by the hierarchy
    r.route(["a", "b"], c)
    assert r._any_searches[c] == 0  # from A again, twice in a row: by the hierarchy still
    r.route(["a", "r"], c)
    assert r._any_searches[c] == 1  # a third time: searched, and the search kept
    legs = sum(len(g.legs) for g in r._graphs.values())
    r.route(["a", "d"], c)
    assert r._any_searches[c] == 1  # the rest of the run: answered by the search kept
    assert sum(len(g.legs) for g in r._graphs.values()) == legs + 1
    r.route(["b", "r"], c)
    assert r._any_searches[c] == 1  # from elsewhere: by the hierarchy again


def test_on_the_real_network_the_comparisons_are_the_same(monkeypatch):
    from corridors.comparison import compare_routes
    from corridors.network.model import default_network

    net = default_network()
    pairs = [("Xi'an", "Duisburg"), ("Chongqing", "Tbilisi"), ("Tashkent", "Poti"),
             ("Baku", "Kars"), ("Almaty", "Istanbul"), ("41.30,69.24", "52.52,13.40"),
             ("Aktau", "Constanta"), ("Tehran", "Ankara")]

    def compared(after):
        monkeypatch.setattr(settings, "hierarchy_after", after)
        fresh = dataclasses.replace(net, router=pickle.loads(pickle.dumps(net.router)))
        got = [compare_routes(fresh, o, d).frame() for o, d in pairs]
        return fresh.router, got

    _, searched = compared(None)
    r, by_hierarchy = compared(0)
    assert r._hierarchies  # the hierarchy routed them
    for s, h in zip(searched, by_hierarchy):
        assert h.drop(columns="geometry").equals(s.drop(columns="geometry"))
        # the same lines: a path through one of two nodes at the same place may differ
        assert all(a.equals(b) for a, b in zip(s.geometry, h.geometry))
