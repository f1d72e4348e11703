"""analysis.readers.ods: every table of an .ods streamed (memory flat): typed values, text as shown, repeated
rows and columns bounded, hidden tables marked, a formula Calc never calculated read as its formula."""

from __future__ import annotations

import zipfile

import pytest

from analysis import limits
from analysis.quality import BadInput
from analysis.readers.ods import read_ods
from analysis.readers.sheet import ROWS_KEPT, UnsavedFormula

HEAD = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0">'
        '<office:automatic-styles><style:style style:name="ta2" style:family="table">'
        '<style:table-properties table:display="false"/></style:style></office:automatic-styles>'
        '<office:body><office:spreadsheet>')


def _ods(tmp_path, tables: str):
    path = tmp_path / "r.ods"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", HEAD + tables + "</office:spreadsheet></office:body></office:document-content>")
    return path


def test_typed_values_text_and_hidden_tables(tmp_path):
    path = _ods(tmp_path, (
        '<table:table table:name="Báo cáo"><table:table-row>'
        '<table:table-cell office:value-type="float" office:value="2022"><text:p>2022</text:p></table:table-cell>'
        '<table:table-cell office:value-type="float" office:value="2.5"><text:p>2,5</text:p></table:table-cell>'
        '<table:table-cell office:value-type="string"><text:p>Hà<text:s text:c="2"/>Nội</text:p></table:table-cell>'
        '<table:table-cell office:value-type="boolean" office:boolean-value="true"/>'
        '<table:table-cell table:formula="of:=SUM([.A1:.B1])"/>'
        '</table:table-row></table:table>'
        '<table:table table:name="2021" table:style-name="ta2"><table:table-row>'
        '<table:table-cell office:value-type="string"><text:p>cũ</text:p></table:table-cell></table:table-row></table:table>'))
    report, old = read_ods(path, "r.ods")
    assert (report.title, report.hidden, old.title, old.hidden) == ("Báo cáo", False, "2021", True)
    assert report.rows == [(1, [2022, 2.5, "Hà  Nội", True, UnsavedFormula("=SUM([.A1:.B1])")])]


def test_repeated_rows_and_columns_are_bounded(tmp_path):
    path = _ods(tmp_path, (
        '<table:table table:name="t"><table:table-row table:number-rows-repeated="1000000">'
        '<table:table-cell table:number-columns-repeated="16384" office:value-type="string"><text:p>x</text:p>'
        '</table:table-cell></table:table-row></table:table>'))
    (sheet,) = read_ods(path, "r.ods")
    assert len(sheet.rows) == ROWS_KEPT and all(len(cells) == limits.READ_COLUMNS for _, cells in sheet.rows)


def test_blank_rows_are_skipped_but_counted(tmp_path):
    path = _ods(tmp_path, (
        '<table:table table:name="t"><table:table-row table:number-rows-repeated="3"><table:table-cell/></table:table-row>'
        '<table:table-row><table:table-cell office:value-type="string"><text:p>Năm</text:p></table:table-cell>'
        '</table:table-row></table:table>'))
    (sheet,) = read_ods(path, "r.ods")
    assert sheet.rows == [(4, ["Năm"])]


def test_a_damaged_file_is_one_error(tmp_path):
    path = tmp_path / "r.ods"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("content.xml", "<office:document-content><unclosed>")
    with pytest.raises(BadInput) as info:
        list(read_ods(path, "r.ods"))
    assert info.value.issue.code == "file.unreadable" and info.value.issue.params["kind"] == ".ods spreadsheet"
