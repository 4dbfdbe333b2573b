"""The ``map`` command: interactive HTML maps, self-contained or on CDNs, and PNG screenshots."""

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
@click.option("--cdn", is_flag=True,
              help="Load Leaflet and its plugins from CDNs and draw web tiles: a smaller file "
                   "that needs a network. By default the file is self-contained.")
@click.option("--offline", is_flag=True, hidden=True,
              help="Self-contained (the default; kept for scripts that give it).")
@click.option("--figures", is_flag=True,
              help="The Southern Gas Corridor with yearly export flows and a chart.")
@click.option("--png", "png", type=click.Path(path_type=Path),
              help="Also (or only, without --out) write a PNG screenshot; needs Chromium.")
@click.option("--title", help="Title shown above the map.")
@click.option("--places", type=click.Choice(["key", "all", "none"]), default="key",
              show_default=True,
              help="Places drawn: terminals, ports, crossings, stations and segment ends (key), "
                   "also every town a line is drawn through (all), or none.")
@click.option("--view", help="What the map opens on: a named view (caspian-black-sea, "
                             "south-caucasus, southern-gas-corridor, middle-corridor, eurasia) or "
                             "a bounding box W,S,E,N in degrees [default: caspian-black-sea for "
                             "every corridor, else the lines drawn].")
@click.option("--precision", type=click.IntRange(0, 8),
              help="Coordinate decimals [default: settings.precision].")
@click.option("--simplify-m", "simplify_m", type=click.FloatRange(0),
              help="Line simplification tolerance in metres [default: settings.simplify_m].")
@click.option("--layer", help="The layer to read from a GeoPackage of several.")
def map_command(names: tuple[str, ...], out: Path | None, cdn: bool, offline: bool,
                figures: bool, png: Path | None, title: str | None, places: str,
                view: str | None, precision: int | None, simplify_m: float | None,
                layer: str | None) -> None:
    """Draw an interactive map of every corridor, or of datasets and corridor files NAMES.

    \b
    Examples:
      corridors map                          # maps/corridors.html
      corridors map btc scp --out btc-scp.html
      corridors map --cdn                    # smaller; needs a network
      corridors map --figures                # maps/gas-exports.html
      corridors map --view south-caucasus    # or a box: --view 39.5,38.3,50.5,43.6
      corridors map --png docs/screenshot.png
    """  # noqa: D301 (click's \b, a backspace, keeps the examples unwrapped)
    from ..exceptions import CorridorsError
    from ..mapping import corridor_map, gas_map

    if figures and names:
        raise CorridorsError("--figures draws the Southern Gas Corridor; give no NAMES with it")
    check_cdn(cdn, offline)
    distinct_outputs(out=out, png=png)
    check_outputs(out, png)
    if figures:
        m = gas_map(title=title, view=view)
    else:
        data = list(names) or None
        if layer is not None and data:  # the layer of each GeoPackage named
            import pandas as pd

            from ..io import load

            data = pd.concat([load(n, layer=layer if Path(n).suffix.lower() == ".gpkg" else None)
                              .assign(dataset=n) for n in data], ignore_index=True)
        m = corridor_map(data, title=title, places=places, precision=precision,
                         simplify_m=simplify_m, view=view)
    if out is None and png is None:
        out = DEFAULT_FIGURES_OUT if figures else DEFAULT_OUT
        out.parent.mkdir(parents=True, exist_ok=True)
    write_map(m, out, png, cdn=cdn)


def check_cdn(cdn: bool, offline: bool) -> None:
    """Say that ``--cdn`` and ``--offline`` (self-contained) exclude each other."""
    from ..exceptions import CorridorsError

    if cdn and offline:
        raise CorridorsError("--cdn and --offline exclude each other: a file is self-contained "
                             "(the default) or loads from CDNs")


def check_outputs(html: Path | None, png: Path | None) -> None:
    """Say that an HTML or PNG file cannot be written there before the map is made."""
    if html is not None:
        from ..mapping.save import html_path  # folium: only when a map is asked for

        html_path(html)
    if png is not None:
        from .._atomic import check_output

        check_output(png)


def write_map(m: folium.Map, html: Path | None, png: Path | None, *, cdn: bool = False) -> None:
    """Save a map as HTML (self-contained unless ``cdn``) and/or PNG, saying what was written."""
    from ..mapping import save_html, save_png

    if html is not None:
        save_html(m, html, offline=not cdn)
        click.echo(f"wrote {html}" + (" (loads from CDNs: needs a network)" if cdn
                                      else " (self-contained)"), err=True)
    if png is not None:
        save_png(m, png)
        click.echo(f"wrote {png}", err=True)


COMMANDS = [map_command]
