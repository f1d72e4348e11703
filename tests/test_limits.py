"""The limits of src/analysis/limits.py as a build applies them: files, rows, text cells, counts and
amounts past them are refused with one error line naming the file, row and column (the value not
echoed), and far columns cost nothing."""

from __future__ import annotations

import re
import subprocess
import sys
import time

import pytest

from analysis import dataset, limits
from analysis.form import return_workbook, save_reproducibly
from conftest import HEADERS, build_lines, error_lines, return_row, rewrite_xlsx


def test_shown_value_cuts_long_text_and_escapes_control_characters():
    assert limits.shown_value("abc") == "abc"
    shown = limits.shown_value("y" * 5000)
    assert len(shown) == limits.SHOWN_VALUE_CHARS + 1 and shown == "y" * limits.SHOWN_VALUE_CHARS + "…"
    assert limits.shown_value("a\nb\x1b") == "a\\nb\\x1b" and limits.shown_value(None) == ""


def test_cells_in_column_xfd_are_never_read_fast_and_small(raw_dir, tmp_path):
    """An ~80 KB xlsx whose 20,000 rows each hold one cell in column XFD builds in seconds, < 500 MB."""
    path = raw_dir / "2022" / "10-lao-cai.xlsx"
    save_reproducibly(return_workbook(2022, [return_row()]), path)
    far = "".join(f'<row r="{r}"><c r="XFD{r}"><v>1</v></c></row>' for r in range(10, 20010))
    rewrite_xlsx(path, "xl/worksheets/sheet1.xml", lambda xml: re.sub(
        r'<dimension ref="[^"]*"', '<dimension ref="A1:XFD20009"', xml).replace("</sheetData>", far + "</sheetData>"))
    assert path.stat().st_size < 200_000
    code = ("import resource, time; from pathlib import Path; from analysis import dataset; t = time.perf_counter(); "
            f"r = dataset.process_year(2022, Path({str(raw_dir)!r})); "
            "print(r.errors, len(r.units), time.perf_counter() - t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    errors, units, seconds, peak_kb = done.stdout.split()
    assert (errors, units) == ("0", "1"), done.stderr
    assert float(seconds) < 10
    assert int(peak_kb) < 500 * 1024


def test_csv_over_the_row_limit_is_refused_quickly(raw_dir, tmp_path, capsys):
    path = raw_dir / "2022" / "big.csv"
    lines = ["Năm,Tỉnh/thành phố,Đơn vị,Loại đơn vị,\"Tổng số cán bộ, viên chức, người lao động\","
             "Số cán bộ trực tiếp làm khuyến công tại cơ sở"]
    lines += ["2022,Lào Cai,Trung tâm,tỉnh,30,12"] * 200_000  # 7.6 MB: under the size limit
    path.write_text("\n".join(lines), encoding="utf-8")
    started = time.perf_counter()
    status, lines = build_lines(raw_dir, tmp_path, capsys)
    assert time.perf_counter() - started < 15
    assert status == 1
    assert error_lines(lines) == [f"{path.resolve().as_posix()}: error: more than {limits.MAX_DATA_ROWS:,} data rows; "
                              "a return has one row per unit; refused"]


def test_long_text_cell_is_an_error_naming_its_cell_not_echoing_it(write_xlsx, raw_dir, tmp_path, capsys):
    write_xlsx("10-lao-cai.xlsx", [return_row(notes="x" * 30_000)])
    status, lines = build_lines(raw_dir, tmp_path, capsys)
    (error,) = error_lines(lines)
    assert status == 1
    assert error.endswith(":5: error: sheet 'Báo cáo', cell N5: notes: text of 30,000 characters is longer than the limit of 2,000; shorten it")
    assert "x" * 100 not in "\n".join(lines)  # the text itself is not echoed


@pytest.mark.parametrize(("column", "typed", "message"), [
    ("staff_total", "12345678901234567890", "12345678901234567890 is more than 1,000,000, the largest count"),
    ("staff_total", "1000001", "1000001 is more than 1,000,000"),
    ("collaborator_pay_mvnd", "9" * 400, "is not a finite number"),
    ("collaborator_pay_mvnd", "2000000000", "2000000000 million VND is more than the limit of 1,000,000,000"),
    ("staff_total", "inf", "'inf' is not a number"),
    ("staff_total", "nan", "'nan' is not a number"),
])
def test_numbers_past_the_limits_are_one_error_line(write_csv, raw_dir, tmp_path, capsys, column, typed, message):
    write_csv("10-lao-cai.csv", [return_row(**{column: typed})])
    status, lines = build_lines(raw_dir, tmp_path, capsys)
    (error,) = error_lines(lines)
    assert status == 1
    letter = "E" if column == "staff_total" else "M"
    assert f":2: error: column {letter}: {column}: " in error and message in error
    assert len(error) < 300


def test_twenty_digit_count_in_an_xlsx_number_cell(write_xlsx, raw_dir, tmp_path, capsys):
    write_xlsx("10-lao-cai.xlsx", [return_row(commune_collaborators=12345678901234567890)])
    status, lines = build_lines(raw_dir, tmp_path, capsys)
    assert status == 1
    (error,) = error_lines(lines)  # the cell holds the number as Excel stores it (a double)
    assert re.search(r":5: error: sheet 'Báo cáo', cell L5: commune_collaborators: 1234567890123456\d{4} is more than 1,000,000, the largest", error)


def test_long_extra_header_is_named_cut_not_echoed(write_csv, raw_dir, tmp_path, capsys):
    header = "Người lập " + "y" * 5000
    write_csv("10-lao-cai.csv", [return_row(**{header: "z"})], header=[*HEADERS[:6], header])
    status, lines = build_lines(raw_dir, tmp_path, capsys)
    assert status == 0
    assert "y" * 100 not in "\n".join(lines)
    quality = dataset.load_quality(2022, tmp_path / "out")
    assert quality["column"].str.len().max() <= limits.SHOWN_VALUE_CHARS + 1
