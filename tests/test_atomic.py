"""Output safety: devices, FIFOs, sockets, symlinks, full and read-only disks, fsync."""

from __future__ import annotations

import json
import os
import socket
import stat
from pathlib import Path

import pytest
from conftest import leftovers, needs_root

from corridors import _atomic, catalogue
from corridors.exceptions import DataError

DATASETS = [d.name for d in catalogue.entries()]
"""Every curated dataset: 55 segments, 189 kB as GeoJSON."""

DEVICES = {"null": (1, 3), "full": (1, 7)}
"""Character devices made with mknod in a temporary directory: never a system device."""


def one_line(run) -> str:
    """The one line of a refusal; a comparison's notes may come before it."""
    assert run.code == 2, run.err
    lines = run.err.splitlines()
    assert "Traceback" not in run.err and lines[-1].startswith("corridors: error: "), run.err
    assert not [x for x in lines[:-1] if x.startswith("corridors:") or not x.strip()], run.err
    return lines[-1]


@needs_root
@pytest.mark.parametrize("device", sorted(DEVICES))
@pytest.mark.parametrize("argv", [
    ["map", "btc", "--out", "{}.html"],
    ["export", "btc", "--out", "{}.geojson"],
    ["export", "btc", "--out", "{}.gpkg"],
    ["compare", "--from", "Baku", "--to", "Poti", "--out", "{}.csv"],
    ["compare", "--from", "Baku", "--to", "Poti", "--map", "{}.html"],
], ids=["map", "export-geojson", "export-gpkg", "compare-out", "compare-map"])
def test_a_device_is_refused_and_kept(cli, tmp_path, device, argv):
    name = tmp_path / argv[-1].format(device)
    os.mknod(name, 0o666 | stat.S_IFCHR, os.makedev(*DEVICES[device]))
    err = one_line(cli(*argv[:-1], name))
    assert "is a character device, not a regular file" in err and str(name) in err
    assert stat.S_ISCHR(os.stat(name).st_mode)  # still the device
    assert leftovers(tmp_path, name.name) == []


def test_a_fifo_and_a_socket_are_refused_and_kept(cli, tmp_path):
    fifo = tmp_path / "f.geojson"
    os.mkfifo(fifo)
    assert "is a FIFO" in one_line(cli("export", "btc", "--out", fifo))
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    sock_path = tmp_path / "s.html"
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(sock_path))
        assert "is a socket" in one_line(cli("map", "btc", "--out", sock_path))
    assert stat.S_ISSOCK(os.stat(sock_path).st_mode)
    assert leftovers(tmp_path, "f.geojson", "s.html") == []


def test_a_symlink_is_followed_its_target_written_the_link_kept(cli, tmp_path):
    target = tmp_path / "data" / "real.geojson"
    target.parent.mkdir()
    target.write_text("old")
    target.chmod(0o640)
    link = tmp_path / "link.geojson"
    link.symlink_to(target)
    run = cli("export", "btc", "--out", link)
    assert run.code == 0, run.err
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert json.loads(target.read_text())["type"] == "FeatureCollection"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640  # a replaced file keeps its mode
    dangling = tmp_path / "dangling.csv"
    dangling.symlink_to(tmp_path / "data" / "new.csv")
    assert cli("export", "btc", "--out", dangling).code == 0
    assert dangling.is_symlink() and (tmp_path / "data" / "new.csv").read_text().startswith("WKT")
    assert leftovers(tmp_path) == ["dangling.csv", "data", "data/new.csv", "data/real.geojson",
                                   "link.geojson"]


def test_a_symlink_to_a_device_is_refused(cli, tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    (tmp_path / "out.html").symlink_to(fifo)
    assert "is a FIFO" in one_line(cli("map", "btc", "--out", tmp_path / "out.html"))


def test_every_write_is_fsynced_before_the_rename(tmp_path, monkeypatch):
    events = []
    real_fsync, real_replace = os.fsync, os.replace
    monkeypatch.setattr(os, "fsync", lambda fd: (events.append("fsync"), real_fsync(fd))[1])
    monkeypatch.setattr(os, "replace", lambda a, b: (events.append("replace"),
                                                     real_replace(a, b))[1])
    _atomic.write_text(tmp_path / "a.txt", "text")
    assert events == ["fsync", "replace", "fsync"]  # the file, the rename, the directory
    assert (tmp_path / "a.txt").read_text() == "text"


def test_an_error_inside_leaves_the_old_file_and_no_temporary(tmp_path):
    out = tmp_path / "a.gpkg"
    out.write_text("old")
    with pytest.raises(RuntimeError), _atomic.atomic_path(out) as tmp:
        tmp.write_text("new")
        (tmp.parent / "a.gpkg-journal").write_text("journal")  # a driver's side file
        raise RuntimeError("boom")
    assert out.read_text() == "old" and leftovers(tmp_path, "a.gpkg") == []


def test_a_writer_that_makes_no_file_is_an_error(tmp_path):
    with pytest.raises(DataError, match="made no file"), _atomic.atomic_path(tmp_path / "x"):
        pass
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize(("argv", "message"), [
    (["export", "btc", "--out", "/proc/x.gpkg"], "/proc/x.gpkg: cannot write"),
    (["export", "btc", "--out", "/proc/x.geojson"], "/proc/x.geojson: cannot write"),
    (["export", "btc", "--out", "/proc/x.parquet"], "/proc/x.parquet: cannot write"),
    (["compare", "--from", "Baku", "--to", "Poti", "--out", "/proc/x.gpkg"], "cannot write"),
    (["compare", "--from", "Baku", "--to", "Poti", "--out", "/proc/x.parquet"], "cannot write"),
])
def test_a_place_that_cannot_be_written_is_one_line(cli, argv, message):
    assert message in one_line(cli(*argv))


@needs_root
def test_a_read_only_disk_is_one_line_and_leaves_nothing(cli, tmpfs):
    ro = tmpfs(1_000_000, "ro")
    for argv in (["export", "btc", "--out", ro / "x.gpkg"], ["map", "btc", "--out", ro / "m.html"]):
        assert "Read-only file system" in one_line(cli(*argv))
    assert leftovers(ro) == []


def fill(fs, *, leave: int) -> None:
    """Fill a file system with a file ``filler`` until at most ``leave`` bytes are free."""
    with open(fs / "filler", "wb") as f:
        while True:
            st = os.statvfs(fs)
            free = st.f_bavail * st.f_frsize
            if free <= leave:
                return
            try:
                f.write(b"x" * min(4096, free - leave if free - leave > 0 else 4096))
                f.flush()
            except OSError:
                return


ALL_FORMATS = [
    ["export", "ALL", "--out", "x.geojson"],
    ["export", "ALL", "--out", "x.csv"],
    ["export", "ALL", "--out", "x.gpkg"],
    ["export", "ALL", "--out", "x.parquet"],
    ["map", "--out", "m.html"],
    ["map", "--offline", "--out", "m.html"],
    ["compare", "--from", "Xian", "--to", "Duisburg", "--out", "c.json"],
    ["compare", "--from", "Xian", "--to", "Duisburg", "--out", "c.csv"],
    ["compare", "--from", "Xian", "--to", "Duisburg", "--out", "c.md"],
    ["compare", "--from", "Xian", "--to", "Duisburg", "--out", "c.gpkg"],
]


@needs_root
@pytest.mark.parametrize("argv", ALL_FORMATS, ids=lambda a: f"{a[0]}-{a[-1]}")
def test_a_full_disk_is_one_line_and_leaves_no_file(cli, tmpfs, argv):
    """100 kB, half of them taken, hold none of these: each is refused whole (was: a truncated
    file and exit 0, or a traceback)."""
    full = tmpfs(100_000)
    fill(full, leave=512 if argv[0] == "compare" and argv[-1] != "c.gpkg" else 50_000)
    names = DATASETS if "ALL" in argv else []
    args = [a for a in argv[:-1] if a != "ALL"]
    run = cli(*args[:1], *names, *args[1:], full / argv[-1])
    assert "No space left on device" in one_line(run) and str(full / argv[-1]) in run.err
    assert leftovers(full, "filler") == []


@needs_root
def test_a_full_disk_for_a_png_is_one_line(cli, tmpfs):
    full = tmpfs(100_000)
    fill(full, leave=20_000)  # a screenshot is written by Chromium: caught all the same
    assert "No space left on device" in one_line(cli("map", "igb", "--png", full / "m.png"))
    assert leftovers(full, "filler") == []


@needs_root
def test_a_disk_just_large_enough_gives_the_whole_file(cli, tmpfs, tmp_path):
    whole = tmp_path / "x.geojson"
    assert cli("export", *DATASETS, "--out", whole).code == 0
    fs = tmpfs(whole.stat().st_size + 64 * 1024)
    assert cli("export", *DATASETS, "--out", fs / "x.geojson").code == 0
    assert (fs / "x.geojson").read_bytes() == whole.read_bytes()
    assert leftovers(fs, "x.geojson") == []


def test_no_permission_is_one_line(cli, tmp_path):
    """EACCES: a directory of root's, written by nobody (or a read-only one, not as root)."""
    import shutil
    import tempfile

    import geopandas  # noqa: F401  (imported while the files of the package can be read)

    folder = Path(tempfile.mkdtemp())
    try:
        folder.chmod(0o755 if os.geteuid() == 0 else 0o555)
        if os.geteuid() == 0:
            os.seteuid(65534)
        try:
            run = cli("export", "btc", "--out", folder / "x.geojson")
        finally:
            if os.getuid() == 0:
                os.seteuid(0)
        assert f"{folder / 'x.geojson'}: cannot write: Permission denied" in one_line(run)
        assert leftovers(folder) == []
    finally:
        folder.chmod(0o755)
        shutil.rmtree(folder)
