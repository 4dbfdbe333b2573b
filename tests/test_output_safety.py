"""Text from data is text in every output, conflicting outputs are refused, and a write on a
disk of any size gives a whole file or none."""

from __future__ import annotations

import contextlib
import io
import json
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from conftest import is_root, leftovers, mount_tmpfs, needs_root

from corridors.cli import main
from corridors.cli._output import render

HOSTILE = ["[/x]", "[bold red]Bold[/]", "[link=https://example.org]click[/link]", "*em* _u_",
           "a | b", "[md](javascript:alert(1))", "<script>alert(1)</script>", "`code`", "~~s~~",
           "&amp; &lt;", "back\\slash", "line\nbreak"]
"""Names that rich or Markdown would read as markup."""


@pytest.fixture
def hostile_file(write_geojson):
    from conftest import LINE

    return write_geojson([{"id": f"h{i}", "name": name, "mode": "rail", "geometry": LINE}
                          for i, name in enumerate(HOSTILE)])


def test_show_prints_markup_in_names_as_text(cli, hostile_file, monkeypatch):
    monkeypatch.setenv("COLUMNS", "400")  # no cell folded
    run = cli("show", hostile_file)
    assert run.code == 0, run.err
    for name in HOSTILE:
        assert all(part in run.out for part in name.split("\n")), name


@pytest.mark.parametrize("name", HOSTILE)
def test_a_terminal_table_shows_each_name_as_written(name):
    text = render([{"route": name, "km": 1.0}], "table", title=name)
    assert text.count(" ".join(name.split())) == 2 or "\n" in name  # the title and the cell


def markdown_cells(text: str) -> list[str]:
    """The text of the cells of a Markdown table, as a Markdown renderer shows them."""
    from html.parser import HTMLParser

    from markdown_it import MarkdownIt

    html = MarkdownIt("commonmark").enable("table").enable("strikethrough").render(text)

    class Cells(HTMLParser):
        def __init__(self):
            super().__init__()
            self.cells, self.tags, self.inside = [], [], False

        def handle_starttag(self, tag, attrs):
            if tag in ("td", "th"):
                self.cells.append("")
                self.inside = True
            elif self.inside:
                self.tags.append(tag)

        def handle_endtag(self, tag):
            if tag in ("td", "th"):
                self.inside = False

        def handle_data(self, data):
            if self.inside:
                self.cells[-1] += data

    parser = Cells()
    parser.feed(html)
    return parser.cells, parser.tags


def test_markdown_escapes_every_name():
    text = render([{"route": name, "via": "x"} for name in HOSTILE], "markdown")
    cells, tags = markdown_cells(text)
    assert tags == []  # no emphasis, link, code, script: text only
    assert cells[2::2] == [" ".join(n.split()) for n in HOSTILE]  # one line each


@pytest.mark.parametrize(("argv", "words"), [
    (["--out", "f.html", "--map", "f.html"], "--out and --map both name f.html"),
    (["--out", "r.csv", "--map", "./r.csv"], "--out and --map both name r.csv"),
    (["--map", "m.html", "--png", "m.html"], "--map and --png both name m.html"),
    (["--out", "x.html"], "the suffix '.html' names no output format"),
    (["--out", "x.html", "--format", "csv"], "an HTML map is written by --map"),
    (["--out", "x.png"], "a screenshot is written by --png"),
    (["--out", "x"], "the suffix (none) names no output format"),
])
def test_conflicting_outputs_are_refused_before_the_work(cli, tmp_path, monkeypatch, argv,
                                                         words):
    from corridors import comparison

    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(comparison, "compare", lambda *a, **k: pytest.fail("compared"))
    run = cli("compare", "--from", "Baku", "--to", "Poti", *argv)
    assert run.code == 2 and run.err.count("\n") == 1 and words in run.err, run.err
    assert leftovers(tmp_path) == []


def test_json_output_is_never_infinity():
    with pytest.raises(ValueError, match="Out of range float values are not JSON compliant"):
        render([{"days_low": float("inf")}], "json")


def test_a_txt_file_or_a_suffix_with_format_is_written(cli, tmp_path):
    assert cli("compare", "--from", "Baku", "--to", "Poti", "--out", tmp_path / "t.txt").code == 0
    assert "Baku" in (tmp_path / "t.txt").read_text()
    assert cli("compare", "--from", "Baku", "--to", "Poti", "--out", tmp_path / "plain",
               "--format", "json").code == 0
    assert json.loads((tmp_path / "plain").read_text())


# -- the property: a whole file or exit 2 and nothing, on a disk of any size ---------------

try:
    from hypothesis import HealthCheck, event, given, settings
    from hypothesis import strategies as st
except ImportError:  # pragma: no cover - hypothesis is a test dependency
    st = None

FORMATS = [".geojson", ".gpkg", ".parquet", ".csv", ".html"]


@contextlib.contextmanager
def small_disk(size: int):
    where = Path(tempfile.mkdtemp())
    mount_tmpfs(where, size)
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)
        shutil.rmtree(where, ignore_errors=True)


def _tables():
    name = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40
                   ).filter(lambda s: s.strip() and "\x00" not in s)
    point = st.tuples(st.floats(30, 70), st.floats(30, 55))
    row = st.fixed_dictionaries({
        "name": name, "mode": st.sampled_from(["rail", "road", "ferry", "sea", "oil_pipeline"]),
        "coordinates": st.lists(point, min_size=2, max_size=60, unique=True)})
    return st.lists(row, min_size=1, max_size=120)


if st is not None and is_root():
    @needs_root
    @settings(max_examples=10, deadline=None, derandomize=True,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(rows=_tables(), size=st.one_of(st.integers(4096, 24_000),
                                          st.integers(60_000, 300_000)))
    def test_every_output_on_a_disk_of_any_size_is_whole_or_absent(rows, size):
        import corridors

        src = Path(tempfile.mkdtemp())
        try:
            path = src / "in.geojson"
            path.write_text(json.dumps({"type": "FeatureCollection", "features": [
                {"type": "Feature", "properties": {"id": f"r{i}", "name": r["name"],
                                                   "mode": r["mode"]},
                 "geometry": {"type": "LineString", "coordinates": r["coordinates"]}}
                for i, r in enumerate(rows)]}), encoding="utf-8")
            with small_disk(size) as disk:
                for suffix in FORMATS:
                    out = disk / f"out{suffix}"
                    command = "map" if suffix == ".html" else "export"
                    err = io.StringIO()
                    with contextlib.redirect_stderr(err), \
                            contextlib.redirect_stdout(io.StringIO()):
                        code = main([command, str(path), "--out", str(out)])
                    event(f"{suffix} {'written' if code == 0 else 'refused'}")
                    if code == 0:
                        if suffix == ".html":
                            html = out.read_text(encoding="utf-8")
                            assert html.rstrip().endswith("</html>") and "leaflet" in html
                        else:
                            back = corridors.load(out)
                            assert list(back["name"]) == [r["name"] for r in rows]
                        assert leftovers(disk, out.name) == []
                        out.unlink()
                    else:
                        assert code == 2, err.getvalue()
                        assert err.getvalue().count("\n") == 1, err.getvalue()
                        assert "No space left on device" in err.getvalue()
                        assert leftovers(disk) == []  # no file at all, no temporary one
        finally:
            shutil.rmtree(src, ignore_errors=True)
else:
    @pytest.mark.skip(reason="needs root (mounts tmpfs of random sizes) and hypothesis")
    def test_every_output_on_a_disk_of_any_size_is_whole_or_absent():
        """Skipped: not root, or no hypothesis."""
