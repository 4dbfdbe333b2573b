"""Named views of the maps, and bounding boxes: what a map shows when it opens."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from .. import settings
from ..exceptions import CorridorsError, UnknownNameError

DEFAULT_VIEW = "caspian-black-sea"
"""The view the main map opens on: the energy and trade corridors around the two seas."""


@lru_cache(maxsize=4)
def _read(path: Path) -> dict[str, dict]:
    return json.loads(path.read_text(encoding="utf-8"))["views"]


def views() -> dict[str, dict]:
    """The named views of ``data/labels/views.json``: name to ``title`` and ``bbox``.

    Examples
    --------
    >>> views()["south-caucasus"]["bbox"]
    [39.5, 38.3, 50.5, 43.6]

    """
    return dict(_read(settings.resolved_data_dir() / "labels" / "views.json"))


def view_bounds(view: str | tuple[float, float, float, float] | list[float]
                ) -> list[list[float]]:
    """Leaflet bounds ``[[south, west], [north, east]]`` of a named view or a bounding box.

    Parameters
    ----------
    view : str or sequence of 4 floats
        A name from :func:`views`, or ``west, south, east, north`` in degrees
        (as a sequence, or a string ``"W,S,E,N"``).

    Raises
    ------
    corridors.exceptions.UnknownNameError
        For a name that is not a view.
    corridors.exceptions.CorridorsError
        For a bounding box that is not four numbers with west < east and
        south < north, within -180..180 and -90..90.

    Examples
    --------
    >>> view_bounds("40,38,50,44")
    [[38.0, 40.0], [44.0, 50.0]]
    >>> view_bounds("south-caucasus")
    [[38.3, 39.5], [43.6, 50.5]]

    """
    if isinstance(view, str) and "," not in view:
        known = views()
        if view not in known:
            raise UnknownNameError("view", view, known)
        box = known[view]["bbox"]
    else:
        parts = view.split(",") if isinstance(view, str) else list(view)
        try:
            box = [float(v) for v in parts]
        except (TypeError, ValueError):
            box = []
        if len(box) != 4:
            raise CorridorsError(f"view {view!r}: give a view name or four numbers "
                                 "west,south,east,north in degrees")
    west, south, east, north = (float(v) for v in box)
    if not (-180 <= west < east <= 180 and -90 <= south < north <= 90):
        raise CorridorsError(f"view {view!r}: a bounding box needs -180 <= west < east <= 180 "
                             "and -90 <= south < north <= 90")
    return [[south, west], [north, east]]
