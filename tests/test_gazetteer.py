"""Towns of the world by name (GeoNames), and the folding of names."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from corridors._names import fold
from corridors.gazetteer import find


@pytest.mark.parametrize(("name", "town", "country"), [
    ("Tehran", "Tehran", "IRN"),
    ("odessa", "Odesa", "UKR"),   # the larger Odessa: not the one in Texas
    ("Kiev", "Kyiv", "UKR"),      # another name of the town, in Latin letters
    ("Tiflis", "Tbilisi", "GEO"),
    ("Piraeus", "Piraeus", "GRC"),
])
def test_the_most_populous_town_of_that_name(name, town, country):
    found = find(name)
    assert (found.name, found.country) == (town, country)
    assert -90 <= found.lat <= 90 and -180 <= found.lon <= 180 and found.population >= 15_000


def test_no_town_of_that_name():
    assert find("Nowhere-on-Sea") is None


@given(st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126)))
def test_an_ascii_name_folds_as_its_accented_form_does(text):
    # ASCII names take a short path; a decomposable accent sends a name down the long one
    assert fold(text) == fold(text.replace("a", "á").replace("e", "ë"))
