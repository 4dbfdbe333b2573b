"""The sources and figures tables."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from . import catalogue
from .exceptions import DataError, UnknownNameError

if TYPE_CHECKING:
    import pandas as pd

SOURCE_COLUMNS = ("id", "publisher", "title", "url", "date")
FIGURE_COLUMNS = ("series", "year", "value", "unit", "status", "source_id", "scope", "note")
FIGURE_STATUSES = ("actual", "partial", "target", "plan", "capacity", "unrealised", "aside")
"""``unrealised``: a plan or target whose year has passed without it; ``aside``: a figure given
in passing, of unstated basis, that ranks below the official one for the same year."""


@lru_cache(maxsize=1)
def source_index() -> dict[str, dict[str, str]]:
    """Every source by id, as a dict of its fields (read once, like :func:`sources`).

    Read with the standard library: a comparison needs it without pandas.

    Examples
    --------
    >>> source_index()["natural-earth"]["publisher"]
    'Natural Earth'

    """
    import csv

    path = catalogue.data_file("sources")
    with open(path, newline="", encoding="utf-8-sig") as f:
        reader = csv.DictReader(f)
        missing = [c for c in SOURCE_COLUMNS if c not in (reader.fieldnames or ())]
        if missing:
            raise DataError(f"missing column(s) {', '.join(missing)}", path=path)
        index: dict[str, dict[str, str]] = {}
        for row, rec in enumerate(reader, start=1):
            rec = {k: v or "" for k, v in rec.items() if k is not None}
            if rec["id"] in index:
                raise DataError(f"source id {rec['id']!r} is not unique", path=path, row=row,
                                field="id")
            index[rec["id"]] = rec
    return index


def _sources() -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame(list(source_index().values()), dtype=str)


def sources(ids: str | list[str] | None = None) -> pd.DataFrame:
    """Return the sources table, or the rows for some source ids.

    Parameters
    ----------
    ids : str or list of str, optional
        One id, a ``;``-separated string of ids, or a list.

    Returns
    -------
    pandas.DataFrame
        Columns ``id``, ``publisher``, ``title``, ``url``, ``date``.

    Examples
    --------
    >>> import corridors
    >>> corridors.sources("natural-earth")["publisher"].item()
    'Natural Earth'

    """
    df = _sources()  # a new frame each time
    if ids is None:
        return df
    wanted = split_ids(ids) if isinstance(ids, str) else list(ids)
    unknown = [i for i in wanted if i not in set(df["id"])]
    if unknown:
        raise UnknownNameError("source", unknown[0], df["id"])
    return df.set_index("id").loc[wanted].reset_index()


def split_ids(value: object) -> list[str]:
    """Split a ``;``-separated list, dropping blanks.

    Examples
    --------
    >>> split_ids("bp-btc; tanap-route;")
    ['bp-btc', 'tanap-route']
    >>> import pandas as pd
    >>> split_ids(pd.NA), split_ids(float("nan")), split_ids(None)
    ([], [], [])

    """
    if not isinstance(value, str):
        if value is None or (isinstance(value, float) and value != value):  # None, NaN
            return []
        import pandas as pd  # only for what is neither a string nor a float

        if pd.isna(value):
            return []
    return [v.strip() for v in str(value).split(";") if v.strip()]


@lru_cache(maxsize=1)
def _figures() -> pd.DataFrame:
    import pandas as pd

    path = catalogue.data_file("figures")
    df = pd.read_csv(path, dtype={"series": str, "unit": str, "status": str, "source_id": str,
                                  "scope": str, "note": str},
                     keep_default_na=False, na_values={"value": [""]})
    missing = [c for c in FIGURE_COLUMNS if c not in df.columns]
    if missing:
        raise DataError(f"missing column(s) {', '.join(missing)}", path=path)
    df["year"] = pd.to_numeric(df["year"], errors="raise").astype("Int64")
    df["value"] = pd.to_numeric(df["value"], errors="raise")
    return df


def figures(series: str | None = None) -> pd.DataFrame:
    """Return the figures table: exports, throughput, capacities, targets.

    Parameters
    ----------
    series : str, optional
        Keep one series, e.g. ``"gas_exports_europe"``.

    Returns
    -------
    pandas.DataFrame
        Tidy: ``series``, ``year``, ``value``, ``unit``, ``status``,
        ``source_id``, ``scope`` (what the figure counts, and whose statistics:
        the exporter's, an importer's, a pipeline operator's), ``note``. A
        figure on which sources disagree has one row per source.

    Raises
    ------
    corridors.exceptions.UnknownNameError
        For an unknown series, with suggestions.

    Examples
    --------
    >>> import corridors
    >>> mou = corridors.figures("eu_mou_path")
    >>> mou.loc[mou["year"] == 2027, ["value", "status"]].to_dict("records")
    [{'value': 20.0, 'status': 'target'}]

    """
    df = _figures()
    if series is None:
        return df.copy()
    known = df["series"].unique()
    if series not in known:
        raise UnknownNameError("series", series, known)
    return df[df["series"] == series].reset_index(drop=True)


FLOW_COLUMNS = ("year", "commodity", "from", "to", "via", "statistics", "value", "unit", "status",
                "series", "source_id", "scope", "note")


def _catalogue_section(key: str) -> dict:
    from . import settings

    return dict(catalogue._read(settings.resolved_data_dir()).get(key, {}))


def flows(*, by: str = "destination", year: int | None = None) -> pd.DataFrame:
    """Return the flows to each destination: to which countries, how much, by whose count.

    Parameters
    ----------
    by : {"destination"}
        How rows are ordered: by destination (the one grouping so far).
    year : int, optional
        Keep one year.

    Returns
    -------
    pandas.DataFrame
        One row per figure of a flow series (the catalogue's ``flows``):
        ``year``, ``commodity``, ``from``, ``to``, ``via`` (the pipeline or
        route a figure is confined to, if any), ``statistics`` (the
        exporter's, an importer's, a transit country's or a pipeline operator's,
        never mixed),
        ``value``, ``unit``, ``status``, ``series``, ``source_id``, ``scope``,
        ``note``. Conflicting figures keep one row each.

    Raises
    ------
    corridors.exceptions.UnknownNameError
        For an unknown ``by``.

    Examples
    --------
    >>> df = flows(year=2024)
    >>> row = df[(df["to"] == "Türkiye") & (df["statistics"] == "exporter")]
    >>> row[["value", "unit", "status"]].to_dict("records")
    [{'value': 9.9, 'unit': 'bcm', 'status': 'actual'}]

    """
    import pandas as pd

    if by != "destination":
        raise UnknownNameError("grouping", by, ["destination"])
    meta = _catalogue_section("flows").get("series", {})
    fig = _figures()
    fig = fig[fig["series"].isin(meta)]
    if year is not None:
        fig = fig[fig["year"] == year]
    rows = [{**{k: meta[r["series"]].get(k, "") for k in ("commodity", "from", "to", "via",
                                                           "statistics")}, **r}
            for r in fig.to_dict("records")]
    out = pd.DataFrame(rows, columns=list(FLOW_COLUMNS))
    order = {s: i for i, s in enumerate(("exporter", "importer", "transit country",
                                         "pipeline operator"))}
    out = out.sort_values(["year", "commodity", "from", "to", "statistics", "value"],
                          key=lambda c: c.map(order) if c.name == "statistics" else c,
                          kind="stable")
    return out.reset_index(drop=True)


def sum_checks() -> list[dict]:
    """Return the catalogue's declared sums: totals, their parts, tolerances and notes.

    Examples
    --------
    >>> sum_checks()[0]["total"]
    'gas_exports_total'

    """
    return list(_catalogue_section("sums").get("checks", []))
