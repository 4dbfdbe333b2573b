"""Commands on the curated data: list, show, sources, figures, export, validate."""

from __future__ import annotations

from pathlib import Path

import click

from ._output import format_option, render


def _echo(records, fmt, title=None) -> None:
    click.echo(render(records, fmt, title=title))


@click.command("list")
@format_option()
def list_datasets(fmt: str) -> None:
    """List the curated datasets."""
    from .. import catalogue

    _echo([{"name": d.name, "group": d.group, "commodity": d.commodity, "title": d.title}
           for d in catalogue.entries()], fmt)


def layer_option():
    """The ``--layer`` option of commands that read corridor files."""
    return click.option("--layer", help="The layer to read from a GeoPackage of several.")


@click.command("show")
@click.argument("name")
@format_option()
@layer_option()
def show(name: str, fmt: str, layer: str | None) -> None:
    """Show the segments of dataset NAME (or of a corridor file)."""
    from ..geodesy import length_km
    from ..io import load

    gdf = load(name, layer=layer)
    km = length_km(gdf.geometry)
    cols = ["id", "name", "system", "mode", "status", "capacity", "capacity_unit",
            "length_km_published", "countries", "route_accuracy", "source_ids"]
    records = []
    for rec, k in zip(gdf[cols].to_dict("records"), km):
        rec["length_km_geodesic"] = round(float(k), 1)
        records.append(rec)
    if fmt != "table":  # every field, for machines
        _echo(records, fmt)
        return
    # The table keeps to a line a segment; how each line was drawn follows it.
    _echo([_segment_row(r) for r in records], fmt, title=name)
    for r in records:
        click.echo(f"{r['id']}: {r['route_accuracy']}")
    click.echo(f"Sources: corridors sources {name}")


def _segment_row(rec: dict) -> dict[str, str]:
    """A segment as one readable table row: capacity with its unit, drawn against published km."""
    from ..summary import quantity

    def blank(value) -> bool:
        return value is None or value != value

    published, drawn = rec["length_km_published"], rec["length_km_geodesic"]
    return {
        "id": rec["id"], "name": rec["name"], "mode": rec["mode"], "status": rec["status"],
        "capacity": "" if blank(rec["capacity"])
        else quantity(float(rec["capacity"]), str(rec["capacity_unit"])),
        "km published": "" if blank(published) else f"{published:,.0f}",
        "km drawn": f"{drawn:,.0f}",
        "drawn vs published": "" if blank(published) or not published
        else f"{(drawn - published) / published:+.1%}",
        "countries": str(rec["countries"]).replace(";", ", "),
    }


@click.command("sources")
@click.argument("name", required=False)
@format_option()
def sources(name: str | None, fmt: str) -> None:
    """List the sources, or those cited by dataset NAME."""
    from .. import tables
    from ..io import load

    if name is None:
        df = tables.sources()
    else:
        gdf = load(name)
        ids = sorted({i for v in gdf["source_ids"] for i in tables.split_ids(v)})
        df = tables.sources(ids)
    _echo(df.to_dict("records"), fmt)


@click.command("figures")
@click.argument("series", required=False)
@click.option("--all", "every", is_flag=True, help="Every figure of every series.")
@click.option("--by", "by", type=click.Choice(["destination"]),
              help="Flows by destination: to which countries, how much, and whose statistics "
                   "(the exporter's, an importer's, a pipeline operator's).")
@click.option("--year", type=int, help="Keep one year.")
@format_option()
def figures(series: str | None, every: bool, by: str | None, year: int | None, fmt: str) -> None:
    """List the figure series, or show the figures of one SERIES with their sources.

    Series: exports, throughput, capacities and targets; --all shows every figure;
    --by destination --year 2024 answers "to which countries, how much".
    """
    from .. import tables
    from ..catalogue import series_title
    from ..exceptions import CorridorsError

    if by is not None:
        if series:
            raise click.UsageError("give a SERIES or --by, not both")
        df = tables.flows(by=by, year=year)
        if df.empty:
            raise CorridorsError(f"no flow figures for {year}" if year is not None
                                 else "no flow figures")
        if fmt != "table":
            _echo(df.to_dict("records"), fmt)
            return
        cols = ["year", "commodity", "from", "to", "via", "statistics", "value", "unit", "status",
                "source_id"]
        title = f"Flows by destination, {year}" if year is not None else "Flows by destination"
        _echo(df[cols].to_dict("records"), fmt, title=title)
        click.echo("Whose statistics are in 'statistics': the exporter's, importers' and pipeline "
                   "operators' figures are kept apart; each row's scope and note are in --format "
                   "csv or json.")
        return
    df = tables.figures(series)
    if year is not None:
        df = df[df["year"] == year]
        if df.empty:
            raise CorridorsError(f"no figures for {year}" + (f" in {series}" if series else ""))
    if series or every or year is not None:
        _echo(df.to_dict("records"), fmt, title=series_title(series) if series else None)
        return
    _echo([{"series": name, "title": series_title(name),
            "years": "–".join(dict.fromkeys(str(y) for y in (rows["year"].min(),
                                                              rows["year"].max()))),
            "unit": ", ".join(dict.fromkeys(rows["unit"])), "figures": len(rows)}
           for name, rows in df.groupby("series", sort=False)], fmt)


@click.command("export")
@click.argument("names", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["geojson", "gpkg", "parquet", "csv"]),
              help="Output format; by default from the suffix of --out (.geojson, .json, .gpkg, "
                   ".parquet, .geoparquet, .csv).")
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="Output file.")
@click.option("--places", is_flag=True,
              help="Export the places the datasets name (terminals, ports, crossings, stations, "
                   "towns a line passes), with their sources, instead of the segments.")
@layer_option()
def export(names: tuple[str, ...], fmt: str | None, out: Path, places: bool,
           layer: str | None) -> None:
    """Export datasets (or corridor files) NAMES to one file."""
    import pandas as pd

    from .._atomic import check_output
    from ..exceptions import CorridorsError
    from ..io import export as write
    from ..io import load, named_places

    check_output(out)  # before the work
    frames = []
    for name in names:
        gdf = load(name, layer=layer if Path(name).suffix.lower() == ".gpkg" else None)
        gdf.insert(0, "dataset", Path(name).name)  # a file by its name: no directories passed on
        frames.append(gdf)
    gdf = frames[0] if len(frames) == 1 else pd.concat(frames, ignore_index=True)
    what = "segment"
    if places:
        gdf, what = named_places(gdf), "place"
        if gdf.empty:
            raise CorridorsError(f"no places are named in {', '.join(names)} (from_node, "
                                 "to_node, waypoints)")
    write(gdf, out, fmt=fmt, layer=f"{what}s")
    click.echo(f"wrote {len(gdf)} {what}{'s' if len(gdf) != 1 else ''} to {out}", err=True)


@click.command("validate")
@click.argument("file", type=click.Path(path_type=Path))
@layer_option()
def validate(file: Path, layer: str | None) -> None:
    """Check a corridor FILE (GeoJSON, GeoPackage, GeoParquet, CSV with WKT)."""
    from ..io import load

    gdf = load(file, layer=layer)
    click.echo(f"{file}: {len(gdf)} valid segment{'s' if len(gdf) != 1 else ''}")


COMMANDS = [list_datasets, show, sources, figures, export, validate]
