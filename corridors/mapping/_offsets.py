"""Lines that share a right of way, drawn side by side (Leaflet.PolylineOffset).

BTC, SCP and TANAP run in one corridor for hundreds of kilometres; drawn
where they are, the last one drawn hides the others and takes their clicks.
Each line gets a slot: 0 on its own path, and, where it shares a path with
other lines, a slot none of them has. The page shifts it sideways by its
slot times a spacing in pixels, so every line stays visible and clickable
along its whole length, at every zoom.
"""

from __future__ import annotations

SHARED_WITHIN_DEG = 0.03
"""Two lines are on one path where they are this close (about 3 km)."""

SHARED_MIN_DEG = 0.3
"""...for at least this length (about 30 km): a crossing or a common end is not a shared path."""

SLOTS = (0, 1, -1, 2, -2, 3, -3, 4, -4)
"""Slots in the order they are given: the line with most neighbours keeps the middle."""


def shared_pairs(geoms) -> list[tuple[int, int]]:
    """Pairs ``(i, j)``, ``i < j``, of lines that run along the same path.

    Parameters
    ----------
    geoms : array-like of shapely lines
        In longitude/latitude.

    Examples
    --------
    >>> from shapely import LineString
    >>> a = LineString([(40, 40), (45, 40)])
    >>> b = LineString([(41, 40.01), (44, 40.01)])
    >>> c = LineString([(42, 38), (42, 42)])  # crosses a and b
    >>> shared_pairs([a, b, c])
    [(0, 1)]

    """
    import numpy as np
    import shapely

    arr = np.asarray(getattr(geoms, "array", geoms), dtype=object)
    tree = shapely.STRtree(arr)
    left, right = tree.query(arr, predicate="dwithin", distance=SHARED_WITHIN_DEG)
    keep = left < right
    left, right = left[keep], right[keep]
    if not len(left):
        return []
    zones = shapely.buffer(arr, SHARED_WITHIN_DEG, quad_segs=2)
    # shared in both directions: a short line along a long one shares its whole length
    along = np.minimum(shapely.length(shapely.intersection(arr[left], zones[right])),
                       shapely.length(shapely.intersection(arr[right], zones[left])))
    return [(int(i), int(j)) for i, j, d in zip(left, right, along) if d >= SHARED_MIN_DEG]


def slots(n: int, pairs: list[tuple[int, int]]) -> list[int]:
    """A slot for each of ``n`` lines such that lines sharing a path have different slots.

    The lines with most shared neighbours are placed first (and keep slot 0);
    each takes the first slot of :data:`SLOTS` that no neighbour has.

    Examples
    --------
    >>> slots(4, [(0, 1), (0, 2), (1, 3)])
    [0, 1, 1, 0]

    """
    neighbours: list[set[int]] = [set() for _ in range(n)]
    for i, j in pairs:
        neighbours[i].add(j)
        neighbours[j].add(i)
    out: list[int | None] = [None] * n
    for i in sorted(range(n), key=lambda k: (-len(neighbours[k]), k)):
        taken = {out[j] for j in neighbours[i]}
        out[i] = next((s for s in SLOTS if s not in taken), SLOTS[-1])
    return [int(s or 0) for s in out]


def offsets_px(geoms, widths, *, gap: float = 1.5) -> list[float]:
    """Sideways shift in pixels of each line (Leaflet.PolylineOffset's ``offset`` option).

    Parameters
    ----------
    geoms : array-like of shapely lines
        In longitude/latitude.
    widths : array-like of float
        Drawn widths in pixels; a slot is as wide as the widest line that
        shares a path, plus ``gap``.
    gap : float, default 1.5
        Pixels between two lines side by side.

    Examples
    --------
    >>> from shapely import LineString
    >>> a = LineString([(40, 40), (45, 40)])
    >>> b = LineString([(41, 40.01), (44, 40.01)])
    >>> offsets_px([a, b, LineString([(50, 50), (51, 51)])], [9.0, 5.0, 2.0])
    [0.0, 10.5, 0.0]

    """
    import numpy as np

    arr = np.asarray(getattr(geoms, "array", geoms), dtype=object)
    pairs = shared_pairs(arr)
    slot = slots(len(arr), pairs)
    width = [float(w) for w in widths]
    shared = [i for pair in pairs for i in pair]
    spacing = max((width[i] for i in shared), default=0.0) + gap
    return [round(s * spacing, 1) + 0.0 for s in slot]
