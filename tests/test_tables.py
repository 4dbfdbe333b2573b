import pytest

import corridors
from corridors.exceptions import UnknownNameError
from corridors.tables import FIGURE_STATUSES


def test_figures_are_tidy_with_known_statuses():
    fig = corridors.figures()
    assert list(fig.columns) == ["series", "year", "value", "unit", "status", "source_id", "note"]
    assert set(fig["status"]) <= set(FIGURE_STATUSES)
    assert fig["value"].notna().all() and fig["year"].notna().all()


def test_gas_exports_cover_2020_to_2025():
    europe = corridors.figures("gas_exports_europe")
    assert set(range(2020, 2026)) <= set(europe["year"])
    total = corridors.figures("gas_exports_total")
    assert set(range(2020, 2026)) <= set(total["year"])


def test_memorandum_path_and_capacity_stages():
    mou = corridors.figures("eu_mou_path").set_index("year")
    assert mou.loc[2027, "value"] == 20 and mou.loc[2027, "status"] == "target"
    assert mou.loc[2022, "value"] == pytest.approx(12)
    tap = corridors.figures("tap_capacity")
    assert {10, 11.2, 20} <= set(tap["value"])
    assert {16, 31} <= set(corridors.figures("tanap_capacity")["value"])
    assert {23.4} <= set(corridors.figures("scp_capacity")["value"])


def test_conflicting_figures_keep_both_values_and_sources():
    fig = corridors.figures()
    dup = fig[fig.duplicated(["series", "year", "status"], keep=False)]
    assert len(dup) > 0
    for _, group in dup.groupby(["series", "year", "status"]):
        assert group["source_id"].nunique() == len(group) or group["value"].nunique() == len(group)


def test_unknown_series_suggests():
    with pytest.raises(UnknownNameError, match="did you mean"):
        corridors.figures("gas_exports_europ")


def test_sources_lookup_by_id_list():
    rows = corridors.sources("bp-btc;tanap-route")
    assert rows["id"].tolist() == ["bp-btc", "tanap-route"]
