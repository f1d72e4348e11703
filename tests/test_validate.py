"""The unit table's schema: each rule gives one issue naming file, row, column, value and what is wrong."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import clean, config, validate

SOURCE = "data/raw/2022/10-lao-cai.xlsx"


def _units(*overrides: dict) -> pd.DataFrame:
    """Valid Lào Cai unit rows (row 7, 8, ...) with some values replaced, typed as clean makes them."""
    rows = []
    for number, override in enumerate(overrides or ({},), start=7):
        row = dict.fromkeys(config.UNIT_COLUMNS)
        row.update(year=2022, geo="vn63", province_code="10", province_name="Lào Cai",
                   region="Trung du và miền núi phía Bắc", unit_name="Trung tâm Khuyến công Lào Cai",
                   unit_type="tỉnh", staff_total=30, staff_field=12, districts_total=9, districts_with_network=3,
                   district_collaborators=3, communes_total=152, communes_with_network=4, commune_collaborators=4,
                   collaborator_pay_mvnd=20.5, districts_total_source="return", communes_total_source="return",
                   source_file=SOURCE, source_row=number)
        row.update(override)
        rows.append(row)
    return clean.typed_units(pd.DataFrame(rows, columns=list(config.UNIT_COLUMNS)))


def _one_issue(units: pd.DataFrame, year: int = 2022):
    issues = validate.unit_errors(units, year)
    assert len(issues) == 1, [str(i) for i in issues]
    return issues[0]


def test_unit_schema_columns_are_the_unit_columns():
    assert tuple(validate.unit_schema(2022).columns) == config.UNIT_COLUMNS


def test_unit_errors_valid_table_has_none():
    assert validate.unit_errors(_units({}, {"province_code": "01", "province_name": "Hà Nội"}), 2022) == []


def test_unit_errors_staff_field_more_than_total():
    issue = _one_issue(_units({"staff_field": 35}))
    assert (issue.severity, issue.file, issue.row, issue.column, issue.value) == (
        "error", SOURCE, 7, "staff_field", "35")
    assert issue.message == "35 is more than staff_total 30"
    assert str(issue) == f"{SOURCE}:7: error: staff_field: 35 is more than staff_total 30"


def test_unit_errors_districts_with_network_more_than_total():
    issue = _one_issue(_units({"districts_with_network": 10}))
    assert (issue.row, issue.column, issue.value) == (7, "districts_with_network", "10")
    assert issue.message == "10 is more than districts_total 9"


def test_unit_errors_communes_with_network_more_than_total():
    issue = _one_issue(_units({"communes_with_network": 153}))
    assert (issue.row, issue.column, issue.value) == (7, "communes_with_network", "153")
    assert issue.message == "153 is more than communes_total 152"


def test_unit_errors_part_equal_to_whole_is_fine():
    assert validate.unit_errors(_units({"staff_field": 30, "districts_with_network": 9}), 2022) == []


def test_unit_errors_part_with_blank_whole_is_fine():
    assert validate.unit_errors(_units({"districts_total": None}), 2022) == []


@pytest.mark.parametrize("column, value", [
    ("staff_field", -1),
    ("district_collaborators", -2),
    ("commune_collaborators", -3),
    ("communes_with_network", -1),
    ("collaborator_pay_mvnd", -1.5),
])
def test_unit_errors_negative_counts(column, value):
    issue = _one_issue(_units({column: value}))
    assert (issue.file, issue.row, issue.column, issue.value) == (SOURCE, 7, column, str(value))
    assert issue.message == f"{value} is negative; counts and amounts are 0 or more"


def test_unit_errors_wrong_year():
    issue = _one_issue(_units({"year": 2021}))
    assert (issue.row, issue.column, issue.value) == (7, "year", "2021")
    assert issue.message == "2021 is not the year being built (2022)"


def test_unit_errors_unknown_province_code():
    issue = _one_issue(_units({"province_code": "03"}))  # 03 is not used on the 63-province map
    assert (issue.row, issue.column, issue.value) == (7, "province_code", "03")
    assert issue.message == "03 is not a province code in 2022"


def test_unit_errors_provincial_unit_without_province():
    issue = _one_issue(_units({"province_code": None, "province_name": None, "region": None}))
    assert (issue.row, issue.column) == (7, "province")
    assert issue.message == "is blank; a provincial unit must name its province"


def test_unit_errors_central_unit_without_province_is_fine():
    central = {"unit_type": "trung ương", "province_code": None, "province_name": None, "region": None,
               "districts_total": None, "communes_total": None}
    assert validate.unit_errors(_units(central), 2022) == []


def test_unit_errors_reports_every_failure_at_once():
    issues = validate.unit_errors(_units({"staff_field": 35}, {"province_code": "01", "district_collaborators": -2}),
                                  2022)
    assert sorted((i.row, i.column) for i in issues) == [(7, "staff_field"), (8, "district_collaborators")]
