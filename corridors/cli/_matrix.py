"""The ``matrix`` command: every comparison between lists of places, under scenarios, to a file.

The output is written in partitions, one Parquet file per chunk of origins
in ``OUT.parts/`` beside ``OUT``, each written atomically; at the end they
are joined, sorted, into ``OUT`` (written atomically too) and removed. A
crash leaves the complete partitions, and ``--resume`` runs only the rest.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from concurrent.futures import Future

OUT_FORMATS = {".parquet": "parquet", ".csv": "csv"}


@click.command("matrix")
@click.option("--origins", "origins_file", required=True,
              type=click.Path(dir_okay=False, path_type=Path),
              help="Origins: CSV with a 'name' column or 'lat' and 'lon' columns, or GeoParquet.")
@click.option("--destinations", "destinations_file", required=True,
              type=click.Path(dir_okay=False, path_type=Path),
              help="Destinations, as --origins.")
@click.option("--pairs", "pairs_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Only these pairs: CSV with 'origin' and 'destination' columns (labels).")
@click.option("--scenarios", "scenarios_file", type=click.Path(dir_okay=False, path_type=Path),
              help='Named options, JSON: {"scenarios": {"avoid-russia": '
                   '{"avoid_countries": ["RUS", "BLR"]}}}. The default options otherwise.')
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Output file: .parquet or .csv.")
@click.option("--workers", type=click.IntRange(min=1),
              help="Run on a new cluster of this many local worker processes (Dask).")
@click.option("--scheduler", metavar="ADDRESS",
              help="Run on an existing Dask scheduler, e.g. tcp://127.0.0.1:8786.")
@click.option("--chunk", "chunk_origins", type=click.IntRange(min=1), default=4,
              show_default=True, help="Origins per task and per partition.")
@click.option("--resume", is_flag=True,
              help="Continue an interrupted run from its complete partitions.")
@click.option("--skip-unknown", is_flag=True,
              help="Leave out the places that cannot be found, and list them.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no summary.")
def matrix_command(origins_file: Path, destinations_file: Path, pairs_file: Path | None,
                   scenarios_file: Path | None, out: Path, workers: int | None,
                   scheduler: str | None, chunk_origins: int, resume: bool,
                   skip_unknown: bool, quiet: bool) -> None:
    """Compare every origin with every destination under each scenario: a tidy table of routes."""
    from concurrent.futures import Future, ThreadPoolExecutor

    from .._atomic import check_output
    from ..exceptions import CorridorsError
    from ..matrix import needs_road, prepare, read_pairs, read_places, read_scenarios
    from ..network.model import default_network

    start = time.perf_counter()
    fmt = OUT_FORMATS.get(out.suffix.lower())
    if fmt is None:
        raise CorridorsError(f"{out}: give a .parquet or .csv file")
    check_output(out)
    if workers and scheduler:
        raise CorridorsError("give --workers or --scheduler, not both")
    parts = out.with_name(out.name + ".parts")
    if parts.exists() and not resume:
        raise CorridorsError(f"{parts}: holds the partitions of an interrupted run; "
                             "give --resume to continue it, or remove it")
    origins, destinations = read_places(origins_file), read_places(destinations_file)
    pairs = read_pairs(pairs_file) if pairs_file else None
    scenarios = read_scenarios(scenarios_file) if scenarios_file else None
    road = needs_road(scenarios)
    client = starting = None
    loaded: Future[bool] = Future()  # whether this process has the network (the cache has it)
    if scheduler:  # before the work: an address that does not answer is bad input
        from .._dask import connect

        client = connect(scheduler)
    elif workers:  # the cluster starts while this process loads the network, then its
        # workers load theirs from the cache while this one resolves the places
        pool = ThreadPoolExecutor(1)
        starting = pool.submit(_start, workers, road, loaded)
        pool.shutdown(wait=False)  # the thread ends when the workers have the network
    try:
        try:
            network = default_network(road=road)  # built and cached, if need be
        except BaseException:
            loaded.set_result(False)
            raise
        loaded.set_result(True)
        job, shared, skipped = prepare(origins, destinations, scenarios=scenarios, pairs=pairs,
                                       network=network, skip_unknown=skip_unknown,
                                       chunk_origins=chunk_origins)
        for key in ("origins", "destinations"):
            for _, msg in skipped[key]:
                click.echo(f"corridors: skipped: {msg}", err=True)
        if starting is not None:
            client = starting.result()
        _run(job, shared, out, parts, fmt, client=client, resume=resume, quiet=quiet,
             start=start)
    finally:
        if starting is not None and client is None and starting.exception() is None:
            client = starting.result()  # started for a run that did not get that far
        if client is not None:
            from .._dask import close

            close(client)


def _start(workers: int, road: bool, loaded: Future):
    """A client of a new local cluster, whose workers load the network if ``loaded`` says so."""
    from .._dask import close, load_network, local_cluster

    client = local_cluster(workers)
    try:
        if loaded.result():
            load_network(client, road=road)
    except BaseException:
        close(client)
        raise
    return client


def _run(job, shared, out: Path, parts: Path, fmt: str, *, client, resume: bool, quiet: bool,
         start: float) -> None:
    import json
    import shutil

    import pyarrow.parquet as pq

    from .._atomic import atomic_path, write_text
    from ..exceptions import CorridorsError
    from ..matrix import ChunkError, Progress, run, table

    manifest = parts / "manifest.json"
    fingerprint = job.fingerprint()
    if parts.exists():
        try:
            said = json.loads(manifest.read_text(encoding="utf-8"))["fingerprint"]
        except (OSError, ValueError, KeyError):
            said = None
        if said != fingerprint:
            raise CorridorsError(f"{parts}: holds partitions of another run (other places, "
                                 "pairs, scenarios or --chunk); remove it to start afresh")
    else:
        parts.mkdir()
        write_text(manifest, json.dumps({"fingerprint": fingerprint,
                                         "chunks": job.n_chunks}) + "\n")

    def part(i: int) -> Path:
        return parts / f"part-{i:06d}.parquet"

    done = [i for i in range(job.n_chunks) if part(i).is_file()]
    todo = [i for i in range(job.n_chunks) if not part(i).is_file()]
    state = Progress(job.total)
    state.done = sum(job.pairs_in(i) for i in done)
    resumed = state.done
    bar = _bar(state, quiet, client)
    try:
        for i, frame in run(job, shared, todo, state, client=client):
            with atomic_path(part(i)) as tmp:
                pq.write_table(table(frame), tmp)
            bar.refresh()
    except ChunkError as exc:  # a bug: its traceback, then the pair and what is kept
        import traceback

        bar.close()
        if exc.__cause__ is not None:
            traceback.print_exception(exc.__cause__, file=sys.stderr)
        kept = len(list(parts.glob("part-*.parquet")))
        click.echo(f"corridors: error: {exc}; {kept} complete partitions of {job.n_chunks} "
                   f"kept in {parts}; --resume continues from them", err=True)
        raise click.exceptions.Exit(1) from None
    finally:
        bar.close()
    s = _join([part(i) for i in range(job.n_chunks)], out, fmt)
    shutil.rmtree(parts)
    wall = time.perf_counter() - start
    if not quiet:
        ran = state.done - resumed
        click.echo(f"wrote {s['routes']:,} routes of {s['pairs']:,} pairs to {out} "
                   f"in {wall:,.1f} s ({ran / wall if wall else 0:,.1f} pairs/s"
                   f"{f', {resumed:,} pairs resumed' if resumed else ''})", err=True)
        if s["no_route"]:
            click.echo(f"{s['no_route']:,} pairs without a route:", err=True)
            for why, n in s["why"].items():
                click.echo(f"  {n:>8,}  {why}", err=True)


def _join(files: list[Path], out: Path, fmt: str) -> dict:
    """Stream the partitions, in order, into ``out`` (atomically); their summary."""
    import pyarrow.parquet as pq

    from .._atomic import atomic_path
    from ..matrix import COLUMNS, summary, table

    s = None
    with atomic_path(out) as tmp:
        writer = None
        try:
            for k, f in enumerate(files):  # one partition in memory at a time
                df = pq.read_table(f).to_pandas()
                s = summary(df, s)
                df = df[list(COLUMNS)]
                if fmt == "csv":
                    df.to_csv(tmp, index=False, header=k == 0, mode="w" if k == 0 else "a",
                              lineterminator="\n")
                    continue
                t = table(df)
                if writer is None:
                    writer = pq.ParquetWriter(tmp, t.schema)
                writer.write_table(t)
        finally:
            if writer is not None:
                writer.close()
    return s


class _Bar:
    """A rich progress bar of pairs done, their rate and the time left (a terminal only)."""

    def __init__(self, state, quiet: bool, client) -> None:
        self.state, self.progress = state, None
        if quiet:
            return
        if client is not None:
            from .._dask import dashboard

            link = dashboard(client)
            if link:
                click.echo(f"Dask dashboard: {link}", err=True)
        if not sys.stderr.isatty():
            return
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        self.progress = Progress(TextColumn("pairs"), BarColumn(), MofNCompleteColumn(),
                                 TextColumn("{task.fields[rate]}"), TimeElapsedColumn(),
                                 TextColumn("left"), TimeRemainingColumn(),
                                 console=Console(stderr=True))
        self.progress.start()
        self.task = self.progress.add_task("pairs", total=state.total, completed=state.done,
                                           rate="")
        self.start, self.first = time.perf_counter(), state.done
        state.on_change = lambda _: self.refresh()

    def refresh(self) -> None:
        if self.progress is None:
            return
        took = time.perf_counter() - self.start
        rate = (self.state.done - self.first) / took if took > 0 else 0.0
        self.progress.update(self.task, completed=self.state.done, rate=f"{rate:,.1f}/s")

    def close(self) -> None:
        if self.progress is not None:
            self.progress.stop()
            self.progress = None


def _bar(state, quiet: bool, client) -> _Bar:
    return _Bar(state, quiet, client)


COMMANDS = [matrix_command]
