"""Render every report of a year: papermill's API in N worker processes, each with a warm kernel.

A job is one notebook run with its parameters (national, data quality, one per province), giving
an executed notebook, HTML and PDF. Jobs whose inputs have not changed since the last run are
skipped; every file is written under a temporary name and renamed; a failing job does not stop
the others; reports/<year>/manifest.json records parameters, input and output hashes, timing and
status of every report; reports/<year>/index.html links them all.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import multiprocessing.util
import os
import shutil
import sys
import tempfile
import time
import traceback
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path

from analysis import reference
from analysis.config import NOTEBOOKS_DIR, PACKAGE_DIR, PROCESSED_DIR, PUBLISHED_DIR, REPORTS_DIR
from analysis.files import atomic_write_bytes, sha256_file

# jsonschema imports rfc3987_syntax (installed with jupyterlab) only to check "iri" strings, which
# notebooks never hold; building its grammar costs ~0.7-2 s in every process that imports nbformat.
sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[assignment]

FORMATS = ("html", "pdf")
KERNEL_NAME = "python3"
CELL_TIMEOUT_S = 600


@dataclass
class Job:
    """One report to render: which notebook, with which parameters, to which files."""

    key: str                 # "national", "data-quality", "province-77"
    kind: str                # "national", "data-quality", "province"
    notebook: str            # notebook file name in the notebooks folder
    parameters: dict
    stem: str                # output name without extension, relative to reports/<year>/
    title: str
    header: str
    lang: str


@dataclass
class JobResult:
    """What happened to a job: status "built", "skipped" or "failed", outputs, timing, error."""

    key: str
    status: str
    started: str = ""
    duration_s: float = 0.0
    outputs: dict = field(default_factory=dict)
    error: dict | None = None
    recorded: dict = field(default_factory=dict)


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


def sha256_bytes(data: bytes) -> str:
    """Hex sha256 of bytes."""
    return hashlib.sha256(data).hexdigest()


def sha256_path(path: Path) -> str:
    """Hex sha256 of a file ("missing" when it does not exist)."""
    return sha256_file(path) if Path(path).exists() else "missing"


@lru_cache(maxsize=1)
def code_hash() -> str:
    """One hash over the package's code, templates and reference data (any change rebuilds reports)."""
    digest = hashlib.sha256()
    for path in sorted(PACKAGE_DIR.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(PACKAGE_DIR).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def jobs_for_year(year: int, provinces: list[reference.Province] | None, lang: str = "vi") -> list[Job]:
    """The jobs of a year: national and data quality, then the given provinces (default: all of the year's map)."""
    from analysis.labels import t

    geo = reference.geo_for_year(year)
    if provinces is None:
        table = reference.provinces(geo)
        provinces = [reference.province(code, geo) for code in table["province_code"]]
    suffix = "" if lang == "vi" else f".{lang}"
    jobs = [
        Job("national" + suffix, "national", "national_assessment.ipynb", {"year": year, "lang": lang},
            "national" + suffix, t("national_title", lang, year=year), f"{t('all_provinces', lang)} · {year}", lang),
        Job("data-quality" + suffix, "data-quality", "data_quality.ipynb", {"year": year, "lang": lang},
            "data-quality" + suffix, t("quality_title", lang, year=year), f"{t('data_quality', lang)} · {year}", lang),
    ]
    for p in provinces:
        jobs.append(Job(f"province-{p.code}{suffix}", "province", "province_profile.ipynb",
                        {"province": p.code, "year": year, "lang": lang},
                        f"provinces/{p.code}-{reference.province_slug(p.name)}{suffix}",
                        t("province_title", lang, province=p.name, year=year), f"{p.name} · {year}", lang))
    return jobs


def job_inputs(job: Job, year: int, notebooks_dir: Path, processed_dir: Path) -> dict:
    """sha256 of everything a report depends on: data of its year, notebook, code, published figures."""
    data_dir = Path(processed_dir) / str(year)
    return {
        "units.parquet": sha256_path(data_dir / "units.parquet"),
        "quality.csv": sha256_path(data_dir / "quality.csv"),
        "provenance.json": sha256_path(data_dir / "provenance.json"),
        "notebook": sha256_path(Path(notebooks_dir) / job.notebook),
        "code": code_hash(),
        "published": sha256_path(PUBLISHED_DIR / "figures.csv"),
    }


def input_key(job: Job, inputs: dict, formats: tuple[str, ...]) -> str:
    """One hash of a job's inputs, parameters and formats: equal keys mean an identical report."""
    payload = json.dumps({"inputs": inputs, "parameters": job.parameters, "formats": sorted(formats),
                          "notebook": job.notebook}, sort_keys=True)
    return sha256_bytes(payload.encode())


# ---------------------------------------------------------------- worker side (one warm kernel each)

_WORKER: dict = {}


def _worker_init(notebooks_dir: str) -> None:
    """Start this worker's kernel and preload the notebooks' imports in it."""
    from jupyter_client.manager import KernelManager

    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    sockets = tempfile.mkdtemp(prefix="khuyencong-kernel-")  # IPC transport: local sockets, no TCP port
    km = KernelManager(kernel_name=KERNEL_NAME, transport="ipc", ip=str(Path(sockets) / "k"))
    km.start_kernel(cwd=notebooks_dir, extra_arguments=["--HistoryManager.enabled=False"])
    from jupyter_client.blocking import BlockingKernelClient

    # blocking client for warm-up and reset, with a session of its own: clients sharing a session
    # share a socket identity, and the kernel's replies would go to the last one connected
    kc = BlockingKernelClient()
    kc.load_connection_info(km.get_connection_info())
    kc.start_channels()
    kc.wait_for_ready(timeout=60)
    # nbclient gets asyncio clients from km.client(): a blocking one would stall its event loop and
    # hide a kernel that died in the middle of a report
    km.client_class = "jupyter_client.asynchronous.AsyncKernelClient"
    if not _WORKER:
        multiprocessing.util.Finalize(None, _worker_shutdown, exitpriority=10)  # runs when the worker exits
    _WORKER.update(km=km, kc=kc, notebooks_dir=notebooks_dir, sockets=sockets)
    _run_quiet(kc, _kernel_code("warm_up"))


def _kernel_code(name: str) -> str:
    from analysis import kernel

    return {"warm_up": kernel.WARM_UP_CODE, "reset": kernel.RESET_CODE}[name]


def _run_quiet(kc, code: str) -> None:
    reply = kc.execute_interactive(code, timeout=120, output_hook=lambda msg: None)
    if reply["content"]["status"] != "ok":
        raise RuntimeError(f"kernel set-up failed: {reply['content'].get('evalue')}")


def _restart_kernel() -> None:
    """Replace this worker's kernel with a fresh, warmed one (after a crash or a timed-out cell)."""
    notebooks_dir = _WORKER["notebooks_dir"]
    _worker_shutdown()
    _worker_init(notebooks_dir)


def _ensure_kernel() -> None:
    if not _WORKER["km"].is_alive():  # a report crashed the kernel
        _restart_kernel()


def _execute(job: Job, processed_dir: str) -> tuple[object, dict | None]:
    """Run the job's notebook with papermill in the warm kernel; (executed notebook, error or None)."""
    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    _ensure_kernel()
    _run_quiet(_WORKER["kc"], _kernel_code("reset"))
    path = str(Path(_WORKER["notebooks_dir"]) / job.notebook)
    holder: dict = {}
    try:
        nb = pm.execute_notebook(path, None, parameters={**job.parameters, "processed_dir": processed_dir},
                                 engine_name="warm-kernel",
                                 kernel_name=KERNEL_NAME, progress_bar=False, log_output=False,
                                 request_save_on_cell_execute=False, execution_timeout=CELL_TIMEOUT_S,
                                 holder=holder)
        return nb, None
    except PapermillExecutionError as exc:
        line = (exc.evalue or "").strip().splitlines()
        return holder.get("nb"), {"cell": exc.exec_count, "cell_index": exc.cell_index, "error": exc.ename,
                                  "line": f"{exc.ename}: {line[0] if line else ''}"}
    except Exception:
        _restart_kernel()  # e.g. a cell timed out and may still be running: the next report gets a new kernel
        raise


def _render_job(job: Job, out_dir: str, formats: tuple[str, ...], version: str, processed_dir: str) -> JobResult:
    """Worker entry point: execute, keep the executed notebook, write HTML and PDF (atomically)."""
    import nbformat

    from analysis import render, store

    started = time.perf_counter()
    result = JobResult(job.key, "built", started=datetime.now(UTC).isoformat(timespec="seconds"))
    out = Path(out_dir)
    try:
        nb, error = _execute(job, processed_dir)
        if nb is not None:
            data = nbformat.writes(nb).encode("utf-8")
            target = out / "notebooks" / f"{job.stem}.ipynb"
            atomic_write_bytes(target, data)
            result.outputs[target.relative_to(out).as_posix()] = sha256_bytes(data)
            result.recorded = store.recorded(nb)
        if error is not None:
            result.status, result.error = "failed", error
        else:
            html = render.notebook_html(nb, job.title, job.header, job.lang, version)
            encoded = html.encode("utf-8")
            if "html" in formats:
                target = out / f"{job.stem}.html"
                atomic_write_bytes(target, encoded)
                result.outputs[target.relative_to(out).as_posix()] = sha256_bytes(encoded)
            if "pdf" in formats:
                pdf = render.html_to_pdf(html)
                target = out / f"{job.stem}.pdf"
                atomic_write_bytes(target, pdf)
                result.outputs[target.relative_to(out).as_posix()] = sha256_bytes(pdf)
    except Exception as exc:  # isolate the failure to this report
        result.status = "failed"
        result.error = {"cell": None, "error": type(exc).__name__,
                        "line": f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}",
                        "traceback": traceback.format_exc(limit=5)}
    result.duration_s = round(time.perf_counter() - started, 3)
    return result


def _register_engine() -> None:
    """Register papermill's "warm-kernel" engine: nbclient on this worker's running kernel."""
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import NBClientEngine, papermill_engines

    class WarmKernelEngine(NBClientEngine):
        @classmethod
        def execute_managed_notebook(cls, nb_man, kernel_name, log_output=False, stdout_file=None,
                                     stderr_file=None, start_timeout=60, execution_timeout=None, holder=None,
                                     **kwargs):
            client = PapermillNotebookClient(nb_man, km=_WORKER["km"], timeout=execution_timeout,
                                             kernel_name=kernel_name, log_output=log_output,
                                             stdout_file=stdout_file, stderr_file=stderr_file)
            if holder is not None:
                holder["nb"] = nb_man.nb
            try:
                return client.execute()  # nbclient leaves running a kernel it does not own
            finally:
                if client.kc is not None:
                    client.kc.stop_channels()

    papermill_engines.register("warm-kernel", WarmKernelEngine)



def _worker_shutdown() -> None:
    """Stop this worker's kernel and remove its socket folder."""
    if _WORKER.get("km") is not None:
        _WORKER["kc"].stop_channels()
        _WORKER["km"].shutdown_kernel(now=True)
        shutil.rmtree(_WORKER["sockets"], ignore_errors=True)
        _WORKER.update(km=None, kc=None)


# ---------------------------------------------------------------- main side

def load_manifest(path: Path) -> dict:
    """The manifest of an earlier run ({} when there is none or it is unreadable)."""
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _is_fresh(entry: dict | None, key: str, out_dir: Path) -> bool:
    """True when an earlier run built this report from the same inputs and its files are intact."""
    if not entry or entry.get("status") != "built" or entry.get("input_key") != key:
        return False
    return all(sha256_path(out_dir / rel) == digest for rel, digest in entry.get("outputs", {}).items())


def _write_json(path: Path, data: dict) -> None:
    atomic_write_bytes(path, (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))


def run_reports(year: int, provinces: list[reference.Province] | None = None, formats: tuple[str, ...] = FORMATS,
                jobs: int | None = None, force: bool = False, out: Path = REPORTS_DIR, lang: str = "vi",
                quiet: bool = False, notebooks_dir: Path = NOTEBOOKS_DIR,
                processed_dir: Path = PROCESSED_DIR) -> RunSummary:
    """Render the year's reports (or the given provinces'); see the module docstring."""
    from tqdm import tqdm

    from analysis import dataset, index

    started = time.perf_counter()
    out_dir = Path(out) / str(year)
    out_dir.mkdir(parents=True, exist_ok=True)
    manifest_path = out_dir / "manifest.json"
    manifest = load_manifest(manifest_path)
    entries: dict = manifest.get("reports", {})
    version, commit = dataset.package_version(), dataset.git_commit()
    todo, summary = [], RunSummary()
    all_jobs = jobs_for_year(year, provinces, lang)  # national and data quality always, provinces as asked
    for job in all_jobs:
        inputs = job_inputs(job, year, notebooks_dir, processed_dir)
        key = input_key(job, inputs, formats)
        if not force and _is_fresh(entries.get(job.key), key, out_dir):
            summary.skipped += 1
            continue
        todo.append((job, inputs, key))

    workers = max(1, min(jobs or os.cpu_count() or 1, len(todo) or 1))
    bar = tqdm(total=len(all_jobs), initial=summary.skipped, disable=quiet, unit="report", dynamic_ncols=True,
               desc=f"reports {year}")

    def record(job: Job, inputs: dict, key: str, result: JobResult) -> None:
        entry = {"kind": job.kind, "parameters": job.parameters, "notebook": job.notebook, "inputs": inputs,
                 "input_key": key, "package_version": version, "git_commit": commit, "started": result.started,
                 "duration_s": result.duration_s, "status": result.status, "outputs": result.outputs,
                 "formats": list(formats), "title": job.title, "stem": job.stem, "lang": job.lang,
                 "recorded": result.recorded}
        if result.error:
            entry["error"] = result.error
            summary.failed += 1
            summary.failures.append(f"{job.key}: cell {result.error.get('cell')}: {result.error.get('line')}")
        else:
            summary.built += 1
        entries[job.key] = entry
        _write_json(manifest_path, {"year": year, "updated": datetime.now(UTC).isoformat(timespec="seconds"),
                                    "reports": entries})
        bar.set_postfix(done=summary.built, skipped=summary.skipped, failed=summary.failed, refresh=False)
        bar.update(1)

    if todo:
        _register_engine()  # imported here, before forking, so every worker starts with papermill loaded
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_worker_init,
                                 initargs=(str(Path(notebooks_dir).resolve()),)) as pool:
            futures = {pool.submit(_render_job, job, str(out_dir), tuple(formats), version,
                                   str(Path(processed_dir).resolve())): (job, inputs, key)
                       for job, inputs, key in todo}
            for future in as_completed(futures):
                job, inputs, key = futures[future]
                try:
                    result = future.result()
                except Exception as exc:  # a worker process died
                    result = JobResult(job.key, "failed", error={"cell": None, "error": type(exc).__name__,
                                                                 "line": f"worker died: {exc}"})
                record(job, inputs, key, result)
    bar.close()
    sample = dataset.load_provenance(year, processed_dir).get("sample_data", False)
    summary.index = index.write_index(year, out_dir, entries, sample)
    index.write_root_index(Path(out))
    summary.seconds = round(time.perf_counter() - started, 2)
    return summary


def summary_line(summary: RunSummary, year: int) -> str:
    """The one-line summary printed at the end of a run."""
    if summary.built == 0 and summary.failed == 0:
        return (f"{year}: nothing to do, all {summary.skipped} reports are up to date "
                f"(--force rebuilds) -> {summary.index}")
    return (f"{year}: {summary.built} built, {summary.skipped} skipped (up to date), {summary.failed} failed "
            f"in {summary.seconds:.1f} s -> {summary.index}")

