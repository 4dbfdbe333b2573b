import pytest

from corridors.exceptions import NoRouteError, UnknownNameError
from corridors.network.sea import sea_route

SHANGHAI, ROTTERDAM = (121.47, 31.23), (4.48, 51.92)
ALAT, AKTAU, CONSTANTA = (49.41, 39.95), (51.17, 43.66), (28.64, 44.18)
KURYK = (51.65, 43.2)


def test_suez_route_and_cape_route():
    suez = sea_route(SHANGHAI, ROTTERDAM)
    cape = sea_route(SHANGHAI, ROTTERDAM, avoid=["suez", "panama"])
    assert "suez" in suez.passages and "bab-el-mandeb" in suez.passages
    assert "suez" not in cape.passages and "cape-of-good-hope" in cape.passages
    assert 18_000 < suez.km < 21_000 and cape.km > suez.km


def test_caspian_leg_stays_in_the_caspian():
    leg = sea_route(AKTAU, ALAT)
    assert leg.passages == () and 400 < leg.km < 700
    assert leg.geometry.bounds[3] < 44.5


def test_port_joins_the_network_at_sea():
    """searoute alone joins Kuryk to a node off Aktau across 42 km of the Mangyshlak coast."""
    from corridors.boundaries import SEA, km_by_country

    leg = sea_route(KURYK, ALAT)
    land = {k: v for k, v in km_by_country([leg.geometry])[0].items() if k != SEA}
    assert land.get("KAZ", 0) < 5
    assert leg.km < sea_route(AKTAU, ALAT).km  # Kuryk is the shorter crossing to Alat


def test_leaving_the_caspian_by_sea_needs_the_volga_don():
    with pytest.raises(NoRouteError, match="volga-don"):
        sea_route(ALAT, CONSTANTA)
    leg = sea_route(ALAT, CONSTANTA, allow_volga_don=True)
    assert "volga-don" in leg.passages


def test_unknown_passage_suggests():
    with pytest.raises(UnknownNameError, match="did you mean 'suez'"):
        sea_route(SHANGHAI, ROTTERDAM, avoid=["sues"])
