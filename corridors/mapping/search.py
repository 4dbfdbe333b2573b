"""An offline search box: finds a place, a line or a system by name, zooms to it, opens it."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from branca.element import MacroElement
from folium.elements import JSCSSMixin
from folium.template import Template

from ._assets import SEARCH_CSS, SEARCH_JS
from ._html import js

if TYPE_CHECKING:
    from ._pack import Pack

SEARCH_ZOOM = 8
"""Zoom a place found is shown at (lines and systems are fitted instead)."""


class SearchBox(JSCSSMixin, MacroElement):
    """leaflet-search over what the map's :class:`~corridors.mapping._pack.Pack` drew.

    Add it after the layers. Names are matched anywhere in them, ignoring
    case; places are listed first, then systems, then lines; the list of
    matches is built as text, never as HTML.
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = new L.Control.Search({
                sourceData: function (text, done) {
                    var records = {};
                    function rank(f) {  {# places first, then systems, then lines #}
                        return f.target.getLatLng ? 0 : f.target instanceof L.FeatureGroup ? 1 : 2;
                    }
                    {{ this.pack.get_name() }}.found.slice().sort(function (a, b) {
                        return rank(a) - rank(b);
                    }).forEach(function (f) {
                        var at = f.target.getLatLng ? f.target.getLatLng()
                                                    : f.target.getBounds().getCenter();
                        var loc = L.latLng(at.lat, at.lng);
                        loc.layer = f;
                        records[f.title] = loc;
                    });
                    done(records);
                    return {abort: function () {}};
                },
                formatData: function (records) { return records; },
                initial: false, casesensitive: false, marker: false, autoType: false,
                position: "topleft", textPlaceholder: {{ this.placeholder }},
                textErr: {{ this.not_found }}, zoom: {{ this.zoom }},
                buildTip: function (text) {
                    var li = L.DomUtil.create("li", "");
                    li.textContent = text;
                    return li;
                },
                moveToLocation: function (latlng, title, map) {
                    var target = latlng.layer.target, open = latlng.layer.open;
                    if (target.getBounds) {
                        map.fitBounds(target.getBounds(), {maxZoom: {{ this.zoom }},
                                                           animate: false});
                    } else {
                        map.setView(latlng, Math.max(map.getZoom(), {{ this.zoom }}),
                                    {animate: false});
                    }
                    open.openPopup();
                }
            }).addTo({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    default_js: ClassVar[list[tuple[str, str]]] = [("leaflet_search_js", SEARCH_JS)]
    default_css: ClassVar[list[tuple[str, str]]] = [("leaflet_search_css", SEARCH_CSS)]

    def __init__(self, pack: Pack) -> None:
        super().__init__()
        self._name = "SearchBox"
        self.pack = pack
        self.placeholder = js("Search a place, line or system")
        self.not_found = js("Not on this map")
        self.zoom = SEARCH_ZOOM
