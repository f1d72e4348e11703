"""A report run publishes its set as one: killed for real at any point (after some reports, in the
middle of the final swap), reports/<year>/ shows the previous complete set, whole, and the next run
publishes the new one with nothing left over; a report that fails leaves no file nothing lists."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
from pathlib import Path

import pytest

from analysis import dataset, files
from analysis.reports import manifest, run
from conftest import copy_of
from test_reliability import provinces, report_command, verify_outputs

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def other_data(report_build, tmp_path_factory) -> Path:
    """Another version of the processed 2022 data: the same returns without Hà Nội's."""
    root = tmp_path_factory.mktemp("other-data")
    shutil.copytree(report_build.parent / "raw", root / "raw")
    for path in (root / "raw" / "2022").glob("01-*"):
        path.unlink()
    assert dataset.build_year(2022, root / "raw", root / "processed").errors == 0
    return root / "processed"


@pytest.fixture(scope="module")
def first_set(report_build, tmp_path_factory, warm_workers) -> Path:
    """One run (national, data quality, Bà Rịa - Vũng Tàu) from the session's data: its reports folder.

    HTML only, as every run of this file: publishing a set as one does not depend on the formats in it
    (the session's conftest.built_reports and test_release publish PDFs)."""
    out = tmp_path_factory.mktemp("first-set")
    summary = run.run_reports(2022, provinces("77"), ("html",), out=out, quiet=True,
                              processed_dir=report_build, workers=warm_workers)
    assert summary.failed == 0, summary.failures
    return out


def set_of(year_dir: Path) -> dict[str, bytes]:
    """Every file of a published year (manifest included), with its bytes."""
    return {p.relative_to(year_dir).as_posix(): p.read_bytes() for p in year_dir.rglob("*") if p.is_file()}


def units_hashes(year_dir: Path) -> set[str]:
    entries = json.loads((year_dir / "manifest.json").read_text(encoding="utf-8"))["reports"]
    return {entry["inputs"]["units.parquet"] for entry in entries.values()}


# the two renames used where the exchange is missing are killed between them in test_swap.py (the build)
@pytest.mark.parametrize("fault", ["kill:report-job-2", "kill:swap-exchanged"])
def test_a_killed_run_shows_the_previous_set_and_the_next_run_the_new_one(first_set, other_data, warm_workers,
                                                                          tmp_path, fault):
    out = copy_of(first_set, tmp_path)
    year_dir = out / "2022"
    before = set_of(year_dir)
    old_units = units_hashes(year_dir)
    proc = subprocess.run(report_command(out, other_data, "--province", "77", "--jobs", "1", "--format", "html"),
                          env={**os.environ, files.FAULT_ENV: fault}, capture_output=True, text=True, timeout=600)
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    if "swap-exchanged" in fault:
        assert units_hashes(year_dir) != old_units, "killed after the exchange: the new set, whole"
        assert verify_outputs(year_dir) == []
    else:
        assert set_of(year_dir) == before, "the previous complete set, byte for byte"
    again = run.run_reports(2022, provinces("77"), ("html",), out=out, quiet=True, processed_dir=other_data,
                            workers=warm_workers)
    assert again.failed == 0, again.failures
    assert units_hashes(year_dir) == {dataset.sha256_file(other_data / "2022" / "units.parquet")}
    assert verify_outputs(year_dir) == []
    assert sorted(p.name for p in out.iterdir()) == ["2022", "index.html"], "no stage or old set left"


def test_a_report_that_fails_leaves_no_unlisted_file(first_set, report_build, tmp_path, monkeypatch):
    out = copy_of(first_set, tmp_path)
    year_dir = out / "2022"
    from analysis.labels import t
    from analysis.reports import render

    original = render.notebook_html

    def national_dies(nb, title, *args, **kwargs):
        if title == t("national_title", "vi", year=2022):
            raise RuntimeError("the kernel died")
        return original(nb, title, *args, **kwargs)

    monkeypatch.setattr(render, "notebook_html", national_dies)  # the workers are forked after this
    summary = run.run_reports(2022, provinces("77"), ("html",), jobs=1, force=True, out=out, quiet=True,
                              processed_dir=report_build)
    assert summary.failed == 1 and summary.failures[0].startswith("national: RuntimeError: the kernel died")
    entries = manifest.load_manifest(year_dir / "manifest.json")["reports"]
    assert entries["national"]["status"] == "failed"
    listed = manifest.listed_files(entries) | {"manifest.json", "index.html", "status.html"}  # the run's own pages
    on_disk = {p.relative_to(year_dir).as_posix() for p in year_dir.rglob("*") if p.is_file()}
    assert {f for f in on_disk if not f.startswith("data/")} <= listed, "every file on disk is listed"
    assert not (year_dir / "national.html").exists()
    assert 'href="national.html"' not in (year_dir / "index.html").read_text(encoding="utf-8")
