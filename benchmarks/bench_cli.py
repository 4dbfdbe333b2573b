"""Benchmark: ``corridors compare`` in a fresh process with a warm cache, and ``--help``.

Run from the repository root, with the package installed (``bash scripts/setup.sh``):

    python benchmarks/bench_cli.py [RUNS]

Runs ``.venv/bin/corridors`` as a user would, once to warm the cache, then
RUNS times each command; prints the median and every run's wall clock.
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


def main(runs: int = 5) -> None:
    for args in COMMANDS:
        subprocess.run([EXE, *args], capture_output=True, check=True)  # warm the cache
        times = []
        for _ in range(runs):
            t0 = time.perf_counter()
            subprocess.run([EXE, *args], capture_output=True, check=True)
            times.append(time.perf_counter() - t0)
        print(f"corridors {' '.join(args)}: median {statistics.median(times):.2f} s "
              f"(runs {', '.join(f'{t:.2f}' for t in times)})")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
