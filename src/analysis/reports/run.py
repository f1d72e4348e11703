"""`khuyencong report` for one year and language: plan, lock, snapshot, render in warm-kernel
workers, manifest, index.

Jobs whose inputs have not changed since the last run are skipped; a failing job does not stop
the others. One run at a time per reports folder (its lock), on one snapshot of the processed data.
A run publishes its set as one: it works on a staged copy of reports/<year>/ (hard links of the
published files, each new file written under a temporary name and renamed), removes every file
that nothing lists, and swaps the stage into place at the end (files.swap_in), so the index and
the manifest show the previous complete set or the new one, never a mix; a killed run's stage is
removed by the next run. A run whose set is exactly as a complete run of the same request left it
(analysis.reports.fingerprint) stops after its lock: nothing to render or write.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import signal
import threading
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from analysis import config, files, messages
from analysis.config import NOTEBOOKS_DIR, PROCESSED_DIR, REPORTS_DIR, relative_to_root
from analysis.faults import Fault, cannot_write
from analysis.reports import fingerprint, lifetime, lock, manifest, plan, staging
from analysis.reports.manifest import JobResult
from analysis.reports.snapshot import processed_snapshot

if TYPE_CHECKING:  # reference, index and pool (pandas, Jinja, papermill) load only when there is work
    from analysis import reference


class ReportError(Fault):
    """The run cannot go on (an output folder that cannot be written, disk full); one line, exit 1."""


@dataclass
class RunSummary:
    """The counts of one `khuyencong report` run and where its index is."""

    built: int = 0
    skipped: int = 0
    failed: int = 0
    failures: list = field(default_factory=list)
    index: Path | None = None
    seconds: float = 0.0

    @property
    def exit_status(self) -> int:
        return 1 if self.failed else 0


def worker_count(requested: int | None, todo: int) -> int:
    """Workers to start: as requested (default one per CPU), at most the CPU count and the number of jobs."""
    cpus = os.cpu_count() or 1
    return max(1, min(requested or cpus, cpus, todo or 1))


def _writable(out: Path) -> None:
    """ReportError unless `out` is (or can be made) a folder this process can write to."""
    if out.exists() and not out.is_dir():
        raise ReportError("report.out_not_folder", 2, path=str(out))
    try:
        out.mkdir(parents=True, exist_ok=True)
        probe = out / f".write-test.{os.getpid()}.tmp"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise ReportError("report.out_unwritable", path=str(out), reason=exc.strerror or str(exc)) from None


def _io_error(path: Path, exc: OSError) -> Fault:
    return cannot_write("report.cannot_write", path, exc)


def _stop_workers(pool_: ProcessPoolExecutor) -> None:
    """Terminate the workers now (each kills its kernel first) and drop the jobs not started."""
    for process in list(getattr(pool_, "_processes", {}).values()):
        if process.is_alive():
            process.terminate()
    pool_.shutdown(wait=False, cancel_futures=True)


@dataclass(frozen=True)
class RunPlan:
    """What one report run renders and from where (run_reports makes it, _run carries it out)."""

    year: int
    provinces: list | None            # reference.Province; None: every province of the year's map
    formats: tuple[str, ...]          # "html", "pdf"
    jobs: int | None                  # worker processes (None: the CPUs)
    force: bool                       # render even the reports whose inputs did not change
    lang: str                         # the edition
    quiet: bool                       # no progress bar
    notebooks_dir: Path
    processed_dir: Path               # the user's processed folder (as the notebooks show it)
    snapshot: Path                    # the private copy of it every report of the run reads
    stage: Path                       # the staged copy of reports/<year>/ the run writes, swapped in at the end
    render_timeout_s: float           # the time limit of one report's HTML and PDF


def _raise_interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt(f"signal {signum}")


def run_reports(year: int, provinces: list[reference.Province] | None = None,
                formats: tuple[str, ...] = plan.FORMATS, jobs: int | None = None, force: bool = False,
                out: Path = REPORTS_DIR, lang: str = "vi", quiet: bool = False,
                notebooks_dir: Path = NOTEBOOKS_DIR, processed_dir: Path = PROCESSED_DIR, *,
                render_timeout_s: float = config.RENDER_TIMEOUT_S, wait: bool = False) -> RunSummary:
    """Render the year's reports (or the given provinces') into `out`/<year>/; see the module docstring.

    Raises lock.LockHeld when another run holds `out` or a build holds `processed_dir` (unless
    `wait`), ReportError when `out` cannot be written.
    """
    out = Path(out)
    _writable(out)
    with ExitStack() as stack:
        stack.enter_context(lock.hold(out, wait=wait))
        if threading.current_thread() is threading.main_thread():
            previous = signal.signal(signal.SIGTERM, _raise_interrupt)  # SIGTERM: clean up as for Ctrl-C
            stack.callback(signal.signal, signal.SIGTERM, previous)
        out_dir = out / str(year)
        lifetime.remove_leftovers(out_dir)
        request = request_key(year, provinces, formats, lang)
        unchanged = None if force else unchanged_reports(year, provinces, formats, out, lang, notebooks_dir,
                                                         processed_dir)
        if unchanged is not None:
            return RunSummary(skipped=unchanged, index=out_dir / "index.html")
        try:
            snapshot = stack.enter_context(processed_snapshot(processed_dir, year, wait=wait))
        except OSError as exc:
            raise ReportError("report.snapshot_failed", path=str(processed_dir), year=year,
                              reason=exc.strerror or str(exc)) from None
        from analysis.build_check import check_built  # lazy: rendering only

        check_built(year, snapshot, shown=Path(processed_dir))  # one line naming the user's folder
        try:
            stage = staging.staged_copy(out_dir)
        except OSError as exc:
            raise _io_error(out_dir, exc) from None
        stack.callback(shutil.rmtree, stage, True)  # gone once swapped in; removed if the run fails
        summary = _run(RunPlan(year, provinces, tuple(formats), jobs, force, lang, quiet, Path(notebooks_dir),
                               Path(processed_dir), snapshot, stage, render_timeout_s))
        try:
            if not summary.failed:  # complete: the next run of this request may stop at its fingerprint
                _record_fingerprint(year, stage, request, summary.built + summary.skipped, snapshot,
                                    Path(notebooks_dir))
            files.swap_in(stage, out_dir)
            summary.index = out_dir / summary.index.name
            from analysis.reports import index  # lazy: rendering only

            index.write_root_index(out)
        except OSError as exc:
            raise _io_error(out_dir, exc) from None
        return summary
    raise AssertionError("unreachable")  # pragma: no cover (ExitStack does not swallow exceptions)


def request_key(year: int, provinces: list[reference.Province] | None, formats: tuple[str, ...], lang: str) -> str:
    """What a run is asked to render, as the fingerprint names it."""
    return fingerprint.request_key(year, None if provinces is None else [p.code for p in provinces],
                                   tuple(formats), lang)


def unchanged_reports(year: int, provinces: list[reference.Province] | None, formats: tuple[str, ...], out: Path,
                      lang: str, notebooks_dir: Path = NOTEBOOKS_DIR, processed_dir: Path = PROCESSED_DIR) -> int | None:
    """The number of reports when a run of this request would find nothing to do (its set is as a
    complete run of it left it: fingerprint.unchanged_jobs), else None. No pandas, no lock: run_reports
    asks again under the lock; `khuyencong report` asks first to skip what only a real run needs."""
    return fingerprint.unchanged_jobs(year, request_key(year, provinces, formats, lang), Path(out),
                                      Path(processed_dir), Path(notebooks_dir))


def _record_fingerprint(year: int, stage: Path, request: str, jobs: int, snapshot: Path,
                        notebooks_dir: Path) -> None:
    """Write into the staged manifest the state the set is left in and the request it completes
    (fingerprint.fingerprint_after), hashed from the manifest as written (plain JSON values)."""
    path = stage / manifest.MANIFEST_NAME
    data = manifest.load_manifest(path)
    if not data:
        return
    state = fingerprint.state_digest(year, stage, data["reports"], snapshot, notebooks_dir)
    data["fingerprint"] = fingerprint.fingerprint_after(data.get("fingerprint") or {}, state, request, jobs)
    files.write_json(path, data)


def _run(run: RunPlan) -> RunSummary:
    """Render what `run` asks into its staged folder: skip the reports whose inputs did not change,
    render the rest in worker processes, then the open data, the status pages and the year's index."""
    from tqdm import tqdm  # lazy: rendering only

    from analysis import dataset, opendata  # lazy: rendering only
    from analysis.collection import page as status_page  # lazy: rendering only
    from analysis.reports import index, pool  # lazy: rendering only

    started = time.perf_counter()
    manifest_path = run.stage / manifest.MANIFEST_NAME
    entries: dict = manifest.load_manifest(manifest_path).get("reports", {})
    version, commit = dataset.package_version(), dataset.git_commit()
    todo, summary = [], RunSummary()
    sample = dataset.load_provenance(run.year, run.snapshot).get("sample_data", False)
    all_jobs = plan.jobs_for_year(run.year, run.provinces, run.lang)  # national and data quality always, provinces as asked
    data = plan.data_inputs(run.year, run.snapshot)
    for job in all_jobs:
        inputs = plan.job_inputs(job, data, run.notebooks_dir)
        key = plan.input_key(job, inputs, run.formats)
        if not run.force and manifest.is_fresh(entries.get(job.key), key, run.stage):
            summary.skipped += 1
            continue
        todo.append((job, inputs, key))

    bar = tqdm(total=len(all_jobs), initial=summary.skipped, disable=run.quiet, unit="report", dynamic_ncols=True,
               desc=messages.text("report.progress", messages.terminal_lang(), year=run.year))

    def record(job: plan.Job, inputs: dict, key: str, result: JobResult) -> None:
        entry = manifest.entry_for(job, inputs, key, result, run.formats, version, commit)
        if result.error:
            summary.failed += 1
            summary.failures.append(failure_line(job.key, result.error))
            entry = manifest.merge_failed(entries.get(job.key), entry, run.stage)
        else:
            summary.built += 1
        entries[job.key] = entry
        try:
            manifest.write_manifest(manifest_path, run.year, entries, sample)
        except OSError as exc:
            raise _io_error(manifest_path, exc) from None
        bar.set_postfix(done=summary.built, skipped=summary.skipped, failed=summary.failed, refresh=False)
        bar.update(1)
        files.fault_point(f"report-job-{summary.built + summary.failed}")  # tests kill a run here

    if todo:
        pool.register_engine()  # imported here, before forking, so every worker starts with papermill loaded
        workers = worker_count(run.jobs, len(todo))
        executor = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"),
                                       initializer=pool.worker_init,
                                       initargs=(str(run.notebooks_dir.resolve()), os.getpid(), run.render_timeout_s))
        shown = relative_to_root(run.processed_dir)
        try:
            futures = {executor.submit(pool.render_job, job, str(run.stage), tuple(run.formats), version,
                                       str(run.snapshot), shown): (job, inputs, key)
                       for job, inputs, key in todo}
            for future in as_completed(futures):
                job, inputs, key = futures[future]
                try:
                    result = future.result()
                except Exception as exc:  # a worker process died, or its kernel never started
                    result = JobResult(job.key, "failed", error={"cell": None, "error": type(exc).__name__,
                                                                 "line": f"worker died: {exc}"})
                record(job, inputs, key, result)
        except BaseException:
            _stop_workers(executor)
            raise
        executor.shutdown(wait=True)
    bar.close()
    try:
        if manifest_path.exists() and manifest.load_manifest(manifest_path).get("sample_data") != sample:
            manifest.write_manifest(manifest_path, run.year, entries, sample)
        opendata.write_open_data(run.year, run.snapshot, run.stage, sample)  # from the same run.snapshot as the reports
        status_page.write_status_pages(run.year, run.snapshot, run.stage, entries, sample)  # the collection (status.csv)
        package = f"{opendata.DATA_FOLDER}/{opendata.PACKAGE_FILE}"
        summary.index = index.write_index(run.year, run.stage, entries, sample, package, manifest.releases(run.stage))
        staging.sweep(run.stage, manifest.listed_files(entries) | {manifest.MANIFEST_NAME, "index.html", "index.en.html",
                                                          opendata.DATA_FOLDER, manifest.RELEASES,
                                                          *status_page.PAGES})
    except OSError as exc:
        raise _io_error(getattr(exc, "filename", None) or run.stage / "index.html", exc) from None
    summary.seconds = round(time.perf_counter() - started, 2)
    return summary


def failure_line(key: str, error: dict) -> str:
    """A failed report in one line: "province-79: cell 4: ValueError: ..." (no cell when none ran)."""
    if error.get("cell") is None:
        return Fault("report.failed", key=key, line=error.get("line")).line()
    return Fault("report.failed_cell", key=key, cell=error["cell"], line=error.get("line")).line()


def summary_line(summary: RunSummary, year: int) -> str:
    """The one-line summary printed at the end of a run."""
    lang = messages.terminal_lang()
    if summary.built == 0 and summary.failed == 0:
        return messages.text("report.nothing_to_do", lang, year=year, skipped=summary.skipped, index=summary.index)
    return messages.text("report.summary", lang, year=year, built=summary.built, skipped=summary.skipped,
                         failed=summary.failed, seconds=f"{summary.seconds:.1f}", index=summary.index)
