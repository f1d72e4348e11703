"""The build's quality table as the reports show it: each row with the province it is about."""

from __future__ import annotations

import pandas as pd

from analysis import messages
from analysis.quality import message_in


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


def message_text(row: pd.Series, lang: str) -> str:
    """A quality row's message in `lang`, rendered from its code and params (analysis.messages);
    the stored English text for a row without a code (a build older than the message codes)."""
    return message_in(row.get("code"), row.get("params"), lang, str(row.get("message", "")))


def column_label(name: object, lang: str) -> str:
    """The readers' name of a column ("communes_total" -> "Tổng số xã"; analysis.messages); "" for none."""
    return messages.column_label(name, lang) if isinstance(name, str) and name else ""


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
