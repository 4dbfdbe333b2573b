"""Unit conversions for capacities and flows.

Factors are declared in ``data/units.json`` with their sources.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from . import settings

__all__ = ["bbl_per_day_to_mt_per_year", "bcm_per_year_to_mcm_per_day",
           "mcm_per_day_to_bcm_per_year", "mt_per_year_to_bbl_per_day"]


@lru_cache(maxsize=2)
def _factors(data_dir: str) -> dict:
    return json.loads((Path(data_dir) / "units.json").read_text(encoding="utf-8"))


def _factor(name: str) -> float:
    return float(_factors(str(settings.resolved_data_dir()))[name]["value"])


def bcm_per_year_to_mcm_per_day(bcm: float) -> float:
    """Convert billion cubic metres a year to million cubic metres a day.

    Examples
    --------
    >>> round(bcm_per_year_to_mcm_per_day(10), 2)
    27.4

    """
    return bcm * 1000.0 / _factor("days_per_year")


def mcm_per_day_to_bcm_per_year(mcm: float) -> float:
    """Convert million cubic metres a day to billion cubic metres a year.

    Examples
    --------
    >>> round(mcm_per_day_to_bcm_per_year(63.1), 1)
    23.0

    """
    return mcm * _factor("days_per_year") / 1000.0


def bbl_per_day_to_mt_per_year(bbl: float, *, barrels_per_tonne: float | None = None) -> float:
    """Convert barrels of crude a day to million tonnes a year.

    Parameters
    ----------
    bbl : float
        Barrels a day.
    barrels_per_tonne : float, optional
        Density factor; by default 7.32 bbl/t, crude of average specific gravity (UNSD).

    Examples
    --------
    >>> round(bbl_per_day_to_mt_per_year(1_000_000), 1)
    49.9

    """
    per_t = barrels_per_tonne or _factor("barrels_per_tonne_crude")
    return bbl * _factor("days_per_year") / per_t / 1e6


def mt_per_year_to_bbl_per_day(mt: float, *, barrels_per_tonne: float | None = None) -> float:
    """Convert million tonnes of crude a year to barrels a day.

    Examples
    --------
    >>> round(mt_per_year_to_bbl_per_day(50))
    1002740

    """
    per_t = barrels_per_tonne or _factor("barrels_per_tonne_crude")
    return mt * 1e6 * per_t / _factor("days_per_year")
