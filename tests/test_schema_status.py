"""Segment statuses, since when they hold, investment decisions and what capacities measure."""

import pytest

import corridors
from corridors.exceptions import DataError

LINE = {"type": "LineString", "coordinates": [[44.8, 41.7], [43.5, 41.4]]}
OK = {"name": "Leg", "mode": "rail", "geometry": LINE}


@pytest.mark.parametrize("since", ["2006", "2022-05", "2020-11-15", "by 2023"])
def test_status_since_takes_a_date_or_an_attested_year(write_geojson, since):
    gdf = corridors.load(write_geojson([{**OK, "status": "idle", "status_since": since}]))
    assert gdf["status_since"].tolist() == [since]  # a full date stays text, not a timestamp


@pytest.mark.parametrize("field, value, message", [
    ("status_since", "last spring", "is not a date"),
    ("status", "unrealized", "did you mean 'unrealised'"),
    ("final_investment_decision", "maybe", "expected one of taken, not taken, not reported"),
    ("capacity_of", "terminal building", "expected one of line, port"),
    ("capacity_unit", "pairs/day", "did you mean 'pairs/d'"),
])
def test_bad_status_fields_name_the_field(write_geojson, field, value, message):
    with pytest.raises(DataError, match=message) as info:
        corridors.load(write_geojson([{**OK, field: value}]))
    assert info.value.field == field


def test_a_plan_whose_year_passed_can_say_so(write_geojson):
    gdf = corridors.load(write_geojson([{**OK, "status": "unrealised", "status_since": "2024",
                                         "final_investment_decision": "not taken"}]))
    assert gdf.loc[0, ["status", "final_investment_decision"]].tolist() == ["unrealised",
                                                                             "not taken"]
