"""Benchmark: two local workers against one process, beside this machine's ceiling for two.

Run from the repository root:

    python benchmarks/bench_scaling.py [N] [ROUNDS]

N × N GeoNames towns as ``bench_matrix.py`` draws them (seed 5). In each of
ROUNDS rounds (3 by default), in turn: the ``corridors matrix`` command in one
process; with ``--workers 2``; on half the origins twice, one after the other;
and the two halves at once, as two processes that share nothing. Timings on a
shared machine drift within minutes, so each round sets its figures side by
side: the speed-up of ``--workers 2`` over one process, and the ceiling of two
processes (the halves in turn against at once). Prints the medians; asserts
nothing.
"""

from __future__ import annotations

import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench_matrix import ROOT, _args, at_once, towns, write

from corridors.network.model import default_network


def main(n: int = 120, rounds: int = 3) -> None:
    places = towns(2 * n, default_network(), random.Random(5))
    origins, destinations = places[:n], places[n:]
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        write(tmp / "o.csv", origins)
        write(tmp / "d.csv", destinations)

        def run(out: str, *more: str) -> float:
            t0 = time.perf_counter()
            subprocess.run(_args(tmp, tmp / out, "o.csv", *more), check=True, cwd=ROOT)
            return time.perf_counter() - t0

        speedups, ceilings = [], []
        for k in range(1, rounds + 1):
            one = run("one.parquet")
            two = run("two.parquet", "--workers", "2")
            alone, both, _ = at_once(tmp, origins)
            speedups.append(one / two)
            ceilings.append(alone / both)
            print(f"round {k}: in-process {one:.1f} s, --workers 2 {two:.1f} s "
                  f"({one / two:.2f}x); halves in turn {alone:.1f} s, at once {both:.1f} s "
                  f"(ceiling {alone / both:.2f}x)", flush=True)
    s, c = statistics.median(speedups), statistics.median(ceilings)
    print(f"{n * n} pairs; medians of {rounds} rounds: --workers 2 {s:.2f}x in-process, "
          f"ceiling {c:.2f}x: {s / c:.0%} of it")


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:3]))
