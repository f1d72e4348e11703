"""The Excel return form: frozen header, province drop-down of the year's map, instructions, round trip."""

from __future__ import annotations

import re

import openpyxl
import pytest

from analysis import cli, dataset, form, reference
from analysis.config import RETURN_COLUMNS


def _write_with_cli(path, year: int) -> openpyxl.Workbook:
    assert cli.main(["template", "--year", str(year), "--out", str(path)]) == 0
    return openpyxl.load_workbook(path)


def _province_list(book: openpyxl.Workbook, sheet) -> list[str]:
    """The names the province column's drop-down offers, read through its formula."""
    header = [cell.value for cell in sheet[form.HEADER_ROW]]
    letter = openpyxl.utils.get_column_letter(header.index("Tỉnh/thành phố") + 1)
    first = f"{letter}{form.HEADER_ROW + 1}"
    lists = [dv for dv in sheet.data_validations.dataValidation if dv.type == "list" and first in dv.sqref]
    assert len(lists) == 1
    match = re.fullmatch(r"=?'?(.+?)'?!\$A\$1:\$A\$(\d+)", lists[0].formula1)
    assert match, lists[0].formula1
    source = book[match.group(1)]
    return [source.cell(row=r, column=1).value for r in range(1, int(match.group(2)) + 1)]


def test_template_cli_header_row_is_frozen(tmp_path):
    sheet = _write_with_cli(tmp_path / "x.xlsx", 2022)[form.DATA_SHEET]
    header_row = next(r for r in range(1, 20) if sheet.cell(row=r, column=1).value == RETURN_COLUMNS[0].header)
    assert [c.value for c in sheet[header_row]][:len(RETURN_COLUMNS)] == [c.header for c in RETURN_COLUMNS]
    assert sheet.freeze_panes == f"A{header_row + 1}"


@pytest.mark.parametrize("year, geo, count", [(2022, "vn63", 63), (2025, "vn34", 34)])
def test_template_cli_province_drop_down_lists_the_years_provinces(tmp_path, year, geo, count):
    book = _write_with_cli(tmp_path / "x.xlsx", year)
    names = _province_list(book, book[form.DATA_SHEET])
    assert len(names) == count
    assert names == list(reference.provinces(geo)["province_name"])


def test_template_cli_has_instruction_sheet(tmp_path):
    book = _write_with_cli(tmp_path / "x.xlsx", 2022)
    assert "Hướng dẫn" in book.sheetnames
    text = "\n".join(str(c.value) for c in book["Hướng dẫn"]["A"] if c.value)
    assert "2022" in text and "63 tỉnh" in text


def test_template_cli_refuses_other_suffix(tmp_path, capsys):
    assert cli.main(["template", "--year", "2022", "--out", str(tmp_path / "x.csv")]) == 2
    assert "give a name ending in .xlsx" in capsys.readouterr().err
    assert not (tmp_path / "x.csv").exists()


def test_write_template_is_reproducible(tmp_path):
    first = form.write_template(2022, tmp_path / "a.xlsx").read_bytes()
    second = form.write_template(2022, tmp_path / "b.xlsx").read_bytes()
    assert first == second


def test_template_filled_by_a_user_builds_without_edits(tmp_path):
    raw_year = tmp_path / "raw" / "2022"
    raw_year.mkdir(parents=True)
    path = raw_year / "10-lao-cai.xlsx"
    book = _write_with_cli(path, 2022)
    sheet = book[form.DATA_SHEET]
    values = {"Năm": 2022, "Tỉnh/thành phố": "Lào Cai", "Đơn vị": "Trung tâm Khuyến công Lào Cai",
              "Loại đơn vị": "tỉnh", "Tổng số cán bộ, viên chức, người lao động": 30,
              "Số cán bộ trực tiếp làm khuyến công tại cơ sở": 12, "Số huyện có cộng tác viên khuyến công": 3,
              "Thù lao, phụ cấp cộng tác viên (triệu đồng/năm)": 12.5}
    row = form.HEADER_ROW + 1
    for column, cell in enumerate(sheet[form.HEADER_ROW], start=1):
        if cell.value in values:
            sheet.cell(row=row, column=column, value=values[cell.value])
    book.save(path)

    result = dataset.build_year(2022, tmp_path / "raw", tmp_path / "out")
    assert result.errors == 0
    units = dataset.load_units(2022, tmp_path / "out")
    assert len(units) == 1
    unit = units.iloc[0]
    assert (unit["province_code"], unit["staff_total"], unit["staff_field"]) == ("10", 30, 12)
    assert (unit["districts_with_network"], unit["collaborator_pay_mvnd"]) == (3, 12.5)
    assert unit["source_row"] == row


def test_form_prints_a_grid_and_wraps_unit_names_and_speaks_of_its_geography_only(tmp_path):
    from openpyxl import load_workbook

    from analysis.form import GRID_ROWS, HEADER_ROW, REPORT_DATE_CELL, write_template

    for year, districts in ((2022, True), (2025, False)):
        book = load_workbook(write_template(year, tmp_path / f"f{year}.xlsx"))
        sheet = book["Báo cáo"]
        for row in (HEADER_ROW, HEADER_ROW + 1, HEADER_ROW + GRID_ROWS):
            assert all(c.border.left.style == "thin" for c in sheet[row]), row  # a grid to write in, printed
        unit = next(c.column_letter for c in sheet[HEADER_ROW] if c.value == "Đơn vị")
        assert sheet[f"{unit}{HEADER_ROW + 1}"].alignment.wrap_text  # a long unit name wraps, not runs on
        assert sheet[REPORT_DATE_CELL].number_format == "DD/MM/YYYY"
        guide = " ".join(str(c.value or "") for c in book["Hướng dẫn"]["A"])
        assert ("huyện" in guide) is districts, year
