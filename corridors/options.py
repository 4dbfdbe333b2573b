"""The options of a comparison, as one frozen object."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields
from pathlib import Path


def _items(value: Iterable[str] | str | None) -> tuple[str, ...] | None:
    """A sequence as a tuple; a lone string is one item, not a sequence of letters."""
    if value is None:
        return None
    if isinstance(value, (str, Path)):
        return (str(value),)
    return tuple(str(v) for v in value)


@dataclass(frozen=True)
class Options:
    """What a comparison asks for, besides its two places.

    Attributes
    ----------
    via : tuple of str
        Places to pass through, in order: adds a row for that route.
    modes : tuple of str, optional
        Allowed modes; rail, ferry and sea by default (road when asked for).
    avoid_countries : tuple of str
        ISO3 codes no route may enter.
    avoid_passages : tuple of str
        Straits and canals no route may traverse.
    allow_passages : tuple of str
        Passages avoided by default that may be taken: ``volga-don``.
    avoid : tuple of str
        Curated segments, systems (``BTK``, ``Marmaray``) or places (a port,
        a border crossing) no route may use: a scenario's closures.
    reopen : tuple of str
        Closed crossings (``data/closures.csv``) taken as open.
    fastest : bool
        Choose routes by central transit time instead of kilometres.
    exposure : tuple of str, optional
        Countries whose kilometres count as exposure;
        ``settings.exposure_countries`` by default.

    Examples
    --------
    >>> Options.of(modes="rail", avoid_countries=["RUS"]).modes
    ('rail',)

    """

    via: tuple[str, ...] = ()
    modes: tuple[str, ...] | None = None
    avoid_countries: tuple[str, ...] = ()
    avoid_passages: tuple[str, ...] = ()
    allow_passages: tuple[str, ...] = ()
    avoid: tuple[str, ...] = ()
    reopen: tuple[str, ...] = ()
    fastest: bool = False
    exposure: tuple[str, ...] | None = None

    @classmethod
    def of(cls, **given) -> Options:
        """Options from keywords, each sequence as a tuple (a lone string is one item)."""
        known = {f.name: f.default for f in fields(cls)}
        unknown = sorted(set(given) - set(known))
        if unknown:
            raise TypeError(f"unknown option {unknown[0]!r}")
        out = {}
        for key, value in given.items():
            if key == "fastest":
                out[key] = bool(value)
            elif value is not None or known[key] is None:
                out[key] = _items(value)
        return cls(**out)
