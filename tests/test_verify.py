"""`khuyencong verify` accounts for the whole published set: every file an index page links, every
report the manifest knows (failed ones too), missing and altered files, inputs changed since the
reports were rendered, a corrupt manifest; a killed verify's folder is removed by the next run."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from analysis import cli, files
from analysis.reports import lifetime, run, verify
from test_reliability import dead_pid, provinces

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def published(report_build, tmp_path_factory) -> Path:
    """One province's reports (with national and data quality), HTML and PDF: the reports folder."""
    out = tmp_path_factory.mktemp("verify-published")
    summary = run.run_reports(2022, provinces("77"), ("html", "pdf"), jobs=2, out=out, quiet=True,
                              processed_dir=report_build)
    assert summary.failed == 0, summary.failures
    return out


def copy_of(published: Path, tmp_path: Path) -> Path:
    out = tmp_path / "reports"
    shutil.copytree(published, out)
    return out


def verify_args(out: Path, processed: Path) -> list[str]:
    return ["verify", "--year", "2022", "--out", str(out), "--processed", str(processed), "--quiet"]


def test_a_file_linked_by_the_index_but_left_out_of_the_manifest_is_named(published, report_build, tmp_path, capsys):
    out = copy_of(published, tmp_path)
    year_dir = out / "2022"
    data = json.loads((year_dir / "manifest.json").read_text(encoding="utf-8"))
    del data["reports"]["province-77"]  # the entry removed, its PDF altered, still linked from index.html
    files.write_json(year_dir / "manifest.json", data)
    pdf = year_dir / "provinces" / "77-ba-ria-vung-tau.pdf"
    pdf.write_bytes(pdf.read_bytes() + b"%")
    assert 'href="provinces/77-ba-ria-vung-tau.pdf"' in (year_dir / "index.html").read_text(encoding="utf-8")
    assert cli.main(verify_args(out, report_build)) == 1
    captured = capsys.readouterr()
    assert f"differs: {pdf} (linked from index.html but recorded in no manifest entry)" in captured.out
    assert "reproduce" in captured.err and "all" not in captured.err


def test_failed_missing_and_altered_are_each_named(published, report_build, tmp_path, capsys):
    out = copy_of(published, tmp_path)
    year_dir = out / "2022"
    data = json.loads((year_dir / "manifest.json").read_text(encoding="utf-8"))
    data["reports"]["data-quality"].update(status="failed", error={"cell": 3, "line": "ValueError: bad"})
    files.write_json(year_dir / "manifest.json", data)
    (year_dir / "national.pdf").unlink()
    html = year_dir / "national.html"
    html.write_text(html.read_text(encoding="utf-8") + " ", encoding="utf-8")
    assert cli.main(verify_args(out, report_build)) == 1
    lines = capsys.readouterr().out.splitlines()
    assert f"missing: {year_dir / 'national.pdf'}" in lines
    assert f"differs: {html} (the published file)" in lines
    assert "failed: data-quality: the last rendering of this report failed (ValueError: bad)" in lines
    assert not any("differs" in line and "national.pdf" in line for line in lines), "missing, not differs"


def test_inputs_that_changed_since_the_reports_are_named(published, report_build, tmp_path, capsys):
    out = copy_of(published, tmp_path)
    processed = tmp_path / "processed"
    shutil.copytree(report_build, processed)
    panel = processed / "panel.parquet"
    import pandas as pd

    frame = pd.read_parquet(panel)
    frame.iloc[:0].to_parquet(panel, index=False)  # another (empty) panel: still readable
    del frame
    assert cli.main(verify_args(out, processed)) == 1
    captured = capsys.readouterr()
    assert any(line.startswith("inputs changed: ") and "panel.parquet" in line and "--force" in line
               for line in captured.out.splitlines()), captured.out


def test_a_corrupt_manifest_is_refused_by_name(published, report_build, tmp_path, capsys):
    out = copy_of(published, tmp_path)
    manifest = out / "2022" / "manifest.json"
    manifest.write_text('{"year": 2022, "reports": {', encoding="utf-8")
    assert cli.main(verify_args(out, report_build)) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "manifest.json is damaged" in err[0] and "--force" in err[0]
    manifest.unlink()
    assert cli.main(verify_args(out, report_build)) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "manifest.json does not exist" in err[0]


def test_an_intact_set_reproduces_and_a_killed_verify_leaves_no_folder(published, report_build, tmp_path, capsys):
    leftover = Path(tempfile.gettempdir()) / f"{lifetime.VERIFY_PREFIX}{dead_pid()}-x"
    leftover.mkdir()
    assert cli.main(verify_args(published, report_build)) == 0
    assert "outputs reproduce" in capsys.readouterr().out
    assert not leftover.exists(), "the folder of a killed verify is removed by the next run"
    before = set(Path(tempfile.gettempdir()).glob(f"{lifetime.VERIFY_PREFIX}*"))
    proc = subprocess.Popen([sys.executable, "-m", "analysis", *verify_args(published, report_build)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 60
    while time.time() < deadline and not set(Path(tempfile.gettempdir()).glob(f"{lifetime.VERIFY_PREFIX}{proc.pid}-*")):
        time.sleep(0.1)
    proc.kill()
    proc.wait()
    assert set(Path(tempfile.gettempdir()).glob(f"{lifetime.VERIFY_PREFIX}{proc.pid}-*")), "it had its folder"
    lifetime.remove_leftovers()
    assert not set(Path(tempfile.gettempdir()).glob(f"{lifetime.VERIFY_PREFIX}{proc.pid}-*")) - before
    assert os.path.exists(published)
    assert verify.linked_files(published / "2022" / "index.html") >= {"national.pdf", "data/datapackage.json"}
