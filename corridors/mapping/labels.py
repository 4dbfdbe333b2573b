"""Names on the map, placed by zoom, with no two overlapping.

The built-in basemap (self-contained files) names countries and seas from
Natural Earth and capitals and large cities from GeoNames
(``data/labels/labels.csv``, built by ``scripts/build_labels.py``); every
map names the terminals, ports and crossings it draws. Each label shows from
its zoom on; the page places them in order of rank, each at the first of a
few spots beside its point where it overlaps no label already placed, and
hides it where there is none. So a
lower-ranked label gives way to a higher-ranked one.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from branca.element import MacroElement
from folium.template import Template

from .. import settings
from ._html import js, text

if TYPE_CHECKING:
    import pandas as pd

KINDS: tuple[str, ...] = ("sea", "country", "capital", "city", "place")
"""Label kinds, each styled by CSS class ``cm-label-KIND``."""

KIND_RANK: dict[str, float] = {"sea": 0.0, "country": 0.5, "capital": 0.2, "city": 1.0,
                               "place": 0.0}
"""Added to a label's own rank: a sea or a capital wins over a town of the same rank."""

NODE_LABELS: dict[str, tuple[float, float]] = {
    "terminal": (4.0, 1.0), "port": (4.0, 1.5), "city": (4.0, 2.0),
    "border_crossing": (6.0, 2.5), "gauge_break": (6.0, 2.5), "landfall": (6.0, 3.0),
    "junction": (7.0, 4.0), "pump_station": (8.0, 5.0), "compressor_station": (8.0, 5.0),
}
"""Node kind to (zoom its names show from, rank) for the places a map draws."""

SAME_PLACE_DEG = 0.2
"""A basemap town this close to a drawn place of the same name is that place (one label)."""

LABEL_CSS = """
.cm-label-icon{pointer-events:none;}
.cm-label{position:absolute;left:0;top:0;white-space:nowrap;pointer-events:none;
 font:11px/1.15 system-ui,sans-serif;color:#333;
 text-shadow:0 0 2px #fff,0 0 2px #fff,0 0 3px #fff,0 0 4px #fff;}
.cm-label-country{font-size:12px;letter-spacing:.06em;text-transform:uppercase;color:#6b6357;}
.cm-label-sea{font-size:12px;font-style:italic;color:#2f6690;letter-spacing:.03em;}
.cm-label-capital{font-weight:600;font-size:12px;}
.cm-label-place{font-weight:600;color:#1a1a1a;}
.cm-label-dot{position:absolute;left:-2.5px;top:-2.5px;width:5px;height:5px;border-radius:50%;
 background:#555;border:1px solid #fff;box-sizing:content-box;pointer-events:none;}
@media (max-width:700px){.cm-label{font-size:10.5px;}
 .cm-label-country,.cm-label-sea,.cm-label-capital{font-size:11px;}}
"""


def labels_path() -> Path:
    """The basemap's labels: ``data/labels/labels.csv`` of the data directory in force."""
    return settings.resolved_data_dir() / "labels" / "labels.csv"


@lru_cache(maxsize=4)
def _read(path: Path) -> pd.DataFrame:
    import pandas as pd

    return pd.read_csv(path)


def base_labels() -> list[list[Any]]:
    """Labels of the basemap: ``[name, lat, lng, kind, min zoom, max zoom, rank, None, more]``.

    The name is escaped; ``more`` lists other ``[lat, lng]`` a sea may be
    labelled at, when its first point is out of view.

    Examples
    --------
    >>> next(r for r in base_labels() if r[0] == "Caspian Sea")[3]
    'sea'

    """
    df = _read(labels_path())
    out = []
    for r in df.itertuples():
        row = [text(r.name), float(r.lat), float(r.lon), r.kind, float(r.min_zoom),
               float(r.max_zoom), round(float(r.rank) + KIND_RANK[r.kind], 2)]
        if isinstance(r.more, str) and r.more:
            row += [None, [[float(v) for v in p.split()] for p in r.more.split(";")]]
        out.append(row)
    return out


def short_name(name: str, aliases: Any = None) -> str:
    """The name a place is labelled with: its first alias where the name holds it.

    The popup gives the full name; the map needs room.

    Examples
    --------
    >>> short_name("Ceyhan Marine Terminal", "Ceyhan;Haydar Aliyev terminal")
    'Ceyhan'
    >>> short_name("Poti", "Poti port"), short_name("Batumi", "Batum")
    ('Poti', 'Batumi')

    """
    import re

    first = str(aliases).split(";")[0].strip() if isinstance(aliases, str) else ""
    whole_word = first and re.search(rf"(?<!\w){re.escape(first)}(?!\w)", name)
    return first if whole_word and len(first) < len(name) else name


def node_labels(nodes: pd.DataFrame) -> list[list[Any]]:
    """Labels of drawn places (a table of nodes with ``name``, ``kind``, ``aliases``, points)."""
    xy = nodes.geometry.get_coordinates().to_numpy()
    aliases = nodes["aliases"] if "aliases" in nodes.columns else [None] * len(nodes)
    out = []
    for (x, y), name, kind, also in zip(xy, nodes["name"], nodes["kind"], aliases):
        start, rank = NODE_LABELS.get(str(kind), (8.0, 5.0))
        out.append([text(short_name(str(name), also)), round(float(y), 4), round(float(x), 4),
                    "place", start, 18.0, rank])
    return out


def _merge(base: list[list[Any]], places: list[list[Any]]) -> list[list[Any]]:
    """Base labels less the towns that are drawn places, then the places; by rank."""
    drawn = [(p[0], p[1], p[2]) for p in places]
    kept = [b for b in base if not (b[3] in ("capital", "city") and any(
        b[0] == n and abs(b[1] - lat) < SAME_PLACE_DEG and abs(b[2] - lng) < SAME_PLACE_DEG
        for n, lat, lng in drawn))]
    return sorted(kept + places, key=lambda r: (r[6], r[4], r[0]))


class Labels(MacroElement):
    """The labels of one map, placed again after every zoom and move.

    Basemap labels are written only in self-contained pages (web tiles name
    places themselves); labels of drawn places in every page. A place's
    label hides with its layer. In the page, ``labels.visible()`` lists the
    labels shown.

    Parameters
    ----------
    base : bool, default True
        Write the basemap's labels (in self-contained pages).

    """

    _template = Template("""
        {% macro header(this, kwargs) %}<style>{{ this.css }}</style>{% endmacro %}
        {% macro script(this, kwargs) %}
var {{ this.get_name() }} = (function (map) {
  var data = {{ this.data(kwargs.offline) }};
  var layers = [{% for layer in this.layers %}{{ layer.get_name() }},{% endfor %}];
  {# a drawn place is labelled where its marker is, with its name or a shorter one: #}
  {# [layer, min zoom, rank, {marker index: short name}] #}
  {{ this.groups() }}.forEach(function (g) {
    layers[g[0]].getLayers().forEach(function (m, i) {
      var at = m.getLatLng();
      data.push([g[3][i] || m.getTooltip().getContent(), at.lat, at.lng, "place", g[1], 18,
                 g[2], g[0]]);
    });
  });
  data.sort(function (a, b) {
    return a[6] - b[6] || a[4] - b[4] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);
  });
  var pane = map.createPane("cm-labels");
  pane.style.zIndex = 450;
  pane.style.pointerEvents = "none";
  {# labels are built when first shown: most are out of view at any time #}
  var items = data.map(function (d) {
    var at = [[d[1], d[2]]].concat(d[8] || []);
    return {d: d, el: null, box: null, marker: null, w: 0, h: 0, shownAt: 0, at: at,
            bounds: L.latLngBounds(at), layer: typeof d[7] === "number" ? layers[d[7]] : null};
  });
  function build(it) {
    var d = it.d, el = document.createElement("span");
    el.className = "cm-label cm-label-" + d[3];
    el.innerHTML = d[0];  {# escaped when the page was written #}
    var html = document.createElement("div");
    if (d[3] === "capital" || d[3] === "city") {
      var dot = document.createElement("i");
      dot.className = "cm-label-dot";
      html.appendChild(dot);
    }
    html.appendChild(el);
    it.el = el; it.box = html;
    it.marker = L.marker([d[1], d[2]], {pane: "cm-labels", interactive: false,
      keyboard: false, icon: L.divIcon({className: "cm-label-icon", html: html,
                                        iconSize: [0, 0]})});
  }
  function drawn(it) { return it.marker !== null && map.hasLayer(it.marker); }
  function overlaps(a, list) {
    for (var i = 0; i < list.length; i++) {
      var b = list[i];
      if (a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3]) return true;
    }
    return false;
  }
  function obstacles() {  {# no label under a control, the title or a panel #}
    var origin = map.getContainer().getBoundingClientRect(), out = [];
    var els = map.getContainer().querySelectorAll(".leaflet-control");
    [].slice.call(els).concat([].slice.call(document.querySelectorAll(".cm-title")))
      .forEach(function (c) {
        var r = c.getBoundingClientRect();
        if (r.width) out.push([r.left - origin.left, r.top - origin.top,
                               r.right - origin.left, r.bottom - origin.top]);
      });
    return out;
  }
  function place() {
    var z = map.getZoom(), size = map.getSize(), taken = obstacles();
    var view = map.getBounds().pad(0.1);
    items.forEach(function (it) {
      var on = z >= it.d[4] && z <= it.d[5] && (!it.layer || map.hasLayer(it.layer)) &&
               view.intersects(it.bounds);
      if (on && !it.marker) build(it);
      if (on && !map.hasLayer(it.marker)) it.marker.addTo(map);
      if (!on && drawn(it)) it.marker.remove();
    });
    {# each label is measured once (its box does not change with the zoom), all reads #}
    {# before any write, so that the page is laid out once #}
    items.forEach(function (it) {
      if (!it.w && drawn(it)) { it.w = it.el.offsetWidth; it.h = it.el.offsetHeight; }
    });
    var centre = map.latLngToContainerPoint(map.getCenter());
    items.forEach(function (it) {
      if (!drawn(it)) return;
      var w = it.w, h = it.h, area = it.d[3] === "country" || it.d[3] === "sea";
      var gap = it.d[3] === "place" ? 8 : 5;
      var spots = area ? [[-w / 2, -h / 2]] :
        [[gap, -h / 2], [-gap - w, -h / 2], [-w / 2, -gap - h], [-w / 2, gap]];
      {# a sea with several points is labelled at the one in view nearest the centre #}
      var points = it.at.map(function (ll) { return map.latLngToContainerPoint(ll); });
      var order = points.map(function (p, i) { return i; });
      if (points.length > 1) order.sort(function (a, b) {
        return points[a].distanceTo(centre) - points[b].distanceTo(centre); });
      var shown = false;
      for (var k = 0; k < order.length && !shown; k++) {
        var p = points[order[k]];
        for (var i = 0; i < spots.length && !shown; i++) {
          var x = p.x + spots[i][0], y = p.y + spots[i][1];
          var box = [x - 1, y - 1, x + w + 1, y + h + 1];
          if (box[0] < 0 || box[1] < 0 || box[2] > size.x || box[3] > size.y) continue;
          if (!overlaps(box, taken)) {
            taken.push(box);
            if (!area) taken.push([p.x - 3, p.y - 3, p.x + 3, p.y + 3]);
            if (order[k] !== it.shownAt) {
              it.marker.setLatLng(it.at[order[k]]);
              it.shownAt = order[k];
            }
            it.el.style.transform = "translate(" + spots[i][0] + "px," + spots[i][1] + "px)";
            shown = true;
          }
        }
      }
      it.box.style.display = shown ? "" : "none";
    });
  }
  map.on("zoomend moveend resize overlayadd overlayremove", place);
  map.whenReady(place);
  return {place: place, visible: function () {
    return items.filter(function (it) {
      return drawn(it) && it.box.style.display !== "none";
    }).map(function (it) { return it.el; });
  }};
})({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self, *, base: bool = True) -> None:
        super().__init__()
        self._name = "Labels"
        self.base = base
        self.layers: list = []
        self.places: list[list[Any]] = []
        self._groups: list[list[Any]] = []
        self.css = LABEL_CSS.replace("</", "<\\/")

    def add_places(self, layer: Any, nodes: pd.DataFrame) -> None:
        """Label the places drawn by ``layer``, in the order of its markers (hidden with it).

        The page takes their names and points from the markers; only a
        shorter name (:func:`short_name`) is written for the labels.
        """
        index = len(self.layers)
        self.layers.append(layer)
        labels = node_labels(nodes)
        self.places += [[*label, index] for label in labels]
        short = {i: label[0] for i, (label, name) in enumerate(zip(labels, nodes["name"]))
                 if label[0] != text(name)}
        start, rank = NODE_LABELS.get(str(nodes["kind"].iloc[0]), (8.0, 5.0)) if len(nodes) \
            else (8.0, 5.0)
        self._groups.append([index, start, rank, short])

    def groups(self) -> str:
        """The drawn places' labels as JSON (see :meth:`add_places`)."""
        return js(self._groups)

    def data(self, offline: bool = False) -> str:
        """The basemap's labels as JSON, less the towns that are drawn places."""
        base = base_labels() if offline and self.base else []
        drawn = set(id(p) for p in self.places)
        return js([r for r in _merge(base, self.places) if id(r) not in drawn])
