"""Shortest and fastest routes through the corridor network, under constraints.

The curated network (:mod:`corridors.network.curated`) and the base rail and road
networks (:mod:`corridors.network.base`) are expanded into one layered graph
whose states are (place, mode, gauge). Segments join states of one layer;
transfer edges join the layers of one place: a change of mode at ports and
terminals (a transshipment, with the port dwell), a change of gauge at
gauge-break stations (with the gauge-break dwell). Curated places join the
base network of their mode at its nearest node. Every edge carries a vector
of metrics (km by mode and country, crossings, transfers, hours, CO2), so the
metrics of a route are sums over its edges. Shortest paths come from
``scipy.sparse.csgraph.dijkstra``, kept for reuse: a route without vias is one
search from all the origin's states at once; a route with vias searches from
its vias only (backwards from the first one to the origin), so that routes
between many places share the vias' searches. After many routes without vias
under the same constraints, the next ones come from a contraction hierarchy of
scgraph (:mod:`corridors.network._hierarchy`): the same routes, faster.
"""

from __future__ import annotations

import math
from collections import Counter, OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, fields, replace
from functools import cached_property, lru_cache
from itertools import pairwise
from typing import TYPE_CHECKING

import numpy as np

from ..assumptions import Assumptions
from ..exceptions import Blocker, NoRouteError, UnknownNameError
from ..schema import MODES
from .curated import TRANSFER_KINDS

if TYPE_CHECKING:
    import networkx as nx

    from ._hierarchy import Hierarchy
    from .base import BaseNetwork
    from .closures import Closure, PassengerLine

_EPS = 1e-6  # each arc weighs this more: csgraph drops zero weights, and of paths of equal
# length the one of fewest arcs (fewest transfers) is taken
_TIE = 2e-10  # and up to this much more, a different amount on each arc (2,000 arcs: < _EPS)
# A search between two places first stops at a cost a little beyond what most routes
# between places so far apart cost (measured on 65 pairs of curated places: km at most 1.48
# times the geodesic for nine in ten, hours 0.078 a geodesic km), then at four times that,
# then nowhere. What it finds within the limit is exact, so the limits speed searches (bounded
# just above each pair's cost, medians of 5.5 against 14.7 ms on the base rail network by km,
# 4.5 against 12.8 by hours) and never change a route.
_FIRST_LIMIT = {False: (1.6, 50.0), True: (0.09, 12.0)}  # by fastest: per geodesic km, plus
_WIDER_LIMIT = 4.0
SEARCHES_KEPT = 256
"""Shortest-path trees a router keeps by default (about 0.9 MB each on the base rail network)."""

HIERARCHIES_KEPT = 2
"""Contraction hierarchies a router builds, for the first constraints that need one (60 to
130 MB each on the base rail network; none is dropped for another, which could take turns)."""

RUN_SEARCHED = 3
"""From the third route in a row from one place under the same constraints, a router
searches from the place instead of querying a hierarchy, and keeps the search."""

DEFAULT_MODES: frozenset[str] = frozenset({"rail", "ferry", "sea"})
"""The modes of a freight comparison unless others are asked for (road is opt-in: trucks
would otherwise take the shortest way anywhere, and the road network is large)."""

DEFAULT_AVOIDED: frozenset[str] = frozenset({"volga-don"})
"""Passages no route takes unless asked for: the Volga–Don runs through Russia."""


@dataclass(frozen=True)
class Constraints:
    """What a route may use.

    Attributes
    ----------
    modes : frozenset of str
        Allowed modes.
    avoid_countries : frozenset of str
        ISO3 codes the route may not enter.
    avoid_passages : frozenset of str
        Straits and canals (names of :data:`corridors.network.sea.PASSAGES`) it may
        not traverse; the Volga–Don unless allowed (:func:`constraints`).
    fastest : bool
        Minimise central transit time instead of kilometres.
    avoid_segments : frozenset of str
        Curated segment ids the route may not use.
    avoid_nodes : frozenset of str
        Curated node ids (ports, border crossings, stations) it may not pass.
    reopen : frozenset of str
        Ids of closed crossings (``data/closures.csv``) taken as open.
    statuses : frozenset of str
        Statuses of the curated segments a route may use: ``operating`` by
        default; add ``idle``, ``construction``, ``planned`` or
        ``proposed`` to ask what a route would be if they ran.

    """

    modes: frozenset[str] = DEFAULT_MODES
    avoid_countries: frozenset[str] = frozenset()
    avoid_passages: frozenset[str] = DEFAULT_AVOIDED
    fastest: bool = False
    avoid_segments: frozenset[str] = frozenset()
    avoid_nodes: frozenset[str] = frozenset()
    reopen: frozenset[str] = field(default_factory=frozenset)
    statuses: frozenset[str] = frozenset({"operating"})

    def __hash__(self) -> int:
        # computed once: constraints key every graph, search and leg a router keeps
        h = self.__dict__.get("_hash")
        if h is None:
            h = hash(tuple(getattr(self, f.name) for f in fields(self)))
            object.__setattr__(self, "_hash", h)
        return h

    def __getstate__(self) -> dict:
        # a hash of strings holds for one process only: never stored
        return {k: v for k, v in self.__dict__.items() if k != "_hash"}

    def describe(self) -> str:
        """One line naming the constraints by the fields of :class:`corridors.options.Options`.

        Examples
        --------
        >>> Constraints(avoid_countries=frozenset({"RUS"})).describe()
        'modes ferry,rail,sea, avoid_countries RUS'

        """
        said = {"modes": self.modes, "avoid_countries": self.avoid_countries,
                "avoid_passages": self.avoid_passages - DEFAULT_AVOIDED,
                "allow_passages": DEFAULT_AVOIDED - self.avoid_passages,
                "avoid": self.avoid_segments | self.avoid_nodes, "reopen": self.reopen,
                "include_status": self.statuses - {"operating"}}
        return ", ".join(f"{k} {','.join(sorted(v))}" for k, v in said.items() if v)


def constraints(
    *,
    modes: Iterable[str] | None = None,
    avoid_countries: Iterable[str] = (),
    avoid_passages: Iterable[str] = (),
    allow_passages: Iterable[str] = (),
    fastest: bool = False,
    avoid_segments: Iterable[str] = (),
    avoid_nodes: Iterable[str] = (),
    reopen: Iterable[str] = (),
    include_statuses: Iterable[str] = (),
) -> Constraints:
    """Check and bundle routing constraints.

    The Volga–Don (:data:`DEFAULT_AVOIDED`) is avoided unless named in
    ``allow_passages``; segments that are not operating are not used unless
    their status is in ``include_statuses``.

    Raises
    ------
    corridors.exceptions.UnknownNameError
        For an unknown mode or passage, with suggestions (country codes:
        :func:`check_countries`).

    Examples
    --------
    >>> constraints(modes=["Rail", "ferry"], avoid_countries=["rus"]).avoid_countries
    frozenset({'RUS'})
    >>> sorted(constraints().avoid_passages)
    ['volga-don']
    >>> constraints(allow_passages=["volga-don"]).avoid_passages
    frozenset()

    """
    from .sea import PASSAGES

    chosen = frozenset(m.strip().lower() for m in (modes if modes is not None else DEFAULT_MODES))
    for m in chosen:
        if m not in MODES:
            raise UnknownNameError("mode", m, MODES)
    passages = frozenset(p.strip().lower() for p in avoid_passages)
    allowed = frozenset(p.strip().lower() for p in allow_passages)
    for p in passages | allowed:
        if p not in PASSAGES:
            raise UnknownNameError("passage", p, PASSAGES)
    from ..schema import STATUSES

    statuses = frozenset(x.strip().lower() for x in include_statuses)
    for x in statuses:
        if x not in STATUSES:
            raise UnknownNameError("status", x, STATUSES)
    return Constraints(
        chosen, frozenset(c.strip().upper() for c in avoid_countries),
        (passages | DEFAULT_AVOIDED) - allowed, fastest,
        frozenset(avoid_segments), frozenset(avoid_nodes), frozenset(reopen),
        statuses | {"operating"},
    )


def check_countries(codes: Iterable[str], known: Iterable[str] = ()) -> None:
    """Check ISO3 country codes (upper case) against the boundaries.

    A typo must not pass unnoticed: ``--avoid-country BLRR`` would avoid
    nothing. Codes in ``known`` (the countries a network crosses, say) pass
    without reading the boundaries.

    Raises
    ------
    corridors.exceptions.UnknownNameError
        For a code that is not a country of the boundaries, with suggestions.

    Examples
    --------
    >>> check_countries(["RUS", "IRN"])
    >>> try:
    ...     check_countries(["BLRR"])
    ... except UnknownNameError as err:
    ...     print(err)
    unknown ISO3 country code 'BLRR'; did you mean 'BLR', 'LBR', 'GBR'?

    """
    unknown = frozenset(codes) - frozenset(known)
    if unknown:
        from ..boundaries import iso3

        if wrong := sorted(unknown - iso3()):
            raise UnknownNameError("ISO3 country code", wrong[0], iso3())


@dataclass(frozen=True)
class Path:
    """A route found through the layered graph.

    Attributes
    ----------
    places : tuple of str
        The places asked for: origin, vias, destination (node ids).
    edges : numpy.ndarray
        Indices of the layered graph's edges, in order of travel.
    countries : tuple of str
        Countries entered, in order of travel (ISO3).

    """

    places: tuple[str, ...]
    edges: np.ndarray
    countries: tuple[str, ...]


@dataclass
class _Graph:
    """The open arcs under one set of constraints.

    A sparse matrix of weights (tail, head), each entry's arc, which arcs are
    open, and the paths found on it.
    """

    csr: object
    idx: np.ndarray
    open: np.ndarray
    legs: dict[tuple[int, int, str], np.ndarray] = field(default_factory=dict)
    _reversed: object = None

    def reversed(self):
        """The matrix of the reversed arcs (built once)."""
        if self._reversed is None:
            self._reversed = self.csr.T.tocsr()
        return self._reversed


def blocked_by(blockers: Sequence[Blocker], word=lambda b: b.said) -> str:
    """What blocks a route, in words (``word`` says each blocker; the CLI's, as flags).

    Examples
    --------
    >>> blocked_by([Blocker("avoid_countries", ("GEO",)), Blocker("modes", ("rail",))])
    'blocked by avoiding GEO or by the modes allowed (rail)'

    """
    if not blockers:
        return "no single constraint blocks it: the places are not connected"
    return "blocked by " + " or by ".join(word(b) for b in blockers)


def base_id(mode: str, node: int) -> str:
    """The id of a base-network node, as places and paths name it: ``"rail:1234"``."""
    return f"{mode}:{node}"


class Router:
    """Routing and per-edge metrics over a corridor network, for one set of assumptions.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        The curated network, from :func:`corridors.network.curated.graph_from_segments`.
    assumptions : corridors.assumptions.Assumptions
    base : sequence of BaseNetwork, optional
        Base networks (:func:`corridors.network.base.base_network`) joined to
        the curated one at its places.
    closures : sequence of Closure, optional
        Closed crossings (:func:`corridors.closures.closures`), refused for
        their modes unless a constraint reopens them.
    passenger_lines : sequence of PassengerLine, optional
        Lines freight does not use (:func:`corridors.network.closures.passenger_lines`).
    join_km, base_weight : float
        How far a curated place may be from the base node it joins, and how
        much a base kilometre beside a curated line of its mode weighs in the
        choice of a route (:attr:`parallel`: the curated corridor is the
        authority where both run).
    searches_kept : int, default SEARCHES_KEPT
        How many shortest-path trees to keep for reuse (a batch of routes
        from many origins through the same vias wants them all kept).

    Examples
    --------
    >>> from corridors.assumptions import load_assumptions
    >>> from corridors.network.curated import corridor_graph
    >>> r = Router(corridor_graph(), load_assumptions())
    >>> p = r.route(["xian", "duisburg"], constraints(avoid_countries=["RUS"]))
    >>> "RUS" in r.countries(p)
    False

    """

    def __init__(self, graph: nx.MultiDiGraph, assumptions: Assumptions, *,
                 base: Sequence[BaseNetwork] = (), closures: Sequence[Closure] = (),
                 passenger_lines: Sequence[PassengerLine] = (),
                 join_km: float = 10.0, base_weight: float = 1.0,
                 searches_kept: int = SEARCHES_KEPT) -> None:
        self.graph, self.assumptions = graph, assumptions
        self.assumptions_label = assumptions.label
        self.base = {net.mode: net for net in base}
        self.closures = tuple(closures)
        self.passenger_lines = tuple(passenger_lines)
        self.join_km, self.base_weight = join_km, base_weight
        self.searches_kept = searches_kept
        self._graphs: dict[Constraints, _Graph] = {}
        self._orders: dict[bool, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}
        self._footprints: dict[tuple[str | None, str | None], np.ndarray] = {}
        self._parallel: np.ndarray | None = None
        self._passenger: np.ndarray | None = None
        # kept searches, by (constraints, way, sources): distances and predecessors (and, from
        # all of a place's states at once, the nearest source and the limit searched to)
        self._searches: OrderedDict[tuple, tuple] = OrderedDict()
        self._reached: OrderedDict[tuple[Constraints, int, bool], np.ndarray] = OrderedDict()
        self._reach_graphs: OrderedDict[tuple[Constraints, bool], object] = OrderedDict()
        self._parts_of: OrderedDict[Constraints, tuple[np.ndarray, np.ndarray | None]] = (
            OrderedDict())
        self._ones: np.ndarray | None = None
        self._geodesics: dict[tuple[str, str], tuple[float, float]] = {}
        self._nearest: dict[tuple[tuple[str, ...], str, frozenset[str]], str] = {}
        # routes found between two places, by constraints: the states searched, the path
        self._routes: dict[tuple[str, ...], dict[Constraints, tuple[list[np.ndarray], Path]]] = {}
        self._narrowers: dict[tuple[Constraints, Constraints], bool] = {}
        self._relaxed: dict[tuple[Constraints, ...], tuple] = {}
        self._canonical: dict[Constraints, Constraints] = {}
        self._usable_states: dict[tuple[str, frozenset[str]], np.ndarray] = {}
        self._leg_costs: dict[tuple, np.ndarray] = {}
        # contraction hierarchies, by constraints; how many searches from all of a place's
        # states each constraints had; the sources of the last route without vias under each,
        # and how many routes in a row were from them
        self._hierarchies: dict[Constraints, Hierarchy | None] = {}
        self._any_searches: Counter[Constraints] = Counter()
        self._last_sources: dict[Constraints, tuple[tuple, int]] = {}
        self._build()

    def __getstate__(self) -> dict:  # stored (a cached network) without what searches kept
        state = self.__dict__.copy()
        for name in ("_graphs", "_searches", "_reached", "_reach_graphs", "_parts_of",
                     "_geodesics", "_nearest", "_routes", "_narrowers", "_relaxed",
                     "_canonical", "_usable_states", "_leg_costs", "_hierarchies",
                     "_any_searches", "_last_sources"):
            state[name] = type(state[name])()
        state.pop("_arc_points", None)  # made again in a few milliseconds
        return state

    def prepare(self) -> None:
        """Build now what searches and lines need: orders, passenger and curated lines, parts."""
        for fastest in (False, True):
            self._order(fastest)
        self.passenger_only  # noqa: B018 (built on first use)
        self._curated_points  # noqa: B018
        self.parts  # noqa: B018

    @cached_property
    def parts(self) -> np.ndarray:
        """Each state's part of the network: states of different parts never reach each other.

        The weakly connected components of every arc, whatever is open: where
        none of a place's states shares a part with another's, no route joins
        them under any constraints, and none is searched for.
        """
        from scipy.sparse import csr_matrix
        from scipy.sparse.csgraph import connected_components

        n = self.n_states
        arcs = csr_matrix((np.ones(len(self.tail)), (self.tail, self.head)), shape=(n, n))
        return connected_components(arcs, directed=True, connection="weak")[1]

    @cached_property
    def passage_modes(self) -> frozenset[str]:
        """The modes of the arcs that pass a strait or canal (the sea's, as a rule)."""
        crossing = self.passage_bits != 0
        return frozenset(MODES[int(m)] for m in np.unique(np.r_[self.tail_mode[crossing],
                                                                 self.head_mode[crossing]]))

    def canonical(self, c: Constraints) -> Constraints:
        """``c``, with the default passages where none of its modes passes one.

        Both open the same arcs, so that legs by rail of routes that differ
        only in the straits their sea legs avoid share their searches.

        Examples
        --------
        >>> from corridors.network.model import default_network
        >>> r = default_network().router
        >>> rail = constraints(modes=["rail"], avoid_passages=["suez"])
        >>> r.canonical(rail) == constraints(modes=["rail"])
        True

        """
        got = self._canonical.get(c)
        if got is None:  # kept, so that the many look-ups keyed by it find the very object
            got = (replace(c, avoid_passages=DEFAULT_AVOIDED)
                   if c.avoid_passages != DEFAULT_AVOIDED and not c.modes & self.passage_modes
                   else c)
            if len(self._canonical) >= 1024:
                self._canonical.clear()
            self._canonical[c] = got
        return got

    @cached_property
    def _curated_points(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The curated arcs' lines, (lon, lat) one after another; each arc's first and count.

        A transfer has no line: no points.
        """
        import shapely

        lines = [np.zeros((0, 2)) if ref is None
                 else shapely.get_coordinates(self.graph.edges[ref]["geometry"])
                 for ref in self.edge_ref]
        count = np.array([len(xy) for xy in lines], dtype=np.int64)
        return np.vstack([np.zeros((0, 2)), *lines]), np.cumsum(count) - count, count

    # -- the layered graph -------------------------------------------------
    def _build(self) -> None:
        g = self.graph
        states: dict[tuple[str, str, int], int] = {}

        def state(node: str, mode: str, gauge: int) -> int:
            return states.setdefault((node, mode, gauge), len(states))

        arcs = []  # (tail, head, graph edge key or None, transfer kind and node or None)
        for u, v, key, d in g.edges(keys=True, data=True):
            gauge = (d["gauge_mm"] or 0) if d["mode"] == "rail" else 0
            arcs.append((state(u, d["mode"], gauge), state(v, d["mode"], gauge), (u, v, key), None))
        # a port or terminal is where goods may join the base networks too (Tatvan's pier for
        # the Lake Van ferry, a sea port no curated line reaches)
        for node in list(dict.fromkeys(n for n, _, _ in states)):
            if g.nodes[node]["kind"] in TRANSFER_KINDS:
                for mode in self.base:
                    if not any((node, mode, x) in states for x in (0, 1435, 1520, 1524, 1668)):
                        state(node, mode, 0)
        by_node: dict[str, list[tuple[str, int, int]]] = {}
        for (node, mode, gauge), s in states.items():
            by_node.setdefault(node, []).append((mode, gauge, s))
        for node, layers in by_node.items():
            kind = g.nodes[node]["kind"]
            for m1, g1, s1 in layers:
                for m2, g2, s2 in layers:
                    if s1 == s2:
                        continue
                    if m1 != m2:
                        transfer = "port" if kind in TRANSFER_KINDS else None
                    elif g1 and g2:
                        transfer = "gauge_break" if kind == "gauge_break" else None
                    else:
                        transfer = "same"  # a rail layer of unknown gauge meets a known one
                    if transfer:
                        arcs.append((s1, s2, None, (transfer, node, m1, m2)))
        self.states = states
        self.state_node = [n for n, _, _ in states]
        self.places: dict[str, np.ndarray] = {
            n: np.array([s for _, _, s in layers]) for n, layers in by_node.items()
        }
        self.node_modes: dict[str, frozenset[str]] = {
            n: frozenset(m for m, _, _ in layers) for n, layers in by_node.items()}
        self.edge_ref = [ref for _, _, ref, _ in arcs]
        self.transfer = [tr for _, _, _, tr in arcs]
        self.n_curated = len(arcs)
        modes = [MODES.index(m) for _, m, _ in states]
        tails, heads = [t for t, _, _, _ in arcs], [h for _, h, _, _ in arcs]
        self.base_offset: dict[str, int] = {}
        base_arcs = []  # per base network: tail, head arrays, and its joins
        n_states = len(states)
        for mode, net in self.base.items():
            self.base_offset[mode] = n_states
            modes += [MODES.index(mode)] * net.n_nodes
            joins = self._joins(mode, net, by_node, n_states)
            base_arcs.append((mode, net, n_states, joins))
            n_states += net.n_nodes
        self.n_states = n_states
        self.state_mode = np.array(modes, dtype=np.int8)
        tail = [np.array(tails, dtype=np.int64)]
        head = [np.array(heads, dtype=np.int64)]
        self.arc_base = []  # (mode, first arc, edges, forward) for base arcs, and joins
        start = self.n_curated
        for mode, net, off, (j_state, j_node, _) in base_arcs:
            tail += [off + net.u, off + net.v]
            head += [off + net.v, off + net.u]
            self.arc_base.append((mode, start, net.n_edges))
            start += 2 * net.n_edges
            tail += [j_state, off + j_node]
            head += [off + j_node, j_state]
            start += 2 * len(j_state)
        self.tail, self.head = np.concatenate(tail), np.concatenate(head)
        self._base_joins = base_arcs
        self._metrics()

    def _joins(self, mode: str, net: BaseNetwork, by_node, n_states: int):
        """Curated states of ``mode`` joined to their nearest base node (same gauge, or unknown)."""
        g = self.graph
        j_state, j_node, j_km = [], [], []
        for node, layers in by_node.items():
            d = g.nodes[node]
            for m, gauge, s in layers:
                if m != mode:
                    continue
                ok = None
                if gauge and mode == "rail":
                    ok = (net.gauge_mm == gauge) | (net.gauge_mm == 0)
                k, km = net.nearest(d["lon"], d["lat"], among=ok)
                if k >= 0 and km <= self.join_km:
                    j_state.append(s)
                    j_node.append(k)
                    j_km.append(km)
        return (np.array(j_state, dtype=np.int64), np.array(j_node, dtype=np.int64),
                np.array(j_km, dtype=float))

    def _metrics(self) -> None:
        """One row of metrics per edge of the layered graph."""
        from scipy.sparse import coo_matrix

        from .sea import PASSAGES

        g, a = self.graph, self.assumptions
        countries = sorted(
            {c for *_, d in g.edges(data="km_by_country") for c in d}
            | {c for _, c in g.nodes(data="country") if c}
            | {c for net in self.base.values() for c in net.countries}
        )
        self.countries_index = {c: i for i, c in enumerate(countries)}
        self.countries_list = countries
        self.passage_bit = {p: 1 << i for i, p in enumerate(PASSAGES)}
        n = len(self.tail)
        nm, nc = len(MODES), len(countries)
        # columns: km, km by mode, crossings, mode changes, gauge breaks,
        # hours low/central/high, CO2 g per tonne, weight factor
        self.col_mode = 1
        c = 1 + nm
        self.col_cross, self.col_change, self.col_gauge, self.col_hours, self.col_co2 = (
            c, c + 1, c + 2, c + 3, c + 6)
        m = np.zeros((n, c + 7))
        bits = np.zeros(n, dtype=np.int64)
        capacity = np.full(n, np.nan)
        unit: list[str | None] = [None] * n  # what each capacity is in, and of
        of: list[str | None] = [None] * n
        status = np.full(n, "operating", dtype=object)
        self.segment = np.full(n, None, dtype=object)
        self.km_source = np.zeros(n, dtype=np.int8)  # index into KM_SOURCES
        order = np.full((n, 6), -1, dtype=np.int16)
        closed = np.full(n, -1, dtype=np.int32)
        self.passages: dict[int, tuple[str, ...]] = {}  # by arc, where it passes any
        ck_r, ck_c, ck_v = [], [], []  # km by country
        t_r, t_c = [], []  # countries touched
        ci = self.countries_index
        pieces = {key: (d["segment"], d["km"]) for _, _, key, d in g.edges(keys=True, data=True)}
        seg_km: dict[str, float] = {}  # drawn km of each segment (both ways share an edge key)
        for seg, km in pieces.values():
            seg_km[seg] = seg_km.get(seg, 0.0) + km
        # ferries whose crossing times include loading: no port dwell where goods join them
        ferry_at: dict[str, set[str]] = {}
        for u, v, d in g.edges(data=True):
            if d["mode"] == "ferry":
                for end in (u, v):
                    ferry_at.setdefault(end, set()).add(d["segment"])
        loaded = {x for x, segs in ferry_at.items()
                  if all(a.crossing_h.get(seg, (None, False, None))[1] for seg in segs)}
        wait = {x: np.max([a.ferry_wait_h(seg) for seg in segs], axis=0)
                for x, segs in ferry_at.items()}
        for i, (ref, tr) in enumerate(zip(self.edge_ref, self.transfer)):
            if ref is None:
                kind, node, m1, m2 = tr
                country = g.nodes[node]["country"]
                if kind in ("port", "gauge_break"):
                    m[i, self.col_change if kind == "port" else self.col_gauge] = 1
                    free = (kind == "gauge_break" and a.dwell_included(country, kind)) or (
                        kind == "port" and "ferry" in (m1, m2) and node in loaded)
                    if not free:
                        m[i, self.col_hours : self.col_hours + 3] = a.dwell_h[kind]
                    if kind == "port" and m2 == "ferry":  # waiting for the next departure
                        m[i, self.col_hours : self.col_hours + 3] += wait[node]
                if country:
                    t_r.append(i)
                    t_c.append(ci[country])
                continue
            u, v, key = ref
            d = g.edges[u, v, key]
            mode = d["mode"]
            km = d.get("km_metric", d["km"])
            scale = km / d["km"] if d["km"] else 1.0
            self.km_source[i] = KM_SOURCES.index(d.get("km_source", "geodesic"))
            m[i, 0] = km
            m[i, self.col_mode + MODES.index(mode)] = km
            for cc, k in d["km_by_country"].items():
                ck_r.append(i)
                ck_c.append(ci[cc])
                ck_v.append(k * scale)
                if cc != "sea" and k > 0:
                    t_r.append(i)
                    t_c.append(ci[cc])
            for end in (u, v):
                if g.nodes[end]["country"]:
                    t_r.append(i)
                    t_c.append(ci[g.nodes[end]["country"]])
            seq = self._crossing_sequence(u, v, d)
            m[i, self.col_cross] = len(seq) - 1
            for x, y in pairwise(seq):
                k = self._closure(x, y, mode, g.nodes[u]["lon"], g.nodes[u]["lat"])
                if k >= 0:
                    closed[i] = k
            customs = sum(a.customs_border(x, y) and not (a.dwell_included(x, "border") and
                                                          a.dwell_included(y, "border"))
                          for x, y in pairwise(seq))
            dwell = customs * np.array(a.dwell_h["border"])
            hours = self._hours(mode, km, {c: k * scale for c, k in d["km_by_country"].items()},
                                d["segment"], d["km"] / seg_km.get(d["segment"], d["km"] or 1))
            m[i, self.col_hours : self.col_hours + 3] = hours + dwell
            m[i, self.col_co2] = km * a.co2_g_per_tkm.get(mode, np.nan)
            for p in d["passages"]:
                bits[i] |= self.passage_bit.get(p, 0)
            seen = [ci[cc] for cc, k in d["km_by_country"].items() if cc != "sea" and k > 0]
            order[i, : min(len(seen), 6)] = seen[:6]
            if d["passages"]:
                self.passages[i] = tuple(d["passages"])
            capacity[i] = np.nan if d["capacity"] is None else d["capacity"]
            unit[i] = d["capacity_unit"]
            of[i] = d.get("capacity_of") or "line"
            status[i] = d.get("status") or "operating"
            self.segment[i] = d["segment"]
        self.is_base = np.zeros(n, dtype=bool)
        for mode, net, _, joins in self._base_joins:
            self._base_metrics(mode, net, joins, m, order, closed, ck_r, ck_c, ck_v, t_r, t_c)
        self.matrix, self.passage_bits, self.capacity, self.order = m, bits, capacity, order
        self.closed = closed
        def sparse(values, rows, cols):
            rows, cols = np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64)
            return coo_matrix((values, (rows, cols)), shape=(n, nc))

        self.country_km = sparse(np.asarray(ck_v, dtype=float), ck_r, ck_c).tocsr()
        self.touched = sparse(np.ones(len(t_r), dtype=np.int8), t_r, t_c).tocsc()
        # what each edge's capacity is of and in (a line's t/yr, a port's t/yr...), by index
        # into self.units; -1 where no capacity is known
        kinds = list(zip(unit, of))
        self.units = sorted({k for k in kinds if k[0]})
        code = {k: i for i, k in enumerate(self.units)}
        self.unit_code = np.array([code[k] if k[0] else -1 for k in kinds])
        self.unit_code[np.isnan(capacity)] = -1
        names, code = np.unique(status.astype(str), return_inverse=True)
        self.statuses, self.status_code = names.tolist(), code.astype(np.int8)
        self.tail_mode = self.state_mode[self.tail]
        self.head_mode = self.state_mode[self.head]
        segs = {}
        for i, s in enumerate(self.segment[: self.n_curated]):
            if s is not None:
                segs.setdefault(s, []).append(i)
        self.segment_arcs = {s: np.array(v) for s, v in segs.items()}

    def _hours(self, mode: str, km: float, by_country: dict[str, float], segment: str,
               share: float) -> np.ndarray:
        """Hours (shortest, central, longest) of a curated edge, dwell at borders not included.

        Rail runs at the speed of each country's region, a ferry takes its
        sourced crossing time (``share`` of it, the part of the crossing the
        edge is), any other mode its speed.
        """
        a = self.assumptions
        if mode == "ferry" and segment in a.crossing_h:
            return np.array(a.crossing_h[segment][0]) * share
        if mode == "rail" and "rail" in a.speed_km_per_h:
            out = np.zeros(3)
            for c, k in by_country.items():
                lo, mid, hi = a.rail_speed(c)
                out += np.array([k / hi, k / mid, k / lo])
            return out
        if mode in a.speed_km_per_h:
            lo, mid, hi = a.speed_km_per_h[mode]
            return np.array([km / hi, km / mid, km / lo])
        return np.full(3, np.nan)

    def _base_metrics(self, mode, net, joins, m, order, closed, ck_r, ck_c, ck_v, t_r, t_c):
        """Metrics of a base network's edges (both ways) and of its joins, vectorised."""
        a = self.assumptions
        ci = self.countries_index
        cmap = np.array([ci[c] for c in net.countries] + [-1], dtype=np.int64)
        cu, cv = cmap[net.country[net.u]], cmap[net.country[net.v]]
        first = next(s for md, s, _ in self.arc_base if md == mode)
        ne = net.n_edges
        fwd, back = np.arange(first, first + ne), np.arange(first + ne, first + 2 * ne)
        jarc = np.arange(first + 2 * ne, first + 2 * ne + 2 * len(joins[0]))
        self.is_base[first : first + 2 * ne] = True
        km = np.r_[net.km, net.km]
        arcs = np.r_[fwd, back]
        c_from, c_to = np.r_[cu, cv], np.r_[cv, cu]
        m[arcs, 0] = km
        m[arcs, self.col_mode + MODES.index(mode)] = km
        border = (c_from >= 0) & (c_to >= 0) & (c_from != c_to)
        m[arcs, self.col_cross] = border
        # km by country: each end's country takes half of a border edge
        same = c_from == c_to
        for cond, cc, share in ((same & (c_from >= 0), c_from, 1.0),
                                (~same & (c_from >= 0), c_from, 0.5),
                                (~same & (c_to >= 0), c_to, 0.5)):
            ck_r.extend(arcs[cond].tolist())
            ck_c.extend(cc[cond].tolist())
            ck_v.extend((km[cond] * share).tolist())
        for cc in (c_from, c_to):
            ok = cc >= 0
            t_r.extend(arcs[ok].tolist())
            t_c.extend(cc[ok].tolist())
        order[arcs, 0] = c_from
        order[arcs[border], 1] = c_to[border]
        names = self.countries_list
        if mode not in a.speed_km_per_h:
            hours = np.full((len(arcs), 3), np.nan)
        elif mode == "rail":  # half a border edge at each side's speed
            inv = np.array([[1 / v for v in a.rail_speed(c)[::-1]] for c in names]
                           + [[1 / v for v in a.speed_km_per_h["rail"][::-1]]])
            share = np.where(same, 1.0, 0.5)[:, None]
            hours = km[:, None] * share * (inv[c_from] + np.where(same[:, None], 0, inv[c_to]))
        else:
            lo, mid, hi = a.speed_km_per_h[mode]
            hours = np.column_stack([km / hi, km / mid, km / lo])
        def included(kind: str) -> np.ndarray:  # both sides' speeds include dwell of a kind
            inc = np.array([a.dwell_included(c, kind) for c in names] + [False])
            return inc[c_from] & inc[c_to]

        both = included("border")
        for k in np.flatnonzero(border):
            x, y = names[c_from[k]], names[c_to[k]]
            if a.customs_border(x, y) and not both[k]:
                hours[k] += a.dwell_h["border"]
            edge = k % ne
            j = self._closure(x, y, mode, float(net.lon[net.u[edge]]), float(net.lat[net.u[edge]]))
            if j >= 0:
                closed[arcs[k]] = j
        if mode == "rail":
            gu, gv = net.gauge_mm[net.u], net.gauge_mm[net.v]
            brk = (gu > 0) & (gv > 0) & (gu != gv)
            brk = np.r_[brk, brk]
            m[arcs[brk], self.col_gauge] = 1
            hours[brk & ~included("gauge_break")] += a.dwell_h["gauge_break"]
        m[arcs, self.col_hours : self.col_hours + 3] = hours
        m[arcs, self.col_co2] = km * a.co2_g_per_tkm.get(mode, np.nan)
        self.km_source[arcs] = KM_SOURCES.index("osm_track")
        # joins: a short link from a curated place to the base node, in the place's country
        j_state, _, j_km = joins
        jk = np.r_[j_km, j_km]
        m[jarc, 0] = jk
        m[jarc, self.col_mode + MODES.index(mode)] = jk
        if mode in a.speed_km_per_h:
            lo, mid, hi = a.speed_km_per_h[mode]
            m[jarc, self.col_hours : self.col_hours + 3] = np.column_stack([jk / hi, jk / mid,
                                                                            jk / lo])
        m[jarc, self.col_co2] = jk * a.co2_g_per_tkm.get(mode, np.nan)
        g = self.graph
        jc = np.array([ci.get(g.nodes[self.state_node[s]]["country"] or "", -1) for s in j_state]
                      + [-1], dtype=np.int64)[:-1]
        jc = np.r_[jc, jc]
        ok = jc >= 0
        ck_r.extend(jarc[ok].tolist())
        ck_c.extend(jc[ok].tolist())
        ck_v.extend(jk[ok].tolist())
        self.is_base[jarc] = True
        self.km_source[jarc] = KM_SOURCES.index("geodesic")

    def _closure(self, a: str, b: str, mode: str, lon: float, lat: float) -> int:
        """Index of the closure of the crossing from ``a`` to ``b`` by ``mode`` near (lon, lat).

        -1 where none closes it.
        """
        for k, c in enumerate(self.closures):
            if mode in c.modes and {a, b} == set(c.countries) and c.covers(lon, lat):
                return k
        return -1

    def _crossing_sequence(self, u: str, v: str, d: dict) -> list[str]:
        """Countries met along an edge, for counting border crossings.

        Sea and ferry legs cross one border at most, from port to port;
        land edges cross every border their line crosses (pieces over 1 km).
        """
        nodes = self.graph.nodes
        if d["mode"] in ("sea", "ferry"):
            inner: list[str] = []
        else:
            inner = [c for c, k in d["km_by_country"].items() if c != "sea" and k > 1.0]
        seq = [c for c in (nodes[u]["country"], *inner, nodes[v]["country"]) if c]
        return [c for i, c in enumerate(seq) if i == 0 or c != seq[i - 1]]

    # -- places ----------------------------------------------------------------
    def states_of(self, place: str) -> np.ndarray:
        """The states (layers) of a place: a curated node id or a base id (:func:`base_id`)."""
        if place in self.places:
            return self.places[place]
        mode, _, k = place.partition(":")
        if mode in self.base_offset and k.isdigit() and int(k) < self.base[mode].n_nodes:
            return np.array([self.base_offset[mode] + int(k)])
        return np.array([], dtype=np.int64)

    def position(self, place: str) -> tuple[float, float]:
        """(lon, lat) of a curated node or a base node."""
        if place in self.graph:
            d = self.graph.nodes[place]
            return d["lon"], d["lat"]
        mode, _, k = place.partition(":")
        net = self.base[mode]
        return float(net.lon[int(k)]), float(net.lat[int(k)])

    def country_of(self, place: str) -> str | None:
        """ISO3 country of a curated node or a base node."""
        if place in self.graph:
            return self.graph.nodes[place]["country"]
        mode, _, k = place.partition(":")
        net = self.base[mode]
        c = int(net.country[int(k)])
        return net.countries[c] if c >= 0 else None

    def geodesic(self, a: str, b: str) -> tuple[float, float]:
        """Forward azimuth (degrees) and geodesic distance (m) from place ``a`` to ``b`` (kept)."""
        if (a, b) not in self._geodesics:
            from ..geodesy import geod

            if len(self._geodesics) >= 1 << 16:  # a bounded memory, whatever the batch
                self._geodesics.clear()
            (x0, y0), (x1, y1) = self.position(a), self.position(b)
            az, _, m = geod().inv(x0, y0, x1, y1)
            self._geodesics[a, b] = (float(az), float(m))
        return self._geodesics[a, b]

    def through_m(self, places: Sequence[str]) -> float:
        """Geodesic metres from each of ``places`` to the next, added in order (each kept)."""
        kept, m = self._geodesics, 0.0
        for ab in pairwise(places):
            got = kept.get(ab)
            m += (got if got is not None else self.geodesic(*ab))[1]
        return m

    def distances_km(self, a: str, bs: Sequence[str]) -> np.ndarray:
        """Geodesic distances (km) from place ``a`` to each of ``bs``, in one call of pyproj."""
        from ..geodesy import geod

        x0, y0 = self.position(a)
        xy = np.array([self.position(b) for b in bs], dtype=float).reshape(-1, 2)
        n = len(xy)
        return geod().inv(np.full(n, x0), np.full(n, y0), xy[:, 0], xy[:, 1])[2] / 1000

    def nearest_of(self, choices: tuple[str, ...], to: str, modes: frozenset[str]) -> str:
        """The one of ``choices`` geodesically nearest ``to`` that ``modes`` leave by (kept).

        Of the choices, only the places with a segment in one of ``modes`` are
        taken (a port the rail does not reach is no port for a train), or
        ``to`` itself; all of them where none is.
        """
        key = (choices, to, modes)
        if key not in self._nearest:
            if len(self._nearest) >= 1 << 16:  # a bounded memory, whatever the batch of places
                self._nearest.clear()
            known = self.node_modes
            ok = [n for n in choices if n == to or not modes.isdisjoint(known.get(n, ()))]
            ok = ok or list(choices)
            self._nearest[key] = ok[int(np.argmin(self.distances_km(to, ok)))]
        return self._nearest[key]

    def name(self, place: str) -> str:
        """What errors call a place."""
        if place in self.graph:
            return self.graph.nodes[place]["name"]
        lon, lat = self.position(place)
        return f"the {place.partition(':')[0]} network at {lat:.3f},{lon:.3f}"

    # -- solving -------------------------------------------------------------
    def _open(self, c: Constraints) -> np.ndarray:
        allowed_modes = _mode_mask(c.modes)
        # a transfer opens when either of its layers is allowed, so that goods can change
        # mode where one leg of a route meets the next
        ok = allowed_modes[self.tail_mode] | allowed_modes[self.head_mode]
        if c.avoid_passages:
            mask = sum(self.passage_bit[p] for p in c.avoid_passages)
            ok &= (self.passage_bits & mask) == 0
        avoid = [self.countries_index[x] for x in c.avoid_countries if x in self.countries_index]
        if avoid:
            ok &= np.asarray(self.touched[:, avoid].sum(axis=1)).ravel() == 0
        if self.closures:
            reopened = np.array([cl.id in c.reopen for cl in self.closures] + [True])
            ok &= reopened[self.closed]
        for s in c.avoid_segments:
            ok[self.segment_arcs.get(s, [])] = False
            ok[self._footprint(segment=s)] = False
        ok &= np.isin(self.status_code, [i for i, x in enumerate(self.statuses)
                                         if x in c.statuses])
        ok &= ~self.passenger_only
        if c.avoid_nodes:
            bad = np.concatenate([self.places.get(n, np.array([], dtype=np.int64))
                                  for n in c.avoid_nodes])
            ok &= ~(np.isin(self.tail, bad) | np.isin(self.head, bad))
            for n in c.avoid_nodes:
                ok[self._footprint(node=n)] = False
        return ok

    @property
    def passenger_only(self) -> np.ndarray:
        """Base arcs of lines freight does not use (:func:`.closures.passenger_lines`)."""
        if self._passenger is None:
            out = np.zeros(len(self.tail), dtype=bool)
            for line in self.passenger_lines:
                for m, first, ne in self.arc_base:
                    if m != line.mode:
                        continue
                    net = self.base[m]
                    xy = np.array(line.points)
                    near = net.within(xy[:, 0], xy[:, 1], line.radius_km)
                    edges = np.flatnonzero(near[net.u] | near[net.v])
                    out[first + edges] = out[first + ne + edges] = True
            self._passenger = out
        return self._passenger

    @property
    def parallel(self) -> np.ndarray:
        """Base arcs that run beside a curated line of their mode (its footprint).

        They weigh ``base_weight`` in the choice of a shortest route, so that
        the curated corridor, with its capacity, operator, sources and
        published length, carries the route where both run; elsewhere the
        base network is taken at its length.
        """
        if self._parallel is None:
            out = np.zeros(len(self.tail), dtype=bool)
            for seg in self.segment_arcs:
                out[self._footprint(segment=seg)] = True
            self._parallel = out
        return self._parallel

    def _footprint(self, *, segment: str | None = None, node: str | None = None) -> np.ndarray:
        """The base network's arcs that a closed curated segment or place closes too.

        A curated line is drawn through the places its sources name, and the
        base network holds the same track: closing the segment closes the
        base arcs of each chain (junction to junction) whose ends both lie
        within ``FOOTPRINT_KM`` of its line (of its mode); closing a place
        closes the base nodes within ``join_km`` of it.
        """
        import shapely

        key = (segment, node)
        if key in self._footprints:
            return self._footprints[key]
        if segment is not None:
            arcs = self.segment_arcs.get(segment, np.array([], dtype=np.int64))
            if not len(arcs):
                return np.array([], dtype=np.int64)
            d = self.graph.edges[self.edge_ref[int(arcs[0])]]
            mode, radius = d["mode"], FOOTPRINT_KM
            xy = np.vstack([shapely.get_coordinates(self.graph.edges[self.edge_ref[int(e)]]
                                                    ["geometry"]) for e in arcs])
        else:
            if node not in self.graph:
                return np.array([], dtype=np.int64)
            xy = np.array([self.position(node)])
            mode, radius = None, self.join_km
        out = []
        for m, first, ne in self.arc_base:
            if mode is not None and m != mode:
                continue
            net = self.base[m]
            near = net.within(xy[:, 0], xy[:, 1], radius)
            if segment:  # the chains from junction to junction whose ends are both near it
                a, b = net.chain_ends()
                edges = np.flatnonzero(near[a] & near[b])
            else:
                edges = np.flatnonzero(near[net.u] | near[net.v])
            out += [first + edges, first + ne + edges]
        self._footprints[key] = np.concatenate(out) if out else np.array([], dtype=np.int64)
        return self._footprints[key]

    def _order(self, fastest: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Arcs of finite weight sorted by tail, head and weight; their weights and keys."""
        if fastest not in self._orders:
            w = self.matrix[:, self.col_hours + 1] if fastest else self.matrix[:, 0].copy()
            if not fastest and self.base_weight != 1.0:
                w[self.parallel] *= self.base_weight
            idx = np.flatnonzero(np.isfinite(w))
            idx = idx[np.lexsort((w[idx], self.head[idx], self.tail[idx]))]  # stable: by arc
            # then a distinct hair more on each arc, so that no two paths tie: searched forwards
            # or backwards, the shortest path is the same one
            tie = _TIE * ((idx * 2654435761) % 2**32) / 2**32
            self._orders[fastest] = (idx, w[idx] + _EPS + tie,
                                     self.tail[idx] * self.n_states + self.head[idx])
        return self._orders[fastest]

    def _graph(self, c: Constraints, *, keep: bool = True) -> _Graph:
        """The open arcs under constraints as a sparse matrix (kept unless ``keep`` is false)."""
        if c in self._graphs:
            return self._graphs[c]
        from scipy.sparse import csr_matrix

        idx, weight, keys = self._order(c.fastest)
        open_ = self._open(c)
        ok = open_[idx]
        idx, weight, keys = idx[ok], weight[ok], keys[ok]
        first = np.r_[True, keys[1:] != keys[:-1]]  # the lightest of parallel arcs
        idx, weight, keys = idx[first], weight[first], keys[first]
        n = self.n_states
        indptr = np.r_[0, np.cumsum(np.bincount(self.tail[idx], minlength=n))]
        csr = csr_matrix((weight, self.head[idx], indptr), shape=(n, n))
        csr.has_canonical_format = True  # sorted by tail and head, one arc each
        g = _Graph(csr, idx, open_)
        if keep:
            if len(self._graphs) >= 16:
                self._graphs.pop(next(iter(self._graphs)))
            self._graphs[c] = g
        return g

    def _search(self, c: Constraints, sources: np.ndarray, *, reverse: bool = False
                ) -> tuple[list[np.ndarray], list[np.ndarray]]:
        """Distances and predecessors from each of ``sources``, or to each when ``reverse``.

        Kept for reuse. Backwards, the predecessor of a state is the next one
        on its way to the source.
        """
        from scipy.sparse.csgraph import dijkstra

        way = "to" if reverse else "from"
        keys = [(c, way, int(s)) for s in sources]
        todo = [k for k in keys if k not in self._searches]
        if todo:
            g = self._graph(c)
            csr = g.reversed() if reverse else g.csr
            dist, pred = dijkstra(csr, directed=True, indices=[k[2] for k in todo],
                                  return_predecessors=True)
            for k, d, p in zip(todo, dist, pred):
                self._searches[k] = (d, p.astype(np.int32))
        return self._kept(keys, len(sources))

    def _search_any(self, c: Constraints, sources: np.ndarray, targets: np.ndarray,
                    km: float = math.inf) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """One search from all of ``sources`` that reaches one of ``targets`` if any route does.

        Distances, predecessors and the nearest source, exact for every state
        that is reached. Where ``km`` (the geodesic between the places) is
        given, the search stops at a cost that most routes so far keep under,
        and goes on only if it reached no target. Kept, with its limit: a
        later search from the same sources (another destination of a matrix)
        reuses it while it reaches a target, and searches everywhere when not.
        """
        from scipy.sparse.csgraph import dijkstra

        key = _any_key(c, sources)
        kept = self._searches.get(key)
        if kept is None or not (kept[3] == math.inf or np.isfinite(kept[0][targets]).any()):
            per_km, plus = _FIRST_LIMIT[c.fastest]
            first = per_km * km + plus
            for limit in (first, _WIDER_LIMIT * first, math.inf) if kept is None else (math.inf,):
                dist, pred, nearest = dijkstra(self._graph(c).csr, directed=True,
                                               indices=key[2], return_predecessors=True,
                                               min_only=True, limit=limit)
                if limit == math.inf or np.isfinite(dist[targets]).any():
                    break
            self._searches[key] = kept = (dist, pred.astype(np.int32), nearest.astype(np.int32),
                                          limit)
            self._any_searches[c] += 1
        self._kept([key], 1)
        return kept[:3]

    def _kept(self, keys: list[tuple], n: int) -> tuple[list[np.ndarray], list[np.ndarray]]:
        rows = [self._searches[k] for k in keys]
        for k in keys:
            self._searches.move_to_end(k)
        while len(self._searches) > max(self.searches_kept, n):
            self._searches.popitem(last=False)
        return [row[0] for row in rows], [row[1] for row in rows]

    def distances(self, c: Constraints, source: str) -> np.ndarray:
        """Least cost (km, or hours when fastest) from ``source`` to every state, per its layer.

        Returns an array of shape (layers of ``source``, states).
        """
        return np.array(self._search(self.canonical(c), self.states_of(source))[0])

    def route(self, places: Sequence[str], c: Constraints | Sequence[Constraints], *,
              explain: bool = True) -> Path:
        """The best route through ``places`` (node ids, in order) under constraints.

        Parameters
        ----------
        places : sequence of str
            Origin, vias and destination, as curated node ids or base ids.
        c : Constraints or sequence of Constraints
            One set for the whole route, or one per leg between places.
        explain : bool, default True
            Where there is no route, work out which constraint blocks it. A
            caller that may not need to know asks :meth:`blockers` later.

        Raises
        ------
        corridors.exceptions.NoRouteError
            Saying which constraint blocks the route (its ``blockers``), when
            one does and ``explain`` is true.

        """
        if len(set(places)) < 2:  # said as it is: no constraint could be blamed
            raise NoRouteError(
                f"the origin and the destination are the same place, {self.name(places[0])}")
        legs = self._legs_of(places, c)
        try:
            return self._route(tuple(places), legs)
        except NoRouteError as exc:
            if not explain:
                raise
            blockers = self._blockers(tuple(places), legs)
            said = blocked_by(blockers)
            raise NoRouteError(f"{exc}; {said}", reason=exc.reason or said, blockers=blockers,
                               asked=str(exc)) from None

    def blockers(self, places: Sequence[str], c: Constraints | Sequence[Constraints]
                 ) -> tuple[Blocker, ...]:
        """The constraints each of which alone blocks a route through ``places``.

        What :meth:`route` explains a missing route by; none where the places
        are not connected even with every constraint lifted.
        """
        return self._blockers(tuple(places), self._legs_of(places, c))

    def _legs_of(self, places: Sequence[str], c: Constraints | Sequence[Constraints]
                 ) -> tuple[Constraints, ...]:
        """The canonical constraints of each leg between ``places``."""
        legs = (c,) * (len(places) - 1) if isinstance(c, Constraints) else c
        return tuple(map(self.canonical, legs))

    def _in_avoided(self, places: Sequence[str], legs: Sequence[Constraints]) -> str | None:
        """What is said when one of ``places`` lies in an avoided country."""
        avoided = frozenset().union(*(c.avoid_countries for c in legs))
        if not avoided:
            return None
        for p in places:
            if (country := self.country_of(p)) in avoided:
                return f"{self.name(p)} is in {country}, an avoided country"
        return None

    def _route(self, places: tuple[str, ...], legs: tuple[Constraints, ...]) -> Path:
        for p in places:
            if not len(self.states_of(p)):
                raise NoRouteError(f"{self.name(p)} is on no segment")
        if said := self._in_avoided(places, legs):
            raise NoRouteError(said, reason=said)
        states = [self._usable(p, legs[max(i - 1, 0): i + 1]) for i, p in enumerate(places)]
        if len(legs) == 1 and (path := self._within(places, legs[0], states)) is not None:
            return path
        chain = self._best_states(states, legs, places)
        if chain is None:
            label = " via ".join(self.name(p) for p in places[:-1])
            how = "; ".join(dict.fromkeys(c.describe() for c in legs))
            raise NoRouteError(f"no route from {label} to {self.name(places[-1])} with {how}")
        arcs = np.concatenate([self._leg(s, t, c, way, states[0])
                               for (s, t, way), c in zip(chain, legs)])
        path = Path(places, arcs, self._countries(arcs))
        if len(legs) == 1:
            self._routes.setdefault(places, {})[legs[0]] = (states, path)
            if len(self._routes) > 4096:
                self._routes.pop(next(iter(self._routes)))
        return path

    def _within(self, places: tuple[str, ...], c: Constraints, states: list[np.ndarray]
                ) -> Path | None:
        """A route found between ``places`` that is also the best under ``c``.

        One is when ``c`` only narrows the constraints it was found under (the
        same weights, no arc open that was closed, no state to start or end
        at that was not searched from) and leaves every arc of it open: the
        best of all routes is then the best of the fewer. A named route by
        rail alone thus takes the best route's path without a search of its own.
        """
        found = self._routes.get(places, {})
        if c in found:
            return found[c][1]
        for c0, (states0, path) in found.items():
            ends = (self.tail[path.edges[0]], self.head[path.edges[-1]])
            if (c0.fastest == c.fastest and self._narrower(c, c0)
                    and self._graph(c).open[path.edges].all()
                    and all(end in a and set(a.tolist()) <= set(b.tolist())
                            for a, b, end in zip(states, states0, ends))):
                return path
        return None

    def _narrower(self, c: Constraints, than: Constraints) -> bool:
        """Whether every arc open under ``c`` is open under ``than`` (kept)."""
        key = (c, than)
        if key not in self._narrowers:
            self._narrowers[key] = not (self._graph(c).open & ~self._graph(than).open).any()
        return self._narrowers[key]

    def _usable(self, place: str, legs: Sequence[Constraints]) -> np.ndarray:
        """A place's states in the modes of the legs it starts or ends (all, if none is): kept.

        Searching from the others is wasted: they reach the network only by a
        transfer to one of these, which costs more than starting there.
        """
        modes = legs[0].modes if len(legs) == 1 else frozenset().union(*(c.modes for c in legs))
        key = (place, modes)
        if key not in self._usable_states:
            if len(self._usable_states) >= 1 << 16:
                self._usable_states.clear()
            states = self.states_of(place)
            ok = _mode_mask(modes)[self.state_mode[states]]
            states = states[ok] if ok.any() else states
            states.flags.writeable = False
            self._usable_states[key] = states
        return self._usable_states[key]

    def _best_states(self, states: list[np.ndarray], legs: Sequence[Constraints],
                     places: Sequence[str]) -> list[tuple[int, int, str]] | None:
        """Each leg's first and last state and how it was searched; None if there is no route.

        Without vias: one search from all the origin's states, bounded by the
        geodesic to the destination (:meth:`_search_any`), or, after many
        such searches, a contraction hierarchy's path (:meth:`_hierarchy`). With vias,
        the first leg is searched backwards from the first via, and each
        later one from its start, so that only the vias are searched from.
        Places in parts of the network that no arc joins are not searched from,
        nor, without vias, places that no open arcs join (:meth:`_reachable`).
        """
        part = self.parts
        for a, b in pairwise(states):
            if set(part[b].tolist()).isdisjoint(part[a].tolist()):
                return None
        if len(legs) == 1:
            c = legs[0]
            # told by the components, without a search to the network's ends: once routes
            # under c are many enough to have searched or to have a hierarchy (finding the
            # components takes about 20 ms)
            if (self._any_searches[c] or c in self._hierarchies) and not self._reachable(
                    c, states[0], states[1]).any():
                return None
            if (h := self._hierarchy(c, states[0], states[1])) is not None:
                steps = h.path(states[0], states[1])
                if steps is None:
                    return None
                s, t = int(steps[0]), int(steps[-1])
                self._keep_leg(self._graph(c), (s, t, "ch"), steps)
                return [(s, t, "ch")]
            km = self.geodesic(places[0], places[1])[1] / 1000
            dist, _, nearest = self._search_any(c, states[0], states[1], km)
            d = dist[states[1]]
            if not np.isfinite(d).any():
                return None
            t = int(states[1][int(d.argmin())])
            return [(int(nearest[t]), t, "any")]
        # dynamic programming over the states of each place, leg by leg
        cost = np.zeros(len(states[0]))
        back = []
        for i, (prev, nxt, c) in enumerate(zip(states[:-1], states[1:], legs)):
            d = self._costs(c, prev, nxt, reverse=i == 0)
            if i:
                d = d + cost[:, None]
            back.append(d.argmin(axis=0))
            cost = d.min(axis=0)
        if not np.isfinite(cost).any():
            return None
        k = int(cost.argmin())
        chain = [int(states[-1][k])]
        for i in range(len(back) - 1, -1, -1):
            k = int(back[i][k])
            chain.append(int(states[i][k]))
        chain.reverse()
        return [(s, t, "to" if i == 0 else "from")
                for i, (s, t) in enumerate(pairwise(chain))]

    def _costs(self, c: Constraints, sources: np.ndarray, targets: np.ndarray, *,
               reverse: bool = False) -> np.ndarray:
        """Least costs from each of ``sources`` (rows) to each of ``targets``: kept.

        Searched from the targets backwards when ``reverse``. A named route's
        legs between its places are the same from every origin.
        """
        key = (c, reverse, tuple(sources.tolist()), tuple(targets.tolist()))
        got = self._leg_costs.get(key)
        if got is None:
            if reverse:
                got = np.array([row[sources] for row in
                                self._search(c, targets, reverse=True)[0]]).T
            else:
                got = np.array([row[targets] for row in self._search(c, sources)[0]])
            got.flags.writeable = False
            if len(self._leg_costs) >= 1 << 14:
                self._leg_costs.clear()
            self._leg_costs[key] = got
        return got

    def _leg(self, s: int, t: int, c: Constraints, way: str, origin: np.ndarray) -> np.ndarray:
        """Arcs of the shortest path from state ``s`` to ``t``, searched ``way`` (kept).

        ``way`` is ``"to"`` (backwards from ``t``), ``"from"`` (from ``s``),
        ``"any"`` (from all of ``origin``) or ``"ch"`` (by a contraction
        hierarchy, which keeps the arcs as it finds them).
        """
        g = self._graph(c)
        if (s, t, way) not in g.legs:
            if way == "to":  # backwards from t: each state's predecessor is its next
                pred, x, end = self._search(c, np.array([t]), reverse=True)[1][0], s, t
            else:
                pred = (self._search_any(c, origin, np.array([t]))[1] if way == "any"
                        else self._search(c, np.array([s]))[1][0])
                x, end = t, s
            # followed through a memoryview, whose items are Python ints: four times as fast
            # as through the array
            step, path = memoryview(pred), [x]
            while x != end:
                x = step[x]
                path.append(x)
            if way != "to":
                path.reverse()
            self._keep_leg(g, (s, t, way), np.array(path, dtype=np.int64))
        return g.legs[s, t, way]

    def _keep_leg(self, g: _Graph, key: tuple[int, int, str], steps: np.ndarray) -> None:
        """Keep the arcs of ``g`` from each of the states ``steps`` to the next, as ``key``.

        Each is found among its tail's arcs in the matrix, whose entries are
        sorted by tail and head, one for each: a few steps along the tail's
        row, where a binary search of all of them missed the cache at each step.
        """
        tail, head = steps[:-1], steps[1:]
        heads, at = g.csr.indices, g.csr.indptr[tail]
        todo = np.flatnonzero(heads[at] != head)
        while len(todo):
            at[todo] += 1
            todo = todo[heads[at[todo]] != head[todo]]
        g.legs[key] = g.idx[at]
        if len(g.legs) > 4096:
            g.legs.pop(next(iter(g.legs)))

    def _hierarchy(self, c: Constraints, sources: np.ndarray, targets: np.ndarray
                   ) -> Hierarchy | None:
        """The contraction hierarchy to route from ``sources`` to ``targets`` under ``c`` by.

        There is one once ``settings.hierarchy_after`` searches were made under
        ``c`` (built or loaded then, and kept; only the first
        :data:`HIERARCHIES_KEPT` constraints to get there have one), unless a
        search kept from these sources reaches a target, or the last
        :data:`RUN_SEARCHED` - 1 routes under ``c`` were from them too: a run of
        routes from one place (a matrix's row) is searched once, and the search
        answers the rest of it. Two routes in a row from one place (two
        comparisons from it, one after the other) take the hierarchy: a query
        costs a few percent of a search.
        """
        from .. import settings

        after = settings.hierarchy_after
        key = _any_key(c, sources)
        last, run = self._last_sources.get(c, (None, 0))
        run = run + 1 if last == key else 1
        self._last_sources[c] = (key, run)
        kept = self._searches.get(key)
        if (after is None or self._any_searches[c] < after or run >= RUN_SEARCHED
                or (kept is not None and np.isfinite(kept[0][targets]).any())
                or (c not in self._hierarchies and len(self._hierarchies) >= HIERARCHIES_KEPT)):
            return None
        if c not in self._hierarchies:
            from ._hierarchy import Hierarchy

            # it answers what the searches kept from places under c were kept for: their
            # memory is freed before it is loaded
            for k in [k for k in self._searches if k[:2] == (c, "any")]:
                del self._searches[k]
            try:
                self._hierarchies[c] = Hierarchy.of(self._graph(c).csr)
            except ImportError:  # scgraph without its compiled part: searches, as before
                self._hierarchies[c] = None
        return self._hierarchies[c]

    def _connected(self, states: list[np.ndarray], countries: frozenset[str | None],
                   legs: tuple[Constraints, ...]) -> bool:
        """Whether a route runs through places (their ``states``, ``countries``) under ``legs``.

        None does where one of the places lies in an avoided country. Leg by
        leg, as routes are searched: backwards from the first via, then
        forwards from each place's states reached (what each state reaches is
        kept, so that routes through the same vias share it).
        """
        if not countries.isdisjoint(frozenset().union(*(c.avoid_countries for c in legs))):
            return False
        if len(legs) == 1:
            return bool(self._reachable(legs[0], states[0], states[1]).any())
        reached = states[1][self._reachable(legs[0], states[0], states[1], reverse=True)]
        for nxt, c in zip(states[2:], legs[1:]):
            if not len(reached):
                return False
            reached = nxt[self._reachable(c, reached, nxt)]
        return bool(len(reached))

    def _reachable(self, c: Constraints, sources: np.ndarray, targets: np.ndarray, *,
                   reverse: bool = False) -> np.ndarray:
        """Which of ``targets`` some state of ``sources`` reaches, as a mask.

        Told by the components where they tell it (the same strong one: yes;
        no weak one shared: no), by searches otherwise: forwards from the
        sources, or backwards from the targets when ``reverse``.
        """
        strong, weak = self._components(c)
        hit = (strong[targets][:, None] == strong[sources]).any(axis=1)
        if weak is None:
            return hit
        for i in np.flatnonzero(~hit & (weak[targets][:, None] == weak[sources]).any(axis=1)):
            t = int(targets[i])
            hit[i] = (self._reach(c, t, reverse=True)[sources].any() if reverse else
                      any(self._reach(c, int(s))[t] for s in sources[weak[sources] == weak[t]]))
        return hit

    def _arcs(self, c: Constraints, reverse: bool):
        """The open arcs under constraints, unweighted, as a sparse matrix (kept).

        Its weights are views of one array of float64 ones: scipy would copy
        weights of any other type into float64 on every search.
        """
        key = (c, reverse)
        if key not in self._reach_graphs:
            from scipy.sparse import csr_matrix

            g = self._graphs.get(c) or self._graph(c, keep=False)
            csr = g.reversed() if reverse else g.csr
            if self._ones is None:  # as many as arcs: no graph has more
                self._ones = np.ones(len(self.tail))
            self._reach_graphs[key] = csr_matrix(
                (self._ones[: csr.nnz], csr.indices, csr.indptr), shape=csr.shape)
            if len(self._reach_graphs) > 64:
                self._reach_graphs.popitem(last=False)
        self._reach_graphs.move_to_end(key)
        return self._reach_graphs[key]

    def _components(self, c: Constraints) -> tuple[np.ndarray, np.ndarray | None]:
        """Strongly connected components of the open arcs; the weak ones where they differ (kept).

        Most networks' arcs run both ways, so the two are the same and a
        state reaches another exactly when they share a component.
        """
        if c not in self._parts_of:
            from scipy.sparse.csgraph import connected_components

            arcs = self._arcs(c, False)
            n, strong = connected_components(arcs, directed=True, connection="strong")
            n_weak, weak = connected_components(arcs, directed=True, connection="weak")
            self._parts_of[c] = (strong.astype(np.int32),
                                 None if n_weak == n else weak.astype(np.int32))
            if len(self._parts_of) > 64:
                self._parts_of.popitem(last=False)
        self._parts_of.move_to_end(c)
        return self._parts_of[c]

    def _reach(self, c: Constraints, s: int, *, reverse: bool = False) -> np.ndarray:
        """Which states ``s`` reaches (or which reach it, when ``reverse``): kept."""
        key = (c, s, reverse)
        if key not in self._reached:
            from scipy.sparse.csgraph import breadth_first_order

            seen = np.zeros(self.n_states, dtype=bool)
            seen[breadth_first_order(self._arcs(c, reverse), s, return_predecessors=False)] = True
            self._reached[key] = seen
            if len(self._reached) > 4 * self.searches_kept:
                self._reached.popitem(last=False)
        self._reached.move_to_end(key)
        return self._reached[key]

    def _blockers(self, places: tuple[str, ...], legs: tuple[Constraints, ...]
                  ) -> tuple[Blocker, ...]:
        """The constraints each of which alone blocks a route through ``places``."""
        everything, tries = self._relaxations(legs)
        if not tries:
            return ()
        states = [self.states_of(p) for p in places]
        countries = frozenset(map(self.country_of, places))
        if not self._connected(states, countries, everything):  # then none can
            return ()
        return tuple(b for b, relaxed in tries if self._connected(states, countries, relaxed))

    def _relaxations(self, legs: tuple[Constraints, ...]) -> tuple[tuple[Constraints, ...], list]:
        """The legs with every constraint lifted, and each constraint that might block them.

        Each blocker comes with the legs with it alone lifted. Kept: the named
        routes' legs have the same constraints from every place.
        """
        if legs in self._relaxed:
            return self._relaxed[legs]

        def relax(**change) -> tuple[Constraints, ...]:
            return tuple(replace(c, **{k: f(c) for k, f in change.items()}) for c in legs)

        tries = [
            (Blocker("avoid_countries", (x,)),
             relax(avoid_countries=lambda c, x=x: c.avoid_countries - {x}))
            for x in sorted(frozenset().union(*(c.avoid_countries for c in legs)))
        ]
        tries += [
            (Blocker("allow_passages" if p in DEFAULT_AVOIDED else "avoid_passages", (p,)),
             relax(avoid_passages=lambda c, p=p: c.avoid_passages - {p}))
            for p in sorted(frozenset().union(*(c.avoid_passages for c in legs)))
        ]
        tries += [
            (Blocker("avoid", (x,)), relax(avoid_segments=lambda c, x=x: c.avoid_segments - {x},
                                           avoid_nodes=lambda c, x=x: c.avoid_nodes - {x}))
            for x in sorted(frozenset().union(*(c.avoid_segments | c.avoid_nodes for c in legs)))
        ]
        shut = sorted({self.statuses[i] for i in np.unique(self.status_code[: self.n_curated])}
                      - frozenset().union(*(c.statuses for c in legs)))
        if shut:
            tries.append((Blocker("include_status", tuple(shut)),
                          relax(statuses=lambda c: c.statuses | frozenset(shut))))
        reopened = frozenset(cl.id for cl in self.closures)
        if self.closures:
            tries.append((Blocker("reopen", tuple(cl.id for cl in self.closures),
                                  tuple(cl.name for cl in self.closures)),
                          relax(reopen=lambda c: reopened)))
        if any(c.modes != frozenset(MODES) for c in legs):
            modes = tuple(sorted(frozenset().union(*(c.modes for c in legs))))
            tries.append((Blocker("modes", modes), relax(modes=lambda c: frozenset(MODES))))
        everything = relax(avoid_countries=lambda c: frozenset(),
                           avoid_passages=lambda c: frozenset(),
                           avoid_segments=lambda c: frozenset(), avoid_nodes=lambda c: frozenset(),
                           statuses=lambda c: frozenset(self.statuses),
                           reopen=lambda c: reopened, modes=lambda c: frozenset(MODES))
        if len(self._relaxed) >= 1024:
            self._relaxed.clear()
        self._relaxed[legs] = everything, tries
        return everything, tries

    # -- what a path is made of -----------------------------------------------
    def countries(self, path: Path) -> list[str]:
        """Countries entered, in order of travel (ISO3)."""
        return list(path.countries)

    def _countries(self, edges: np.ndarray) -> tuple[str, ...]:
        """Countries entered along edges, in order: each edge lists those it crosses, in order."""
        seq = self.order[edges].ravel()
        seq = seq[seq >= 0]
        if not len(seq):
            return ()
        names = self.countries_list
        return tuple(names[k] for k in dict.fromkeys(seq.tolist()))  # in order of first entry

    def km_by_country(self, edges: np.ndarray, route_of: np.ndarray | None = None,
                      n_routes: int = 1) -> np.ndarray:
        """Kilometres along ``edges`` in each country, indexed as :attr:`countries_index`.

        Given each edge's route (``route_of``, of ``n_routes``), those of each
        route: one row per route.
        """
        ck = self.country_km
        start = ck.indptr[edges]
        n = ck.indptr[edges + 1] - start
        at = np.repeat(start - np.cumsum(n) + n, n) + np.arange(n.sum())
        if route_of is None:
            return np.bincount(ck.indices[at], weights=ck.data[at], minlength=ck.shape[1])
        m = ck.shape[1]
        return np.bincount(np.repeat(route_of, n) * m + ck.indices[at], weights=ck.data[at],
                           minlength=n_routes * m).reshape(n_routes, m)

    def passages_of(self, edges: np.ndarray) -> list[str]:
        """Straits and canals traversed, in order of travel."""
        sea = edges[self.passage_bits[edges] != 0]
        return list(dict.fromkeys(p for e in sea.tolist() for p in self.passages.get(e, ())))

    def line(self, edges: np.ndarray) -> np.ndarray:
        """The route's line as an n×2 array of (lon, lat)."""
        xy, start, step, count = self._arc_points
        edges = np.asarray(edges, dtype=np.int64)
        start, step, count = start[edges], step[edges], count[edges]
        # point j of the line is the (j - before)th of its arc's points
        before = np.cumsum(count) - count
        return xy[np.repeat(start - step * before, count)
                  + np.repeat(step, count) * np.arange(count.sum())]

    @cached_property
    def _arc_points(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Every point that lines are drawn through, and where each arc's points lie among them.

        The points, (lon, lat): the curated lines, the states, then each
        base network's lines. Each arc's are ``count`` points from index
        ``start``, a ``step`` apart: a join or a transfer runs straight from
        its tail state to its head state; a curated transfer has none.
        """
        curated_xy, curated_start, curated_count = self._curated_points
        parts = [curated_xy, self._state_xy]
        at = len(curated_xy)
        start, step = at + self.tail, self.head - self.tail
        count = np.full(len(self.tail), 2)
        start[: self.n_curated], step[: self.n_curated] = curated_start, 1
        count[: self.n_curated] = curated_count
        at += self.n_states
        for mode, first, ne in self.arc_base:
            net = self.base[mode]
            edges = np.r_[np.arange(ne), np.arange(ne)]
            forward = np.arange(2 * ne) < ne
            arcs = slice(first, first + 2 * ne)
            start[arcs], step[arcs], count[arcs] = net.spans(edges, forward)
            start[arcs] += at
            parts.append(net.coords)
            at += len(net.coords)
        return (np.concatenate(parts), start.astype(np.int32), step.astype(np.int32),
                count.astype(np.int32))

    @cached_property
    def _state_xy(self) -> np.ndarray:
        """(lon, lat) of every state, as an array."""
        xy = np.zeros((self.n_states, 2))
        xy[: len(self.states)] = [self.position(n) for n in self.state_node]
        for mode, off in self.base_offset.items():
            net = self.base[mode]
            xy[off: off + net.n_nodes] = np.column_stack([net.lon, net.lat])
        return xy


@lru_cache(maxsize=64)
def _mode_mask(modes: frozenset[str]) -> np.ndarray:
    """Which of :data:`corridors.schema.MODES` are among ``modes``, as a boolean array."""
    mask = np.array([m in modes for m in MODES])
    mask.flags.writeable = False
    return mask


def _any_key(c: Constraints, sources: np.ndarray) -> tuple:
    """The key of a search from all of ``sources`` at once under ``c`` (``Router._search_any``)."""
    return (c, "any", tuple(sources.tolist()))


FOOTPRINT_KM = 15.0
"""How near a curated line the base network's track of it lies, for closing both together."""

KM_SOURCES: tuple[str, ...] = ("geodesic", "published", "osm_track")
"""Where an edge's kilometres come from: its line's geodesic length, a length its
sources publish (prorated over the part used), or the OpenStreetMap track."""
