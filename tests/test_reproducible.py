"""Reports are byte-for-byte reproducible, and `khuyencong verify` says so (test_verify: what it names when they are not)."""

from __future__ import annotations

import pytest

from analysis import cli, reference
from analysis.reports import run

pytestmark = pytest.mark.slow


def test_a_forced_render_with_another_worker_count_is_byte_identical(built_reports, report_build, tmp_path, capsys):
    shared, _ = built_reports  # two workers (conftest.built_reports)
    chosen = [reference.match_province("77", 2022)]
    summary = run.run_reports(2022, chosen, ("html", "pdf"), jobs=1, force=True, out=tmp_path / "one",
                              quiet=True, processed_dir=report_build)
    assert summary.failed == 0, summary.failures
    one = tmp_path / "one" / "2022"
    # everything but the run's own record, the index (which lists the reports of each run) and the status page
    files = sorted(p.relative_to(one) for p in one.rglob("*") if p.is_file()
                   and p.name not in ("manifest.json", "index.html", "status.html"))
    assert len([f for f in files if f.suffix in (".html", ".pdf", ".ipynb")]) == 9  # 3 reports x 3 outputs
    different = [str(f) for f in files if (one / f).read_bytes() != (shared / f).read_bytes()]
    assert different == []

    args = ["verify", "--year", "2022", "--out", str(tmp_path / "one"), "--processed", str(report_build), "--quiet"]
    assert cli.main(args) == 0
    assert "all 14 outputs reproduce" in capsys.readouterr().out  # and the open data (package, 3 CSVs) and status page the index links
    # an altered published file is named by test_verify (every fault of a set at once, one verify)
