"""analysis.readers: one reader per suffix a return may have (any case), each giving Sheets."""

from __future__ import annotations

from analysis.readers import RETURN_SUFFIXES, Sheet, read_sheets


def test_the_suffixes_read_as_returns():
    assert RETURN_SUFFIXES == (".xlsx", ".xlsm", ".xls", ".ods", ".csv")


def test_read_sheets_chooses_the_reader_by_suffix_in_any_case(tmp_path):
    path = tmp_path / "R.CSV"
    path.write_text("Năm,Tỉnh/thành phố\n2022,Lào Cai\n", encoding="utf-8")
    (sheet,) = read_sheets(path, "R.CSV")
    assert isinstance(sheet, Sheet) and sheet.kind == "csv" and sheet.rows[1] == (2, ["2022", "Lào Cai"])
