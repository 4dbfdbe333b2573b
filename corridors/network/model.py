"""The network model: curated corridors, base networks, a router and a place index, as one object.

A :class:`Network` is built once and never changes: the curated graph
(:mod:`corridors.network.curated`), the base rail (and, when asked for, road)
networks (:mod:`corridors.network.base`), the closed crossings
(:mod:`corridors.network.closures`), the assumptions of the time model, and the
:class:`~corridors.network.routing.Router` over them. Comparisons take it
explicitly (``network.compare(origin, destination, options)``); the
module-level :func:`corridors.compare` uses :func:`default_network`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from ..options import Options

if TYPE_CHECKING:
    import geopandas as gpd
    import networkx as nx

    from ..assumptions import Assumptions
    from ..comparison import Comparison
    from .base import BaseNetwork
    from .closures import Closure, PassengerLine
    from .places import Place, PlaceIndex
    from .routing import Constraints, Router


@dataclass(frozen=True, eq=False)
class Network:
    """A routable network.

    Attributes
    ----------
    graph : networkx.MultiDiGraph
        The curated network; do not modify it.
    base : tuple of BaseNetwork
        The base networks joined to it.
    closures : tuple of Closure
    assumptions : Assumptions
    router : Router
    places : PlaceIndex
        The names of the curated places.

    Examples
    --------
    >>> net = default_network()
    >>> df = net.compare("Tbilisi", "Poti")
    >>> df.loc[0, "countries"]
    ['GEO']

    """

    graph: nx.MultiDiGraph
    base: tuple[BaseNetwork, ...]
    closures: tuple[Closure, ...]
    assumptions: Assumptions
    router: Router = field(repr=False)
    places: PlaceIndex = field(repr=False)

    @classmethod
    def build(cls, graph: nx.MultiDiGraph, assumptions: Assumptions, *,
              base: Sequence[BaseNetwork] = (), closures: Sequence[Closure] = (),
              passenger_lines: Sequence[PassengerLine] = (),
              join_km: float | None = None, base_weight: float | None = None) -> Network:
        """A network from its parts (small synthetic ones in tests, say).

        ``join_km`` and ``base_weight`` default to those of ``data/base_network.json``.
        """
        from .routing import Router

        if join_km is None or base_weight is None:
            from .base import config

            cfg = config()
            join_km = cfg["join_km"] if join_km is None else join_km
            base_weight = cfg["base_weight"] if base_weight is None else base_weight
        from .places import PlaceIndex

        router = Router(graph, assumptions, base=base, closures=closures,
                        passenger_lines=passenger_lines, join_km=join_km,
                        base_weight=base_weight)
        return cls(graph, tuple(base), tuple(closures), assumptions, router, PlaceIndex(graph))

    def with_assumptions(self, assumptions: Assumptions) -> Network:
        """The same network under other assumptions (a new router; the rest is shared)."""
        if assumptions is self.assumptions or assumptions == self.assumptions:
            return self
        return Network.build(self.graph, assumptions, base=self.base, closures=self.closures,
                             passenger_lines=self.router.passenger_lines,
                             join_km=self.router.join_km, base_weight=self.router.base_weight)

    def resolve(self, query: str, modes: Sequence[str] | None = None) -> Place:
        """The place a user means (see :func:`corridors.network.places.resolve`).

        Kept: the same query under the same modes and snap limits is the same
        place (a curated place that the modes do not serve snaps once).
        """
        from .. import settings
        from .places import resolve

        key = (query, None if modes is None else frozenset(modes), settings.snap_max_km,
               settings.terminal_snap_km)
        kept = self.__dict__.setdefault("_resolved", {})
        place = kept.get(key)
        if place is None:
            place = resolve(query, self.router, modes, index=self.places)
            if len(kept) >= 1 << 12:
                kept.clear()
            kept[key] = place
        return place

    def __getstate__(self) -> dict:  # stored, or sent to a worker, without the places kept
        return {k: v for k, v in self.__dict__.items() if k != "_resolved"}

    @cached_property
    def _segment_names(self) -> tuple[set[str], dict[str, set[str]]]:
        """Segment ids, and the segments of each system (by its casefolded name)."""
        ids: set[str] = set()
        by_system: dict[str, set[str]] = {}
        for _, _, d in self.graph.edges(data=True):
            ids.add(d["segment"])
            if d.get("system"):
                by_system.setdefault(d["system"].casefold(), set()).add(d["segment"])
        return ids, by_system

    def constraints(self, options: Options) -> Constraints:
        """Check the options and turn them into routing constraints.

        Names in ``options.avoid`` may be curated segment ids, systems (every
        segment of it), or places (the node a name resolves to).

        Raises
        ------
        corridors.exceptions.UnknownNameError
            For an unknown mode, passage, country, closure or thing to avoid.

        """
        if options.avoid:  # places among them resolve under the settings of the moment
            return self._constraints(options)
        kept = self._constraints_kept
        if options not in kept:
            if len(kept) >= 256:
                kept.clear()
            kept[options] = self._constraints(options)
        return kept[options]

    @cached_property
    def _constraints_kept(self) -> dict[Options, Constraints]:
        """The constraints of options that avoid nothing by name, as checked once."""
        return {}

    def _constraints(self, options: Options) -> Constraints:
        from ..exceptions import UnknownNameError
        from .routing import check_countries, constraints

        segments, nodes = set(), set()
        ids, by_system = self._segment_names
        for name in options.avoid:
            key = name.strip()
            if key in ids:
                segments.add(key)
            elif key.casefold() in by_system:
                segments |= by_system[key.casefold()]
            else:
                try:
                    place = self.resolve(key)
                except UnknownNameError:
                    raise UnknownNameError(
                        "segment, system or place to avoid", key,
                        sorted(ids | {s for _, _, s in self.graph.edges(data="system") if s}),
                    ) from None
                if place.snap_km:
                    raise UnknownNameError("place on the network to avoid", key,
                                           sorted(self.router.places))
                nodes.add(place.id)
        known = {c.id for c in self.closures}
        for r in options.reopen:
            if r not in known:
                raise UnknownNameError("closed crossing", r, sorted(known))
        c = constraints(
            modes=options.modes, avoid_countries=options.avoid_countries,
            avoid_passages=options.avoid_passages, allow_passages=options.allow_passages,
            fastest=options.fastest, avoid_segments=segments, avoid_nodes=nodes,
            reopen=options.reopen, include_statuses=options.include_status,
        )
        check_countries(c.avoid_countries, self.router.countries_index)
        return c

    def compare(self, origin: str, destination: str, options: Options | None = None
                ) -> gpd.GeoDataFrame:
        """Compare routes between two places (see :func:`corridors.compare`)."""
        return self.comparison(origin, destination, options).frame()

    def comparison(self, origin: str, destination: str, options: Options | None = None
                   ) -> Comparison:
        """The same comparison as records and paths, with no GeoDataFrame made.

        See :func:`corridors.comparison.compare_routes`.

        Examples
        --------
        >>> c = default_network().comparison("Baku", "Kars")
        >>> c.records[0]["countries"]
        ['AZE', 'GEO', 'TUR']

        """
        from ..comparison import compare_routes

        return compare_routes(self, origin, destination, options)

    def route(self, origin: str, destination: str, options: Options | None = None
              ) -> gpd.GeoDataFrame:
        """The best route alone (see :func:`corridors.route`)."""
        from ..comparison import route_on

        return route_on(self, origin, destination, options or Options())


def default_network(*, files: Sequence[str | Path] = (), assumptions=None,
                    road: bool = False) -> Network:
    """The network of every curated dataset and the user's files, over the base networks.

    Parameters
    ----------
    files : sequence of str or pathlib.Path
        The user's own corridor files, joined to the curated network.
    assumptions : str, pathlib.Path or Assumptions, optional
        ``data/assumptions.json`` by default.
    road : bool, default False
        Also join the base road network (for comparisons that allow road).

    Returns
    -------
    Network
        Built once per set of inputs in a process (each piece is also cached
        on disk: see ``settings.use_cache``).

    Examples
    --------
    >>> default_network().router.base["rail"].mode
    'rail'

    """
    from .. import settings
    from ..assumptions import Assumptions, load_assumptions

    a = assumptions if isinstance(assumptions, Assumptions) else load_assumptions(assumptions)
    keys = tuple(
        (str(Path(f).resolve()), Path(f).stat().st_mtime_ns if Path(f).exists() else 0)
        for f in files
    )
    net = _network(keys, str(settings.resolved_data_dir()), settings.base_networks, road)
    return net.with_assumptions(a)


@lru_cache(maxsize=4)
def _network(keys, data_dir: str, with_base: bool, road: bool) -> Network:
    """The default network: loaded from the cache, or built (and cached)."""
    from .. import _cache, settings
    from .curated import _cache_file

    cached = (_cache_file(keys, True, data_dir, kind="road" if road else "rail")
              if settings.use_cache and with_base else None)
    net = _cache.load(cached, Network) if cached is not None else None
    if net is None:
        net = _build(keys, with_base, road)
        if cached is not None:
            net.router.prepare()  # what every comparison needs, built before it is stored
            _cache.store(cached, net)
    return net


def _build(keys, with_base: bool, road: bool) -> Network:
    from ..assumptions import load_assumptions
    from .base import base_network
    from .closures import closures, passenger_lines
    from .curated import corridor_graph

    graph = corridor_graph(files=[k for k, _ in keys])
    base = ()
    if with_base:
        base = (base_network("rail"), *((base_network("road"),) if road else ()))
    return Network.build(graph, load_assumptions(), base=base, closures=closures(),
                         passenger_lines=passenger_lines() if with_base else ())
