"""The ``corridors`` command line.

Each command lives in a small module of this package and imports the heavy
libraries (geopandas, shapely, pyproj, folium) only when it runs, so that
``corridors --help`` stays fast.
"""

from __future__ import annotations

import re
import signal
import sys
import threading
import warnings

import click

from .. import _atomic
from ..exceptions import CorridorsError, Interrupted
from . import _compare, _data, _map, _matrix

EXIT_BAD_INPUT = 2


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="corridors")
def cli() -> None:
    """Sourced data, route comparisons and offline maps for Caspian and Eurasian corridors."""


for command in _data.COMMANDS:
    cli.add_command(command)
for command in _map.COMMANDS:
    cli.add_command(command)
for command in _compare.COMMANDS:
    cli.add_command(command)
for command in _matrix.COMMANDS:
    cli.add_command(command)


def _on_signal(signum: int, frame) -> None:
    for s in _SIGNALS:  # a second signal must not interrupt the cleaning up
        signal.signal(s, signal.SIG_IGN)
    # kept too: compiled code that the exception is raised in may swallow it (pyogrio's reader
    # does), and the run must still write no output
    _atomic.note_signal(signum)
    raise Interrupted(signum)


_SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP")
                 if hasattr(signal, name))


def _one_line_warning(message, category, filename, lineno, file=None, line=None) -> None:
    click.echo(f"corridors: warning: {' '.join(str(message).split())}", err=True)


def main(argv: list[str] | None = None) -> int:
    """Run the command line; bad input gives one line on stderr and status 2.

    SIGINT, SIGTERM and SIGHUP end it with one line and status 128 plus the
    signal's number, once every temporary file is removed.
    """
    handlers = {}
    _atomic.clear_signals()
    if threading.current_thread() is threading.main_thread():
        handlers = {s: signal.signal(s, _on_signal) for s in _SIGNALS}
    try:
        with warnings.catch_warnings():
            warnings.showwarning = _one_line_warning
            code = _run(argv)
        _atomic.raise_if_signalled()  # a signal whose exception was swallowed on the way
        return code
    except Interrupted as exc:
        _atomic.remove_temporaries()
        name = signal.Signals(exc.signum).name
        click.echo(f"corridors: interrupted ({name})", err=True)
        return 128 + exc.signum
    finally:
        for s, handler in handlers.items():
            signal.signal(s, handler)
        _atomic.clear_signals()


def _one_line(message: str) -> str:
    """``message`` with its control characters escaped, a line break shown as backslash-n."""
    return _CONTROL.sub(lambda m: repr(m[0])[1:-1], message)


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _run(argv: list[str] | None) -> int:
    try:
        code = cli.main(args=argv, prog_name="corridors", standalone_mode=False)
    except CorridorsError as exc:
        from ._flags import message

        click.echo(f"corridors: error: {_one_line(message(exc))}", err=True)
        return EXIT_BAD_INPUT
    except click.exceptions.Abort:
        click.echo("corridors: interrupted", err=True)
        return 130
    except click.exceptions.ClickException as exc:
        click.echo(f"corridors: error: {' '.join(exc.format_message().split())}", err=True)
        return exc.exit_code
    except click.exceptions.Exit as exc:
        return exc.exit_code
    return code if isinstance(code, int) else 0  # a command's click.exceptions.Exit(code)


if __name__ == "__main__":
    sys.exit(main())
