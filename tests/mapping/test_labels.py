"""Labels: Natural Earth and GeoNames names and the drawn places, by zoom, none overlapping."""

import pytest

from corridors.mapping.labels import _merge, base_labels, node_labels, short_name

from .conftest import MAP, set_view

VISIBLE = """() => { const c = document.querySelector('.leaflet-container').getBoundingClientRect();
  const controls = [...document.querySelectorAll('.leaflet-control, .cm-title')]
    .map(e => e.getBoundingClientRect()).filter(r => r.width);
  return [...document.querySelectorAll('.cm-label')].filter(e => e.offsetParent !== null)
    .map(e => { const r = e.getBoundingClientRect();
      return {text: e.textContent, x0: r.left, y0: r.top, x1: r.right, y1: r.bottom,
        size: parseFloat(getComputedStyle(e).fontSize),
        inside: r.left >= c.left && r.top >= c.top && r.right <= c.right && r.bottom <= c.bottom,
        covered: controls.some(k => r.left < k.right && k.left < r.right && r.top < k.bottom
                                    && k.top < r.bottom)}; }); }"""


def overlapping(labels):
    return [(a["text"], b["text"]) for i, a in enumerate(labels) for b in labels[i + 1:]
            if a["x0"] < b["x1"] - 0.5 and b["x0"] < a["x1"] - 0.5
            and a["y0"] < b["y1"] - 0.5 and b["y0"] < a["y1"] - 0.5]


def test_basemap_labels_come_from_natural_earth_and_geonames():
    rows = {(r[0], r[3]): r for r in base_labels()}
    assert {("Caspian Sea", "sea"), ("Black Sea", "sea"), ("Mediterranean Sea", "sea"),
            ("Baku", "capital"), ("Tbilisi", "capital"), ("Georgia", "country"),
            ("Azerbaijan", "country")} <= set(rows)
    baku = rows[("Baku", "capital")]
    assert abs(baku[1] - 40.4) < 0.1 and abs(baku[2] - 49.87) < 0.1
    assert len(rows[("Caspian Sea", "sea")][8]) > 3  # more points for views of part of it


def test_a_drawn_place_replaces_the_town_of_its_name(segments):
    import geopandas as gpd
    from shapely import Point

    nodes = gpd.GeoDataFrame({"name": ["Tbilisi"], "kind": ["city"], "aliases": ["Tiflis"]},
                             geometry=[Point(44.79, 41.72)], crs=4326)
    merged = _merge(base_labels(), [[*r, 0] for r in node_labels(nodes)])
    assert [r[3] for r in merged if r[0] == "Tbilisi"] == ["place"]
    ranks = [r[6] for r in merged]
    assert ranks == sorted(ranks)


def test_short_names_of_places():
    assert short_name("Sangachal Terminal", "Sangachal;Səngəçal") == "Sangachal"
    assert short_name("Port of Baku (Alat)", "Alat;Alyat") == "Alat"
    assert short_name("Kars", None) == "Kars"


def test_place_labels_are_escaped():
    import geopandas as gpd
    from shapely import Point

    from corridors.mapping._html import text

    from .conftest import HOSTILE

    nodes = gpd.GeoDataFrame({"name": [HOSTILE], "kind": ["port"], "aliases": [None]},
                             geometry=[Point(41.6, 42.1)], crs=4326)
    assert node_labels(nodes)[0][0] == text(HOSTILE)


@pytest.mark.browser
@pytest.mark.viewport(1400, 900)
@pytest.mark.parametrize("zoom", [5, 7])
def test_south_caucasus_labels_at_zoom_5_and_7(browser, quick_start_map, zoom):
    from corridors.io import nodes

    page = browser.open(quick_start_map)
    at = nodes().set_index("id").loc[["baku", "tbilisi", "ceyhan_terminal"]].geometry
    set_view(page, (at.y.min() + at.y.max()) / 2, (at.x.min() + at.x.max()) / 2, zoom)
    assert page.evaluate(f"{MAP}.getZoom()") == zoom
    labels = page.evaluate(VISIBLE)
    shown = {lab["text"] for lab in labels if lab["inside"] and not lab["covered"]}
    assert {"Baku", "Tbilisi", "Ceyhan", "Caspian Sea"} <= shown, shown
    assert overlapping(labels) == []
    assert not [lab["text"] for lab in labels if lab["covered"]]  # no label under a control
    assert min(lab["size"] for lab in labels) >= 10.5
    assert browser.errors == [] and browser.blocked == []


@pytest.mark.browser
@pytest.mark.viewport(390, 844)
def test_labels_on_a_phone_are_legible_and_apart(browser, quick_start_map):
    page = browser.open(quick_start_map)
    for lat, lng, zoom in ((41.0, 45.0, 5), (41.0, 45.0, 7), (40.4, 49.87, 9)):
        set_view(page, lat, lng, zoom)
        labels = page.evaluate(VISIBLE)
        assert len(labels) >= 4
        assert overlapping(labels) == []
        assert min(lab["size"] for lab in labels) >= 10.5
    assert {"Baku"} <= {lab["text"] for lab in page.evaluate(VISIBLE)}
    assert browser.errors == []


@pytest.mark.browser
def test_a_place_label_hides_with_its_layer(browser, quick_start_map):
    page = browser.open(quick_start_map)
    set_view(page, 39.3, 42.9, 7)
    assert "Ceyhan" in {lab["text"] for lab in page.evaluate(VISIBLE)}
    page.locator(".leaflet-control-layers").hover()
    page.locator("label", has_text="Terminal").locator("input").uncheck()
    page.wait_for_timeout(100)
    assert "Ceyhan" not in {lab["text"] for lab in page.evaluate(VISIBLE)}
