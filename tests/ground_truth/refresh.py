"""Rewrite the committed ground truth from the shipped sample (run on purpose, then review the diff).

    .venv/bin/python tests/ground_truth/refresh.py      # or: make ground-truth

Writes, next to this file: units-<year>.csv (with units-<year>.dtypes.json, the stored dtypes) for
2022 and 2025, national-<year>.json for 2022 and 2025, and province-<year>-<code>.json for the
provinces in PROVINCES. tests/test_ground_truth.py rebuilds the same outputs in a temporary folder
and compares them exactly, so any change in results shows as a diff of these files.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
YEARS = (2022, 2025)
#: A big city, one with no network, one under 10 staff (2022); Hà Nội and Lâm Đồng (merged, 2025).
PROVINCES = {2022: ("79", "04", "35"), 2025: ("01", "68")}


def build(processed_dir: Path) -> dict[str, object]:
    """Every ground-truth output built from the shipped sample into processed_dir, by file name."""
    from analysis import config, dataset

    for year in YEARS:
        result = dataset.build_year(year, raw_dir=config.RAW_DIR, out_dir=processed_dir)
        if result.errors:
            raise SystemExit(f"the {year} sample does not build: {result.errors} error(s)")
    return outputs(processed_dir)


def outputs(processed_dir: Path) -> dict[str, object]:
    """Every ground-truth output of a processed folder where the sample's YEARS are built, by file name.

    CSV outputs are DataFrames (as stored in units.parquet), JSON outputs plain dicts.
    """
    from analysis import dataset, key_figures, reconciliation

    found: dict[str, object] = {}
    for year in YEARS:
        units = dataset.load_units(year, processed_dir)
        found[f"units-{year}.csv"] = units
        found[f"national-{year}.json"] = key_figures.national_indicators(units, year,
                                                                       reconciliation.published_figures(year))
        for code in PROVINCES[year]:
            found[f"province-{year}-{code}.json"] = key_figures.province_indicators(units, year, code)
    return found


def dtypes(frame: pd.DataFrame) -> dict[str, str]:
    """Column name -> dtype name, in column order."""
    return {column: str(dtype) for column, dtype in frame.dtypes.items()}


def read_units_csv(path: Path) -> pd.DataFrame:
    """A units CSV written by `write`, read back with the dtypes recorded beside it."""
    types = json.loads(path.with_suffix(".dtypes.json").read_text(encoding="utf-8"))
    return pd.read_csv(path, dtype=types, keep_default_na=False, na_values=[""])


def write(outputs: dict[str, object], folder: Path) -> list[Path]:
    """Write the outputs into folder (CSV with a dtypes file; JSON indented, UTF-8); the paths written."""
    written = []
    for name, value in outputs.items():
        path = folder / name
        if isinstance(value, pd.DataFrame):
            value.to_csv(path, index=False, lineterminator="\n")
            path.with_suffix(".dtypes.json").write_text(json.dumps(dtypes(value), indent=2) + "\n", encoding="utf-8")
            written.append(path.with_suffix(".dtypes.json"))
        else:
            path.write_text(json.dumps(value, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        written.append(path)
    return written


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        for path in write(build(Path(tmp)), HERE):
            print(path.relative_to(HERE.parent.parent))
    return 0


if __name__ == "__main__":
    sys.exit(main())
