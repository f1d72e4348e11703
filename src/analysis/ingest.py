"""Read the provinces' annual returns from data/raw/<year>/: find the header, rename.

Returns may be .xlsx/.xlsm, .xls, .ods or .csv (see analysis.readers). This stage only reads and
renames: every cell is kept as the reader gave it (text, number or None) for ``clean`` to parse.
Each row carries ``source_file``, ``source_row`` (the row number as the clerk's program shows it,
or the record of a CSV file), ``source_sheet`` ("" for CSV), ``source_kind`` ("sheet" or "csv")
and ``source_columns`` (internal column name -> 1-based column position), so each value leads
to its cell. Every file of the year's folder is accounted for: read, ignored with a note (lock
and hidden files), or named in a warning.
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
from openpyxl.utils import get_column_letter

from analysis import limits
from analysis.collection.settings import is_feedback_sheet, log_names
from analysis.config import RETURN_COLUMNS, relative_to_root
from analysis.files import escaped, sha256_file
from analysis.headers import HEADER_OF, NEAR_HEADER_MATCHES, REQUIRED, find_header_row, header_name, header_names
from analysis.quality import BadInput, Issue
from analysis.readers import RETURN_SUFFIXES, Sheet, is_blank, read_sheets
from analysis.reference import name_key
from analysis.totals import split_totals

#: Extra columns of the raw frame that say where each row came from.
SOURCE_COLUMNS = ["source_file", "source_row", "source_sheet", "source_kind", "source_columns"]
RAW_COLUMNS = [c.name for c in RETURN_COLUMNS] + SOURCE_COLUMNS
_INSTRUCTIONS_KEY = name_key("HƯỚNG DẪN ĐIỀN BÁO CÁO")


def shown_path(path: Path) -> str:
    """A file as named in messages: relative to the project root, the link itself (not its target), escaped."""
    path = Path(path)
    return escaped(f"{relative_to_root(path.parent)}/{path.name}")


def _no_header(sheets: list[Sheet], shown: str) -> BadInput:
    """The error for a file with no usable header row: columns missing, instructions sheet, or none."""
    best: tuple[int, int, set[str], Sheet] | None = None
    for sheet in sheets:
        for number, cells in sheet.rows[:limits.HEADER_SEARCH_ROWS]:
            names = header_names(cells)
            found = sum(name in names for name in REQUIRED)
            if found >= NEAR_HEADER_MATCHES and (best is None or found > best[0]):
                best = (found, number, names, sheet)
    if best is not None:
        _found, number, names, sheet = best
        issues = [Issue.make("error", "header.missing_column", shown, number, sheet=sheet.title,
                             header=HEADER_OF[name], name=name)
                  for name in REQUIRED if name not in names]
        return BadInput(*issues)
    if any(name_key(cell).startswith(_INSTRUCTIONS_KEY) for sheet in sheets
           for _n, cells in sheet.rows[:limits.HEADER_SEARCH_ROWS] for cell in cells if isinstance(cell, str)):
        return BadInput(Issue.make("error", "header.instructions", shown))
    return BadInput(Issue.make("error", "header.not_found", shown, rows=limits.HEADER_SEARCH_ROWS))


def _cell(pos: int, number: int) -> str:
    """The address a spreadsheet shows for a 0-based column position and a row number ("F5")."""
    return f"{get_column_letter(pos + 1)}{number}"


def frame_from_sheet(sheet: Sheet, shown: str) -> tuple[pd.DataFrame, list[Issue]]:
    """One sheet with a header row as the renamed frame (one row per unit row), and its warnings.

    Totals rows ("Tổng cộng") are checked against the rows above and left out (analysis.totals).
    Raises BadInput for a header that names a column twice or a sheet over the data-row limit.
    A text cell over limits.MAX_TEXT_CHARS is an error of its own (its value is cut in the frame).
    """
    rows = sheet.rows
    header_index = find_header_row(rows)
    if header_index is None:
        raise _no_header([sheet], shown)
    header_number, header = rows[header_index]
    title = sheet.title
    issues: list[Issue] = []
    positions: dict[str, int] = {}
    extras: dict[int, str] = {}
    for pos, cell in enumerate(header):
        name = header_name(cell)
        if name is None:
            if not is_blank(cell):
                extras[pos] = limits.shown_value(str(cell).strip())  # a header is named, never echoed whole
            continue
        if name in positions:
            raise BadInput(Issue.make("error", "header.duplicate", shown, header_number, name, str(cell), sheet=title,
                                      cell=_cell(pos, header_number)))
        positions[name] = pos
    data = rows[header_index + 1:]
    if len(data) > limits.MAX_DATA_ROWS:
        raise BadInput(Issue.make("error", "limit.rows", shown, sheet=title, limit=limits.MAX_DATA_ROWS))
    data, issues = split_totals(data, positions, shown, title)
    labelled = set(positions.values()) | set(extras)
    columns = {name: pos + 1 for name, pos in positions.items()}
    records = []
    for number, row in data:
        record: dict[str, object] = dict.fromkeys(RAW_COLUMNS)
        for name, pos in positions.items():
            value = row[pos] if pos < len(row) else None
            if isinstance(value, str) and len(value) > limits.MAX_TEXT_CHARS:
                issues.append(Issue.make("error", "limit.text", shown, number, name, value, sheet=title,
                                         cell=_cell(pos, number), length=len(value), limit=limits.MAX_TEXT_CHARS))
                value = value[:limits.MAX_TEXT_CHARS]
            record[name] = value
        record.update(source_file=shown, source_row=number, source_sheet=title, source_kind=sheet.kind,
                      source_columns=columns)
        records.append(record)
        for pos, label in extras.items():
            if pos < len(row) and not is_blank(row[pos]):
                issues.append(Issue.make("warning", "cell.extra_value", shown, number, label, str(row[pos]),
                                         sheet=title, cell=_cell(pos, number)))
        for pos, cell in enumerate(row):
            if pos not in labelled and not is_blank(cell):
                issues.append(Issue.make("warning", "cell.no_header", shown, number, f"column {pos + 1}", str(cell),
                                         sheet=title, cell=_cell(pos, number)))
    for pos, label in extras.items():
        issues.append(Issue.make("warning", "column.extra", shown, header_number, label, label, sheet=title,
                                 cell=_cell(pos, header_number)))
    return pd.DataFrame.from_records(records, columns=RAW_COLUMNS), issues


def read_return_file(path: Path, shown: str | None = None) -> tuple[pd.DataFrame, list[Issue]]:
    """One return file as a renamed frame (one row per unit row), and its warnings and notes.

    Every visible sheet with the return's header row is read (other sheets, such as the form's
    instructions, are skipped); a hidden sheet is never read, and one with the return's header row
    (often last year's figures) gets a note naming it. Raises BadInput for a file that cannot be used.
    """
    path = Path(path)
    shown = shown or shown_path(path)
    size = path.stat().st_size
    if size > limits.MAX_FILE_BYTES:
        raise BadInput(Issue.make("error", "file.too_large", shown, size=size, limit=limits.MAX_FILE_BYTES))
    issues: list[Issue] = []
    sheets = list(read_sheets(path, shown))
    frames = []
    for sheet in sheets:
        issues += sheet.issues
        if find_header_row(sheet.rows) is None or is_feedback_sheet(sheet.title, sheet.rows):
            continue  # e.g. the instruction sheet of the template, its hidden lists, a feedback workbook's problem list
        if sheet.hidden:
            issues.append(Issue.make("info", "sheet.hidden", shown, sheet=sheet.title, name=sheet.title))
            continue
        frame, more = frame_from_sheet(sheet, shown)
        frames.append(frame)
        issues += more
    if not frames:
        raise BadInput(*_no_header([s for s in sheets if not s.hidden], shown).issues, *issues)
    return pd.concat(frames, ignore_index=True), issues


def _is_lock(name: str) -> bool:
    return name.startswith("~$") or (name.startswith(".~lock.") and name.endswith("#"))


def _folder_entries(year_dir: Path) -> list[tuple[Path, Issue | None]]:
    """Every entry of one year's folder (sorted by name) with its note, warning or error; None for a return."""
    year_dir = Path(year_dir)
    raw_root = year_dir.resolve().parent
    entries = []
    for path in sorted(year_dir.iterdir(), key=lambda p: p.name):
        shown, name = shown_path(path), escaped(path.name)
        issue = None
        if _is_lock(path.name):
            issue = Issue.make("info", "file.lock", shown, name=name)
        elif path.name.startswith("."):
            issue = Issue.make("info", "file.hidden", shown, name=name)
        elif path.is_symlink() and not path.resolve().is_relative_to(raw_root):
            issue = Issue.make("error", "file.symlink_outside", shown, target=escaped(os.path.realpath(path)))
        elif path.is_dir():
            issue = Issue.make("warning", "file.folder", shown, name=name)
        elif path.name in log_names():  # the receipts and approvals logs the analyst keeps (analysis.collection)
            issue = Issue.make("info", "file.collection_log", shown, name=name)
        elif path.suffix.lower() in RETURN_SUFFIXES and path.is_file():
            pass
        elif path.name.lower().startswith("readme"):
            issue = Issue.make("info", "file.readme", shown, name=name)
        else:
            issue = Issue.make("warning", "file.not_return", shown, name=name)
        entries.append((path, issue))
    return entries


def year_folder_files(year_dir: Path) -> tuple[list[Path], list[Issue]]:
    """The return files of one year's folder (sorted) and a note or warning for every other entry.

    Office lock files and hidden files: a note (info). README files: a note. Sub-folders and
    files of any other type: a warning naming them. A symbolic link that leads outside the raw
    folder (the year folder's parent): an error, never followed.
    """
    entries = _folder_entries(year_dir)
    return [p for p, issue in entries if issue is None], [issue for _, issue in entries if issue is not None]


def other_files(year_dir: Path) -> list[dict]:
    """The entries of one year's folder that are not returns, for the provenance: each one's shown
    path, sha256 (None for a folder, a link leading outside the raw folder or a file that cannot be
    read) and what the build did with it (the code and severity of its note or warning)."""
    others = []
    for path, issue in _folder_entries(year_dir):
        if issue is None:
            continue
        digest = None
        if issue.code != "file.symlink_outside" and path.is_file():
            try:
                digest = sha256_file(path)
            except OSError:
                pass
        others.append({"file": issue.file, "sha256": digest, "code": issue.code, "severity": issue.severity})
    return others


def return_files(year_dir: Path) -> list[Path]:
    """The return files of one year's folder, sorted (see year_folder_files for the others)."""
    return year_folder_files(year_dir)[0]


def read_returns(year_dir: Path) -> tuple[pd.DataFrame, list[Issue], list[Path]]:
    """All returns of one year stacked (cells as read), the issues found, and the files read."""
    files, issues = year_folder_files(year_dir)
    frames = []
    for path in files:
        try:
            frame, more = read_return_file(path)
        except BadInput as bad:
            issues += bad.issues
            continue
        except OSError as exc:
            issues.append(Issue.make("error", "file.unreadable_entry", shown_path(path),
                                     reason=escaped(exc.strerror or type(exc).__name__)))
            continue
        frames.append(frame)
        issues += more
    raw = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=RAW_COLUMNS)
    return raw.astype(object), issues, files
