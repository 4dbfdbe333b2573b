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


def test_years_and_axes_come_from_the_figures():
    import pandas as pd

    from corridors.mapping.chart import ExportChart

    figs = pd.DataFrame({"series": ["gas_exports_europe"] * 3 + ["eu_mou_path"],
                         "year": [2020, 2024, 2030, 2027], "value": [5.0, 12.0, 40.0, 20.0],
                         "unit": "bcm", "status": ["actual", "actual", "actual", "target"],
                         "source_id": "bp-btc"})
    chart = ExportChart(figs, corridors.sources())
    assert chart.years == (2020, 2030) and chart.top >= 40
    assert chart.x_of(2030) is not None and chart.x_of(2031) is None
    svg = chart.html()
    assert ">2030</text>" in svg and ">40</text>" in svg


def test_memorandum_only_at_its_points_and_statuses_styled_apart():
    import pandas as pd

    from corridors.mapping.chart import SERIES, STATUS_MARKS, STATUS_WORDS, ExportChart

    rows = [("gas_exports_europe", 2021, 8.0, "actual"), ("gas_exports_europe", 2022, 11.0,
            "actual"), ("gas_exports_europe", 2023, 5.0, "partial"),
            ("tap_capacity", 2020, 10.0, "capacity"), ("tap_capacity", 2027, 20.0, "plan"),
            ("eu_mou_path", 2021, 8.1, "actual"), ("eu_mou_path", 2022, 12.0, "unrealised"),
            ("eu_mou_path", 2027, 20.0, "target"), ("eu_mou_path", 2024, 9.0, "aside")]
    figs = pd.DataFrame(rows, columns=["series", "year", "value", "status"]).assign(
        unit="bcm/yr", source_id="bp-btc")
    svg = ExportChart(figs, corridors.sources()).html()
    mou_colour = next(c for s, _, c, _ in SERIES if s == "eu_mou_path")
    assert f'<polyline fill="none" stroke="{mou_colour}"' not in svg  # no interpolated path
    for status in set(figs["status"]):
        assert f": {STATUS_WORDS[status]}</text>" in svg
    assert 'stroke-dasharray="5 4"' in svg  # TAP's planned capacity, dashed
    assert len(set(STATUS_MARKS.values())) == len(STATUS_MARKS)  # each status its own mark


def test_the_chart_of_the_curated_figures_names_each_status_it_draws():
    from corridors.mapping.chart import SERIES, STATUS_WORDS, ExportChart

    figs = corridors.figures()
    figs = figs[figs["series"].isin([s[0] for s in SERIES])]
    svg = ExportChart(figs, corridors.sources()).html()
    for status in set(figs["status"]):
        assert f": {STATUS_WORDS.get(status, status)}</text>" in svg


def test_the_slider_covers_every_series_year():
    page = _html.render(gas_map())
    assert '"2019":{"w":' in page  # BTC's first year with a figure
    assert "BTC: oil shipped 2019:" in page and "Middle Corridor (TITR): cargo 2024:" in page
