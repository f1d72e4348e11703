"""analysis.collection.status: one line per province of the year's map (files, received when and how,
timeliness against the deadline, problems, approval) and the rates DHIS2 computes."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from analysis import dataset, form
from analysis.collection import status
from analysis.collection.settings import Deadline


def test_rates_follow_dhis2():
    table = pd.DataFrame({"timeliness": ["on_time", "late", "unknown", "missing"], "approval": ["approved"] + ["none"] * 3,
                          "province_name": list("abcd")})
    r = status.rates(table)
    assert (r["reporting_rate"], r["on_time_rate"], r["signed_off"], r["missing"]) == (0.75, 0.25, 1, ["d"])


def test_receipt_or_else_the_form_report_date_or_else_unknown(tmp_path):
    year_dir = tmp_path / "2025"
    year_dir.mkdir()
    book = form.return_workbook(2025, [{"year": 2025, "province": "Lai Châu", "unit_name": "TT", "unit_type": "tỉnh",
                                        "staff_total": 9, "staff_field": 3}])
    book[form.DATA_SHEET][form.REPORT_DATE_CELL] = dt.datetime(2026, 1, 20)
    form.save_reproducibly(book, year_dir / "12-lai-chau.xlsx")
    result = dataset.process_year(2025, tmp_path)
    row = result.collection.set_index("province_code").loc["12"]
    assert (row["received"], row["received_from"], row["timeliness"]) == ("2026-01-20", "form", "on_time")
    assert result.collection.set_index("province_code").loc["01", "timeliness"] == "missing"
    form.save_reproducibly(form.return_workbook(2025, [{"year": 2025, "province": "Lai Châu", "unit_name": "TT",
                                                        "unit_type": "tỉnh", "staff_total": 9, "staff_field": 3}]),
                           year_dir / "12-lai-chau.xlsx")
    row = dataset.process_year(2025, tmp_path).collection.set_index("province_code").loc["12"]
    assert (row["received"], row["timeliness"]) == ("", "unknown")


DUE = Deadline(dt.date(2026, 1, 31), {"vi": "hạn", "en": "deadline"})


@pytest.mark.parametrize("received, due, has_return, expected", [
    (dt.date(2026, 1, 31), DUE, True, "on_time"),   # the deadline day itself is on time
    (dt.date(2026, 2, 1), DUE, True, "late"),
    (None, DUE, True, "unknown"),
    (dt.date(2026, 1, 1), None, True, "unknown"),   # a year without a deadline
    (dt.date(2026, 1, 1), DUE, False, "missing"),
])
def test_timeliness_against_the_deadline(received, due, has_return, expected):
    assert status.timeliness(received, due, has_return) == expected


def test_rates_of_an_empty_year():
    table = pd.DataFrame({"timeliness": ["missing", "missing"], "approval": ["none", "none"], "province_name": ["a", "b"]})
    r = status.rates(table)
    assert (r["reporting_rate"], r["on_time_rate"], r["signed_off"], r["missing"]) == (0.0, 0.0, 0, ["a", "b"])


@pytest.mark.parametrize("row, expected", [
    ({"timeliness": "missing", "errors": 0, "warnings": 0, "checks_open": 0}, True),
    ({"timeliness": "late", "errors": 0, "warnings": 1, "checks_open": 0}, True),
    ({"timeliness": "on_time", "errors": 0, "warnings": 0, "checks_open": 2}, True),
    ({"timeliness": "late", "errors": 0, "warnings": 0, "checks_open": 0}, False),  # late but clean: nothing to fix
])
def test_needs_feedback_for_a_problem_or_no_return(row, expected):
    assert status.needs_feedback(pd.Series(row)) is expected


@pytest.mark.parametrize("name, year, code", [("01-ha-noi.xlsx", 2025, "01"), ("44-quang-tri.ods", 2025, "44"),
                                              ("tong-hop.xlsx", 2025, None), ("99-x.xlsx", 2025, None)])
def test_file_province_from_the_file_name(name, year, code):
    assert status.file_province(name, year) == code


def test_rates_are_none_when_no_return_is_expected():
    r = status.rates(pd.DataFrame({"timeliness": [], "approval": [], "province_name": []}))
    assert (r["expected"], r["reporting_rate"], r["on_time_rate"]) == (0, None, None)
