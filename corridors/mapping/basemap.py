"""The background of the maps: web tiles online, vector countries offline; and the minimap."""

from __future__ import annotations

from functools import lru_cache
from typing import ClassVar

from branca.element import MacroElement
from folium.elements import JSCSSMixin
from folium.template import Template

from ._html import js

OFFLINE_TOLERANCE_DEG = 0.05
"""Simplification of the offline country polygons (about 5 km): a background, not data."""

MINIMAP_TOLERANCE_DEG = 0.4
"""...and of the minimap's (a few pixels there): drawing it costs a tenth of the map's."""

SEA_COLOUR, LAND_COLOUR, BORDER_COLOUR = "#d4e6f1", "#f4f1ea", "#b8b2a7"


@lru_cache(maxsize=4)
def countries_js(tolerance: float = OFFLINE_TOLERANCE_DEG) -> str:
    """The country polygons as a JavaScript array of GeoJSON geometries."""
    import numpy as np
    import shapely

    from ..boundaries import countries

    geoms = countries().geometry.array
    if tolerance > OFFLINE_TOLERANCE_DEG:  # the minimap: islands smaller than a pixel go
        parts, owner = shapely.get_parts(geoms, return_index=True)
        keep = shapely.area(parts) >= (2 * tolerance) ** 2
        geoms = np.array([shapely.multipolygons(parts[keep & (owner == i)])
                          for i in range(len(geoms))], dtype=object)
    geoms = shapely.simplify(geoms, tolerance, preserve_topology=True)
    geoms = shapely.transform(geoms, lambda c: np.round(c, 2 if tolerance < 0.1 else 1))
    return "[" + ",".join(shapely.to_geojson(geoms[~shapely.is_empty(geoms)])) + "]"


class Basemap(MacroElement):
    """The map's background, drawn by a function the minimap can call too.

    Rendered with ``offline=True`` it is the Natural Earth countries as
    vector polygons; otherwise OpenStreetMap web tiles.
    """

    _template = Template("""
        {% macro header(this, kwargs) %}{% if kwargs.offline %}
            <style>.leaflet-container{background:{{ this.sea }};}</style>
        {% endif %}{% endmacro %}
        {% macro script(this, kwargs) %}
            {%- if kwargs.offline %}
            var {{ this.get_name() }}_data = {{ this.countries() }};
            var {{ this.get_name() }}_coarse = {{ this.countries(this.coarse) }};
            {%- endif %}
            function {{ this.get_name() }}_layer(coarse) {
            {%- if kwargs.offline %}
                return L.geoJSON(coarse ? {{ this.get_name() }}_coarse
                                        : {{ this.get_name() }}_data, {
                    style: {{ this.style }}, interactive: false,
                    attribution: "Boundaries and names: Natural Earth, GeoNames (CC BY 4.0)"});
            {%- else %}
                return L.tileLayer({{ this.url }}, {{ this.tile_options }});
            {%- endif %}
            }
            var {{ this.get_name() }} = {{ this.get_name() }}_layer().addTo(
                {{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self) -> None:
        import xyzservices

        super().__init__()
        self._name = "Basemap"
        tiles = xyzservices.providers.OpenStreetMap.Mapnik
        self.url = js(tiles.build_url())
        self.tile_options = js({"attribution": tiles.html_attribution,
                                "maxZoom": tiles.get("max_zoom", 19)})
        self.style = js({"color": BORDER_COLOUR, "weight": 0.6, "fillColor": LAND_COLOUR,
                         "fillOpacity": 1})
        self.sea = SEA_COLOUR
        self.countries = countries_js
        self.coarse = MINIMAP_TOLERANCE_DEG


class MiniMap(JSCSSMixin, MacroElement):
    """An overview map in a corner, drawn on a coarser copy of the basemap."""

    _template = Template("""
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = new L.Control.MiniMap(
                {{ this.basemap.get_name() }}_layer(true), {{ this.options }}
            ).addTo({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    default_js: ClassVar[list[tuple[str, str]]] = [("leaflet_minimap_js",
                   "https://cdnjs.cloudflare.com/ajax/libs/leaflet-minimap/3.6.1/Control.MiniMap.js")]
    default_css: ClassVar[list[tuple[str, str]]] = [("leaflet_minimap_css",
                    "https://cdnjs.cloudflare.com/ajax/libs/leaflet-minimap/3.6.1/Control.MiniMap.css")]

    def __init__(self, basemap: Basemap) -> None:
        super().__init__()
        self._name = "MiniMap"
        self.basemap = basemap
        self.options = js({"position": "bottomright", "toggleDisplay": True,
                           "zoomLevelOffset": -4, "width": 150, "height": 120})
