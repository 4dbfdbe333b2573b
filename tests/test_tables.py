import pytest

import corridors
from corridors.exceptions import UnknownNameError
from corridors.tables import FIGURE_STATUSES


def test_figures_are_tidy_with_known_statuses():
    fig = corridors.figures()
    assert list(fig.columns) == ["series", "year", "value", "unit", "status", "source_id", "scope",
                                 "note"]
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
    assert set(tap["value"]) == {10, 11.2} and set(tap["status"]) == {"capacity"}
    # TAP's doubling is an aim, kept apart so that it is never drawn as capacity.
    aim = corridors.figures("tap_capacity_aim")
    assert aim[["year", "value", "status"]].to_dict("records") == [
        {"year": 2027, "value": 20.0, "status": "plan"}]
    tanap = corridors.figures("tanap_capacity").set_index("value")
    assert tanap.loc[31, "status"] == "unrealised" and tanap.loc[23, "status"] == "unrealised"
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


TODAY_YEAR = 2026  # the data's "as of" year: plans for earlier years must have been settled


def test_no_plan_or_target_for_a_past_year_is_still_one():
    fig = corridors.figures()
    stale = fig[fig["status"].isin(["plan", "target"]) & (fig["year"] < TODAY_YEAR)]
    assert stale.empty, stale[["series", "year", "value", "status"]].to_dict("records")
    # TANAP's 31 bcm/yr "by 2026" found no investment decision: unrealised, not a plan.
    tanap = corridors.figures("tanap_capacity")
    assert not ((tanap["year"] <= TODAY_YEAR) & (tanap["status"] == "plan")).any()


def test_every_figure_says_what_it_counts():
    fig = corridors.figures()
    assert fig["scope"].str.strip().str.len().gt(0).all()
    # importers' and pipeline operators' statistics are series of their own, labelled so
    for series, rows in fig.groupby("series"):
        kinds = {s.split(":")[0] for s in rows["scope"]}
        if series.startswith("gas_exports_"):
            assert kinds == {"exporter"}, series
        if series.startswith("gas_imports_"):
            assert kinds == {"importer"}, series


def test_an_aside_never_ranks_with_the_official_figure():
    total = corridors.figures("gas_exports_total")
    y2021 = total[total["year"] == 2021].set_index("value")
    assert y2021.loc[22, "status"] == "aside"
    assert set(y2021.loc[[18.9, 19.2], "status"]) == {"actual"}


def test_every_series_that_claims_to_add_up_does_or_says_why_not():
    from corridors.tables import sum_checks

    fig = corridors.figures()
    actual = fig[fig["status"] == "actual"]
    checks = sum_checks()
    assert checks
    for check in checks:
        totals = actual[actual["series"] == check["total"]]
        for year, rows in totals.groupby("year"):
            if "years" in check and year not in check["years"]:
                continue
            note = check.get("notes", {}).get(str(year))
            lo = hi = 0.0
            complete = True
            for part in check["parts"]:
                got = actual[(actual["series"] == part) & (actual["year"] == year)]["value"]
                if got.empty:
                    if year < check.get("parts_from", {}).get(part, 0):
                        continue  # the flow had not begun
                    complete = False
                    continue
                lo, hi = lo + got.min(), hi + got.max()
            tol = check["tolerance"]
            values = rows["value"]
            adds_up = complete and values.max() >= lo - tol and values.min() <= hi + tol
            assert adds_up or note, (
                f"{check['total']} {year}: {rows['value'].tolist()} vs parts {lo:g}–{hi:g} "
                f"({'complete' if complete else 'parts missing'}) and no note says why")
            if adds_up:
                assert note is None, f"{check['total']} {year} adds up: drop its note"


def test_figures_by_destination_keep_whose_statistics_apart():
    from corridors.tables import flows

    df = flows(year=2023)
    assert set(df["statistics"]) <= {"exporter", "importer", "transit country", "pipeline operator"}
    europe = df[(df["from"] == "Azerbaijan") & (df["to"] == "Europe")
                & (df["statistics"] == "exporter")]
    assert europe["value"].tolist() == [11.8]
    italy = df[df["to"] == "Italy"]
    assert {"importer", "pipeline operator"} == set(italy["statistics"])
    assert (df["year"] == 2023).all()
    # a pipeline's own figures say which pipeline: TurkStream is not all Russian gas to Europe
    turkstream = flows(year=2024).query("series == 'turkstream_flows_europe'")
    assert turkstream["via"].tolist() == ["TurkStream"]
    with pytest.raises(UnknownNameError):
        flows(by="origin")


def test_a_destination_known_only_in_part_is_marked_so():
    from corridors.tables import flows

    df = flows(year=2024)
    serbia = df[(df["to"] == "Serbia") & (df["statistics"] == "exporter")]
    assert len(serbia) == 1 and serbia["status"].tolist() == ["partial"]
    hungary = flows(year=2023)
    hungary = hungary[hungary["to"] == "Hungary"]
    assert not hungary.empty and (hungary["status"] != "actual").all()  # a press aside only


@pytest.mark.parametrize(("text", "said"), [
    ("id,publisher,title,url\nx,P,T,https://e.org/x\n", r"missing column\(s\) date"),
    ("id,publisher,title,url,date\nx,P,T,https://e.org/x,2024\nx,P,T,https://e.org/y,2024\n",
     "row 2.*source id 'x' is not unique|source id 'x' is not unique.*row 2"),
])
def test_a_bad_sources_table_is_refused_naming_the_file_and_row(tmp_path, monkeypatch, text, said):
    import shutil

    from corridors.exceptions import DataError
    from corridors.tables import source_index

    data = tmp_path / "data"
    shutil.copytree(corridors.settings.resolved_data_dir(), data)
    (data / "sources.csv").write_text(text, encoding="utf-8")
    monkeypatch.setattr(corridors.settings, "data_dir", data)
    source_index.cache_clear()
    try:
        with pytest.raises(DataError, match=said) as exc:
            source_index()
        assert "sources.csv" in str(exc.value)
    finally:
        source_index.cache_clear()


def test_sources_are_read_as_text_with_empty_fields_empty():
    from corridors.tables import SOURCE_COLUMNS, source_index

    index = source_index()
    assert all(set(SOURCE_COLUMNS) <= set(rec) for rec in index.values())
    assert all(isinstance(v, str) for rec in index.values() for v in rec.values())
    assert list(corridors.sources()["id"]) == list(index)
