"""Sourced data, route comparisons and offline maps for Caspian and Eurasian corridors.

The public API is module-level and loads its heavy dependencies on first use:

>>> import corridors
>>> corridors.load("btc").crs.to_epsg()
4326
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# name -> module that defines it; imported on first access (PEP 562).
_API: dict[str, str] = {
    "datasets": "catalogue",
    "load": "io",
    "nodes": "io",
    "export": "io",
    "sources": "tables",
    "figures": "tables",
    "units": "units",
    "settings": "settings",
    "exceptions": "exceptions",
    "corridor_map": "mapping",
    "gas_map": "mapping",
    "comparison_map": "mapping",
    "save_html": "mapping",
    "save_png": "mapping",
    "compare": "comparison",
    "route": "comparison",
    "matrix": "matrix",
    "corridor_graph": "network.curated",
    "load_assumptions": "assumptions",
}

__all__ = sorted(_API)

if TYPE_CHECKING:  # for type checkers and IDEs; at run time see __getattr__
    from . import exceptions, settings, units  # noqa: F401
    from .catalogue import datasets  # noqa: F401
    from .io import export, load, nodes  # noqa: F401
    from .tables import figures, sources  # noqa: F401


def __getattr__(name: str) -> Any:
    module = _API.get(name)
    if module is None:
        raise AttributeError(f"module 'corridors' has no attribute {name!r}")
    mod = importlib.import_module(f".{module}", __name__)
    value = mod if module == name else getattr(mod, name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
