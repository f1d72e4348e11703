"""Shared fixtures: tiny returns written as .xlsx or .csv into a temporary raw folder, raw frames.

A return row is a dict keyed by the internal column names of config.RETURN_COLUMNS; missing
columns are left blank. Files go to ``tmp_path/raw/<year>/``.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd
import pytest

from analysis import config, dataset
from analysis.template import return_workbook, save_reproducibly

HEADERS = [c.header for c in config.RETURN_COLUMNS]
NAMES = [c.name for c in config.RETURN_COLUMNS]
RAW_COLUMNS = NAMES + ["source_file", "source_row"]


def return_row(**values: object) -> dict:
    """One valid provincial return row (Lào Cai, 30 staff of whom 12 in the field), with overrides."""
    row = {"year": 2022, "province": "Lào Cai", "unit_name": "Trung tâm Khuyến công Lào Cai",
           "unit_type": "tỉnh", "staff_total": 30, "staff_field": 12}
    row.update(values)
    return row


def csv_text(rows: list[dict], header: list[str] | None = None, title_rows: tuple[str, ...] = (),
             delimiter: str = ",") -> str:
    """CSV text of a return: optional title lines, the header row, then one line per row dict.

    ``header`` is a list of header cells in order (default: the form's Vietnamese headers); each
    header cell is paired with the internal column name at the same position unless the row dict
    is keyed by that header text itself.
    """
    header = header or HEADERS
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    for title in title_rows:
        writer.writerow([title])
    writer.writerow(header)
    keys = [cell if cell not in HEADERS else NAMES[HEADERS.index(cell)] for cell in header]
    for row in rows:
        writer.writerow(["" if row.get(key) is None else row[key] for key in keys])
    return buffer.getvalue()


def raw_frame(*rows: dict, source_file: str = "r.csv") -> pd.DataFrame:
    """A frame shaped like ingest's output: all return columns, source_file, source_row (2, 3, ...)."""
    records = []
    for number, row in enumerate(rows, start=2):
        record = dict.fromkeys(RAW_COLUMNS)
        record.update(source_file=source_file, source_row=number)
        record.update(row)
        records.append(record)
    return pd.DataFrame.from_records(records, columns=RAW_COLUMNS).astype(object)


@pytest.fixture
def raw_dir(tmp_path: Path) -> Path:
    """An empty raw folder with a 2022 year folder: tmp_path/raw/2022/."""
    (tmp_path / "raw" / "2022").mkdir(parents=True)
    return tmp_path / "raw"


@pytest.fixture
def write_xlsx(raw_dir: Path):
    """Write rows into the year's return form (header on row 4, data from row 5) under raw_dir/<year>/."""

    def write(name: str, rows: list[dict], year: int = 2022) -> Path:
        path = raw_dir / str(year) / name
        save_reproducibly(return_workbook(year, rows), path)
        return path

    return write


@pytest.fixture
def write_csv(raw_dir: Path):
    """Write rows as a CSV return (header on line 1 unless title rows are given) under raw_dir/<year>/."""

    def write(name: str, rows: list[dict], year: int = 2022, encoding: str = "utf-8", bom: bool = False,
              **options) -> Path:
        path = raw_dir / str(year) / name
        path.parent.mkdir(parents=True, exist_ok=True)
        data = csv_text(rows, **options).encode(encoding)
        path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)
        return path

    return write


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory):
    """The shipped 2022 sample built once into a temporary output folder."""
    out_dir = tmp_path_factory.mktemp("processed")
    return dataset.build_year(2022, raw_dir=config.RAW_DIR, out_dir=out_dir)
