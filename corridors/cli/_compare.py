"""The ``compare`` command: routes between two places, side by side."""

from __future__ import annotations

from pathlib import Path

import click

from ._map import check_outputs, write_map
from ._output import render


def _split(values: tuple[str, ...], option: str) -> list[str]:
    """The comma-separated items of a repeatable option; given, it must name one at least."""
    from ..exceptions import CorridorsError

    items = [v.strip() for value in values for v in value.split(",") if v.strip()]
    if values and not items:
        raise CorridorsError(f"{option} names nothing; leave it out, or name one at least")
    return items


@click.command("compare")
@click.option("--from", "origin", required=True,
              help="Origin: a place on the network, a town (GeoNames) or 'lat,lon'.")
@click.option("--to", "destination", required=True,
              help="Destination: a place on the network, a town (GeoNames) or 'lat,lon'.")
@click.option("--via", multiple=True, help="Place to pass through (repeat for several, in order).")
@click.option(
    "--avoid-country",
    "avoid_countries",
    multiple=True,
    metavar="ISO3[,ISO3]",
    help="Countries no route may enter, e.g. RUS,BLR.",
)
@click.option(
    "--avoid-passage",
    "avoid_passages",
    multiple=True,
    metavar="NAME[,NAME]",
    help="Straits and canals no route may take, e.g. suez,volga-don.",
)
@click.option(
    "--modes",
    multiple=True,
    metavar="MODE[,MODE]",
    help="Allowed modes (default rail,ferry,sea,road).",
)
@click.option("--fastest", is_flag=True, help="Choose routes by transit time, not distance.")
@click.option(
    "--exposure",
    multiple=True,
    metavar="ISO3[,ISO3]",
    help="Countries counted as exposure (default RUS,BLR,IRN).",
)
@click.option(
    "--assumptions",
    type=click.Path(path_type=Path),
    help="Your own assumptions file (layout of data/assumptions.json).",
)
@click.option(
    "--file",
    "files",
    multiple=True,
    type=click.Path(path_type=Path),
    help="Your own corridor file, joined to the network (repeatable).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "json", "markdown"]),
    default="table",
    show_default=True,
    help="Output format: table and markdown give the headline figures, csv and json every metric.",
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the output to this file instead of standard output.",
)
@click.option(
    "--map",
    "map_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write an HTML map of the routes.",
)
@click.option("--offline", is_flag=True,
              help="Make the --map file self-contained: it works with no network.")
@click.option("--png", "png", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write a PNG screenshot of the map of the routes; needs Chromium.")
def compare_command(
    origin: str,
    destination: str,
    via: tuple[str, ...],
    avoid_countries: tuple[str, ...],
    avoid_passages: tuple[str, ...],
    modes: tuple[str, ...],
    fastest: bool,
    exposure: tuple[str, ...],
    assumptions: Path | None,
    files: tuple[Path, ...],
    fmt: str,
    out: Path | None,
    map_file: Path | None,
    offline: bool,
    png: Path | None,
) -> None:
    """Compare the corridors from one place to another: km, days, borders, exposure, CO2."""
    from .._atomic import check_output, write_text
    from ..comparison import METRICS, compare
    from ..exceptions import CorridorsError
    from ..summary import headlines, notes

    if offline and map_file is None:
        raise CorridorsError("--offline applies to --map; give --map FILE")
    if out is not None:
        check_output(out)
    check_outputs(map_file, png)
    df = compare(
        origin,
        destination,
        via=list(via),
        avoid_countries=_split(avoid_countries, "--avoid-country"),
        avoid_passages=_split(avoid_passages, "--avoid-passage"),
        modes=_split(modes, "--modes") or None,
        fastest=fastest,
        exposure=_split(exposure, "--exposure") or None,
        assumptions=assumptions,
        files=list(files),
    )
    said = notes(df.attrs)
    for note in said:
        click.echo(note, err=True)
    title = f"{df.attrs['places'][0]['name']} to {df.attrs['places'][-1]['name']}"
    records = df[list(METRICS)].to_dict("records")
    if fmt in ("table", "markdown"):
        records = headlines(records)
    text = render(records, fmt, title=title)
    if fmt == "markdown" and said:  # a table pasted into an article keeps what it leaves out
        text += "\n\n" + "\n".join(f"- {note}" for note in said)
    if map_file is not None or png is not None:
        from ..mapping import comparison_map

        write_map(comparison_map(df, title=title), map_file, png, offline=offline)
    if out is None:
        click.echo(text)
    else:
        write_text(out, text + "\n")
        click.echo(f"wrote {len(df)} routes to {out}", err=True)


COMMANDS = [compare_command]
