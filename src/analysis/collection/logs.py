"""The two CSV logs the analyst keeps beside a year's returns (data/raw/<year>/): read them with every
bad row named (one line each), append a row atomically. A build only reads them."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

from analysis.files import atomic_write_bytes
from analysis.ingest import shown_path
from analysis.quality import Issue

#: A field's check: returns the parsed value, or raises ValueError with the message code's params.
Check = Callable[[str], object]


class LogError(Exception):
    """A log that cannot be used: carries one error Issue per problem."""

    def __init__(self, issues: list[Issue]):
        super().__init__("; ".join(map(str, issues)))
        self.issues = issues


def read_log(path: Path, checks: dict[str, Check]) -> list[dict]:
    """The rows of a log (dicts of parsed values, each with its line number as `line`); [] when the
    file does not exist. Raises LogError naming every problem: not UTF-8, a header other than the
    documented one (`checks`' keys, in order), a row with too many or too few fields, a bad value."""
    path = Path(path)
    if not path.exists():
        return []
    shown = shown_path(path)
    header = list(checks)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise LogError([Issue.make("error", "log.not_utf8", shown)]) from None
    rows = list(csv.reader(io.StringIO(text)))
    if not rows or [c.strip() for c in rows[0]] != header:
        found = ",".join(rows[0]) if rows else ""
        raise LogError([Issue.make("error", "log.header", shown, 1, "", found, expected=",".join(header))])
    out, issues = [], []
    for line, cells in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            issues.append(Issue.make("error", "log.fields", shown, line, "", ",".join(cells), n=len(cells),
                                     expected=len(header)))
            continue
        record: dict = {"line": line}
        for name, cell in zip(header, cells):
            try:
                record[name] = checks[name](cell.strip())
            except ValueError as exc:
                issues.append(Issue.make("error", str(exc), shown, line, name, cell))
        out.append(record)
    if issues:
        raise LogError(issues)
    return out


def append_rows(path: Path, header: list[str], rows: list[list[str]]) -> None:
    """Add rows to a log (created with its header when absent), atomically: the whole new file is
    written under a temporary name and renamed, so a crash leaves the old log or the new one."""
    path = Path(path)
    old = path.read_bytes() if path.exists() else b""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    if not old.strip():
        old = b""
        writer.writerow(header)
    elif not old.endswith(b"\n"):
        buffer.write("\n")
    writer.writerows(rows)
    atomic_write_bytes(path, old + buffer.getvalue().encode("utf-8"))


def plain_file_name(text: str) -> str:
    """A file named in a log: a bare name inside the year's folder (no folder part), not blank."""
    if not text or "/" in text or "\\" in text or text in (".", ".."):
        raise ValueError("log.file_name")
    return text
