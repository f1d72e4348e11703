"""`khuyencong release`: publish the year's current reports as release N, kept byte for byte.

A release copies every built report of reports/<year>/ (HTML, PDF, executed notebook), the open
data and the index into reports/<year>/releases/<N>/, with the processed data it came from
(`inputs/`: units and cells, for `khuyencong diff`), the year's manifest and release.json (number,
date, note, kind, the sha256 of every file of the release, the figures that changed since the
previous release). It is refused, naming each reason, when the reports are not those of the current
data (as `verify` checks), a report failed, a published file was altered, or the build is not that
of the current returns (a return changed or was added since, e.g. a correction with an error).
The release is written on a staged copy of the year and swapped in as one (staging.staged_copy, swap_in).
"""

from __future__ import annotations

import json
import multiprocessing
import os
import shutil
import signal
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

from analysis import config, files, messages
from analysis.config import NOTEBOOKS_DIR, PROCESSED_DIR, PROJECT_ROOT, REPORTS_DIR, relative_to_root
from analysis.faults import Fault
from analysis.reports import changes, lifetime, lock, manifest, staging, verify
from analysis.reports.manifest import RELEASE_FILE, RELEASES, releases
from analysis.reports.plan import sha256_path
from analysis.reports.run import stop_workers, worker_count

KINDS = ("revision", "correction")


class ReleaseRefused(Fault):
    """The release cannot be made: every reason, one line each (exit 1)."""

    def __init__(self, reasons: list[Fault]) -> None:
        self.reasons = reasons
        Fault.__init__(self, "release.refused", n=len(reasons))


def refusals(year: int, out: Path, processed_dir: Path, notebooks_dir: Path) -> list[Fault]:
    """Every reason the year's current reports cannot be released ([] when they can)."""
    year_dir = Path(out) / str(year)
    command = verify.report_command(year, out, processed_dir)
    entries = verify.checked_entries(year_dir, command)  # ReportError for a missing or damaged manifest
    reasons = [Fault("verify.inputs_changed", path=path, command=f"{command} --force")
               for path in verify.changed_inputs(year, entries, processed_dir, notebooks_dir)]
    for key, entry in sorted(entries.items()):
        attempt = entry.get("last_attempt") or {}
        if entry.get("status") != "built" or attempt.get("status") == "failed":
            error = (entry if entry.get("status") != "built" else attempt).get("error") or {}
            reasons.append(Fault("verify.failed", key=key, line=error.get("line", "?")))
            continue
        for rel, digest in sorted(entry.get("outputs", {}).items()):
            if sha256_path(year_dir / rel) != digest:
                code = "verify.missing" if not (year_dir / rel).exists() else "verify.differs_published"
                reasons.append(Fault(code, path=str(year_dir / rel)))
    reasons += stale_build(year, processed_dir)
    reasons += unsigned_returns(year, processed_dir)
    return reasons


def unsigned_returns(year: int, processed_dir: Path) -> list[Fault]:
    """Where the year keeps sign-off (an approvals log beside its returns, analysis.collection.approvals):
    every province whose return the build read and that is not signed off, or changed after it was.
    [] when the year has no approvals log."""
    from analysis import dataset, reference  # lazy: releases only
    from analysis.collection import approvals, logs  # lazy: releases only

    units = dataset.load_units(year, processed_dir)
    provincial = units[units["province_code"].notna()]
    if provincial.empty:
        return []
    raw_dir = _raw_dir(provincial["source_file"].iloc[0])
    if not approvals.log_path(raw_dir).exists():
        return []
    try:
        latest = approvals.latest_approvals(approvals.read_approvals(raw_dir, year))
    except logs.LogError as exc:
        return [Fault("release.approvals_unreadable", line=str(issue)) for issue in exc.issues]
    names = reference.provinces(reference.geo_for_year(year)).set_index("province_code")["province_name"]
    reasons = []
    for code, group in provincial.groupby("province_code", sort=True):
        files = sorted({Path(str(f)).name for f in group["source_file"]})
        state, _changed = approvals.approval_state(latest.get(code), approvals.current_files(raw_dir, files))
        if state != "approved":
            reasons.append(Fault("release.changed_after_sign_off" if state == "changed" else "release.not_signed_off",
                                 province=names.get(code, code), files=", ".join(files), year=year, province_code=code))
    return reasons


def _raw_dir(source_file: str) -> Path:
    """The year's folder of returns, from a source file as the build records it."""

    path = Path(source_file)
    return (path if path.is_absolute() else PROJECT_ROOT / path).parent


def stale_build(year: int, processed_dir: Path) -> list[Fault]:
    """The returns that changed, appeared or went since the year's build (its provenance inputs): the
    build is then not that of the current returns (a correction not built, or one with errors)."""
    from analysis import dataset, ingest  # lazy: releases only

    meta = dataset.load_provenance(year, processed_dir)
    recorded = {item["file"]: item["sha256"] for item in meta.get("inputs", [])}
    command = config.build_command(year, processed_dir)
    found = {}
    raw_dir = None
    for shown in recorded:
        path = Path(shown) if Path(shown).is_absolute() else PROJECT_ROOT / shown
        raw_dir = raw_dir or path.parent
        found[shown] = sha256_path(path)
    if raw_dir is not None and raw_dir.is_dir():
        for path in sorted(raw_dir.iterdir()):
            if path.is_file() and ingest.shown_path(path) not in recorded and path.suffix.lower() in (
                    ".xlsx", ".xlsm", ".xls", ".ods", ".csv"):
                found[ingest.shown_path(path)] = "new"
    return [Fault("release.stale_build", path=shown, command=command)
            for shown, digest in sorted(found.items()) if digest != recorded.get(shown)]


def make_release(year: int, note: str, kind: str | None = None, out: Path = REPORTS_DIR,
                 processed_dir: Path = PROCESSED_DIR, notebooks_dir: Path = NOTEBOOKS_DIR,
                 wait: bool = False, jobs: int | None = None, quiet: bool = True) -> dict:
    """Publish the year's current reports as the next release; returns its release.json. Its pages are
    rendered in `jobs` processes (default: one per CPU), with a progress bar unless `quiet`.

    ReleaseRefused (every reason) when they cannot be released; lock.LockHeld while a run holds `out`.
    """
    from analysis.build_check import check_built  # lazy: releases only
    from analysis.reports import index  # lazy: releases only

    out, processed_dir = Path(out), Path(processed_dir)
    year_dir = out / str(year)
    with lock.hold(out, wait=wait):
        lifetime.remove_leftovers(year_dir)
        check_built(year, processed_dir)
        reasons = refusals(year, out, processed_dir, Path(notebooks_dir))
        if reasons:
            raise ReleaseRefused(reasons)
        earlier = releases(year_dir)
        number = (earlier[-1]["number"] + 1) if earlier else 1
        stage = staging.staged_copy(year_dir)
        try:
            target = stage / RELEASES / str(number)
            date = datetime.now(UTC).date().isoformat()
            record = _copy_release(year, stage, target, processed_dir)
            entries = manifest.load_manifest(stage / manifest.MANIFEST_NAME)["reports"]
            previous = stage / RELEASES / str(earlier[-1]["number"]) if earlier else None
            found = changes.figure_changes(previous, target) if previous is not None else []
            record.update(number=number, date=date, note=note,
                          kind=(kind or "revision") if earlier else "first", changes=found,
                          previous=earlier[-1]["number"] if earlier else None)
            _stamp_pages(year, target, number, date, found if earlier else None, record, jobs, quiet)
            _version_package(target, number, date)
            files.atomic_write_bytes(target / "data" / changes.CHANGES_CSV, changes.changes_csv(found, record))
            record["outputs"] = {p.relative_to(target).as_posix(): files.sha256_file(p)
                                 for p in sorted(target.rglob("*")) if p.is_file()}
            files.write_json(target / RELEASE_FILE, record)
            sample = manifest.load_manifest(stage / manifest.MANIFEST_NAME).get("sample_data", False)
            package = "data/datapackage.json" if (stage / "data" / "datapackage.json").exists() else None
            index.write_index(year, stage, entries, sample, package, releases=releases(stage))
            files.swap_in(stage, year_dir)
        finally:
            shutil.rmtree(stage, ignore_errors=True)
        return record


def _copy_release(year: int, stage: Path, target: Path, processed_dir: Path) -> dict:
    """Copy the current set (every listed file, the open data, the index pages, the manifest) and the
    processed units and cells into `target`; returns the start of its release.json."""
    entries = manifest.load_manifest(stage / manifest.MANIFEST_NAME)["reports"]
    keep = manifest.listed_files({k: e for k, e in entries.items() if e.get("status") == "built"})
    keep |= {manifest.MANIFEST_NAME, "index.html", "index.en.html"}
    keep |= {p.relative_to(stage).as_posix() for p in (stage / "data").rglob("*") if p.is_file()}
    for rel in sorted(keep):
        if (stage / rel).is_file():
            (target / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(stage / rel, target / rel)
    (target / "inputs").mkdir(parents=True, exist_ok=True)
    for name in ("units.parquet", "cells.parquet", "provenance.json"):
        shutil.copy2(Path(processed_dir) / str(year) / name, target / "inputs" / name)
    return {"year": year, "processed_dir": relative_to_root(processed_dir)}


def _stamp_pages(year: int, target: Path, number: int, date: str, found: list[dict] | None = None,
                 record: dict | None = None, jobs: int | None = None, quiet: bool = True) -> None:
    """Render the HTML and PDF of every built report of the release again from its executed notebook,
    with the release's number and date instead of the draft banner (on every page, in the PDF's
    metadata), and record their sha256 in the release's copy of the manifest. After a first release
    (`found`: the changes since the previous one), each changed figure is marked "(R)" where a table
    shows it and the national report gains the section listing the changes (analysis.reports.revisions).

    The reports are rendered in `jobs` worker processes (default: one per CPU), the national report
    first (the longest), with a progress bar unless `quiet`; a worker that fails fails the release."""
    from tqdm import tqdm  # lazy: releases only

    from analysis import reference  # lazy: releases only
    from analysis.reports import plan  # lazy: releases only

    path = target / manifest.MANIFEST_NAME
    data = json.loads(path.read_text(encoding="utf-8"))
    geo = reference.geo_for_year(year)
    tasks = []
    for key, entry in data["reports"].items():
        notebook = next((rel for rel in entry.get("outputs", {}) if rel.endswith(".ipynb")), None)
        if entry.get("status") != "built" or notebook is None or not (target / notebook).exists():
            continue
        code = entry.get("parameters", {}).get("province")
        chosen = [reference.province(code, geo)] if code else []
        job = next(j for j in plan.jobs_for_year(year, chosen, entry.get("lang", "vi")) if j.key == key)
        tasks.append((job, notebook, entry))
    tasks.sort(key=lambda task: not task[0].key.startswith("national"))  # the longest first
    stamp = partial(_stamped_pages, year, str(target), number, date, found, record, geo)
    bar = tqdm(total=len(tasks), disable=quiet, unit="report", dynamic_ncols=True,
               desc=messages.text("release.progress", messages.terminal_lang(), year=year, number=number))
    workers = worker_count(jobs, len(tasks))
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"),
                             initializer=lifetime.die_with_parent, initargs=(signal.SIGKILL, os.getpid())) as executor:
        try:
            for key, outputs in executor.map(stamp, tasks):
                data["reports"][key]["outputs"].update(outputs)
                bar.update(1)
        except BaseException:
            stop_workers(executor)
            raise
    bar.close()
    files.write_json(path, data)


def _stamped_pages(year: int, target: str, number: int, date: str, found: list[dict] | None,
                   record: dict | None, geo: str, task: tuple) -> tuple[str, dict[str, str]]:
    """One report's pages of the release (a worker of _stamp_pages): written into `target`;
    (its key, {file: sha256} of what was written)."""
    import nbformat  # lazy: releases only

    from analysis.dataset import package_version  # lazy: releases only
    from analysis.reports import render, revisions  # lazy: releases only

    job, notebook, entry = task
    key, target = job.key, Path(target)
    nb = nbformat.reads((target / notebook).read_text(encoding="utf-8"), as_version=4)
    if found is not None:
        edition = [c for c in found if c["report"].endswith(".en") == key.endswith(".en")]  # this edition's
        section = revisions.changes_section(edition, record, job.lang, geo) if key.startswith("national") else None
        nb = revisions.revised_notebook(nb, revisions.revised_names(found, key), job.lang, section)
    stamp = render.release_stamp(number, date, job.lang)
    html = render.notebook_html(nb, job.title, job.header, job.lang, entry.get("package_version")
                                or package_version(), stamp)
    written = {f"{job.stem}.html": html.encode("utf-8")}
    if f"{job.stem}.pdf" in entry["outputs"]:
        figures = [(f"{Path(job.stem).name}.csv", render.figures_csv(entry.get("recorded", {})),
                    f"{job.title}: figures (CSV)")]
        written[f"{job.stem}.pdf"] = render.html_to_pdf(html, year, job.lang, figures)
    outputs = {}
    for rel, content in written.items():
        if rel in entry["outputs"]:
            files.atomic_write_bytes(target / rel, content)
            outputs[rel] = files.sha256_bytes(content)
    return key, outputs


def _version_package(target: Path, number: int, date: str) -> None:
    """The release's open data package carries its version: `version` the release number, and
    `khuyencong:release_date`."""
    path = target / "data" / "datapackage.json"
    if path.exists():
        package = json.loads(path.read_text(encoding="utf-8"))
        package.update({"version": str(number), "khuyencong:release_date": date})
        files.write_json(path, package)


def check_release(year: int, number: int, out: Path = REPORTS_DIR) -> tuple[list[Fault], int]:
    """(problems, files compared) of release `number`: each file byte for byte against its release.json."""
    target = Path(out) / str(year) / RELEASES / str(number)
    path = target / RELEASE_FILE
    if not path.exists():
        raise Fault("release.unknown", path=relative_to_root(path), year=year)
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
        listed = dict(record["outputs"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise Fault("verify.corrupt_manifest", path=relative_to_root(path), reason=str(exc).splitlines()[0][:200],
                    command=f"khuyencong release --year {year}") from None
    problems = []
    for rel, digest in sorted(listed.items()):
        if not (target / rel).exists():
            problems.append(Fault("verify.missing", path=str(target / rel)))
        elif files.sha256_file(target / rel) != digest:
            problems.append(Fault("verify.differs_published", path=str(target / rel)))
    on_disk = {p.relative_to(target).as_posix() for p in target.rglob("*") if p.is_file()} - {RELEASE_FILE}
    problems += [Fault("release.unlisted", path=str(target / rel)) for rel in sorted(on_disk - set(listed))]
    return problems, len(listed)
