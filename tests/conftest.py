"""Shared fixtures: tiny returns written as .xlsx or .csv into a temporary raw folder, raw frames.

A return row is a dict keyed by the internal column names of config.RETURN_COLUMNS; missing
columns are left blank. Files go to ``tmp_path/raw/<year>/``.
"""

from __future__ import annotations

import csv
import fcntl
import io
import os
import pickle
import shutil
import zipfile
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

import pandas as pd
import pytest

from analysis import cli, config, dataset
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


def build_lines(raw_dir: Path, tmp_path: Path, capsys) -> tuple[int, list[str]]:
    """`khuyencong build --year 2022` of raw_dir into tmp_path/out: (exit status, stderr lines); never a traceback."""
    status = cli.main(["build", "--year", "2022", "--raw", str(raw_dir), "--out", str(tmp_path / "out")])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err + captured.out
    return status, captured.err.splitlines()


def error_lines(lines: list[str]) -> list[str]:
    """The error lines of a build's output."""
    return [line for line in lines if ": error: " in line]


def rewrite_xlsx(path: Path, member: str, change) -> None:
    """Rewrite one XML member of an .xlsx in place with change(text) -> text."""
    with zipfile.ZipFile(path) as src:
        items = [(info, src.read(info.filename)) for info in src.infolist()]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as dst:
        for info, data in items:
            dst.writestr(info.filename, change(data.decode()).encode() if info.filename == member else data)
    path.write_bytes(buffer.getvalue())


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


def copy_of(reports: Path, tmp_path: Path) -> Path:
    """A copy of a reports folder (a session's set is read by other test processes: a test that changes
    or re-renders it works on its own copy), as tmp_path/reports."""
    out = tmp_path / "reports"
    shutil.copytree(reports, out)
    return out


def pdf_page_texts(path: Path | str) -> tuple[str, ...]:
    """The text of each page of a PDF (pypdf), read once per test process while the file is unchanged:
    several tests read the same report of the session's sets, and pypdf takes seconds for a long one."""
    stat = Path(path).stat()
    return _pdf_page_texts(str(path), stat.st_size, stat.st_mtime_ns)


@lru_cache(maxsize=32)
def _pdf_page_texts(path: str, size: int, mtime_ns: int) -> tuple[str, ...]:
    from pypdf import PdfReader

    return tuple(page.extract_text() or "" for page in PdfReader(path).pages)


def made_once(tmp_path_factory, name: str, make: Callable[[Path], object]) -> tuple[Path, object]:
    """A folder `make(folder)` fills once per test run, and what `make` returned (pickled).

    Under pytest-xdist (`make test` runs the suite on every CPU) the workers share it: the first to
    ask makes it in the run's common temporary folder under a lock, the others wait for it and read
    it (a report run is the costly part of the suite: made once, not once per worker). Tests treat
    it as read-only, as they treat every session fixture.
    """
    if "PYTEST_XDIST_WORKER" not in os.environ:
        folder = tmp_path_factory.mktemp(name)
        return folder, make(folder)
    common = tmp_path_factory.getbasetemp().parent  # shared by the workers of this run
    folder, done = common / name, common / f"{name}.pickle"
    with open(common / f"{name}.lock", "w") as lock:
        # a POSIX record lock, released when this process closes the file, however this ends: unlike an
        # flock it is not shared with the processes forked while it is held (the kept report workers)
        fcntl.lockf(lock, fcntl.LOCK_EX)
        if not done.exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            done.write_bytes(pickle.dumps(make(folder)))
    return folder, pickle.loads(done.read_bytes())


@pytest.fixture(scope="session")
def sample_years(tmp_path_factory) -> dict[int, dataset.BuildResult]:
    """Every shipped sample year built once per test run, in order (as `khuyencong build` does: each year
    compared with the one before), into one temporary processed folder with its panel.parquet.

    Every test that reads the unmodified sample reads this build (`sample_processed` is its folder);
    a test builds again only when the build itself, or a changed copy of the raw data, is under test.
    """
    def write(out_dir: Path) -> dict[int, dataset.BuildResult]:
        return {year: dataset.build_year(year, raw_dir=config.RAW_DIR, out_dir=out_dir)
                for year in dataset.available_years()}

    _, results = made_once(tmp_path_factory, "sample-processed", write)  # about 30 s: once per run
    for year, result in results.items():
        assert result.errors == 0, f"the {year} sample does not build"
    return results


@pytest.fixture(scope="session")
def sample_processed(sample_years) -> Path:
    """The processed folder of `sample_years` (one sub-folder per year, panel.parquet)."""
    return next(iter(sample_years.values())).out_dir.parent


@pytest.fixture(scope="session")
def sample_build(sample_years) -> dataset.BuildResult:
    """The shipped 2022 sample's build result (from `sample_years`)."""
    return sample_years[2022]


HOSTILE = '<script>alert("x")</script> & "quoted" <b>bold</b>'
#: Provinces the report tests use: a big city, one with no network, one under 10 staff, one with no return.
BIG_CITY, NO_NETWORK, UNDER_TEN, NO_RETURN = "79", "04", "35", "62"


@pytest.fixture(scope="session")
def report_build(tmp_path_factory) -> Path:
    """A processed 2022 build from the sample with Kon Tum's return removed and a hostile notes value
    in Bà Rịa - Vũng Tàu's; returns the processed folder (its parent holds raw/). Made once per run."""
    root, _ = made_once(tmp_path_factory, "report-build", write_report_build)
    return root / "processed"


def write_report_build(root: Path) -> None:
    """The raw folder and build of `report_build` under `root`."""
    import openpyxl

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
    result = dataset.build_year(2022, root / "raw", root / "processed")
    assert result.errors == 0, [str(i) for i in result.issues if i.severity == "error"]


#: The provinces of the end-to-end report run (`built_reports`): a hostile notes value, then the four kinds
#: of province whose executed notebooks tests/test_notebooks.py reads.
REPORT_PROVINCES = ["77", BIG_CITY, NO_NETWORK, UNDER_TEN, NO_RETURN]


@pytest.fixture(scope="session")
def warm_workers():
    """Two report workers with their warm kernels, kept for the session (run.WarmWorkers): the runs
    whose behaviour does not depend on their workers render on them instead of starting their own
    (about 3 s of CPU a kernel). A test that patches the code the workers run, or tests a run's own
    workers (kills, locks, time limits, worker counts), starts its own, as `khuyencong report` does."""
    from analysis.reports import run

    with run.WarmWorkers(2) as workers:
        yield workers.start()  # now, before any test or fixture holds a lock the workers would inherit


@pytest.fixture(scope="session")
def built_reports(report_build, tmp_path_factory, warm_workers):
    """One `run_reports` of REPORT_PROVINCES plus national and data quality, HTML and PDF, from `report_build`:
    (folder, summary). The end-to-end, notebook, PDF and page tests read this one set of reports."""
    from analysis import reference
    from analysis.reports import run

    def write(out: Path):
        chosen = [reference.match_province(code, 2022) for code in REPORT_PROVINCES]
        return run.run_reports(2022, chosen, ("html", "pdf"), jobs=2, out=out, quiet=True,
                               processed_dir=report_build, workers=warm_workers)

    out, summary = made_once(tmp_path_factory, "reports", write)
    return out / "2022", summary


#: The reports of the unmodified sample (`sample_reports`): per year, provinces of each map with a network
#: (2025: one with former provinces) and, in 2022, Bà Rịa - Vũng Tàu (the English edition's checks).
SAMPLE_REPORT_PROVINCES = {2022: ("45", "77"), 2025: ("68",)}


@pytest.fixture(scope="session")
def sample_reports(sample_processed, tmp_path_factory, warm_workers) -> Path:
    """One `run_reports` per sample year of SAMPLE_REPORT_PROVINCES and edition (vi, en), HTML only, from
    the unmodified sample build: the reports folder (<year>/national.html, national.en.html, ...)."""
    from analysis import reference
    from analysis.reports import run

    def write(out: Path) -> None:
        for year, codes in SAMPLE_REPORT_PROVINCES.items():
            chosen = [reference.match_province(code, year) for code in codes]
            for lang in config.LANGS:
                summary = run.run_reports(year, chosen, ("html",), jobs=2, out=out, lang=lang, quiet=True,
                                          processed_dir=sample_processed, workers=warm_workers)
                assert summary.failed == 0, summary.failures

    out, _ = made_once(tmp_path_factory, "sample-reports", write)
    return out


# --- hand-typed unit frames (tests/test_indicators.py, tests/test_quality.py) ----------------------

DTYPES = {
    "unit_type": "string", "province_code": "string", "province_name": "string", "region": "string",
    "unit_name": "string", "staff_total": "Int64", "staff_field": "Int64",
    "districts_total": "Int64", "districts_with_network": "Int64", "district_collaborators": "Int64",
    "communes_total": "Int64", "communes_with_network": "Int64", "commune_collaborators": "Int64",
    "collaborator_pay_mvnd": "Float64", "notes": "string", "source_file": "string", "source_row": "Int64",
}
RED_RIVER = "Đồng bằng sông Hồng"
NORTH = "Trung du và miền núi phía Bắc"
SOUTH_EAST = "Đông Nam Bộ"
IPC = "Trung tâm Khuyến công và Tư vấn phát triển công nghiệp {}"


def units_frame(*rows: dict) -> pd.DataFrame:
    """A units table with the processed table's dtypes; columns not given are blank (<NA>)."""
    records = [{**dict.fromkeys(DTYPES), **row} for row in rows]
    return pd.DataFrame.from_records(records, columns=list(DTYPES)).astype(DTYPES)


def prov(code: str, name: str, region: str, staff_total: int, staff_field: int, **values) -> dict:
    """One provincial unit row."""
    return {"unit_type": "tỉnh", "province_code": code, "province_name": name, "region": region,
            "unit_name": f"Trung tâm Khuyến công {name}", "staff_total": staff_total,
            "staff_field": staff_field, "source_file": f"data/raw/2022/{code}.xlsx", "source_row": 5, **values}


def centre(number: int, staff_total: int, staff_field: int) -> dict:
    """One national centre row (no province)."""
    return {"unit_type": "trung ương", "unit_name": IPC.format(number), "staff_total": staff_total,
            "staff_field": staff_field, "source_file": "data/raw/2022/00-trung-uong.xlsx", "source_row": 4 + number}


def four_provinces() -> pd.DataFrame:
    """Four provincial units and one national centre (2022 codes).

    Hà Nội 40/20 staff; districts 24 of 30 (24 collaborators); communes 100 of 500 (150); pay 348.
    Lào Cai 30/12; districts 3 of 9 (3); communes 15 of 150 (15); pay 9.
    Quảng Ninh 15/6; 14 districts and 150 communes, network counts and pay blank.
    Hà Giang 5/2; districts 0 of 10; communes 60 of 200 (60 collaborators); pay 0.
    IPC1 24/9.
    """
    return units_frame(
        prov("01", "Hà Nội", RED_RIVER, 40, 20, districts_total=30, districts_with_network=24,
             district_collaborators=24, communes_total=500, communes_with_network=100,
             commune_collaborators=150, collaborator_pay_mvnd=348.0),
        prov("10", "Lào Cai", NORTH, 30, 12, districts_total=9, districts_with_network=3,
             district_collaborators=3, communes_total=150, communes_with_network=15,
             commune_collaborators=15, collaborator_pay_mvnd=9.0),
        prov("22", "Quảng Ninh", RED_RIVER, 15, 6, districts_total=14, communes_total=150),
        prov("02", "Hà Giang", NORTH, 5, 2, districts_total=10, districts_with_network=0,
             district_collaborators=0, communes_total=200, communes_with_network=60,
             commune_collaborators=60, collaborator_pay_mvnd=0.0),
        centre(1, 24, 9),
    )
