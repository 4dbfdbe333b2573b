"""Benchmark: route comparisons between random places, beside searoute sea-route queries.

Run from the repository root:

    python benchmarks/bench_compare.py [N]

Each comparison resolves two places and computes every metric of every route
(the best route and those of the five named routes of data/routes.json that
apply between the two places) on the curated network, on one core; then again
with no named route left out as a detour (``settings.named_route_detour = inf``).
searoute queries between random pairs of ports run in the same process for
comparison. Prints figures; asserts nothing.
"""

from __future__ import annotations

import math
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from corridors import network, settings
from corridors.comparison import compare_records
from corridors.exceptions import NoRouteError
from corridors.network import FREIGHT_MODES, corridor_graph
from corridors.sea import sea_route


def main(n: int = 10_000, sea_queries: int = 200, seed: int = 3) -> None:
    default_detour = settings.named_route_detour
    # The build itself, then a load from the disk cache (written first if there is none).
    settings.use_cache = False
    t0 = time.perf_counter()
    corridor_graph()
    build = time.perf_counter() - t0
    settings.use_cache = True
    for _ in range(2):
        network._corridor_graph.cache_clear()
        t0 = time.perf_counter()
        graph = corridor_graph()
        load = time.perf_counter() - t0
    places = sorted({u for u, _, m in graph.edges(data="mode") if m in FREIGHT_MODES})
    rng = random.Random(seed)
    pairs = [tuple(rng.sample(places, 2)) for _ in range(n)]
    compare_records(*pairs[0], graph=graph)  # warm the router and the place index

    def run() -> tuple[int, int, float, float]:
        rows = no_route = 0
        t0, c0 = time.perf_counter(), time.process_time()
        for origin, destination in pairs:
            try:
                rows += len(compare_records(origin, destination, graph=graph))
            except NoRouteError:
                no_route += 1
        return rows, no_route, (time.perf_counter() - t0) / n, (time.process_time() - c0) / n

    rows, no_route, compare_s, compare_cpu = run()
    # The same pairs with no named route left out as a detour: more routes routed each time.
    settings.named_route_detour = math.inf
    all_rows, _, all_s, _ = run()
    settings.named_route_detour = default_detour

    ports = [n for n, k in graph.nodes(data="kind") if k == "port"]
    xy = {p: (graph.nodes[p]["lon"], graph.nodes[p]["lat"]) for p in ports}
    sea_pairs = [tuple(rng.sample(ports, 2)) for _ in range(sea_queries)]
    sea_route(xy[sea_pairs[0][0]], xy[sea_pairs[0][1]], allow_volga_don=True)  # load the graph
    t0 = time.perf_counter()
    for a, b in sea_pairs:
        sea_route(xy[a], xy[b], allow_volga_don=True)
    sea_s = (time.perf_counter() - t0) / sea_queries

    print(
        f"network: {graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges, "
        f"built in {build:.2f} s (searoute sea links included), {load:.2f} s from the disk cache"
    )
    print(
        f"comparisons: {n} random origin-destination pairs among {len(places)} places, "
        f"{rows} route rows, {no_route} pairs without any route"
    )
    print(f"  {compare_s * 1e3:.3f} ms per comparison, {1 / compare_s:,.0f} comparisons/s "
          f"(CPU time {compare_cpu * 1e3:.3f} ms, {1 / compare_cpu:,.0f}/s)")
    print(f"  with no named route left out as a detour: {all_rows} route rows, "
          f"{all_s * 1e3:.3f} ms per comparison, {1 / all_s:,.0f} comparisons/s")
    print(f"searoute: {sea_queries} port-to-port queries, {sea_s * 1e3:.3f} ms per query")
    print(f"ratio: one searoute query takes {sea_s / compare_s:.1f}x one full comparison")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
