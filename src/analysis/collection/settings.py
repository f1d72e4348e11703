"""The collection's configuration (collection.yml): the logs' file names, the feedback marks, the
contact, and each year's deadline with its reason."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

SETTINGS_FILE = Path(__file__).resolve().parent / "collection.yml"


@cache
def settings() -> dict:
    """The parsed collection.yml."""
    return yaml.safe_load(SETTINGS_FILE.read_text(encoding="utf-8"))


def log_names() -> tuple[str, str]:
    """The receipts and approvals logs' file names (kept in data/raw/<year>/)."""
    logs = settings()["logs"]
    return logs["receipts"], logs["approvals"]


@dataclass(frozen=True)
class Deadline:
    """A year's deadline: the last day a return is on time, and why that day (vi, en)."""

    date: dt.date
    reason: dict


def deadline(year: int) -> Deadline | None:
    """The year's deadline from collection.yml, or None when none is configured (timeliness unknown)."""
    entry = settings()["deadlines"].get(int(year))
    if not entry:
        return None
    date = entry["date"] if isinstance(entry["date"], dt.date) else dt.date.fromisoformat(str(entry["date"]))
    return Deadline(date, entry["reason"])


def contact_lines(lang: str) -> list[str]:
    """The contact to print (office, then email and phone when set)."""
    contact = settings()["contact"]
    lines = [contact["office"][lang]]
    lines += [str(contact[k]) for k in ("email", "phone") if contact.get(k)]
    return lines


def is_feedback_sheet(title: str, rows: list) -> bool:
    """Whether a sheet is a feedback workbook's problem list (collection.yml ``feedback``): its name, and
    its first cell starting with the marker. The build skips it when the corrected workbook comes back."""
    marks = settings()["feedback"]
    if title != marks["sheet"] or not rows:
        return False
    _number, cells = rows[0]
    return bool(cells) and isinstance(cells[0], str) and cells[0].startswith(marks["marker"])
