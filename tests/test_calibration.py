"""The time model against published transit times: docs/calibration.md is current."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from corridors.calibration import calibration

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def table():
    return calibration()


def test_most_central_values_fall_within_the_published_range(table):
    assert len(table) >= 12
    assert table["inside"].sum() > len(table) / 2


def test_every_exception_is_explained(table):
    assert table.loc[~table["inside"], "if_outside"].str.len().gt(20).all()


def test_the_published_table_is_the_one_the_model_gives(table):
    spec = importlib.util.spec_from_file_location("calibration_script",
                                                  ROOT / "scripts" / "calibration.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    assert (ROOT / "docs" / "calibration.md").read_text(encoding="utf-8") == script.markdown(table)


def test_low_central_high_are_in_order(table):
    assert (table["model_low"] <= table["model_central"]).all()
    assert (table["model_central"] <= table["model_high"]).all()
