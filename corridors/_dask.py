"""Running the chunks of a matrix on a ``dask.distributed`` cluster.

Each worker loads the network once, through :class:`NetworkPlugin`, from the
on-disk cache that the client process builds first (``settings.cache_dir``);
a task carries only its chunk's number and the small :class:`~corridors.matrix.Job`
(places and scenarios), never the network. Results come back to the client,
which writes the partitions, so workers need no shared file system.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from distributed import Client, LocalCluster, as_completed, get_worker
from distributed.diagnostics.plugin import WorkerPlugin

from .exceptions import CorridorsError

if TYPE_CHECKING:
    import pandas as pd

    from .matrix import Job, Progress

PLUGIN = "corridors-network"

_SETTINGS = ("data_dir", "exposure_countries", "named_route_detour", "snap_max_km",
             "terminal_snap_km", "base_networks", "cache_dir", "use_cache")


def _settings() -> dict[str, Any]:
    from . import settings

    return {k: getattr(settings, k) for k in _SETTINGS}


class NetworkPlugin(WorkerPlugin):
    """Load the default network on a worker once, under the client's settings.

    Parameters
    ----------
    road : bool
        Also join the base road network.
    settings : dict
        The client's settings that shape the network and the comparisons.

    """

    name = PLUGIN

    def __init__(self, road: bool, settings: dict[str, Any]) -> None:
        self.road, self.settings = road, settings
        self.shared = None

    def setup(self, worker) -> None:
        import pandas  # noqa: F401 (what a chunk needs: imported now, not in the first chunk)
        import scipy.sparse.csgraph  # noqa: F401

        from . import settings
        from .matrix import Shared
        from .network.model import default_network

        for k, v in self.settings.items():
            setattr(settings, k, v)
        self.shared = Shared(default_network(road=self.road))


def _chunk(job: Job, i: int) -> pd.DataFrame:
    """Run chunk ``i`` on this worker's network (the task a worker is given)."""
    from .matrix import run_chunk

    plugin = get_worker().plugins[PLUGIN]
    return run_chunk(plugin.shared, job, i)


def connect(address: str, timeout: float = 5.0) -> Client:
    """A client of the scheduler at ``address``.

    Raises
    ------
    corridors.exceptions.CorridorsError
        When the scheduler does not answer within ``timeout`` seconds.

    """
    try:
        return Client(address, timeout=timeout, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        raise CorridorsError(f"scheduler {address}: no answer within {timeout:g} s "
                             f"({' '.join(str(exc).split()) or type(exc).__name__})") from None


#: Dask's settings for the workers of :func:`local_cluster`. Its profiler
#: samples the routing's stack every 10 ms (5 to 15 % of the time). Its nanny
#: sets ``MALLOC_TRIM_THRESHOLD_`` in a worker's environment, which fixes glibc's
#: threshold for mapping allocations at 128 kB: every search's arrays (a few
#: MB) are then mapped and faulted in anew, twice the page faults of a plain
#: process, and about 15 % more CPU with two workers at once (benchmarks/RESULTS.md).
TRIM = "MALLOC_TRIM_THRESHOLD_"
WORKER_CONFIG = {"distributed.worker.profile.enabled": False,
                 f"distributed.nanny.pre-spawn-environ.{TRIM}": None}


def local_cluster(workers: int) -> Client:
    """A client of a new cluster of ``workers`` processes of one thread each, on loopback.

    Its workers run without the profiler, which would sample the routing every 10 ms,
    and with glibc's own trimming of freed memory (see :data:`WORKER_CONFIG`), even
    where ``MALLOC_TRIM_THRESHOLD_`` is in this process's environment: a nanny puts it
    there before it starts a worker, so any earlier cluster of this process leaves it.
    """
    import logging
    import os

    import dask

    # the nanny's notes on stopping workers are not the user's business
    logging.getLogger("distributed").setLevel(logging.ERROR)
    inherited = os.environ.pop(TRIM, None)
    try:
        with dask.config.set(WORKER_CONFIG):
            cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                   host="127.0.0.1", dashboard_address="127.0.0.1:0")
    finally:
        if inherited is not None:
            os.environ[TRIM] = inherited
    return Client(cluster, set_as_default=False)


def close(client: Client) -> None:
    """Close ``client``, then the cluster it started (a :func:`local_cluster`'s), if any."""
    cluster = client.cluster
    client.close()
    if cluster is not None:
        cluster.close()


def dashboard(client: Client) -> str | None:
    """The address of the cluster's dashboard, where it serves one."""
    try:
        info = client.scheduler_info()
        if "dashboard" not in info.get("services", {}):
            return None
        return client.dashboard_link
    except Exception:  # a scheduler without the dashboard's packages
        return None


def load_network(client: Client, *, road: bool) -> None:
    """Have each worker load the default network (this process's settings) from the cache.

    Once a worker process: registered again, the plugin finds it loaded.
    """
    client.register_plugin(NetworkPlugin(road, _settings()), name=PLUGIN)


def run_on(client: Client, job: Job, chunks: list[int], state: Progress, *, road: bool
           ) -> Iterator[tuple[int, pd.DataFrame]]:
    """Yield ``(chunk, frame)`` as the cluster finishes chunks (a few in flight per worker)."""
    load_network(client, road=road)
    workers = max(1, len(client.scheduler_info().get("workers", {})))
    [job_f] = client.scatter([job], broadcast=True)
    todo = list(chunks)[::-1]
    running = as_completed(loop=client.loop)
    key: dict[str, int] = {}

    def submit() -> None:
        i = todo.pop()
        f = client.submit(_chunk, job_f, i, pure=False, key=f"corridors-chunk-{i}-{id(job)}")
        key[f.key] = i
        running.add(f)

    for _ in range(min(len(todo), 2 * workers)):
        submit()
    try:
        for f in running:
            i = key.pop(f.key)
            part = f.result()
            f.release()
            if todo:
                submit()
            state.add(job.pairs_in(i))
            yield i, part
    finally:
        for f in list(running.futures):
            f.cancel()
