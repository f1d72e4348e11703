"""The denominators of the coverage rates: each year's district and commune counts per province.

2021-2024 come from reference_data/admin_unit_counts.csv (the General Statistics Office's list of
administrative units at the end of each year, each row with its source); from 2025 the 34-province
list in force from 2025-07-01 (no district level); any other year the 2025-01-04 snapshot, which
``denominators_note`` then says in words. clean.tidy_units fills a blank total of a return from
``year_unit_counts``.
"""

from __future__ import annotations

from functools import cache

import pandas as pd

from analysis import fmt, reference
from analysis.labels import t

#: The year's own counts of administrative units (reference_data/admin_unit_counts.csv, each row with its source).
UNIT_COUNTS_FILE = "admin_unit_counts.csv"


@cache
def year_unit_counts(year: int) -> pd.DataFrame:
    """Districts and communes per province for a year: the denominators of its coverage rates.

    Columns province_code, districts, communes, as_of (ISO date the counts hold), source, basis:
    "year" where reference_data/admin_unit_counts.csv has the year (2021-2024, cited per row),
    "list" for the 34-province map (from 2025: the list in force from 2025-07-01, no district level),
    else "snapshot" (admin_unit_counts of reference.SNAPSHOT_DATE, said in words by unit_counts_basis).
    """
    geo = reference.geo_for_year(year)
    data = reference._read_data_file(UNIT_COUNTS_FILE)
    data = data[(data["year"] == str(int(year))) & (data["geo"] == geo)]
    if not data.empty:
        out = data[["province_code", "districts", "communes", "as_of", "source"]].assign(basis="year")
        return out.astype({"districts": "int64", "communes": "int64"}).sort_values("province_code", ignore_index=True)
    basis, as_of = ("list", "2025-07-01") if geo == "vn34" else ("snapshot", reference.SNAPSHOT_DATE)
    return reference.admin_unit_counts(geo).assign(as_of=as_of, source=f"{reference.LIBRARY}: {reference.SNAPSHOTS[geo]}", basis=basis)


def unit_counts_basis(year: int) -> dict:
    """Which administrative counts are the year's denominators: basis ("year", "list" or "snapshot"),
    as_of (ISO date), year, districts and communes (national totals; districts None on the 34-province
    map) and sources (the distinct source texts), for the method section and the data-quality report."""
    counts = year_unit_counts(year)
    districts = int(counts["districts"].sum())
    return {"year": int(year), "basis": str(counts["basis"].iloc[0]), "as_of": str(counts["as_of"].iloc[0]),
            "districts": districts if reference.geo_for_year(year) == "vn63" else None,
            "communes": int(counts["communes"].sum()), "sources": sorted(set(counts["source"]))}


def denominators_note(year: int, lang: str = "vi") -> str:
    """One sentence saying which administrative counts divide the year's coverage rates, with the
    national totals: the year's own (31/12 or the nearest date found), the 34-province list, or the
    2025-01-04 snapshot where the year has none of its own."""
    basis = unit_counts_basis(year)
    key = {"year": "denominators_year", "list": "denominators_list", "snapshot": "denominators_snapshot"}[basis["basis"]]
    if basis["basis"] == "year" and basis["as_of"] != f"{int(year)}-12-31":
        key = "denominators_nearest"
    return t(key, lang, year=int(year), as_of=fmt.day(basis["as_of"]), communes=fmt.number(basis["communes"], lang),
             districts=fmt.number(basis["districts"], lang) if basis["districts"] is not None else "")


def counts_phrase(year: int, lang: str = "vi") -> str:
    """The administrative counts the year's rates use, in a few words for a source line or a footer:
    the year's own list and its date, the 34-province list, or the snapshot (then said not to be the year's)."""
    basis = unit_counts_basis(year)
    key = {"year": "counts_source_year", "list": "counts_source_list", "snapshot": "counts_source_snapshot"}[basis["basis"]]
    return t(key, lang, year=int(year), as_of=fmt.day(basis["as_of"]))

