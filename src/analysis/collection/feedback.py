"""Feedback workbooks: for each province with an error, a warning or an open check, its return with
every problem cell highlighted and commented in Vietnamese (the message and what to do), after a first
sheet listing every problem and the office's contact; for a province with no return, a reminder with
the empty form. The first sheet is named and marked (collection.yml ``feedback``) so that the corrected
workbook, sent back, builds as a return without edits (ingest skips the sheet; comments and fills are
never read).
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, PatternFill
from openpyxl.utils import get_column_letter

from analysis import form, messages, reference
from analysis.collection.settings import contact_lines, deadline, settings
from analysis.collection.status import OFFICE_CODES, needs_feedback
from analysis.ingest import read_return_file
from analysis.quality import Issue

#: Comments are sized for a message and its advice (points).
COMMENT_WIDTH, COMMENT_HEIGHT = 320, 160
#: Widths of the problem list's columns: sheet, cell, column, value, problem, what to do.
LIST_WIDTHS = (14, 8, 30, 16, 70, 60)


def advice(code: str, lang: str = "vi") -> str:
    """What the province should do about a message (messages.yml ``advice``, by code, then by its family)."""
    table = messages.catalogue()["advice"]
    entry = table.get(code) or table.get(code.split(".")[0]) or table["default"]
    return entry[lang]


def feedback_name(code: str, name: str, year: int) -> str:
    """The feedback workbook's file name: <code>-<slug>-phan-hoi-<year>.xlsx."""
    return f"{code}-{reference.province_slug(name)}-phan-hoi-{year}.xlsx"


def _problem_sheet(book: openpyxl.Workbook, title_lines: list[str], problems: list[dict]) -> None:
    """The first sheet: the marker line, the province and contact, then one row per problem."""
    marks = settings()["feedback"]
    sheet = book.create_sheet(marks["sheet"], 0)
    book.active = 0
    for other in book.worksheets[1:]:
        other.sheet_view.tabSelected = False
    lines = [f"{marks['marker']} (trang này do khuyencong tạo; không cần sửa, không được đọc khi tổng hợp)",
             *title_lines]
    for index, line in enumerate(lines, start=1):
        cell = sheet.cell(row=index, column=1, value=line)
        cell.font = form.font(bold=index == 1)
    header_row = len(lines) + 2
    headers = ["Trang", "Ô", "Cột", "Giá trị", "Vấn đề", "Cần làm"]
    for index, (text, width) in enumerate(zip(headers, LIST_WIDTHS), start=1):
        cell = sheet.cell(row=header_row, column=index, value=text)
        cell.font = form.font(bold=True)
        sheet.column_dimensions[get_column_letter(index)].width = width
    for offset, problem in enumerate(problems, start=1):
        values = [problem["sheet"], problem["cell"], problem["column"], problem["value"], problem["message"],
                  problem["advice"]]
        for index, value in enumerate(values, start=1):
            cell = sheet.cell(row=header_row + offset, column=index, value=value)
            cell.font = form.font()
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    form.print_setup(sheet, f"{header_row}:{header_row}")


def _mark(sheet, address: str, text: str) -> None:
    """Highlight a cell and attach the comment (several problems of one cell share it)."""
    cell = sheet[address]
    cell.fill = PatternFill("solid", fgColor=settings()["feedback"]["fill"])
    if cell.comment is not None:
        text = f"{cell.comment.text}\n\n{text}"
    comment = Comment(text, "khuyencong")
    comment.width, comment.height = COMMENT_WIDTH, COMMENT_HEIGHT
    cell.comment = comment


def _places(path: Path) -> pd.DataFrame | None:
    """The raw rows of a return (sheet, row, column positions), or None when the file cannot be read."""
    try:
        return read_return_file(path)[0]
    except Exception:  # noqa: BLE001 - a file that cannot be read gets its problems listed without cells
        return None


def _cell_of(raw: pd.DataFrame | None, file: str, row: int | None, column: str) -> tuple[str, str] | None:
    """(sheet, cell) of an issue in the file as read, e.g. ("Báo cáo", "F5"); None when it has no cell."""
    if raw is None or row is None:
        return None
    hit = raw[(raw["source_file"] == file) & (raw["source_row"] == row)]
    if hit.empty:
        return None
    record = hit.iloc[0]
    name = "province" if column == "province_name" else column
    position = (record["source_columns"] or {}).get(name)
    if not position:
        return None
    return record["source_sheet"], f"{get_column_letter(position)}{row}"


def _problem(issue: Issue, place: tuple[str, str] | None) -> dict:
    return {"sheet": place[0] if place else "", "cell": place[1] if place else "",
            "column": messages.column_label(issue.column, "vi") if issue.column else "", "value": issue.value,
            "message": issue.message_in("vi"), "advice": advice(issue.code, "vi")}


def _copy_or_form(year: int, code: str, paths: list[Path], issues: list[Issue]) -> tuple[openpyxl.Workbook, dict]:
    """The workbook to send back and where each issue's cell is in it: the province's own .xlsx when it sent
    one file holding only its rows, else the year's form filled with its rows as read."""
    if len(paths) == 1 and paths[0].suffix.lower() in (".xlsx", ".xlsm"):
        raw = _places(paths[0])
        if raw is not None and _only_province(raw, code, year):
            book = openpyxl.load_workbook(paths[0])
            return book, {id(i): _cell_of(raw, i.file, i.row, i.column) for i in issues}
    rows, places = [], {}
    raws = {p: _places(p) for p in paths}
    for raw in raws.values():
        if raw is None:
            continue
        for record in raw.to_dict("records"):
            if _row_province(record, year) == code:
                rows.append(record)
    book = form.return_workbook(year, [{k: r[k] for k in r if not k.startswith("source_")} for r in rows])
    letters = {c.name: get_column_letter(n) for n, c in enumerate(form.form_columns(year), start=1)}
    at = {(r["source_file"], int(r["source_row"])): form.HEADER_ROW + 1 + n for n, r in enumerate(rows)}
    for issue in issues:
        name = "province" if issue.column == "province_name" else issue.column
        line = at.get((issue.file, issue.row))
        places[id(issue)] = (form.DATA_SHEET, f"{letters[name]}{line}") if line and name in letters else None
    return book, places


def _row_province(record: dict, year: int) -> str | None:
    try:
        return reference.match_province(str(record["province"]), year).code if record["province"] else None
    except reference.ProvinceNotFound:
        return None


def _only_province(raw: pd.DataFrame, code: str, year: int) -> bool:
    found = {_row_province(r, year) for r in raw.to_dict("records")}
    return found <= {code, None}


def feedback_workbook(year: int, code: str, year_dir: Path, file_names: list[str], issues: list[Issue]) -> openpyxl.Workbook:
    """One province's feedback workbook (see the module's docstring); `issues` are its problems."""
    name = reference.province(code, reference.geo_for_year(year)).name
    due = deadline(year)
    contact = "; ".join(contact_lines("vi"))
    if not file_names:
        book = form.return_workbook(year)
        lines = [f"{name}: chưa nhận được báo cáo năm {year}.",
                 f"Đề nghị điền trang \"{form.DATA_SHEET}\" và gửi về: {contact}"
                 + (f", hạn {due.date.strftime('%d/%m/%Y')}." if due else ".")]
        _problem_sheet(book, lines, [])
        return book
    paths = [Path(year_dir) / n for n in file_names]
    book, places = _copy_or_form(year, code, paths, issues)
    problems = []
    for issue in issues:
        place = places.get(id(issue))
        if place and place[0] in book.sheetnames:
            _mark(book[place[0]], place[1], f"{issue.message_in('vi')}\nCần làm: {advice(issue.code, 'vi')}")
        problems.append(_problem(issue, place))
    lines = [f"{name}: {len(problems)} vấn đề trong báo cáo năm {year} ({', '.join(file_names)}).",
             "Các ô có vấn đề được tô màu và có ghi chú. Sửa trực tiếp trong tệp này và gửi lại cả tệp"
             " (không cần xóa trang này); nếu số liệu đúng, ghi \"xác nhận: ...\" vào cột Ghi chú.",
             f"Liên hệ: {contact}"]
    _problem_sheet(book, lines, problems)
    return book


def write_feedback(year: int, year_dir: Path, table: pd.DataFrame, issues: list[Issue], owners: list[str | None],
                   out_dir: Path) -> list[Path]:
    """Write one feedback workbook per province that needs one (status.needs_feedback); returns the paths."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for row in table.itertuples(index=False):
        series = pd.Series(row._asdict())
        if not needs_feedback(series):
            continue
        mine = [i for i, c in zip(issues, owners) if c == row.province_code and i.severity != "info"
                and not i.code.startswith(OFFICE_CODES) and not (i.severity == "check" and i.params.get("confirmation"))]
        names = [n for n in row.files.split("; ") if n]
        book = feedback_workbook(year, row.province_code, year_dir, names, mine)
        path = out_dir / feedback_name(row.province_code, row.province_name, year)
        form.save_reproducibly(book, path)
        written.append(path)
    return written
