"""The network cache: nothing is unpickled unless signed with the user's key; no home, no cache."""

from __future__ import annotations

import os
import pickle
import stat
import warnings

import pytest
from conftest import is_root, needs_root, run_cli

from corridors import _cache, settings
from corridors.network import curated as network
from corridors.network.curated import corridor_graph


@pytest.fixture(autouse=True)
def _said_afresh(monkeypatch):
    """Each test hears the cache's reasons anew (a run says each once)."""
    monkeypatch.setattr(_cache, "_SAID", set())


BUILDS: list[int] = []
"""One item per network built (not loaded from the cache)."""


@pytest.fixture
def cache(tmp_path, monkeypatch):
    """An empty cache directory for the test; the path of the cached network (no sea links).

    The network is a small graph, built fast: what is tested is how the cache loads and
    stores it (``BUILDS`` counts the builds).
    """
    import networkx as nx

    def small(segments, nodes, *, sea_links):
        BUILDS.append(1)
        g = nx.MultiDiGraph()
        for n, lon in (("a", 44.0), ("b", 45.0)):
            g.add_node(n, name=n.upper(), lat=41.0, lon=lon, kind="city")
        g.add_edge("a", "b", mode="rail", km=float(len(segments)))
        return g

    monkeypatch.setattr(network, "graph_from_segments", small)
    for step in ("with_published_lengths", "with_track_lengths"):  # later steps, if any
        monkeypatch.setattr(network, step, lambda *a, **k: 0, raising=False)
    monkeypatch.setattr(settings, "cache_dir", tmp_path / "cache")
    BUILDS.clear()
    network._corridor_graph.cache_clear()
    yield network._cache_file((), False, str(settings.resolved_data_dir()))
    network._corridor_graph.cache_clear()


def built(**kwargs) -> tuple[object, int]:
    """The network, and whether it was built (1) or loaded from the cache (0)."""
    before = len(BUILDS)
    network._corridor_graph.cache_clear()
    return corridor_graph(sea_links=False, **kwargs), len(BUILDS) - before


class Planted:
    """A pickle that runs code when loaded: it makes a file."""

    def __init__(self, marker):
        self.marker = str(marker)

    def __reduce__(self):
        return (open, (self.marker, "w"))


def test_the_secret_key_is_private_and_the_file_signed(cache):
    g, n = built()
    assert n == 1
    key = cache.parent / _cache.KEY_FILE
    assert stat.S_IMODE(key.stat().st_mode) == 0o600 and key.stat().st_size == 32
    assert stat.S_IMODE(cache.parent.stat().st_mode) == 0o700
    data = cache.read_bytes()
    assert data.startswith(_cache.MAGIC)
    again, n = built()
    assert n == 0 and list(again.edges(data=True)) == list(g.edges(data=True))


def test_a_planted_pickle_is_never_loaded(cache, tmp_path):
    marker = tmp_path / "ran"
    for planted in (pickle.dumps(Planted(marker)),  # a plain pickle, as the cache once was
                    _cache.MAGIC + b"\0" * 32 + pickle.dumps(Planted(marker))):  # a forged tag
        cache.write_bytes(planted)
        assert built()[1] == 1
        assert not marker.exists()  # its code did not run
        assert cache.read_bytes().startswith(_cache.MAGIC)  # rebuilt and replaced
        assert _cache.load(cache, object) is not None


def test_a_cache_of_the_wrong_type_or_cut_short_is_rebuilt(cache):
    built()
    whole = cache.read_bytes()
    _cache.store(cache, ["a", "list", "signed", "with", "the", "right", "key"])
    assert built()[1] == 1  # rebuilt, not an AttributeError
    cache.write_bytes(whole[: len(whole) // 2])
    assert built()[1] == 1
    assert cache.read_bytes() == whole and built()[1] == 0


def test_a_key_others_can_read_is_not_trusted(cache):
    built()
    key = cache.parent / _cache.KEY_FILE
    key.chmod(0o644)
    with pytest.warns(UserWarning, match="is not a private file"):
        assert _cache.load(cache, object) is None


@pytest.fixture
def default_dir(monkeypatch):
    """The default cache directory in force: from HOME or XDG_CACHE_HOME."""
    monkeypatch.setattr(settings, "cache_dir", None)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)


@pytest.mark.parametrize("home", [None, "", "relative/dir"])
def test_no_home_no_cache(default_dir, monkeypatch, tmp_path, home):
    monkeypatch.chdir(tmp_path)
    if home is None:
        monkeypatch.delenv("HOME", raising=False)
    else:
        monkeypatch.setenv("HOME", home)
    with pytest.warns(UserWarning, match="HOME is not set"):
        assert _cache.directory() is None
    assert list(tmp_path.iterdir()) == []


def test_a_missing_home_makes_no_directories(default_dir, monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path / "nonexistent" / "dir"))
    with pytest.warns(UserWarning, match="nonexistent/dir is not a writable directory"):
        assert _cache.directory() is None
    assert list(tmp_path.iterdir()) == []
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "no" / "cache"))
    with pytest.warns(UserWarning, match="no is not a writable directory"):
        assert _cache.directory() is None
    assert list(tmp_path.iterdir()) == []


@pytest.fixture
def read_only_dir(tmp_path, tmpfs):
    if is_root():  # root writes anywhere but on a read-only file system
        return tmpfs(100_000, "ro")
    folder = tmp_path / "ro"
    folder.mkdir(mode=0o555)
    return folder


@needs_root
def test_an_unwritable_home_makes_no_directories(default_dir, monkeypatch, read_only_dir):
    monkeypatch.setenv("HOME", str(read_only_dir))
    with pytest.warns(UserWarning, match="is not a writable directory"):
        assert _cache.directory() is None
    assert list(read_only_dir.iterdir()) == []


def test_a_writable_home_gets_its_cache(default_dir, monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert _cache.directory() == tmp_path / ".cache" / "corridors"
    assert stat.S_IMODE(os.stat(tmp_path / ".cache" / "corridors").st_mode) == 0o700


def test_the_command_line_says_so_in_one_line():
    env = {"HOME": "/nonexistent/corridors-test/dir", "XDG_CACHE_HOME": ""}
    run = run_cli("compare", "--from", "Baku", "--to", "Poti", "--format", "csv", env=env)
    assert run.returncode == 0, run.stderr
    notices = [x for x in run.stderr.splitlines() if "cache" in x]
    assert len(notices) == 1 and notices[0].startswith(
        "corridors: warning: the network cache is skipped: "), run.stderr
    assert not os.path.exists("/nonexistent") and not os.path.exists("/.cache")


def test_country_shapes_are_read_once_then_loaded_from_the_cache(tmp_path, monkeypatch):
    import shapely

    from corridors import boundaries

    monkeypatch.setattr(settings, "cache_dir", tmp_path / "cache")
    read = []
    monkeypatch.setattr(boundaries, "_countries", lambda f=boundaries._countries.__wrapped__: (
        read.append(1), f())[1])
    first = boundaries._shapes()
    again = boundaries._shapes()  # from the cache file: the bundled file is not read again
    assert read == [1]
    assert list(again[1]) == list(first[1]) and "AZE" in set(first[1])
    assert all(shapely.equals_exact(a, b, 0) for a, b in zip(first[0], again[0]))
    assert list(tmp_path.joinpath("cache").glob("countries-*.pickle"))


def test_each_kind_keeps_the_files_used_last(tmp_path, monkeypatch):
    monkeypatch.setattr(settings, "cache_dir", tmp_path / "cache")
    monkeypatch.setattr(settings, "cache_files_kept", 3)
    inputs = []
    for i in range(6):
        inputs.append(tmp_path / f"input-{i}.geojson")
        inputs[-1].write_text(str(i))
    files = [_cache.file_for("rail", "1.0", [p]) for p in inputs]
    other = _cache.file_for("rail-extra", "1.0", [inputs[0]])  # another kind, sharing a prefix
    _cache.store(other, "other")
    for i, f in enumerate(files[:4]):
        _cache.store(f, i)
        os.utime(f, (1_000_000 + i, 1_000_000 + i))  # written in this order, a second apart
    # four written, three kept: the oldest went when the fourth was written
    assert [f.exists() for f in files[:4]] == [False, True, True, True]
    assert _cache.load(files[1], int) == 1  # used now: the newest
    _cache.store(files[4], 4)
    assert [f.exists() for f in files[:5]] == [False, True, False, True, True]
    _cache.store(files[5], 5)
    assert [f.exists() for f in files] == [False, True, False, False, True, True]
    assert _cache.load(other, str) == "other"  # untouched by the pruning of "rail"
    assert (tmp_path / "cache" / _cache.KEY_FILE).exists()


def test_the_base_network_file_is_pruned_and_kept_like_the_others(tmp_path, monkeypatch):
    from corridors.network import base

    monkeypatch.setattr(settings, "cache_dir", tmp_path / "cache")
    folder = _cache.directory()
    stale = [folder / f"base-rail-{i:032x}.npz" for i in range(5)]
    for i, f in enumerate(stale):
        f.write_bytes(b"old")
        os.utime(f, (1_000_000 + i, 1_000_000 + i))
    path = base._cache_file("rail")
    assert path.name.startswith("base-rail-") and path.suffix == ".npz"
    monkeypatch.setattr(base, "build", lambda mode, progress=None: _tiny_base())
    net = base.base_network("rail")
    assert path.exists() and net.n_nodes == 2
    kept = sorted(folder.glob("base-rail-*.npz"))
    assert path in kept and len(kept) == settings.cache_files_kept
    assert not stale[0].exists() and stale[-1].exists()  # the least recently used went
    assert base.base_network("rail").n_nodes == 2  # and the new one loads


def _tiny_base():
    import numpy as np

    from corridors.network.base import BaseNetwork

    return BaseNetwork(
        mode="rail", lon=np.array([44.0, 45.0]), lat=np.array([41.0, 41.0]),
        country=np.array([0, 0], dtype=np.int16), countries=("GEO",),
        u=np.array([0], dtype=np.int32), v=np.array([1], dtype=np.int32),
        km=np.array([84.0]), offsets=np.array([0, 2]),
        coords=np.array([[44.0, 41.0], [45.0, 41.0]]), gauge_mm=np.array([1520, 1520]),
        stats={"joins": 0})
