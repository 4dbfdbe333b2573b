"""Signals: SIGTERM, SIGHUP and SIGINT end a run with one line and leave no temporary file."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT, leftovers, segment_features

from corridors import _atomic
from corridors.cli import main

ROWS = 2000
"""Segments in the large input."""


@pytest.fixture(scope="module")
def large_input(tmp_path_factory):
    """A GeoJSON file of segments (about 1 MB): a run of a second or two."""
    path = tmp_path_factory.mktemp("large") / "large.geojson"
    features = [{"type": "Feature", "geometry": f.pop("geometry"), "properties": f}
                for f in segment_features(ROWS, vertices=12)]
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    return path


@pytest.fixture(scope="module")
def map_input(tmp_path_factory):
    """300 segments: a map of them is drawn in a second or two."""
    path = tmp_path_factory.mktemp("map") / "map.geojson"
    features = [{"type": "Feature", "geometry": f.pop("geometry"), "properties": f}
                for f in segment_features(300, vertices=12)]
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    return path


def start(*args, tmpdir):
    return subprocess.Popen([sys.executable, "-m", "corridors", *map(str, args)], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "TMPDIR": str(tmpdir)})


_TOOK: dict[str, float] = {}


def run_time(large_input, tmp_path, command: str = "export") -> float:
    """Seconds a whole run of ``command`` on the large input takes, measured once."""
    if command not in _TOOK:
        out = tmp_path / ("whole.html" if command == "map" else "whole.gpkg")
        began = time.monotonic()
        assert start(command, large_input, "--out", out, tmpdir=tmp_path).wait(timeout=120) == 0
        _TOOK[command] = time.monotonic() - began
        out.unlink()
    return _TOOK[command]


def check_stopped(proc, sig, out, tmpdir):
    """After ``sig``: one line and 128 + its number, or a run that had finished, whole."""
    _, err = proc.communicate(timeout=60)
    if out.exists():  # it finished first (the signal came as Python shut down): all of it
        from corridors.io import read_file

        assert proc.returncode in (0, -sig, 128 + sig), err  # the signal came after the rename
        if out.suffix == ".html":
            assert out.read_text(encoding="utf-8").rstrip().endswith("</html>")
        elif out.suffix != ".png":
            assert len(read_file(out)) == ROWS
        assert not leftovers(out.parent, out.name)
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


def reading(proc, path: Path, timeout: float = 60) -> bool:
    """Wait until ``proc`` has ``path`` open (GDAL reading it): well into the run."""
    deadline = time.monotonic() + timeout
    fds = Path(f"/proc/{proc.pid}/fd")
    while proc.poll() is None and time.monotonic() < deadline:
        with contextlib.suppress(OSError):
            if any(os.readlink(fd) == str(path) for fd in fds.iterdir()):
                return True
        time.sleep(0.002)
    return False


def writing(proc, folder: Path, timeout: float = 60) -> bool:
    """Wait until ``proc`` has its temporary directory in ``folder``: the file is being written."""
    deadline = time.monotonic() + timeout
    while proc.poll() is None and time.monotonic() < deadline:
        if any(name.startswith(".corridors-") for name in os.listdir(folder)):
            return True
    return False


@pytest.mark.parametrize(("suffix", "fractions"), [
    (".gpkg", (0.7, 0.9)),
    (".geojson", ()),
    (".csv", ()),
    (".parquet", ()),
])
def test_sigterm_at_several_delays_leaves_no_temporary_file(large_input, tmp_path, suffix,
                                                            fractions):
    """SIGTERM while the input is read (surely part way), while the output is written (its
    temporary directory seen), and late in the run, at fractions of a whole run's time."""
    tmpdir = tmp_path / "tmp"
    tmpdir.mkdir()
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    took = run_time(large_input, tmp_path) if fractions else 0.0
    out = out_dir / f"x{suffix}"
    proc = start("export", large_input, "--out", out, tmpdir=tmpdir)
    assert reading(proc, large_input)
    proc.send_signal(signal.SIGTERM)
    assert check_stopped(proc, signal.SIGTERM, out, tmpdir)  # stopped part way
    proc = start("export", large_input, "--out", out, tmpdir=tmpdir)
    if writing(proc, out_dir):
        proc.send_signal(signal.SIGTERM)
    check_stopped(proc, signal.SIGTERM, out, tmpdir)  # stopped, or the whole file
    out.unlink(missing_ok=True)
    for fraction in fractions:
        proc = start("export", large_input, "--out", out, tmpdir=tmpdir)
        time.sleep(took * fraction)
        proc.send_signal(signal.SIGTERM)
        check_stopped(proc, signal.SIGTERM, out, tmpdir)
        out.unlink(missing_ok=True)


def test_sigterm_while_a_map_is_drawn_or_written(map_input, tmp_path):
    tmpdir = tmp_path / "tmp"
    tmpdir.mkdir()
    out = tmp_path / "out" / "m.html"
    out.parent.mkdir()
    proc = start("map", map_input, "--out", out, tmpdir=tmpdir)
    assert reading(proc, map_input)
    proc.send_signal(signal.SIGTERM)
    assert check_stopped(proc, signal.SIGTERM, out, tmpdir)
    proc = start("map", map_input, "--out", out, tmpdir=tmpdir)
    if writing(proc, out.parent):
        proc.send_signal(signal.SIGTERM)
    check_stopped(proc, signal.SIGTERM, out, tmpdir)


@pytest.mark.parametrize("sig", [signal.SIGHUP, signal.SIGINT])
def test_sighup_and_sigint_clean_up_like_sigterm(large_input, tmp_path, sig):
    tmpdir = tmp_path / "tmp"
    tmpdir.mkdir()
    out = tmp_path / "out" / "x.gpkg"
    out.parent.mkdir()
    proc = start("export", large_input, "--out", out, tmpdir=tmpdir)
    assert reading(proc, large_input)
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


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_whose_exception_a_reader_swallows_still_writes_nothing(map_input, tmp_path,
                                                                         monkeypatch, capsys, sig):
    """pyogrio's compiled reader can swallow the exception a signal raises in it (seen: a
    SIGTERM while a map's input was read, and the map written whole with status 0)."""
    import pyogrio

    real = pyogrio.read_dataframe

    def swallowing(*args, **kwargs):
        try:
            os.kill(os.getpid(), sig)  # the handler raises here, and the reader drops it
            time.sleep(0.05)
        except BaseException:  # what the compiled reader does
            pass
        return real(*args, **kwargs)

    monkeypatch.setattr(pyogrio, "read_dataframe", swallowing)
    out = tmp_path / "out" / "x.geojson"
    out.parent.mkdir()
    code = main(["export", str(map_input), "--out", str(out)])
    assert code == 128 + sig
    assert capsys.readouterr().err == f"corridors: interrupted ({signal.Signals(sig).name})\n"
    assert not out.exists() and leftovers(out.parent) == []
