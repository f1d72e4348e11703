"""The receipts log (data/raw/<year>/receipts.csv): when each return file was received, from whom.

Header ``file,received,sender``: the file's name in the year's folder, the date it arrived
(YYYY-MM-DD) and who sent it (free text, e.g. an email address). A file received twice keeps its
first date (a corrected file sent after the deadline does not make an on-time return late). Added by
`khuyencong receive FILE` or by hand; never rewritten by a build.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from analysis.collection import logs
from analysis.collection.settings import log_names

HEADER = ["file", "received", "sender"]


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError("log.date") from None


def _sender(text: str) -> str:
    return text


CHECKS = {"file": logs.plain_file_name, "received": _date, "sender": _sender}


def log_path(year_dir: Path) -> Path:
    """The receipts log of a year's folder."""
    return Path(year_dir) / log_names()[0]


def read_receipts(year_dir: Path) -> list[dict]:
    """Every row of the year's receipts log (file, received, sender, line); LogError for a bad log."""
    return logs.read_log(log_path(year_dir), CHECKS)


def received_dates(receipts: list[dict]) -> dict[str, tuple[dt.date, str]]:
    """Each file's first receipt: file name -> (date, sender)."""
    first: dict[str, tuple[dt.date, str]] = {}
    for row in sorted(receipts, key=lambda r: (r["received"], r["line"])):
        first.setdefault(row["file"], (row["received"], row["sender"]))
    return first


def add_receipt(year_dir: Path, file_name: str, received: dt.date, sender: str) -> Path:
    """Append a receipt to the year's log (after checking the log reads); returns the log's path."""
    path = log_path(year_dir)
    read_receipts(year_dir)
    logs.append_rows(path, HEADER, [[logs.plain_file_name(file_name), received.isoformat(), sender]])
    return path
