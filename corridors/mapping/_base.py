"""The frame every corridors map starts from: Leaflet only, basemap, controls, title."""

from __future__ import annotations

from typing import ClassVar

import folium
from branca.element import MacroElement
from folium.plugins import Fullscreen, MeasureControl
from folium.template import Template

from ._assets import LEAFLET_CSS, LEAFLET_JS
from ._html import js, text
from .basemap import Basemap, MiniMap
from .controls import (
    NARROW_PX,
    PAGE_CSS,
    Attribution,
    Css,
    NetworkNote,
    NewTabLinks,
    Title,
    ZoomAll,
)
from .styles import node_css


class CorridorsMap(folium.Map):
    """A folium map that loads Leaflet and nothing else (no jQuery, Bootstrap, fonts)."""

    default_js: ClassVar[list[tuple[str, str]]] = [("leaflet", LEAFLET_JS)]
    default_css: ClassVar[list[tuple[str, str]]] = [("leaflet_css", LEAFLET_CSS)]


class FitBounds(MacroElement):
    """Fit the map to bounds, clear of the panels on the left where the window shows them.

    The map opens there at once (no zoom animation from Leaflet's world view).
    In a window narrower than ``NARROW_PX`` (a phone) it opens one zoom
    closer on the centre, cut at the sides: fitted to the width of a portrait
    screen, the corridors would be a blob. There the panels start folded, and
    no padding is kept for them (one as wide as the window would leave Leaflet
    no room at all: it fails with NaN coordinates).
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
            (function (map, bounds) {
                if (window.innerWidth < {{ this.narrow }}) {
                    map.setView(bounds.getCenter(), map.getBoundsZoom(bounds) + 1,
                                {animate: false});
                } else {
                    map.fitBounds(bounds, {animate: false,
                                           paddingTopLeft: [{{ this.left }}, {{ this.top }}]});
                }
            })({{ this._parent.get_name() }}, L.latLngBounds({{ this.bounds }}));
        {% endmacro %}
    """)

    def __init__(self, bounds: list[list[float]], padding_top_left: tuple[int, int]) -> None:
        super().__init__()
        self._name = "FitBounds"
        self.bounds = js(bounds)
        self.left, self.top = (int(v) for v in padding_top_left)
        self.narrow = NARROW_PX


def new_map(title: str, subtitle: str | None, bounds: list[list[float]], *,
            padding_top_left: tuple[int, int] = (0, 40),
            all_bounds: list[list[float]] | None = None) -> folium.Map:
    """A map fitted to ``[[south, west], [north, east]]`` with every shared control.

    ``padding_top_left`` (pixels) keeps the fitted lines clear of the title
    and of panels on the left. ``all_bounds`` (``bounds`` by default) is what
    the zoom-to-all button fits: everything drawn.

    The controls are: basemap with labels, scale bar, fullscreen, zoom to
    all, measure tool, minimap, title and attribution.
    """
    m = CorridorsMap(location=None, tiles=None, control_scale=True, zoom_start=4)
    m.get_root().title = text(title)  # branca writes the page title unescaped
    basemap = Basemap()
    m.add_child(basemap)
    m.add_child(Css(PAGE_CSS + node_css()))
    m.add_child(NewTabLinks())
    Fullscreen(position="topleft").add_to(m)
    m.add_child(ZoomAll(all_bounds or bounds))
    MeasureControl(position="topleft", primary_length_unit="kilometers",
                   secondary_length_unit="miles", primary_area_unit="sqkilometers",
                   secondary_area_unit="hectares").add_to(m)
    m.add_child(MiniMap(basemap))
    m.add_child(Title(title, subtitle))
    m.add_child(NetworkNote())
    m.add_child(Attribution("Data: corridors, sources in popups"))
    m.add_child(FitBounds(bounds, padding_top_left))
    return m
