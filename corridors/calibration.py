"""The time model set against published transit times (``data/calibration.csv``)."""

from __future__ import annotations

import csv
from typing import TYPE_CHECKING

from . import settings

if TYPE_CHECKING:
    import pandas as pd


def published_times() -> list[dict[str, str]]:
    """The published transit times of ``data/calibration.csv``, each with its sources.

    Examples
    --------
    >>> len(published_times()) >= 12
    True

    """
    path = settings.resolved_data_dir() / "calibration.csv"
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def calibration(network=None) -> pd.DataFrame:
    """Each published time against the model's low, central and high days.

    Parameters
    ----------
    network : corridors.network.model.Network, optional
        The network and assumptions to check; the default network by default.

    Returns
    -------
    pandas.DataFrame
        One row per published time: ``id``, ``origin``, ``destination``,
        ``route``, ``km``, ``published_low``, ``published_high``,
        ``model_low``, ``model_central``, ``model_high``, ``inside`` (the
        central value within the published range, a bound in whole days read
        as rounded: 16 days is 15.5 to 16.5), ``source_ids``,
        ``if_outside`` (why, where it is not).

    """
    import pandas as pd

    from .network.model import default_network
    from .options import Options

    rows = []
    for t in published_times():
        modes = tuple(m.strip() for m in t["modes"].split(","))
        net = network or default_network(road="road" in modes)
        df = net.compare(t["origin"], t["destination"], Options(modes=modes))
        pick = df.iloc[0] if t["route"] == "best" else df.set_index("route").loc[t["route"]]
        lo, hi = float(t["published_low"]), float(t["published_high"])
        # a figure in whole days is rounded: 16 days is anything from 15.5 to 16.5
        lo_read, hi_read = lo - 0.5 * lo.is_integer(), hi + 0.5 * hi.is_integer()
        mid = pick["days_central"]
        rows.append({
            "id": t["id"], "origin": t["origin"], "destination": t["destination"],
            "route": t["route"], "km": pick["km_total"], "published_low": lo,
            "published_high": hi, "model_low": pick["days_low"], "model_central": mid,
            "model_high": pick["days_high"], "inside": bool(lo_read <= mid <= hi_read),
            "source_ids": t["source_ids"], "note": t["note"], "if_outside": t["if_outside"],
        })
    return pd.DataFrame(rows)
