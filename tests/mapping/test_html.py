import json
import re

import pytest

from corridors.mapping import _html, corridor_map, save_html
from corridors.mapping._assets import LOCAL, inline_assets

from .conftest import HOSTILE

RANDOM_ID = re.compile(r"[0-9a-f]{32}")


@pytest.mark.parametrize(("value", "expected"), [
    (HOSTILE, "&lt;img src=x onerror=alert(1)&gt;&#123;&#123; 7*7 &#125;&#125;"),
    ('"quoted" & <b>', "&quot;quoted&quot; &amp; &lt;b&gt;"),
    (None, ""),
    (float("nan"), ""),
])
def test_text_escapes(value, expected):
    assert _html.text(value) == expected


def test_json_for_scripts_never_carries_template_syntax():
    from jinja2 import Template

    value = {"a": ["{{ x }}", "{% if %}", "{#", "{{{", "}}", "a{b}c"], "b": {"c": {}}}
    out = _html.js(value)
    assert "{{" not in out and "{%" not in out and "{#" not in out
    assert Template(out).render() == out  # rendered again as a template, unchanged
    assert json.loads(out) == value


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,x", "", None])
def test_link_refuses_non_http(url):
    assert "<a" not in _html.link(url, "label")


def test_link_escapes_url_and_label():
    out = _html.link('https://x.org/?a="b"', HOSTILE)
    assert 'href="https://x.org/?a=&quot;b&quot;"' in out and "<img" not in out


@pytest.mark.parametrize("value", ["</script><script>alert(1)</script>", "<!--<script>",
                                   "</SCRIPT>"])
def test_js_is_safe_in_script(value):
    out = _html.js({"x": value})
    assert "</" not in out and "<!" not in out
    assert json.loads(out) == {"x": value}


def test_render_is_deterministic_without_random_ids(segments):
    first = _html.render(corridor_map(segments))
    second = _html.render(corridor_map(segments))
    assert first == second
    assert not RANDOM_ID.search(first)


def test_render_does_not_repeat_after_earlier_render(segments):
    m = corridor_map(segments)
    m._repr_html_()  # as a notebook would
    assert _html.render(m) == _html.render(corridor_map(segments))


def test_online_links_cdn_and_tiles(segments):
    page = _html.render(corridor_map(segments))
    assert '<script src="https://cdn.jsdelivr.net/npm/leaflet@1.9.4/dist/leaflet.js">' in page
    assert "tile.openstreetmap.org" in page
    assert "jquery" not in page and "bootstrap" not in page


def test_offline_inlines_everything(segments):
    page = _html.render(corridor_map(segments), offline=True)
    assert not re.search(r'<script src=|<link rel="stylesheet"', page)
    assert "tile.openstreetmap.org" not in page
    assert "url(images/" not in page and "data:image/png;base64," in page
    assert "Boundaries and names: Natural Earth, GeoNames (CC BY 4.0)" in page
    assert "url(../images/" not in page  # leaflet-search's icons are inlined too


def test_every_local_asset_exists():
    for url in LOCAL:
        tag = (f'<script src="{url}"></script>' if url.endswith(".js")
               else f'<link rel="stylesheet" href="{url}"/>')
        assert url not in inline_assets(tag)


def test_unknown_asset_offline_is_an_error():
    from corridors.exceptions import DependencyError

    with pytest.raises(DependencyError, match="no local copy"):
        inline_assets('<script src="https://example.org/x.js"></script>')


def test_save_is_atomic(segments, tmp_path, monkeypatch):
    out = tmp_path / "m.html"
    out.write_text("before")

    def fail(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr("corridors.mapping.save.render", fail)
    with pytest.raises(KeyboardInterrupt):
        save_html(corridor_map(segments), out)
    assert out.read_text() == "before"
    assert [p.name for p in tmp_path.iterdir()] == ["m.html"]
