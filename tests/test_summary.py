import pytest

from corridors.network.sea import PASSAGES
from corridors.summary import HEADINGS, PASSAGE_NAMES, headline


def test_every_passage_has_a_name():
    assert set(PASSAGE_NAMES) == set(PASSAGES)


@pytest.fixture(scope="module")
def xian_duisburg():
    from corridors.comparison import compare_records

    return {r["route"]: r for r in compare_records("Xi'an", "Duisburg")}


def test_headline_of_a_real_comparison(xian_duisburg):
    for rec in xian_duisburg.values():
        head = headline(rec)
        assert list(head) == list(HEADINGS)
        assert head["route"] == rec["route"]
        assert head["km"] == f"{rec['km_total']:,.0f}"
        assert head["days"].startswith(f"{round(rec['days_central'], 1):g} (")
        assert rec["bottleneck"]["unit"] in head["bottleneck"]
    north = headline(xian_duisburg["Northern Corridor via Russia and Belarus"])
    assert north["exposure km"].startswith("RUS ") and "IRN" not in north["exposure km"]
    assert headline(xian_duisburg["Middle Corridor via the Black Sea"])["exposure km"] == "0"
    assert "Suez Canal" in headline(xian_duisburg["Maritime via Suez"])["straits and canals"]


def test_missing_metrics_are_blank():
    head = headline({"route": "a", "km_total": float("nan"), "days_central": 3.0})
    assert head["km"] == "" and head["days"] == "3" and head["bottleneck"] == ""
