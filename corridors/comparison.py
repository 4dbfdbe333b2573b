"""Route comparisons: distance, time, borders, country exposure and CO2 per route.

:func:`compare` returns one row per named route of ``data/routes.json`` (the
Middle Corridor via the Black Sea and via Türkiye, the Northern Corridor, the
maritime routes via Suez and via the Cape), after the best route overall and
the user's own ``via`` route; :func:`route` returns the best route alone.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

import numpy as np

from . import settings
from .exceptions import Blocker, NoRouteError
from .network.routing import KM_SOURCES, Constraints, Router, blocked_by
from .network.routing import Path as RoutePath
from .options import Options
from .schema import MODES

if TYPE_CHECKING:
    import geopandas as gpd
    import networkx as nx

    from .assumptions import Assumptions
    from .network.model import Network
    from .network.places import Place

METRICS: tuple[str, ...] = (
    "route",
    "km_total",
    "km_source",
    "km_by_mode",
    "km_by_country",
    "countries",
    "border_crossings",
    "mode_changes",
    "gauge_breaks",
    "passages",
    "days_low",
    "days_central",
    "days_high",
    "exposure_km",
    "exposure_share",
    "bottleneck",
    "co2_kg_per_tonne",
    "assumptions",
)
"""The columns of a comparison, in order."""


@dataclass(frozen=True)
class NamedRoute:
    """A route of ``data/routes.json``.

    Attributes
    ----------
    name, title : str
        Short name and the title shown in comparisons.
    via : tuple of str or of tuples of str
        Node ids passed through, in order. A tuple of ids stands for the one
        of them nearest the destination (nearest the origin when it comes
        first) that the next leg can leave by: the port where a sea route
        lands.
    modes : tuple of str
        Allowed modes.
    avoid_passages : tuple of str
        Passages the route never takes (e.g. ``suez`` for the Cape route).
    leg_modes : tuple of tuple of str, optional
        Allowed modes of each leg between origin, vias and destination,
        where they differ from ``modes``.
    enters : tuple of str
        Countries (ISO3) the route is about: where it would not enter them,
        it is left out (the Northern Corridor without Russia is not one).
    never_enters : tuple of str
        Countries (ISO3) the route is defined by avoiding: it is never
        rerouted through them, and is left out where it cannot avoid them
        (no "Middle Corridor" through Russia).

    """

    name: str
    title: str
    via: tuple[str | tuple[str, ...], ...]
    modes: tuple[str, ...]
    avoid_passages: tuple[str, ...]
    leg_modes: tuple[tuple[str, ...], ...] | None = None
    enters: tuple[str, ...] = ()
    never_enters: tuple[str, ...] = ()

    def legs(
        self, origin: str, destination: str, c: Constraints, r: Router
    ) -> tuple[tuple[str, ...], tuple[Constraints, ...]]:
        """Places and per-leg constraints from ``origin`` to ``destination``, the user's added.

        The route starts at the origin where that is one of its places, and
        skips the places the origin is already past: those it lies ahead of
        (within 60 degrees of the way to the next place), where the mode does
        not change. The same holds, backwards, at the destination. From
        Tbilisi, the Middle Corridor goes to Constanța, not back to Aktau and
        Alat first.

        Examples
        --------
        >>> from corridors.network.model import default_network
        >>> from corridors.network.routing import constraints
        >>> mc, r = named_routes()[0], default_network().router
        >>> mc.via
        ('aktau', 'alat', 'constanta')
        >>> mc.legs("xian", "duisburg", constraints(), r)[0]
        ('xian', 'aktau', 'alat', 'constanta', 'duisburg')
        >>> mc.legs("alat", "duisburg", constraints(), r)[0]
        ('alat', 'constanta', 'duisburg')
        >>> mc.legs("tbilisi", "duisburg", constraints(), r)[0]
        ('tbilisi', 'constanta', 'duisburg')

        """
        return self._legs(origin, destination, c, r, self._via(origin, destination, r))

    def _legs(self, origin: str, destination: str, c: Constraints, r: Router,
              via: list[str]) -> tuple[tuple[str, ...], tuple[Constraints, ...]]:
        """:meth:`legs` through ``via``, the route's places with any choice resolved."""
        cons = list(self._constraints(c))
        if origin in via:
            start = len(via) - via[::-1].index(origin)
            via, cons = via[start:], cons[start:]
        if destination in via:
            end = via.index(destination)
            via, cons = via[:end], cons[: end + 1]
        while via and cons[0] == cons[1] and _ahead(r, origin, via[0], (*via[1:], destination)[0]):
            via, cons = via[1:], cons[1:]
        while via and cons[-1] == cons[-2] and _ahead(r, destination, via[-1], (origin, *via)[-2]):
            via, cons = via[:-1], cons[:-1]
        seq = (origin, *via, destination)
        keep = [i for i in range(len(seq) - 1) if seq[i] != seq[i + 1]]
        return (seq[0], *(seq[i + 1] for i in keep)), tuple(cons[i] for i in keep)

    @cached_property
    def all_modes(self) -> frozenset[str]:
        """Every mode the route takes: it is compared only where the user allows them all."""
        return frozenset(self.modes).union(*(self.leg_modes or ()))

    @cached_property
    def places(self) -> frozenset[str]:
        """Every place the route may pass through."""
        return frozenset(p for v in self.via for p in ((v,) if isinstance(v, str) else v))

    @cached_property
    def reversed(self) -> NamedRoute:
        """The same route the other way: from Europe to China, say.

        Examples
        --------
        >>> named_routes()[0].reversed.via
        ('constanta', 'alat', 'aktau')

        """
        return replace(self, via=self.via[::-1],
                       leg_modes=self.leg_modes[::-1] if self.leg_modes else None)

    def oriented(self, origin: str, destination: str, c: Constraints, r: Router
                 ) -> tuple[tuple[str, ...], tuple[Constraints, ...]]:
        """:meth:`legs`, this way or reversed: the way that passes its places on a shorter path.

        Paths are measured along great circles from origin to destination.

        Examples
        --------
        >>> from corridors.network.model import default_network
        >>> from corridors.network.routing import constraints
        >>> suez, r = named_routes()[3], default_network().router
        >>> suez.oriented("duisburg", "xian", constraints(), r)[0]
        ('duisburg', 'rotterdam', 'shanghai', 'xian')
        >>> suez.oriented("xian", "tbilisi", constraints(), r)[0]  # Batumi is nearer than Poti
        ('xian', 'shanghai', 'batumi', 'tbilisi')

        """
        return self._oriented(origin, destination, c, r)[:2]

    def _oriented(self, origin: str, destination: str, c: Constraints, r: Router
                  ) -> tuple[tuple[str, ...], tuple[Constraints, ...], float]:
        """:meth:`oriented`, and the detour through its places (:func:`_detour`)."""
        ways = [(way, (origin, *way._via(origin, destination, r), destination))
                for way in (self, self.reversed)]
        detours = [_detour(r, seq) for _, seq in ways]
        k = int(detours[1] < detours[0])  # this way, on a tie
        (way, seq), detour = ways[k], detours[k]
        places, cons = way._legs(origin, destination, c, r, list(seq[1:-1]))
        return places, cons, detour if places == seq else _detour(r, places)

    def _via(self, origin: str, destination: str, r: Router) -> list[str]:
        """The places passed through, a choice of places resolved to the one nearest its end.

        Of a choice, only the places the leg toward that end can leave by are
        taken (:meth:`~corridors.network.routing.Router.nearest_of`).
        """
        if self._fixed:
            return list(self.via)
        legs = self._leg_modes
        return [v if isinstance(v, str) else
                r.nearest_of(v, origin, legs[0]) if i == 0 else
                r.nearest_of(v, destination, legs[i + 1]) for i, v in enumerate(self.via)]

    @cached_property
    def _fixed(self) -> bool:
        return all(isinstance(v, str) for v in self.via)

    @cached_property
    def _leg_modes(self) -> tuple[frozenset[str], ...]:
        """The modes of each leg between origin, vias and destination."""
        return tuple(map(frozenset, self.leg_modes or (self.modes,) * (len(self.via) + 1)))

    @cached_property
    def _constraints_of(self) -> dict[Constraints, tuple[Constraints, ...]]:
        return {}

    def _constraints(self, c: Constraints) -> tuple[Constraints, ...]:
        """The constraints of each leg under the user's ``c`` (kept: looked up per comparison)."""
        kept = self._constraints_of
        if c not in kept:
            if len(kept) >= 64:
                kept.clear()
            avoid = c.avoid_passages | frozenset(self.avoid_passages)
            countries = c.avoid_countries | frozenset(self.never_enters)
            kept[c] = tuple(
                replace(c, modes=c.modes & m, avoid_countries=countries, avoid_passages=avoid)
                for m in self._leg_modes
            )
        return kept[c]


def named_routes() -> list[NamedRoute]:
    """The named routes, in comparison order.

    Examples
    --------
    >>> [r.name for r in named_routes()][:2]
    ['middle-corridor-black-sea', 'middle-corridor-turkiye']

    """
    return list(_named_routes(settings.resolved_data_dir() / "routes.json"))


@lru_cache(maxsize=2)
def _named_routes(path: Path) -> tuple[NamedRoute, ...]:
    doc = json.loads(path.read_text(encoding="utf-8"))
    return tuple(
        NamedRoute(
            r["name"],
            r["title"],
            tuple(v if isinstance(v, str) else tuple(v) for v in r["via"]),
            tuple(r["modes"]),
            tuple(r["avoid_passages"]),
            tuple(tuple(m) for m in r["leg_modes"]) if "leg_modes" in r else None,
            tuple(r.get("enters", ())),
            tuple(r.get("never_enters", ())),
        )
        for r in doc["routes"]
    )



def _places(seq: Iterable[str]) -> tuple[str, ...]:
    out: list[str] = []
    for p in seq:
        if not out or out[-1] != p:
            out.append(p)
    return tuple(out)


def _access(r: Router, places: Sequence[Place]
            ) -> tuple[float, list[float], list[str], list[str]]:
    """Kilometres, hours (low, central, high) and countries of the snap legs at either end.

    A place that snapped to the network is reached over the straight line
    from where it was asked, at the speed of a truck (the first and last
    mile; of the network it joins where no road speed is given): the snap is
    counted, never dropped. Countries are those of the
    origin's leg and of the destination's.
    """
    km, hours, ends = 0.0, np.zeros(3), ([], [])
    speeds = r.assumptions.speed_km_per_h
    for p, countries in zip((places[0], places[-1]), ends):
        if not p.snap_km or p.asked is None:
            continue
        km += p.snap_km
        # by truck; where the assumptions give no road speed, at that of the network joined
        speed = speeds.get("road") or speeds.get(p.network)
        hours += (np.array([p.snap_km / v for v in speed[::-1]]) if speed
                  else np.full(3, math.nan))
        countries += p.leg_countries
    return km, hours.tolist(), *ends


def _records(r: Router, found: Sequence[tuple[str, RoutePath]], exposure: Sequence[str],
             places: Sequence[Place] = ()) -> list[dict[str, Any]]:
    """The record of each route found, (title, path): every metric, the snap legs counted.

    The routes of a comparison are summed together, each over its own edges:
    one gather of their rows and one count of kilometres by country, by
    where they come from and by capacity's kind for all of them, in place of
    one of each per route.
    """
    paths = [path for _, path in found]
    n = len(paths)
    sizes = np.array([len(p.edges) for p in paths])
    edges = np.concatenate([p.edges for p in paths])
    row_of = np.repeat(np.arange(n), sizes)
    rows = r.matrix.take(edges, axis=0)  # faster than indexing, the same rows
    raw = np.zeros((n, rows.shape[1]))
    some = sizes > 0
    if some.any():
        raw[some] = np.add.reduceat(rows, (np.cumsum(sizes) - sizes)[some], axis=0)
    by_c = r.km_by_country(edges, row_of, n)
    source = np.bincount(row_of * len(KM_SOURCES) + r.km_source[edges], weights=rows[:, 0],
                         minlength=n * len(KM_SOURCES)).reshape(n, len(KM_SOURCES))
    bottlenecks = _bottlenecks(r, edges, row_of, rows[:, 0], n)
    access_km, access_h, first, last = _access(r, places) if places else (0.0, [0.0] * 3, [], [])
    raw[:, 0] += access_km
    hours = (raw[:, r.col_hours : r.col_hours + 3] + np.array(access_h)).tolist()
    index, mode_col = r.countries_index, r.col_mode
    records = []
    # plain floats: cheaper to pick from than numpy scalars
    for k, ((title, path), tot) in enumerate(zip(found, raw.round(1).tolist())):
        km, in_c = raw[k, 0], by_c[k].tolist()
        countries = list(dict.fromkeys([*first, *path.countries, *last[::-1]]))
        by_country = {c: round(in_c[index[c]], 1) for c in countries if c in index}
        if "sea" in index and in_c[index["sea"]] > 0.05:
            by_country["sea"] = round(in_c[index["sea"]], 1)
        exposure_km = {c: round(in_c[index[c]], 1) if c in index else 0.0 for c in exposure}
        days = [None if math.isnan(h) else round(h / 24, 2) for h in hours[k]]
        co2 = float(raw[k, r.col_co2])
        by_mode = {m: tot[mode_col + i] for i, m in enumerate(MODES) if tot[mode_col + i]}
        km_source = {s: round(v, 1) for s, v in zip(KM_SOURCES, source[k].tolist()) if v > 0.05}
        if access_km:
            by_mode["access"] = round(access_km, 1)
            km_source["snap"] = round(access_km, 1)
        records.append({
            "route": title,
            "km_total": tot[0],
            "km_source": km_source,
            "km_by_mode": by_mode,
            "km_by_country": by_country,
            "countries": countries,
            "border_crossings": round(tot[r.col_cross]),
            "mode_changes": round(tot[r.col_change]),
            "gauge_breaks": round(tot[r.col_gauge]),
            "passages": r.passages_of(path.edges),
            "days_low": days[0],
            "days_central": days[1],
            "days_high": days[2],
            "exposure_km": exposure_km,
            "exposure_share": round(float(sum(exposure_km.values()) / km), 4) if km else 0.0,
            "bottleneck": bottlenecks[k],
            "co2_kg_per_tonne": None if math.isnan(co2) else round(co2 / 1000, 2),
            "assumptions": r.assumptions_label,
        })
    return records


def _bottlenecks(r: Router, edges: np.ndarray, row_of: np.ndarray, km: np.ndarray, n: int
                 ) -> list[dict[str, Any]]:
    """Each route's smallest capacity among those of one kind, the kind covering most km.

    Only capacities of the same thing (``of``: a line, a port, a border
    crossing, a canal) in the same unit are compared, never a port's with a
    line's; of those kinds, the one whose edges cover the most kilometres
    is reported (the Suez Canal's ships a day on the sea route). ``edges``
    are those of ``n`` routes, ``row_of`` each one's route and ``km`` its length.
    """
    out = [{"value": None, "unit": None, "of": None, "segment": None} for _ in range(n)]
    codes = r.unit_code[edges]
    known = np.flatnonzero(codes >= 0)
    if not len(known):
        return out
    codes, rows, n_units = codes[known], row_of[known], len(r.units)
    by_unit = np.bincount(rows * n_units + codes, weights=km[known] + 1e-9,  # a port edge: 0 km
                          minlength=n * n_units).reshape(n, n_units)
    unit = by_unit.argmax(axis=1)
    same = codes == unit[rows]
    e, rows = edges[known[same]], rows[same]
    # of each route's edges of that kind, the first of the smallest capacity
    order = np.lexsort((r.capacity[e], rows))
    routes, first = np.unique(rows[order], return_index=True)
    for k, i in zip(routes.tolist(), order[first].tolist()):
        u, of = r.units[unit[k]]
        out[k] = {"value": float(r.capacity[e[i]]), "unit": u, "of": of, "segment": r.segment[e[i]]}
    return out


def _setup(network: Routable, origin: str, destination: str, options: Options):
    from .network.routing import check_countries

    c = network.constraints(options)
    network.router.assumptions.check_speeds(c.modes)
    r = network.router
    if options.exposure is None:
        exposure = settings.exposure_countries
    else:
        exposure = tuple(dict.fromkeys(e.strip().upper() for e in options.exposure))
        check_countries(exposure, r.countries_index)
    places = [network.resolve(p, c.modes) for p in (origin, *options.via, destination)]
    return c, places, tuple(exposure), "Fastest route" if c.fastest else "Shortest route"


def network_for(modes: Iterable[str] | str | None = None, *,
                assumptions: str | Path | Assumptions | None = None,
                files: Sequence[str | Path] | str | Path = (),
                graph: nx.MultiDiGraph | None = None) -> Network:
    """The network that the module-level functions run on, for these arguments of theirs.

    The default network (:func:`~corridors.network.model.default_network`),
    with the base road network where ``modes`` allow road; or, given a
    curated ``graph``, that graph alone.

    Examples
    --------
    >>> "road" in network_for(["rail", "road"]).router.base
    True

    """
    from .network.model import Network, default_network

    road = modes is not None and "road" in {m.strip().lower() for m in
                                            ([modes] if isinstance(modes, str) else modes)}
    if graph is None:
        return default_network(files=[files] if isinstance(files, (str, Path)) else files,
                               assumptions=assumptions, road=road)
    from .assumptions import Assumptions, load_assumptions

    a = assumptions if isinstance(assumptions, Assumptions) else load_assumptions(assumptions)
    return Network.build(graph, a)


def compare_records(
    origin: str,
    destination: str,
    *,
    via: Sequence[str] = (),
    avoid_countries: Iterable[str] = (),
    avoid_passages: Iterable[str] = (),
    modes: Iterable[str] | None = None,
    fastest: bool = False,
    exposure: Sequence[str] | None = None,
    assumptions: str | Path | Assumptions | None = None,
    files: Sequence[str | Path] = (),
    graph: nx.MultiDiGraph | None = None,
    **more: Any,
) -> list[dict[str, Any]]:
    """Compare routes between two places, as plain records (one dict per route).

    The same as :func:`compare` without geometries; see it for the parameters.

    Examples
    --------
    >>> rows = compare_records("Xi'an", "Duisburg")
    >>> [r["route"] for r in rows][:2]
    ['Shortest route', 'Middle Corridor via the Black Sea']

    """
    net = network_for(modes, assumptions=assumptions, files=files, graph=graph)
    opts = Options.of(via=via, avoid_countries=avoid_countries, avoid_passages=avoid_passages,
                    modes=modes, fastest=fastest, exposure=exposure, **more)
    return compare_routes(net, origin, destination, opts).records


class Routable(Protocol):
    """What a comparison asks of a network.

    A :class:`~corridors.network.model.Network`, or a stand-in that keeps
    what many comparisons share (:class:`corridors.matrix.Shared`).
    """

    router: Router

    def constraints(self, options: Options) -> Constraints:
        """The options as constraints (:meth:`~corridors.network.model.Network.constraints`)."""
        ...

    def resolve(self, query: str, modes: Iterable[str] | None = None) -> Place:
        """The place a user means (:meth:`~corridors.network.model.Network.resolve`)."""
        ...


@dataclass(frozen=True, eq=False)
class Comparison:
    """The routes between two places, as records and paths, before any GeoDataFrame.

    Attributes
    ----------
    router : Router
        The router the paths run on.
    rows : tuple of (dict, Path)
        Each route's record (the columns :data:`METRICS`) and its path: the
        best route, the ``via`` route if asked for, then the named routes.
    places : tuple of Place
        The places matched: origin, vias and destination.
    reasons : dict
        The named routes left out, in order, and why; ``None`` for those left
        out for want of a route, whose reason is worked out only when asked
        for (:attr:`left_out`), from their places and constraints in ``failed``.
    failed : dict
        Each of those routes' places, the constraints of each leg, and what
        the router said.

    Examples
    --------
    >>> from corridors.network.model import default_network
    >>> c = compare_routes(default_network(), "Baku", "Kars")
    >>> c.records[0]["route"], c.places[-1].name
    ('Shortest route', 'Kars')
    >>> c.frame().attrs["places"][0]["name"]
    'Baku'

    """

    router: Router = field(repr=False)
    rows: tuple[tuple[dict[str, Any], RoutePath], ...]
    places: tuple[Place, ...]
    reasons: dict[str, str | None] = field(default_factory=dict, repr=False)
    failed: dict[str, tuple[tuple[str, ...], tuple[Constraints, ...], str | None]] = field(
        default_factory=dict, repr=False)

    @property
    def left_out(self) -> dict[str, str]:
        """The named routes left out, and why."""
        return self._why[0]

    @property
    def blockers(self) -> dict[str, tuple[Blocker, ...]]:
        """What blocks each route left out for want of a route (where one thing does).

        As :class:`~corridors.exceptions.Blocker` objects, by the route's title.
        """
        return self._why[1]

    @cached_property
    def _why(self) -> tuple[dict[str, str], dict[str, tuple[Blocker, ...]]]:
        left_out, blocked = {}, {}
        for title, why in self.reasons.items():
            if why is None:
                places, legs, said = self.failed[title]
                blockers = self.router.blockers(places, legs)
                # its modes are what it is: other modes would make it another route
                kept = tuple(b for b in blockers if b.option != "modes")
                if kept:
                    why, blocked[title] = blocked_by(kept), kept
                elif blockers:
                    why = "no route from here by its own modes"
                else:
                    why = said or blocked_by(())
            left_out[title] = why
        return left_out, blocked

    @property
    def records(self) -> list[dict[str, Any]]:
        """One dict per route, as :func:`compare_records` gives them."""
        return [rec for rec, _ in self.rows]

    @cached_property
    def attrs(self) -> dict[str, Any]:
        """What the frame's ``attrs`` say: places, credit, routes left out, shared paths."""
        return {**_about(self.router, self.rows, self.places), "left_out": self.left_out,
                "blockers": self.blockers, "same_path": _same_paths(self.rows)}

    def frame(self) -> gpd.GeoDataFrame:
        """The routes as :func:`compare` gives them: every metric, the line and ``attrs``."""
        return _frame(self.router, self.rows, self.attrs)


def compare_routes(network: Routable, origin: str, destination: str,
                   options: Options | None = None) -> Comparison:
    """The routes between two places under ``options``, without a GeoDataFrame.

    :func:`compare` on a given network, for callers that want records (a
    table, a matrix) and a frame only if need be (:meth:`Comparison.frame`).

    Raises
    ------
    corridors.exceptions.UnknownNameError, corridors.exceptions.NoRouteError
        As :func:`compare` does.

    """
    options = options or Options()
    c, places, exposure, best = _setup(network, origin, destination, options)
    r = network.router
    ends = (places[0].id, places[-1].id)
    # title, places, constraints, countries to enter (None: not a named route)
    runs = [(best, ends, c, None)]
    if options.via:
        names = ", ".join(p.name for p in places[1:-1])
        runs.append((f"Via {names}", _places(p.id for p in places), c, None))
    # A named route is defined by its modes: it is left out when the user forbids one.
    # It is also left out, and said to be, where it would be a detour
    # (settings.named_route_detour) or miss the countries it is about.
    left_out: dict[str, str | None] = {}  # None: for want of a route, said when asked for
    failed: dict[str, tuple] = {}
    for nr in named_routes() if ends[0] != ends[1] else ():  # a round trip has no named route
        if not nr.all_modes <= c.modes or not all(p in r.graph for p in nr.places):
            continue  # forbidden by the user, or about places another network lacks
        seq, cons, detour = nr._oriented(*ends, c, r)
        if detour > settings.named_route_detour:
            left_out[nr.title] = "a detour from here"
        else:
            runs.append((nr.title, seq, cons, nr.enters))
    found, first_failed = [], None
    for k, (title, seq, cons, enters) in enumerate(runs):
        if len(seq) < 2 or not all(
            x.modes for x in ([cons] if isinstance(cons, Constraints) else cons)
        ):
            continue
        try:  # the best route's error says what blocks it; the others', only if asked for
            path = r.route(seq, cons, explain=k == 0)
        except NoRouteError as exc:
            if k == 0:  # the best route: every other run narrows its constraints, so none has one
                raise
            first_failed = first_failed or (seq, cons)
            if enters is not None:  # a named route: said to be missing, and why
                left_out[title], failed[title] = None, (seq, cons, exc.reason)
            continue
        missed = [k for k in enters or () if k not in r.countries(path)]
        if missed:
            left_out[title] = f"would not enter {', '.join(missed)} from here"
            continue
        found.append((title, path))
    if not found:
        if first_failed:
            r.route(*first_failed)  # raises, saying what blocks it
        raise NoRouteError(f"no route from {places[0].name} to {places[-1].name}")
    rows = zip(_records(r, found, exposure, places), (path for _, path in found))
    return Comparison(r, tuple(rows), tuple(places), left_out, failed)


def _ahead(r: Router, here: str, a: str, b: str) -> bool:
    """Whether ``here`` lies ahead of ``a`` on the way to ``b``: within 60 degrees of it."""
    if here == a:
        return False
    return math.cos(math.radians(r.geodesic(a, here)[0] - r.geodesic(a, b)[0])) > 0.5


def _detour(r: Router, seq: Sequence[str]) -> float:
    """Great-circle length through the places ``seq`` over that from its first to its last."""
    direct = r.geodesic(seq[0], seq[-1])[1]
    return r.through_m(seq) / direct if direct else 1.0


def compare(
    origin: str,
    destination: str,
    *,
    via: Sequence[str] = (),
    avoid_countries: Iterable[str] = (),
    avoid_passages: Iterable[str] = (),
    modes: Iterable[str] | None = None,
    fastest: bool = False,
    exposure: Sequence[str] | None = None,
    assumptions: str | Path | Assumptions | None = None,
    files: Sequence[str | Path] = (),
    graph: nx.MultiDiGraph | None = None,
    **more: Any,
) -> gpd.GeoDataFrame:
    """Compare the corridors between two places: distance, time, borders, exposure.

    A single string where a sequence is expected counts as one item
    (``modes="rail"``, ``via="Tbilisi"``).

    Parameters
    ----------
    origin, destination : str
        Place names or aliases (any case, diacritics optional), towns the
        network does not name (GeoNames), or ``"lat,lon"``; see
        :func:`corridors.network.places.resolve`.
    via : sequence of str
        Places to pass through, in order: adds a row for that route.
    avoid_countries : iterable of str
        ISO3 codes no route may enter.
    avoid_passages : iterable of str
        Straits and canals no route may traverse (see :data:`corridors.network.sea.PASSAGES`).
    modes : iterable of str, optional
        Allowed modes; rail, ferry and sea by default. With ``road``, the
        base road network is joined too.
    fastest : bool, default False
        Choose routes by central transit time instead of kilometres.
    exposure : sequence of str, optional
        Countries whose kilometres count as exposure;
        ``settings.exposure_countries`` by default.
    assumptions : str, pathlib.Path or Assumptions, optional
        An assumptions file; ``data/assumptions.json`` by default.
    files : sequence of str or pathlib.Path
        The user's own corridor files, joined to the network.
    graph : networkx.MultiDiGraph, optional
        A curated network to use instead, without base networks (see
        :mod:`corridors.network.curated`); :meth:`corridors.network.model.Network.compare`
        takes a whole network.
    **more
        The other fields of :class:`corridors.options.Options`:
        ``allow_passages`` (``["volga-don"]``), ``avoid`` (segments, systems,
        places) and ``reopen`` (closed crossings).

    Returns
    -------
    geopandas.GeoDataFrame
        One row per route that exists under the constraints: the best route,
        the ``via`` route if asked for, then the named routes of
        ``data/routes.json``; columns :data:`METRICS` and the route's line.
        ``attrs["places"]`` lists the places matched, with snap distances
        (``asked`` and ``at``, the ``(lat, lon)`` of the place asked for
        and of the node it snapped to);
        ``attrs["left_out"]`` maps the named routes left out to why: a
        detour from here (``settings.named_route_detour``), or missing the
        countries the route is about, or what blocks it, which
        ``attrs["blockers"]`` gives as :class:`~corridors.exceptions.Blocker`
        objects by route; ``attrs["same_path"]`` maps a route
        that takes the same path as an earlier row (the best route is often
        a named one) to that row's title.

    Raises
    ------
    corridors.exceptions.UnknownNameError
        For an unknown place, mode or passage, with suggestions.
    corridors.exceptions.NoRouteError
        When no route exists, naming the constraint that blocks it.
    corridors.exceptions.DataError
        For a bad assumptions or corridor file.

    Examples
    --------
    >>> import corridors
    >>> df = corridors.compare("Xian", "Duisburg")
    >>> df.set_index("route").loc["Northern Corridor via Russia and Belarus", "countries"][-3:]
    ['BLR', 'POL', 'DEU']
    >>> "RUS" in df.iloc[1]["km_by_country"]
    False
    >>> df.attrs["same_path"]
    {'Northern Corridor via Russia and Belarus': 'Shortest route'}

    """
    net = network_for(modes, assumptions=assumptions, files=files, graph=graph)
    return compare_routes(net, origin, destination, Options.of(
        via=via, avoid_countries=avoid_countries, avoid_passages=avoid_passages, modes=modes,
        fastest=fastest, exposure=exposure, **more)).frame()


def _same_paths(rows) -> dict[str, str]:
    """Routes that take the same path as an earlier row, mapped to its title."""
    same: dict[str, str] = {}
    for j, (rec, path) in enumerate(rows):
        for earlier, other in rows[:j]:
            if np.array_equal(path.edges, other.edges):
                same[rec["route"]] = earlier["route"]
                break
    return same


def _about(r: Router, rows, places: Sequence[Place]) -> dict[str, Any]:
    """The places compared, and the base network's credit where a route or a place uses it."""
    about: dict[str, Any] = {"places": [
        {"query": p.query, "id": p.id, "name": p.name, "snap_km": p.snap_km,
         "located": p.located, "asked": p.asked, "network": p.network,
         "at": r.position(p.id)[::-1]} for p in places
    ]}
    if any(p.network != "curated" for p in places) or any(
            rec["km_source"].get("osm_track") for rec, _ in rows):
        from .network.base import attribution

        about["attribution"] = attribution()
    return about


_FLOATS = ("km_total", "days_low", "days_central", "days_high", "exposure_share",
           "co2_kg_per_tonne")
_INTS = ("border_crossings", "mode_changes", "gauge_breaks")
_TEXTS = ("route", "assumptions")
"""The metrics held as float64 (``None`` as NaN), as int64 and as text; the rest are objects."""


class _Layout(NamedTuple):
    """What every comparison frame shares: its columns, and its blocks' types and places."""

    columns: Any  # pandas.Index
    objects: tuple[str, ...]  # the metrics held as Python objects
    at: dict[str, np.ndarray]  # where each block's columns go
    text: Any  # the type pandas gives text columns
    crs: Any  # pyproj.CRS of the lines


@lru_cache(maxsize=1)
def _layout() -> _Layout:
    import pandas as pd
    from pyproj import CRS

    where = {c: i for i, c in enumerate((*METRICS, "geometry"))}
    objects = tuple(c for c in METRICS if c not in (*_FLOATS, *_INTS, *_TEXTS))
    blocks = {"objects": objects, "floats": _FLOATS, "ints": _INTS}
    at = ({k: np.array([where[c] for c in cols]) for k, cols in blocks.items()}
          | {c: np.array([where[c]]) for c in (*_TEXTS, "geometry")})
    return _Layout(pd.Index(list(where)), objects, at, pd.api.types.pandas_dtype("str"),
                   CRS.from_epsg(4326))


def _frame(r: Router, rows, attrs: dict[str, Any]) -> gpd.GeoDataFrame:
    """The rows as a GeoDataFrame of every metric and the route's line, with ``attrs``.

    Built from its blocks, each of one type (pandas' low-level constructor):
    the DataFrame constructor would infer each column's type from its values,
    which took half the frame's time. A row that takes an earlier row's path
    (``attrs["same_path"]``) shares its line.
    """
    import geopandas as gpd
    import pandas as pd
    import shapely
    from pandas.api.internals import create_dataframe_from_blocks

    layout = _layout()
    at = layout.at
    recs = [rec for rec, _ in rows]
    same = attrs.get("same_path", {})
    titles = [rec["route"] for rec in recs]
    lines = []
    for title, (_, p) in zip(titles, rows):
        lines.append(lines[titles.index(same[title])] if title in same
                     else shapely.LineString(r.line(p.edges)))
    held = np.empty((len(layout.objects), len(recs)), dtype=object)
    for i, c in enumerate(layout.objects):
        for j, rec in enumerate(recs):
            held[i, j] = rec[c]  # one by one: a list value is one item, not a row
    blocks = [
        (held, at["objects"]),
        (np.array([[math.nan if rec[c] is None else rec[c] for rec in recs] for c in _FLOATS],
                  dtype=np.float64), at["floats"]),
        (np.array([[rec[c] for rec in recs] for c in _INTS], dtype=np.int64), at["ints"]),
        *((pd.array([rec[c] for rec in recs], dtype=layout.text), at[c]) for c in _TEXTS),
        (gpd.array.from_shapely(np.array(lines, dtype=object), crs=layout.crs), at["geometry"]),
    ]
    frame = create_dataframe_from_blocks(blocks, pd.RangeIndex(len(recs)), layout.columns)
    # wrapped as geopandas wraps a frame whose geometry column is one already
    # (GeoDataFrame._constructor_from_mgr): its constructor would check that geometry again
    df = gpd.GeoDataFrame._from_mgr(frame._mgr, frame.axes)
    df._geometry_column_name = "geometry"
    df.attrs.update(attrs)
    return df


def routes_layer(routes: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The compared routes as a GIS layer: one line per route with every metric.

    Metrics that are mappings or lists (km by country, countries, passages…)
    become JSON text, which GeoJSON, GeoPackage and CSV writers all take.

    Parameters
    ----------
    routes : geopandas.GeoDataFrame
        As :func:`compare` returns them.

    Returns
    -------
    geopandas.GeoDataFrame
        Columns :data:`METRICS` and the route's line, EPSG:4326.

    Examples
    --------
    >>> layer = routes_layer(compare("Tbilisi", "Poti"))
    >>> layer.loc[0, "route"], layer.loc[0, "countries"], layer.geom_type[0]
    ('Shortest route', '["GEO"]', 'LineString')

    """
    layer = routes.reset_index(drop=True)[[*METRICS, "geometry"]].copy()
    for col in METRICS:
        if layer[col].map(lambda v: isinstance(v, (dict, list))).any():
            layer[col] = [json.dumps(v, ensure_ascii=False) for v in layer[col]]
    return layer


def route(
    origin: str,
    destination: str,
    *,
    via: Sequence[str] = (),
    avoid_countries: Iterable[str] = (),
    avoid_passages: Iterable[str] = (),
    modes: Iterable[str] | None = None,
    fastest: bool = False,
    exposure: Sequence[str] | None = None,
    assumptions: str | Path | Assumptions | None = None,
    files: Sequence[str | Path] = (),
    graph: nx.MultiDiGraph | None = None,
    **more: Any,
) -> gpd.GeoDataFrame:
    """The single best route between two places, with its metrics and line.

    Parameters are those of :func:`compare`.

    Returns
    -------
    geopandas.GeoDataFrame
        One row: columns :data:`METRICS` and the route's line.

    Examples
    --------
    >>> import corridors
    >>> r = corridors.route("Xi'an", "Duisburg", avoid_countries=["RUS", "BLR"])
    >>> r.loc[0, "countries"][:3], r.geometry[0].geom_type
    (['CHN', 'KAZ', 'AZE'], 'LineString')

    """
    net = network_for(modes, assumptions=assumptions, files=files, graph=graph)
    return route_on(net, origin, destination, Options.of(
        via=via, avoid_countries=avoid_countries, avoid_passages=avoid_passages, modes=modes,
        fastest=fastest, exposure=exposure, **more))


def route_on(network: Network, origin: str, destination: str, options: Options
             ) -> gpd.GeoDataFrame:
    """:func:`route` on a given network with given options (:meth:`Network.route`)."""
    c, places, exposure, best = _setup(network, origin, destination, options)
    r = network.router
    path = r.route(_places(p.id for p in places), c)
    rows = [(_records(r, [(best, path)], exposure, places)[0], path)]
    return _frame(r, rows, _about(r, rows, places))
