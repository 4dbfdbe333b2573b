"""Interactive maps of the corridors, and their export as HTML or PNG.

Maps are folium maps (they show inline in Jupyter); :func:`save_html` writes
them deterministically and atomically, online or fully self-contained.
"""

from __future__ import annotations

from .comparison_map import comparison_map
from .corridor_map import corridor_map
from .gas_map import gas_map
from .save import save_html, save_png

__all__ = ["comparison_map", "corridor_map", "gas_map", "save_html", "save_png"]
