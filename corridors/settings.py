"""Settings, read at call time.

Change a value by assigning to it (``corridors.settings.precision = 4``); every
function reads the current value when it runs, as in osmnx.

Attributes
----------
data_dir : pathlib.Path or None
    Where the curated data live. ``None`` means the data shipped with the
    package (or ``data/`` of a source checkout). The environment variable
    ``CORRIDORS_DATA_DIR`` overrides it.
exposure_countries : tuple of str
    ISO 3166-1 alpha-3 codes whose kilometres count as exposure in route
    comparisons.
densify_km : float
    Longest straight piece, in km, of a great-circle line drawn between two
    named places.
precision : int
    Decimal places of coordinates written to HTML maps (5 is about 1 m).
simplify_m : float
    Tolerance, in metres, of the line simplification applied to HTML maps.
    No vertex moves further than this.
named_route_detour : float
    A named route (``data/routes.json``) is compared only where passing
    through its places is at most this many times the great-circle distance
    from origin to destination, both measured along great circles: the
    maritime route via Shanghai is compared for Xi'an to Duisburg (1.3 times)
    but not for Baku to Poti (26 times). ``math.inf`` compares every one.
snap_max_km : float
    Farthest, in km, that a place off the network (``lat,lon``, a town
    found in GeoNames) snaps to the nearest node of an allowed mode's
    network; farther is an error, not a comparison from somewhere else.
    The snap is counted in the route's kilometres, time and countries.
    ``math.inf`` snaps from anywhere.
terminal_snap_km : float
    The same limit where no allowed mode has a base network (pipelines,
    sea): oil and gas enter a pipeline only at its terminals, so a city
    names the terminal that serves it (Baku by oil is Sangachal, 42 km).
base_networks : bool
    Join the base rail (and for road, road) networks of OpenStreetMap
    under the curated corridors (:mod:`corridors.network.base`). Off, only
    the curated corridors are routed.
cache_dir : pathlib.Path or None
    Where the built corridor network is kept between runs, keyed by a hash
    of its data, the user's files and the code that builds it. ``None``
    means ``$XDG_CACHE_HOME/corridors`` (``~/.cache/corridors``).
use_cache : bool
    Read and write that cache: a command-line comparison then skips the
    three seconds or so of building the network.
cache_files_kept : int
    How many files of each kind the cache keeps (the network over the base
    rail network is one kind; each set of your own files makes another
    file of it). Writing a new one removes the least recently used beyond
    this number.
hierarchy_after : int or None
    After this many searches for routes without vias under one set of
    constraints (6 to 16 ms each on the base rail network), a router
    answers the next such routes under them by a contraction hierarchy
    (scgraph's, well under 1 ms a route), built once (about 7 s) and kept in the
    cache (about 0.7 s to load): a session long enough to get there gains
    it back. The routes are the same. ``None`` never builds one; ``0``
    builds it for the first route.
chromium : str
    Path of the Chromium executable used for PNG screenshots and browser tests.

"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

data_dir: Path | None = None
exposure_countries: tuple[str, ...] = ("RUS", "BLR", "IRN")
densify_km: float = 20.0
precision: int = 4
simplify_m: float = 50.0
named_route_detour: float = 2.5
snap_max_km: float = 25.0
terminal_snap_km: float = 100.0
base_networks: bool = True
cache_dir: Path | None = None
use_cache: bool = True
cache_files_kept: int = 4
hierarchy_after: int | None = 500
chromium: str = "/usr/bin/chromium"


def resolved_data_dir() -> Path:
    """Return the data directory in force now.

    Returns
    -------
    pathlib.Path
        ``settings.data_dir``, else ``$CORRIDORS_DATA_DIR``, else the data
        inside the installed package, else ``data/`` beside the package in a
        source checkout.

    Examples
    --------
    >>> from corridors import settings
    >>> (settings.resolved_data_dir() / "catalogue.json").is_file()
    True

    """
    if data_dir is not None:
        return Path(data_dir)
    env = os.environ.get("CORRIDORS_DATA_DIR")
    if env:
        return Path(env)
    return _packaged_data_dir()


@lru_cache(maxsize=1)
def _packaged_data_dir() -> Path:
    """The data inside the installed package (a wheel), else ``data/`` of the checkout."""
    here = Path(__file__).resolve().parent
    packaged = here / "data"
    return packaged if packaged.is_dir() else here.parent / "data"


def resolved_cache_dir() -> Path:
    """Return the cache directory in force now (see ``cache_dir``).

    Examples
    --------
    >>> from corridors import settings
    >>> settings.resolved_cache_dir().is_absolute()
    True

    """
    if cache_dir is not None:
        return Path(cache_dir)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "corridors"
