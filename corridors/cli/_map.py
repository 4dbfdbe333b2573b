"""The ``map`` command: interactive HTML maps, online or self-contained, and PNG screenshots."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from ._output import distinct_outputs

if TYPE_CHECKING:
    import folium

DEFAULT_OUT = Path("maps") / "corridors.html"
DEFAULT_FIGURES_OUT = Path("maps") / "gas-exports.html"


@click.command("map")
@click.argument("names", nargs=-1)
@click.option("--out", "out", type=click.Path(path_type=Path),
              help="HTML file to write [default: maps/corridors.html, or "
                   "maps/gas-exports.html with --figures].")
@click.option("--offline", is_flag=True,
              help="Inline every asset and draw a vector basemap: works with no network.")
@click.option("--figures", is_flag=True,
              help="The Southern Gas Corridor with yearly export flows and a chart.")
@click.option("--png", "png", type=click.Path(path_type=Path),
              help="Also (or only, without --out) write a PNG screenshot; needs Chromium.")
@click.option("--title", help="Title shown above the map.")
@click.option("--places", type=click.Choice(["key", "all", "none"]), default="key",
              show_default=True,
              help="Places drawn: terminals, ports, crossings, stations and segment ends (key), "
                   "also every town a line is drawn through (all), or none.")
@click.option("--precision", type=click.IntRange(0, 8),
              help="Coordinate decimals [default: settings.precision].")
@click.option("--simplify-m", "simplify_m", type=click.FloatRange(0),
              help="Line simplification tolerance in metres [default: settings.simplify_m].")
@click.option("--layer", help="The layer to read from a GeoPackage of several.")
def map_command(names: tuple[str, ...], out: Path | None, offline: bool, figures: bool,
                png: Path | None, title: str | None, places: str, precision: int | None,
                simplify_m: float | None, layer: str | None) -> None:
    """Draw an interactive map of every corridor, or of datasets and corridor files NAMES.

    \b
    Examples:
      corridors map                          # maps/corridors.html
      corridors map btc scp --offline --out btc-scp.html
      corridors map --figures                # maps/gas-exports.html
      corridors map --png docs/screenshot.png
    """  # noqa: D301 (click's \b, a backspace, keeps the examples unwrapped)
    from ..exceptions import CorridorsError
    from ..mapping import corridor_map, gas_map

    if figures and names:
        raise CorridorsError("--figures draws the Southern Gas Corridor; give no NAMES with it")
    distinct_outputs(out=out, png=png)
    check_outputs(out, png)
    if figures:
        m = gas_map(title=title)
    else:
        data = list(names) or None
        if layer is not None and data:  # the layer of each GeoPackage named
            import pandas as pd

            from ..io import load

            data = pd.concat([load(n, layer=layer if Path(n).suffix.lower() == ".gpkg" else None)
                              .assign(dataset=n) for n in data], ignore_index=True)
        m = corridor_map(data, title=title, places=places, precision=precision,
                         simplify_m=simplify_m)
    if out is None and png is None:
        out = DEFAULT_FIGURES_OUT if figures else DEFAULT_OUT
        out.parent.mkdir(parents=True, exist_ok=True)
    write_map(m, out, png, offline=offline)


def check_outputs(html: Path | None, png: Path | None) -> None:
    """Say that an HTML or PNG file cannot be written there before the map is made."""
    from .._atomic import check_output
    from ..mapping.save import html_path

    if html is not None:
        html_path(html)
    if png is not None:
        check_output(png)


def write_map(m: folium.Map, html: Path | None, png: Path | None, *, offline: bool) -> None:
    """Save a map as HTML and/or PNG, saying on stderr what was written."""
    from ..mapping import save_html, save_png

    if html is not None:
        save_html(m, html, offline=offline)
        click.echo(f"wrote {html}" + (" (offline)" if offline else ""), err=True)
    if png is not None:
        save_png(m, png)
        click.echo(f"wrote {png}", err=True)


COMMANDS = [map_command]
