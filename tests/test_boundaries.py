"""Kilometres of lines by country (Natural Earth), and at sea."""

from __future__ import annotations

import random

import numpy as np
import pytest
import shapely
from shapely import LineString

from corridors.boundaries import SEA, countries, countries_along, km_by_country
from corridors.geodesy import length_km


def test_a_line_inside_one_country_is_all_of_it_there():
    line = LineString([(44.0, 41.9), (44.6, 41.6)])  # near Tbilisi, inside Georgia
    assert km_by_country([line]) == [{"GEO": float(length_km(np.array([line]))[0])}]


def test_a_line_across_a_border_and_out_to_sea_splits_in_order_and_sums_to_its_length():
    across, out = LineString([(44.0, 41.8), (46.5, 40.9)]), LineString([(49.6, 40.4), (51.0, 40.4)])
    (a, b) = km_by_country([across, out])
    assert list(a) == ["GEO", "AZE"] and list(b) == ["AZE", SEA]
    for km, line in ((a, across), (b, out)):  # to the metres a cut at a border adds
        assert sum(km.values()) == pytest.approx(float(length_km(np.array([line]))[0]), abs=0.05)


def test_the_same_kilometres_as_cutting_each_line_by_every_country():
    shapes = countries()
    rng = random.Random(7)
    lines = []
    for _ in range(150):
        lon, lat = rng.uniform(25, 75), rng.uniform(33, 52)
        lines.append(LineString([(lon, lat), (lon + rng.uniform(-1, 1), lat + rng.uniform(-1, 1))]))
    got = km_by_country(lines)
    for line, km in zip(lines, got):
        want = {}
        for iso, geom in zip(shapes["iso3"], shapes.geometry):
            if shapely.intersects(geom, line):
                piece = float(length_km(np.array([shapely.intersection(line, geom)]))[0])
                if piece > 0:
                    want[iso] = piece
        assert {k: v for k, v in km.items() if k != SEA} == pytest.approx(want, rel=1e-9, abs=1e-9)


def test_countries_along_a_line_are_those_km_by_country_gives_in_order():
    rng = random.Random(7)  # short lines like snap legs: most inside one country, some across
    lines = [LineString([(x, y), (x + rng.uniform(-0.3, 0.3), y + rng.uniform(-0.3, 0.3))])
             for x, y in ((rng.uniform(-10, 120), rng.uniform(10, 60)) for _ in range(400))]
    lines += [LineString([(44.0, 41.8), (46.5, 40.9)]), LineString([(49.6, 40.4), (51.0, 40.4)])]
    got = [countries_along(line) for line in lines]
    assert got == [tuple(c for c in km if c != SEA) for km in km_by_country(lines)]
    assert got[-2:] == [("GEO", "AZE"), ("AZE",)]
    assert sum(len(c) > 1 for c in got) > 5  # the border crossings were tried too
