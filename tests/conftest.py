"""Fixtures shared by the tests."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from corridors.cli import main


@pytest.fixture(autouse=True, scope="session")
def _network_cache_in_tmp(tmp_path_factory):
    """Keep the network cache of the test session out of the user's home."""
    from corridors import settings

    settings.cache_dir = tmp_path_factory.mktemp("cache")


@dataclass
class Run:
    """The outcome of one command-line run."""

    code: int
    out: str
    err: str


@pytest.fixture
def cli(capsys):
    """Run the command line in-process: ``cli("list", "--format", "json")``."""

    def run(*args: str) -> Run:
        code = main([str(a) for a in args])
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run


@pytest.fixture
def write_geojson(tmp_path):
    """Write features (dicts of properties plus a ``geometry`` dict) to a GeoJSON file."""

    def write(features: list[dict], name: str = "corridor.geojson", **top) -> Path:
        doc = {"type": "FeatureCollection", **top, "features": [
            {"type": "Feature", "geometry": f.pop("geometry"), "properties": f}
            for f in (dict(f) for f in features)
        ]}
        path = tmp_path / name
        path.write_text(json.dumps(doc), encoding="utf-8")
        return path

    return write


LINE = {"type": "LineString", "coordinates": [[44.8, 41.7], [43.5, 41.4]]}
"""A valid line in Georgia, for building user files."""


ROOT = Path(__file__).resolve().parent.parent
"""The checkout: ``python -m corridors`` run from here runs its code."""


def run_cli(*args, env: dict | None = None, timeout: float = 120, **kwargs):
    """Run ``python -m corridors`` of this checkout in a subprocess; a CompletedProcess."""
    import os
    import subprocess
    import sys

    return subprocess.run([sys.executable, "-m", "corridors", *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, **(env or {})}, **kwargs)


def is_root() -> bool:
    import os

    return os.geteuid() == 0


needs_root = pytest.mark.skipif(not is_root(), reason="needs root: mounts a tmpfs, or makes a "
                                "device with mknod (CI runs as root)")
"""Mark of tests that mount a small tmpfs or make device nodes."""


def mount_tmpfs(where: Path, size: int, *options: str) -> None:
    """Mount a tmpfs of ``size`` bytes at ``where``; skip, saying why, where that is refused."""
    import subprocess

    opts = ",".join((f"size={size}", *options))
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", opts, "tmpfs", str(where)],
                          capture_output=True, text=True)
    if done.returncode:  # root in a container without CAP_SYS_ADMIN
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")


@pytest.fixture
def tmpfs(tmp_path):
    """Mount tmpfs file systems of a given size under tmp_path: ``tmpfs(100_000)`` is a Path.

    Each is unmounted at teardown, whatever the test did. Root only (see ``needs_root``).
    """
    import subprocess

    mounted: list[Path] = []

    def mount(size: int, *options: str) -> Path:
        where = tmp_path / f"fs{len(mounted)}"
        where.mkdir()
        mount_tmpfs(where, size, *options)
        mounted.append(where)
        return where

    yield mount
    for where in reversed(mounted):
        subprocess.run(["umount", "-l", str(where)], check=False)


def segment_features(n: int, *, seed: int = 0, vertices: int = 5) -> list[dict]:
    """``n`` valid rail segments in the corridors schema, for files of any size."""
    import random

    rng = random.Random(seed)
    out = []
    for i in range(n):
        x, y = 40 + rng.random() * 20, 36 + rng.random() * 8
        out.append({"id": f"s{i}", "name": f"Segment {i}", "mode": "rail",
                    "status": "operating",
                    "geometry": {"type": "LineString", "coordinates": [
                        [round(x + k * 0.01, 5), round(y + k * 0.005, 5)]
                        for k in range(vertices)]}})
    return out


def leftovers(folder: Path, *keep: str) -> list[str]:
    """Every file or directory under ``folder``, hidden ones too, but those named in ``keep``."""
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.name not in keep)


# -- a small synthetic network, for routing, comparisons and matrices ------------
# A -rail 1435- B (gauge break) -rail 1520- C (port) -ferry- D (port) -rail 1520- E
# and a longer land route B -rail 1520- R (RUS) -rail 1520- E; a sea leg C-E through "suez".
NODES = {
    "a": ("A", "city", "CHN", 0.0),
    "b": ("B", "gauge_break", "KAZ", 1.0),
    "c": ("C", "port", "KAZ", 2.0),
    "d": ("D", "port", "AZE", 3.0),
    "e": ("E", "city", "GEO", 4.0),
    "r": ("R", "city", "RUS", 2.5),
}
EDGES = [  # u, v, id, mode, gauge, km by country (in order), passages, capacity
    ("a", "b", "ab", "rail", 1435, {"CHN": 60.0, "KAZ": 40.0}, (), (5.0, "Mt/yr")),
    ("b", "c", "bc", "rail", 1520, {"KAZ": 200.0}, (), (2.0, "Mt/yr")),
    ("c", "d", "cd", "ferry", None, {"KAZ": 10.0, "sea": 280.0, "AZE": 10.0}, (), (None, None)),
    ("d", "e", "de", "rail", 1520, {"AZE": 30.0, "GEO": 20.0}, (), (9.0, "Mt/yr")),
    ("b", "r", "br", "rail", 1520, {"KAZ": 100.0, "RUS": 300.0}, (), (None, None)),
    ("r", "e", "re", "rail", 1520, {"RUS": 250.0, "GEO": 50.0}, (), (None, None)),
    ("c", "e", "ce", "sea", None, {"sea": 900.0}, ("suez",), (None, None)),
]


def routes_on(router, asked) -> list:
    """Each route's arcs for ``asked`` (places, constraints) pairs, or why there is none."""
    from corridors.exceptions import NoRouteError

    got = []
    for places, c in asked:
        try:
            got.append(router.route(list(places), c).edges.tolist())
        except NoRouteError as exc:
            got.append(str(exc))
    return got


def synthetic_graph():
    """The small synthetic network drawn above, built as the curated network is."""
    import networkx as nx
    from shapely import LineString

    from corridors.network.curated import _add_arcs

    g = nx.MultiDiGraph()
    for n, (name, kind, country, x) in NODES.items():
        g.add_node(n, name=name, aliases=None, kind=kind, country=country, lon=x, lat=0.0)
    for u, v, eid, mode, gauge, km, passages, (cap, unit) in EDGES:
        geom = LineString([(NODES[u][3], 0.0), (NODES[v][3], 0.0)])
        attrs = {
            "segment": eid,
            "dataset": "test",
            "name": eid,
            "mode": mode,
            "gauge_mm": gauge,
            "capacity": cap,
            "capacity_unit": unit,
            "passages": passages,
        }
        _add_arcs(g, u, v, eid, attrs, geom, sum(km.values()), km, both=True)
    return g


ASSUMPTIONS = {
    "speed_km_per_h": {
        "rail": {"low": 10, "central": 20, "high": 40, "source_ids": "carec-cpmm-2020-rail"},
        "ferry": {"low": 10, "central": 10, "high": 10, "source_ids": "srcenter-caspian-ferry"},
        "sea": {"low": 30, "central": 30, "high": 30, "source_ids": "porteconomics-slow-steaming"},
    },
    "dwell_h": {
        "border": {"low": 1, "central": 2, "high": 3, "source_ids": "carec-cpmm-2020-rail"},
        "gauge_break": {
            "low": 4,
            "central": 5,
            "high": 6,
            "source_ids": "silkroadnews-2016-07-22-dostyk",
        },
        "port": {
            "low": 10,
            "central": 20,
            "high": 30,
            "source_ids": "marinetraffic-unctad-port-time",
        },
    },
    "co2_g_per_tkm": {
        "rail": {"value": 10, "source_ids": "etrr-2019-modal-shift-co2"},
        "ferry": {"value": 30, "source_ids": "itf-2014-shipping-emissions-ports"},
        "sea": {"value": 20, "source_ids": "uba-ship-energy-efficiency"},
    },
    "customs_unions": {"EAEU": {"members": ["KAZ", "RUS"], "source_ids": "wikipedia-mirror-eaeu"}},
}


@pytest.fixture(scope="module")
def assumptions_file(tmp_path_factory):
    """The synthetic network's assumptions, as a file."""
    path = tmp_path_factory.mktemp("a") / "assumptions.json"
    path.write_text(json.dumps(ASSUMPTIONS), encoding="utf-8")
    return path
