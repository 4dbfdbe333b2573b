"""The offline search box: a place, a line or a system, found, zoomed to and opened."""

import pytest

from .conftest import MAP

pytestmark = pytest.mark.browser


def search(page, query, pick):
    page.locator(".leaflet-control-search .search-button").click()
    page.locator(".leaflet-control-search input.search-input").press_sequentially(query)
    tips = page.locator(".leaflet-control-search .search-tip")
    tips.filter(has_text=pick).first.wait_for()
    texts = tips.all_inner_texts()
    assert pick in texts
    tips.nth(texts.index(pick)).click()
    return page.locator(".leaflet-popup-content")


def test_search_finds_kars_and_opens_it(browser, quick_start_map):
    from corridors.io import nodes

    page = browser.open(quick_start_map)
    popup = search(page, "Kars", "Kars")
    assert popup.locator("h3").inner_text() == "Kars"
    kars = nodes().set_index("id").loc["kars"].geometry
    centre = page.evaluate(f"() => {{ const c = {MAP}.getCenter(); return [c.lat, c.lng]; }}")
    assert page.evaluate(f"() => {MAP}.getZoom()") >= 8
    assert abs(centre[0] - kars.y) < 0.5 and abs(centre[1] - kars.x) < 0.5
    assert browser.errors == [] and browser.blocked == []


def test_search_finds_a_system_and_a_segment(browser, quick_start_map):
    page = browser.open(quick_start_map)
    popup = search(page, "tanap", "TANAP (system)")
    assert popup.locator("tr", has_text="System").locator("td").inner_text() == "TANAP"
    page = browser.open(quick_start_map)
    popup = search(page, "Baku–Tbilisi–Ceyhan", "Baku–Tbilisi–Ceyhan pipeline")
    assert popup.locator("h3").inner_text() == "Baku–Tbilisi–Ceyhan pipeline"
    assert browser.errors == []


def test_search_tips_are_text(browser, segments, tmp_path):
    from corridors.mapping import corridor_map, save_html

    from .conftest import HOSTILE

    page = browser.open(save_html(corridor_map(segments), tmp_path / "m.html"))
    page.locator(".leaflet-control-search .search-button").click()
    page.locator(".leaflet-control-search input.search-input").press_sequentially("img")
    tip = page.locator(".leaflet-control-search .search-tip").first
    assert tip.inner_text() == HOSTILE
    assert page.locator(".search-tip img").count() == 0
    assert browser.dialogs == []
