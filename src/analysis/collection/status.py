"""The status of a year's collection: one row per province of the year's map (its return files, the
date received, on time or late, errors, warnings, checks open and confirmed, signed off or not), and
the reporting and on-time rates as DHIS2 defines them (returns received / expected; received by the
deadline / expected). Pure given its inputs; ``status_table`` is what the build writes as status.csv.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pandas as pd

from analysis import reference
from analysis.collection import approvals, receipts
from analysis.collection.logs import LogError
from analysis.collection.report_date import report_date
from analysis.collection.settings import Deadline, deadline
from analysis.config import UNIT_TYPE_PROVINCE
from analysis.quality import Issue

#: Columns of status.csv.
STATUS_COLUMNS = ("province_code", "province_name", "files", "received", "received_from", "deadline", "timeliness",
                  "errors", "warnings", "checks_open", "checks_confirmed", "approval", "approved_by", "approved_at",
                  "changed_files")
#: Codes that are the collecting office's business, not the province's (never sent back as feedback).
OFFICE_CODES = ("approval.", "folder.", "check.no_previous_year", "file.collection_log")


def file_province(name: str, year: int) -> str | None:
    """The province a return file is named after ("15-lao-cai.xlsx" -> "15"), when its code is on the map."""
    match = re.match(r"(\d\d)-", name)
    codes = set(reference.provinces(reference.geo_for_year(year))["province_code"])
    return match.group(1) if match and match.group(1) in codes else None


def issue_provinces(issues: list[Issue], units: pd.DataFrame, year: int) -> list[str | None]:
    """The province each issue is about: the unit read at its file and row, else the only province of its
    file, else the province its file is named after; None for the office's own (folder, approvals)."""
    provincial = units[units["unit_type"] == UNIT_TYPE_PROVINCE]
    by_row = {(f, int(r)): c for f, r, c in zip(provincial["source_file"], provincial["source_row"],
                                                  provincial["province_code"]) if isinstance(c, str)}
    by_file: dict[str, set] = {}
    for f, c in zip(provincial["source_file"], provincial["province_code"]):
        if isinstance(c, str):
            by_file.setdefault(f, set()).add(c)
    central = set(units.loc[units["unit_type"] != UNIT_TYPE_PROVINCE, "source_file"])
    out = []
    for issue in issues:
        code = by_row.get((issue.file, issue.row)) if issue.row is not None else None
        if code is None and len(by_file.get(issue.file, ())) == 1:
            code = next(iter(by_file[issue.file]))
        if code is None and issue.file not in central:
            code = file_province(Path(issue.file).name, year)
        out.append(code)
    return out


def province_files(units: pd.DataFrame, issues: list[Issue], year: int) -> dict[str, list[str]]:
    """Each province's return file names: those its units were read from, and those named after it that
    could not be read (a file with a header error is still its return)."""
    files: dict[str, set] = {}
    provincial = units[units["unit_type"] == UNIT_TYPE_PROVINCE]
    for f, c in zip(provincial["source_file"], provincial["province_code"]):
        if isinstance(c, str):
            files.setdefault(c, set()).add(Path(f).name)
    for issue, code in zip(issues, issue_provinces(issues, units, year)):
        if code and issue.severity == "error" and not issue.code.startswith(OFFICE_CODES) and \
                file_province(Path(issue.file).name, year) == code:
            files.setdefault(code, set()).add(Path(issue.file).name)
    return {c: sorted(names) for c, names in files.items()}


def timeliness(received: dt.date | None, due: Deadline | None, has_return: bool) -> str:
    """"missing" (no return), "unknown" (no date or no deadline), "on_time" (on or before the deadline) or "late"."""
    if not has_return:
        return "missing"
    if received is None or due is None:
        return "unknown"
    return "on_time" if received <= due.date else "late"


def status_table(year: int, year_dir: Path, units: pd.DataFrame, issues: list[Issue],
                 report_dates: dict[str, dt.date] | None = None) -> pd.DataFrame:
    """One row per province of the year's map (STATUS_COLUMNS). The received date is the first receipt of
    any of its files in the receipts log, else the report date typed in the form (`report_dates`, file
    name -> date), else unknown. Raises logs.LogError for a receipts or approvals log that cannot be read."""
    geo = reference.geo_for_year(year)
    due = deadline(year)
    first = receipts.received_dates(receipts.read_receipts(year_dir))
    latest = approvals.latest_approvals(approvals.read_approvals(year_dir, year))
    files = province_files(units, issues, year)
    owners = issue_provinces(issues, units, year)
    rows = []
    for p in reference.provinces(geo).itertuples():
        names = files.get(p.province_code, [])
        mine = [i for i, c in zip(issues, owners) if c == p.province_code and not i.code.startswith(OFFICE_CODES)]
        logged = [first[n][0] for n in names if n in first]
        typed = [report_dates[n] for n in names if report_dates and n in report_dates]
        received, source = (min(logged), "receipts") if logged else (min(typed), "form") if typed else (None, "")
        state, changed = approvals.approval_state(latest.get(p.province_code),
                                                  approvals.current_files(year_dir, names))
        approval = latest.get(p.province_code)
        rows.append({
            "province_code": p.province_code, "province_name": p.province_name, "files": "; ".join(names),
            "received": received.isoformat() if received else "", "received_from": source,
            "deadline": due.date.isoformat() if due else "", "timeliness": timeliness(received, due, bool(names)),
            "errors": sum(i.severity == "error" for i in mine), "warnings": sum(i.severity == "warning" for i in mine),
            "checks_open": sum(i.severity == "check" and not i.params.get("confirmation") for i in mine),
            "checks_confirmed": sum(i.severity == "check" and bool(i.params.get("confirmation")) for i in mine),
            "approval": state, "approved_by": approval["by"] if approval else "",
            "approved_at": approval["at"].isoformat(timespec="seconds") if approval else "",
            "changed_files": "; ".join(changed)})
    return pd.DataFrame(rows, columns=list(STATUS_COLUMNS))


def rates(table: pd.DataFrame) -> dict:
    """expected, received, on_time, late, unknown, signed_off and the reporting and on-time rates (shares
    of the expected returns, DHIS2's definitions); a rate is None when no return is expected."""
    expected = len(table)
    received = int((table["timeliness"] != "missing").sum())
    on_time = int((table["timeliness"] == "on_time").sum())
    return {"expected": expected, "received": received, "on_time": on_time,
            "late": int((table["timeliness"] == "late").sum()),
            "unknown": int((table["timeliness"] == "unknown").sum()),
            "signed_off": int((table["approval"] == "approved").sum()),
            "reporting_rate": received / expected if expected else None,
            "on_time_rate": on_time / expected if expected else None,
            "missing": list(table.loc[table["timeliness"] == "missing", "province_name"])}


def needs_feedback(row: pd.Series) -> bool:
    """Whether a province gets a feedback workbook: an error, a warning or an open check, or no return."""
    return row["timeliness"] == "missing" or (row["errors"] + row["warnings"] + row["checks_open"]) > 0


def build_status(year: int, year_dir: Path, units: pd.DataFrame, issues: list[Issue]) -> tuple[pd.DataFrame | None, list[Issue]]:
    """What the build adds for the collection: the status table, and a warning for every return changed
    after its approval (approval.changed); (None, the logs' errors) when a log cannot be read."""
    try:
        files = province_files(units, issues, year)
        more = approvals.changed_issues(year_dir, year, files)
        logged = receipts.received_dates(receipts.read_receipts(year_dir))
        unlogged = [n for names in files.values() for n in names if n not in logged]
        real = approvals.real_names(year_dir)
        dates = {n: d for n in unlogged if (d := report_date(Path(year_dir) / real.get(n, n))) is not None}
        return status_table(year, year_dir, units, issues + more, dates), more
    except LogError as bad:
        return None, bad.issues
