"""Hostile and broken returns (issue 8, input side): XML attacks, damaged archives, links out of the raw
folder, control characters in file names, formula-like text, .ods bounds; every one refused or
neutralised with one line naming the file (and row, column), never a traceback. The size limits:
tests/test_limits.py; the writers' own safety (formulas, strict JSON): tests/test_files.py."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import time
import zipfile
from pathlib import Path

import pytest

from analysis import cli, dataset
from conftest import HEADERS, build_lines, error_lines, return_row, rewrite_xlsx

# --- XML attacks, links, file names ---------------------------------------------------------------


def test_billion_laughs_xlsx_says_entity_expansion_refused(write_xlsx, raw_dir, tmp_path, capsys):
    path = write_xlsx("10-lao-cai.xlsx", [return_row()])
    bomb = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
            + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
            + ']>')
    rewrite_xlsx(path, "xl/workbook.xml", lambda xml: bomb + re.sub(r"^<\?xml[^>]*\?>", "", xml).replace(
        "<sheets>", "<sheets><x>&lol9;</x>"))
    status, lines = build_lines(raw_dir, tmp_path, capsys)
    (error,) = error_lines(lines)
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
    status, lines = build_lines(raw_dir, tmp_path, capsys)
    (error,) = error_lines(lines)
    assert status == 1
    assert error.startswith(f"{path.resolve().as_posix()}: error: not a readable .xlsx workbook")


def test_symlink_leading_outside_the_raw_folder_is_refused(write_xlsx, raw_dir, tmp_path, capsys):
    write_xlsx("10-lao-cai.xlsx", [return_row()])
    outside = tmp_path / "secret.csv"
    outside.write_text("Năm,Đơn vị\n2022,secret\n", encoding="utf-8")
    link = raw_dir / "2022" / "01-ha-noi.csv"
    link.symlink_to(outside)
    status, lines = build_lines(raw_dir, tmp_path, capsys)
    (error,) = error_lines(lines)
    assert status == 1
    assert error.startswith(f"{link.parent.resolve().as_posix()}/01-ha-noi.csv: error: symbolic link leading "
                            "outside the raw folder")
    assert "secret\n" not in "\n".join(lines)


def test_file_names_with_control_characters_and_bad_bytes_are_escaped(write_csv, raw_dir, tmp_path, capsys):
    good = write_csv("good.csv", [return_row()])
    os.rename(good, os.fsencode(raw_dir / "2022") + b"/ok\xff\x1b[31m.csv")
    bad = write_csv("x.csv", [return_row(province="Hà Nội", staff_field=40)])
    os.rename(bad, os.fsencode(raw_dir / "2022") + b"/bad\nfile:9: error: fake.csv")
    status, lines = build_lines(raw_dir, tmp_path, capsys)
    (error,) = error_lines(lines)
    assert status == 1
    assert "bad\\nfile:9: error: fake.csv:2: error: column F: staff_field: 40 is more than staff_total 30" in error
    assert all("\x1b" not in line for line in lines)
    # once fixed, the build writes its outputs with the escaped name (no UnicodeEncodeError)
    os.remove(os.fsencode(raw_dir / "2022") + b"/bad\nfile:9: error: fake.csv")
    status, _ = build_lines(raw_dir, tmp_path, capsys)
    assert status == 0
    units = dataset.load_units(2022, tmp_path / "out")
    assert units["source_file"].str.endswith("/ok\\xff\\x1b[31m.csv").all()
    provenance = dataset.load_provenance(2022, tmp_path / "out")
    assert provenance["inputs"][0]["file"].endswith("ok\\xff\\x1b[31m.csv")


# --- what the project writes ---------------------------------------------------------------------


def test_quality_csv_neutralises_formulas_from_a_return(write_csv, raw_dir, tmp_path):
    write_csv("10-lao-cai.csv", [return_row(**{"Người lập": "=HYPERLINK(\"http://x\",\"click\")"})],
              header=[*HEADERS[:6], "Người lập"])
    result = dataset.build_year(2022, raw_dir, tmp_path / "out")
    assert result.errors == 0
    text = (tmp_path / "out" / "2022" / "quality.csv").read_text(encoding="utf-8")
    assert "'=HYPERLINK" in text
    assert not any(cell.startswith(("=", "+", "@")) for line in text.splitlines() for cell in line.split(","))


def test_indicators_json_and_csv_are_safe(sample_build, capsys):
    processed = str(sample_build.out_dir.parent)
    assert cli.main(["indicators", "--year", "2022", "--processed", processed, "--format", "json"]) == 0
    json.loads(capsys.readouterr().out, parse_constant=lambda name: pytest.fail(f"non-strict JSON: {name}"))
    assert cli.main(["indicators", "--year", "2022", "--processed", processed, "--format", "csv"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert rows[0] == ["figure", "value"]
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
    status, lines = build_lines(raw_dir, tmp_path, capsys)
    assert time.perf_counter() - started < 10
    assert status == 0, lines  # the far cells are never read; the return's row is
    repeated = _ods_row(2022, "Lào Cai", "Trung tâm", "tỉnh", 30, 12).replace(
        "<table:table-row>", '<table:table-row table:number-rows-repeated="1000000">')
    path = _ods(raw_dir / "2022" / "10-lao-cai.ods", repeated)
    status, lines = build_lines(raw_dir, tmp_path, capsys)
    assert status == 1
    assert error_lines(lines) == [f"{path.resolve().as_posix()}: error: sheet 'Báo cáo': more than 5,000 data rows; "
                              "a return has one row per unit; refused"]


def test_ods_billion_laughs_is_refused(raw_dir, tmp_path, capsys):
    doctype = '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    _ods(raw_dir / "2022" / "10-lao-cai.ods", _ods_row(2022, "Lào Cai", "&b;", "tỉnh", 30, 12).replace("&amp;b;", "&b;"),
         doctype)
    status, lines = build_lines(raw_dir, tmp_path, capsys)
    (error,) = error_lines(lines)
    assert status == 1
    assert "not a readable .ods spreadsheet: entity expansion refused" in error
