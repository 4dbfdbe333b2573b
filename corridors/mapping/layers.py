"""Map layers: lines with flow arrows, and node markers, built in the page by the map's Pack."""

from __future__ import annotations

from folium.map import Layer
from folium.template import Template

from ._html import js, text
from ._pack import Pack
from .styles import NODE_KINDS


class LineLayer(Layer):
    """Lines with a tooltip, a popup and a flow arrow at the middle of each.

    Parameters
    ----------
    name : str
        Layer name shown in the layer control (escaped here).
    lines : list of list
        One per line: coordinates (:meth:`Pack.line`), then refs into
        ``pack`` of its Leaflet path options, its name (tooltip and popup
        heading), the HTML fragments of its popup and a tooltip suffix; last
        an arrow ``[lat, lng, angle]``, or None.
    pack : Pack
        The map's table of shared values.
    footer : list of int, optional
        Refs of HTML appended to every popup of the layer (figures of the system).
    system : bool, default False
        The layer is a system (BTC, SCP, ...): the search box finds it by its name.

    """

    _template = Template("""
        {% macro script(this, kwargs) %}
var {{ this.get_name() }} = {{ this.pack.get_name() }}.lines(
    {{ this.lines }}, {{ this.footer }}, {{ this.system }});
        {% endmacro %}
    """)

    def __init__(self, name: str, lines: list[list], pack: Pack, *,
                 footer: list[int] | None = None, show: bool = True,
                 system: bool = False) -> None:
        super().__init__(name=text(name), overlay=True, control=True, show=show)
        self._name = "LineLayer"
        self.system = js(text(name) if system else None)
        self.lines = js(lines)
        self.pack = pack
        self.footer = js(footer or [])


class NodeLayer(Layer):
    """Markers of one node kind, shaped by the kind (see ``styles.NODE_KINDS``).

    Parameters
    ----------
    kind : str
        The node kind.
    nodes : list of list
        ``[lat, lng, name ref, popup refs]`` per node, refs into ``pack``.
    pack : Pack
        The map's table of shared values.

    """

    _template = Template("""
        {% macro script(this, kwargs) %}
var {{ this.get_name() }} = {{ this.pack.get_name() }}.nodes(
    {{ this.nodes }}, {{ this.css_class }}, {{ this.size }});
        {% endmacro %}
    """)

    def __init__(self, kind: str, nodes: list[list], pack: Pack, *, show: bool = True) -> None:
        label, _, _, size = NODE_KINDS[kind]
        super().__init__(name=text(label), overlay=True, control=True, show=show)
        self._name = "NodeLayer"
        self.nodes = js(nodes)
        self.pack = pack
        self.css_class = js(f"cm-node cm-{kind}")
        self.size = int(size)
