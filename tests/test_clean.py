"""Cleaning: numbers as people type them, unit types, typed unit rows, duplicates, missing returns."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import clean, config, denominators, reference
from conftest import raw_frame, return_row

# --- parse_unit_type --------------------------------------------------------------------------


@pytest.mark.parametrize("value, expected", [
    ("tỉnh", "tỉnh"),
    ("TỈNH", "tỉnh"),
    ("tinh", "tỉnh"),
    ("Thành phố", "tỉnh"),
    (" Trung Ương ", "trung ương"),
    ("trung uong", "trung ương"),
    ("TW", "trung ương"),
])
def test_parse_unit_type_accepts_spellings(value, expected):
    assert clean.parse_unit_type(value) == expected


@pytest.mark.parametrize("value", ["huyện", "", None])
def test_parse_unit_type_rejects_others(value):
    with pytest.raises(ValueError, match="is not a unit type"):
        clean.parse_unit_type(value)


# --- tidy_units -------------------------------------------------------------------------------


def test_tidy_units_types_and_harmonises_a_row():
    raw = raw_frame(return_row(year="2022", province="lao cai", unit_name="  Trung tâm   Khuyến công Lào Cai ",
                               unit_type="Tỉnh", staff_total="30 người", staff_field=" 12 ",
                               districts_total=9, districts_with_network="3", communes_total="152",
                               communes_with_network="-", collaborator_pay_mvnd="1.250,5"))
    units, issues = clean.tidy_units(raw, 2022)
    assert issues == []
    assert list(units.columns) == list(config.UNIT_COLUMNS)
    row = units.iloc[0]
    assert (row["year"], row["geo"], row["province_code"], row["province_name"]) == (2022, "vn63", "10", "Lào Cai")
    assert row["region"] == "Trung du và miền núi phía Bắc"
    assert row["unit_name"] == "Trung tâm Khuyến công Lào Cai"
    assert row["unit_type"] == "tỉnh"
    assert (row["staff_total"], row["staff_field"]) == (30, 12)
    assert (row["districts_total"], row["districts_with_network"], row["communes_total"]) == (9, 3, 152)
    assert pd.isna(row["communes_with_network"])
    assert row["collaborator_pay_mvnd"] == 1250.5
    assert (row["districts_total_source"], row["communes_total_source"]) == ("return", "return")
    assert (row["source_file"], row["source_row"]) == ("r.csv", 2)


def test_tidy_units_dtypes():
    units, _ = clean.tidy_units(raw_frame(return_row()), 2022)
    for column in config.INT_COLUMNS + ("source_row",):
        assert units[column].dtype == "Int64", column
    assert units["collaborator_pay_mvnd"].dtype == "Float64"
    assert units["province_code"].dtype == "string"


def test_tidy_units_fills_missing_totals_with_the_years_counts():
    units, issues = clean.tidy_units(raw_frame(return_row()), 2022)
    counts = denominators.year_unit_counts(2022).set_index("province_code").loc["10"]
    row = units.iloc[0]
    assert row["districts_total"] == 9  # Lào Cai: 1 city, 1 town, 7 districts
    assert row["communes_total"] == counts["communes"] == 152  # end of 2022 (the 2025 snapshot has fewer)
    assert reference.admin_unit_counts("vn63").set_index("province_code").at["10", "communes"] < 152
    assert row["districts_total_source"] == counts["source"] and "522ca580f5" in counts["source"]
    assert [(i.severity, i.code, i.row, i.column) for i in issues] == [
        ("info", "total.from_year_counts", 2, "districts_total"), ("info", "total.from_year_counts", 2, "communes_total")]
    assert issues[0].value == "9" and issues[0].params["as_of"] == "31/12/2022"


def test_tidy_units_without_the_years_counts_uses_the_snapshot_and_says_so():
    units, issues = clean.tidy_units(raw_frame(return_row(year=2020)), 2020)
    row = units.iloc[0]
    assert row["communes_total"] == reference.admin_unit_counts("vn63").set_index("province_code").at["10", "communes"]
    assert row["districts_total_source"] == f"{reference.LIBRARY}: {reference.SNAPSHOTS['vn63']}"
    assert {i.code for i in issues} == {"total.from_snapshot"}


def test_tidy_units_central_unit_ignores_province_with_warning():
    raw = raw_frame(dict(year=2022, province="Hà Nội", unit_name="Trung tâm IPC1", unit_type="trung ương",
                         staff_total=24, staff_field=9))
    units, issues = clean.tidy_units(raw, 2022)
    row = units.iloc[0]
    assert pd.isna(row["province_code"]) and pd.isna(row["districts_total"])
    assert pd.isna(row["districts_total_source"])
    assert [(i.severity, i.column, i.value) for i in issues] == [("warning", "province", "Hà Nội")]


def test_tidy_units_leaves_out_rows_with_errors_and_names_each():
    raw = raw_frame(
        return_row(),
        return_row(province="Hà Nội", staff_total="abc"),
        return_row(province="Hà Tây"),
        return_row(province="Ninh Bình", staff_total=None, staff_field="2,5"),
        return_row(province="Phú Thọ", unit_type="huyện", unit_name=" "),
    )
    units, issues = clean.tidy_units(raw, 2022)
    assert list(units["source_row"]) == [2]
    errors = [(i.row, i.column, i.value) for i in issues if i.severity == "error"]
    assert errors == [
        (3, "staff_total", "abc"),
        (4, "province", "Hà Tây"),
        (5, "staff_field", "2,5"),
        (5, "staff_total", ""),
        (6, "unit_type", "huyện"),
        (6, "unit_name", ""),
    ]
    messages = {(i.row, i.column): i.message for i in issues if i.severity == "error"}
    assert messages[(3, "staff_total")] == "'abc' is not a number"
    assert messages[(4, "province")].startswith("'Hà Tây' is not a province in 2022")
    assert messages[(5, "staff_field")] == "'2,5' is not a whole number"
    assert all(i.file == "r.csv" for i in issues)


def test_tidy_units_provincial_unit_needs_a_province():
    _, issues = clean.tidy_units(raw_frame(return_row(province=None)), 2022)
    assert [(i.severity, i.column) for i in issues] == [("error", "province")]


def test_tidy_units_district_columns_rejected_from_2025():
    raw = raw_frame(return_row(year=2025, province="Huế", districts_total=5))
    units, issues = clean.tidy_units(raw, 2025)
    assert units.empty
    errors = [i for i in issues if i.severity == "error"]
    assert [(e.column, e.value) for e in errors] == [("districts_total", "5")]
    assert "abolished" in errors[0].message


def test_tidy_units_2025_has_no_district_total():
    units, _ = clean.tidy_units(raw_frame(return_row(year=2025, province="Huế")), 2025)
    row = units.iloc[0]
    assert (row["geo"], row["province_code"]) == ("vn34", "46")
    assert pd.isna(row["districts_total"]) and pd.isna(row["districts_total_source"])
    assert row["communes_total_source"] == f"{reference.LIBRARY}: {reference.SNAPSHOTS['vn34']}"


# --- drop_duplicate_returns -------------------------------------------------------------------


def _units(*rows: dict) -> pd.DataFrame:
    units, issues = clean.tidy_units(pd.concat([raw_frame(r) for r in rows], ignore_index=True), 2022)
    assert not [i for i in issues if i.severity == "error"]
    return units


def test_drop_duplicate_returns_exact_duplicate_counted_once():
    units = _units(return_row(source_file="a.xlsx", source_row=5),
                   return_row(province="lao cai", unit_type="tinh", staff_total="30", source_file="b.csv",
                              source_row=2))
    kept, issues = clean.drop_duplicate_returns(units)
    assert list(zip(kept["source_file"], kept["source_row"], strict=True)) == [("a.xlsx", 5)]
    assert len(issues) == 1
    issue = issues[0]
    assert (issue.severity, issue.file, issue.row, issue.value) == ("warning", "b.csv", 2, "Lào Cai")
    assert "a.xlsx:5" in issue.message and "counted once" in issue.message


def test_drop_duplicate_returns_conflict_is_an_error_naming_both_places():
    units = _units(return_row(source_file="a.xlsx", source_row=5),
                   return_row(staff_total=31, source_file="b.csv", source_row=2),
                   return_row(province="Hà Nội", source_file="c.csv", source_row=2))
    kept, issues = clean.drop_duplicate_returns(units)
    assert list(kept["province_name"]) == ["Hà Nội"]
    assert len(issues) == 1
    issue = issues[0]
    assert (issue.severity, issue.file, issue.row, issue.column) == ("error", "b.csv", 2, "staff_total")
    assert "a.xlsx:5" in issue.message and "staff_total" in issue.message


def test_drop_duplicate_returns_central_units_by_name():
    central = dict(year=2022, unit_type="trung ương", staff_total=24, staff_field=9, province=None)
    units = _units(dict(central, unit_name="Trung tâm IPC1"), dict(central, unit_name="Trung tâm IPC2"),
                   dict(central, unit_name="Trung tâm IPC1", source_row=9))
    kept, issues = clean.drop_duplicate_returns(units)
    assert list(kept["unit_name"]) == ["Trung tâm IPC1", "Trung tâm IPC2"]
    assert [(i.severity, i.row) for i in issues] == [("warning", 9)]


def test_drop_duplicate_returns_does_not_mutate_input():
    units = _units(return_row(), return_row(source_row=3))
    before = units.copy()
    clean.drop_duplicate_returns(units)
    pd.testing.assert_frame_equal(units, before)


# --- missing_returns --------------------------------------------------------------------------


def test_missing_returns_lists_the_others_in_code_order():
    central = dict(year=2022, unit_type="trung ương", staff_total=24, staff_field=9, unit_name="IPC1", province=None)
    units = _units(return_row(), return_row(province="Hà Nội"), central)
    missing = clean.missing_returns(units, 2022)
    assert len(missing) == 61
    assert missing[:2] == ["Hà Giang", "Cao Bằng"]  # codes 02 and 04 (01 Hà Nội has a return)
    assert "Lào Cai" not in missing and "Hà Nội" not in missing
    assert missing[-1] == "Cà Mau"


def test_missing_returns_2025_uses_34_provinces():
    empty = pd.DataFrame(columns=list(config.UNIT_COLUMNS))
    assert len(clean.missing_returns(empty, 2025)) == 34
