"""Shared rights of way side by side: slots, offsets, and a click on each line."""

import pytest
from shapely import LineString

from corridors.mapping._offsets import offsets_px, shared_pairs, slots

from .conftest import CLICKABLE, MAP, set_view

A = LineString([(40, 40), (45, 40)])
ALONG_A = LineString([(41, 40.01), (44, 40.01)])
ACROSS_A = LineString([(42, 38), (42, 42)])


def test_lines_on_one_path_pair_and_crossings_do_not():
    assert shared_pairs([A, ALONG_A, ACROSS_A]) == [(0, 1)]
    assert shared_pairs([A, ACROSS_A]) == []


def test_lines_that_share_a_path_get_different_slots():
    pairs = [(0, 1), (0, 2), (1, 3), (2, 3)]
    got = slots(4, pairs)
    assert all(got[i] != got[j] for i, j in pairs)
    assert got[0] == 0  # the line with most neighbours keeps the middle


def test_offsets_in_pixels_clear_the_widest_line():
    shifts = offsets_px([A, ALONG_A, ACROSS_A], [9.0, 4.0, 2.0])
    assert shifts[2] == 0.0 and abs(shifts[1] - shifts[0]) >= 9.0


def test_btc_scp_and_tanap_are_drawn_apart():
    from corridors.io import load_all
    from corridors.mapping.styles import line_widths

    gdf = load_all()
    shift = dict(zip(gdf["id"], offsets_px(gdf.geometry, line_widths(gdf["capacity"],
                                                                    gdf["capacity_unit"]))))
    assert shift["btc"] != shift["scp"] and shift["btc"] != shift["tanap"]


@pytest.mark.browser
@pytest.mark.parametrize("zoom", [6, 8])
def test_btc_scp_and_tanap_each_open_their_popup_where_they_share_a_path(
        browser, quick_start_map, zoom):
    """Türkgözü, on the Georgian–Turkish border: SCP ends there and TANAP begins, both beside
    BTC. Each is clicked within a few pixels of it and opens its own popup."""
    from corridors.io import nodes

    at = nodes().set_index("id").loc["turkgozu"].geometry
    page = browser.open(quick_start_map)
    set_view(page, at.y, at.x, zoom)
    hits = {}
    for system in ("BTC", "SCP", "TANAP"):
        row = f"<tr><th>System</th><td>{system}</td></tr>"
        hit = page.evaluate(CLICKABLE, [at.y, at.x, 25, row])
        assert hit is not None, f"{system} cannot be clicked near Türkgözü at zoom {zoom}"
        page.mouse.click(hit["x"], hit["y"])
        popup = page.locator(".leaflet-popup-content")
        assert popup.locator("tr", has_text="System").locator("td").inner_text() == system
        hits[system] = (round(hit["x"]), round(hit["y"]))
        page.evaluate(f"() => {{ {MAP}.closePopup(); }}")
        page.locator(".leaflet-popup").wait_for(state="detached")  # it fades out
    assert len(set(hits.values())) == 3
    assert browser.errors == [] and browser.blocked == []
