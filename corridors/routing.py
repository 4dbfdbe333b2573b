"""Shortest and fastest routes through the corridor network, under constraints.

The network (:mod:`corridors.network`) is expanded into a layered graph whose
states are (place, mode, gauge). Segments join states of one layer; transfer
edges join the layers of one place: a change of mode at ports and terminals
(a transshipment, with the port dwell), a change of gauge at gauge-break
stations (with the gauge-break dwell). Every edge carries a vector of metrics
(km by mode and country, crossings, transfers, hours, CO2), so the metrics of a
route are sums over its edges. Shortest paths come from
``scipy.sparse.csgraph.dijkstra``, cached per set of constraints.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from itertools import pairwise
from typing import TYPE_CHECKING

import numpy as np

from .assumptions import Assumptions
from .exceptions import NoRouteError, UnknownNameError
from .network import FREIGHT_MODES, TRANSFER_KINDS
from .schema import MODES

if TYPE_CHECKING:
    import networkx as nx

_EPS = 1e-9  # csgraph drops zero-weight edges; free transfers get a token weight


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
        Straits and canals (names of :data:`corridors.sea.PASSAGES`) it may not traverse.
    fastest : bool
        Minimise central transit time instead of kilometres.

    """

    modes: frozenset[str] = frozenset(FREIGHT_MODES)
    avoid_countries: frozenset[str] = frozenset()
    avoid_passages: frozenset[str] = frozenset()
    fastest: bool = False

    def describe(self) -> str:
        """One line naming the constraints, as command-line options.

        Examples
        --------
        >>> Constraints(avoid_countries=frozenset({"RUS"})).describe()
        '--modes ferry,rail,road,sea --avoid-country RUS'

        """
        parts = [f"--modes {','.join(sorted(self.modes))}"]
        if self.avoid_countries:
            parts.append(f"--avoid-country {','.join(sorted(self.avoid_countries))}")
        if self.avoid_passages:
            parts.append(f"--avoid-passage {','.join(sorted(self.avoid_passages))}")
        return " ".join(parts)


def constraints(
    *,
    modes: Iterable[str] | None = None,
    avoid_countries: Iterable[str] = (),
    avoid_passages: Iterable[str] = (),
    fastest: bool = False,
) -> Constraints:
    """Check and bundle routing constraints.

    Raises
    ------
    corridors.exceptions.UnknownNameError
        For an unknown mode or passage, with suggestions (country codes:
        :func:`check_countries`).

    Examples
    --------
    >>> constraints(modes=["Rail", "ferry"], avoid_countries=["rus"]).avoid_countries
    frozenset({'RUS'})

    """
    from .sea import PASSAGES

    chosen = frozenset(m.strip().lower() for m in (modes if modes is not None else FREIGHT_MODES))
    for m in chosen:
        if m not in MODES:
            raise UnknownNameError("mode", m, MODES)
    passages = frozenset(p.strip().lower() for p in avoid_passages)
    for p in passages:
        if p not in PASSAGES:
            raise UnknownNameError("passage", p, PASSAGES)
    return Constraints(
        chosen, frozenset(c.strip().upper() for c in avoid_countries), passages, fastest
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
        from .boundaries import iso3

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


class Router:
    """Routing and per-edge metrics over a corridor graph, for one set of assumptions.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        From :func:`corridors.network.graph_from_segments`.
    assumptions : corridors.assumptions.Assumptions

    Examples
    --------
    >>> from corridors.assumptions import load_assumptions
    >>> from corridors.network import corridor_graph
    >>> r = Router(corridor_graph(), load_assumptions())
    >>> p = r.route(["xian", "duisburg"], constraints(avoid_countries=["RUS"]))
    >>> "RUS" in r.countries(p)
    False

    """

    def __init__(self, graph: nx.MultiDiGraph, assumptions: Assumptions) -> None:
        self.graph, self.assumptions = graph, assumptions
        self.assumptions_label = assumptions.label
        self._solved: dict[Constraints, tuple] = {}
        self._build()

    # -- the layered graph -------------------------------------------------
    def _build(self) -> None:
        g = self.graph
        states: dict[tuple[str, str, int], int] = {}

        def state(node: str, mode: str, gauge: int) -> int:
            return states.setdefault((node, mode, gauge), len(states))

        arcs = []  # (tail, head, graph edge data or None, transfer kind, node)
        for u, v, key, d in g.edges(keys=True, data=True):
            gauge = (d["gauge_mm"] or 0) if d["mode"] == "rail" else 0
            arcs.append((state(u, d["mode"], gauge), state(v, d["mode"], gauge), (u, v, key), None))
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
                        arcs.append((s1, s2, None, (transfer, node)))
        self.states = states
        self.state_mode = np.array([m for _, m, _ in states], dtype=object)
        self.places: dict[str, np.ndarray] = {
            n: np.array([s for _, _, s in layers]) for n, layers in by_node.items()
        }
        self.tail = np.array([t for t, _, _, _ in arcs], dtype=np.int64)
        self.head = np.array([h for _, h, _, _ in arcs], dtype=np.int64)
        self.edge_ref = [ref for _, _, ref, _ in arcs]
        self.transfer = [tr for _, _, _, tr in arcs]
        self._metrics()

    def _metrics(self) -> None:
        """One row of metrics per edge of the layered graph."""
        from .sea import PASSAGES

        g, a = self.graph, self.assumptions
        countries = sorted(
            {c for *_, d in g.edges(data="km_by_country") for c in d}
            | {c for _, c in g.nodes(data="country") if c}
        )
        self.countries_index = {c: i for i, c in enumerate(countries)}
        self.passage_bit = {p: 1 << i for i, p in enumerate(PASSAGES)}
        n = len(self.edge_ref)
        nm, nc = len(MODES), len(countries)
        # columns: km, km by mode, km by country, crossings, mode changes, gauge breaks,
        # hours low/central/high, CO2 g per tonne
        self.col_mode, self.col_country = 1, 1 + nm
        c = 1 + nm + nc
        self.col_cross, self.col_change, self.col_gauge, self.col_hours, self.col_co2 = (
            c,
            c + 1,
            c + 2,
            c + 3,
            c + 6,
        )
        m = np.zeros((n, c + 7))
        bits = np.zeros(n, dtype=np.int64)
        self.order: list[tuple[str, ...]] = []
        self.passages: list[tuple[str, ...]] = []
        capacity = np.full(n, np.nan)
        self.capacity_unit: list[str | None] = []
        self.segment: list[str | None] = []
        touched = np.zeros((n, nc), dtype=bool)
        speeds = a.speed_km_per_h
        for i, (ref, tr) in enumerate(zip(self.edge_ref, self.transfer)):
            if ref is None:
                kind, node = tr
                if kind in ("port", "gauge_break"):
                    m[i, self.col_change if kind == "port" else self.col_gauge] = 1
                    m[i, self.col_hours : self.col_hours + 3] = a.dwell_h[kind]
                country = g.nodes[node]["country"]
                if country:
                    touched[i, self.countries_index[country]] = True
                self.order.append(())
                self.passages.append(())
                self.capacity_unit.append(None)
                self.segment.append(None)
                continue
            u, v, key = ref
            d = g.edges[u, v, key]
            km, mode = d["km"], d["mode"]
            m[i, 0] = km
            m[i, self.col_mode + MODES.index(mode)] = km
            for cc, k in d["km_by_country"].items():
                m[i, self.col_country + self.countries_index[cc]] = k
                touched[i, self.countries_index[cc]] = cc != "sea" and k > 0
            seq = self._crossing_sequence(u, v, d)
            for end in (u, v):
                if g.nodes[end]["country"]:
                    touched[i, self.countries_index[g.nodes[end]["country"]]] = True
            m[i, self.col_cross] = len(seq) - 1
            customs = sum(a.customs_border(x, y) for x, y in pairwise(seq))
            dwell = customs * np.array(a.dwell_h["border"])
            if mode in speeds:
                lo, mid, hi = speeds[mode]
                run = np.array([km / hi, km / mid, km / lo])
                m[i, self.col_hours : self.col_hours + 3] = run + dwell
            else:
                m[i, self.col_hours : self.col_hours + 3] = np.nan
            m[i, self.col_co2] = km * a.co2_g_per_tkm.get(mode, np.nan)
            for p in d["passages"]:
                bits[i] |= self.passage_bit.get(p, 0)
            self.order.append(
                tuple(cc for cc, k in d["km_by_country"].items() if cc != "sea" and k > 0)
            )
            self.passages.append(d["passages"])
            capacity[i] = np.nan if d["capacity"] is None else d["capacity"]
            self.capacity_unit.append(d["capacity_unit"])
            self.segment.append(d["segment"])
        self.matrix, self.passage_bits = m, bits
        self.touched, self.capacity = touched, capacity
        # capacity unit of each edge by index into self.units; -1 where no capacity is known
        self.units = sorted({u for u in self.capacity_unit if u})
        self.unit_code = np.array([self.units.index(u) if u else -1 for u in self.capacity_unit])
        self.unit_code[np.isnan(capacity)] = -1
        self.tail_mode = np.array([MODES.index(x) for x in self.state_mode[self.tail]])
        self.head_mode = np.array([MODES.index(x) for x in self.state_mode[self.head]])

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

    # -- solving -------------------------------------------------------------
    def _open(self, c: Constraints) -> np.ndarray:
        allowed_modes = np.array([m in c.modes for m in MODES])
        # a transfer opens when either of its layers is allowed, so that goods can change
        # mode where one leg of a route meets the next
        ok = allowed_modes[self.tail_mode] | allowed_modes[self.head_mode]
        if c.avoid_passages:
            mask = sum(self.passage_bit[p] for p in c.avoid_passages)
            ok &= (self.passage_bits & mask) == 0
        avoid = [self.countries_index[x] for x in c.avoid_countries if x in self.countries_index]
        if avoid:
            ok &= ~self.touched[:, avoid].any(axis=1)
        return ok

    def _solve(self, c: Constraints):
        """Solve all pairs of states under constraints (once per set of constraints).

        Returns distances, predecessors, sorted (tail, head) keys with their
        edges, and a cache of legs.
        """
        if c in self._solved:
            return self._solved[c]
        from scipy.sparse import csr_matrix
        from scipy.sparse.csgraph import dijkstra

        w = self.matrix[:, self.col_hours + 1] if c.fastest else self.matrix[:, 0]
        ok = self._open(c) & np.isfinite(w)
        idx = np.flatnonzero(ok)
        weight = w[idx] + _EPS
        order = np.lexsort((weight, self.head[idx], self.tail[idx]))
        idx, weight = idx[order], weight[order]
        n = len(self.states)
        keys = self.tail[idx] * n + self.head[idx]
        first = np.r_[True, keys[1:] != keys[:-1]]
        idx, weight, keys = idx[first], weight[first], keys[first]
        csr = csr_matrix((weight, (self.tail[idx], self.head[idx])), shape=(n, n))
        dist, pred = dijkstra(csr, directed=True, return_predecessors=True)
        solved = (dist, pred, keys, idx, {})
        self._solved[c] = solved
        return solved

    def route(self, places: Sequence[str], c: Constraints | Sequence[Constraints]) -> Path:
        """The best route through ``places`` (node ids, in order) under constraints.

        Parameters
        ----------
        places : sequence of str
            Origin, vias and destination, as node ids.
        c : Constraints or sequence of Constraints
            One set for the whole route, or one per leg between places.

        Raises
        ------
        corridors.exceptions.NoRouteError
            Saying which constraint blocks the route, when one does.

        """
        if len(set(places)) < 2:  # said as it is: no constraint could be blamed
            name = self.graph.nodes[places[0]]["name"] if places[0] in self.graph else places[0]
            raise NoRouteError(f"the origin and the destination are the same place, {name}")
        legs = (c,) * (len(places) - 1) if isinstance(c, Constraints) else tuple(c)
        try:
            return self._route(tuple(places), legs)
        except NoRouteError as exc:
            blocker = self._blocker(tuple(places), legs)
            raise NoRouteError(f"{exc}{blocker}",
                               reason=exc.reason or blocker.removeprefix("; ")) from None

    def _route(self, places: tuple[str, ...], legs: tuple[Constraints, ...]) -> Path:
        names = self.graph.nodes
        avoided = frozenset().union(*(c.avoid_countries for c in legs))
        for p in places:
            if p not in self.places:
                raise NoRouteError(f"{names[p]['name'] if p in names else p} is on no segment")
            if avoided and (country := names[p]["country"]) in avoided:
                said = f"{names[p]['name']} is in {country}, an avoided country"
                raise NoRouteError(said, reason=said)
        solved = [self._solve(c) for c in legs]
        states = [self.places[p] for p in places]
        chain = self._best_states(states, [dist for dist, *_ in solved])
        if chain is None:
            label = " via ".join(names[p]["name"] for p in places[:-1])
            how = "; ".join(dict.fromkeys(c.describe() for c in legs))
            raise NoRouteError(f"no route from {label} to {names[places[-1]]['name']} with {how}")
        legs_ = [self._leg(s, t, sv) for s, t, sv in zip(chain[:-1], chain[1:], solved)]
        countries = tuple(dict.fromkeys(c for _, cs in legs_ for c in cs))
        return Path(places, np.concatenate([arcs for arcs, _ in legs_]), countries)

    @staticmethod
    def _best_states(states: list[np.ndarray], dists: list[np.ndarray]) -> list[int] | None:
        """The state (layer) of each place on the best route, or None if there is none."""
        # dynamic programming over the states of each place, leg by leg
        cost = np.zeros(len(states[0]))
        back = []
        for prev, nxt, dist in zip(states[:-1], states[1:], dists):
            d = dist[prev[:, None], nxt] + cost[:, None]
            back.append(d.argmin(axis=0))
            cost = d.min(axis=0)
        if not np.isfinite(cost).any():
            return None
        k = int(cost.argmin())
        chain = [int(states[-1][k])]
        for i in range(len(back) - 1, -1, -1):
            k = int(back[i][k])
            chain.append(int(states[i][k]))
        return chain[::-1]

    def _leg(self, s: int, t: int, solved: tuple) -> tuple[np.ndarray, tuple[str, ...]]:
        """Edges and countries of the shortest path between two states (cached)."""
        _, preds, keys, idx, legs = solved
        if (s, t) not in legs:
            pred = preds[s]
            leg = [t]
            while leg[-1] != s:
                leg.append(int(pred[leg[-1]]))
            path = np.array(leg[::-1])
            arcs = idx[np.searchsorted(keys, path[:-1] * len(self.states) + path[1:])]
            legs[s, t] = (arcs, self._countries(arcs))
        return legs[s, t]

    def _blocker(self, places: tuple[str, ...], legs: tuple[Constraints, ...]) -> str:
        """Name the single constraint whose removal lets a route through, if any."""

        def relax(**change) -> tuple[Constraints, ...]:
            return tuple(replace(c, **{k: f(c) for k, f in change.items()}) for c in legs)

        tries = [
            (f"--avoid-country {x}", relax(avoid_countries=lambda c, x=x: c.avoid_countries - {x}))
            for x in sorted(frozenset().union(*(c.avoid_countries for c in legs)))
        ]
        tries += [
            (f"--avoid-passage {p}", relax(avoid_passages=lambda c, p=p: c.avoid_passages - {p}))
            for p in sorted(frozenset().union(*(c.avoid_passages for c in legs)))
        ]
        if any(c.modes != frozenset(MODES) for c in legs):
            modes = ",".join(sorted(frozenset().union(*(c.modes for c in legs))))
            tries.append((f"--modes {modes}", relax(modes=lambda c: frozenset(MODES))))
        blocking = []
        for label, relaxed in tries:
            try:
                self._route(places, relaxed)
            except NoRouteError:
                continue
            blocking.append(label)
        if not blocking:
            return "; no single constraint blocks it: the places are not connected"
        return f"; blocked by {' or by '.join(blocking)}"

    # -- what a path is made of -----------------------------------------------
    def countries(self, path: Path) -> list[str]:
        """Countries entered, in order of travel (ISO3)."""
        return list(path.countries)

    def _countries(self, edges: np.ndarray) -> tuple[str, ...]:
        """Countries entered along edges, in order: each edge lists those it crosses, in order."""
        return tuple(dict.fromkeys(c for e in edges.tolist() for c in self.order[e]))
