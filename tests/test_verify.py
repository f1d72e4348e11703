"""`khuyencong verify` accounts for the whole published set: every file an index page links, every
report the manifest knows (failed ones too), missing and altered files, inputs changed since the
reports were rendered, a corrupt manifest; a killed verify's folder is removed by the next run.

One verify renders again (on a copy of the session's conftest.built_reports with every fault planted
at once); the rest needs no kernel."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from analysis import cli, files
from analysis.reports import lifetime, verify
from test_reliability import dead_pid


@pytest.fixture
def published(built_reports, tmp_path) -> Path:
    """A copy of the session's reports folder (national, data quality, three provinces), to tamper with."""
    year_dir, _ = built_reports
    out = tmp_path / "reports"
    shutil.copytree(year_dir.parent, out)
    return out


def verify_args(out: Path, processed: Path) -> list[str]:
    return ["verify", "--year", "2022", "--out", str(out), "--processed", str(processed), "--quiet"]


@pytest.mark.slow
def test_every_fault_of_the_set_is_named(published, report_build, capsys):
    year_dir = published / "2022"
    data = json.loads((year_dir / "manifest.json").read_text(encoding="utf-8"))
    del data["reports"]["province-79"]  # the entry removed, its PDF altered, still linked from index.html
    data["reports"]["data-quality"].update(status="failed", error={"cell": 3, "line": "ValueError: bad"})
    files.write_json(year_dir / "manifest.json", data)
    pdf = year_dir / "provinces" / "79-tp-ho-chi-minh.pdf"
    pdf.write_bytes(pdf.read_bytes() + b"%")
    assert 'href="provinces/79-tp-ho-chi-minh.pdf"' in (year_dir / "index.html").read_text(encoding="utf-8")
    (year_dir / "national.pdf").unlink()
    html = year_dir / "national.html"
    html.write_text(html.read_text(encoding="utf-8") + " ", encoding="utf-8")
    leftover = Path(tempfile.gettempdir()) / f"{lifetime.VERIFY_PREFIX}{dead_pid()}-x"
    leftover.mkdir()

    assert cli.main(verify_args(published, report_build)) == 1
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    assert f"differs: {pdf} (linked from index.html but recorded in no manifest entry)" in lines
    assert f"missing: {year_dir / 'national.pdf'}" in lines
    assert f"differs: {html} (the published file)" in lines
    assert "failed: data-quality: the last rendering of this report failed (ValueError: bad)" in lines
    assert not any("differs" in line and "national.pdf" in line for line in lines), "missing, not differs"
    # the index still links the report now recorded as failed: its files are recorded by no entry either
    assert {f"differs: {year_dir / name} (linked from index.html but recorded in no manifest entry)"
            for name in ("data-quality.html", "data-quality.pdf", "provinces/79-tp-ho-chi-minh.html")} <= set(lines)
    assert len(lines) == 7, lines
    assert captured.err.strip().endswith("problem(s) found, 13 outputs compared") or "7 problem(s)" in captured.err
    assert not leftover.exists(), "the folder of a killed verify is removed by the next run"


def test_inputs_that_changed_since_the_reports_are_named(report_build, tmp_path):
    processed = tmp_path / "processed"
    shutil.copytree(report_build, processed)
    entries = {"national": {"status": "built", "kind": "national", "notebook": "national_assessment.ipynb",
                            "inputs": {"units.parquet": files.sha256_file(processed / "2022" / "units.parquet"),
                                       "panel.parquet": "0" * 64}}}
    changed = verify.changed_inputs(2022, entries, processed, Path("notebooks"))
    assert [Path(c).name for c in changed] == ["panel.parquet"]


def test_a_corrupt_or_missing_manifest_is_refused_by_name(tmp_path, report_build, capsys):
    manifest = tmp_path / "2022" / "manifest.json"
    manifest.parent.mkdir()
    for text in ('{"year": 2022, "reports": {', '[1, 2]', '{"reports": {"national": 3}}'):
        manifest.write_text(text, encoding="utf-8")
        assert cli.main(verify_args(tmp_path, report_build)) == 1
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and f"{manifest.name} is damaged" in err[0] and "--force" in err[0], err
    manifest.unlink()
    assert cli.main(verify_args(tmp_path, report_build)) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "manifest.json does not exist" in err[0]


def test_a_killed_verify_leaves_its_folder_to_the_next_run(report_build, tmp_path):
    entry = {"status": "built", "kind": "national", "notebook": "national_assessment.ipynb", "inputs": {},
             "outputs": {"national.html": "0" * 64}, "lang": "vi", "formats": ["html"], "parameters": {}}
    files.write_json(tmp_path / "2022" / "manifest.json", {"year": 2022, "reports": {"national": entry}})
    proc = subprocess.Popen([sys.executable, "-m", "analysis", *verify_args(tmp_path, report_build)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    mine = f"{lifetime.VERIFY_PREFIX}{proc.pid}-*"
    deadline = time.time() + 120
    while time.time() < deadline and not list(Path(tempfile.gettempdir()).glob(mine)):
        time.sleep(0.05)
    proc.kill()
    proc.wait()
    assert list(Path(tempfile.gettempdir()).glob(mine)), "it had made its folder"
    lifetime.remove_leftovers()
    assert not list(Path(tempfile.gettempdir()).glob(mine))


def test_the_index_links_are_read_as_files_of_the_year():
    page = Path(tempfile.mkdtemp()) / "index.html"
    page.write_text('<a href="national.pdf">x</a><a href="index.en.html">en</a><a href="../index.html">up</a>'
                    '<a href="https://example.org/a.pdf">ext</a><a href="data/units.csv#top">csv</a>'
                    '<img src="data:image/png;base64,AA">', encoding="utf-8")
    assert verify.linked_files(page) == {"national.pdf", "data/units.csv"}
