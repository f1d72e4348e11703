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


def stop_workers(pool_: ProcessPoolExecutor) -> None:
    """Terminate the workers now (each kills its kernel first) and drop the jobs not started."""
    for process in list(getattr(pool_, "_processes", {}).values()):
        if process.is_alive():
            process.terminate()
    pool_.shutdown(wait=False, cancel_futures=True)


class WarmWorkers:
    """Report workers, each with its warm kernel, kept for several runs instead of started by each:
    `khuyencong report --lang both` renders both editions on one set, the test suite shares one set
    between the runs whose behaviour does not depend on their workers. Started by the first run that
    needs them (forked then: they see the code as it was at that moment), stopped by close() or at the
    end of a `with` block; a run that is interrupted, or whose worker dies, stops them, and the next run
    starts new ones. Every run on them uses their notebooks folder and render time limit, and as many
    of them as were started: `jobs` at most (None: one per CPU), fewer when the first run had fewer jobs."""

    def __init__(self, jobs: int | None = None, notebooks_dir: Path = NOTEBOOKS_DIR,
                 render_timeout_s: float = config.RENDER_TIMEOUT_S) -> None:
        self.jobs = jobs
        self.notebooks_dir = Path(notebooks_dir).resolve()
        self.render_timeout_s = render_timeout_s
        self._executor: ProcessPoolExecutor | None = None

    def start(self, todo: int | None = None) -> WarmWorkers:
        """Start the workers now (each starts its kernel as it is forked); returns self."""
        self.executor(todo)
        return self

    def executor(self, todo: int | None = None) -> ProcessPoolExecutor:
        """The running workers: started here on first use, or again after they were stopped, as many as
        `todo` jobs can use (worker_count; None: `jobs`).

        Forked processes share the parent's open files: started inside a run, the workers keep its
        lock files open after it ends, which holds nothing (lock.hold releases a lock by removing its
        file, so the next run locks a new one); a caller holding a lock of another kind (an flock on a
        file that stays) starts them with start() before taking it."""
        if self._executor is None or getattr(self._executor, "_broken", False):
            self.close()
            workers = worker_count(self.jobs, todo or os.cpu_count() or 1)
            self._executor = _start_workers(workers, self.notebooks_dir, self.render_timeout_s)
            self._executor.submit(int).result()  # fork them now (ProcessPoolExecutor forks on first use)
        return self._executor

    def stop_now(self) -> None:
        """Terminate the workers at once (an interrupted run); the next run starts new ones."""
        if self._executor is not None:
            stop_workers(self._executor)
            self._executor = None

    def close(self) -> None:
        """Stop the workers (each stops its kernel) and wait for them."""
        if self._executor is not None:
            self._executor.shutdown(wait=True)
            self._executor = None

    def __enter__(self) -> WarmWorkers:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _start_workers(workers: int, notebooks_dir: Path, render_timeout_s: float) -> ProcessPoolExecutor:
    from analysis.reports import pool  # lazy: rendering only

    pool.register_engine()  # imported here, before forking, so every worker starts with papermill loaded
    return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"),
                               initializer=pool.worker_init,
                               initargs=(str(Path(notebooks_dir).resolve()), os.getpid(), render_timeout_s))


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
    workers: WarmWorkers | None = None  # kept workers to render on (None: the run starts its own)


def _raise_interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt(f"signal {signum}")


def run_reports(year: int, provinces: list[reference.Province] | None = None,
                formats: tuple[str, ...] = plan.FORMATS, jobs: int | None = None, force: bool = False,
                out: Path = REPORTS_DIR, lang: str = "vi", quiet: bool = False,
                notebooks_dir: Path = NOTEBOOKS_DIR, processed_dir: Path = PROCESSED_DIR, *,
                render_timeout_s: float = config.RENDER_TIMEOUT_S, wait: bool = False,
                workers: WarmWorkers | None = None) -> RunSummary:
    """Render the year's reports (or the given provinces') into `out`/<year>/; see the module docstring.

    `workers`: kept workers to render on (their number, notebooks folder and time limit; the run's own
    folder and limit must be the same; `jobs` is then theirs), instead of workers started and stopped
    by this run.

    Raises lock.LockHeld when another run holds `out` or a build holds `processed_dir` (unless
    `wait`), ReportError when `out` cannot be written.
    """
    out = Path(out)
    if workers is not None:
        if (workers.notebooks_dir, workers.render_timeout_s) != (Path(notebooks_dir).resolve(), render_timeout_s):
            raise ValueError("the kept workers render other notebooks or with another time limit")
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
                               Path(processed_dir), snapshot, stage, render_timeout_s, workers))
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
        executor = (run.workers.executor(len(todo)) if run.workers is not None
                    else _start_workers(worker_count(run.jobs, len(todo)), run.notebooks_dir, run.render_timeout_s))
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
            if run.workers is not None:
                run.workers.stop_now()
            else:
                stop_workers(executor)
            raise
        if run.workers is None:
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


def summary_line(summary: RunSummary, year: int, edition: str | None = None) -> str:
    """The one-line summary printed at the end of a run; with `edition` (a report language), the
    year is named with it ("2022, English edition"), for a command that renders both."""
    lang = messages.terminal_lang()
    shown = year if edition is None else messages.text("report.year_edition", lang, year=year,
                                                        edition=messages.text(f"report.edition_{edition}", lang))
    if summary.built == 0 and summary.failed == 0:
        return messages.text("report.nothing_to_do", lang, year=shown, skipped=summary.skipped, index=summary.index)
    return messages.text("report.summary", lang, year=shown, built=summary.built, skipped=summary.skipped,
                         failed=summary.failed, seconds=f"{summary.seconds:.1f}", index=summary.index)
