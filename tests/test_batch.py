"""End-to-end tests of `khuyencong report`: outputs, manifest, PDF text, escaping, skips, failures, clean kernels.

Every test here drives Jupyter kernels (marked slow; `make test-fast` skips them). PDF text is read
with pypdf, so no system tool is needed.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import nbformat
import pytest

from analysis import cli, config, fmt, reference
from analysis.present.recorded import recorded
from analysis.reports import run
from analysis.reports.plan import sha256_path
from conftest import BIG_CITY, HOSTILE, copy_of, pdf_page_texts
from conftest import REPORT_PROVINCES as PROVINCES  # noqa: E402

pytestmark = pytest.mark.slow


def provinces(*codes: str) -> list[reference.Province]:
    return [reference.match_province(code, 2022) for code in codes]


@pytest.fixture
def built(built_reports):
    return built_reports


def pdf_text(path) -> str:
    """The text of every page of a PDF (pypdf)."""
    return "\n".join(pdf_page_texts(path))


def test_report_writes_every_output_and_the_layout(built):
    out, summary = built
    assert (summary.built, summary.failed, summary.exit_status) == (len(PROVINCES) + 2, 0, 0)
    for stem in ("national", "data-quality", "provinces/77-ba-ria-vung-tau", "provinces/79-tp-ho-chi-minh",
                 "provinces/62-kon-tum", "provinces/04-cao-bang", "provinces/35-ha-nam"):
        for suffix in (".html", ".pdf"):
            assert (out / f"{stem}{suffix}").stat().st_size > 1000, stem + suffix
        assert (out / "notebooks" / f"{stem}.ipynb").exists()
    assert (out / "index.html").exists()
    assert not list(out.rglob(".*.tmp")), "no temporary file is left behind"


def test_report_manifest_records_inputs_outputs_and_status(built, report_build):
    out, _ = built
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    entry = manifest["reports"]["province-77"]
    assert entry["parameters"] == {"province": "77", "year": 2022, "lang": "vi"}
    assert entry["status"] == "built" and entry["duration_s"] > 0 and entry["started"]
    assert entry["inputs"]["units.parquet"] == sha256_path(report_build / "2022" / "units.parquet")
    assert entry["inputs"]["notebook"] == sha256_path(config.NOTEBOOKS_DIR / "province_profile.ipynb")
    assert entry["package_version"] and "git_commit" in entry
    for rel, digest in entry["outputs"].items():
        assert sha256_path(out / rel) == digest
    assert set(entry["outputs"]) == {"provinces/77-ba-ria-vung-tau.html", "provinces/77-ba-ria-vung-tau.pdf",
                                     "notebooks/provinces/77-ba-ria-vung-tau.ipynb"}


def test_report_html_holds_the_figures_and_no_script(built, report_build):
    import pandas as pd

    out, _ = built
    units = pd.read_parquet(report_build / "2022" / "units.parquet").set_index("province_code")
    html = (out / "provinces" / "79-tp-ho-chi-minh.html").read_text(encoding="utf-8")
    assert "TP Hồ Chí Minh: nhân lực và mạng lưới khuyến công" in html
    assert f"có {units.at[BIG_CITY, 'staff_total']} cán bộ" in html
    assert "<script" not in html and "require.js" not in html and "mathjax" not in html.lower()
    assert html.count("data:image/svg+xml") >= 2, "charts are embedded (SVG)"
    assert "DỮ LIỆU MẪU" in html
    national = (out / "national.html").read_text(encoding="utf-8")
    # the headline total is this build's own sum over provincial units (Kon Tum's return is missing),
    # in the Vietnamese format
    provincial = int(units.loc[units["unit_type"] == config.UNIT_TYPE_PROVINCE, "staff_total"].sum())
    shown = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["reports"]["national"]["recorded"]
    assert shown["national"]["staff_total"] == provincial
    assert f">{fmt.number(provincial, 'vi')}<" in national
    assert "KHÔNG KHỚP" in national  # 62 provincial units against the published 63, shown in red


def test_report_pdf_text_has_the_name_as_written_and_the_banner(built):
    out, _ = built
    text = pdf_text(out / "provinces" / "77-ba-ria-vung-tau.pdf")
    assert "Bà Rịa - Vũng Tàu" in text
    assert text.count("DỮ LIỆU MẪU") >= 2, "banner in the page header and in the body"
    assert re.search(r"\b1\s*/\s*\d+\b", text), "page numbers"


def test_report_escapes_hostile_notes_in_the_notebook_html_and_pdf(built):
    out, _ = built
    nb = nbformat.read(out / "notebooks" / "provinces" / "77-ba-ria-vung-tau.ipynb", as_version=4)
    shown = "".join(o.get("data", {}).get("text/html", "") for c in nb.cells for o in c.get("outputs", []))
    assert "<script>" not in shown
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in shown  # Jinja2 escapes " as &#34;
    assert recorded(nb)["profile"]["notes"] == HOSTILE  # recorded as typed
    html = (out / "provinces" / "77-ba-ria-vung-tau.html").read_text(encoding="utf-8")
    assert "<script>alert" not in html and "<b>bold</b>" not in html
    assert "&lt;script&gt;alert(" in html and "&lt;b&gt;bold&lt;/b&gt;" in html
    assert '<script>alert("x")</script>' in pdf_text(out / "provinces" / "77-ba-ria-vung-tau.pdf").replace("\n", " ")


def test_report_no_return_province_is_marked_in_the_index(built, report_build):
    import pandas as pd

    out, _ = built
    units = pd.read_parquet(report_build / "2022" / "units.parquet").set_index("province_code")
    index = (out / "index.html").read_text(encoding="utf-8")
    assert 'class="status-no_return"' in index and "Kon Tum" in index
    assert index.count("<tr class=") == 63
    # Hà Nội has no report in this run: listed, its figures from the national report, marked in words
    row = re.search(r'<tr class="status-noreport">(?:(?!</tr>).)*Hà Nội(?:(?!</tr>).)*</tr>', index).group(0)
    assert "chưa tạo báo cáo" in row and f'data-sort="{units.at["01", "staff_total"]}"' in row


def test_report_rerun_skips_everything_and_says_so(built, report_build):
    out, _ = built
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*.pdf")}
    summary = run.run_reports(2022, provinces(*PROVINCES), ("html", "pdf"), jobs=2, out=out.parent, quiet=True,
                                processed_dir=report_build)
    assert (summary.built, summary.skipped, summary.failed) == (0, len(PROVINCES) + 2, 0)
    assert "nothing to do" in run.summary_line(summary, 2022)
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*.pdf")} == before


def _no_snapshot(*args, **kwargs):
    raise AssertionError("a run with nothing to do copies no data")


def test_report_rerun_stops_at_the_fingerprint_without_touching_the_data_or_the_set(built, report_build,
                                                                                   monkeypatch):
    out, _ = built
    again = {"jobs": 2, "out": out.parent, "quiet": True, "processed_dir": report_build}
    run.run_reports(2022, provinces(*PROVINCES), ("html", "pdf"), **again)  # complete: its fingerprint recorded
    manifest = (out / "manifest.json").read_bytes()
    assert json.loads(manifest)["fingerprint"]["requests"]
    monkeypatch.setattr(run, "processed_snapshot", _no_snapshot)
    summary = run.run_reports(2022, provinces(*PROVINCES), ("html", "pdf"), **again)
    assert (summary.built, summary.skipped, summary.failed) == (0, len(PROVINCES) + 2, 0)
    assert (out / "manifest.json").read_bytes() == manifest


def test_report_rerun_without_a_fingerprint_checks_every_report_and_records_it(built, report_build, tmp_path,
                                                                               monkeypatch):
    # the whole way: every report found up to date by its input key and intact outputs, the open data,
    # status page and index written again (the same bytes), the fingerprint recorded for the next run
    copy = copy_of(built[0].parent, tmp_path)
    again = {"jobs": 2, "out": copy, "quiet": True, "processed_dir": report_build}
    run.run_reports(2022, provinces(*PROVINCES), ("html", "pdf"), **again)
    index = (copy / "2022" / "index.html").read_bytes()
    manifest_path = copy / "2022" / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    del manifest["fingerprint"]
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
    (copy / "2022" / "index.html").write_text("edited by hand", encoding="utf-8")
    summary = run.run_reports(2022, provinces(*PROVINCES), ("html", "pdf"), **again)
    assert (summary.built, summary.skipped, summary.failed) == (0, len(PROVINCES) + 2, 0)
    assert (copy / "2022" / "index.html").read_bytes() == index
    monkeypatch.setattr(run, "processed_snapshot", _no_snapshot)  # recorded: the next run stops at it
    assert run.run_reports(2022, provinces(*PROVINCES), ("html", "pdf"), **again).skipped == len(PROVINCES) + 2


def test_report_rebuilds_a_report_whose_output_was_damaged(built, report_build, tmp_path):
    copy = copy_of(built[0].parent, tmp_path)  # the session's set is read by other test processes meanwhile
    out = copy / "2022"
    (out / "provinces" / "79-tp-ho-chi-minh.pdf").write_bytes(b"half a file")
    summary = run.run_reports(2022, provinces(BIG_CITY), ("html", "pdf"), jobs=1, out=copy, quiet=True,
                                processed_dir=report_build)
    assert summary.built == 1 and summary.skipped == 2
    assert pdf_text(out / "provinces" / "79-tp-ho-chi-minh.pdf").count("TP Hồ Chí Minh") >= 1


def _notebooks_with(tmp_path, province_cells: list[str]):
    """A notebooks folder: the real national and quality notebooks, and a small province notebook."""
    folder = tmp_path / "notebooks"
    folder.mkdir()
    for name in ("national_assessment.ipynb", "data_quality.ipynb"):
        shutil.copy(config.NOTEBOOKS_DIR / name, folder / name)
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    params = nbformat.v4.new_code_cell('province = "77"\nyear = 2022\nlang = "vi"')
    params.metadata["tags"] = ["parameters"]
    nb.cells = [params] + [nbformat.v4.new_code_cell(src) for src in province_cells]
    nbformat.write(nb, folder / "province_profile.ipynb")
    return folder


def test_report_failing_province_leaves_the_others_and_exits_1(report_build, tmp_path, capsys):
    folder = _notebooks_with(tmp_path, [
        'from analysis.present.recorded import record\nrecord("profile", {"returned": True, "province": province})',
        'if province == "79":\n    raise ValueError("boom in " + province)',
    ])
    status = cli.main(["report", "--year", "2022", "--province", "77", "79", "--format", "html", "--jobs", "2",
                       "--out", str(tmp_path / "out"), "--quiet", "--notebooks", str(folder),
                       "--processed", str(report_build)])
    assert status == 1
    out = tmp_path / "out" / "2022"
    assert (out / "provinces" / "77-ba-ria-vung-tau.html").exists()
    assert not (out / "provinces" / "79-tp-ho-chi-minh.html").exists()
    assert (out / "notebooks" / "provinces" / "79-tp-ho-chi-minh.failed.ipynb").exists(), "kept for audit"
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    failed = manifest["reports"]["province-79"]
    assert failed["status"] == "failed" and failed["error"]["line"] == "ValueError: boom in 79"
    assert failed["error"]["cell"] is not None
    err = capsys.readouterr()
    assert "province-79" in err.err and "ValueError: boom in 79" in err.err
    assert "1 failed" in err.out
    assert 'class="status-failed"' in (out / "index.html").read_text(encoding="utf-8")


LEAK_CELLS = [
    'assert "leaked" not in globals(), "a variable survived from an earlier report"',
    "leaked = province",
]


def test_warm_kernel_starts_each_report_from_a_clean_namespace(report_build, tmp_path):
    folder = _notebooks_with(tmp_path, LEAK_CELLS)
    summary = run.run_reports(2022, provinces("77", "79", "45"), ("html",), jobs=1, out=tmp_path / "out",
                                quiet=True, notebooks_dir=folder, processed_dir=report_build)
    assert summary.failed == 0, summary.failures


def test_leak_check_fails_without_the_reset(report_build, tmp_path, monkeypatch):
    """The test above would catch a leak: with the reset switched off, the second report fails."""
    from analysis.reports import kernel

    monkeypatch.setattr(kernel, "RESET_CODE", "pass")
    folder = _notebooks_with(tmp_path, LEAK_CELLS)
    summary = run.run_reports(2022, provinces("77", "79"), ("html",), jobs=1, out=tmp_path / "out",
                                quiet=True, notebooks_dir=folder, processed_dir=report_build)
    assert summary.failed == 1 and "survived from an earlier report" in summary.failures[0]


def test_report_unknown_province_stops_before_anything_runs(tmp_path, capsys):
    status = cli.main(["report", "--year", "2022", "--province", "Hà Tây", "--out", str(tmp_path)])
    assert status == 2
    assert "'Hà Tây' is not a province in 2022" in capsys.readouterr().err
    assert not any(tmp_path.iterdir())


def test_report_of_several_years_runs_each_once_in_order_on_the_same_workers(sample_processed, tmp_path, capsys,
                                                                              monkeypatch):
    """`--year 2025 2024 2025`: each year once, in the order given, every run on the same kept workers
    (what they do is the test above); a year that was never built stops the command before any run."""
    args = ["--province", "01", "--format", "html", "--out", str(tmp_path / "out"), "--processed",
            str(sample_processed)]
    assert cli.main(["report", "--year", "2024", "2031", *args]) == 2
    assert "2031" in capsys.readouterr().err and not (tmp_path / "out").exists(), "checked before any run"

    runs = []

    def recorded_run(year, provinces, formats, jobs, force, out, lang, *rest, **options):
        runs.append((year, [p.code for p in provinces], lang, options["workers"]))
        return run.RunSummary(built=3, seconds=1.0, index=out / str(year) / "index.html")

    monkeypatch.setattr(run, "run_reports", recorded_run)
    assert cli.main(["report", "--year", "2025", "2024", "2025", *args]) == 0
    assert [(year, codes, lang) for year, codes, lang, _ in runs] == [(2025, ["01"], "vi"), (2024, ["01"], "vi")]
    assert runs[0][3] is not None and runs[0][3] is runs[1][3]
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(":")[0] for line in lines] == ["2025", "2024"] and all(" 3 built" in line for line in lines)


@pytest.mark.parametrize("terminal, words", [("en", "2022, English edition: 3 built"),
                                              ("vi", "2022, bản tiếng Anh: 3 đã tạo")])
def test_summary_line_names_the_edition_for_a_command_that_renders_both(monkeypatch, terminal, words):
    monkeypatch.setenv("KHUYENCONG_LANG", terminal)
    summary = run.RunSummary(built=3, seconds=1.5, index=Path("reports/2022/index.html"))
    assert run.summary_line(summary, 2022, "en").startswith(words)
    assert run.summary_line(summary, 2022).startswith("2022: 3 ")


def test_a_report_that_kills_its_kernel_fails_alone(report_build, tmp_path):
    folder = _notebooks_with(tmp_path, [
        'from analysis.present.recorded import record\nrecord("profile", {"returned": True})',
        'if province == "77":\n    import os\n    os._exit(1)',
    ])
    summary = run.run_reports(2022, provinces("77", "79"), ("html",), jobs=1, out=tmp_path / "out",
                                quiet=True, notebooks_dir=folder, processed_dir=report_build)
    assert summary.failed == 1 and summary.failures[0].startswith("province-77")
    assert (tmp_path / "out" / "2022" / "provinces" / "79-tp-ho-chi-minh.html").exists()


def test_report_publishes_the_open_data_package_and_the_index_links_it(built):
    from frictionless import Package

    out, _ = built
    assert 'href="data/datapackage.json"' in (out / "index.html").read_text(encoding="utf-8")
    package = json.loads((out / "data" / "datapackage.json").read_text(encoding="utf-8"))
    assert {r["path"] for r in package["resources"]} <= {p.name for p in (out / "data").glob("*.csv")}
    report = Package(str(out / "data" / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:5]


def test_runs_on_kept_workers_start_their_kernel_once_and_give_the_same_reports(built, report_build, tmp_path,
                                                                               monkeypatch):
    """`khuyencong report --lang both` renders both editions on the same workers: one kernel, started
    once, and the reports are those of the session's own kept workers (after other runs on them)."""
    import psutil

    from test_reliability import kernels_of

    me = psutil.Process()
    before = {p.pid for p in kernels_of(me)}  # the session's own kept workers, if started
    out, runs, real = tmp_path / "out", [], run.run_reports

    def watched(year, *rest, **options):
        summary = real(year, *rest, **options)
        assert summary.built == 3 and summary.failed == 0, summary.failures
        runs.append((options["workers"], {p.pid for p in kernels_of(me)} - before))
        return summary

    monkeypatch.setattr(run, "run_reports", watched)
    assert cli.main(["report", "--year", "2022", "--province", "77", "--format", "html", "--jobs", "1", "--force",
                     "--lang", "both", "--out", str(out), "--quiet", "--processed", str(report_build)]) == 0
    (workers, kernels), (same_workers, same_kernels) = runs
    assert workers is same_workers and len(kernels) == 1 and same_kernels == kernels, "one kernel, kept"
    shared, _ = built  # rendered on the session's kept workers, after other runs on them
    for rel in ("national.html", "provinces/77-ba-ria-vung-tau.html", "notebooks/national.ipynb"):
        assert (out / "2022" / rel).read_bytes() == (shared / rel).read_bytes(), rel
    assert (out / "2022" / "provinces" / "77-ba-ria-vung-tau.en.html").exists()
    with pytest.raises(ValueError):
        run.run_reports(2022, [], out=out, quiet=True, processed_dir=report_build, render_timeout_s=5,
                        workers=run.WarmWorkers(1))
