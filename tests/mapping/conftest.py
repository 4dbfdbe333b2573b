"""Fixtures of the map tests: synthetic segments, and a real headless Chromium."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest

HOSTILE = "<img src=x onerror=alert(1)>{{ 7*7 }}"  # markup, and a template for branca


@pytest.fixture
def segments():
    """Three segments in the corridors schema, one with a hostile name."""
    import geopandas as gpd
    from shapely import LineString

    return gpd.GeoDataFrame(
        {
            "id": ["a", "b", "c"],
            "name": ["Sangachal–Tbilisi", "Tbilisi–Ceyhan", HOSTILE],
            "system": ["BTC", "BTC", "TITR"],
            "mode": ["oil_pipeline", "oil_pipeline", "rail"],
            "status": ["operating", "operating", "planned"],
            "capacity": [1_200_000.0, 1_200_000.0, None],
            "capacity_unit": ["bbl/d", "bbl/d", None],
            "source_ids": ["bp-btc", "bp-btc;not-a-source", "javascript:alert(2)"],
            "dataset": ["btc", "btc", "middle-corridor"],
        },
        geometry=[
            LineString([(49.47, 40.18), (46.0, 41.0), (44.8, 41.7)]),
            LineString([(44.8, 41.7), (40.0, 40.5), (35.93, 36.86)]),
            LineString([(44.8, 41.7), (43.5, 41.4), (41.6, 41.6)]),
        ],
        crs=4326,
    )


@dataclass
class Browser:
    """A page of headless Chromium with everything that is not file: blocked and recorded."""

    page: object
    blocked: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def open(self, path: Path) -> object:
        self.page.goto(path.resolve().as_uri(), wait_until="load")
        self.page.wait_for_function("document.querySelectorAll('.leaflet-pane path').length > 0")
        return self.page


@pytest.fixture(scope="session")
def _chromium():
    from corridors import settings

    if not Path(settings.chromium).is_file():  # a failure, not a skip: the maps are untested
        pytest.fail(f"no Chromium at {settings.chromium}: run bash scripts/setup.sh --test")
    from playwright import sync_api

    from corridors.mapping.save import CHROMIUM_ARGS

    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=settings.chromium, headless=True,
                                    args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def browser(_chromium, request):
    """A fresh page; assert on ``.blocked``, ``.errors`` and ``.dialogs`` after use.

    A test marked ``@pytest.mark.viewport(width, height)`` gets that window and
    a touch screen (a phone's, say) instead of a laptop's.
    """
    mark = request.node.get_closest_marker("viewport")
    width, height = mark.args if mark else (1280, 860)
    context = _chromium.new_context(viewport={"width": width, "height": height},
                                    has_touch=mark is not None)
    page = context.new_page()
    b = Browser(page)

    def route(r):
        if r.request.url.startswith(("file:", "data:")):
            r.continue_()
        else:
            b.blocked.append(r.request.url)
            r.abort()

    def dialog(d):
        b.dialogs.append(d.message)
        d.dismiss()

    page.route("**/*", route)
    page.on("console", lambda msg: b.errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: b.errors.append(str(exc)))
    page.on("dialog", dialog)
    yield b
    context.close()


@pytest.fixture(scope="session")
def quick_start_map(tmp_path_factory):
    """The file of the README's quick start: ``corridors map`` in an empty folder."""
    import os

    from corridors.cli import main

    folder = tmp_path_factory.mktemp("quick-start")
    here = os.getcwd()
    os.chdir(folder)
    try:
        assert main(["map"]) == 0
    finally:
        os.chdir(here)
    return folder / "maps" / "corridors.html"


MAP = "Object.values(window).find(v => v instanceof L.Map)"
"""The page's Leaflet map, in JavaScript."""


def set_view(page, lat: float, lng: float, zoom: int) -> None:
    """Move the map without animation and let the labels be placed."""
    # returns nothing: the map itself would be serialised back to Python, slowly
    page.evaluate(f"([lat, lng, z]) => {{ {MAP}.setView([lat, lng], z, {{animate: false}}); }}",
                  [lat, lng, zoom])
    page.wait_for_timeout(100)


CLICKABLE = """([lat, lng, radius, needle]) => {
  const map = Object.values(window).find(v => v instanceof L.Map);
  const box = map.getContainer().getBoundingClientRect();
  const at = map.latLngToContainerPoint([lat, lng]);
  const cx = box.left + at.x, cy = box.top + at.y;
  let best = null;
  map.eachLayer(l => {
    if (!(l instanceof L.Polyline) || !l._path || !l.getPopup() ||
        !l.getPopup().getContent().includes(needle)) return;
    const el = l._path, m = el.getScreenCTM(), n = el.getTotalLength();
    for (let s = 0; s <= n; s += 1.5) {
      const p = el.getPointAtLength(s).matrixTransform(m), d = Math.hypot(p.x - cx, p.y - cy);
      if (d <= radius && (!best || d < best.d) && document.elementFromPoint(p.x, p.y) === el)
        best = {x: p.x, y: p.y, d: d};
    }
  });
  return best; }"""
"""The point nearest ``[lat, lng]``, within ``radius`` pixels, where a click lands on a
line whose popup holds ``needle`` (it is the topmost element there), or null."""
