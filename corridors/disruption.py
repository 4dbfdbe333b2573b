"""Disruption ranking: which single closure on the best route costs it most."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

import numpy as np

from .exceptions import NoRouteError
from .options import Options

if TYPE_CHECKING:
    import pandas as pd

    from .network.model import Network

COLUMNS: tuple[str, ...] = ("closed", "kind", "name", "km_total", "days_central", "extra_km",
                            "extra_days", "countries", "alternative")
"""The columns of a disruption ranking."""

# places where a closure is a scenario people ask about (a line only passes the others)
_CRITICAL_KINDS = frozenset({"port", "border_crossing", "gauge_break", "junction", "terminal"})


def disruptions(network: Network, origin: str, destination: str,
                options: Options | None = None) -> pd.DataFrame:
    """For the best route, each curated segment and critical place on it, closed in turn.

    Parameters
    ----------
    network : corridors.network.model.Network
        The network to route on.
    origin, destination : str
        As :func:`corridors.compare` takes them.
    options : corridors.options.Options, optional
        The constraints every closure is added to.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`COLUMNS`, one row per closure: the segment or place
        closed, the best alternative's kilometres and central days, what
        the closure adds, and its countries; ``alternative`` is
        ``"no alternative"`` where nothing else gets through. Sorted with
        the closures that leave no alternative first, then by the days
        they add.

    Examples
    --------
    >>> from corridors.network.model import default_network
    >>> df = disruptions(default_network(), "Baku", "Kars", Options(modes=("rail",)))
    >>> top = df.iloc[0]  # without BTK, by rail round the Black Sea
    >>> top["kind"], bool(top["extra_km"] > 5000), "RUS" in top["countries"]
    ('segment', True, True)

    """
    from .comparison import _places, _records, _setup

    opts = options or Options()
    c, places, exposure, _ = _setup(network, origin, destination, opts)
    r = network.router
    seq = _places(p.id for p in places)
    path = r.route(seq, c)
    best = _records(r, [("best", path)], exposure, places)[0]
    g = r.graph
    segments = dict.fromkeys(s for s in r.segment[path.edges] if s and not s.startswith("sea:"))
    nodes = dict.fromkeys(
        r.state_node[int(t)] for t in r.tail[path.edges] if t < len(r.state_node))
    nodes = [n for n in nodes if n not in seq and g.nodes[n]["kind"] in _CRITICAL_KINDS]
    closures = [("segment", s, _segment_name(g, s), replace(c, avoid_segments=c.avoid_segments
                                                           | {s})) for s in segments]
    closures += [("place", n, g.nodes[n]["name"], replace(c, avoid_nodes=c.avoid_nodes | {n}))
                 for n in nodes]
    rows = []
    for kind, key, name, closed in closures:
        try:
            alt = _records(r, [("alt", r.route(seq, closed))], exposure, places)[0]
        except NoRouteError:
            rows.append({"closed": key, "kind": kind, "name": name, "km_total": None,
                         "days_central": None, "extra_km": None, "extra_days": None,
                         "countries": [], "alternative": "no alternative"})
            continue
        extra_days = (None if alt["days_central"] is None or best["days_central"] is None
                      else round(alt["days_central"] - best["days_central"], 2))
        rows.append({"closed": key, "kind": kind, "name": name, "km_total": alt["km_total"],
                     "days_central": alt["days_central"],
                     "extra_km": round(alt["km_total"] - best["km_total"], 1),
                     "extra_days": extra_days, "countries": alt["countries"],
                     "alternative": "rerouted"})
    import pandas as pd

    df = pd.DataFrame(rows, columns=list(COLUMNS))
    order = np.lexsort((-df["extra_km"].fillna(np.inf).to_numpy(),
                        -df["extra_days"].fillna(np.inf).to_numpy()))
    df = df.iloc[order].reset_index(drop=True)
    df.attrs["best"] = best
    return df


def _segment_name(g, segment: str) -> str:
    for _, _, d in g.edges(data=True):
        if d["segment"] == segment:
            return d["name"]
    return segment
