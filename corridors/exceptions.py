"""Every error a user can cause.

The command line prints the message of a :class:`CorridorsError` as one line
on stderr and exits with status 2; any other exception is a bug (status 1).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path


class CorridorsError(Exception):
    """Base class of the errors a user can cause."""


class Interrupted(BaseException):
    """A signal that ends the command: SIGINT, SIGTERM or SIGHUP.

    A BaseException, as KeyboardInterrupt is, so that no ``except Exception``
    swallows it; not a KeyboardInterrupt, on which click prints a blank line.
    """

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


class DataError(CorridorsError, ValueError):
    """Bad data: names the file, and where known the row and the field.

    Parameters
    ----------
    message : str
        What is wrong.
    path : str or pathlib.Path, optional
        The file.
    row : int, optional
        The row (feature) number, counted from 1.
    field : str, optional
        The column.

    """

    def __init__(
        self,
        message: str,
        *,
        path: str | Path | None = None,
        row: int | None = None,
        field: str | None = None,
    ) -> None:
        self.message, self.path, self.row, self.field = message, path, row, field
        where = [str(path)] if path is not None else []
        if row is not None:
            where.append(f"row {row}")
        if field is not None:
            where.append(f"field '{field}'")
        super().__init__(f"{', '.join(where)}: {message}" if where else message)


class UnknownNameError(CorridorsError, KeyError):
    """A name (dataset, place, series, passage…) that is not known.

    Parameters
    ----------
    what : str
        What kind of name, e.g. ``"dataset"``.
    name : str
        The name given.
    known : iterable of str
        The valid names, used for the did-you-mean suggestion.

    """

    def __init__(self, what: str, name: str, known: Iterable[str]) -> None:
        self.what, self.name = what, name
        self.suggestions = difflib.get_close_matches(name, list(known), n=3, cutoff=0.5)
        names = ", ".join(repr(s) for s in self.suggestions)
        hint = f"; did you mean {names}?" if self.suggestions else ""
        super().__init__(f"unknown {what} {name!r}{hint}")

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0])


@dataclass(frozen=True)
class Blocker:
    """A constraint that alone blocks a route: without it, one goes through.

    Attributes
    ----------
    option : str
        The field of :class:`corridors.options.Options` that sets it:
        ``avoid_countries``, ``avoid_passages``, ``allow_passages`` (a passage
        avoided unless allowed: the Volga–Don), ``avoid``, ``include_status``
        (segments that are not operating), ``reopen`` (closed crossings) or
        ``modes``.
    values : tuple of str
        What it holds: the country, passage, segment or place avoided; the
        statuses left out; the closures' ids; the modes allowed.
    names : tuple of str
        What the values are called, where that differs (the closures' names).

    Examples
    --------
    >>> Blocker("avoid_countries", ("RUS",)).said
    'avoiding RUS'

    """

    option: str
    values: tuple[str, ...]
    names: tuple[str, ...] = ()

    @property
    def said(self) -> str:
        """The blocker in words."""
        v = ", ".join(self.values)
        return {
            "avoid_countries": f"avoiding {v}",
            "avoid_passages": f"avoiding the {v} passage",
            "allow_passages": f"the {v}, avoided unless allowed (allow_passages)",
            "avoid": f"avoiding {v}",
            "include_status": f"leaving out segments that are not operating ({v}; "
                              "include_status)",
            "reopen": f"closed crossings ({', '.join(self.names or self.values)}; reopen)",
            "modes": f"the modes allowed ({v})",
        }.get(self.option, f"{self.option} {v}")


class NoRouteError(CorridorsError):
    """No route joins the places under the given constraints.

    Parameters
    ----------
    message : str
        What was asked for, and why there is no route.
    reason : str, optional
        Why, in a few words: "Brest is in BLR, an avoided country",
        "blocked by avoiding the suez passage".
    blockers : sequence of Blocker
        The constraints each of which alone blocks the route, where the
        router looked for them; ``message`` ends by saying them.
    asked : str, optional
        ``message`` without the blockers said.

    """

    def __init__(self, message: str, *, reason: str | None = None,
                 blockers: Sequence[Blocker] = (), asked: str | None = None) -> None:
        self.reason = reason
        self.blockers = tuple(blockers)
        self.asked = message if asked is None else asked
        super().__init__(message)


class DependencyError(CorridorsError):
    """An optional program or package is missing; says how to install it."""
