import pytest

import corridors
from corridors import catalogue
from corridors.exceptions import UnknownNameError

EXPECTED = {"btc", "baku-supsa", "baku-novorossiysk", "caspian-oil-tankers", "cpc", "turkstream",
            "atyrau-samara", "blue-stream", "kazakhstan-china-oil", "central-asia-china-gas",
            "tcgp", "north-south-corridor", "tripp",
            "scp", "tanap", "tap", "igb", "ibs",
            "middle-corridor", "northern-corridor", "maritime", "rail-feeders"}


def test_catalogue_lists_every_dataset():
    assert set(corridors.datasets()["name"]) == EXPECTED


@pytest.mark.parametrize("entry", catalogue.entries(), ids=lambda d: d.name)
def test_every_dataset_file_exists_and_its_group_is_declared(entry):
    assert entry.path.is_file()
    assert entry.group in catalogue.groups()


def test_unknown_dataset_suggests_the_closest_names():
    with pytest.raises(UnknownNameError, match="did you mean 'tanap'"):
        catalogue.entry("tanapp")


def test_data_dir_setting_is_read_at_call_time(tmp_path, monkeypatch):
    (tmp_path / "catalogue.json").write_text(
        '{"files": {}, "groups": [], "datasets": [{"name": "x", "title": "X", "group": "g",'
        ' "commodity": "oil", "file": "x.geojson"}]}', encoding="utf-8")
    monkeypatch.setattr(corridors.settings, "data_dir", tmp_path)
    assert [d.name for d in catalogue.entries()] == ["x"]


def test_every_figure_series_has_a_title_for_readers():
    from corridors.tables import figures

    for series in figures()["series"].unique():
        assert catalogue.series_title(series) != series, series
