"""Page furniture: title, panels (legend, chart, table), attribution and page CSS."""

from __future__ import annotations

from typing import ClassVar

from branca.element import MacroElement
from folium.elements import JSCSSMixin
from folium.template import Template

from ._html import js, text

NARROW_PX = 700
"""Below this window width (a phone) the layer control, legend and other panels
start folded, and the minimap and subtitle are not shown."""

LAYERS_OPEN_PX = 1500
"""From this window width on the layer control and the main map's legend start open; in
a smaller window they are buttons, so that they hide no place names (tap to open)."""

PAGE_CSS = """
.cm-title{position:absolute;z-index:1000;top:10px;left:50%;transform:translateX(-50%);
 background:rgba(255,255,255,.92);padding:4px 14px;border-radius:4px;pointer-events:none;
 box-shadow:0 1px 4px rgba(0,0,0,.3);font:14px/1.3 system-ui,sans-serif;text-align:center;}
.cm-title h1{font-size:17px;margin:0;} .cm-title p{margin:0;color:#555;font-size:12px;}
.cm-panel{background:rgba(255,255,255,.95);padding:6px 9px;border-radius:4px;
 box-shadow:0 1px 5px rgba(0,0,0,.4);font:12px/1.35 system-ui,sans-serif;
 max-height:70vh;overflow:auto;max-width:420px;}
.cm-panel summary{font-weight:600;cursor:pointer;}
.cm-panel table{border-collapse:collapse;} .cm-panel td,.cm-panel th{padding:1px 5px;
 text-align:left;vertical-align:top;border-bottom:1px solid #eee;}
.cm-popup{font-size:12px;} .cm-popup table{border-collapse:collapse;}
.cm-popup th{text-align:left;padding-right:8px;color:#555;font-weight:normal;vertical-align:top;}
.cm-popup h3{margin:0 0 4px;font-size:14px;} .cm-popup h4{margin:6px 0 2px;font-size:12px;}
.cm-popup ul{margin:0;padding-left:16px;} .cm-sources{margin-top:4px;font-size:11px;}
.cm-sources>div,.cm-more>div{margin-top:2px;} .cm-more summary{cursor:pointer;color:#0571b0;}
.cm-kind{display:inline-block;font-size:10px;line-height:1.2;padding:0 3px;border-radius:2px;
 background:#eee;color:#444;}
.cm-flow-label{background:rgba(255,255,255,.85);border:0;box-shadow:none;font-size:11px;
 padding:1px 4px;} .cm-flow-label:before{display:none;}
.leaflet-control-layers{font-size:12px;}
.leaflet-container path.leaflet-interactive:focus{outline:none;}
.leaflet-container path.cm-selected{filter:drop-shadow(0 0 2px #fff) drop-shadow(0 0 3px #ffd400);}
.cm-popup-open .leaflet-tooltip:not(.cm-flow-label){display:none;}
.cm-network{position:absolute;z-index:1001;bottom:18px;left:50%;transform:translateX(-50%);
 margin:0;background:#fff8d6;border:1px solid #d9c56b;border-radius:3px;padding:2px 8px;
 font:11px/1.3 system-ui,sans-serif;max-width:80vw;text-align:center;}
.cm-years label{white-space:nowrap;display:block;}
.cm-years input[type=range]{width:200px;max-width:100%;margin:2px 0 0;display:block;}
.cm-flow-list{list-style:none;margin:4px 0 0;padding:0;max-width:300px;}
.cm-flow-list li{margin:1px 0;} .cm-flow-key{display:inline-block;width:14px;height:4px;
 vertical-align:middle;margin-right:5px;}
.cm-key{display:inline-block;vertical-align:middle;margin-right:5px;}
.cm-legend{display:grid;grid-template-columns:auto auto;column-gap:12px;}
.cm-comparison{max-width:min(960px,calc(100vw - 70px));}
.cm-comparison td{white-space:nowrap;} .cm-comparison td.cm-wrap{white-space:normal;min-width:9em;}
.cm-comparison p{margin:4px 0 0;font-size:11px;color:#444;}
""" + f"""@media (max-width:{NARROW_PX}px){{.leaflet-control-minimap{{display:none;}}
 .cm-title{{left:54px;transform:none;max-width:calc(60vw - 60px);padding:3px 8px;}}
 .cm-title h1{{font-size:14px;}} .cm-title p{{display:none;}}
 .cm-panel{{max-height:45vh;max-width:calc(100vw - 40px);}} .cm-panel.cm-years{{max-width:52vw;}}
 .leaflet-control-attribution{{font-size:9px;}}}}
"""


class Css(MacroElement):
    """A stylesheet in the page head."""

    _template = Template("""
        {% macro header(this, kwargs) %}<style>{{ this.css }}</style>{% endmacro %}
    """)

    def __init__(self, css: str) -> None:
        super().__init__()
        self._name = "Css"
        self.css = css.replace("</", "<\\/")


NETWORK_NOTE = ("This file loads Leaflet and its map tiles from the internet: it needs a "
                "network. Without one only this line and the title show.")
"""The line a page on CDNs (``save_html(offline=False)``, ``--cdn``) shows."""


class NetworkNote(MacroElement):
    """A line saying the page needs a network, written only in pages that load from CDNs.

    It is plain HTML, so it shows where the scripts cannot load.
    """

    _template = Template("""
        {% macro html(this, kwargs) %}{% if not kwargs.offline %}
            <p class="cm-network">{{ this.note }}</p>
        {% endif %}{% endmacro %}
    """)

    def __init__(self) -> None:
        super().__init__()
        self._name = "NetworkNote"
        self.note = text(NETWORK_NOTE)


class NewTabLinks(MacroElement):
    """Open the web links of popups and panels in a new tab, with no access to the map's page.

    Set once for the page as a link is clicked, so that each of the many
    links in a map's data is written without these attributes.
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
document.addEventListener("click", function (e) {
  var a = e.target.closest && e.target.closest('a[href^="http"]');
  if (a) { a.target = "_blank"; a.rel = "noopener noreferrer"; }
}, true);
        {% endmacro %}
    """)


class Title(MacroElement):
    """A title (and subtitle) above the map; both are escaped."""

    _template = Template("""
        {% macro html(this, kwargs) %}
            <div class="cm-title"><h1>{{ this.title }}</h1>
            {%- if this.subtitle %}<p>{{ this.subtitle }}</p>{% endif %}</div>
        {% endmacro %}
    """)

    def __init__(self, title: str, subtitle: str | None = None) -> None:
        super().__init__()
        self._name = "Title"
        self.title, self.subtitle = text(title), text(subtitle)


class Panel(MacroElement):
    """A Leaflet control holding HTML that the caller has built from escaped parts.

    Its ``<details>`` start folded in a window narrower than ``fold_below`` pixels.
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = L.control({position: {{ this.position }}});
            {{ this.get_name() }}.onAdd = function () {
                var div = L.DomUtil.create("div", {{ this.css_class }});
                div.innerHTML = {{ this.html }};
                if (window.innerWidth < {{ this.narrow }}) {
                    div.querySelectorAll("details").forEach(function (d) { d.open = false; });
                }
                L.DomEvent.disableClickPropagation(div);
                L.DomEvent.disableScrollPropagation(div);
                return div;
            };
            {{ this.get_name() }}.addTo({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self, html: str, *, position: str = "bottomleft", css_class: str = "",
                 fold_below: int = NARROW_PX) -> None:
        super().__init__()
        self._name = "Panel"
        self.html, self.position = js(html), js(position)
        self.css_class = js(f"cm-panel {css_class}".strip())
        self.narrow = int(fold_below)


LEAFLET_CREDIT = '<a href="https://leafletjs.com">Leaflet</a>'
"""The credit to Leaflet, without the national flag Leaflet's own prefix carries:
the maps report contested matters and show no flag of a party to them."""


class Attribution(MacroElement):
    """Adds a (trusted, built-in) attribution to the map's attribution control.

    It also sets the control's prefix to :data:`LEAFLET_CREDIT`.
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
            {{ this._parent.get_name() }}.attributionControl.setPrefix({{ this.prefix }})
                .addAttribution({{ this.html }});
        {% endmacro %}
    """)

    def __init__(self, html: str) -> None:
        super().__init__()
        self._name = "Attribution"
        self.html = js(html)
        self.prefix = js(LEAFLET_CREDIT)


class GroupedLayers(JSCSSMixin, MacroElement):
    """A layer control with headed groups of overlays, each toggled by a checkbox.

    Unlike folium's ``GroupedLayerControl`` it names the layers when it
    renders, so the deterministic ids of ``_html.render`` reach it.

    Parameters
    ----------
    groups : dict of str to list of folium.map.Layer
        Escaped group heading to its layers (whose names are escaped).

    """

    _template = Template("""
        {% macro script(this, kwargs) %}
            L.control.groupedLayers(null, {
            {%- for group, layers in this.groups.items() %}
                {{ group|tojson }}: {
                {%- for layer in layers %}
                    {{ layer.layer_name|tojson }}: {{ layer.get_name() }},
                {%- endfor %}
                },
            {%- endfor %}
            }, {collapsed: window.innerWidth < {{ this.open_from }}})
            .addTo({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    default_js: ClassVar[list[tuple[str, str]]] = [("leaflet_groupedlayercontrol_js",
                   "https://cdnjs.cloudflare.com/ajax/libs/leaflet-groupedlayercontrol/0.6.1/"
                   "leaflet.groupedlayercontrol.min.js")]
    default_css: ClassVar[list[tuple[str, str]]] = [("leaflet_groupedlayercontrol_css",
                    "https://cdnjs.cloudflare.com/ajax/libs/leaflet-groupedlayercontrol/0.6.1/"
                    "leaflet.groupedlayercontrol.min.css")]

    def __init__(self, groups: dict[str, list]) -> None:
        super().__init__()
        self._name = "GroupedLayers"
        self.groups = groups
        self.open_from = LAYERS_OPEN_PX
        for layers in groups.values():
            for layer in layers:
                layer.control = False


class ZoomAll(MacroElement):
    """A button under the zoom buttons that fits the map to everything drawn."""

    _template = Template("""
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = L.control({position: "topleft"});
            {{ this.get_name() }}.onAdd = function (map) {
                var div = L.DomUtil.create("div", "leaflet-bar cm-zoom-all");
                var a = L.DomUtil.create("a", "", div);
                a.href = "#"; a.setAttribute("role", "button");
                a.title = {{ this.label }}; a.setAttribute("aria-label", {{ this.label }});
                a.innerHTML = "&#x2922;";
                L.DomEvent.disableClickPropagation(div);
                L.DomEvent.on(a, "click", function (e) {
                    L.DomEvent.preventDefault(e);
                    map.fitBounds({{ this.bounds }});
                });
                return div;
            };
            {{ this.get_name() }}.addTo({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self, bounds: list[list[float]]) -> None:
        super().__init__()
        self._name = "ZoomAll"
        self.bounds = js(bounds)
        self.label = js("Zoom to everything drawn")
