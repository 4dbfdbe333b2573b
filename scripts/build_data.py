"""Build the curated corridor datasets (data/corridors/*.geojson).

Each segment of data/segments.csv names its waypoints, nodes of
data/nodes.csv in order of travel. Land legs are drawn along great circles
between those sourced places, densified so that no straight piece exceeds
settings.densify_km; sea and ferry legs with draw=sea come from searoute,
never through the Volga–Don unless the segment says so. Every line is checked
against the countries its row declares (Natural Earth boundaries): a line
that strays into another country, or never reaches a declared one, fails the
build.

    python scripts/build_data.py          # rebuild data/corridors/
    python scripts/build_data.py --check  # exit 1 if the files are stale
"""

from __future__ import annotations

import argparse
import itertools
import sys
import tempfile
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio

from corridors import catalogue, settings
from corridors.boundaries import SEA, km_by_country
from corridors.geodesy import great_circle, length_km
from corridors.io import read_file
from corridors.network.sea import sea_route
from corridors.schema import SEGMENT_COLUMNS, validate_segments

COLUMNS = ["dataset", *SEGMENT_COLUMNS, "from_node", "to_node", "waypoints", "passages"]
MIN_COUNTRY_KM = 3.0  # less than this inside a country is boundary noise at 1:10m
COAST_KM = 5.0  # a line's end this close to a declared country's coast touches it


def build(segments: pd.DataFrame, nodes: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    where = {r.id: (r.geometry.x, r.geometry.y) for r in nodes.itertuples()}
    geoms, passages, problems = [], [], []
    for row in segments.itertuples():
        ids = [w.strip() for w in row.waypoints.split(";")]
        missing = [w for w in ids if w not in where]
        if missing:
            problems.append(f"{row.id}: unknown waypoint(s) {', '.join(missing)}")
            geoms.append(None)
            passages.append("")
            continue
        points = [where[w] for w in ids]
        if row.draw == "sea":
            avoid = [p for p in row.sea_avoid.split(";") if p]
            legs = [sea_route(a, b, avoid=avoid) for a, b in itertools.pairwise(points)]
            coords = [c for leg in legs for c in leg.geometry.coords]
            geoms.append(great_circle(coords))
            passages.append(";".join(sorted({p for leg in legs for p in leg.passages})))
        else:
            geoms.append(great_circle(points))
            passages.append("")
    if problems:
        sys.exit("\n".join(problems))
    out = gpd.GeoDataFrame(segments.copy(), geometry=geoms, crs=4326)
    out["from_node"] = [w.split(";")[0].strip() for w in out["waypoints"]]
    out["to_node"] = [w.split(";")[-1].strip() for w in out["waypoints"]]
    out["passages"] = passages
    _check_countries(out)
    return validate_segments(out[[*COLUMNS, "geometry"]], path="data/segments.csv")


def _check_countries(gdf: gpd.GeoDataFrame) -> None:
    """Fail unless each line runs MIN_COUNTRY_KM only in declared countries, and touches each.

    A line that ends at a coastal place (a landfall, a terminal) touches its country if the end
    lies within COAST_KM of it: 1:10m coastlines are coarse, as the node check allows too.
    """
    import shapely

    from corridors.boundaries import countries
    from corridors.geodesy import nearest

    polys = countries().set_index("iso3").geometry
    problems = []
    for row, km in zip(gdf.itertuples(), km_by_country(gdf.geometry)):
        # A chord between sourced towns along a river border may clip the neighbour: stray_km
        # (a build column of segments.csv, stated in the row's route_accuracy) allows that much.
        stray = float(row.stray_km) if pd.notna(getattr(row, "stray_km", pd.NA)) else 0.0
        inside = {c for c, v in km.items() if c != SEA and v >= max(MIN_COUNTRY_KM, stray)}
        touched = {c for c in km if c != SEA}
        declared = {c.strip() for c in str(row.countries).split(";") if c.strip()}
        for c in declared - touched:
            if c not in polys.index:
                continue
            ring = shapely.get_coordinates(polys.loc[c].boundary)
            for x, y in shapely.get_coordinates(row.geometry)[[0, -1]]:
                if nearest(float(x), float(y), ring)[1] <= COAST_KM:
                    touched.add(c)
        if not inside <= declared <= touched:
            problems.append(f"{row.id}: declared {';'.join(sorted(declared))} but drawn through "
                            + ", ".join(f"{c} {v:.0f} km" for c, v in km.items()))
    if problems:
        sys.exit("country check failed:\n" + "\n".join(problems))


def write(gdf: gpd.GeoDataFrame, out_dir: Path) -> list[Path]:
    paths = []
    for d in catalogue.entries():
        part = gdf[gdf["dataset"] == d.name].drop(columns="dataset")
        if part.empty:
            sys.exit(f"dataset {d.name} has no segments in segments.csv")
        path = out_dir / Path(d.path).name
        pyogrio.write_dataframe(part, path, driver="GeoJSON", RFC7946="YES",
                                COORDINATE_PRECISION=5, WRITE_NAME="NO")
        paths.append(path)
    return paths


def report(gdf: gpd.GeoDataFrame) -> None:
    km = length_km(gdf.geometry)
    print(f"{'segment':34} {'geodesic km':>11} {'published':>9} {'diff':>7}")
    for row, k in zip(gdf.itertuples(), km):
        pub = row.length_km_published
        diff = f"{(k - float(pub)) / float(pub):+.1%}" if pd.notna(pub) and pub != "" else ""
        print(f"{row.id:34} {k:11.1f} {pub if pd.notna(pub) else '':>9} {diff:>7}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if data/corridors is stale")
    args = parser.parse_args()
    segments = pd.read_csv(catalogue.data_file("segments"), dtype=str, keep_default_na=False)
    nodes = read_file(catalogue.data_file("nodes"))
    text_cols = ["waypoints", "draw", "sea_avoid", "countries"]
    if "stray_km" not in segments.columns:
        segments["stray_km"] = ""
    gdf = build(segments.replace("", pd.NA).assign(**segments[text_cols]), nodes)
    target = settings.resolved_data_dir() / "corridors"
    if args.check:
        with tempfile.TemporaryDirectory() as tmp:
            stale = [p.name for p in write(gdf, Path(tmp))
                     if p.read_bytes() != (target / p.name).read_bytes()]
        if stale:
            sys.exit(f"stale: {', '.join(stale)}; run python scripts/build_data.py")
        print("data/corridors is up to date")
        return
    target.mkdir(exist_ok=True)
    write(gdf, target)
    report(gdf)


if __name__ == "__main__":
    main()
