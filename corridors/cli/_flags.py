"""What blocks a route, in the command line's words: the flags that would lift it."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..exceptions import Blocker, CorridorsError


def flag(b: Blocker) -> str:
    """A blocker as the flag that lifts it.

    Examples
    --------
    >>> from corridors.exceptions import Blocker
    >>> flag(Blocker("allow_passages", ("volga-don",)))
    'the volga-don (allow it with --allow-passage volga-don)'

    """
    v = ",".join(b.values)
    return {
        "avoid_countries": f"--avoid-country {v}",
        "avoid_passages": f"--avoid-passage {v}",
        "allow_passages": f"the {v} (allow it with --allow-passage {v})",
        "avoid": f"--avoid {v}",
        "include_status": "segments that are not operating (include them with "
                          f"--include-status {v})",
        "reopen": f"closed crossings ({', '.join(b.names or b.values)}; reopen one with "
                  "--reopen ID)",
        "modes": f"--modes {v}",
    }.get(b.option, b.said)


def message(exc: CorridorsError) -> str:
    """An error's message, its blockers said as flags."""
    from ..exceptions import NoRouteError

    if isinstance(exc, NoRouteError) and exc.blockers:
        from ..network.routing import blocked_by

        return f"{exc.asked}; {blocked_by(exc.blockers, flag)}"
    return str(exc)


def left_out(attrs: dict) -> dict[str, str]:
    """A comparison's ``left_out``, what blocks each route said as flags."""
    from ..network.routing import blocked_by

    blockers = attrs.get("blockers", {})
    return {title: blocked_by(blockers[title], flag) if title in blockers else why
            for title, why in attrs.get("left_out", {}).items()}
