"""Problems found while reading and checking returns: one record each, printed like a compiler.

Each Issue carries a message code and its values (``code``, ``params``), so a report can render it
in Vietnamese or English from the catalogue (analysis/messages.yml); ``message`` is the English
text and ``str(issue)`` the one-line form ``file:row: severity: sheet 'X', cell F5: column: message``;
``issue.line(lang)`` is that line in Vietnamese or English, as `khuyencong build` prints it (the
Vietnamese one names the column by the form's header). File name and message are escaped: no control
character reaches a terminal.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields

import pandas as pd

from analysis.files import escaped, json_dumps
from analysis.limits import shown_value
from analysis.messages import cell_place, column_header, render, severity_word

SEVERITIES = ("error", "warning", "check", "info")


@dataclass(frozen=True)
class Issue:
    """One problem: where it is (file, row as the clerk's program shows it, column), the value, what is wrong."""

    severity: str
    file: str
    row: int | None
    column: str
    value: str
    message: str
    code: str = ""
    params: dict = field(default_factory=dict, compare=False, hash=False)
    #: The workbook's sheet the issue is about ("" for a CSV file or a whole file) and the cell ("F5").
    sheet: str = ""
    cell: str = ""

    @classmethod
    def make(cls, severity: str, code: str, file: str, row: int | None = None, column: str = "",
             value: object = "", *, sheet: object = "", cell: object = "", **params: object) -> Issue:
        """An Issue whose message is the English rendering of `code` with its params.

        `value` is the cell's text (cut to limits.SHOWN_VALUE_CHARS and escaped); it is also a
        param, as are `column` and the build `file` row context given in **params. `sheet` and
        `cell` say where in a workbook (a CSV file: no sheet, the cell as a spreadsheet shows it).
        """
        shown = shown_value(value)
        values = {"value": shown, "column": column, **{k: _plain(v) for k, v in params.items()}}
        return cls(severity, file, row, column, shown, render(code, values, "en"), code, values,
                   "" if sheet is None else str(sheet), "" if cell is None else str(cell))

    def message_in(self, lang: str) -> str:
        """This issue's message in `lang` ("vi" or "en"); the stored English text when it has no code."""
        return message_in(self.code, self.params, lang, self.message)

    def line(self, lang: str = "en") -> str:
        """The one line `khuyencong build` prints, in `lang`: ``file:row: severity: place: column: message``,
        the place the sheet and cell (a CSV file: the column letter), the column its internal name in
        English and the form's header in Vietnamese."""
        where = escaped(self.file) + (f":{self.row}" if self.row is not None else "")
        parts = [where, severity_word(self.severity, lang)]
        if self.sheet or self.cell:
            parts.append(escaped(cell_place(self.sheet, self.cell, lang)))
        if self.column:
            parts.append(escaped(column_header(self.column) if lang == "vi" else self.column))
        return ": ".join(parts) + ": " + escaped(self.message_in(lang))

    def __str__(self) -> str:
        return self.line("en")


def _plain(value: object) -> object:
    """A param as JSON can hold it (lists and numbers kept; anything else as text)."""
    if isinstance(value, (list, tuple)):
        return ", ".join(map(str, value))
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


#: Columns of quality.csv: the Issue's fields (params as JSON text).
QUALITY_COLUMNS = tuple(f.name for f in fields(Issue))


def message_in(code: object, params: object, lang: str, fallback: str = "") -> str:
    """A quality.csv row's message in `lang` from its `code` and `params` (a dict or its JSON text).

    For a row without a code (an older quality.csv), `fallback` (the English message) is returned.
    This is what a report calls to show a build problem in Vietnamese.
    """
    if not isinstance(code, str) or not code:
        return fallback
    return render(code, params_of(params), lang)


def params_of(params: object) -> dict:
    """A quality row's params as a dict: a dict as it is, its JSON text parsed, anything else (blank,
    missing) empty."""
    if isinstance(params, dict):
        return params
    return json.loads(params) if isinstance(params, str) and params else {}


class BadInput(Exception):
    """Raised by a reader for a whole file that cannot be used; carries its Issue(s), first in `issue`."""

    def __init__(self, issue: Issue, *more: Issue):
        super().__init__(str(issue))
        self.issue = issue
        self.issues = [issue, *more]


def issues_frame(issues: list[Issue]) -> pd.DataFrame:
    """The issues as the quality.csv table: errors, warnings, checks, notes; then by file and row.

    ``params`` is JSON text (strict: no NaN); ``row`` is Int64 with <NA> for file-level issues.
    """
    records = []
    for issue in issues:
        record = asdict(issue)
        record["params"] = json_dumps(issue.params, indent=None, sort_keys=True)
        records.append(record)
    frame = pd.DataFrame(records, columns=list(QUALITY_COLUMNS))
    order = {s: n for n, s in enumerate(SEVERITIES)}
    frame["row"] = frame["row"].astype("Int64")
    return (frame.assign(_o=frame["severity"].map(order))
            .sort_values(["_o", "file", "row"], kind="stable", na_position="first")
            .drop(columns="_o").reset_index(drop=True))


def sorted_issues(issues: list[Issue], column_order: list[str] | tuple[str, ...] = ()) -> list[Issue]:
    """Issues sorted by file, row (file-level first), then column in `column_order`, stable otherwise."""
    rank = {name: n for n, name in enumerate(column_order)}
    return sorted(issues, key=lambda i: (i.file, -1 if i.row is None else i.row, rank.get(i.column, len(rank))))


def count(issues: list[Issue], severity: str) -> int:
    """How many issues have this severity."""
    return sum(1 for i in issues if i.severity == severity)


def quality_with_province(quality: pd.DataFrame, units: pd.DataFrame) -> pd.DataFrame:
    """A copy of the quality rows with a first column `province`: the province (or national centre)
    of the unit read from the same file and row, else of the same file, else "".
    """
    who = units.assign(who=units["province_name"].fillna(units["unit_name"]))
    by_row = {(f, int(r)): w for f, r, w in zip(who["source_file"], who["source_row"], who["who"])}
    by_file = who.drop_duplicates("source_file").set_index("source_file")["who"]
    out = quality.copy()
    names = [by_row.get((f, int(r))) if not pd.isna(r) else None for f, r in zip(out["file"], out["row"])]
    out.insert(0, "province", [n if n is not None else by_file.get(f, "") for n, f in zip(names, out["file"])])
    return out


def quality_with_cells(quality: pd.DataFrame, cells: pd.DataFrame) -> pd.DataFrame:
    """A copy of the quality rows with `sheet` and `cell` (e.g. "Báo cáo", "F5") of the cell each row
    is about: cells.parquet's (matched on file, row and column), else the build's own (quality.csv's
    columns, when it has them); NA where there is none (a file-level note, a column outside the form)."""
    places = cells[cells["cell"].notna()].drop_duplicates(["source_file", "source_row", "column"])
    places = places.rename(columns={"source_file": "file", "source_row": "row"})[["file", "row", "column",
                                                                                  "sheet", "cell"]]
    out = quality.drop(columns=[c for c in ("sheet", "cell") if c in quality.columns])
    merged = out.merge(places.astype({"row": "Int64"}), how="left", on=["file", "row", "column"])
    merged.index = quality.index
    for name in ("sheet", "cell"):
        if name in quality.columns:
            own = quality[name].where(quality[name].notna() & (quality[name].astype(str) != ""))
            merged[name] = merged[name].fillna(own) if name == "cell" else merged[name].where(
                merged["cell"].notna() | own.isna(), own)
    return merged


def quality_with_places(quality: pd.DataFrame, cells: pd.DataFrame, units: pd.DataFrame) -> pd.DataFrame:
    """The quality rows as the reports list them: with the province (quality_with_province) and the
    sheet and cell (quality_with_cells) each row is about."""
    return quality_with_province(quality_with_cells(quality, cells), units)
