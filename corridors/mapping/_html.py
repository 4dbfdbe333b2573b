"""HTML plumbing: escaping data, JSON for scripts, deterministic rendering."""

from __future__ import annotations

import copy
import html
import json
import math
import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import folium
    from branca.element import Element

# branca renders what an element's template produced as a template once more,
# so a "{{", "{%" or "{#" from data would run as Jinja. Braces from data are
# therefore never written as they are in HTML (character references), and in
# JSON strings a "{" that would open a Jinja tag is written as a \u escape.
_BRACES = str.maketrans({"{": "&#123;", "}": "&#125;"})
_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_JINJA_OPEN = re.compile(r"\{(?=[{%#])")
# Inside <script>, only "</" (which could close the element) and "<!" (which
# could open a comment that hides the closing tag) are special.
_SCRIPT_END = re.compile(r"<(?=[/!])")
_BLANK_LINES = re.compile(r"\n[ \t]*(?=\n)")  # the templates leave many
# ...and indent every line; no text of the page (HTML, CSS, scripts, JSON on one line each)
# keeps meaning in the spaces a line starts with. Vendored scripts are inlined after.
_INDENT = re.compile(r"\n[ \t]+")


def text(value: Any) -> str:
    """Escape a value from data for HTML; nulls become an empty string.

    Besides HTML, braces are escaped, so that no text is read as a template.

    Examples
    --------
    >>> text("<img src=x onerror=alert(1)>")
    '&lt;img src=x onerror=alert(1)&gt;'
    >>> text("{{ 7*7 }}")
    '&#123;&#123; 7*7 &#125;&#125;'

    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if type(value).__name__ == "NAType":
        return ""
    return html.escape(str(value), quote=True).translate(_BRACES)


def link(url: Any, label: Any) -> str:
    """An ``<a>`` to ``url`` showing ``label``; plain text unless ``url`` is http(s).

    Maps open such links in a new tab (``controls.NewTabLinks``).

    Examples
    --------
    >>> link("javascript:alert(1)", "x")
    'x'

    """
    target = text(url)
    if not target.lower().startswith(("https://", "http://")):
        return text(label)
    return f'<a href="{target}">{text(label)}</a>'


def js(obj: Any) -> str:
    r"""JSON that is safe inside a ``<script>`` element and in a template.

    Examples
    --------
    >>> js({"n": "</script>"})
    '{"n":"\\u003c/script>"}'
    >>> js(["{{ x }}", "{a}"])
    '["\\u007b{ x }}","{a}"]'

    """
    out = _SCRIPT_END.sub(r"\\u003c", json.dumps(obj, ensure_ascii=False, separators=(",", ":"),
                                                  allow_nan=False))
    return _JSON_STRING.sub(lambda m: _JINJA_OPEN.sub(r"\\u007b", m.group(0)), out)


def _assign_ids(root: Element) -> None:
    """Number every element of the tree in order, replacing branca's random ids.

    What an earlier render added (the ``addTo`` calls of layers, which hold
    the old names) is dropped; rendering adds it again.
    """
    from collections import deque

    from folium.elements import ElementAddToElement

    queue, n = deque([root]), 0  # breadth first, as before: the same ids for the same map
    while queue:
        element = queue.popleft()
        element._id = str(n)
        n += 1
        for key in [k for k, c in element._children.items()
                    if isinstance(c, ElementAddToElement)]:
            del element._children[key]
        queue.extend(element._children.values())


def render(m: folium.Map, *, offline: bool = False) -> str:
    """Render a map to a complete HTML page, byte-identical for the same map.

    The map is copied into a fresh figure, so that what an earlier render
    (in a notebook, say) left in the figure is not repeated.

    Parameters
    ----------
    m : folium.Map
        The map.
    offline : bool, default False
        Inline every script and stylesheet and draw the vector basemap in
        place of web tiles.

    Returns
    -------
    str

    """
    from branca.element import Figure

    from ._assets import inline_assets

    parent, m._parent = m._parent, None
    try:
        twin = copy.deepcopy(m)
    finally:
        m._parent = parent
    figure = Figure(title=getattr(parent, "title", None))
    figure.add_child(twin)
    _assign_ids(figure)
    page = _INDENT.sub("\n", _BLANK_LINES.sub("\n", figure.render(offline=offline)))
    return inline_assets(page) if offline else page
