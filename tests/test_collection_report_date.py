"""analysis.collection.report_date: the report date a clerk types in the form's field above the header,
read back as a date (a date cell, or the text forms clerks type), None when there is none."""

from __future__ import annotations

import datetime as dt

import pytest

from analysis import form
from analysis.collection.report_date import report_date

ROW = {"year": 2025, "province": "Lai Châu", "unit_name": "TT", "unit_type": "tỉnh", "staff_total": 9, "staff_field": 3}


def _return(tmp_path, value: object = None, label: str | None = None):
    book = form.return_workbook(2025, [ROW])
    sheet = book[form.DATA_SHEET]
    if value is not None:
        sheet[form.REPORT_DATE_CELL] = value
    if label is not None:  # the label cell typed over, with the date after its colon
        sheet.cell(row=form.REPORT_DATE_ROW, column=1, value=label)
    path = tmp_path / "12-lai-chau.xlsx"
    form.save_reproducibly(book, path)
    return path


@pytest.mark.parametrize("value", [dt.datetime(2026, 1, 20), dt.date(2026, 1, 20), "20/01/2026", "20-01-2026",
                                   "20.01.2026", "2026-01-20", " 2026-01-20 08:00 "])
def test_the_date_cell_as_a_date_or_as_clerks_type_it(tmp_path, value):
    assert report_date(_return(tmp_path, value)) == dt.date(2026, 1, 20)


def test_the_date_typed_after_the_labels_colon(tmp_path):
    assert report_date(_return(tmp_path, label=f"{form.REPORT_DATE_LABEL} 5/2/2026")) == dt.date(2026, 2, 5)


@pytest.mark.parametrize("value", ["tháng 1", "31/02/2026", "2026"])
def test_text_that_is_not_a_date_gives_none(tmp_path, value):
    assert report_date(_return(tmp_path, value)) is None


def test_no_date_a_csv_or_an_unreadable_file_gives_none(tmp_path):
    assert report_date(_return(tmp_path)) is None
    (tmp_path / "24-bac-giang.csv").write_text("Ngày báo cáo: 20/01/2026\n", encoding="utf-8")
    assert report_date(tmp_path / "24-bac-giang.csv") is None
    (tmp_path / "broken.xlsx").write_bytes(b"not a zip")
    assert report_date(tmp_path / "broken.xlsx") is None
