"""Reports are byte-for-byte reproducible, and `khuyencong verify` says so (or names what differs)."""

from __future__ import annotations

import pytest

from analysis import cli, reference
from analysis.reports import run

pytestmark = pytest.mark.slow


def test_two_forced_renders_with_other_worker_counts_are_byte_identical(report_build, tmp_path, capsys):
    chosen = [reference.match_province("77", 2022)]
    for name, jobs in (("one", 1), ("two", 2)):
        summary = run.run_reports(2022, chosen, ("html", "pdf"), jobs=jobs, force=True, out=tmp_path / name,
                                  quiet=True, processed_dir=report_build)
        assert summary.failed == 0, summary.failures
    one, two = tmp_path / "one" / "2022", tmp_path / "two" / "2022"
    files = sorted(p.relative_to(one) for p in one.rglob("*") if p.is_file() and p.name != "manifest.json")
    assert len([f for f in files if f.suffix in (".html", ".pdf", ".ipynb")]) == 10  # 9 outputs and index.html
    assert files == sorted(p.relative_to(two) for p in two.rglob("*") if p.is_file() and p.name != "manifest.json")
    different = [str(f) for f in files if (one / f).read_bytes() != (two / f).read_bytes()]
    assert different == []

    args = ["verify", "--year", "2022", "--out", str(tmp_path / "one"), "--processed", str(report_build), "--quiet"]
    assert cli.main(args) == 0
    assert "all 10 outputs reproduce" in capsys.readouterr().out  # and the open data package the index links
    (one / "national.pdf").write_bytes((one / "national.pdf").read_bytes() + b"\n")
    assert cli.main(args) == 1
    captured = capsys.readouterr()
    assert f"differs: {one / 'national.pdf'} (the published file)" in captured.out
    assert "1 of 10 outputs do not reproduce" in captured.err
