import geopandas as gpd
import pytest
from shapely import LineString

from corridors.mapping import _html, comparison_map
from corridors.mapping.comparison_map import cell
from corridors.mapping.styles import ROUTE_COLOURS

from .conftest import HOSTILE


@pytest.fixture
def routes():
    return gpd.GeoDataFrame(
        {"route": ["Middle Corridor", HOSTILE],
         "km_total": [6512.4, 10432.0], "days_central": [19.0, 14.5],
         "border_crossings": [5, 4],
         "km_by_country": [{"KAZ": 2900.2, "AZE": 500.0}, {"RUS": 5000.0}],
         "passages": [["bosporus"], []]},
        geometry=[LineString([(87.6, 43.8), (49.9, 40.4), (28.9, 41.0)]),
                  LineString([(87.6, 43.8), (37.6, 55.7), (13.4, 52.5)])],
        crs=4326)


def test_routes_in_distinct_colours_with_table(routes):
    page = _html.render(comparison_map(routes, title="Urumqi to Europe"))
    assert ROUTE_COLOURS[0] in page and ROUTE_COLOURS[1] in page
    assert "KAZ 2,900, AZE 500" in page and "6,512" in page and "Bosporus" in page
    assert "gauge breaks" not in page  # no route has the metric: no empty column
    assert HOSTILE not in page
    assert '"Routes": {' in page


def test_routes_on_the_same_path_and_left_out_are_said_below_the_table(routes):
    routes.attrs["same_path"] = {HOSTILE: "Middle Corridor"}
    routes.attrs["left_out"] = {"Maritime via Suez": "a detour from here"}
    page = _html.render(comparison_map(routes))
    assert "takes the same path as Middle Corridor." in page and HOSTILE not in page
    assert "Left out Maritime via Suez: a detour from here." in page


def test_a_place_snapped_to_the_network_is_drawn_with_its_snap(routes):
    routes.attrs["places"] = [
        {"query": HOSTILE, "name": "Ürümqi", "snap_km": 504.3, "located": "", "asked": (35.7, 51.4),
         "at": (43.8, 87.6)},
        {"query": "Berlin", "name": "Berlin", "snap_km": 0.0, "located": "", "asked": None,
         "at": (52.5, 13.4)}]
    page = _html.render(comparison_map(routes))
    assert '"Places snapped to the network"' in page and '"dashArray":"4 6"' in page
    assert "snapped to Ürümqi (504.3 km away, counted)." in page and HOSTILE not in page
    m = comparison_map(routes)
    fit = next(c for c in m._children.values() if type(c).__name__ == "FitBounds")
    assert fit.bounds == "[[35.7,13.4],[55.7,87.6]]"  # the place asked for is in view


@pytest.mark.parametrize(("value", "expected"), [
    (3.14159, "3.1"), (1234.5, "1,234"), ({"A<": 1.0}, "A&lt; 1"), (["x", "y"], "x, y"),
    ("<b>", "&lt;b&gt;"),
])
def test_cell(value, expected):
    assert cell(value) == expected
