"""The sign-off log (data/raw/<year>/approvals.csv): the analyst's record that a province's return was
checked and accepted, with the sha256 of each of its files at that moment.

Header ``province_code,file,sha256,approved_by,approved_at``: one row per file of the approved return
(a province with two files gets two rows with the same time); ``approved_at`` is an ISO date and time
(``2026-02-03T09:15:00+07:00``). A province's latest approval counts. A return whose files differ from
that approval (a file changed, added or removed) is "changed": every build names it until it is
approved again. Added by `khuyencong approve`; never rewritten by a build.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from analysis import reference
from analysis.collection import logs
from analysis.collection.settings import log_names
from analysis.files import escaped, sha256_file
from analysis.ingest import shown_path
from analysis.quality import Issue

HEADER = ["province_code", "file", "sha256", "approved_by", "approved_at"]
_SHA = re.compile(r"[0-9a-f]{64}")


def _code(text: str) -> str:
    if not re.fullmatch(r"\d\d", text):
        raise ValueError("log.province_code")
    return text


def _sha(text: str) -> str:
    if not _SHA.fullmatch(text.lower()):
        raise ValueError("log.sha256")
    return text.lower()


def _who(text: str) -> str:
    if not text:
        raise ValueError("log.blank")
    return text


def _when(text: str) -> dt.datetime:
    try:
        when = dt.datetime.fromisoformat(text)
    except ValueError:
        raise ValueError("log.datetime") from None
    return when if when.tzinfo else when.replace(tzinfo=dt.UTC)


CHECKS = {"province_code": _code, "file": logs.plain_file_name, "sha256": _sha, "approved_by": _who,
          "approved_at": _when}


def log_path(year_dir: Path) -> Path:
    """The approvals log of a year's folder."""
    return Path(year_dir) / log_names()[1]


def read_approvals(year_dir: Path, year: int) -> list[dict]:
    """Every row of the year's approvals log; LogError naming every bad row (a code not on the year's
    map included)."""
    rows = logs.read_log(log_path(year_dir), CHECKS)
    codes = set(reference.provinces(reference.geo_for_year(year))["province_code"])
    bad = [Issue.make("error", "log.province_unknown", shown_path(log_path(year_dir)), r["line"], "province_code",
                      r["province_code"], year=year) for r in rows if r["province_code"] not in codes]
    if bad:
        raise logs.LogError(bad)
    return rows


def latest_approvals(rows: list[dict]) -> dict[str, dict]:
    """Each province's latest approval: code -> {by, at, files: {name: sha256}}."""
    latest: dict[str, dict] = {}
    for row in rows:
        seen = latest.get(row["province_code"])
        if seen is None or row["approved_at"] > seen["at"]:
            latest[row["province_code"]] = {"by": row["approved_by"], "at": row["approved_at"],
                                            "files": {row["file"]: row["sha256"]}}
        elif row["approved_at"] == seen["at"]:
            seen["files"][row["file"]] = row["sha256"]
    return latest


def current_files(year_dir: Path, names: list[str]) -> dict[str, str]:
    """The sha256 of each named file of the year's folder (names as messages show them, escaped; a file
    that is gone is left out, so an approval of it reads as changed)."""
    real = real_names(year_dir)
    out = {}
    for name in sorted(set(names)):
        path = Path(year_dir) / real.get(name, name)
        if path.is_file():
            out[name] = sha256_file(path)
    return out


def real_names(year_dir: Path) -> dict[str, str]:
    """The file names of a year's folder by their shown (escaped) form: a name with a control character or
    a byte that is not UTF-8 is shown escaped in messages and logs, and found again here."""
    year_dir = Path(year_dir)
    return {escaped(p.name): p.name for p in year_dir.iterdir()} if year_dir.is_dir() else {}


def approval_state(approval: dict | None, files: dict[str, str]) -> tuple[str, list[str]]:
    """("approved", []) when a province's files are exactly those approved, ("changed", [names]) with the
    files changed, added or removed since, ("none", []) with no approval."""
    if approval is None:
        return "none", []
    approved = approval["files"]
    changed = sorted(n for n in set(approved) | set(files) if approved.get(n) != files.get(n))
    return ("changed", changed) if changed else ("approved", [])


def changed_issues(year_dir: Path, year: int, province_files: dict[str, list[str]]) -> list[Issue]:
    """A warning (approval.changed) for every province whose return changed after its approval, at its
    first changed file; LogError for a log that cannot be read."""
    latest = latest_approvals(read_approvals(year_dir, year))
    names = reference.provinces(reference.geo_for_year(year)).set_index("province_code")["province_name"]
    issues = []
    for code, approval in sorted(latest.items()):
        state, changed = approval_state(approval, current_files(year_dir, province_files.get(code, [])))
        if state == "changed":
            issues.append(Issue.make("warning", "approval.changed", shown_path(Path(year_dir) / changed[0]),
                                     province=names[code], by=approval["by"], when=approval["at"].date().isoformat(),
                                     files=", ".join(changed)))
    return issues


def add_approval(year_dir: Path, year: int, code: str, files: dict[str, str], by: str, when: dt.datetime) -> Path:
    """Append the approval of a province's files (name -> sha256) to the log, one row per file."""
    read_approvals(year_dir, year)
    path = log_path(year_dir)
    stamp = when.isoformat(timespec="seconds")
    logs.append_rows(path, HEADER, [[code, logs.plain_file_name(name), digest, _who(by.strip()), stamp]
                                    for name, digest in sorted(files.items())])
    return path
