"""Signals: SIGTERM, SIGHUP and SIGINT end a run with one line and leave no temporary file."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest
from conftest import ROOT, leftovers, segment_features

from corridors import _atomic
from corridors.cli import main

ROWS = 3000
"""Segments in the large input."""


@pytest.fixture(scope="module")
def large_input(tmp_path_factory):
    """A GeoJSON file of segments (about 1.5 MB): a run of two or three seconds."""
    path = tmp_path_factory.mktemp("large") / "large.geojson"
    features = [{"type": "Feature", "geometry": f.pop("geometry"), "properties": f}
                for f in segment_features(ROWS, vertices=12)]
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    return path


def start(*args, tmpdir):
    return subprocess.Popen([sys.executable, "-m", "corridors", *map(str, args)], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "TMPDIR": str(tmpdir)})


_TOOK: dict[str, float] = {}


def run_time(large_input, tmp_path) -> float:
    """Seconds a whole export of the large input takes (as a GeoPackage), measured once."""
    if not _TOOK:
        out = tmp_path / "whole.gpkg"
        began = time.monotonic()
        assert start("export", large_input, "--out", out, tmpdir=tmp_path).wait(timeout=120) == 0
        _TOOK["gpkg"] = time.monotonic() - began
        out.unlink()
    return _TOOK["gpkg"]


def check_stopped(proc, sig, out, tmpdir):
    """After ``sig``: one line and 128 + its number, or a run that had finished, whole."""
    _, err = proc.communicate(timeout=60)
    if out.exists():  # it finished first (the signal came as Python shut down): all of it
        from corridors.io import read_file

        assert proc.returncode in (0, -sig), err
        assert len(read_file(out)) == ROWS and not leftovers(out.parent, out.name)
        return False
    assert not out.exists() and leftovers(out.parent) == []  # no hidden temporary file
    assert leftovers(tmpdir) == []  # nor in the temporary directory (a PNG's page)
    if proc.returncode == -sig:  # killed while Python started, before any work
        return False
    name = signal.Signals(sig).name
    assert proc.returncode == 128 + sig, err
    assert err.splitlines()[-1] == f"corridors: interrupted ({name})", err
    assert "\n\n" not in err and "Traceback" not in err, err  # no blank line
    assert not out.exists() and leftovers(out.parent) == []  # no hidden temporary file
    assert leftovers(tmpdir) == []  # nor in the temporary directory (a PNG's page)
    return True


@pytest.mark.parametrize(("suffix", "fractions"), [
    (".gpkg", (0.5, 0.8, 0.95)),
    (".geojson", (0.5, 0.9)),
    (".csv", (0.6,)),
    (".parquet", (0.6,)),
])
def test_sigterm_at_several_delays_leaves_no_temporary_file(large_input, tmp_path, suffix,
                                                            fractions):
    tmpdir = tmp_path / "tmp"
    tmpdir.mkdir()
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    took = run_time(large_input, tmp_path)
    stopped = 0
    for fraction in fractions:
        out = out_dir / f"x{suffix}"
        proc = start("export", large_input, "--out", out, tmpdir=tmpdir)
        time.sleep(took * fraction)
        proc.send_signal(signal.SIGTERM)
        stopped += check_stopped(proc, signal.SIGTERM, out, tmpdir)
        out.unlink(missing_ok=True)
    assert stopped  # one run at least (halfway, surely) was stopped part way


@pytest.mark.parametrize("sig", [signal.SIGHUP, signal.SIGINT])
def test_sighup_and_sigint_clean_up_like_sigterm(large_input, tmp_path, sig):
    tmpdir = tmp_path / "tmp"
    tmpdir.mkdir()
    out = tmp_path / "out" / "x.gpkg"
    out.parent.mkdir()
    took = run_time(large_input, tmp_path)
    proc = start("export", large_input, "--out", out, tmpdir=tmpdir)
    time.sleep(took * 0.6)
    proc.send_signal(sig)
    assert check_stopped(proc, sig, out, tmpdir)


def test_sigterm_during_a_png_leaves_neither_the_png_nor_its_page(tmp_path):
    tmpdir = tmp_path / "tmp"
    tmpdir.mkdir()
    out = tmp_path / "out" / "m.png"
    out.parent.mkdir()
    proc = start("map", "igb", "--png", out, tmpdir=tmpdir)
    deadline = time.monotonic() + 60
    while not leftovers(tmpdir) and time.monotonic() < deadline:  # the page is being shot
        time.sleep(0.05)
    proc.send_signal(signal.SIGTERM)
    assert check_stopped(proc, signal.SIGTERM, out, tmpdir)


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT])
def test_a_signal_in_the_middle_of_a_write_removes_it(tmp_path, monkeypatch, capsys, sig):
    """In-process, the signal arrives while the temporary file is half written."""
    seen = []
    real = _atomic._commit

    def commit_after_signal(tmp, out, given):
        seen.append(sorted(p.name for p in tmp.parent.iterdir()))
        os.kill(os.getpid(), sig)  # the handler raises here, before the rename
        real(tmp, out, given)

    monkeypatch.setattr(_atomic, "_commit", commit_after_signal)
    out = tmp_path / "x.geojson"
    code = main(["export", "btc", "--out", str(out)])
    assert seen == [["x.geojson"]]  # the temporary file was there
    assert code == 128 + sig
    assert capsys.readouterr().err == f"corridors: interrupted ({signal.Signals(sig).name})\n"
    assert leftovers(tmp_path) == [] and not _atomic._LIVE
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL  # handlers restored
