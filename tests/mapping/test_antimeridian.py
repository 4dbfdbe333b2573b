"""Lines across the antimeridian are drawn as the short line they are, and the map fits them."""

import pytest

from corridors.geodesy import length_km
from corridors.mapping import corridor_map, save_html
from corridors.mapping._geometry import arrows, display_bounds, light_lines, max_shift_m, unwrap


@pytest.fixture
def across():
    """The issue's line: 78.5 km, from 179.5° E to 179.5° W."""
    import geopandas as gpd
    from shapely import LineString, MultiLineString

    return gpd.GeoDataFrame(
        {"id": ["x", "m"], "name": ["Across", "Both ways"], "mode": ["rail", "sea"]},
        geometry=[LineString([(179.5, 60.0), (-179.5, 60.5)]),
                  MultiLineString([[(-179.0, 65.0), (179.0, 65.2), (178.0, 65.1)],
                                   [(170.0, 50.0), (171.0, 50.5)]])],
        crs=4326)


def test_a_line_across_is_unwrapped_and_keeps_its_length(across):
    import shapely

    lines = unwrap(across.geometry)
    x = shapely.get_coordinates(lines)[:, 0]
    # a multi-line stays in one frame: its second part is drawn beside the first
    assert list(x) == [179.5, 180.5, -179.0, -181.0, -182.0, -190.0, -189.0]
    assert round(float(length_km(across.geometry.iloc[:1])[0]), 1) == 78.5
    assert shapely.length(lines[0]) < 1.2  # degrees: not 359


def test_the_bounds_fit_the_lines_not_the_globe(across):
    west, south, east, north = display_bounds(across.geometry.iloc[:1])
    assert (west, south, east, north) == (179.5, 60.0, 180.5, 60.5)


def test_light_lines_and_arrows_follow(across):
    light = light_lines(across.geometry, precision=4, simplify_m=0)
    assert light[0] == [[60.0, 179.5], [60.5, 180.5]]
    lat, lng, _ = arrows(across.geometry.iloc[:1])[0]
    assert (lat, lng) == (60.25, 180.0)  # the middle of the line, not of the globe
    assert max_shift_m(across.geometry, light) < 1.0


def test_lines_that_do_not_cross_are_unchanged(segments):
    import shapely

    assert all(shapely.equals(a, b) for a, b in zip(unwrap(segments.geometry), segments.geometry))


def test_the_map_fits_the_line(across, tmp_path):
    html = save_html(corridor_map(across.iloc[:1]), tmp_path / "m.html").read_text()
    assert "fitBounds([[60.0,179.5],[60.5,180.5]]" in html


@pytest.mark.browser
def test_chromium_draws_it_short_and_zooms_in(browser, across, tmp_path):
    path = save_html(corridor_map(across.iloc[:1]), tmp_path / "m.html", offline=True)
    page = browser.open(path)
    page.wait_for_timeout(400)  # the fit-bounds animation
    zoom = page.evaluate("""() => { for (const k in window) { const v = window[k];
        if (v && v instanceof L.Map) return v.getZoom(); } }""")
    assert zoom >= 6  # the globe is zoom 1 or 2
    box = page.locator("path.cm-line").first.bounding_box()
    assert 100 < box["width"] < 1280  # in view, and not drawn around the world
    assert browser.errors == [] and browser.blocked == []
