import pytest

from corridors.cli import main


def run(capsys, *argv):
    code = main(list(argv))
    return code, capsys.readouterr().err


def test_two_runs_give_identical_files(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert run(capsys, "map")[0] == 0
    first = (tmp_path / "maps" / "corridors.html").read_bytes()
    assert run(capsys, "map")[0] == 0
    assert (tmp_path / "maps" / "corridors.html").read_bytes() == first


@pytest.mark.parametrize(("argv", "message"), [
    (["map", "btx"], "did you mean 'btc'"),
    (["map", "missing.geojson"], "missing.geojson: no such file"),
    (["map", "bad.geojson"], "bad.geojson: is not valid JSON"),
    (["map", "btc", "--out", "nowhere/m.html"], "its directory does not exist"),
    (["map", "btc", "--out", "m" * 256 + ".html"], "cannot write: File name too long"),
    (["compare", "--from", "Baku", "--to", "Poti", "--offline"], "--offline applies to --map"),
    (["map", "--figures", "btc"], "give no NAMES"),
    (["map", "btc", "--cdn", "--offline"], "--cdn and --offline exclude each other"),
    (["map", "--view", "south-caucasas"], "did you mean 'south-caucasus'"),
    (["map", "--view", "50,38,40,44"], "west < east"),
    (["map", "--view", "40,38,50"], "four numbers west,south,east,north"),
    (["map", "--figures", "--view", "nowhere"], "unknown view 'nowhere'"),
    (["compare", "--from", "Baku", "--to", "Poti", "--cdn"], "--cdn applies to --map"),
    (["map", "btc", "--out", "m.png"], "is the name of an image"),
    (["map", "btc", "--simplify-m", "nan"], "simplify_m must be a finite number"),
    # the output file is checked before the routes are computed: no notes before the error
    (["compare", "--from", "Baku", "--to", "Poti", "--map", "nowhere/m.html"],
     "its directory does not exist"),
    (["compare", "--from", "Baku", "--to", "Poti", "--map", "m.jpg"], "is the name of an image"),
    (["compare", "--from", "Baku", "--to", "Poti", "--png", "nowhere/m.png"],
     "its directory does not exist"),
])
def test_bad_input_one_line_exit_2_no_file(argv, message, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bad.geojson").write_text("{not json")
    code, err = run(capsys, *argv)
    assert code == 2
    assert err.count("\n") == 1 and message in err and "Traceback" not in err
    assert not [p for p in tmp_path.glob("**/*") if p.name != "bad.geojson"]


def test_png_without_chromium_says_how_to_install(tmp_path, monkeypatch, capsys):
    from corridors import settings

    monkeypatch.setattr(settings, "chromium", str(tmp_path / "no-chromium"))
    code, err = run(capsys, "map", "btc", "--png", str(tmp_path / "m.png"))
    assert code == 2 and "apt-get install chromium" in err
    assert not (tmp_path / "m.png").exists()


def test_map_is_self_contained_by_default_and_cdn_says_it_needs_a_network(tmp_path, capsys):
    from corridors.mapping.controls import NETWORK_NOTE

    own, cdn = tmp_path / "own.html", tmp_path / "cdn.html"
    code, err = run(capsys, "map", "btc", "--out", str(own))
    assert code == 0 and f"wrote {own} (self-contained)" in err
    page = own.read_text(encoding="utf-8")
    assert "<script src=" not in page and 'rel="stylesheet"' not in page
    assert NETWORK_NOTE not in page
    code, err = run(capsys, "map", "btc", "--cdn", "--out", str(cdn))
    assert code == 0 and "needs a network" in err
    page = cdn.read_text(encoding="utf-8")
    assert '<script src="https://' in page and NETWORK_NOTE in page


def test_user_file(tmp_path, segments, capsys):
    src = tmp_path / "mine.geojson"
    segments.to_file(src, driver="GeoJSON")
    out = tmp_path / "mine.html"
    assert run(capsys, "map", str(src), "--out", str(out), "--offline")[0] == 0
    assert '"mine.geojson": {' in out.read_text()


def test_compare_map_offline(tmp_path, capsys):
    out = tmp_path / "cmp.html"
    code, err = run(capsys, "compare", "--from", "Baku", "--to", "Poti", "--map", str(out),
                    "--format", "json")
    assert code == 0 and f"wrote {out} (self-contained)" in err
    page = out.read_text(encoding="utf-8")
    assert "<script src=" not in page and "straits and canals" not in page  # no passage on rail


def test_view_sets_what_the_map_opens_on(tmp_path, capsys):
    out = tmp_path / "sc.html"
    assert run(capsys, "map", "--view", "south-caucasus", "--out", str(out))[0] == 0
    assert "L.latLngBounds([[38.3,39.5],[43.6,50.5]])" in out.read_text(encoding="utf-8")
    assert run(capsys, "map", "btc", "--view", "40,38,50,44", "--out", str(out))[0] == 0
    assert "L.latLngBounds([[38.0,40.0],[44.0,50.0]])" in out.read_text(encoding="utf-8")
