"""Closed border crossings, read from ``data/closures.csv``.

A closure names the two countries of a border, the modes it is closed to,
its status, since when, and its sources. Without a location it closes the
whole border to those modes (Armenia–Türkiye by rail); with one, only the
crossings within ``radius_km`` of it (Psou, on the Georgia–Russia border
through Abkhazia). Routing refuses a closed crossing unless a scenario
reopens it (``reopen``, ``--reopen ID``).
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass

from .. import settings


@dataclass(frozen=True)
class Closure:
    """A closed crossing.

    Attributes
    ----------
    id, name : str
    countries : tuple of str
        The two ISO3 codes of the border.
    modes : frozenset of str
        Modes it is closed to.
    status, since : str
        As the sources give them.
    lat, lon, radius_km : float or None
        Where, for a closure of some crossings only.
    source_ids : str
        Ids in ``data/sources.csv``.
    note : str

    """

    id: str
    name: str
    countries: tuple[str, str]
    modes: frozenset[str]
    status: str
    since: str
    lat: float | None
    lon: float | None
    radius_km: float | None
    source_ids: str
    note: str = ""

    def covers(self, lon: float, lat: float) -> bool:
        """Whether a crossing at (lon, lat) is one this closure closes.

        Examples
        --------
        >>> c = Closure("x", "X", ("GEO", "RUS"), frozenset({"road"}), "closed", "1992",
        ...             43.38, 40.0, 30.0, "s")
        >>> c.covers(40.01, 43.39), c.covers(44.6, 42.7)
        (True, False)

        """
        if self.lat is None or self.lon is None or self.radius_km is None:
            return True
        from ..geodesy import geod

        _, _, d = geod().inv(self.lon, self.lat, lon, lat)
        return d / 1000.0 <= self.radius_km


def closures() -> tuple[Closure, ...]:
    """The closed crossings of ``data/closures.csv``.

    Examples
    --------
    >>> c = {c.id: c for c in closures()}["arm-tur"]
    >>> c.countries, sorted(c.modes)
    (('ARM', 'TUR'), ['rail', 'road'])

    """
    path = settings.resolved_data_dir() / "closures.csv"
    with open(path, encoding="utf-8", newline="") as f:
        return tuple(_row(r) for r in csv.DictReader(f))


def _row(r: dict[str, str]) -> Closure:
    def num(key: str) -> float | None:
        v = (r.get(key) or "").strip()
        return float(v) if v and math.isfinite(float(v)) else None

    a, b = (c.strip() for c in r["countries"].split(";"))
    return Closure(
        r["id"], r["name"], (a, b), frozenset(m.strip() for m in r["modes"].split(";")),
        r["status"], r["since"], num("lat"), num("lon"), num("radius_km"), r["source_ids"],
        r.get("note") or "",
    )


@dataclass(frozen=True)
class PassengerLine:
    """A line freight does not use (a high-speed passenger line), near some places.

    Attributes
    ----------
    id, name, mode : str
    points : tuple of (lon, lat)
        Places on the line that only it serves.
    radius_km : float
        The base network's track within this distance of the points is the
        line's.
    source_ids : str

    """

    id: str
    name: str
    mode: str
    points: tuple[tuple[float, float], ...]
    radius_km: float
    source_ids: str


def passenger_lines() -> tuple[PassengerLine, ...]:
    """The lines of ``data/passenger_lines.csv``, which freight comparisons do not use.

    Examples
    --------
    >>> [line.id for line in passenger_lines()]
    ['tr-ankara-sivas-yht']

    """
    path = settings.resolved_data_dir() / "passenger_lines.csv"
    with open(path, encoding="utf-8", newline="") as f:
        return tuple(
            PassengerLine(r["id"], r["name"], r["mode"],
                          tuple(tuple(float(v) for v in p.split()) for p in r["points"].split(";")),
                          float(r["radius_km"]), r["source_ids"])
            for r in csv.DictReader(f))
