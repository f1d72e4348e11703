"""Reading returns: header search, header matching, extra columns, encodings, bad files, row numbers."""

from __future__ import annotations

import re
import shutil
import unicodedata
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from analysis import config, dataset, ingest
from analysis.quality import BadInput
from conftest import HEADERS, csv_text, return_row


def _cp1258(text: str) -> bytes:
    """Text encoded as Windows-1258 does it: precomposed â ê ô ơ ư ă đ, tones as combining marks."""
    out = []
    for char in unicodedata.normalize("NFC", text):
        try:
            char.encode("cp1258")
            out.append(char)
            continue
        except UnicodeEncodeError:
            pass
        base, *marks = unicodedata.normalize("NFD", char)
        for i, mark in enumerate(marks):  # fold the one mark cp1258 has precomposed, keep the tone
            composed = unicodedata.normalize("NFC", base + mark)
            if len(composed) == 1 and composed.encode("cp1258", errors="ignore"):
                out.append(composed + "".join(marks[:i] + marks[i + 1:]))
                break
        else:
            out.append(base + "".join(marks))
    return "".join(out).encode("cp1258")


def _plain_workbook(path, rows):
    book = Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


# --- header row -------------------------------------------------------------------------------


def test_read_return_file_header_below_title_rows_xlsx(tmp_path):
    path = _plain_workbook(tmp_path / "r.xlsx", [
        ["SỞ CÔNG THƯƠNG LÀO CAI"], ["BÁO CÁO NHÂN LỰC KHUYẾN CÔNG NĂM 2022"], [], HEADERS,
        [2022, "Lào Cai", "Trung tâm Khuyến công Lào Cai", "tỉnh", 30, 12]])
    frame, issues = ingest.read_return_file(path)
    assert issues == []
    assert len(frame) == 1
    row = frame.iloc[0]
    assert (row["year"], row["province"], row["staff_total"], row["staff_field"]) == (2022, "Lào Cai", 30, 12)
    assert row["source_row"] == 5


def test_read_return_file_header_below_title_rows_csv(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text(csv_text([return_row()], title_rows=("SỞ CÔNG THƯƠNG LÀO CAI", "BÁO CÁO NĂM 2022")),
                    encoding="utf-8")
    frame, issues = ingest.read_return_file(path)
    assert issues == []
    assert list(frame["province"]) == ["Lào Cai"]
    assert list(frame["staff_total"]) == ["30"]  # ingest keeps cells as read; clean parses them
    assert list(frame["source_row"]) == [4]


def test_read_return_file_no_header_is_an_error(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text("a,b,c\n1,2,3\n", encoding="utf-8")
    with pytest.raises(BadInput, match="no header row") as caught:
        ingest.read_return_file(path)
    assert caught.value.issue.severity == "error"


def test_read_return_file_header_twice_is_an_error(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text(csv_text([], header=HEADERS + ["Năm"]), encoding="utf-8")
    with pytest.raises(BadInput, match="appears twice") as caught:
        ingest.read_return_file(path)
    assert (caught.value.issue.row, caught.value.issue.column) == (1, "year")


def test_read_return_file_headers_without_diacritics(tmp_path):
    header = ["NAM", "tinh/thanh pho", "don vi", "Loai Don Vi", "tong so can bo, vien chuc, nguoi lao dong",
              "SO CAN BO TRUC TIEP LAM KHUYEN CONG TAI CO SO"]
    path = tmp_path / "r.csv"
    row = dict(zip(header, ["2022", "Lào Cai", "TT", "tỉnh", "30", "12"], strict=True))
    path.write_text(csv_text([row], header=header), encoding="utf-8")
    frame, _ = ingest.read_return_file(path)
    row = frame.iloc[0]
    assert (row["year"], row["province"], row["unit_name"], row["unit_type"], row["staff_total"],
            row["staff_field"]) == ("2022", "Lào Cai", "TT", "tỉnh", "30", "12")


def test_read_return_file_english_internal_names(tmp_path):
    header = ["year", "province", "unit_name", "unit_type", "staff_total", "staff_field", "collaborator_pay_mvnd"]
    path = tmp_path / "r.csv"
    path.write_text(csv_text([return_row(collaborator_pay_mvnd="1.250,5")], header=header), encoding="utf-8")
    frame, issues = ingest.read_return_file(path)
    assert issues == []
    assert (frame.iloc[0]["staff_field"], frame.iloc[0]["collaborator_pay_mvnd"]) == ("12", "1.250,5")


@pytest.mark.parametrize("delimiter, notes", [(";", "a, b"), (";", "a; b; c"), ("\t", "a; b")])
def test_read_return_file_semicolon_and_tab_csv(tmp_path, delimiter, notes):
    # Excel in a Vietnamese locale (decimal comma) saves CSV with ";" between cells.
    path = tmp_path / "r.csv"
    path.write_text(csv_text([return_row(collaborator_pay_mvnd="1.250,5", notes=notes)], delimiter=delimiter),
                    encoding="utf-8")
    frame, _ = ingest.read_return_file(path)
    row = frame.iloc[0]
    assert (row["province"], row["staff_total"], row["collaborator_pay_mvnd"], row["notes"]) == (
        "Lào Cai", "30", "1.250,5", notes)


def test_read_return_file_cp1258_semicolon_csv(tmp_path):
    path = tmp_path / "r.csv"
    path.write_bytes(_cp1258(csv_text([return_row()], delimiter=";")))
    frame, _ = ingest.read_return_file(path)
    assert list(frame["province"]) == ["Lào Cai"]


def test_read_return_file_quoted_cells(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text(csv_text([return_row(unit_name='Trung tâm "Khuyến công", Lào Cai', notes="x; y")]),
                    encoding="utf-8")
    frame, _ = ingest.read_return_file(path)
    assert (frame.iloc[0]["unit_name"], frame.iloc[0]["notes"]) == ('Trung tâm "Khuyến công", Lào Cai', "x; y")


# --- extra columns ----------------------------------------------------------------------------


def test_read_return_file_extra_column_warns_and_keeps_value(tmp_path):
    header = HEADERS[:6] + ["Email liên hệ"]
    path = tmp_path / "r.csv"
    path.write_text(csv_text([return_row(**{"Email liên hệ": "kc@laocai.gov.vn"}), return_row(province="Hà Nội")],
                             header=header), encoding="utf-8")
    frame, issues = ingest.read_return_file(path)
    assert len(frame) == 2
    assert "Email liên hệ" not in frame.columns
    assert sorted((i.severity, i.row, i.column, i.value) for i in issues) == [
        ("warning", 1, "Email liên hệ", "Email liên hệ"),
        ("warning", 2, "Email liên hệ", "kc@laocai.gov.vn"),
    ]


def test_read_return_file_value_without_header_warns(tmp_path):
    path = _plain_workbook(tmp_path / "r.xlsx", [HEADERS[:6], [2022, "Lào Cai", "TT", "tỉnh", 30, 12, None, "x"]])
    frame, issues = ingest.read_return_file(path)
    assert len(frame) == 1
    assert [(i.severity, i.row, i.column, i.value) for i in issues] == [("warning", 2, "column 8", "x")]


# --- encodings --------------------------------------------------------------------------------


@pytest.mark.parametrize("bom", [False, True])
def test_read_return_file_utf8_with_and_without_bom(write_csv, bom):
    path = write_csv("r.csv", [return_row()], bom=bom)
    assert path.read_bytes().startswith(b"\xef\xbb\xbf") is bom
    frame, issues = ingest.read_return_file(path)
    assert issues == []
    row = frame.iloc[0]
    assert (row["year"], row["province"], row["unit_name"]) == ("2022", "Lào Cai", "Trung tâm Khuyến công Lào Cai")


def test_read_return_file_cp1258_decodes_vietnamese(tmp_path):
    path = tmp_path / "r.csv"
    data = _cp1258(csv_text([return_row(province="Thừa Thiên Huế", unit_name="Trung tâm Khuyến công Huế")]))
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    path.write_bytes(data)
    frame, issues = ingest.read_return_file(path)
    row = frame.iloc[0]
    assert row["province"] == "Thừa Thiên Huế"  # NFC, as typed
    assert row["unit_name"] == "Trung tâm Khuyến công Huế"
    assert row["unit_type"] == "tỉnh"
    assert [(i.severity, i.value) for i in issues] == [("warning", "cp1258")]


def test_read_return_file_latin1_is_rejected_not_mojibake(write_csv, raw_dir):
    header = ["year", "province", "unit_name", "unit_type", "staff_total", "staff_field"]
    row = return_row(province="Ha Noi", unit_name="Café Trung tâm", unit_type="tinh")  # all in latin-1
    path = write_csv("r.csv", [row], header=header, encoding="latin-1")
    with pytest.raises(BadInput, match="not UTF-8") as caught:
        ingest.read_return_file(path)
    issue = caught.value.issue
    assert (issue.severity, issue.row) == ("error", None)
    assert "Excel: 'CSV UTF-8'; LibreOffice Calc: 'Text CSV'" in issue.message
    assert re.fullmatch(r"byte 0xe9 at offset \d+", issue.value)
    raw, issues, files = ingest.read_returns(raw_dir / "2022")
    assert raw.empty and files == [path] and issues == [issue]


def test_read_return_file_random_bytes_csv_is_rejected(tmp_path):
    path = tmp_path / "r.csv"
    path.write_bytes(bytes(range(256)) * 4)
    with pytest.raises(BadInput):
        ingest.read_return_file(path)


# --- malformed workbooks ----------------------------------------------------------------------


def test_read_return_file_random_bytes_xlsx_is_an_error(tmp_path):
    path = tmp_path / "r.xlsx"
    path.write_bytes(b"\x00\x01 not a workbook \xff" * 50)
    with pytest.raises(BadInput, match="not a readable .xlsx workbook") as caught:
        ingest.read_return_file(path)
    assert caught.value.issue.file.endswith("r.xlsx")


def test_read_return_file_zip_that_is_not_a_workbook_is_an_error(tmp_path):
    path = tmp_path / "r.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "hello")
    with pytest.raises(BadInput, match="not a readable .xlsx workbook"):
        ingest.read_return_file(path)


def test_read_returns_bad_file_does_not_stop_the_others(write_xlsx, raw_dir):
    good = write_xlsx("10-lao-cai.xlsx", [return_row()])
    bad = raw_dir / "2022" / "11-dien-bien.xlsx"
    bad.write_bytes(b"PK\x03\x04 truncated")
    raw, issues, files = ingest.read_returns(raw_dir / "2022")
    assert files == [good, bad]
    assert list(raw["province"]) == ["Lào Cai"]
    assert [(i.severity, i.file.endswith("11-dien-bien.xlsx")) for i in issues] == [("error", True)]


def test_read_return_file_stale_sheet_dimension(write_xlsx):
    # Some programs write <dimension ref="A1"/> whatever the sheet holds; every row must still be read.
    path = write_xlsx("r.xlsx", [return_row(), return_row(province="Hà Nội")])
    stale = path.with_name("stale.xlsx")
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(stale, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data, replaced = re.subn(rb'<dimension ref="[^"]*"\s*/>', b'<dimension ref="A1"/>', data)
                assert replaced == 1
            target.writestr(info, data)
    frame, _ = ingest.read_return_file(stale)
    assert list(frame["province"]) == ["Lào Cai", "Hà Nội"]
    assert list(frame["source_row"]) == [5, 6]


# --- row numbers and files --------------------------------------------------------------------


def test_read_return_file_rows_numbered_as_excel_shows_them(write_xlsx):
    path = write_xlsx("r.xlsx", [return_row(), {}, return_row(province="Hà Nội")])  # row 6 left blank
    frame, _ = ingest.read_return_file(path)
    assert list(frame["province"]) == ["Lào Cai", "Hà Nội"]
    assert list(frame["source_row"]) == [5, 7]  # the template's header is on row 4


def test_read_return_file_csv_rows_numbered_as_lines(tmp_path):
    path = tmp_path / "r.csv"
    text = csv_text([return_row()], title_rows=("BÁO CÁO",)) + "\r\n" + csv_text([return_row(province="Hà Nội")]
                                                                                 ).split("\r\n", 1)[1]
    path.write_text(text, encoding="utf-8")  # line 1 title, 2 header, 3 data, 4 blank, 5 data
    frame, _ = ingest.read_return_file(path)
    assert list(frame["source_row"]) == [3, 5]


def test_read_return_file_template_instruction_sheet_skipped(write_xlsx):
    frame, issues = ingest.read_return_file(write_xlsx("r.xlsx", [return_row()]))
    assert len(frame) == 1 and issues == []


def test_return_files_skips_lock_files_and_other_types(raw_dir):
    year_dir = raw_dir / "2022"
    for name in ("b.csv", "a.XLSX", "~$a.xlsx", ".hidden.csv", "notes.txt", "README.md"):
        (year_dir / name).write_text("x")
    (year_dir / "sub.csv").mkdir()
    assert [p.name for p in ingest.return_files(year_dir)] == ["a.XLSX", "b.csv"]


def test_logs_are_skipped_by_the_build_with_a_note(tmp_path):
    year_dir = tmp_path / "2025"
    shutil.copytree(config.RAW_DIR / "2025", year_dir)
    result = dataset.process_year(2025, tmp_path)
    notes = [i for i in result.issues if i.code == "file.collection_log"]
    assert {Path(i.file).name for i in notes} == {"receipts.csv", "approvals.csv"}
