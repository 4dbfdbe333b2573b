"""Contraction hierarchies of a router's graphs: scgraph's, built once and cached on disk.

A router answers a route without vias by one bounded search of scipy's
Dijkstra (6 to 16 ms on the base rail network). Many such routes under the
same constraints are answered faster by a contraction hierarchy: about 7 s
to build (once: it is cached, keyed by the graph itself), about 0.7 s to
load, then about a millisecond a route. :class:`Hierarchy` wraps
``scgraph.cpp.CHGraph``; the router decides when to use one
(``settings.hierarchy_after``).

The path found is the one scipy finds: the weights of a router's graph make
every shortest path unique (each arc weighs a distinct hair more), up to
paths through duplicate nodes at one place, whose every metric is the same.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import pairwise
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    from scipy.sparse import csr_matrix


class Hierarchy:
    """A contraction hierarchy of one graph: shortest paths between sets of states.

    Parameters
    ----------
    parts : tuple
        What ``scgraph.cpp.CHGraph`` is made of: the number of nodes, their
        ranks, the upward and downward graphs and the shortcuts (see
        :meth:`of`, which builds or loads them).

    Examples
    --------
    >>> import numpy as np
    >>> from scipy.sparse import csr_matrix
    >>> ring = csr_matrix((np.ones(4), [1, 2, 3, 0], [0, 1, 2, 3, 4]), shape=(4, 4))
    >>> Hierarchy.of(ring, cache=False).path([0], [3]).tolist()
    [0, 1, 2, 3]

    """

    def __init__(self, parts: tuple) -> None:
        from scgraph.cpp import CHGraph

        self._ch = CHGraph(*parts, None)

    @classmethod
    def of(cls, csr: csr_matrix, *, cache: bool = True) -> Hierarchy:
        """The hierarchy of the weighted directed graph ``csr``: from the cache, or built.

        The cache file is named by a hash of the graph's arcs and weights, so
        a graph that changes in any arc names another file.
        """
        from .. import _cache, settings

        path = _file(csr) if cache and settings.use_cache else None
        parts = _cache.load(path, tuple) if path is not None else None
        if parts is None:
            parts = _build(csr)
            if path is not None:
                _cache.store(path, parts)
        return cls(parts)

    def path(self, sources: Iterable[int], targets: Iterable[int]) -> np.ndarray | None:
        """The states of the shortest path from any of ``sources`` to any of ``targets``.

        ``None`` where none of them reaches one.
        """
        import numpy as np

        try:
            got = self._ch.search({int(s) for s in sources}, {int(t) for t in targets})
        except RuntimeError:  # scgraph's word for no path
            return None
        return np.array(got["path"], dtype=np.int64) if got["path"] else None


def _build(csr: csr_matrix) -> tuple:
    from scgraph.cpp import CHGraph

    ptr, heads, weights = csr.indptr.tolist(), csr.indices.tolist(), csr.data.tolist()
    adjacency = [dict(zip(heads[a:b], weights[a:b])) for a, b in pairwise(ptr)]
    ch = CHGraph(adjacency)
    return (ch.nodes_count, list(ch.ranks), list(ch.forward_graph), list(ch.backward_graph),
            dict(ch.shortcuts))


def _file(csr: csr_matrix):
    import hashlib
    from importlib.metadata import version

    from .. import _cache

    h = hashlib.sha256()
    for a in (csr.indptr, csr.indices, csr.data):
        h.update(a.tobytes())
    return _cache.file_for("hierarchy", f"scgraph {version('scgraph')} {h.hexdigest()}", [])
