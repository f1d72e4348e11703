"""Read the provinces' annual returns (.xlsx and .csv) from data/raw/<year>/: find the header, rename.

This stage only reads and renames: every cell is kept as the reader gave it (text, number or
None) for ``clean`` to parse. Each row carries ``source_file`` and ``source_row`` (the row
number as Excel shows it, or the line of a CSV file).
"""

from __future__ import annotations

import csv
import io
import itertools
import unicodedata
import zipfile
from pathlib import Path

import pandas as pd

from analysis.config import RETURN_COLUMNS, relative_to_root
from analysis.quality import BadInput, Issue
from analysis.reference import name_key

#: How many rows above the header (title rows of an official form) are searched.
HEADER_SEARCH_ROWS = 30
#: Files larger than this are refused rather than read (a return is a few kilobytes).
MAX_FILE_BYTES = 20 * 1024 * 1024
#: Rows past this in one sheet are refused (a consolidated national workbook has ~70).
MAX_ROWS = 5000
#: Uncompressed size limit of an .xlsx archive (guards against zip bombs).
MAX_XLSX_UNCOMPRESSED = 200 * 1024 * 1024
SUFFIXES = (".xlsx", ".csv")
#: CSV delimiters tried, in order: Excel's "CSV UTF-8", a Vietnamese-locale Excel (";"), tab.
CSV_DELIMITERS = (",", ";", "\t")

_HEADER_KEYS: dict[str, str] = {}
for _c in RETURN_COLUMNS:
    _HEADER_KEYS[name_key(_c.header)] = _c.name
    _HEADER_KEYS[name_key(_c.name)] = _c.name
_REQUIRED = [c.name for c in RETURN_COLUMNS if c.required]


def header_name(cell: object) -> str | None:
    """Internal column name of a header cell, ignoring case, spacing and diacritics; None if unknown."""
    if cell is None:
        return None
    return _HEADER_KEYS.get(name_key(cell))


def find_header_row(rows: list[list[object]]) -> int | None:
    """Index (0-based) of the first row that holds the return's required headers, or None."""
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        names = {header_name(cell) for cell in row}
        if all(name in names for name in _REQUIRED):
            return index
    return None


def _is_blank(cell: object) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _frame_from_rows(rows: list[list[object]], shown: str, first_row_number: int = 1,
                     ) -> tuple[pd.DataFrame, list[Issue]]:
    """Turn one sheet's rows into the renamed frame; first_row_number is the number of rows[0]."""
    header_index = find_header_row(rows)
    if header_index is None:
        raise BadInput(Issue("error", shown, None, "", "",
                             "no header row with the return's columns (Năm, Đơn vị, Loại đơn vị, "
                             "Tổng số cán bộ..., Số cán bộ trực tiếp...) in the first "
                             f"{HEADER_SEARCH_ROWS} rows; use `khuyencong template` for the form"))
    header = rows[header_index]
    issues: list[Issue] = []
    positions: dict[str, int] = {}
    extras: dict[int, str] = {}
    for pos, cell in enumerate(header):
        name = header_name(cell)
        if name is None:
            if not _is_blank(cell):
                extras[pos] = str(cell).strip()
            continue
        if name in positions:
            raise BadInput(Issue("error", shown, first_row_number + header_index, name, str(cell),
                                 "this column appears twice in the header row"))
        positions[name] = pos
    labelled = set(positions.values()) | set(extras)
    records = []
    for offset, row in enumerate(rows[header_index + 1:], start=header_index + 1):
        if all(_is_blank(cell) for cell in row):
            continue
        record: dict[str, object] = {c.name: None for c in RETURN_COLUMNS}
        for name, pos in positions.items():
            record[name] = row[pos] if pos < len(row) else None
        record["source_file"] = shown
        record["source_row"] = first_row_number + offset
        records.append(record)
        for pos, label in extras.items():
            if pos < len(row) and not _is_blank(row[pos]):
                issues.append(Issue("warning", shown, first_row_number + offset, label, str(row[pos]),
                                    "column not in the return form; value kept here, not used"))
        for pos, cell in enumerate(row):
            if pos not in labelled and not _is_blank(cell):
                issues.append(Issue("warning", shown, first_row_number + offset, f"column {pos + 1}", str(cell),
                                    "value in a column with no header; value kept here, not used"))
    for label in extras.values():
        issues.append(Issue("warning", shown, first_row_number + header_index, label, label,
                            "extra column not in the return form; its values are listed in the quality report"))
    columns = [c.name for c in RETURN_COLUMNS] + ["source_file", "source_row"]
    return pd.DataFrame.from_records(records, columns=columns), issues


def _decode_csv(data: bytes, shown: str) -> tuple[str, list[Issue]]:
    """CSV bytes as text: UTF-8 (BOM or not), UTF-16 with BOM, or verified Windows-1258."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), []
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        utf8_error = exc
    # Vietnamese Windows code page: accepted only if the header then reads exactly as the form's
    # (with its diacritics), which a wrong guess cannot produce.
    try:
        text = unicodedata.normalize("NFC", data.decode("cp1258"))
    except UnicodeDecodeError:
        text = ""
    rows = [row for delimiter in CSV_DELIMITERS
            for row in itertools.islice(csv.reader(io.StringIO(text), delimiter=delimiter), HEADER_SEARCH_ROWS)
            ] if text else []
    canonical = {unicodedata.normalize("NFC", c.header).casefold() for c in RETURN_COLUMNS}
    for row in rows:
        cells = {str(c).strip().casefold() for c in row}
        if sum(cell in canonical for cell in cells) >= len(_REQUIRED):
            return text, [Issue("warning", shown, None, "", "cp1258",
                                "file is not UTF-8; decoded as Windows-1258 (Vietnamese), headers verified")]
    raise BadInput(Issue("error", shown, None, "", f"byte 0x{data[utf8_error.start]:02x} at offset {utf8_error.start}",
                         "file is not UTF-8 and is not Windows-1258 with the form's headers; "
                         "save it as 'CSV UTF-8' and send it again"))


def read_csv_rows(path: Path, shown: str) -> tuple[list[list[object]], list[Issue]]:
    """Rows of a CSV file as lists of strings, and any decoding warning."""
    text, issues = _decode_csv(path.read_bytes(), shown)
    text = unicodedata.normalize("NFC", text)
    # The delimiter is the one under which the form's header row appears (csv.Sniffer guesses
    # wrong on the form's headers, which contain commas, and on ";" files saved by a Vietnamese Excel).
    first_rows = None
    for delimiter in CSV_DELIMITERS:
        try:
            rows = [list(r) for r in csv.reader(io.StringIO(text), csv.excel, delimiter=delimiter)]
        except csv.Error as exc:
            raise BadInput(Issue("error", shown, None, "", "", f"not a readable CSV file: {exc}")) from exc
        if find_header_row(rows) is not None:
            return rows, issues
        first_rows = rows if first_rows is None else first_rows
    return first_rows, issues


def read_xlsx_sheets(path: Path, shown: str) -> list[tuple[str, list[list[object]]]]:
    """(sheet title, rows) of every worksheet of an .xlsx file, read safely with openpyxl."""
    import openpyxl  # defusedxml, when installed, makes openpyxl's XML parsing safe

    try:
        with zipfile.ZipFile(path) as archive:
            size = sum(info.file_size for info in archive.infolist())
        if size > MAX_XLSX_UNCOMPRESSED:
            raise BadInput(Issue("error", shown, None, "", f"{size} bytes uncompressed",
                                 "workbook is far larger than a return; refused"))
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except BadInput:
        raise
    except Exception as exc:  # any malformed workbook: an error for this file, not a crash
        raise BadInput(Issue("error", shown, None, "", type(exc).__name__,
                             f"not a readable .xlsx workbook: {str(exc).splitlines()[0] if str(exc) else exc!r}"
                             )) from exc
    sheets = []
    try:
        for sheet in book.worksheets:
            # read-only mode trusts the sheet's stored <dimension>, which some programs write as
            # "A1" or leave stale; without this, rows and columns past it would be silently cut off
            sheet.reset_dimensions()
            rows = []
            for row in sheet.iter_rows(values_only=True):
                rows.append(list(row))
                if len(rows) > MAX_ROWS:
                    raise BadInput(Issue("error", shown, None, "", sheet.title,
                                         f"sheet has more than {MAX_ROWS} rows; refused"))
            sheets.append((sheet.title, rows))
    except BadInput:
        raise
    except Exception as exc:
        raise BadInput(Issue("error", shown, None, "", type(exc).__name__,
                             f"workbook could not be read: {exc}")) from exc
    finally:
        book.close()
    return sheets


def read_return_file(path: Path) -> tuple[pd.DataFrame, list[Issue]]:
    """One return file as a renamed frame (one row per data row), and its warnings.

    Raises BadInput for a file that cannot be used at all.
    """
    shown = relative_to_root(path)
    if path.stat().st_size > MAX_FILE_BYTES:
        raise BadInput(Issue("error", shown, None, "", f"{path.stat().st_size} bytes",
                             "file is far larger than a return; refused"))
    if path.suffix.lower() == ".csv":
        rows, issues = read_csv_rows(path, shown)
        frame, more = _frame_from_rows(rows, shown)
        return frame, issues + more
    frames, issues = [], []
    for _title, rows in read_xlsx_sheets(path, shown):
        if find_header_row(rows) is None:
            continue  # e.g. the instruction sheet of the template
        frame, more = _frame_from_rows(rows, shown)
        frames.append(frame)
        issues += more
    if not frames:
        _frame_from_rows([], shown)  # raises the "no header row" error
    return pd.concat(frames, ignore_index=True), issues


def return_files(year_dir: Path) -> list[Path]:
    """The .xlsx and .csv files of one year's folder, sorted; temporary Excel lock files skipped."""
    return sorted(p for p in Path(year_dir).iterdir()
                  if p.is_file() and p.suffix.lower() in SUFFIXES and not p.name.startswith(("~$", ".")))


def read_returns(year_dir: Path) -> tuple[pd.DataFrame, list[Issue], list[Path]]:
    """All returns of one year stacked (cells as read), the issues found, and the files read."""
    files = return_files(year_dir)
    frames, issues = [], []
    for path in files:
        try:
            frame, more = read_return_file(path)
        except BadInput as bad:
            issues.append(bad.issue)
            continue
        frames.append(frame)
        issues += more
    columns = [c.name for c in RETURN_COLUMNS] + ["source_file", "source_row"]
    raw = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=columns)
    return raw.astype(object), issues, files
