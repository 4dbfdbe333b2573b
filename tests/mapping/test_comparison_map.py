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


@pytest.mark.parametrize(("value", "expected"), [
    (3.14159, "3.1"), (1234.5, "1,234"), ({"A<": 1.0}, "A&lt; 1"), (["x", "y"], "x, y"),
    ("<b>", "&lt;b&gt;"),
])
def test_cell(value, expected):
    assert cell(value) == expected
