"""The published figures and how the computed figures are checked against them.

``published_figures(year)`` reads data/raw/published/figures.csv and the project's reading of it,
reconciliation.yml (where the article names one of the report's own classes: its "phát triển"
networks are the report's "developed" class), the only I/O here;
``reconcile(figures, published)`` compares each published figure with the computed one by its
rule (exact, round, percent, same_set, in_top_N); ``mismatches(rows)`` words the failures and
``log_mismatches`` logs them. Rounding is fmt.round_half_up, the rule of every displayed number.
The publication itself is cited from the translation table (label "published_source").
"""

from __future__ import annotations

import logging
from pathlib import Path

import pandas as pd

from analysis.config import PACKAGE_DIR, PUBLISHED_DIR, read_yaml
from analysis.fmt import round_half_up

PUBLISHED_COLUMNS = ["year", "figure", "label_vi", "label_en", "published", "comparison"]
LOGGER = logging.getLogger("analysis.reconciliation")
#: The project's reading of some published figures (figure and rule replaced; see the file's header).
READING_FILE = PACKAGE_DIR / "reconciliation.yml"


def published_figures(year: int, published_dir: Path = PUBLISHED_DIR, reading_file: Path = READING_FILE) -> pd.DataFrame:
    """The published figures of a year (figures.csv, all text), with the figure and rule of
    reconciliation.yml where it reads a figure as one of the report's classes; an empty frame when
    there are none."""
    path = Path(published_dir) / "figures.csv"
    if not path.exists():
        return pd.DataFrame(columns=PUBLISHED_COLUMNS)
    table = pd.read_csv(path, comment="#", dtype=str, keep_default_na=False)
    return read_as_the_report(table[table["year"] == str(year)].reset_index(drop=True), read_yaml(reading_file) or {})


def read_as_the_report(published: pd.DataFrame, reading: dict) -> pd.DataFrame:
    """`published` with each row named in `reading` (reconciliation.yml) given that entry's figure and
    comparison (and its label_en, where the transcription's English names the other figure)."""
    out = published.copy()
    for index, figure in out["figure"].items():
        for column in ("figure", "comparison", "label_en"):
            if figure in reading and column in reading[figure]:
                out.at[index, column] = str(reading[figure][column])
    return out


def lookup(figures: dict, path: str) -> object:
    """A value of the national figures by dotted path ("bands.over_30.count", "central.IPC1.staff_total"); None if absent."""
    parts = path.split(".")
    if parts[0] == "central":
        match = [u for u in figures.get("central_units", []) if u["short_name"] == parts[1]]
        return match[0].get(parts[2]) if match else None
    value: object = figures
    for part in parts:
        value = value.get(part) if isinstance(value, dict) else None
    return value


def published_names(published: str) -> list[str]:
    """The province names of a published list ("Bà Rịa - Vũng Tàu; Bình Dương; Quảng Trị")."""
    return [n.strip() for n in str(published).split(";")]


def top_n(comparison: str) -> int | None:
    """N of an "in_top_N" rule; None for the other rules."""
    return int(comparison.removeprefix("in_top_")) if comparison.startswith("in_top_") else None


def compare(computed: object, published: str, comparison: str) -> tuple[object, bool]:
    """(computed value as shown, whether it matches) for one published figure and its rule.

    exact: equal numbers; round: equal once both are rounded half-up to a whole number (shown with
    2 decimals); percent: the computed share (0..1) in whole percent equals the published percent
    (shown with 1 decimal); same_set: the same names in any order; in_top_N: every published name
    is among the first N computed names (the N widest; only those are shown). A missing computed
    value never matches.
    """
    if computed is None:
        return None, False
    if comparison == "exact":
        return computed, float(computed) == float(published)
    if comparison == "round":
        return float(round_half_up(float(computed), 2)), round_half_up(float(computed)) == round_half_up(float(published))
    if comparison == "percent":
        percent = float(computed) * 100
        return float(round_half_up(percent, 1)), round_half_up(percent) == round_half_up(float(published))
    names = published_names(published)
    if comparison == "same_set":
        return list(computed), sorted(computed) == sorted(names)
    if top_n(comparison) is not None:
        widest = list(computed)[:top_n(comparison)]
        return widest, all(n in widest for n in names)
    raise ValueError(f"unknown comparison {comparison!r} in the published figures")


def reconcile(figures: dict, published: pd.DataFrame) -> list[dict]:
    """One row per published figure: figure, label_vi, label_en, computed, published, comparison, match.

    figures: the national figures (key_figures.national_indicators), looked up by each row's figure.
    """
    rows = []
    for row in published.itertuples(index=False):
        shown, match = compare(lookup(figures, row.figure), row.published, row.comparison)
        rows.append({"figure": row.figure, "label_vi": row.label_vi, "label_en": row.label_en,
                     "computed": shown, "published": row.published, "comparison": row.comparison,
                     "match": bool(match)})
    return rows


def mismatches(rows: list[dict]) -> list[str]:
    """One line per published figure the data does not reproduce ("figure: computed X but published Y (rule)")."""
    return [f"{r['figure']}: computed {r['computed']} but published {r['published']} ({r['comparison']})"
            for r in rows if not r["match"]]


def log_mismatches(rows: list[dict]) -> list[str]:
    """mismatches(rows), each also logged as a warning on the "analysis.reconciliation" logger."""
    lines = mismatches(rows)
    for line in lines:
        LOGGER.warning("mismatch with the published figures: %s", line)
    return lines
