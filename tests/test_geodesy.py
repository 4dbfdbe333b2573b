import numpy as np
import pyproj
import pytest
from hypothesis import given
from hypothesis import strategies as st
from shapely import LineString, MultiLineString, Point

from corridors.geodesy import great_circle, length_km, nearest, unit_vector, unit_vectors

lon = st.floats(min_value=-179, max_value=179)
lat = st.floats(min_value=-80, max_value=80)


def test_length_matches_pyproj_for_lines_and_multilines():
    a = LineString([(49.47, 40.18), (44.79, 41.72), (35.93, 36.86)])
    m = MultiLineString([a, LineString([(0, 0), (0, 1)])])
    expected = pyproj.Geod(ellps="WGS84").geometry_length(a) / 1000
    got = length_km([a, m, Point(0, 0)])
    assert got[0] == pytest.approx(expected)
    assert got[1] == pytest.approx(expected + 110.574, rel=1e-4)
    assert got[2] == 0


@given(lon, lat, lon, lat)
def test_great_circle_keeps_geodesic_length_and_piece_size(x1, y1, x2, y2):
    line = great_circle([(x1, y1), (x2, y2)], max_km=50)
    _, _, direct = pyproj.Geod(ellps="WGS84").inv(x1, y1, x2, y2)
    assert length_km([line])[0] == pytest.approx(direct / 1000, rel=1e-6, abs=1e-6)
    c = np.asarray(line.coords)
    _, _, d = pyproj.Geod(ellps="WGS84").inv(c[:-1, 0], c[:-1, 1], c[1:, 0], c[1:, 1])
    assert d.max() <= 50_000 * 1.0001
    assert tuple(c[0]) == (x1, y1) and tuple(c[-1]) == (x2, y2)


@given(lon, lat, st.integers(min_value=0, max_value=2**32 - 1))
def test_nearest_is_the_nearest_on_the_ellipsoid(x, y, seed):
    rng = np.random.default_rng(seed)
    xy = np.column_stack([rng.uniform(x - 3, x + 3, 50), rng.uniform(y - 3, y + 3, 50)])
    xy[7] = xy[3]  # a tie: the first of them, as argmin takes
    _, _, d = pyproj.Geod(ellps="WGS84").inv(np.full(50, x), np.full(50, y), xy[:, 0], xy[:, 1])
    k, km = nearest(x, y, xy)
    assert km == pytest.approx(d.min() / 1000, rel=1e-12)
    assert k == int(d.argmin())


@given(lon, lat)
def test_one_point_s_unit_vector_is_the_same_as_among_many(x, y):
    assert unit_vector(x, y).tolist() == unit_vectors([x], [y])[0].tolist()
