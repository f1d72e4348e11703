"""The fingerprint of a published set (analysis.reports.fingerprint): what a run with nothing to do
compares, so that it stops at once, yet notices any change of an input or of the set."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from analysis.reports import fingerprint

REQUEST = fingerprint.request_key(2022, None, ("html", "pdf"), "vi")


@pytest.fixture
def layout(tmp_path):
    """A processed folder, notebooks, and a published set with its manifest and fingerprint."""
    processed, notebooks, out = tmp_path / "processed", tmp_path / "notebooks", tmp_path / "reports"
    (processed / "2021").mkdir(parents=True)
    (processed / "2022").mkdir()
    for name in ("units.parquet", "quality.csv", "provenance.json", "cells.parquet"):
        (processed / "2022" / name).write_text(name)
    (processed / "2021" / "quality.csv").write_text("earlier")
    (processed / "panel.parquet").write_text("panel")
    notebooks.mkdir()
    for name in fingerprint.NOTEBOOKS:
        (notebooks / name).write_text(name)
    year_dir = out / "2022"
    (year_dir / "provinces").mkdir(parents=True)
    (year_dir / "releases" / "1").mkdir(parents=True)
    for rel in ("national.pdf", "index.html", "provinces/77-ba-ria-vung-tau.pdf", "releases/1/national.pdf",
                "releases/1/release.json"):
        (year_dir / rel).write_text(rel)
    (out / "index.html").write_text("all years")
    entries = {"national": {"status": "built", "outputs": {"national.pdf": "x"}}}
    state = fingerprint.state_digest(2022, year_dir, entries, processed, notebooks)
    manifest = {"year": 2022, "updated": "then", "reports": entries,
                "fingerprint": fingerprint.fingerprint_after({}, state, REQUEST, 65)}
    (year_dir / "manifest.json").write_text(json.dumps(manifest))
    return processed, notebooks, out


def unchanged(layout, request: str = REQUEST):
    processed, notebooks, out = layout
    return fingerprint.unchanged_jobs(2022, request, out, processed, notebooks)


def test_a_set_as_its_run_left_it_is_unchanged(layout):
    assert unchanged(layout) == 65


def test_another_request_is_not_taken_for_the_recorded_one(layout):
    assert unchanged(layout, fingerprint.request_key(2022, ["77"], ("html", "pdf"), "vi")) is None
    assert unchanged(layout, fingerprint.request_key(2022, None, ("html",), "vi")) is None
    assert unchanged(layout, fingerprint.request_key(2022, None, ("html", "pdf"), "en")) is None


@pytest.mark.parametrize("change", [
    "processed/2022/units.parquet", "processed/2022/status.csv", "processed/panel.parquet",
    "processed/2021/quality.csv", "notebooks/province_profile.ipynb", "reports/2022/national.pdf",
    "reports/2022/data-quality.pdf", "reports/2022/releases/1/release.json", "reports/2022/releases/2/release.json",
])
def test_any_changed_input_output_or_release_is_noticed(layout, change):
    processed, _, _ = layout
    path = processed.parent / change
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("changed")
    assert unchanged(layout) is None


@pytest.mark.parametrize("gone", ["reports/2022/provinces/77-ba-ria-vung-tau.pdf", "reports/index.html",
                                  "processed/2022/cells.parquet"])
def test_a_removed_file_is_noticed(layout, gone):
    processed, _, _ = layout
    (processed.parent / gone).unlink()
    assert unchanged(layout) is None


def test_an_edited_or_damaged_manifest_is_noticed(layout):
    _, _, out = layout
    path = out / "2022" / "manifest.json"
    manifest = json.loads(path.read_text())
    manifest["reports"]["national"]["status"] = "failed"
    path.write_text(json.dumps(manifest))
    assert unchanged(layout) is None
    path.write_text("{not json")
    assert unchanged(layout) is None


def test_a_release_is_known_by_its_record_and_the_manifest_by_its_entries(layout):
    # a release is never touched again (verify --release checks it); the manifest's time is not an input
    _, _, out = layout
    (out / "2022" / "releases" / "1" / "national.pdf").write_text("not read")
    path = out / "2022" / "manifest.json"
    path.write_text(json.dumps({**json.loads(path.read_text()), "updated": "now"}))
    assert unchanged(layout) == 65


def test_requests_completed_at_one_state_are_kept_together():
    first = fingerprint.fingerprint_after({}, "s1", "vi", 65)
    both = fingerprint.fingerprint_after(first, "s1", "en", 65)
    assert both == {"state": "s1", "requests": {"vi": 65, "en": 65}}
    assert fingerprint.fingerprint_after(both, "s2", "en", 65) == {"state": "s2", "requests": {"en": 65}}


def test_the_check_imports_neither_pandas_nor_the_report_machinery(layout):
    processed, notebooks, out = layout
    check = (f"n = fingerprint.unchanged_jobs(2022, {REQUEST!r}, {str(out)!r}, {str(processed)!r}, "
             f"{str(notebooks)!r}); ")
    heavy = "print(n, [m for m in HEAVY if m in sys.modules])"
    machinery = "('pandas', 'numpy', 'papermill', 'nbformat', 'weasyprint', 'matplotlib', 'jinja2')"

    def loaded(imports: str, modules: str) -> list[str]:
        code = f"import sys; HEAVY = {modules}; {imports}; {check}{heavy}"
        result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
        return result.stdout.strip().split(maxsplit=1)

    assert loaded("from analysis.reports import fingerprint", machinery) == ["65", "[]"]
    # the command's own modules: no report machinery (pandas comes with analysis.messages, for pd.isna)
    assert loaded("from analysis import cli; from analysis.reports import fingerprint, run",
                  "('papermill', 'nbformat', 'weasyprint', 'matplotlib', 'jinja2')") == ["65", "[]"]
