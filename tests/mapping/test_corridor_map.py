import pytest

from corridors.mapping import _html, corridor_map
from corridors.mapping._geometry import arrows, light_lines, max_shift_m
from corridors.mapping.styles import line_widths

from .conftest import HOSTILE


@pytest.fixture
def page(segments):
    return _html.render(corridor_map(segments, title="Test <b>map</b>"))


def test_layers_per_system_grouped(page):
    assert '"Energy: oil": {' in page and '"Trade: Middle Corridor": {' in page
    assert '"BTC": line_layer_' in page and '"TITR": line_layer_' in page


def test_hostile_texts_are_escaped(page):
    assert HOSTILE not in page
    assert "&#123;&#123; 7*7 &#125;" in page  # not run as a template
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "<title>Test &lt;b&gt;map&lt;/b&gt;</title>" in page
    assert "<h1>Test &lt;b&gt;map&lt;/b&gt;</h1>" in page


def test_sources_are_links_and_unknown_ids_text(page):
    assert "href=\\\"https://www.bp.com/" in page or 'href=\\"https://www.bp.com/' in page
    assert "not-a-source" in page
    assert "href=\\\"javascript" not in page and 'href=\\"javascript' not in page


def test_popups_carry_system_figures(page):
    assert "BTC throughput" in page  # the series as the catalogue names it


def test_planned_segments_dashed_and_widths(segments):
    widths = line_widths(segments["capacity"], segments["capacity_unit"])
    assert widths.tolist() == [9.0, 9.0, 2.5]
    page = _html.render(corridor_map(segments))
    assert '"dashArray":"10 6"' in page


def test_legend_lists_modes_present(page):
    assert "Oil pipeline" in page and "Rail" in page and "Gas pipeline</div>" not in page


def test_arrow_points_along_flow():
    from shapely import LineString

    east = arrows([LineString([(40, 40), (42, 40)])])[0]
    assert east[2] == 0.0


@pytest.mark.parametrize("simplify_m", [0, 50, 90])
def test_light_lines_respect_tolerance(simplify_m):
    import numpy as np
    from shapely import LineString, MultiLineString

    x = np.linspace(40, 50, 2001)
    line = LineString(np.column_stack([x, 40 + 0.01 * np.sin(x * 7)]))
    multi = MultiLineString([[(30, 60), (31, 60.001), (32, 60)], [(33, 61), (34, 62)]])
    light = light_lines([line, multi], precision=5, simplify_m=simplify_m)
    assert len(light[0]) < 2001 if simplify_m else len(light[0]) == 2001
    assert len(light[1]) == 2
    assert max_shift_m([line, multi], light) <= simplify_m + 1


def test_real_data_main_map_has_every_system_and_nodes():
    from corridors.io import load_all

    gdf = load_all()
    page = _html.render(corridor_map())
    for system in gdf["system"].dropna().unique():
        assert f'"{system}": line_layer_' in page
    assert '"Places": {' in page and "cm-node cm-terminal" in page


def test_pack_stores_each_value_once_and_lines_decode_back(segments):
    import polyline

    from corridors.mapping._pack import Pack

    pack = Pack(precision=4)
    light = light_lines(segments.geometry, precision=4)
    for coords in light:
        assert polyline.decode(pack.line(coords), 4) == [tuple(c) for c in coords]
    assert pack.refs(["<td>a</td>", "<td>b</td>", "<td>a</td>"]) == [0, 1, 0]
    assert pack.add({"color": "#000"}) == pack.add({"color": "#000"}) == 2


def test_real_data_main_map_writes_a_shared_source_once():
    page = _html.render(corridor_map())
    # two sources (GeoNames cities15000 and cities1000, each with its own address) cite the
    # gazetteer, used by ~200 places: each address is written once
    assert page.count("https://www.geonames.org/") == 1
    assert page.count("https://download.geonames.org/export/dump/cities1000.zip") == 1


def test_places_key_all_none():
    from corridors.exceptions import UnknownNameError
    from corridors.io import load_all
    from corridors.mapping.corridor_map import _nodes

    gdf = load_all()
    key, every = _nodes(gdf, "key"), _nodes(gdf, "all")
    assert set(key["id"]) < set(every["id"]) and _nodes(gdf, "none") is None
    assert (key["kind"] != "city").sum() == (every["kind"] != "city").sum()  # no station dropped
    assert {"sangachal", "ceyhan_terminal", "malaszewicze"} <= set(key["id"])
    page = _html.render(corridor_map(["btc"]))
    assert "Drawn through" in page and "Refahiye" in page  # a town only in the popup
    with pytest.raises(UnknownNameError, match="did you mean 'all'"):
        corridor_map(["btc"], places="alll")


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"data": []}, "nothing to draw"),
    ({"data": ["igb"], "precision": 9}, "precision must be a whole number of decimals"),
    ({"data": ["igb"], "simplify_m": float("nan")}, "simplify_m must be a finite number"),
])
def test_what_cannot_be_drawn_is_said(kwargs, message):
    from corridors.exceptions import CorridorsError

    with pytest.raises(CorridorsError, match=message):
        corridor_map(**kwargs)
