"""Size of the default map's HTML (--cdn) against GeoDataFrame.explore() for the same features.

Run from the repository root, with explore()'s extra dependencies::

    pip install '.[bench]' && python benchmarks/bench_map_size.py

The default map draws the segments and their key places (terminals, ports,
crossings, stations, segment ends); explore() is measured on the segments
alone, on the segments plus those places (one map, ``nodes.explore(m=...)``),
and on those features carrying what our popups show (attributes, figures,
source links) as a column each, so that explore() has the same content.
Prints the sizes, the ratios, and the largest distance any vertex moved
(simplification plus rounding), all measured in this one run; then where the
page's bytes go: the coordinates (ours against explore()'s GeoJSON) and the
source links the popups carry; and a floor for any text encoding of the same
content (the page's scripts deflated and base64-encoded); and the size of the
self-contained file (what ``corridors map`` writes). It does not assert.

Targets (issue #14): the --cdn page at most 0.30 of explore() carrying the
same popup content; the self-contained main map at most 1.2 MB.
"""

from __future__ import annotations

import base64
import re
import sys
import time
import zlib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main() -> None:
    from corridors import settings
    from corridors.io import load_all
    from corridors.mapping import _html, corridor_map
    from corridors.mapping._geometry import light_lines, max_shift_m
    from corridors.mapping._pack import Pack
    from corridors.mapping.corridor_map import _nodes
    from corridors.mapping.popups import node_popup, segment_popup, system_figures

    gdf = load_all()
    places = _nodes(gdf, "key")  # the places the default map draws
    t0 = time.perf_counter()
    page = _html.render(corridor_map(gdf))
    ours = len(page.encode())
    t1 = time.perf_counter()
    lines_only = len(gdf.explore().get_root().render().encode())
    t2 = time.perf_counter()
    both = places.explore(m=gdf.explore())
    with_places = len(both.get_root().render().encode())
    # The same features carrying what our popups show (their attributes, figures and source
    # links) as one more column each, shown in explore()'s popups.
    names = dict(zip(places["id"], places["name"]))
    info = gdf.assign(popup=["".join(segment_popup(r, names) + system_figures(r["system"]))
                             for r in gdf.drop(columns="geometry").to_dict("records")])
    info_places = places.assign(popup=["".join(node_popup(r)) for r in
                                       places.drop(columns="geometry").to_dict("records")])
    with_popups = len(info_places.explore(m=info.explore(popup=True), popup=True)
                      .get_root().render().encode())
    shift = max_shift_m(gdf.geometry, light_lines(gdf.geometry))
    print(f"features: {len(gdf)} segments ({len(gdf.get_coordinates())} vertices), "
          f"{len(places)} places")
    print(f"settings: precision={settings.precision} decimals, simplify_m={settings.simplify_m} m")
    print(f"corridors map --cdn: {ours:,} bytes in {t1 - t0:.2f} s")
    print(f"explore(), segments: {lines_only:,} bytes in {t2 - t1:.2f} s; "
          f"ratio {ours / lines_only:.3f}")
    print(f"explore(), segments and places: {with_places:,} bytes; "
          f"ratio {ours / with_places:.3f}")
    print(f"explore(), segments and places carrying our popups' content: {with_popups:,} bytes; "
          f"ratio {ours / with_popups:.3f} (target <= 0.30)")
    own = len(_html.render(corridor_map(gdf), offline=True).encode())
    print(f"corridors map (self-contained, the default): {own:,} bytes "
          f"({own / 1e6:.2f} MB; target <= 1.2 MB)")
    print(f"largest vertex shift: {shift:.1f} m (target <= 100 m)")
    pack = Pack(settings.precision)
    coords = sum(len(pack.line(c)) for c in light_lines(gdf.geometry)) + sum(
        len(f"[{y},{x}]") for x, y in places.geometry.get_coordinates().round(4).to_numpy())
    geojson = len(gdf.geometry.to_json().encode()) + len(places.geometry.to_json().encode())
    print(f"coordinates: ours {coords:,} bytes, explore()'s GeoJSON {geojson:,} bytes; "
          f"ratio {coords / geojson:.3f}")
    links = re.findall(r'<a href=\\"[^"\\]*\\">.*?\\u003c/a>', page)
    print(f"source links in popups: {len(links)} distinct, {len(''.join(links).encode()):,} bytes "
          f"({len(''.join(links).encode()) / ours:.0%} of the page)")
    # The floor of any text encoding of this content: the page's scripts deflated and base64-encoded
    # (no decoder counted), the rest of the page as it is.
    scripts = "".join(re.findall(r"<script[^>]*>(.*?)</script>", page, re.S)).encode()
    floor = ours - len(scripts) + len(base64.b64encode(zlib.compress(scripts, 9)))
    print(f"floor, the page's scripts deflated and base64-encoded: {floor:,} bytes; "
          f"ratio {floor / with_places:.3f}")


if __name__ == "__main__":
    main()
