"""The publication's imprint (src/analysis/publication.yml): publisher, contact, each year's release.

Read once; ``imprint(year, lang)`` returns the texts the title block shows, the release date formatted
in the edition's style (01/12/2026, 1 December 2026).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache

import yaml
from babel.dates import format_date

from analysis.config import PACKAGE_DIR

PUBLICATION_CONFIG = PACKAGE_DIR / "publication.yml"


@cache
def publication() -> dict:
    """The parsed publication.yml."""
    return yaml.safe_load(PUBLICATION_CONFIG.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Imprint:
    """What the title block of a report says about its publication."""

    publisher: str
    contact: str
    release_date: date
    version: str


def release_date_text(day: date, lang: str) -> str:
    """A release date as each edition writes it: "01/12/2026", "1 December 2026"."""
    return f"{day.day:02d}/{day.month:02d}/{day.year}" if lang == "vi" else format_date(day, "d MMMM y", locale="en")


def imprint(year: int, lang: str) -> Imprint:
    """The publisher, contact and release (date, version) of the year's reports in `lang`."""
    config = publication()
    release = config["releases"].get(year, config["releases"]["default"])
    day = release["date"] if isinstance(release["date"], date) else date.fromisoformat(str(release["date"]))
    return Imprint(config["publisher"][lang], config["contact"][lang], day, str(release["version"]))
