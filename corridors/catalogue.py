"""The catalogue of curated data, declared in ``data/catalogue.json``.

This module reads only JSON, so the command line can list datasets without
importing geopandas.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from . import settings
from .exceptions import UnknownNameError

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class Dataset:
    """One curated dataset of the catalogue.

    Attributes
    ----------
    name : str
        Short name used by ``corridors.load`` and the command line.
    title : str
        What it holds.
    group : str
        Layer group on maps, e.g. ``"Energy: gas"``.
    commodity : str
        ``oil``, ``gas`` or ``freight``.
    path : pathlib.Path
        The GeoJSON file.

    """

    name: str
    title: str
    group: str
    commodity: str
    path: Path


@lru_cache(maxsize=4)
def _read(data_dir: Path) -> dict:
    return json.loads((data_dir / "catalogue.json").read_text(encoding="utf-8"))


def data_file(key: str) -> Path:
    """Return the path of one of the catalogue's tables.

    Parameters
    ----------
    key : str
        ``nodes``, ``segments``, ``sources``, ``figures`` or ``countries``.

    Returns
    -------
    pathlib.Path

    Examples
    --------
    >>> data_file("sources").name
    'sources.csv'

    """
    root = settings.resolved_data_dir()
    return root / _read(root)["files"][key]


def entries() -> list[Dataset]:
    """Return every dataset of the catalogue, in catalogue order.

    Examples
    --------
    >>> entries()[0].name
    'btc'

    """
    root = settings.resolved_data_dir()
    return [
        Dataset(d["name"], d["title"], d["group"], d["commodity"], root / d["file"])
        for d in _read(root)["datasets"]
    ]


def groups() -> list[str]:
    """Return the map layer groups, in display order.

    Examples
    --------
    >>> groups()[0]
    'Energy: oil'

    """
    return list(_read(settings.resolved_data_dir())["groups"])


def series_title(series: str) -> str:
    """Return how a figure series is named to readers (its id where the catalogue has none).

    Examples
    --------
    >>> series_title("gas_exports_bulgaria")
    "Azerbaijan's gas exports to Bulgaria"

    """
    return str(_read(settings.resolved_data_dir()).get("series", {}).get(series, series))


def planned_ports() -> dict[str, str]:
    """Return the ports not yet built, with their status (their sea legs carry it).

    Examples
    --------
    >>> planned_ports()
    {'anaklia': 'planned'}

    """
    return dict(_read(settings.resolved_data_dir()).get("planned_ports", {}).get("ids", {}))


def tanker_terminals() -> tuple[str, ...]:
    """Return the ids of the terminals where oil is loaded onto tankers (sea-linked like ports).

    Examples
    --------
    >>> tanker_terminals()
    ('ceyhan_terminal', 'supsa')

    """
    return tuple(_read(settings.resolved_data_dir()).get("tanker_terminals", {}).get("ids", ()))


def entry(name: str) -> Dataset:
    """Return the dataset called ``name`` (case-insensitive).

    Raises
    ------
    corridors.exceptions.UnknownNameError
        With the closest names suggested.

    Examples
    --------
    >>> entry("BTC").title
    'Baku–Tbilisi–Ceyhan oil pipeline (BTC)'

    """
    known = {d.name: d for d in entries()}
    key = name.strip().lower()
    if key not in known:
        raise UnknownNameError("dataset", name, known)
    return known[key]


def datasets() -> pd.DataFrame:
    """List the curated datasets.

    Returns
    -------
    pandas.DataFrame
        One row per dataset: ``name``, ``title``, ``group``, ``commodity``.

    Examples
    --------
    >>> import corridors
    >>> "btc" in set(corridors.datasets()["name"])
    True

    """
    import pandas as pd

    return pd.DataFrame(
        [{"name": d.name, "title": d.title, "group": d.group, "commodity": d.commodity}
         for d in entries()]
    )
