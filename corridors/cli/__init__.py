"""The ``corridors`` command line.

Each command lives in a small module of this package and imports the heavy
libraries (geopandas, shapely, pyproj, folium) only when it runs, so that
``corridors --help`` stays fast.
"""

from __future__ import annotations

import sys

import click

from ..exceptions import CorridorsError
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


def main(argv: list[str] | None = None) -> int:
    """Run the command line; bad input gives one line on stderr and status 2."""
    try:
        code = cli.main(args=argv, prog_name="corridors", standalone_mode=False)
    except CorridorsError as exc:
        click.echo(f"corridors: error: {exc}", err=True)
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
