"""Map layers: lines with flow arrows, and node markers. Their texts arrive escaped."""

from __future__ import annotations

from folium.map import Layer
from folium.template import Template

from ._html import js, text
from .styles import NODE_KINDS


class LineLayer(Layer):
    """Lines with a tooltip, a popup and a flow arrow at the middle of each.

    Parameters
    ----------
    name : str
        Layer name shown in the layer control (escaped here).
    lines : list of dict
        One per line: ``c`` coordinates ([lat, lng] pairs, or lists of them),
        ``s`` Leaflet path options, ``t`` tooltip HTML, ``p`` popup HTML and
        optionally ``a`` an arrow ``[lat, lng, angle]``.
    popup_footer : str, default ""
        HTML appended to every popup of the layer (figures of the system).

    """

    _template = Template("""
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = L.featureGroup();
            {{ this.lines }}.forEach(function (d) {
                L.polyline(d.c, Object.assign({className: "cm-line"}, d.s))
                    .bindTooltip(d.t, {sticky: true})
                    .bindPopup('<div class="cm-popup">' + d.p + {{ this.footer }} + '</div>',
                               {maxWidth: 380})
                    .addTo({{ this.get_name() }});
                if (d.a) {
                    L.marker([d.a[0], d.a[1]], {interactive: false, keyboard: false,
                        icon: L.divIcon({className: "cm-arrow", iconSize: [14, 14],
                            html: '<i style="transform:rotate(' + Number(d.a[2]) + 'deg);color:'
                                  + d.s.color + '">&#10148;</i>'})
                    }).addTo({{ this.get_name() }});
                }
            });
        {% endmacro %}
    """)

    def __init__(self, name: str, lines: list[dict], *, popup_footer: str = "",
                 show: bool = True) -> None:
        super().__init__(name=text(name), overlay=True, control=True, show=show)
        self._name = "LineLayer"
        self.lines = js(lines)
        self.footer = js(popup_footer)


class NodeLayer(Layer):
    """Markers of one node kind, shaped by the kind (see ``styles.NODE_KINDS``).

    Parameters
    ----------
    kind : str
        The node kind.
    nodes : list of list
        ``[lat, lng, tooltip HTML, popup HTML]`` per node.

    """

    _template = Template("""
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = L.featureGroup();
            {{ this.nodes }}.forEach(function (d) {
                var icon = L.divIcon({className: {{ this.css_class }},
                                      iconSize: [{{ this.size }}, {{ this.size }}]});
                L.marker([d[0], d[1]], {icon: icon})
                    .bindTooltip(d[2])
                    .bindPopup('<div class="cm-popup">' + d[3] + '</div>', {maxWidth: 340})
                    .addTo({{ this.get_name() }});
            });
        {% endmacro %}
    """)

    def __init__(self, kind: str, nodes: list[list], *, show: bool = True) -> None:
        label, _, _, size = NODE_KINDS[kind]
        super().__init__(name=text(label), overlay=True, control=True, show=show)
        self._name = "NodeLayer"
        self.nodes = js(nodes)
        self.css_class = js(f"cm-node cm-{kind}")
        self.size = int(size)
