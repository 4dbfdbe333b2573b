"""Benchmark: what the places a network keeps save a comparison of curated places.

Run from the repository root:

    python benchmarks/bench_places.py [ROUNDS]

``Network.resolve`` keeps the places it resolved (a curated place that the
modes do not serve, Baku city or a terminal, snaps to another network). In
one process, after 1,500 comparisons of random curated pairs as records,
times ROUNDS (10 by default) runs of 600 pairs of their own each way,
in turn: with the places kept, and with ``Network.resolve`` resolving every
place again (``corridors.network.places.resolve``, as before it kept them).
Prints the median CPU a comparison each way; asserts nothing.
"""

from __future__ import annotations

import contextlib
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from corridors.comparison import compare_records
from corridors.exceptions import CorridorsError
from corridors.network import model
from corridors.network.places import resolve


def again(self, query, modes=None):
    """``Network.resolve`` without the places kept."""
    return resolve(query, self.router, modes, index=self.places)


def main(rounds: int = 10) -> None:
    r = model.default_network().router
    places = sorted(n for n in r.graph.nodes if len(r.states_of(n)))
    rng = random.Random(99)
    for _ in range(1500):  # the searches and hierarchies a session ends up with
        with contextlib.suppress(CorridorsError):
            compare_records(*rng.sample(places, 2))
    kept = model.Network.resolve
    got: dict[str, list[float]] = {"kept": [], "resolved again": []}
    try:
        for k in range(rounds):
            ways = [("kept", kept), ("resolved again", again)]
            for name, how in ways if k % 2 == 0 else ways[::-1]:
                # pairs of its own: a router keeps the routes it found
                pairs = [tuple(rng.sample(places, 2)) for _ in range(600)]
                model.Network.resolve = how
                c0 = time.process_time()
                for a, b in pairs:
                    with contextlib.suppress(CorridorsError):
                        compare_records(a, b)
                got[name].append((time.process_time() - c0) / len(pairs) * 1e3)
    finally:
        model.Network.resolve = kept
    for name, ms in got.items():
        print(f"places {name}: median {statistics.median(ms):.3f} ms of CPU a comparison "
              "(runs: " + ", ".join(f"{x:.3f}" for x in ms) + ")")
    print(f"{statistics.median(got['resolved again']) / statistics.median(got['kept']):.2f} "
          "times as fast with the places kept")


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:2]))
