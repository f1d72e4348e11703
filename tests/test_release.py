"""Releases: a release of the 2022 sample, a correction of Quảng Trị's staff refused while its build
has an error, then built, rendered and released again: release 1 unchanged byte for byte, release 2
lists the changed figures with their previous values and Quảng Trị's file, `diff` names the cell."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import openpyxl
import pytest

from analysis import cli, dataset
from analysis.reports import run
from conftest import pdf_page_texts
from test_reliability import provinces

pytestmark = pytest.mark.slow
QUANG_TRI = "45"


def set_staff(raw: Path, staff_total: int, staff_field: int | None = None) -> str:
    """Type new staff figures into Quảng Trị's return (its form), as the province would; returns its file name."""
    (path,) = (raw / "2022").glob(f"{QUANG_TRI}-*")
    book = openpyxl.load_workbook(path)
    sheet = book["Báo cáo"]
    header = next(r for r in sheet.iter_rows(min_row=1, max_row=10) if r[0].value == "Năm")
    columns = {c.value: c.column for c in header}
    total = next(col for name, col in columns.items() if str(name).startswith("Tổng số cán bộ"))
    sheet.cell(row=header[0].row + 1, column=total, value=staff_total)
    if staff_field is not None:
        field = next(col for name, col in columns.items() if str(name).startswith("Số cán bộ trực tiếp"))
        sheet.cell(row=header[0].row + 1, column=field, value=staff_field)
    book.save(path)
    return path.name


def total_before(release_files: dict) -> int:
    """Quảng Trị's staff in a release (its profile's recorded figure)."""
    entries = json.loads(release_files["manifest.json"])["reports"]
    return int(entries[f"province-{QUANG_TRI}"]["recorded"]["profile"]["figures"]["staff_total"]["value"])


def test_release_correct_and_release_again(report_build, warm_workers, tmp_path, capsys):
    root = tmp_path / "data"
    shutil.copytree(report_build.parent / "raw", root / "raw")
    processed = root / "processed"
    assert dataset.build_year(2022, root / "raw", processed).errors == 0
    out = tmp_path / "reports"
    chosen = provinces(QUANG_TRI)
    assert run.run_reports(2022, chosen, ("html", "pdf"), jobs=2, out=out, quiet=True,
                           processed_dir=processed, workers=warm_workers).failed == 0
    args = ["--year", "2022", "--out", str(out), "--processed", str(processed)]
    assert cli.main(["release", *args, "--note", "Công bố lần đầu"]) == 0
    assert "2022: release 1 of" in capsys.readouterr().out
    year_dir = out / "2022"
    first = {p.relative_to(year_dir / "releases" / "1").as_posix(): p.read_bytes()
             for p in (year_dir / "releases" / "1").rglob("*") if p.is_file()}
    assert "national.pdf" in first and "inputs/cells.parquet" in first
    assert json.loads(first["data/datapackage.json"])["version"] == "1"
    assert 'href="releases/1/index.html"' in (year_dir / "index.html").read_text(encoding="utf-8")
    assert "Bản dự thảo, chưa phát hành" in (year_dir / "national.html").read_text(encoding="utf-8")
    released = first["national.html"].decode("utf-8")
    assert "Lần phát hành 1, ngày " in released and "Bản dự thảo" not in released
    assert all("Lần phát hành 1" in text for text in pdf_page_texts(year_dir / "releases" / "1" / "national.pdf")), \
        "on every page"
    assert all("Bản dự thảo" in text for text in pdf_page_texts(year_dir / "national.pdf"))

    # a correction with an error: the build refuses it, so the release is refused too
    name = set_staff(root / "raw", 3)  # fewer staff than its field staff (4)
    assert dataset.build_year(2022, root / "raw", processed).errors > 0
    assert cli.main(["release", *args, "--note", "x"]) == 1
    err = capsys.readouterr().err.splitlines()
    assert any(name in line and "is not the return the build read" in line for line in err), err
    assert err[-1].startswith("khuyencong release: not released: 1 reason(s)")

    # the right correction: built, rendered, released
    set_staff(root / "raw", 25)
    assert dataset.build_year(2022, root / "raw", processed).errors == 0
    assert cli.main(["release", *args, "--note", "x"]) == 1, "reports not of the current data"
    assert "inputs changed: " in capsys.readouterr().err
    assert run.run_reports(2022, chosen, ("html", "pdf"), jobs=2, out=out, quiet=True,
                           processed_dir=processed, workers=warm_workers).failed == 0
    assert cli.main(["release", *args, "--kind", "correction", "--note", "Quảng Trị sửa số cán bộ"]) == 0
    assert "release 2 of" in capsys.readouterr().out

    assert {p.relative_to(year_dir / "releases" / "1").as_posix(): p.read_bytes()
            for p in (year_dir / "releases" / "1").rglob("*") if p.is_file()} == first, "release 1 untouched"
    assert cli.main(["verify", "--year", "2022", "--out", str(out), "--release", "1"]) == 0
    assert cli.main(["verify", "--year", "2022", "--out", str(out), "--release", "2"]) == 0
    capsys.readouterr()

    record = json.loads((year_dir / "releases" / "2" / "release.json").read_text(encoding="utf-8"))
    assert record["kind"] == "correction" and record["note"] == "Quảng Trị sửa số cán bộ"
    changed = {(c["report"], c["figure"]): c for c in record["changes"]}
    total = changed[("national", "national.staff_total")]
    assert total["new"] - total["previous"] == 25 - total_before(first) and [Path(f).name for f in total["cause_files"]] == [name]
    assert ("national", "national.field_share") in changed
    own = changed[(f"province-{QUANG_TRI}", "profile.figures.staff_total.value")]
    assert own["new"] == 25 and QUANG_TRI in own["cause_provinces"]
    rows = list(csv.DictReader(io.StringIO((year_dir / "releases" / "2" / "data" / "changes.csv")
                                           .read_text(encoding="utf-8-sig"))))
    assert len(rows) == len(record["changes"]) and rows[0]["kind"] == "correction"

    assert cli.main(["diff", "--year", "2022", "--out", str(out)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert any(f"{name} · sheet 'Báo cáo' · cell " in line and "staff_total" in line and "-> '25'" in line
               and "national: national.staff_total" in line for line in lines), lines

    # the pages of release 2 mark each changed figure where a table shows it, and list the changes
    import re

    second = year_dir / "releases" / "2"
    national = (second / "national.html").read_text(encoding="utf-8")
    assert re.search(rf'data-figure="assessment\.{QUANG_TRI}\.staff_total"[^>]*>25 \(R\)</td>', national)
    assert re.search(r'data-figure="assessment\.01\.staff_total"[^>]*>[0-9.]+</td>', national), "Hà Nội unchanged"
    assert "(R) số liệu đã sửa đổi so với lần phát hành trước" in national
    section = national[national.index("Thay đổi so với lần phát hành trước"):]
    assert "Quảng Trị sửa số cán bộ" in section and f"Quảng Trị ({name})" in section
    assert f"<td>Quảng Trị: Tổng số cán bộ</td><td>{total_before(first)}</td><td>25</td>" in section
    profile = next(second.glob(f"provinces/{QUANG_TRI}-*.html")).read_text(encoding="utf-8")
    assert re.search(r'data-figure="profile\.figures\.staff_total\.value"[^>]*>25 \(R\)</td>', profile)
    assert "(R)" not in first["national.html"].decode("utf-8")
    assert "Thay đổi so với lần phát hành trước" in " ".join(pdf_page_texts(second / "national.pdf"))
