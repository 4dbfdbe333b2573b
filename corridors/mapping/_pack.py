"""Compact map data: values shared by a map's layers stored once, lines as encoded polylines.

A map of corridors repeats the same HTML many times: every place located
from GeoNames links the same source, every rail segment has the same mode
row. The layers of a map therefore refer to a :class:`Pack`, a table in the
page where each distinct value (an HTML fragment, a style) is written once,
and give popups as lists of indices into it. Coordinates are written as
encoded polylines (the ``polyline`` package here, ``@mapbox/polyline`` in
the browser), a few characters a vertex instead of a JSON pair.
"""

from __future__ import annotations

from typing import Any, ClassVar

from branca.element import MacroElement
from folium.elements import JSCSSMixin
from folium.template import Template

from .. import settings
from ._assets import POLYLINE_JS, POLYLINE_OFFSET_JS
from ._html import js
from .styles import POPUP_OPTIONS


class Pack(JSCSSMixin, MacroElement):
    """The table of shared values of one map, and the decoder of its lines.

    Add it to the map before the layers that use it. In the page it is an
    object with ``t`` (the table), ``j(refs)`` (the fragments at ``refs``
    joined), ``line(c)`` (decoded ``[lat, lng]`` pairs of an encoded line,
    or a list of them), and ``lines`` and ``nodes``, which build the feature
    group of a :class:`~corridors.mapping.layers.LineLayer` or
    :class:`~corridors.mapping.layers.NodeLayer` from its data; ``found``
    (what the search box finds: every line, place and system by name) and
    ``all`` (every line drawn, a feature group). Each of ``found`` is
    ``{title, target, open}``: its name, what to zoom to, what to open.
    A line's style may carry an ``offset`` in pixels (Leaflet.PolylineOffset).
    The line whose popup is open is drawn wider, and no tooltip shows over
    an open popup.

    Parameters
    ----------
    precision : int, optional
        Decimals of the coordinates; ``settings.precision`` by default.

    Examples
    --------
    >>> pack = Pack(precision=4)
    >>> pack.refs(["<b>a</b>", "x", "<b>a</b>"])
    [0, 1, 0]
    >>> pack.line([[41.0, 45.0], [41.5, 45.5]])
    '_x_X_|mZowHowH'

    """

    default_js: ClassVar[list[tuple[str, str]]] = [("polyline", POLYLINE_JS),
                                                   ("polyline_offset", POLYLINE_OFFSET_JS)]
    _template = Template("""
        {% macro script(this, kwargs) %}
var {{ this.get_name() }} = (function (map) {
var t = {{ this.table }}, opts = {{ this.popup_options }};
var found = [], all = L.featureGroup();
function j(refs) { return refs.map(function (i) { return t[i]; }).join(""); }
function line(c) {
  return typeof c === "string" ? polyline.decode(c, {{ this.precision }}) : c.map(line);
}
function plain(html) {  {# the text of an escaped fragment, for the search box #}
  return new DOMParser().parseFromString(html, "text/html").documentElement.textContent;
}
function popup(d) { return '<div class="cm-popup"><h3>' + t[d[2]] + "</h3>" + j(d[3]); }
{# A bend sharper than the offset would loop: offset lines are simplified by half of it first. #}
if (!L.PolylineOffset._cmSimplified) {
  var offsetPoints = L.PolylineOffset.offsetPoints;
  L.PolylineOffset.offsetPoints = function (pts, offset) {
    return offsetPoints.call(this, L.LineUtil.simplify(pts, Math.abs(offset) / 2), offset);
  };
  L.PolylineOffset._cmSimplified = true;
}
function select(path, style) {  {# the line whose popup is open stands out #}
  path.on("popupopen", function () {
    path.setStyle({weight: style.weight + 4, opacity: 1}).bringToFront();
    if (path._path) L.DomUtil.addClass(path._path, "cm-selected");
  }).on("popupclose", function () {
    path.setStyle({weight: style.weight, opacity: style.opacity});
    if (path._path) L.DomUtil.removeClass(path._path, "cm-selected");
  });
}
{# no tooltip over an open popup: the map hides them while one is open #}
map.on("popupopen", function (e) {
  map.getContainer().classList.add("cm-popup-open");
  if (e.popup._source && e.popup._source.closeTooltip) e.popup._source.closeTooltip();
}).on("popupclose", function () {
  map.getContainer().classList.remove("cm-popup-open");
});
return {t: t, j: j, line: line, found: found, all: all,
  lines: function (data, footer, system) {
    var layer = L.featureGroup(), foot = j(footer) + "</div>";
    data.forEach(function (d) {
      var style = t[d[1]];
      var path = L.polyline(line(d[0]), Object.assign({className: "cm-line"}, style))
        .bindTooltip(t[d[2]] + t[d[4]], {sticky: true})
        .bindPopup(popup(d) + foot, opts).addTo(layer);
      select(path, style);
      found.push({title: plain(t[d[2]]), target: path, open: path});
      all.addLayer(path);
      if (d[5]) {  {# the arrow moves with the line's offset: to its right, when positive #}
        var turn = Number(d[5][2]) * Math.PI / 180, off = style.offset || 0;
        var anchor = [7 + off * Math.sin(turn), 7 - off * Math.cos(turn)];
        L.marker([d[5][0], d[5][1]], {interactive: false, keyboard: false,
          icon: L.divIcon({className: "cm-arrow", iconSize: [14, 14], iconAnchor: anchor,
            html: '<i style="transform:rotate(' + Number(d[5][2]) + "deg);color:"
                  + style.color + '">&#10148;</i>'})}).addTo(layer);
      }
    });
    if (system && data.length) {  {# the system is found too: all its lines, the first popup #}
      var first = null;
      layer.eachLayer(function (l) { if (!first && l instanceof L.Polyline) first = l; });
      found.push({title: plain(system) + " (system)", target: layer, open: first});
    }
    return layer;
  },
  nodes: function (data, className, size) {
    var layer = L.featureGroup();
    var icon = L.divIcon({className: className, iconSize: [size, size]});
    data.forEach(function (d) {
      var m = L.marker([d[0], d[1]], {icon: icon})
        .bindTooltip(t[d[2]]).bindPopup(popup(d) + "</div>", opts).addTo(layer);
      found.push({title: plain(t[d[2]]), target: m, open: m});
    });
    return layer;
  }};
})({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self, precision: int | None = None) -> None:
        super().__init__()
        self._name = "Pack"
        self.precision = settings.precision if precision is None else int(precision)
        self.popup_options = js(POPUP_OPTIONS)
        self._values: list[str] = []
        self._index: dict[str, int] = {}

    @property
    def table(self) -> str:
        """The table as JSON safe inside ``<script>``."""
        return "[" + ",".join(self._values) + "]"

    def add(self, value: Any) -> int:
        """Index of ``value`` (any JSON value) in the table, adding it if new."""
        key = js(value)
        if key not in self._index:
            self._index[key] = len(self._values)
            self._values.append(key)
        return self._index[key]

    def refs(self, fragments: list[str]) -> list[int]:
        """Indices of HTML fragments; ``j(refs)`` in the page joins them again."""
        return [self.add(f) for f in fragments]

    def line(self, coords: list) -> str | list[str]:
        """Encode ``[lat, lng]`` pairs, or a list of such lists, as polylines."""
        import polyline

        if coords and isinstance(coords[0][0], list):
            return [self.line(part) for part in coords]
        return polyline.encode(coords, self.precision)
