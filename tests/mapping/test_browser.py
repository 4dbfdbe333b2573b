"""Offline maps in real headless Chromium, with every request that is not file: blocked."""

import pytest

from corridors.mapping import comparison_map, corridor_map, gas_map, save_html

from .conftest import HOSTILE

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def main_map(tmp_path_factory):
    path = tmp_path_factory.mktemp("maps") / "corridors.html"
    return save_html(corridor_map(), path, offline=True)


OPEN_POPUP = """needle => { for (const k in window) { const v = window[k];
    if (v && v instanceof L.FeatureGroup) v.eachLayer(l => {
        if (l.getPopup && l.getPopup() && l.getPopup().getContent().includes(needle))
            l.openPopup(); }); } }"""


def clean(browser):
    assert browser.blocked == []
    assert browser.errors == []
    assert browser.dialogs == []


def test_main_map_loads_offline_with_layers_and_markers(browser, main_map):
    from corridors.io import load_all

    page = browser.open(main_map)
    gdf = load_all()
    assert page.locator("path.cm-line").count() == len(gdf)
    systems = gdf["system"].nunique()
    checkboxes = page.locator(".leaflet-control-layers-overlays input[type=checkbox]")
    kinds = page.locator(".leaflet-control-layers-group-name").all_inner_texts()
    assert "Places" in [k.strip() for k in kinds]
    assert checkboxes.count() >= systems + 1
    from corridors.mapping.corridor_map import _nodes

    assert page.locator(".leaflet-marker-pane .cm-node").count() == len(_nodes(gdf, "key"))
    assert page.locator(".leaflet-control-scale, .leaflet-control-minimap, "
                        ".leaflet-control-measure").count() == 3
    assert page.evaluate("typeof L") == "object"
    # credit to Leaflet and the sources, and no flag (Leaflet's own prefix carries one)
    attribution = page.locator(".leaflet-control-attribution")
    assert attribution.locator("a[href='https://leafletjs.com']").inner_text() == "Leaflet"
    assert "sources in popups" in attribution.inner_text()
    assert attribution.locator("svg, img").count() == 0
    clean(browser)


@pytest.mark.viewport(400, 800)
def test_on_a_phone_the_controls_start_folded_and_open_on_a_tap(browser, main_map):
    page = browser.open(main_map)
    layers = page.locator(".leaflet-control-layers")
    assert "leaflet-control-layers-expanded" not in layers.get_attribute("class")
    assert page.locator(".cm-panel details").evaluate("d => d.open") is False  # the legend
    assert not page.locator(".leaflet-control-minimap").is_visible()
    page.locator(".leaflet-control-layers-toggle").tap()
    assert "leaflet-control-layers-expanded" in layers.get_attribute("class")
    page.locator(".cm-panel summary").tap()
    assert page.locator(".cm-panel details").evaluate("d => d.open") is True
    clean(browser)


def test_toggling_a_layer_hides_its_lines(browser, main_map):
    page = browser.open(main_map)
    before = page.locator("path.cm-line").count()
    page.locator(".leaflet-control-layers").hover()  # a button in a window this size
    page.locator("label", has_text="BTC").locator("input").uncheck()
    assert page.locator("path.cm-line").count() < before
    page.locator("label", has_text="BTC").locator("input").check()
    assert page.locator("path.cm-line").count() == before
    clean(browser)


def test_popup_shows_text_and_source(browser, segments, tmp_path):
    path = save_html(corridor_map(segments), tmp_path / "m.html", offline=True)
    page = browser.open(path)
    page.evaluate(OPEN_POPUP, "Tbilisi–Ceyhan")
    popup = page.locator(".leaflet-popup-content")
    assert "Tbilisi–Ceyhan" in popup.inner_text()
    assert popup.locator("a[href^='https://www.bp.com/']").count() == 1
    assert "not-a-source" in popup.inner_text()
    clean(browser)


def test_hostile_name_shows_as_text(browser, segments, tmp_path):
    path = save_html(corridor_map(segments), tmp_path / "m.html", offline=True)
    page = browser.open(path)
    page.locator("path.cm-line").nth(2).hover(force=True)
    page.evaluate(OPEN_POPUP, "onerror")
    assert HOSTILE in page.locator(".leaflet-popup-content h3").inner_text()
    assert page.locator(".leaflet-popup-content img").count() == 0
    page.wait_for_timeout(200)
    clean(browser)


def slide_to(page, year):
    """Move the year slider to ``year`` as a reader would (an input event)."""
    slider = page.locator(".cm-years input[type=range]")
    years = [int(y) for y in slider.get_attribute("data-years").split()]
    slider.fill(str(years.index(year)))
    return years


def test_year_slider_redraws_every_flow_and_moves_the_chart_mark(browser, tmp_path):
    path = save_html(gas_map(), tmp_path / "gas.html", offline=True)
    page = browser.open(path)

    def widths():
        return page.eval_on_selector_all(
            "path.cm-flow", "ps => ps.map(p => p.getAttribute('stroke-width'))")

    def mark():
        return page.locator(".cm-year-mark").get_attribute("x1")

    latest, latest_mark = widths(), mark()
    years = [int(y) for y in page.locator(".cm-years input[type=range]")
             .get_attribute("data-years").split()]
    last = years[-1]
    assert page.locator(".cm-years output").inner_text() == str(last)
    labels = page.locator(".cm-flow-label").all_inner_texts()
    assert all(f" {last}: " in t for t in labels)
    assert any(t.startswith("BTC: oil shipped ") for t in labels)
    assert any(t.startswith("Middle Corridor (TITR): cargo ") for t in labels)
    slide_to(page, 2020)
    assert page.locator(".cm-years output").inner_text() == "2020"
    after = widths()
    assert after != latest and sum(a != b for a, b in zip(after, latest)) >= 3
    assert mark() != latest_mark and float(mark()) < float(latest_mark)
    labels = page.locator(".cm-flow-label").all_inner_texts()
    assert any("TAP: exports to Europe 2020: 0.1 bcm" in t for t in labels)
    assert any(t.startswith("BTC: oil shipped 2020") for t in labels)
    assert page.locator("svg.cm-chart .cm-fig").count() > 10
    clean(browser)


@pytest.mark.viewport(400, 800)
def test_gas_map_on_a_phone_draws_its_flows_with_the_chart_folded(browser, tmp_path):
    # the chart's 440 px of room on the left once left Leaflet none in a phone's window
    from corridors.mapping.gas_map import FLOWS

    page = browser.open(save_html(gas_map(), tmp_path / "gas.html", offline=True))
    assert page.locator("path.cm-flow").count() == len(FLOWS)
    assert page.locator(".cm-panel details").evaluate("d => d.open") is False
    slide_to(page, 2020)
    assert any("2020" in t for t in page.locator(".cm-flow-label").all_inner_texts())
    clean(browser)


def test_comparison_map(browser, tmp_path):
    import geopandas as gpd
    from shapely import LineString

    routes = gpd.GeoDataFrame({"route": ["A", HOSTILE], "km_total": [10.0, 20.0]},
                              geometry=[LineString([(44, 41), (46, 42)]),
                                        LineString([(44, 41), (46, 40)])], crs=4326)
    path = save_html(comparison_map(routes), tmp_path / "cmp.html", offline=True)
    page = browser.open(path)
    assert page.locator("path.cm-line").count() == 2
    assert HOSTILE in page.locator(".cm-panel table").inner_text()
    clean(browser)


def test_png_while_another_playwright_session_runs(_chromium, segments, tmp_path):
    """Where an event loop runs in the thread (Jupyter, or the browser fixture here),
    Playwright's sync API refuses to start; save_png runs the browser in a thread of its own."""
    from corridors.mapping import corridor_map, save_png

    png = save_png(corridor_map(segments), tmp_path / "m.png", width=600, height=400)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_quick_start_file_works_with_no_network(browser, quick_start_map):
    """The README's quick start writes a self-contained file: nothing to fetch, no error."""
    page = browser.open(quick_start_map)
    assert "<script src=" not in quick_start_map.read_text(encoding="utf-8")
    page.wait_for_timeout(300)
    assert page.locator("path.cm-line").count() > 30
    assert page.locator(".cm-label").count() > 50
    clean(browser)


def test_a_clicked_line_is_highlighted_with_no_focus_ring_and_no_tooltip_over_its_popup(
        browser, quick_start_map):
    from corridors.io import nodes

    from .conftest import CLICKABLE, set_view

    at = nodes().set_index("id").loc["turkgozu"].geometry
    page = browser.open(quick_start_map)
    set_view(page, at.y, at.x, 7)
    btc = page.evaluate(CLICKABLE, [at.y, at.x, 30, "<td>BTC</td>"])
    width = page.evaluate("([x, y]) => parseFloat(document.elementFromPoint(x, y)"
                          ".getAttribute('stroke-width'))", [btc["x"], btc["y"]])
    page.mouse.click(btc["x"], btc["y"])
    assert page.locator(".leaflet-popup-content").is_visible()
    selected = page.locator("path.cm-selected")
    assert selected.count() == 1
    assert float(selected.get_attribute("stroke-width")) > width
    outline = page.evaluate("() => { const p = document.querySelector('path.cm-selected');"
                            " p.focus(); return getComputedStyle(p).outlineStyle; }")
    assert outline == "none"
    btc = page.evaluate(CLICKABLE, [at.y, at.x, 200, "<td>BTC</td>"])  # the popup panned the map
    page.mouse.move(btc["x"], btc["y"] + 0.5)
    page.wait_for_timeout(150)
    assert not [t for t in page.locator(".leaflet-tooltip").all() if t.is_visible()]
    page.evaluate("() => { Object.values(window).find(v => v instanceof L.Map).closePopup(); }")
    page.locator(".leaflet-popup").wait_for(state="detached")
    assert page.locator("path.cm-selected").count() == 0
    btc = page.evaluate(CLICKABLE, [at.y, at.x, 200, "<td>BTC</td>"])
    page.mouse.move(btc["x"], btc["y"])
    page.wait_for_timeout(150)
    assert [t for t in page.locator(".leaflet-tooltip").all() if t.is_visible()]
    clean(browser)


def test_a_cdn_page_says_it_needs_a_network(browser, tmp_path):
    from corridors.mapping.controls import NETWORK_NOTE

    path = save_html(corridor_map(["btc"]), tmp_path / "cdn.html", offline=False)
    browser.page.goto(path.resolve().as_uri(), wait_until="load")
    note = browser.page.locator(".cm-network")
    assert note.is_visible() and note.inner_text() == NETWORK_NOTE
    assert browser.blocked  # the scripts it needs were asked for, and blocked here


def test_the_zoom_to_all_button_shows_everything_drawn(browser, quick_start_map):
    from corridors.io import load_all

    page = browser.open(quick_start_map)
    first = page.evaluate("() => Object.values(window).find(v => v instanceof L.Map).getZoom()")
    page.locator(".cm-zoom-all a").click()
    page.wait_for_timeout(600)  # the zoom animation
    west, south, east, north = load_all().total_bounds
    shown = page.evaluate("() => { const m = Object.values(window).find(v => v instanceof L.Map);"
                          " const b = m.getBounds(); return [m.getZoom(), b.getWest(),"
                          " b.getSouth(), b.getEast(), b.getNorth()]; }")
    assert shown[0] < first
    assert shown[1] <= west + 1 and shown[2] <= south + 1
    assert shown[3] >= east - 1 and shown[4] >= north - 1
    clean(browser)
