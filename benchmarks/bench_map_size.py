"""Size of the default map's HTML (online) against GeoDataFrame.explore() for the same features.

Run from the repository root::

    python benchmarks/bench_map_size.py

Prints both sizes, their ratio, and the largest distance any vertex moved
(simplification plus rounding), measured in this one run. It does not assert.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main() -> None:
    from corridors import settings
    from corridors.io import load_all
    from corridors.mapping import _html, corridor_map
    from corridors.mapping._geometry import light_lines, max_shift_m

    gdf = load_all()
    t0 = time.perf_counter()
    ours = _html.render(corridor_map(gdf))
    t1 = time.perf_counter()
    theirs = gdf.explore().get_root().render()
    t2 = time.perf_counter()
    shift = max_shift_m(gdf.geometry, light_lines(gdf.geometry))
    a, b = len(ours.encode()), len(theirs.encode())
    print(f"features: {len(gdf)} segments, {len(gdf.get_coordinates())} vertices")
    print(f"settings: precision={settings.precision} decimals, simplify_m={settings.simplify_m} m")
    print(f"corridors map (online): {a:,} bytes in {t1 - t0:.2f} s")
    print(f"GeoDataFrame.explore(): {b:,} bytes in {t2 - t1:.2f} s")
    print(f"ratio: {a / b:.3f} (target <= 0.25)")
    print(f"largest vertex shift: {shift:.1f} m (target <= 100 m)")


if __name__ == "__main__":
    main()
