import pytest
from hypothesis import given
from hypothesis import strategies as st

from corridors import units


def test_bcm_per_year_to_mcm_per_day():
    assert units.bcm_per_year_to_mcm_per_day(36.5) == pytest.approx(100.0)


def test_sourced_btc_design_capacity_is_consistent():
    # bp: 1.0 million bbl/d design; Azernews / Georgian Encyclopedia: 50 Mt/yr.
    assert units.bbl_per_day_to_mt_per_year(1_000_000) == pytest.approx(50, rel=0.01)


def test_field_specific_density():
    assert units.mt_per_year_to_bbl_per_day(1, barrels_per_tonne=7.3) == pytest.approx(20000)


@given(st.floats(min_value=0, max_value=1e7, allow_nan=False))
def test_gas_conversions_round_trip(x):
    back = units.mcm_per_day_to_bcm_per_year(units.bcm_per_year_to_mcm_per_day(x))
    assert back == pytest.approx(x, rel=1e-12, abs=1e-12)


@given(st.floats(min_value=0, max_value=1e9, allow_nan=False))
def test_oil_conversions_round_trip(x):
    back = units.mt_per_year_to_bbl_per_day(units.bbl_per_day_to_mt_per_year(x))
    assert back == pytest.approx(x, rel=1e-12, abs=1e-9)
