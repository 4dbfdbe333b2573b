import corridors
from corridors.mapping import _html, gas_map


def test_flows_every_year_and_disagreements_shown():
    page = _html.render(gas_map())
    for year in range(2020, 2026):
        assert f'"{year}":{{"w":' in page
    assert "TAP: exports to Europe 2022: 11.4 / 11.5 bcm" in page


def test_chart_is_inline_svg_citing_sources():
    page = _html.render(gas_map())
    assert '<svg class=\\"cm-chart\\"' in page
    assert "cm-year-mark" in page
    cited = set(corridors.figures("eu_mou_path")["source_id"])
    titles = corridors.sources(sorted(cited))["publisher"]
    assert all(str(t) in page for t in titles)
    assert "<img" not in page


def test_partial_year_is_marked():
    page = _html.render(gas_map(years=(2021, 2024)))
    assert "IGB: exports to Bulgaria 2021: " in page and "(partial year)" in page
