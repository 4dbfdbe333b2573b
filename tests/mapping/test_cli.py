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


def test_user_file(tmp_path, segments, capsys):
    src = tmp_path / "mine.geojson"
    segments.to_file(src, driver="GeoJSON")
    out = tmp_path / "mine.html"
    assert run(capsys, "map", str(src), "--out", str(out), "--offline")[0] == 0
    assert '"mine.geojson": {' in out.read_text()


def test_compare_map_offline(tmp_path, capsys):
    out = tmp_path / "cmp.html"
    code, err = run(capsys, "compare", "--from", "Baku", "--to", "Poti", "--map", str(out),
                    "--offline", "--format", "json")
    assert code == 0 and f"wrote {out} (offline)" in err
    page = out.read_text(encoding="utf-8")
    assert "<script src=" not in page and "straits and canals" not in page  # no passage on rail
