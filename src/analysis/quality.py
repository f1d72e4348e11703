"""Problems found while reading and checking returns: one record each, printed like a compiler."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields

import pandas as pd

SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True)
class Issue:
    """One problem: where it is (file, row as Excel shows it, column), the value, and what is wrong."""

    severity: str
    file: str
    row: int | None
    column: str
    value: str
    message: str

    def __str__(self) -> str:
        place = self.file + (f":{self.row}" if self.row is not None else "")
        column = f" {self.column}:" if self.column else ""
        return f"{place}: {self.severity}:{column} {self.message}"


QUALITY_COLUMNS = tuple(f.name for f in fields(Issue))


class BadInput(Exception):
    """Raised by a reader for a whole file that cannot be used; carries the Issue."""

    def __init__(self, issue: Issue):
        super().__init__(str(issue))
        self.issue = issue


def issues_frame(issues: list[Issue]) -> pd.DataFrame:
    """The issues as the quality.csv table, errors first, then by file and row."""
    frame = pd.DataFrame([asdict(i) for i in issues], columns=list(QUALITY_COLUMNS))
    order = {s: n for n, s in enumerate(SEVERITIES)}
    frame["row"] = frame["row"].astype("Int64")
    return (frame.assign(_o=frame["severity"].map(order))
            .sort_values(["_o", "file", "row"], kind="stable", na_position="first")
            .drop(columns="_o").reset_index(drop=True))


def count(issues: list[Issue], severity: str) -> int:
    """How many issues have this severity."""
    return sum(1 for i in issues if i.severity == severity)
