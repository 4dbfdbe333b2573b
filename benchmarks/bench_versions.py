"""Benchmark: two versions of the package side by side, comparisons in alternating processes.

Run from the repository root, with the other version checked out beside it:

    git worktree add /tmp/before REV
    python benchmarks/bench_versions.py /tmp/before . [ROUNDS] [WARM]

Each round (3 by default) draws its own 200 pairs of curated places and twice
200 pairs of GeoNames towns (15,000 people or more, in the served region;
seeds 21, 22, ...), then times them, one comparison after another: as records
(``compare_records``), and the second town pairs as GeoDataFrames
(``corridors.compare``, ``town_frames``), in a fresh process of each version in turn, the order
alternating between rounds. Each process loads its network from the disk
cache first (a version not cached yet builds it in a warm-up), then makes
WARM comparisons of other curated pairs untimed (none by default), so that
the timed ones find the searches from the named routes' places kept, as in
a long session. A shared machine's speed drifts within minutes, so the
figure is the ratio of the medians taken in the same rounds. Prints
figures; asserts nothing.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
PAIRS = 200

ONE = """
import random, sys, time
sys.path[:0] = [{repo!r}, {here!r}]
import corridors  # this version's, before bench_compare puts this checkout first
import geopandas  # what frames are made with, imported before the timing
from corridors.comparison import compare_records
from corridors.exceptions import CorridorsError
from corridors.network.model import default_network
from bench_compare import towns
assert corridors.__file__.startswith({repo!r}), corridors.__file__
r = default_network().router
places = sorted(n for n in r.graph.nodes if len(r.states_of(n)))
warm = random.Random(99)
for _ in range({warm}):
    try:
        compare_records(*warm.sample(places, 2))
    except CorridorsError:
        pass
rng = random.Random({seed})
runs = {{"curated": [tuple(rng.sample(places, 2)) for _ in range({n})],
         "towns": list(zip(towns({n}, rng), towns({n}, rng))),
         "town_frames": list(zip(towns({n}, rng), towns({n}, rng)))}}
for kind, pairs in runs.items():
    call = corridors.compare if kind == "town_frames" else compare_records
    c0 = time.process_time()
    for a, b in pairs:
        try:
            call(a, b)
        except CorridorsError:
            pass
    print(kind, (time.process_time() - c0) / len(pairs) * 1000)
"""


def once(repo: Path, seed: int, n: int = PAIRS, warm: int = 0) -> dict[str, float]:
    """Milliseconds of CPU a comparison, by kind of pair, in a fresh process of ``repo``."""
    code = ONE.format(repo=str(repo), here=str(HERE), seed=seed, n=n, warm=warm)
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                         text=True, cwd=repo).stdout
    return {kind: float(ms) for kind, ms in (line.split() for line in out.splitlines())}


def main(before: str, after: str, rounds: int = 3, warm: int = 0) -> None:
    repos = {"before": Path(before).resolve(), "after": Path(after).resolve()}
    for repo in repos.values():  # builds a version's network into the cache if need be
        once(repo, 0, 2)
    got: dict[str, list[dict[str, float]]] = {k: [] for k in repos}
    for k in range(rounds):
        order = list(repos) if k % 2 == 0 else list(repos)[::-1]
        for name in order:
            got[name].append(once(repos[name], 21 + k, warm=warm))
        print(f"round {k + 1}: " + "; ".join(
            f"{name} " + ", ".join(f"{kind} {ms:.2f} ms" for kind, ms in got[name][-1].items())
            for name in repos), flush=True)
    for kind in got["before"][0]:
        b = statistics.median(r[kind] for r in got["before"])
        a = statistics.median(r[kind] for r in got["after"])
        print(f"{kind}: medians before {b:.2f} ms, after {a:.2f} ms of CPU a comparison: "
              f"{b / a:.2f} times as fast")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], *(int(a) for a in sys.argv[3:5]))
