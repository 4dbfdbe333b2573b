"""Time to a ready main map in headless Chromium: load event, then first paint of every line.

Run from the repository root::

    python benchmarks/bench_map_load.py [--runs 9] [--width 1400 --height 900]

It writes the self-contained main map (what ``corridors map`` writes) to a
temporary folder and opens it in a fresh page of the system Chromium, runs
times, with every request that is not ``file:`` or ``data:`` blocked. In the
page, times are from the start of the navigation: ``load`` is the end of
the load event; ``ready`` is the first animation frame after it in which
every line of the map (``path.cm-line``) is in the page, plus one frame so
that it has been painted. Prints each run and the medians. It does not
assert.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

READY = """expected => new Promise(done => {
  function check() {
    if (document.querySelectorAll('path.cm-line').length >= expected) {
      requestAnimationFrame(() => done(performance.now()));  // painted by the next frame
    } else { requestAnimationFrame(check); }
  }
  requestAnimationFrame(check);
})"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--width", type=int, default=1400)
    parser.add_argument("--height", type=int, default=900)
    parser.add_argument("--file", type=Path, help="time this HTML map instead of the main map")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    from corridors import settings
    from corridors.io import load_all
    from corridors.mapping import corridor_map, save_html
    from corridors.mapping.save import CHROMIUM_ARGS

    lines = len(load_all())
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        path = args.file or save_html(corridor_map(), Path(tmp) / "corridors.html")
        built = time.perf_counter() - t0
        print(f"main map: {path.stat().st_size:,} bytes, {lines} lines, written in {built:.2f} s")
        loads, readies = [], []
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=settings.chromium, headless=True,
                                        args=CHROMIUM_ARGS)
            for run in range(args.runs):
                context = browser.new_context(viewport={"width": args.width,
                                                        "height": args.height})
                page = context.new_page()
                page.route("**/*", lambda r: r.continue_()
                           if r.request.url.startswith(("file:", "data:")) else r.abort())
                page.goto(path.as_uri(), wait_until="load")
                ready = page.evaluate(READY, lines)
                load = page.evaluate("() => performance.getEntriesByType('navigation')[0]"
                                     ".loadEventEnd")
                loads.append(load)
                readies.append(ready)
                print(f"run {run + 1}: load {load:.0f} ms, ready {ready:.0f} ms")
                context.close()
            browser.close()
    print(f"median of {args.runs} at {args.width}x{args.height}: load "
          f"{statistics.median(loads):.0f} ms, ready (load and first paint of all "
          f"{lines} lines) {statistics.median(readies):.0f} ms (target <= 1500 ms)")


if __name__ == "__main__":
    main()
