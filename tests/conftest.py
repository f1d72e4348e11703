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
from analysis.form import return_workbook, save_reproducibly

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


@pytest.fixture(scope="session")
def sample_years(tmp_path_factory) -> Path:
    """Every sample year built once into a temporary processed folder, with the panel (the trends need it)."""
    out = tmp_path_factory.mktemp("sample-years")
    for year in dataset.available_years():
        assert dataset.build_year(year, config.RAW_DIR, out).errors == 0
    return out


HOSTILE = '<script>alert("x")</script> & "quoted" <b>bold</b>'
#: Provinces the report tests use: a big city, one with no network, one under 10 staff, one with no return.
BIG_CITY, NO_NETWORK, UNDER_TEN, NO_RETURN = "79", "04", "35", "62"


@pytest.fixture(scope="session")
def report_build(tmp_path_factory) -> Path:
    """A processed 2022 build from the sample with Kon Tum's return removed and a hostile notes value
    in Bà Rịa - Vũng Tàu's; returns the processed folder (its parent holds raw/)."""
    import shutil

    import openpyxl

    root = tmp_path_factory.mktemp("report-build")
    raw = root / "raw" / "2022"
    shutil.copytree(config.RAW_DIR / "2022", raw)
    for path in raw.glob(f"{NO_RETURN}-*"):
        path.unlink()
    (target,) = raw.glob("77-*")
    if target.suffix == ".xlsx":
        book = openpyxl.load_workbook(target)
        sheet = book["Báo cáo"]
        header_row = next(r for r in sheet.iter_rows(min_row=1, max_row=10) if r[0].value == "Năm")
        col = next(c.column for c in header_row if c.value == "Ghi chú")
        sheet.cell(row=header_row[0].row + 1, column=col, value=HOSTILE)
        book.save(target)
    else:
        rows = list(csv.reader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
        rows[1][rows[0].index("Ghi chú")] = HOSTILE
        buffer = io.StringIO()
        csv.writer(buffer).writerows(rows)
        target.write_text(buffer.getvalue(), encoding="utf-8")
    processed = root / "processed"
    result = dataset.build_year(2022, root / "raw", processed)
    assert result.errors == 0, [str(i) for i in result.issues if i.severity == "error"]
    return processed


#: The provinces of the end-to-end report run: a hostile notes value, a big city, a missing return.
REPORT_PROVINCES = ["77", BIG_CITY, NO_RETURN]


@pytest.fixture(scope="session")
def built_reports(report_build, tmp_path_factory):
    """One `run_reports` for three provinces plus national and data quality, HTML and PDF: (folder, summary)."""
    from analysis import reference
    from analysis.reports import run

    out = tmp_path_factory.mktemp("reports")
    chosen = [reference.match_province(code, 2022) for code in REPORT_PROVINCES]
    summary = run.run_reports(2022, chosen, ("html", "pdf"), jobs=2, out=out, quiet=True,
                              processed_dir=report_build)
    return out / "2022", summary
