"""The headline of a route comparison: the figures a reader looks for first, as short text.

A comparison has seventeen metrics, several of them per country or per mode.
Terminal tables, Markdown and the panel of a comparison map show one line per
route with the figures below; CSV and JSON keep every metric at full
precision.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

HEADINGS: tuple[str, ...] = (
    "route", "km", "days", "borders", "mode changes", "gauge breaks", "straits and canals",
    "exposure km", "bottleneck", "CO2 kg/t",
)
"""Headings of :func:`headline`, in order."""

PASSAGE_NAMES: dict[str, str] = {
    "suez": "Suez Canal", "bab-el-mandeb": "Bab-el-Mandeb", "bosporus": "Bosporus",
    "dardanelles": "Dardanelles", "gibraltar": "Gibraltar", "hormuz": "Hormuz",
    "malacca": "Malacca", "sunda": "Sunda", "panama": "Panama Canal",
    "cape-of-good-hope": "Cape of Good Hope", "cape-horn": "Cape Horn",
    "northwest": "Northwest Passage", "bering": "Bering Strait", "volga-don": "Volga–Don",
}
"""How the straits and canals of :data:`corridors.network.sea.PASSAGES` are named to readers."""


def number(value: float) -> str:
    """Format a figure: thousands separators for large values, no trailing zeros.

    Examples
    --------
    >>> number(1200000.0), number(11.2), number(20.0)
    ('1,200,000', '11.2', '20')

    """
    return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:g}"


def figure(value: Any) -> str:
    """A measured figure rounded for reading: whole numbers from 100, else one decimal.

    Examples
    --------
    >>> figure(2515.14), figure(3.14159), figure(None)
    ('2,515', '3.1', '')

    """
    if value is None or value != value:  # None or NaN
        return ""
    return number(round(float(value), 0 if abs(value) >= 100 else 1))


def _days(rec: Mapping[str, Any]) -> str:
    central = figure(rec.get("days_central"))
    low, high = figure(rec.get("days_low")), figure(rec.get("days_high"))
    return f"{central} ({low}–{high})" if central and low and high else central


def _exposure(value: Mapping[str, float] | None) -> str:
    if not value:
        return ""
    shown = [f"{country} {figure(km)}" for country, km in value.items() if km]
    return ", ".join(shown) or "0"


def quantity(value: float, unit: str) -> str:
    """A capacity with its unit, tonnages of a million and more in Mt/yr as they are quoted.

    Examples
    --------
    >>> quantity(4.5e6, "t/yr"), quantity(1.2e6, "bbl/d"), quantity(11.2, "bcm/yr")
    ('4.5 Mt/yr', '1,200,000 bbl/d', '11.2 bcm/yr')

    """
    if unit == "t/yr" and value >= 1e6:
        value, unit = value / 1e6, "Mt/yr"
    return f"{number(value)} {unit}"


def _bottleneck(value: Mapping[str, Any] | None) -> str:
    if not value or value.get("value") is None:
        return ""
    text = quantity(float(value["value"]), str(value["unit"]))
    of = value.get("of")
    return text if of in (None, "line") else f"{text} ({str(of).replace('_', ' ')})"


def headline(rec: Mapping[str, Any]) -> dict[str, str]:
    """The headline figures of one compared route, as text under :data:`HEADINGS`.

    Days are the central estimate with the low–high range; exposure lists
    only the countries a route enters; a metric the record lacks is blank.

    Parameters
    ----------
    rec : mapping
        A row of :func:`corridors.compare` (or of ``compare_records``).

    Returns
    -------
    dict of str to str

    Examples
    --------
    >>> rec = {"route": "Northern", "km_total": 8748.7, "days_low": 10.17,
    ...        "days_central": 21.46, "days_high": 25.56, "border_crossings": 5,
    ...        "passages": ["suez"], "exposure_km": {"RUS": 2515.1, "IRN": 0.0},
    ...        "bottleneck": {"value": 14.0, "unit": "trains/d", "segment": "x"}}
    >>> h = headline(rec)
    >>> h["km"], h["days"], h["straits and canals"], h["exposure km"], h["bottleneck"]
    ('8,749', '21.5 (10.2–25.6)', 'Suez Canal', 'RUS 2,515', '14 trains/d')
    >>> h["gauge breaks"]
    ''

    """
    def count(key: str) -> str:
        value = rec.get(key)
        return "" if value is None or value != value else str(int(value))

    passages = rec.get("passages") or []
    return dict(zip(HEADINGS, (
        str(rec.get("route", "")),
        figure(rec.get("km_total")),
        _days(rec),
        count("border_crossings"),
        count("mode_changes"),
        count("gauge_breaks"),
        ", ".join(PASSAGE_NAMES.get(p, p) for p in passages),
        _exposure(rec.get("exposure_km")),
        _bottleneck(rec.get("bottleneck")),
        figure(rec.get("co2_kg_per_tonne")),
    )))


def headlines(records: list[Mapping[str, Any]]) -> list[dict[str, str]]:
    """The :func:`headline` of each route, without the columns no route has a figure in.

    Examples
    --------
    >>> rows = headlines([{"route": "a", "km_total": 10.0}, {"route": "b", "km_total": 12.0}])
    >>> rows[1]
    {'route': 'b', 'km': '12'}

    """
    heads = [headline(rec) for rec in records]
    shown = [h for h in HEADINGS if h == "route" or any(head[h] for head in heads)]
    return [{h: head[h] for h in shown} for head in heads]


def notes(attrs: Mapping[str, Any]) -> list[str]:
    """What a comparison's table does not show, as sentences.

    Places snapped to the network, routes that take the same path as an
    earlier row, and named routes left out.

    Parameters
    ----------
    attrs : mapping
        The ``attrs`` of :func:`corridors.compare`'s dataframe.

    Examples
    --------
    >>> for note in notes({
    ...     "places": [{"query": "Baku", "name": "Sangachal Terminal", "snap_km": 42.1},
    ...                {"query": "Odessa", "name": "Odesa", "snap_km": 1.2, "network": "rail",
    ...                 "located": "Odesa, UKR, in GeoNames"}],
    ...     "left_out": {"Maritime via Suez": "a detour from here"}}):
    ...     print(note)
    Baku snapped to Sangachal Terminal (42.1 km away, counted).
    Odessa (Odesa, UKR, in GeoNames) joins the rail network 1.2 km away (counted).
    Left out Maritime via Suez: a detour from here.

    """
    said = []
    for p in attrs.get("places", []):
        if p.get("snap_km"):
            found = f" ({p['located']})" if p.get("located") else ""
            if p.get("network", "curated") == "curated":
                said.append(f"{p['query']}{found} snapped to {p['name']} "
                            f"({p['snap_km']:.1f} km away, counted).")
            else:
                said.append(f"{p['query']}{found} joins the {p['network']} network "
                            f"{p['snap_km']:.1f} km away (counted).")
    said += [f"{name} takes the same path as {earlier}."
             for name, earlier in attrs.get("same_path", {}).items()]
    said += [f"Left out {name}: {why}." for name, why in attrs.get("left_out", {}).items()]
    return said
