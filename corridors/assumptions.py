"""Transit-time and emission assumptions, read from a sourced JSON file.

The default file is ``data/assumptions.json``: mode speeds, dwell times at
borders, gauge breaks and ports, emission factors per tonne-km and customs
unions, each value with the ids of its sources in ``data/sources.csv``. A
user's own file in the same layout can replace it.
"""

from __future__ import annotations

import math
import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from . import settings
from .exceptions import DataError
from .schema import MODES

DWELL_KINDS: tuple[str, ...] = ("border", "gauge_break", "port")
"""Kinds of stop with a dwell time: a customs border, a change of gauge, a change of mode."""

TIMED_MODES: tuple[str, ...] = tuple(m for m in MODES if not m.endswith("_pipeline"))
"""Modes a comparison times, each of which needs a speed: every mode but pipelines."""

SPEED_BOUNDS: tuple[float, float] = (0.1, 1000.0)
"""Lowest and highest speed an assumptions file may give, in km/h."""

DWELL_BOUNDS: tuple[float, float] = (0.0, 30 * 24.0)
"""Shortest and longest dwell an assumptions file may give, in hours (30 days at most)."""

LEVELS: tuple[str, ...] = ("low", "central", "high")
"""The three values of a range; ``low`` gives the shortest transit time."""


@dataclass(frozen=True)
class Assumptions:
    """The assumptions in force for a comparison.

    Attributes
    ----------
    path : pathlib.Path
        The file they were read from.
    speed_km_per_h : dict
        Mode to (slowest, central, fastest) speed in km/h.
    dwell_h : dict
        ``border``, ``gauge_break`` and ``port`` to (shortest, central,
        longest) dwell in hours.
    co2_g_per_tkm : dict
        Mode to grams of CO2 per tonne-km.
    customs_unions : tuple of frozenset
        Groups of ISO3 codes between which no border dwell is charged.
    rail_regions : dict
        ISO3 code to its region's rail speeds (slowest, central, fastest)
        and the kinds of dwell (``border``, ``gauge_break``) they include;
        rail elsewhere runs at ``speed_km_per_h["rail"]``.
    crossing_h : dict
        Segment id of a ferry to its crossing time in hours (shortest,
        central, longest), whether that includes loading and unloading, and
        its departures a week (``None`` where unknown).

    """

    path: Path
    speed_km_per_h: dict[str, tuple[float, float, float]]
    dwell_h: dict[str, tuple[float, float, float]]
    co2_g_per_tkm: dict[str, float]
    customs_unions: tuple[frozenset[str], ...]
    rail_regions: dict[str, tuple[tuple[float, float, float], frozenset[str]]] = field(
        default_factory=dict)
    crossing_h: dict[str, tuple[tuple[float, float, float], bool, float | None]] = field(
        default_factory=dict)

    def rail_speed(self, country: str | None) -> tuple[float, float, float]:
        """Rail speeds (slowest, central, fastest) in a country, in km/h.

        Examples
        --------
        >>> a = load_assumptions()
        >>> a.rail_speed("KAZ"), a.rail_speed("UZB")
        ((39.2, 44.1, 50.0), (16.8, 19.0, 45.0))

        """
        if country in self.rail_regions:
            return self.rail_regions[country][0]
        return self.speed_km_per_h["rail"]

    def dwell_included(self, country: str | None, kind: str) -> bool:
        """Whether the rail speeds in a country already include dwell of a kind.

        Examples
        --------
        >>> a = load_assumptions()
        >>> a.dwell_included("GEO", "border"), a.dwell_included("GEO", "gauge_break")
        (True, False)

        """
        return country in self.rail_regions and kind in self.rail_regions[country][1]

    def ferry_wait_h(self, segment: str) -> tuple[float, float, float]:
        """Hours waiting for a ferry's next departure: none, half the interval, all of it.

        Examples
        --------
        >>> load_assumptions().ferry_wait_h("mc-caspian-aktau-alat")
        (0.0, 16.8, 33.6)

        """
        per_week = self.crossing_h.get(segment, (None, False, None))[2]
        if not per_week:
            return (0.0, 0.0, 0.0)
        interval = 168.0 / per_week
        return (0.0, round(interval / 2, 6), round(interval, 6))

    @property
    def label(self) -> str:
        """What a comparison cites for its assumptions.

        The shipped file is named with the package's version, a file of the
        user's own by its name: neither by the directory it is in, so that a
        file handed to others carries no home directory.

        Examples
        --------
        >>> load_assumptions().label
        'corridors 0.1.0, data/assumptions.json'

        """
        from . import __version__

        if self.path == default_path().absolute():
            return f"corridors {__version__}, data/assumptions.json"
        return self.path.name

    def check_speeds(self, modes: Iterable[str]) -> None:
        """Say which of ``modes`` a comparison would time without a speed.

        Raises
        ------
        corridors.exceptions.DataError
            Naming the file and the first mode of ``TIMED_MODES`` among
            ``modes`` that has no speed (pipelines are not timed).

        Examples
        --------
        >>> load_assumptions().check_speeds(["rail", "gas_pipeline"])

        """
        for mode in modes:
            if mode in TIMED_MODES and mode not in self.speed_km_per_h:
                raise DataError("has no speed for this mode, which routes may take",
                                path=self.path, field=f"speed_km_per_h.{mode}")

    def customs_border(self, a: str, b: str) -> bool:
        """Whether goods clear customs going from country ``a`` to ``b``.

        Examples
        --------
        >>> a = load_assumptions()
        >>> a.customs_border("POL", "DEU"), a.customs_border("BLR", "POL")
        (False, True)

        """
        return a != b and not any(a in u and b in u for u in self.customs_unions)


def default_path() -> Path:
    """The shipped assumptions file.

    Examples
    --------
    >>> default_path().name
    'assumptions.json'

    """
    return settings.resolved_data_dir() / "assumptions.json"


def load_assumptions(path: str | Path | None = None) -> Assumptions:
    """Read and check an assumptions file.

    Parameters
    ----------
    path : str or pathlib.Path, optional
        A JSON file in the layout of ``data/assumptions.json``; the shipped
        file by default.

    Returns
    -------
    Assumptions

    Raises
    ------
    corridors.exceptions.DataError
        Naming the file and the key of the first bad value: not a finite
        number, out of bounds (``SPEED_BOUNDS``, ``DWELL_BOUNDS``), out of
        order (low > central > high), without a known source.

    Examples
    --------
    >>> a = load_assumptions()
    >>> a.speed_km_per_h["rail"][1], a.dwell_h["border"][1]
    (19.0, 23.0)

    """
    p = Path(path) if path is not None else default_path()
    try:
        st = os.stat(p)
    except OSError:
        st = None
    if st is None or not stat.S_ISREG(st.st_mode):
        raise DataError("no such file", path=p)
    return _load(p if p.is_absolute() else p.absolute(), st.st_mtime_ns)


@lru_cache(maxsize=8)
def _load(path: Path, _mtime: int) -> Assumptions:
    from .io import _utf8, parse_json
    from .tables import source_index, split_ids

    try:
        doc = parse_json(_utf8(path), path)
    except OSError as exc:
        raise DataError(f"cannot be read: {exc.strerror or exc}", path=path) from None
    if not isinstance(doc, dict):
        raise DataError("must hold a JSON object", path=path)
    known_sources = source_index()

    def fail(key: str, message: str):
        raise DataError(message, path=path, field=key)

    def section(name: str) -> dict:
        value = doc.get(name)
        if not isinstance(value, dict):
            fail(name, "is missing or not an object")
        return value

    def cited(key: str, entry: object) -> dict:
        if not isinstance(entry, dict):
            fail(key, "must be an object")
        ids = split_ids(entry.get("source_ids"))
        if not ids:
            fail(f"{key}.source_ids", "is empty; every value needs a source")
        for i in ids:
            if i not in known_sources:
                fail(f"{key}.source_ids", f"source id {i!r} is not in sources.csv")
        return entry

    def number(key: str, value: object, bounds: tuple[float, float] = (0.0, math.inf)) -> float:
        if (
            isinstance(value, bool)
            or not isinstance(value, (int, float))
            or not math.isfinite(value)
            or value < 0
        ):
            fail(key, f"{value!r} is not a finite, non-negative number")
        if not bounds[0] <= value <= bounds[1]:
            fail(key, f"{value:g} is out of bounds; expected {bounds[0]:g} to {bounds[1]:g}")
        return float(value)

    def ranged(key: str, entry: dict, bounds: tuple[float, float] = (0.0, math.inf)
               ) -> tuple[float, float, float]:
        lo, mid, hi = (number(f"{key}.{lv}", entry.get(lv), bounds) for lv in LEVELS)
        if not lo <= mid <= hi:
            fail(key, f"needs low <= central <= high, got {lo:g}, {mid:g}, {hi:g}")
        return lo, mid, hi

    speed = {}
    for mode, entry in section("speed_km_per_h").items():
        key = f"speed_km_per_h.{mode}"
        if mode not in MODES:
            fail(key, f"unknown mode; expected one of {', '.join(MODES)}")
        speed[mode] = ranged(key, cited(key, entry), SPEED_BOUNDS)
    dwell = {}
    given = section("dwell_h")
    for kind in DWELL_KINDS:
        key = f"dwell_h.{kind}"
        dwell[kind] = ranged(key, cited(key, given.get(kind)), DWELL_BOUNDS)
    co2 = {}
    for mode, entry in section("co2_g_per_tkm").items():
        key = f"co2_g_per_tkm.{mode}"
        if mode not in MODES:
            fail(key, f"unknown mode; expected one of {', '.join(MODES)}")
        co2[mode] = number(f"{key}.value", cited(key, entry).get("value"))
    unions = []
    for name, entry in section("customs_unions").items():
        key = f"customs_unions.{name}"
        members = cited(key, entry).get("members")
        if not isinstance(members, list) or not all(
            isinstance(m, str) and len(m) == 3 and m.isupper() for m in members
        ):
            fail(f"{key}.members", "must be a list of ISO 3166-1 alpha-3 codes")
        unions.append(frozenset(members))
    regions: dict[str, tuple[tuple[float, float, float], frozenset[str]]] = {}
    for name, entry in (doc.get("rail_speed_by_region") or {}).items():
        key = f"rail_speed_by_region.{name}"
        lo, mid, hi = ranged(key, cited(key, entry))
        if lo == 0:
            fail(f"{key}.low", "a speed must be above 0")
        members = entry.get("countries")
        if not isinstance(members, list) or not all(
            isinstance(m, str) and len(m) == 3 and m.isupper() for m in members
        ):
            fail(f"{key}.countries", "must be a list of ISO 3166-1 alpha-3 codes")
        includes = entry.get("includes", [])
        if not isinstance(includes, list) or not set(includes) <= {"border", "gauge_break"}:
            fail(f"{key}.includes", "must list border and gauge_break, or neither")
        for m in members:
            if m in regions:
                fail(f"{key}.countries", f"{m} is in two regions")
            regions[m] = ((lo, mid, hi), frozenset(includes))
    crossings: dict[str, tuple[tuple[float, float, float], bool, float | None]] = {}
    for seg, entry in (doc.get("crossing_h") or {}).items():
        key = f"crossing_h.{seg}"
        lo, mid, hi = ranged(key, cited(key, entry))
        if lo == 0:
            fail(f"{key}.low", "a crossing takes some time")
        per_week = entry.get("departures_per_week")
        if per_week is not None:
            per_week = number(f"{key}.departures_per_week", per_week)
            if per_week == 0:
                fail(f"{key}.departures_per_week", "a ferry that never sails is no crossing")
        crossings[seg] = ((lo, mid, hi), bool(entry.get("includes_port_time")), per_week)
    return Assumptions(path, speed, dwell, co2, tuple(unions), regions, crossings)
