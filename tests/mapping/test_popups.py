"""Popup sources: grouped by what they support, the first few shown, each kind named."""

import pytest

from corridors.mapping.popups import SHOWN_SOURCES, source_fragments, source_kind


def test_every_publisher_has_a_kind():
    from corridors.tables import sources

    kinds = {p: source_kind(p) for p in sources()["publisher"]}
    assert [p for p, k in kinds.items() if k == "source"] == []
    assert source_kind("Trans Adriatic Pipeline AG (via docslib)") == "operator"
    assert source_kind("Government of Bulgaria") == "government"
    assert source_kind("World Bank") == "international organisation"
    assert source_kind("Wikipedia (IPFS mirror)") == "encyclopedia"


def tap_record():
    from corridors.io import load

    return load("tap").drop(columns="geometry").to_dict("records")[0]


def test_a_long_source_list_folds_after_the_first_few():
    from corridors.mapping.popups import segment_popup
    from corridors.tables import split_ids

    rec = tap_record()
    html = "".join(segment_popup(rec))
    total = len(split_ids(rec["source_ids"]))
    assert total > SHOWN_SOURCES
    shown, folded = html.split('<details class="cm-more">')
    assert shown.count("<a href=") == SHOWN_SOURCES
    assert f"<summary>{total - SHOWN_SOURCES} more sources</summary>" in folded
    assert folded.count("<a href=") == total - SHOWN_SOURCES
    assert "<i>Places it is drawn through</i>" in html  # sources that locate its waypoints


def test_sources_are_grouped_by_what_they_support():
    html = "".join(source_fragments("bp-btc;caspianbarrel-2021-02-gas-exports-2020"))
    assert html.index("<i>The line") < html.index("<i>Figures</i>")
    assert '<span class="cm-kind">operator</span> <a href="https://www.bp.com/' in html
    assert "more source" not in html


@pytest.mark.browser
def test_a_popup_with_more_than_five_sources_folds_the_rest(browser, quick_start_map):
    from corridors.tables import split_ids

    from .test_browser import OPEN_POPUP

    total = len(split_ids(tap_record()["source_ids"]))
    page = browser.open(quick_start_map)
    page.evaluate(OPEN_POPUP, "<h3>Trans Adriatic Pipeline")
    sources = page.locator(".leaflet-popup-content .cm-sources").first
    visible = [a for a in sources.locator("a").all() if a.is_visible()]
    assert len(visible) == SHOWN_SOURCES
    more = sources.locator("details.cm-more")
    assert more.locator("summary").inner_text() == f"{total - SHOWN_SOURCES} more sources"
    assert more.evaluate("d => d.open") is False
    more.locator("summary").click()
    assert len([a for a in sources.locator("a").all() if a.is_visible()]) == total
    kinds = sources.locator(".cm-kind").all_inner_texts()
    assert len(kinds) == total and "operator" in kinds
    assert browser.errors == []
