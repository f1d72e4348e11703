"""Returns as provinces send them: every file accounted for, every problem of a row, missing columns
named, the instructions sheet recognised, the form printable (issue 9)."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from analysis import cli, dataset, ingest
from analysis.form import form_columns, return_workbook
from conftest import HEADERS, csv_text, return_row


def _messages(issues, severity=None):
    return [str(i) for i in issues if severity is None or i.severity == severity]


def test_year_folder_files_accounts_for_every_entry(raw_dir):
    year_dir = raw_dir / "2022"
    for name in ("b.csv", "a.XLSX", "c.ods", "d.xls", "e.xlsm", "~$a.xlsx", ".~lock.c.ods#", ".hidden.csv",
                 "bao-cao.pdf", "README.md"):
        (year_dir / name).write_text("x")
    (year_dir / "old").mkdir()
    files, issues = ingest.year_folder_files(year_dir)
    assert [p.name for p in files] == ["a.XLSX", "b.csv", "c.ods", "d.xls", "e.xlsm"]
    by_name = {Path(i.file).name: (i.severity, i.code) for i in issues}
    assert by_name == {"~$a.xlsx": ("info", "file.lock"), ".~lock.c.ods#": ("info", "file.lock"),
                       ".hidden.csv": ("info", "file.hidden"), "README.md": ("info", "file.readme"),
                       "bao-cao.pdf": ("warning", "file.not_return"), "old": ("warning", "file.folder")}
    pdf = next(i for i in issues if i.code == "file.not_return")
    assert "not a return: bao-cao.pdf; save it as .xlsx" in str(pdf)


def test_process_year_pdf_beside_returns_is_named(write_xlsx, raw_dir):
    write_xlsx("10-lao-cai.xlsx", [return_row()])
    (raw_dir / "2022" / "01-ha-noi.pdf").write_bytes(b"%PDF-1.4")
    result = dataset.process_year(2022, raw_dir)
    assert any("01-ha-noi.pdf" in line and "not a return" in line for line in _messages(result.issues, "warning"))


def test_process_year_only_non_returns_names_them(raw_dir):
    (raw_dir / "2022" / "ha-noi.pdf").write_bytes(b"%PDF")
    (raw_dir / "2022" / "lao-cai.docx").write_bytes(b"PK")
    result = dataset.process_year(2022, raw_dir)
    (error,) = [i for i in result.issues if i.severity == "error"]
    assert error.code == "folder.no_returns"
    assert error.message.endswith("found only: ha-noi.pdf, lao-cai.docx")
    assert not any(i.code == "folder.missing_provinces" for i in result.issues)


def test_every_problem_of_a_row_is_reported_sorted(write_csv, raw_dir):
    write_csv("r.csv", [return_row(staff_field=-1, communes_with_network=-2, collaborator_pay_mvnd=-3,
                                   districts_total=5, districts_with_network=9, communes_total=10),
                        return_row(province="Hà Tây", staff_total=-4, staff_field=7, communes_total=3,
                                   communes_with_network=4)])
    result = dataset.process_year(2022, raw_dir)
    errors = [(i.row, i.column, i.code) for i in result.issues if i.severity == "error"]
    assert errors == [
        (2, "staff_field", "number.negative"),
        (2, "districts_with_network", "rule.at_most"),
        (2, "communes_with_network", "number.negative"),
        (2, "collaborator_pay_mvnd", "number.negative"),
        (3, "province", "province.former"),          # Hà Tây does not hide the row's other problems
        (3, "staff_total", "number.negative"),
        (3, "communes_with_network", "rule.at_most"),
    ]


def test_missing_column_is_named(raw_dir):
    header = [h for h in HEADERS if h != "Tổng số cán bộ, viên chức, người lao động"]
    (raw_dir / "2022" / "r.csv").write_text(csv_text([return_row()], header=header), encoding="utf-8")
    result = dataset.process_year(2022, raw_dir)
    errors = _messages(result.issues, "error")
    assert errors == [f"{Path(raw_dir, '2022', 'r.csv').resolve().as_posix()}:1: error: missing column "
                      "'Tổng số cán bộ, viên chức, người lao động' (staff_total)"]
    # a file-level error does not bring the list of 63 provinces with no return
    assert not any("Hà Giang" in line for line in _messages(result.issues))


def test_csv_of_the_instructions_sheet_is_recognised(raw_dir):
    book = return_workbook(2022)
    rows = [[c.value for c in row] for row in book["Hướng dẫn"].iter_rows()]
    text = "\n".join(",".join(f'"{v}"' if v else "" for v in row) for row in rows)
    (raw_dir / "2022" / "r.csv").write_text(text, encoding="utf-8")
    result = dataset.process_year(2022, raw_dir)
    (error,) = [i for i in result.issues if i.severity == "error"]
    assert error.code == "header.instructions"
    assert "instructions sheet" in error.message and "'Báo cáo'" in error.message


def test_missing_provinces_printed_once_last_in_one_line(write_xlsx, raw_dir, tmp_path, capsys):
    write_xlsx("10-lao-cai.xlsx", [return_row()])
    (raw_dir / "2022" / "bad.xlsx").write_bytes(b"not a zip")
    status = cli.main(["build", "--year", "2022", "--raw", str(raw_dir), "--out", str(tmp_path / "out")])
    lines = capsys.readouterr().err.splitlines()
    assert status == 1
    assert sum("no return from 62 province(s)" in line for line in lines) == 1
    assert "no return from" in lines[-2]  # then the summary line
    assert "bad.xlsx: error: not a readable .xlsx workbook" in "\n".join(lines)


# --- the form -------------------------------------------------------------------------------------


def test_form_prints_on_one_a4_landscape_page_width_with_repeated_header():
    sheet = return_workbook(2022)["Báo cáo"]
    assert str(sheet.page_setup.paperSize) == sheet.PAPERSIZE_A4  # "9": A4
    assert sheet.page_setup.orientation == "landscape"
    assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_title_rows == "$4:$4"  # the header row repeated on every printed page


def test_form_one_font_family_on_every_styled_cell_and_room_for_tone_marks(tmp_path):
    path = tmp_path / "f.xlsx"
    return_workbook(2022, [return_row()]).save(path)
    book = openpyxl.load_workbook(path)
    fonts = {cell.font.name for sheet in book.worksheets for row in sheet.iter_rows() for cell in row
             if cell.value is not None}
    assert fonts == {"Arial"}
    sheet = book["Báo cáo"]
    assert sheet.row_dimensions[1].height >= 1.6 * sheet["A1"].font.size  # 13 pt capitals with tone marks
    unit_column = next(c.column_letter for c in sheet[4] if c.value == "Đơn vị")
    assert sheet.column_dimensions[unit_column].width >= 45


def test_form_2025_takes_only_2025_and_has_no_district_columns():
    book = return_workbook(2025)
    sheet = book["Báo cáo"]
    headers = [c.value for c in sheet[4] if c.value]
    assert headers == [c.header for c in form_columns(2025)]
    assert not any("huyện" in h for h in headers)
    (year_rule,) = [v for v in sheet.data_validations.dataValidation if v.sqref and "A5" in str(v.sqref)]
    assert (year_rule.type, year_rule.operator, year_rule.formula1) == ("whole", "equal", "2025")
