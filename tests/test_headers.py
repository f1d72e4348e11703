"""analysis.headers: which internal column a header cell names (case, spacing and diacritics ignored,
the English names too) and which row of a sheet is the form's header."""

from __future__ import annotations

import unicodedata

from analysis import headers, limits
from analysis.config import RETURN_COLUMNS


def test_header_name_ignores_case_spaces_and_diacritics():
    assert headers.header_name("NAM") == "year"
    assert headers.header_name(" tinh / thanh pho ") == "province"
    assert headers.header_name("Đơn  vị") == "unit_name"
    assert headers.header_name("LOAI DON VI") == "unit_type"
    assert headers.header_name("Tong so can bo vien chuc nguoi lao dong") == "staff_total"
    assert headers.header_name(unicodedata.normalize("NFD", "Số cán bộ trực tiếp làm khuyến công tại cơ sở")) \
        == "staff_field"
    assert headers.header_name("Email") is None
    assert headers.header_name(None) is None


def test_every_form_header_and_english_name_is_recognised():
    for column in RETURN_COLUMNS:
        assert headers.header_name(column.header) == column.name
        assert headers.header_name(column.name.upper()) == column.name
    assert headers.HEADER_OF["staff_field"] == "Số cán bộ trực tiếp làm khuyến công tại cơ sở"


def test_header_names_leaves_out_cells_that_name_no_column():
    assert headers.header_names(["Năm", None, 3.5, "Ghi chú", "Email", ""]) == {"year", "notes"}


def _form_header() -> list[object]:
    return [c.header for c in RETURN_COLUMNS]


def test_find_header_row_below_title_rows():
    rows = [(1, ["BÁO CÁO NHÂN LỰC KHUYẾN CÔNG"]), (2, ["Ngày báo cáo:", "15/01/2026"]), (4, _form_header()),
            (5, ["2022", "Hà Nội"])]
    assert headers.find_header_row(rows) == 2


def test_find_header_row_needs_every_required_column():
    short = [h for c, h in zip(RETURN_COLUMNS, _form_header()) if c.name != headers.REQUIRED[0]]
    assert headers.find_header_row([(1, short)]) is None
    assert len(headers.REQUIRED) - 1 >= headers.NEAR_HEADER_MATCHES  # a near header: named by ingest's error


def test_find_header_row_looks_only_at_the_first_rows():
    title = [(n, [f"dòng {n}"]) for n in range(1, limits.HEADER_SEARCH_ROWS + 1)]
    assert headers.find_header_row([*title, (limits.HEADER_SEARCH_ROWS + 1, _form_header())]) is None
    assert headers.find_header_row([*title[:-1], (limits.HEADER_SEARCH_ROWS, _form_header())]) == limits.HEADER_SEARCH_ROWS - 1
