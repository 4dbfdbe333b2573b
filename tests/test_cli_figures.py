"""``corridors figures --by destination``: to which countries, how much, by whose count."""

import csv
import io
import json

import pytest


def test_by_destination_for_a_year_as_a_table(cli):
    run = cli("figures", "--by", "destination", "--year", "2024")
    assert run.code == 0
    assert "Flows by destination, 2024" in run.out
    for text in ("Türkiye", "Georgia", "Europe", "exporter", "pipeline operator"):
        assert text in run.out


def test_by_destination_as_csv_and_json_carry_scope_and_source(cli):
    rows = list(csv.DictReader(io.StringIO(
        cli("figures", "--by", "destination", "--year", "2024", "--format", "csv").out)))
    assert rows and {r["year"] for r in rows} == {"2024"}
    assert all(r["source_id"] and r["scope"] and r["statistics"] for r in rows)
    turkiye = [r for r in rows if r["to"] == "Türkiye" and r["statistics"] == "exporter"]
    assert [float(r["value"]) for r in turkiye] == [9.9]
    records = json.loads(cli("figures", "--by", "destination", "--year", "2024", "--format",
                             "json").out)
    assert [r["series"] for r in records] == [r["series"] for r in rows]
    assert {"from", "to", "commodity", "unit", "status", "note"} <= set(records[0])


@pytest.mark.parametrize("args, message", [
    (["--by", "destination", "--year", "1990"], "no flow figures for 1990"),
    (["--by", "origin"], "Invalid value"),
    (["gas_exports_total", "--by", "destination"], "not both"),
])
def test_bad_requests_are_one_line_and_exit_2(cli, args, message):
    run = cli("figures", *args)
    assert run.code == 2 and message in run.err and "Traceback" not in run.err


def test_year_filters_one_series(cli):
    rows = json.loads(cli("figures", "gas_exports_total", "--year", "2021", "--format",
                          "json").out)
    assert {r["year"] for r in rows} == {2021}
    assert {r["status"] for r in rows} == {"actual", "aside"}
