"""analysis.readers.csvfile: a CSV return as one sheet: its encoding (UTF-8 with or without BOM, UTF-16,
a verified Windows-1258 with a warning, nothing else; through ingest in test_ingest) and its delimiter (the one
the form's header reads under)."""

from __future__ import annotations

import csv
import io

import pytest

from analysis.quality import BadInput
from analysis.readers.csvfile import decode_csv, read_csv
from conftest import HEADERS

ROW = ["2022", "Lào Cai", "TT; Lào Cai, tỉnh", "tỉnh", "30", "12"]


def _text(delimiter: str) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    writer.writerows([HEADERS[:6], ROW])
    return buffer.getvalue()


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_the_delimiter_is_the_one_the_header_reads_under(tmp_path, delimiter):
    path = tmp_path / "r.csv"
    path.write_text(_text(delimiter), encoding="utf-8")
    (sheet,) = read_csv(path, "r.csv")
    assert (sheet.title, sheet.kind, sheet.issues) == ("", "csv", ())
    assert sheet.rows[0] == (1, HEADERS[:6])
    assert sheet.rows[1] == (2, ROW)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16"])
def test_unicode_encodings_are_read_as_nfc_text(encoding):
    text, issues = decode_csv("Ha\u0300 Nội".encode(encoding), "r.csv")  # a decomposed "à"
    assert text == "Hà Nội" and issues == []


def test_other_bytes_are_refused_naming_the_first_bad_byte():
    with pytest.raises(BadInput) as info:
        decode_csv(b"year,province\n2022,Ha\xff Noi\n", "r.csv")
    issue = info.value.issue
    assert issue.code == "csv.not_utf8" and issue.value == "byte 0xff at offset 21"


def test_blank_lines_are_left_out_and_records_numbered_as_a_spreadsheet_shows_them(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text(_text(",").replace("\n", "\n\n,,,\n", 1), encoding="utf-8")
    (sheet,) = read_csv(path, "r.csv")
    assert [n for n, _ in sheet.rows] == [1, 4]

