"""Origin–destination matrices: every comparison between lists of places, under scenarios.

A matrix compares each origin with each destination (or only the listed
pairs) under each scenario, a named set of :class:`~corridors.options.Options`,
and returns one tidy row per route: ``origin``, ``destination``,
``scenario``, then every metric of :data:`corridors.comparison.METRICS`
(mappings and lists as JSON text, so that Parquet and CSV take them), and
``no_route``: why a pair has no route (one row for it, with no metrics).

Work is shared across pairs: each place is resolved once per set of modes,
each scenario's options are checked once, and the pairs from one origin run
one after another, so that the router's searches from that origin (and from
the named routes' places) are reused. Tasks are chunks of origins; they run
in this process, or on the workers of a ``dask.distributed`` cluster, each
of which loads the network once from the on-disk cache (:mod:`corridors._dask`).
Every engine gives the same rows in the same order.

The module itself is callable, so ``corridors.matrix(...)`` is :func:`matrix`:

>>> import corridors
>>> df = corridors.matrix(["Tbilisi"], ["Poti", "Batumi"])
>>> df[["destination", "route", "km_total"]].values.tolist()
[['Poti', 'Shortest route', 312.1], ['Batumi', 'Shortest route', 333.7]]
"""

from __future__ import annotations

import json
import math
import sys
import types
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .comparison import METRICS
from .exceptions import CorridorsError, DataError, NoRouteError
from .options import Options

if TYPE_CHECKING:
    import pandas as pd

    from .network.model import Network
    from .network.places import Place
    from .network.routing import Constraints

DEFAULT_SCENARIO = "default"
"""The name of the one scenario of a matrix that is given none (the default options)."""

CHUNK_ORIGINS = 4
"""Origins per task (and per partition of the output)."""

KEYS: tuple[str, ...] = ("origin", "destination", "scenario")
COLUMNS: tuple[str, ...] = (*KEYS, *METRICS, "no_route")
"""The columns of a matrix, in order."""

_JSON = ("km_source", "km_by_mode", "km_by_country", "countries", "passages", "exposure_km",
         "bottleneck")
_INT = ("border_crossings", "mode_changes", "gauge_breaks")
_FLOAT = ("km_total", "days_low", "days_central", "days_high", "exposure_share",
          "co2_kg_per_tonne")
_ORDER = ("_o", "_d", "_s", "_r")  # positions of origin, destination, scenario, route
_SAME_PLACE = "the origin and the destination are the same place"
_NO_ROUTE = "no route under the scenario's constraints"


class ChunkError(RuntimeError):
    """A chunk of a matrix failed on a pair: a bug, not bad input.

    Attributes
    ----------
    chunk : int
    origin, destination, scenario : str
        The pair (and its scenario) that raised.

    """

    def __init__(self, chunk: int, origin: str, destination: str, scenario: str,
                 error: str) -> None:
        self.chunk, self.origin, self.destination, self.scenario = (
            chunk, origin, destination, scenario)
        super().__init__(f"chunk {chunk} failed on {origin} to {destination} "
                         f"(scenario {scenario}): {error}")

    def __reduce__(self):  # to cross processes with its attributes
        return ChunkError, (self.chunk, self.origin, self.destination, self.scenario,
                            str(self).split("): ", 1)[1])


# -- input ---------------------------------------------------------------
@dataclass(frozen=True)
class Places:
    """Places of a matrix: a label each (unique) and what is resolved.

    Attributes
    ----------
    labels : tuple of str
        As written in the output.
    queries : tuple of str
        What :meth:`corridors.network.model.Network.resolve` is given: a name or ``"lat,lon"``.
    rows : tuple of int
        The row of each in its file, counted from 1 after the header (for messages).
    path : str or None
        The file they came from.

    """

    labels: tuple[str, ...]
    queries: tuple[str, ...]
    rows: tuple[int, ...] = ()
    path: str | None = None

    def __len__(self) -> int:
        return len(self.labels)

    def drop(self, labels: Iterable[str]) -> Places:
        """These places less ``labels``."""
        gone = set(labels)
        keep = [i for i, lab in enumerate(self.labels) if lab not in gone]
        return Places(tuple(self.labels[i] for i in keep), tuple(self.queries[i] for i in keep),
                      tuple(self.rows[i] for i in keep) if self.rows else (), self.path)

    def where(self, i: int) -> str:
        """The file and row of place ``i``, for messages."""
        row = self.rows[i] if self.rows else i + 1
        return f"{self.path}, row {row}" if self.path else f"place {row}"


def places_of(given: Places | Sequence[str] | pd.DataFrame, *, path: str | None = None
              ) -> Places:
    """Places from names (or ``"lat,lon"`` strings), or from a table.

    A table has a ``name`` column, or ``lat`` and ``lon`` columns (then the
    name, where given, is the label), or point geometries (a GeoDataFrame).

    Raises
    ------
    corridors.exceptions.DataError
        For a table with none of those columns, an empty or bad cell, or a
        label given twice; naming the file and the row.

    Examples
    --------
    >>> places_of(["Tbilisi", "41.6,41.6"]).queries
    ('Tbilisi', '41.6,41.6')

    """
    if isinstance(given, Places):
        return given
    if isinstance(given, (str, Path)):
        raise TypeError("give a sequence of places, or read a file with read_places()")
    if hasattr(given, "columns"):
        return _table_places(given, path)
    labels = tuple(str(g) for g in given)
    for i, lab in enumerate(labels):
        if not lab.strip():
            raise DataError("a place is empty", path=path, row=i + 1)
    return _unique(Places(labels, labels, tuple(range(1, len(labels) + 1)), path))


def _table_places(df, path: str | None) -> Places:
    import pandas as pd

    cols = {str(c).strip().lower(): c for c in df.columns}
    geom = getattr(df, "geometry", None) if "geometry" in cols else None
    has_xy = "lat" in cols and "lon" in cols
    if "name" not in cols and not has_xy and geom is None:
        raise DataError("needs a 'name' column, or 'lat' and 'lon' columns", path=path)
    labels, queries = [], []
    for i in range(len(df)):
        row = df.iloc[i]
        name = row[cols["name"]] if "name" in cols else None
        name = None if name is None or (not isinstance(name, str) and pd.isna(name)) else str(name)
        query = None
        if has_xy or geom is not None:
            if has_xy:
                lat, lon = row[cols["lat"]], row[cols["lon"]]
            else:
                g = geom.iloc[i]
                if g is None or g.is_empty or g.geom_type != "Point":
                    raise DataError(f"place {name or ''!r} has no point geometry".replace(
                        "'' ", ""), path=path, row=i + 1)
                lat, lon = g.y, g.x
            try:
                lat, lon = float(lat), float(lon)
            except (TypeError, ValueError):
                raise DataError(f"place {name or ''!r}: lat and lon must be numbers",
                                path=path, row=i + 1) from None
            if math.isfinite(lat) and math.isfinite(lon):
                query = f"{lat:.6g},{lon:.6g}"
            elif not (math.isnan(lat) and math.isnan(lon) and name and name.strip()):
                raise DataError(f"place {name or ''!r} has a lat or a lon, not both",
                                path=path, row=i + 1)
        if name is not None and not name.strip():
            name = None
        if name is None and query is None:
            raise DataError("the place has no name", path=path, row=i + 1, field="name")
        labels.append(name.strip() if name else query)
        queries.append(query or name.strip())
    return _unique(Places(tuple(labels), tuple(queries), tuple(range(1, len(df) + 1)), path))


def _unique(p: Places) -> Places:
    seen: dict[str, int] = {}
    for i, lab in enumerate(p.labels):
        if lab in seen:
            raise DataError(f"place {lab!r} is listed twice (also {p.where(seen[lab])})",
                            path=p.path, row=p.rows[i] if p.rows else i + 1)
        seen[lab] = i
    return p


def read_places(path: str | Path) -> Places:
    """Places from a CSV file (``name``, or ``lat`` and ``lon`` columns) or GeoParquet.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "o.csv"
    >>> _ = f.write_text(chr(10).join(["name,lat,lon", "Tbilisi,,", "Poti,42.15,41.67"]))
    >>> p = read_places(f)
    >>> p.labels, p.queries
    (('Tbilisi', 'Poti'), ('Tbilisi', '42.15,41.67'))

    """
    path = Path(path)
    if not path.is_file():
        raise DataError("no such file", path=path)
    suffix = path.suffix.lower()
    try:
        if suffix in (".parquet", ".geoparquet"):
            import geopandas as gpd
            import pyarrow.parquet as pq

            meta = pq.read_schema(path).metadata or {}
            if b"geo" in meta:
                df = gpd.read_parquet(path)
            else:
                import pandas as pd

                df = pd.read_parquet(path)
        elif suffix in (".csv", ".txt", ""):
            import pandas as pd

            df = pd.read_csv(path, dtype=str, keep_default_na=False, skipinitialspace=True)
            for c in df.columns:
                if str(c).strip().lower() in ("lat", "lon"):
                    df[c] = df[c].replace("", float("nan"))
        else:
            raise DataError("give places as CSV (.csv) or GeoParquet (.parquet)", path=path)
    except CorridorsError:
        raise
    except Exception as exc:  # a malformed file: the reader's own words
        raise DataError(f"cannot read places: {' '.join(str(exc).split())}", path=path) from None
    return places_of(df, path=str(path))


def read_pairs(path: str | Path) -> list[tuple[str, str]]:
    """Listed pairs from a CSV file with ``origin`` and ``destination`` columns (labels)."""
    import pandas as pd

    path = Path(path)
    if not path.is_file():
        raise DataError("no such file", path=path)
    try:
        df = pd.read_csv(path, dtype=str, keep_default_na=False)
    except Exception as exc:
        raise DataError(f"cannot read pairs: {' '.join(str(exc).split())}", path=path) from None
    cols = {str(c).strip().lower(): c for c in df.columns}
    if "origin" not in cols or "destination" not in cols:
        raise DataError("needs 'origin' and 'destination' columns", path=path)
    out = []
    for i, (o, d) in enumerate(zip(df[cols["origin"]], df[cols["destination"]])):
        if not o.strip() or not d.strip():
            raise DataError("the pair is missing a place", path=path, row=i + 1)
        out.append((o.strip(), d.strip()))
    return out


def scenarios_of(doc: Mapping[str, Any] | None, *, path: str | None = None
                 ) -> dict[str, Options]:
    """Named options from a mapping: ``{"avoid-russia": {"avoid_countries": ["RUS"]}}``.

    The mapping may also be a whole scenarios document, ``{"scenarios": {...}}``.

    Raises
    ------
    corridors.exceptions.DataError
        For an unknown option, or a value of the wrong kind, naming the scenario.

    Examples
    --------
    >>> scenarios_of({"rail": {"modes": "rail"}})["rail"].modes
    ('rail',)

    """
    if doc is None:
        return {DEFAULT_SCENARIO: Options()}
    if isinstance(doc, Mapping) and set(doc) == {"scenarios"}:
        doc = doc["scenarios"]
    if not isinstance(doc, Mapping) or not doc:
        raise DataError('give {"scenarios": {"name": {option: value, ...}, ...}}', path=path)
    out: dict[str, Options] = {}
    for name, given in doc.items():
        if isinstance(given, Options):
            out[str(name)] = given
            continue
        if not isinstance(given, Mapping):
            raise DataError(f"scenario {name!r} must be a mapping of options", path=path)
        try:
            out[str(name)] = Options.of(**{str(k): v for k, v in given.items()})
        except TypeError as exc:
            from dataclasses import fields

            known = ", ".join(f.name for f in fields(Options))
            raise DataError(f"scenario {name!r}: {exc} (known: {known})", path=path) from None
    return out


def read_scenarios(path: str | Path) -> dict[str, Options]:
    """Scenarios from a JSON file (or YAML, where PyYAML is installed); see :func:`scenarios_of`."""
    path = Path(path)
    if not path.is_file():
        raise DataError("no such file", path=path)
    text = path.read_text(encoding="utf-8")
    if path.suffix.lower() in (".yaml", ".yml"):
        try:
            import yaml
        except ImportError:
            raise DataError("reading YAML needs PyYAML; write the scenarios as JSON",
                            path=path) from None
        try:
            doc = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            raise DataError(f"not valid YAML: {' '.join(str(exc).split())}", path=path) from None
    else:
        try:
            doc = json.loads(text)
        except json.JSONDecodeError as exc:
            raise DataError(f"not valid JSON: {exc.msg} at line {exc.lineno}",
                            path=path) from None
    return scenarios_of(doc, path=str(path))


# -- the plan --------------------------------------------------------------
@dataclass(frozen=True)
class Job:
    """What every chunk of a matrix needs (small: a task carries it, never the network)."""

    origins: Places
    destinations: Places
    scenarios: tuple[tuple[str, Options], ...]
    pairs: frozenset[tuple[str, str]] | None = None
    chunk_origins: int = CHUNK_ORIGINS
    #: the places resolved beforehand, by query and modes (see :meth:`Shared.resolve`),
    #: so that a worker does not resolve them again
    resolved: Mapping[tuple[str, frozenset[str] | None], Place] = field(
        default_factory=dict, compare=False, repr=False)

    @property
    def n_chunks(self) -> int:
        """How many chunks of origins."""
        return max(1, math.ceil(len(self.origins) / self.chunk_origins))

    def chunk(self, i: int) -> range:
        """Positions of the origins of chunk ``i``."""
        return range(i * self.chunk_origins,
                     min(len(self.origins), (i + 1) * self.chunk_origins))

    def destinations_of(self, o: int) -> list[int]:
        """Positions of the destinations paired with origin ``o``."""
        if self.pairs is None:
            return list(range(len(self.destinations)))
        lab = self.origins.labels[o]
        return [d for d, dl in enumerate(self.destinations.labels) if (lab, dl) in self.pairs]

    def pairs_in(self, i: int) -> int:
        """Pairs (times scenarios) of chunk ``i``."""
        return sum(len(self.destinations_of(o)) for o in self.chunk(i)) * len(self.scenarios)

    @property
    def total(self) -> int:
        """Pairs (times scenarios) of the whole matrix."""
        return sum(self.pairs_in(i) for i in range(self.n_chunks))

    def fingerprint(self) -> str:
        """A digest of what the matrix is of, to resume only the same run."""
        import hashlib

        from . import __version__

        doc = {"version": __version__, "origins": [self.origins.labels, self.origins.queries],
               "destinations": [self.destinations.labels, self.destinations.queries],
               "scenarios": [[n, repr(o)] for n, o in self.scenarios],
               "pairs": sorted(self.pairs) if self.pairs is not None else None,
               "chunk": self.chunk_origins}
        return hashlib.sha256(json.dumps(doc).encode()).hexdigest()[:16]


class Shared:
    """A network with the work shared by every pair: places and constraints, resolved once.

    It stands in for the :class:`~corridors.network.model.Network` in
    :func:`corridors.comparison.compare_routes`: a
    :class:`~corridors.comparison.Routable`.
    """

    def __init__(self, network: Network) -> None:
        self.network = network
        self.router = network.router
        self._constraints: dict[Options, Constraints] = {}
        self._places: dict[tuple[str, frozenset[str] | None], Place | CorridorsError] = {}

    def constraints(self, options: Options) -> Constraints:
        """:meth:`Network.constraints`, once per options."""
        if options not in self._constraints:
            self._constraints[options] = self.network.constraints(options)
        return self._constraints[options]

    def resolve(self, query: str, modes: Iterable[str] | None = None) -> Place:
        """:meth:`Network.resolve`, once per query and modes (errors included)."""
        key = (query, None if modes is None else frozenset(modes))
        if key not in self._places:
            try:
                self._places[key] = self.network.resolve(query, modes)
            except CorridorsError as exc:
                self._places[key] = exc
        got = self._places[key]
        if isinstance(got, CorridorsError):
            raise got
        return got

    def resolved(self) -> dict[tuple[str, frozenset[str] | None], Place]:
        """The places resolved so far, by query and modes (errors left out)."""
        return {k: v for k, v in self._places.items() if not isinstance(v, CorridorsError)}

    def know(self, places: Mapping[tuple[str, frozenset[str] | None], Place]) -> None:
        """Take places resolved elsewhere (by the same network), keyed as :meth:`resolved`."""
        for k, v in places.items():
            self._places.setdefault(k, v)


def check(shared: Shared, job: Job) -> dict[str, list[tuple[int, str]]]:
    """Check every scenario and resolve every place once, before any pair is routed.

    Returns
    -------
    dict
        ``{"origins": [(position, message)], "destinations": [...]}``: the
        places that cannot be found or served under some scenario.

    Raises
    ------
    corridors.exceptions.DataError
        For a scenario naming an unknown constraint.

    """
    from .network.routing import check_countries

    modes = set()
    for name, opts in job.scenarios:
        try:
            c = shared.constraints(opts)
            if opts.exposure is not None:
                check_countries([e.strip().upper() for e in opts.exposure],
                                shared.router.countries_index)
            for v in opts.via:
                shared.resolve(v, c.modes)
        except CorridorsError as exc:
            raise DataError(f"scenario {name!r}: {exc}") from None
        modes.add(c.modes)
    bad: dict[str, list[tuple[int, str]]] = {"origins": [], "destinations": []}
    for key, places in (("origins", job.origins), ("destinations", job.destinations)):
        for i, q in enumerate(places.queries):
            for m in sorted(modes, key=sorted):
                try:
                    shared.resolve(q, m)
                except CorridorsError as exc:
                    bad[key].append((i, str(exc)))
                    break
    return bad


# -- a chunk ---------------------------------------------------------------
def run_chunk(shared: Shared, job: Job, i: int,
              on_pairs: Callable[[int], None] | None = None) -> pd.DataFrame:
    """The rows of chunk ``i``: its origins with their destinations, under every scenario.

    Scenario by scenario, origin by origin, so that the router's searches
    from an origin (and from the named routes' places under the scenario)
    serve every destination.

    Raises
    ------
    ChunkError
        When a pair raises anything but a :class:`~corridors.exceptions.NoRouteError`
        or another error of the places: a bug, reported with its pair.

    """
    from .comparison import compare_routes

    shared.know(job.resolved)
    out: list[dict[str, Any]] = []
    for s, (scenario, opts) in enumerate(job.scenarios):
        for o in job.chunk(i):
            origin, oq = job.origins.labels[o], job.origins.queries[o]
            dests = job.destinations_of(o)
            for d in dests:
                dest, dq = job.destinations.labels[d], job.destinations.queries[d]
                base = {"origin": origin, "destination": dest, "scenario": scenario,
                        "_o": o, "_d": d, "_s": s}
                try:
                    rows = compare_routes(shared, oq, dq, opts).rows
                except NoRouteError as exc:
                    reason = exc.reason or (_SAME_PLACE if "same place" in str(exc)
                                            else _NO_ROUTE)
                    out.append({**base, "_r": 0, "no_route": reason})
                    continue
                except CorridorsError as exc:  # a place this scenario cannot serve
                    out.append({**base, "_r": 0, "no_route": str(exc)})
                    continue
                except Exception as exc:
                    raise ChunkError(i, origin, dest, scenario,
                                     f"{type(exc).__name__}: {exc}") from exc
                for r, (rec, _) in enumerate(rows):
                    out.append({**base, "_r": r, **_plain(rec), "no_route": None})
            if on_pairs is not None and dests:
                on_pairs(len(dests))
    return sort(frame(out))


def _plain(rec: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(rec)
    for k in _JSON:
        out[k] = json.dumps(out[k], ensure_ascii=False)
    return out


def frame(records: list[dict[str, Any]]) -> pd.DataFrame:
    """Records as a matrix frame with fixed dtypes (so every partition has one schema)."""
    import pandas as pd

    df = pd.DataFrame.from_records(records, columns=[*COLUMNS, *_ORDER])
    for c in _ORDER:
        df[c] = df[c].astype("int64")
    for c in _FLOAT:
        df[c] = pd.to_numeric(df[c], errors="coerce").astype("float64")
    for c in _INT:
        df[c] = df[c].astype("Int64")
    for c in (*KEYS, "route", "km_source", "km_by_mode", "km_by_country", "countries",
              "passages", "exposure_km", "bottleneck", "assumptions", "no_route"):
        df[c] = df[c].astype(object).where(df[c].notna(), None)
    return df


def table(df: pd.DataFrame):
    """A matrix frame (or partition) as an Arrow table of a fixed schema, for Parquet.

    A partition whose pairs all lack a route has every metric null: the
    schema keeps each column's type all the same.
    """
    import pyarrow as pa

    types = {**{c: pa.float64() for c in _FLOAT}, **{c: pa.int64() for c in (*_INT, *_ORDER)}}
    schema = pa.schema([(c, types.get(c, pa.string())) for c in df.columns])
    return pa.Table.from_pandas(df, schema=schema, preserve_index=False)


def sort(df: pd.DataFrame) -> pd.DataFrame:
    """Rows in order: origin, destination, scenario, then route as compared.

    Chunks hold consecutive origins, so sorted chunks joined in their order
    are sorted: the output streams a partition at a time.
    """
    return df.sort_values(list(_ORDER), kind="mergesort", ignore_index=True)


def finish(parts: Iterable[pd.DataFrame]) -> pd.DataFrame:
    """Partitions as one matrix, in order, without the columns that order it."""
    import pandas as pd

    parts = list(parts)
    df = pd.concat(parts, ignore_index=True) if parts else frame([])
    return sort(df)[list(COLUMNS)]


def summary(df: pd.DataFrame, to: dict[str, Any] | None = None) -> dict[str, Any]:
    """Pairs, routes and pairs with no route grouped by why, of a matrix (added to ``to``)."""
    pairs = df.drop_duplicates(list(KEYS))
    none = df[df["no_route"].notna()]
    out = to if to is not None else {"pairs": 0, "routes": 0, "no_route": 0, "why": {}}
    out["pairs"] += len(pairs)
    out["routes"] += int(df["route"].notna().sum())
    out["no_route"] += len(none)
    for k, v in none["no_route"].value_counts().items():
        out["why"][str(k)] = out["why"].get(str(k), 0) + int(v)
    out["why"] = dict(sorted(out["why"].items(), key=lambda kv: (-kv[1], kv[0])))
    return out


# -- the matrix --------------------------------------------------------------
@dataclass
class Progress:
    """Counts of a running matrix, for a progress bar."""

    total: int
    done: int = 0
    on_change: Callable[[Progress], None] | None = field(default=None, repr=False)

    def add(self, n: int) -> None:
        """Count ``n`` more pairs done."""
        self.done += n
        if self.on_change is not None:
            self.on_change(self)


def prepare(origins, destinations, *, scenarios=None, pairs=None, network=None,
            skip_unknown: bool = False, chunk_origins: int = CHUNK_ORIGINS
            ) -> tuple[Job, Shared, dict[str, list[tuple[str, str]]]]:
    """Read, check and resolve everything a matrix needs, before any pair is routed.

    Returns the job, the shared network, and the places skipped as unknown
    (``{"origins": [(where, message)], ...}``; empty unless ``skip_unknown``).
    """
    o, d = places_of(origins), places_of(destinations)
    sc = scenarios_of(scenarios) if not isinstance(scenarios, Mapping) or not all(
        isinstance(v, Options) for v in scenarios.values()) else dict(scenarios)
    listed = None
    if pairs is not None:
        listed = frozenset((str(a), str(b)) for a, b in pairs)
        for a, b in sorted(listed):
            for lab, places in ((a, o), (b, d)):
                if lab not in places.labels:
                    raise DataError(f"the pair {a} to {b} names {lab!r}, which is not among "
                                    f"the {'origins' if places is o else 'destinations'}")
    if network is None:
        from .network.model import default_network

        network = default_network(road=needs_road(sc))
    shared = Shared(network)
    job = Job(o, d, tuple(sc.items()), listed, chunk_origins)
    bad = check(shared, job)
    skipped: dict[str, list[tuple[str, str]]] = {"origins": [], "destinations": []}
    for key, places in (("origins", o), ("destinations", d)):
        for i, msg in bad[key]:
            if not skip_unknown:
                raise DataError(f"{places.where(i)} ({places.labels[i]}): {msg}")
            skipped[key].append((places.labels[i], f"{places.where(i)}: {msg}"))
    if skipped["origins"] or skipped["destinations"]:
        o = o.drop(lab for lab, _ in skipped["origins"])
        d = d.drop(lab for lab, _ in skipped["destinations"])
    return Job(o, d, job.scenarios, listed, chunk_origins, shared.resolved()), shared, skipped


def needs_road(scenarios: Mapping[str, Options] | None) -> bool:
    """Whether any of the scenarios allows road, so that the network needs the base road network."""
    return any("road" in {m.strip().lower() for m in (s.modes or ())}
               for s in (scenarios or {}).values())


def matrix(
    origins: Sequence[str] | pd.DataFrame | Places,
    destinations: Sequence[str] | pd.DataFrame | Places,
    *,
    scenarios: Mapping[str, Options | Mapping[str, Any]] | None = None,
    pairs: Iterable[tuple[str, str]] | None = None,
    client: Any = None,
    network: Network | None = None,
    skip_unknown: bool = False,
    progress: Callable[[Progress], None] | None = None,
) -> pd.DataFrame:
    """Compare every origin with every destination, under every scenario.

    Parameters
    ----------
    origins, destinations : sequence of str, or DataFrame
        Places as :meth:`corridors.network.model.Network.resolve` takes them (names,
        towns, ``"lat,lon"``), or a table with a ``name`` column or ``lat``
        and ``lon`` columns (see :func:`places_of`, :func:`read_places`).
    scenarios : mapping, optional
        Scenario name to :class:`~corridors.options.Options` or to a mapping
        of its fields (``{"avoid-russia": {"avoid_countries": ["RUS", "BLR"]}}``);
        one scenario of the default options, ``"default"``, when not given.
    pairs : iterable of (str, str), optional
        Only these (origin, destination) pairs, by label, instead of all.
    client : dask.distributed.Client, optional
        Run the chunks of origins on this cluster's workers; each loads the
        default network once (from the disk cache this process builds first).
    network : Network, optional
        The network to compare on, in this process; :func:`default_network`
        by default. Not with ``client``.
    skip_unknown : bool, default False
        Leave out the places that cannot be found (``attrs["skipped"]`` lists
        them) instead of raising.
    progress : callable, optional
        Called with a :class:`Progress` as pairs are done.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`COLUMNS`: one row per route, or one row per pair
        without a route (``no_route`` says why). ``attrs["summary"]`` counts
        pairs, routes and the pairs with no route by why.

    Raises
    ------
    corridors.exceptions.DataError
        For a scenario with an unknown option or constraint, or a place
        that cannot be found, before any pair is routed.
    ChunkError
        When a pair fails for another reason (a bug).

    Examples
    --------
    >>> df = matrix(["Tbilisi", "Baku"], ["Poti"], scenarios={
    ...     "rail": {"modes": ["rail"]}, "no-georgia": {"avoid_countries": "GEO"}})
    >>> for row in df[["origin", "scenario", "route", "km_total"]].values.tolist():
    ...     print(row)
    ['Tbilisi', 'rail', 'Shortest route', 312.1]
    ['Tbilisi', 'no-georgia', None, nan]
    ['Baku', 'rail', 'Shortest route', 861.5]
    ['Baku', 'no-georgia', None, nan]
    >>> df.attrs["summary"]["why"]
    {'Poti is in GEO, an avoided country': 1, 'Tbilisi is in GEO, an avoided country': 1}

    """
    if client is not None and network is not None:
        raise TypeError("a cluster's workers load the default network; leave network out")
    job, shared, skipped = prepare(origins, destinations, scenarios=scenarios, pairs=pairs,
                                   network=network, skip_unknown=skip_unknown)
    state = Progress(job.total, on_change=progress)
    parts = dict(run(job, shared, range(job.n_chunks), state, client=client))
    df = finish(parts[i] for i in sorted(parts))
    df.attrs["summary"] = summary(df)
    df.attrs["skipped"] = skipped
    return df


def run(job: Job, shared: Shared, chunks: Iterable[int], state: Progress, *, client=None):
    """Yield ``(chunk, frame)`` as chunks finish, in this process or on a cluster."""
    chunks = list(chunks)
    if client is None:
        for i in chunks:
            yield i, run_chunk(shared, job, i, state.add)
        return
    from ._dask import run_on

    yield from run_on(client, job, chunks, state, road=needs_road(dict(job.scenarios)))


class _CallableModule(types.ModuleType):
    """A module that calls :func:`matrix`: ``corridors.matrix(...)``."""

    def __call__(self, *args: Any, **kwargs: Any) -> pd.DataFrame:
        return matrix(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableModule
