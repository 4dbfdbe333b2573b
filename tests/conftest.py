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
