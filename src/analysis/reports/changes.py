"""What changed between two releases: the published figures (as each report recorded them, the
figures its PDF carries) and the raw cells behind them.

`figure_changes` compares the recorded figures of every report of two releases (national and every
province), value by value; a figure that moved only within its rounding (as shown: a share to 0.1
point, other numbers to 0.1) is not a revision. Each change names the province whose return changed
and its file (the raw cells that differ, from the releases' `inputs/cells.parquet`). `cell_changes`
lists those cells (file, sheet, cell, typed before and after) for `khuyencong diff`.
"""

from __future__ import annotations

import json
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pandas as pd

from analysis.files import flattened, neutralise_formulas

CHANGES_CSV = "changes.csv"
#: Recorded values that are words about the figures, not figures.
_NOT_FIGURES = ("mismatches",)


def shown(name: str, value: object) -> object:
    """A figure as it is compared: a share or coverage in percent to 0.1 point, other numbers to 0.1
    (half up, as the reports round), text as it is."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return value
    last = name.rsplit(".", 1)[-1]
    scale = 100 if ("share" in last or "coverage" in last) else 1
    return Decimal(str(value * scale)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _figures(release_dir: Path) -> dict[tuple[str, str], object]:
    """{(report key, figure name): value} of every report a release's manifest records."""
    data = json.loads((Path(release_dir) / "manifest.json").read_text(encoding="utf-8"))
    out = {}
    for key, entry in data.get("reports", {}).items():
        recorded = {k: v for k, v in (entry.get("recorded") or {}).items() if k not in _NOT_FIGURES}
        if isinstance(recorded.get("assessment"), list):  # one row per province: keyed by its code, not its place
            recorded["assessment"] = {str(row.get("province_code")): row for row in recorded["assessment"]
                                      if isinstance(row, dict)}
        for name, value in flattened(recorded):
            out[(key, name)] = value
    return out


def _cells(release_dir: Path) -> pd.DataFrame:
    path = Path(release_dir) / "inputs" / "cells.parquet"
    return pd.read_parquet(path) if path.exists() else pd.DataFrame(columns=["province_code", "unit_name", "column"])


def cell_changes(before_dir: Path, after_dir: Path) -> pd.DataFrame:
    """The raw cells that differ between two releases: one row per (unit, column) whose value or typed
    text changed, appeared or went, with file, sheet, cell, typed before and after."""
    keys = ["province_code", "unit_name", "column"]
    before, after = _cells(before_dir), _cells(after_dir)
    merged = before.merge(after, on=keys, how="outer", suffixes=("_before", "_after"), indicator=True)

    def differs(row: pd.Series) -> bool:
        if row["_merge"] != "both":
            return True
        return str(row.get("typed_before")) != str(row.get("typed_after")) or not (
            pd.isna(row.get("value_before")) and pd.isna(row.get("value_after"))
        ) and row.get("value_before") != row.get("value_after")

    changed = merged[merged.apply(differs, axis=1)] if len(merged) else merged
    return changed.sort_values(keys, ignore_index=True)


def _province_of(key: str, name: str) -> str | None:
    """The province a figure belongs to: its report's ("province-79"), or an assessment row's
    ("assessment.79.staff_total" of the national report); None for a national figure."""
    if key.startswith("province-"):
        return key.split("-", 1)[1].split(".", 1)[0]
    if name.startswith("assessment."):
        return name.split(".")[1]
    return None


def figure_changes(before_dir: Path, after_dir: Path) -> list[dict]:
    """Every published figure that changed between two releases (beyond rounding): report, figure,
    previous and new value, and the provinces (with their return files) whose cells changed."""
    before, after = _figures(before_dir), _figures(after_dir)
    cells = cell_changes(before_dir, after_dir)
    files_of: dict[str, set[str]] = {}
    for row in cells.itertuples():
        name = getattr(row, "source_file_after", None)
        if not isinstance(name, str):
            name = getattr(row, "source_file_before", None)
        files_of.setdefault(str(row.province_code), set()).add(str(name))
    found = []
    for figure in sorted(set(before) | set(after)):
        key, name = figure
        old, new = before.get(figure), after.get(figure)
        if shown(name, old) == shown(name, new):
            continue
        province = _province_of(key, name)
        causes = sorted(files_of) if province is None else [province] if province in files_of else []
        found.append({"report": key, "figure": name, "previous": old, "new": new, "province": province,
                      "cause_provinces": causes,
                      "cause_files": sorted(f for code in causes for f in files_of.get(code, ()))})
    return found


def changes_csv(found: list[dict], record: dict) -> bytes:
    """The changes as CSV (UTF-8 with BOM, formula-safe): one row per changed figure, with the kind
    and reason of the release."""
    frame = pd.DataFrame([{**item, "cause_provinces": "; ".join(item["cause_provinces"]),
                           "cause_files": "; ".join(item["cause_files"]), "kind": record.get("kind"),
                           "reason": record.get("note")} for item in found],
                         columns=["report", "figure", "previous", "new", "province", "cause_provinces",
                                  "cause_files", "kind", "reason"])
    return neutralise_formulas(frame.astype(object)).to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")
