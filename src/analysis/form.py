"""The return form (.xlsx) a province fills in, written with openpyxl; also used for the sample files.

Sheet "Báo cáo": title rows with a report-date field, the header row (frozen), a printed grid of
rows to fill (thin borders, unit names and notes wrapped), data validation (a province drop-down of
the year's map, unit types, whole numbers >= 0, amounts >= 0). Sheet "Hướng dẫn": instructions in
Vietnamese, of the year's geography only. Sheet "Danh mục" (hidden): the province list the drop-down
reads. ``prefilled_workbook`` shows a province's previous figures above the header, beside the
columns to fill (a row the build never reads: it is above the header).
Workbooks are written byte-for-byte reproducibly (fixed document dates and zip timestamps).
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.worksheet.datavalidation import DataValidation

from analysis import reference
from analysis.config import RETURN_COLUMNS, UNIT_TYPE_PROVINCE, UNIT_TYPES, Column
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
#: Rows of the printed grid (thin borders) on a blank form: one A4 landscape page; filled rows beyond
#: it get the grid too.
GRID_ROWS = 15
THIN = Side(style="thin", color="808080")
GRID = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
#: Characters per line of a wrapped unit name at its column's width (to size a filled row's height).
WRAP_CHARS = WIDTHS["unit_name"] - 4
#: The report-date field: its label in A3, the date typed in C3 (the first wide column).
REPORT_DATE_ROW, REPORT_DATE_LABEL, REPORT_DATE_CELL = 3, "Ngày báo cáo:", "C3"
#: The previous year's figures of a pre-filled form: one row above the header (never read as data).
REFERENCE_FILL = PatternFill("solid", fgColor="EDEDED")

#: The instructions, by map: "vn63" (with the district columns) and "vn34" (no district level).
_INSTRUCTIONS_HEAD = [
    "HƯỚNG DẪN ĐIỀN BÁO CÁO NHÂN LỰC VÀ MẠNG LƯỚI CỘNG TÁC VIÊN KHUYẾN CÔNG",
    "",
    "1. Mỗi đơn vị khuyến công điền một dòng trên trang \"Báo cáo\", bắt đầu từ dòng {first}.",
    "   Không sửa, không xóa dòng tiêu đề cột (dòng {header}). Ghi ngày báo cáo vào ô {date_cell}.",
    "2. Năm: năm báo cáo (ví dụ {year}).",
    "3. Tỉnh/thành phố: chọn trong danh sách thả xuống ({n} tỉnh, thành phố của năm {year}).",
    "   Các Trung tâm khuyến công quốc gia (thuộc Cục Công Thương địa phương) để trống ô này.",
    "4. Loại đơn vị: \"tỉnh\" cho trung tâm cấp tỉnh, \"trung ương\" cho trung tâm quốc gia.",
]
_INSTRUCTIONS_BY_GEO = {
    "vn63": [
        "5. Các cột số người, số huyện, số xã: ghi số nguyên không âm. Để trống nếu không có số liệu.",
        "   Số cán bộ trực tiếp làm khuyến công tại cơ sở không được lớn hơn tổng số cán bộ.",
        "   Số huyện (xã) có cộng tác viên không được lớn hơn tổng số huyện (xã).",
        "6. Tổng số đơn vị cấp huyện, cấp xã: có thể để trống; khi đó dùng số liệu danh mục hành chính.",
    ],
    "vn34": [
        "5. Các cột số người, số xã: ghi số nguyên không âm. Để trống nếu không có số liệu.",
        "   Số cán bộ trực tiếp làm khuyến công tại cơ sở không được lớn hơn tổng số cán bộ.",
        "   Số xã có cộng tác viên không được lớn hơn tổng số xã (phường, đặc khu).",
        "6. Tổng số đơn vị cấp xã: có thể để trống; khi đó dùng số liệu danh mục hành chính.",
    ],
}
_INSTRUCTIONS_TAIL = [
    "7. Thù lao, phụ cấp cộng tác viên: tổng số tiền trong năm, đơn vị triệu đồng (ví dụ 1.250,5).",
    "8. Ghi chú: thông tin bổ sung (nếu có); nếu một số liệu thay đổi nhiều so với năm trước và là đúng,",
    "   ghi \"xác nhận: \" và lý do.",
    "",
    "Gửi tệp .xlsx này (hoặc tệp CSV mã hóa UTF-8 cùng các cột) về đơn vị tổng hợp.",
]


def instructions(geo: str) -> list[str]:
    """The instruction lines of a map's form (placeholders {first}, {header}, {year}, {n}, {date_cell})."""
    return _INSTRUCTIONS_HEAD + _INSTRUCTIONS_BY_GEO[geo] + _INSTRUCTIONS_TAIL


def form_columns(year: int) -> tuple[Column, ...]:
    """The columns of the year's form: from 2025 (34-province map) without the district columns."""
    if reference.geo_for_year(year) == "vn34":
        return tuple(c for c in RETURN_COLUMNS if not c.district_level)
    return RETURN_COLUMNS


def font(**style) -> Font:
    """The form's font (Arial, body size unless `size` is given) with any other style."""
    return Font(name=FONT_NAME, size=style.pop("size", BODY_SIZE), **style)


_font = font


def print_setup(sheet, title_rows: str | None) -> None:
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


_print_setup = print_setup


def _row_height(row: dict) -> float:
    """A filled row's height: enough lines for its wrapped unit name and notes at their widths."""
    lines = 1
    for name in WRAPPED:
        text = row.get(name)
        if text:
            lines = max(lines, -(-len(str(text)) // (WIDTHS[name] - 4)))
    return BODY_HEIGHT * lines


def return_workbook(year: int, rows: list[dict] | None = None, title: str | None = None,
                    reference_row: dict | None = None) -> Workbook:
    """The return form for one year as an openpyxl Workbook, with `rows` (dicts by column) filled in.

    `reference_row` (a pre-filled form, see prefilled_workbook) is written above the header row, in
    grey: the previous figures beside the cells to fill, never read as data.
    """
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
    header_row = HEADER_ROW + (1 if reference_row else 0)
    sheet.cell(row=REPORT_DATE_ROW, column=1, value=REPORT_DATE_LABEL).font = _font(bold=True)
    date_cell = sheet[REPORT_DATE_CELL]
    date_cell.number_format = "DD/MM/YYYY"
    date_cell.border = GRID
    date_cell.alignment = Alignment(horizontal="left")
    sheet.row_dimensions[REPORT_DATE_ROW].height = BODY_HEIGHT
    fill = PatternFill("solid", fgColor="DDEBF7")
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=header_row, column=index, value=column.header)
        cell.font = _font(bold=True)
        cell.fill = fill
        cell.border = GRID
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        dimension = sheet.column_dimensions[get_column_letter(index)]
        dimension.width = WIDTHS.get(column.name, NUMBER_WIDTH)
        if column.name in WRAPPED:  # a name typed below the grid wraps too
            dimension.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.row_dimensions[header_row].height = HEADER_HEIGHT
    sheet.freeze_panes = f"A{header_row + 1}"
    _print_setup(sheet, f"{header_row}:{header_row}")
    if reference_row:
        for index, column in enumerate(columns, start=1):
            cell = sheet.cell(row=HEADER_ROW, column=index, value=reference_row.get(column.name))
            cell.font = _font(italic=True)
            cell.fill = REFERENCE_FILL
            cell.border = GRID
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.row_dimensions[HEADER_ROW].height = _row_height(reference_row)

    lists = book.create_sheet("Danh mục")
    for index, name in enumerate(names, start=1):
        lists.cell(row=index, column=1, value=name)
    for index, unit_type in enumerate(UNIT_TYPES, start=1):
        lists.cell(row=index, column=2, value=unit_type)
    lists.sheet_state = "hidden"

    first, last = header_row + 1, header_row + max(FORM_ROWS, len(rows or []))
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
    for offset in range(max(GRID_ROWS, len(rows or []))):
        row = (rows or [])[offset] if offset < len(rows or []) else {}
        for index, column in enumerate(columns, start=1):
            value = row.get(column.name)
            cell = sheet.cell(row=first + offset, column=index, value=value)
            cell.border = GRID
            if value is not None:
                cell.font = _font()
            if column.name in WRAPPED:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        if row:
            sheet.row_dimensions[first + offset].height = _row_height(row)
    date_check = DataValidation(type="date", operator="greaterThan", formula1="36526", allow_blank=True,
                                showErrorMessage=True, errorTitle="Ngày báo cáo",
                                error="Ghi ngày theo dạng ngày/tháng/năm, ví dụ 15/01/2026.")
    sheet.add_data_validation(date_check)
    date_check.add(REPORT_DATE_CELL)
    sheet.auto_filter.ref = f"A{header_row}:{last_col}{header_row}"

    guide = book.create_sheet("Hướng dẫn", 1)
    for index, line in enumerate(instructions(geo), start=1):
        cell = guide.cell(row=index, column=1, value=line.format(first=first, header=header_row, year=year,
                                                                  n=len(names), date_cell=REPORT_DATE_CELL))
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

    stamp = _FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    return re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)", rb"\g<1>" + stamp + rb"\g<2>", xml)


def write_template(year: int, path: Path) -> Path:
    """Write the empty return form for `year` to `path` (.xlsx); returns the path."""
    save_reproducibly(return_workbook(year), Path(path))
    return Path(path)


#: The figures a pre-filled form shows from the previous year (additive: summed over merged provinces).
PREFILL_COLUMNS = ("staff_total", "staff_field", "districts_total", "districts_with_network",
                   "district_collaborators", "communes_total", "communes_with_network", "commune_collaborators",
                   "collaborator_pay_mvnd")


def previous_figures(units: pd.DataFrame, year: int, code: str) -> dict | None:
    """A province's figures of a previous year's units, on `year`'s map (summed through the 2025 crosswalk
    for a merged province; the commune and district totals left out across July 2025, when they were
    redrawn), as a reference row of the form; None when the province has no provincial unit then."""
    geo = reference.geo_for_year(year)
    provincial = units[units["unit_type"] == UNIT_TYPE_PROVINCE]
    if provincial.empty:
        return None
    from_year, from_geo = int(provincial["year"].iloc[0]), str(provincial["geo"].iloc[0])
    columns = list(PREFILL_COLUMNS)
    if from_geo == geo:
        mine = provincial[provincial["province_code"] == code]
        former = [code]
    elif (from_geo, geo) == ("vn63", "vn34"):
        crosswalk = reference.crosswalk()
        former = list(crosswalk.loc[crosswalk["code_vn34"] == code, "code_vn63"])
        mine = provincial[provincial["province_code"].isin(former)]
    else:
        raise ValueError(f"cannot show {from_year} figures on the {year} map")
    if mine.empty:
        return None
    sums = mine[columns].apply(pd.to_numeric).sum(min_count=1)
    row = {c: (None if pd.isna(v) else (round(float(v), 1) if c == "collaborator_pay_mvnd" else int(v)))
           for c, v in sums.items()}
    names = reference.provinces(from_geo).set_index("province_code")["province_name"]
    merged = [names[c] for c in former if c in set(mine["province_code"])]
    if from_geo != geo:
        row.update(communes_total=None, districts_total=None)
    note = f"Số liệu năm {from_year} để đối chiếu; dòng này không được đọc khi tổng hợp"
    if len(merged) > 1 or from_geo != geo:
        note += f" (cộng các tỉnh trước hợp nhất: {', '.join(merged)})"
    row.update(year=from_year, province=", ".join(merged), unit_name="; ".join(mine["unit_name"].astype(str)),
               unit_type=UNIT_TYPE_PROVINCE, notes=note)
    return row


def prefilled_workbook(year: int, code: str, previous_units: pd.DataFrame | None) -> Workbook:
    """The year's form for one province: its identity filled in (year, province, unit type, and the unit's
    name when it had one unit), the figures left to fill, and its previous figures (previous_figures) in a
    grey row above the header, beside the columns to fill."""
    province = reference.province(code, reference.geo_for_year(year))
    before = previous_figures(previous_units, year, code) if previous_units is not None else None
    row = {"year": year, "province": province.name, "unit_type": UNIT_TYPE_PROVINCE}
    if before and "; " not in before["unit_name"] and before["province"] == province.name:
        row["unit_name"] = before["unit_name"]
    title = f"SỞ CÔNG THƯƠNG {province.name.upper()} - BÁO CÁO NHÂN LỰC KHUYẾN CÔNG NĂM {year}"
    return return_workbook(year, [row], title=title, reference_row=before)
