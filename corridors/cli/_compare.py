"""The ``compare`` command: routes between two places, side by side."""

from __future__ import annotations

from pathlib import Path

import click

from ._map import check_cdn, check_outputs, write_map
from ._output import distinct_outputs, markdown_text, render

OUT_FORMATS = {".csv": "csv", ".json": "json", ".md": "markdown", ".markdown": "markdown",
               ".geojson": "geojson", ".gpkg": "gpkg", ".parquet": "parquet",
               ".geoparquet": "parquet"}
"""Output formats ``compare`` takes from the suffix of ``--out``."""


TEXT_SUFFIXES = (".txt",)
"""Suffixes of plain text files, which take any text format (the table by default)."""


def _check_suffix(out: Path, fmt: str | None) -> None:
    """Refuse ``--out`` whose suffix names no format ``compare`` writes (``x.html``, ``x.png``)."""
    from ..exceptions import CorridorsError

    suffix = out.suffix.lower()
    if suffix in OUT_FORMATS or suffix in TEXT_SUFFIXES or (not suffix and fmt):
        return
    hint = "; an HTML map is written by --map" if suffix in (".html", ".htm") else (
        "; a screenshot is written by --png" if suffix in (".png", ".jpg", ".jpeg") else "")
    said = repr(suffix) if suffix else "(none)"
    raise CorridorsError(f"{out}: the suffix {said} names no output format; use "
                         f"one of {', '.join(OUT_FORMATS)} or .txt, or give --format{hint}")


def _write_layer(layer, fmt: str, out: Path | None) -> None:
    """Write the routes' layer to ``out``, or GeoJSON to standard output."""
    import tempfile

    from ..io import export

    if out is not None:
        export(layer, out, fmt=fmt)
        click.echo(f"wrote {len(layer)} routes to {out}", err=True)
        return
    with tempfile.TemporaryDirectory() as tmp:  # the same writer as a file: RFC 7946
        click.echo(export(layer, Path(tmp) / "routes.geojson").read_text(encoding="utf-8"))


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
    "--allow-passage",
    "allow_passages",
    multiple=True,
    metavar="NAME[,NAME]",
    help="Passages avoided unless asked for that a route may take: volga-don.",
)
@click.option(
    "--avoid",
    multiple=True,
    metavar="NAME[,NAME]",
    help="Close a segment id, a system (BTK, TITR...) or a place (a port, a border crossing).",
)
@click.option(
    "--reopen",
    multiple=True,
    metavar="ID[,ID]",
    help="Reopen a closed crossing of data/closures.csv, e.g. arm-tur.",
)
@click.option(
    "--include-status",
    "include_status",
    multiple=True,
    metavar="STATUS[,STATUS]",
    help="Also route on segments of these statuses: idle, construction, planned, proposed.",
)
@click.option(
    "--modes",
    multiple=True,
    metavar="MODE[,MODE]",
    help="Allowed modes (default rail,ferry,sea; road adds the base road network).",
)
@click.option("--fastest", is_flag=True, help="Choose routes by transit time, not distance.")
@click.option("--disrupt", is_flag=True,
              help="Rank the single closures on the best route by what they cost it: for each "
                   "segment and critical place, the extra km and days of the best alternative.")
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
    type=click.Choice(["table", "csv", "json", "markdown", "geojson", "gpkg", "parquet"]),
    help="Output format: table and markdown give the headline figures, csv and json every "
         "metric, geojson, gpkg and parquet the routes' lines with every metric (a GIS layer). "
         "By default from the suffix of --out (.csv, .json, .md, .geojson, .gpkg, .parquet), "
         "else table.",
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
@click.option("--cdn", is_flag=True,
              help="Make the --map file load from CDNs (smaller; needs a network). By default "
                   "it is self-contained.")
@click.option("--offline", is_flag=True, hidden=True,
              help="Self-contained --map file (the default; kept for scripts that give it).")
@click.option("--png", "png", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write a PNG screenshot of the map of the routes; needs Chromium.")
def compare_command(
    origin: str,
    destination: str,
    via: tuple[str, ...],
    avoid_countries: tuple[str, ...],
    avoid_passages: tuple[str, ...],
    allow_passages: tuple[str, ...],
    avoid: tuple[str, ...],
    reopen: tuple[str, ...],
    include_status: tuple[str, ...],
    modes: tuple[str, ...],
    fastest: bool,
    disrupt: bool,
    exposure: tuple[str, ...],
    assumptions: Path | None,
    files: tuple[Path, ...],
    fmt: str | None,
    out: Path | None,
    map_file: Path | None,
    cdn: bool,
    offline: bool,
    png: Path | None,
) -> None:
    """Compare the corridors from one place to another: km, days, borders, exposure, CO2."""
    from .._atomic import check_output, write_text
    from ..comparison import compare_routes, network_for, routes_layer
    from ..exceptions import CorridorsError
    from ..options import Options
    from ..summary import headlines, notes
    from ._flags import left_out

    if offline and map_file is None:
        raise CorridorsError("--offline applies to --map; give --map FILE")
    if cdn and map_file is None:
        raise CorridorsError("--cdn applies to --map; give --map FILE")
    check_cdn(cdn, offline)
    distinct_outputs(out=out, map=map_file, png=png)
    if out is not None:
        check_output(out)
        _check_suffix(out, fmt)
    named = OUT_FORMATS.get(out.suffix.lower()) if out else None
    if fmt and named and named != fmt and (fmt, named) != ("geojson", "json"):
        raise CorridorsError(f"{out}: is the name of a {named} file, but the format asked is {fmt}")
    fmt = fmt or named or "table"
    if fmt in ("gpkg", "parquet") and out is None:
        raise CorridorsError(f"--format {fmt} writes a file; give --out FILE")
    check_outputs(map_file, png)
    given = {
        "via": list(via),
        "avoid_countries": _split(avoid_countries, "--avoid-country"),
        "avoid_passages": _split(avoid_passages, "--avoid-passage"),
        "allow_passages": _split(allow_passages, "--allow-passage"),
        "avoid": _split(avoid, "--avoid"),
        "reopen": _split(reopen, "--reopen"),
        "include_status": _split(include_status, "--include-status"),
        "modes": _split(modes, "--modes") or None,
        "fastest": fastest,
        "exposure": _split(exposure, "--exposure") or None,
    }
    if disrupt:
        _disrupt(origin, destination, fmt, out, assumptions=assumptions, files=list(files),
                 **given)
        return
    net = network_for(given["modes"], assumptions=assumptions, files=list(files))
    found = compare_routes(net, origin, destination, Options.of(**given))
    attrs = found.attrs
    said = notes({**attrs, "left_out": left_out(attrs)})
    for note in said:
        click.echo(note, err=True)
    title = f"{attrs['places'][0]['name']} to {attrs['places'][-1]['name']}"
    lines = fmt in ("geojson", "gpkg", "parquet")
    # the routes' lines (and geopandas) only for a map or a layer
    df = found.frame() if lines or map_file or png else None
    if map_file is not None or png is not None:
        from ..mapping import comparison_map

        write_map(comparison_map(df, title=title), map_file, png, cdn=cdn)
    if lines:
        _write_layer(routes_layer(df), fmt, out)
        return
    records = found.records
    if fmt in ("table", "markdown"):
        records = headlines(records)
    text = render(records, fmt, title=title)
    if fmt == "markdown" and said:  # a table pasted into an article keeps what it leaves out
        text += "\n\n" + "\n".join(f"- {markdown_text(note)}" for note in said)
    if out is None:
        click.echo(text)
    else:
        write_text(out, text + "\n")
        click.echo(f"wrote {len(records)} routes to {out}", err=True)


def _disrupt(origin: str, destination: str, fmt: str, out: Path | None, *, assumptions, files,
             **given) -> None:
    """Write the disruption ranking of the best route."""
    from .._atomic import write_text
    from ..disruption import COLUMNS, disruptions
    from ..exceptions import CorridorsError
    from ..network.model import default_network
    from ..options import Options

    if fmt in ("geojson", "gpkg", "parquet"):
        raise CorridorsError(f"--disrupt writes a table; --format {fmt} writes lines")
    opts = Options.of(**given)
    net = default_network(files=files, assumptions=assumptions,
                          road="road" in (opts.modes or ()))
    df = disruptions(net, origin, destination, opts)
    best = df.attrs["best"]
    title = (f"Closures on the best route, {origin} to {destination} "
             f"({best['km_total']:,.0f} km, {best['days_central']} days)")
    text = render(df[list(COLUMNS)].to_dict("records"), fmt, title=title)
    if out is None:
        click.echo(text)
    else:
        write_text(out, text + "\n")
        click.echo(f"wrote {len(df)} closures to {out}", err=True)


COMMANDS = [compare_command]
