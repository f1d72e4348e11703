"""The return form (.xlsx) a province fills in, written with openpyxl; also used for the sample files.

Sheet "Báo cáo": title rows, the header row (frozen), data validation (a province drop-down of
the year's map, unit types, whole numbers >= 0, amounts >= 0). Sheet "Hướng dẫn": instructions
in Vietnamese. Sheet "Danh mục" (hidden): the province list the drop-down reads.
Workbooks are written byte-for-byte reproducibly (fixed document dates and zip timestamps).
"""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.worksheet.datavalidation import DataValidation

from analysis import reference
from analysis.config import RETURN_COLUMNS, UNIT_TYPES, Column
from analysis.files import atomic_write_bytes

DATA_SHEET = "Báo cáo"
HEADER_ROW = 4
#: Rows of the form that carry data validation (a consolidated workbook rarely needs more).
FORM_ROWS = 200
_FIXED_TIME = datetime(2022, 1, 1)
#: One font family on every cell: Arial is on every Windows and macOS Excel, and LibreOffice maps it
#: to the metric-compatible Liberation Sans; both cover Vietnamese (tone marks, ơ, ư, đ).
FONT_NAME = "Arial"
BODY_SIZE, TITLE_SIZE = 11, 13
#: Row heights in points that leave room for stacked tone marks (ế, ở) above capitals.
TITLE_HEIGHT, BODY_HEIGHT, HEADER_HEIGHT = 24, 18, 96
#: Column widths (characters) by kind of column: a full unit name (wrapped), a province, numbers.
WIDTHS = {"unit_name": 48, "province": 20, "unit_type": 13, "notes": 32, "year": 8}
NUMBER_WIDTH = 12
#: Text columns whose cells wrap (their rows then grow to show the whole text).
WRAPPED = ("unit_name", "notes")
#: Width of the instructions column (characters): wraps inside an A4 landscape page.
GUIDE_WIDTH = 120

INSTRUCTIONS = [
    "HƯỚNG DẪN ĐIỀN BÁO CÁO NHÂN LỰC VÀ MẠNG LƯỚI CỘNG TÁC VIÊN KHUYẾN CÔNG",
    "",
    "1. Mỗi đơn vị khuyến công điền một dòng trên trang \"Báo cáo\", bắt đầu từ dòng {first}.",
    "   Không sửa, không xóa dòng tiêu đề cột (dòng {header}).",
    "2. Năm: năm báo cáo (ví dụ {year}).",
    "3. Tỉnh/thành phố: chọn trong danh sách thả xuống ({n} tỉnh, thành phố của năm {year}).",
    "   Các Trung tâm khuyến công quốc gia (thuộc Cục Công Thương địa phương) để trống ô này.",
    "4. Loại đơn vị: \"tỉnh\" cho trung tâm cấp tỉnh, \"trung ương\" cho trung tâm quốc gia.",
    "5. Các cột số người, số huyện, số xã: ghi số nguyên không âm. Để trống nếu không có số liệu.",
    "   Số cán bộ trực tiếp làm khuyến công tại cơ sở không được lớn hơn tổng số cán bộ.",
    "   Số huyện (xã) có cộng tác viên không được lớn hơn tổng số huyện (xã).",
    "6. Tổng số đơn vị cấp huyện, cấp xã: có thể để trống; khi đó dùng số liệu danh mục hành chính.",
    "7. Thù lao, phụ cấp cộng tác viên: tổng số tiền trong năm, đơn vị triệu đồng (ví dụ 1.250,5).",
    "{district_line}",
    "9. Ghi chú: thông tin bổ sung (nếu có).",
    "",
    "Gửi tệp .xlsx này (hoặc tệp CSV mã hóa UTF-8 cùng các cột) về đơn vị tổng hợp.",
]


def form_columns(year: int) -> tuple[Column, ...]:
    """The columns of the year's form: from 2025 (34-province map) without the district columns."""
    if reference.geo_for_year(year) == "vn34":
        return tuple(c for c in RETURN_COLUMNS if not c.district_level)
    return RETURN_COLUMNS


def _font(**style) -> Font:
    return Font(name=FONT_NAME, size=style.pop("size", BODY_SIZE), **style)


def _print_setup(sheet, title_rows: str | None) -> None:
    """A4 landscape, fitted to one page wide (as many pages tall as needed), header rows repeated."""
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.page_margins.top = sheet.page_margins.bottom = 0.5
    if title_rows:
        sheet.print_title_rows = title_rows


def return_workbook(year: int, rows: list[dict] | None = None, title: str | None = None) -> Workbook:
    """The return form for one year as an openpyxl Workbook, with `rows` (dicts by column) filled in."""
    geo = reference.geo_for_year(year)
    names = list(reference.provinces(geo)["province_name"])
    columns = form_columns(year)
    book = Workbook()
    book._fonts = IndexedList([_font()])  # the default font of every cell without a style of its own
    book._named_styles["Normal"].font = _font()
    sheet = book.active
    sheet.title = DATA_SHEET
    last_col = get_column_letter(len(columns))
    sheet["A1"] = title or f"BÁO CÁO NHÂN LỰC VÀ MẠNG LƯỚI CỘNG TÁC VIÊN KHUYẾN CÔNG NĂM {year}"
    sheet["A1"].font = _font(bold=True, size=TITLE_SIZE)
    sheet.row_dimensions[1].height = TITLE_HEIGHT
    sheet["A2"] = "(Kèm theo hướng dẫn tại trang \"Hướng dẫn\")"
    sheet["A2"].font = _font(italic=True)
    sheet.row_dimensions[2].height = BODY_HEIGHT
    fill = PatternFill("solid", fgColor="DDEBF7")
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=HEADER_ROW, column=index, value=column.header)
        cell.font = _font(bold=True)
        cell.fill = fill
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        sheet.column_dimensions[get_column_letter(index)].width = WIDTHS.get(column.name, NUMBER_WIDTH)
    sheet.row_dimensions[HEADER_ROW].height = HEADER_HEIGHT
    sheet.freeze_panes = f"A{HEADER_ROW + 1}"
    _print_setup(sheet, f"{HEADER_ROW}:{HEADER_ROW}")

    lists = book.create_sheet("Danh mục")
    for index, name in enumerate(names, start=1):
        lists.cell(row=index, column=1, value=name)
    for index, unit_type in enumerate(UNIT_TYPES, start=1):
        lists.cell(row=index, column=2, value=unit_type)
    lists.sheet_state = "hidden"

    first, last = HEADER_ROW + 1, HEADER_ROW + max(FORM_ROWS, len(rows or []))
    letter = {c.name: get_column_letter(i) for i, c in enumerate(columns, start=1)}
    province = DataValidation(type="list", formula1=f"'Danh mục'!$A$1:$A${len(names)}", allow_blank=True,
                              showErrorMessage=True, errorTitle="Tỉnh/thành phố",
                              error=f"Chọn một tỉnh, thành phố của năm {year} trong danh sách.")
    unit_type = DataValidation(type="list", formula1=f"'Danh mục'!$B$1:$B${len(UNIT_TYPES)}",
                               allow_blank=True, showErrorMessage=True, error="Chọn 'tỉnh' hoặc 'trung ương'.")
    whole = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                           showErrorMessage=True, error="Ghi một số nguyên không âm.")
    amount = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                            showErrorMessage=True, error="Ghi một số không âm (triệu đồng).")
    year_check = DataValidation(type="whole", operator="equal", formula1=str(year), allow_blank=True,
                                showErrorMessage=True, errorTitle="Năm",
                                error=f"Mẫu này dành cho báo cáo năm {year}: ghi {year}.")
    for validation in (province, unit_type, whole, amount, year_check):
        sheet.add_data_validation(validation)
    province.add(f"{letter['province']}{first}:{letter['province']}{last}")
    unit_type.add(f"{letter['unit_type']}{first}:{letter['unit_type']}{last}")
    year_check.add(f"{letter['year']}{first}:{letter['year']}{last}")
    amount.add(f"{letter['collaborator_pay_mvnd']}{first}:{letter['collaborator_pay_mvnd']}{last}")
    for column in columns:
        if column.kind == "int" and column.name != "year":
            whole.add(f"{letter[column.name]}{first}:{letter[column.name]}{last}")
    for offset, row in enumerate(rows or []):
        for index, column in enumerate(columns, start=1):
            value = row.get(column.name)
            if value is not None:
                cell = sheet.cell(row=first + offset, column=index, value=value)
                cell.font = _font()
                if column.name in WRAPPED:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.auto_filter.ref = f"A{HEADER_ROW}:{last_col}{HEADER_ROW}"

    guide = book.create_sheet("Hướng dẫn", 1)
    district_line = ("8. Từ ngày 1/7/2025 không còn cấp huyện: mẫu này không có các cột về cấp huyện."
                     if geo == "vn34" else "8. Từ năm 2025 không còn cấp huyện: để trống ba cột về cấp huyện.")
    for index, line in enumerate(INSTRUCTIONS, start=1):
        cell = guide.cell(row=index, column=1, value=line.format(first=first, header=HEADER_ROW, year=year,
                                                                  n=len(names), district_line=district_line))
        cell.font = _font(bold=index == 1, size=TITLE_SIZE if index == 1 else BODY_SIZE)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if index == 1:
            guide.row_dimensions[index].height = TITLE_HEIGHT  # others grow with their wrapped text
    guide.column_dimensions["A"].width = GUIDE_WIDTH
    _print_setup(guide, None)
    book.properties.creator = "khuyencong"
    book.properties.created = _FIXED_TIME
    book.properties.modified = _FIXED_TIME
    return book


def save_reproducibly(book: Workbook, path: Path) -> None:
    """Save a workbook so the same content always gives the same bytes, atomically."""
    buffer = io.BytesIO()
    book.save(buffer)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps "modified" with the clock
                data = _fixed_core_dates(data)
            fixed = zipfile.ZipInfo(info.filename, date_time=_FIXED_TIME.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, data)
    atomic_write_bytes(Path(path), out.getvalue())


def _fixed_core_dates(xml: bytes) -> bytes:
    import re

    stamp = _FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    return re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)", rb"\g<1>" + stamp + rb"\g<2>", xml)


def write_template(year: int, path: Path) -> Path:
    """Write the empty return form for `year` to `path` (.xlsx); returns the path."""
    save_reproducibly(return_workbook(year), Path(path))
    return Path(path)
