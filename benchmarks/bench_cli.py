"""Benchmark: ``corridors compare`` in a fresh process with a warm cache, and ``--help``.

Run from the repository root, with the package installed (``bash scripts/setup.sh``):

    python benchmarks/bench_cli.py [RUNS]
    python benchmarks/bench_cli.py RUNS CHECKOUT [CHECKOUT ...]

Runs ``.venv/bin/corridors`` as a user would, once to warm the cache, then
RUNS times each command; prints the median and every run's wall clock.
Given checkouts (``git worktree add /tmp/before REV``), runs
``python -m corridors`` in each of them instead (its working directory: ``-m``
puts that first on the path, before ``PYTHONPATH``), in turn within each run,
so that versions are compared on the same machine at the same moment.
Asserts nothing.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXE = ROOT / ".venv" / "bin" / "corridors"
COMMANDS = [
    ["--help"],
    ["compare", "--from", "Xi'an", "--to", "Duisburg", "--format", "csv"],
    ["compare", "--from", "Chongqing", "--to", "Tbilisi", "--modes", "rail,ferry", "--format",
     "csv"],
]


def main(runs: int = 5, checkouts: list[str] = ()) -> None:
    where = {str(c): [sys.executable, "-m", "corridors"] for c in checkouts} or {"": [EXE]}
    cwd = {c: Path(c).resolve() if c else None for c in where}
    for args in COMMANDS:
        times: dict[str, list[float]] = {c: [] for c in where}
        for c, exe in where.items():  # warm the cache
            subprocess.run([*exe, *args], capture_output=True, check=True, cwd=cwd[c])
        for k in range(runs):
            for c in list(where)[:: 1 if k % 2 == 0 else -1]:
                t0 = time.perf_counter()
                subprocess.run([*where[c], *args], capture_output=True, check=True, cwd=cwd[c])
                times[c].append(time.perf_counter() - t0)
        for c, ts in times.items():
            print(f"corridors {' '.join(args)}{f' ({c})' if c else ''}: median "
                  f"{statistics.median(ts):.2f} s (runs {', '.join(f'{t:.2f}' for t in ts)})")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5, sys.argv[2:])
