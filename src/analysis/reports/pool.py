"""The worker side of a report run: one warm Jupyter kernel per worker process, papermill's
"warm-kernel" engine on it, and one job (execute, then HTML and PDF under a time limit).

Neither a worker nor its kernel outlives the run (or, for run.WarmWorkers, the runs that keep them;
each report still starts from a clean namespace): the worker gets SIGTERM when the main process
dies (``lifetime.die_with_parent``) and its handler kills the kernel and removes the kernel's
socket folder, which also holds the connection file; the kernel gets SIGKILL when its worker dies.
A kernel that fails to start is started again (three attempts).
"""

from __future__ import annotations

import multiprocessing.util
import os
import shutil
import signal
import sys
import time
import traceback
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from analysis import files
from analysis.reports import kernel, lifetime
from analysis.reports.manifest import JobResult
from analysis.reports.plan import Job

# jsonschema imports rfc3987_syntax (installed with jupyterlab) only to check "iri" strings, which
# notebooks never hold; building its grammar costs ~0.7-2 s in every process that imports nbformat.
sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[assignment]

KERNEL_NAME = "python3"
CELL_TIMEOUT_S = 600
KERNEL_START_ATTEMPTS = 3
#: The id of papermill's injected-parameters cell in the executed notebooks (papermill's is random).
INJECTED_CELL_ID = "injected-parameters"

_WORKER: dict = {}


class RenderTimeout(BaseException):
    """HTML and PDF rendering of one report took longer than its limit (a BaseException, so that no
    library's `except Exception` swallows it)."""


# ---------------------------------------------------------------- the worker and its kernel

def worker_init(notebooks_dir: str, main_pid: int, render_timeout_s: float) -> None:
    """Initialise a worker: die with the main process, stop the kernel on SIGTERM, start a warm kernel."""
    lifetime.die_with_parent(signal.SIGTERM, main_pid)
    signal.signal(signal.SIGTERM, _on_terminate)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # on Ctrl-C the main process stops its workers itself
    if not _WORKER:
        multiprocessing.util.Finalize(None, _stop_kernel, exitpriority=10)  # runs when the worker exits
    _WORKER.update(notebooks_dir=notebooks_dir, render_timeout_s=render_timeout_s)
    _start_kernel()


def _kill_kernel_process() -> None:
    """SIGKILL this worker's kernel process (if it still runs); no message to it, no waiting."""
    if _WORKER.get("kernel_pid"):
        try:
            os.kill(_WORKER["kernel_pid"], signal.SIGKILL)
        except OSError:
            pass


def _remove_sockets() -> None:
    """Remove this worker's kernel socket folder (the connection file included)."""
    if _WORKER.get("sockets"):
        shutil.rmtree(_WORKER["sockets"], ignore_errors=True)


def _on_terminate(signum: int, frame: object) -> None:
    """SIGTERM (or the main process died): kill the kernel, remove its folder, exit now."""
    _kill_kernel_process()
    _remove_sockets()
    os._exit(128 + signum)


def _start_kernel() -> None:
    """Start this worker's kernel in its own socket folder and warm it up (KERNEL_START_ATTEMPTS tries)."""
    from jupyter_client.blocking import BlockingKernelClient  # lazy: workers only
    from jupyter_client.manager import KernelManager  # lazy: workers only

    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    error: Exception | None = None
    for _attempt in range(KERNEL_START_ATTEMPTS):
        sockets = lifetime.private_folder(lifetime.KERNEL_PREFIX)  # IPC transport: local sockets, no TCP port
        km = KernelManager(kernel_name=KERNEL_NAME, transport="ipc", ip=str(sockets / "k"),
                           connection_file=str(sockets / "kernel.json"))
        _WORKER.update(km=km, kc=None, notebook_client=None, sockets=sockets, kernel_pid=None)
        try:
            km.start_kernel(cwd=_WORKER["notebooks_dir"], extra_arguments=["--HistoryManager.enabled=False"])
            _WORKER["kernel_pid"] = getattr(km.provisioner, "pid", None)
            # a blocking client for warm-up and reset with a session of its own (clients sharing a session
            # share a socket identity); parent=km: liveness from the process, not from 1-second heartbeats,
            # which a loaded machine misses while the kernel starts
            kc = BlockingKernelClient(parent=km)
            kc.load_connection_info(km.get_connection_info())
            kc.start_channels()
            _WORKER["kc"] = kc
            kc.wait_for_ready(timeout=90)
            _run_quiet(kc, kernel.WARM_UP_CODE)
        except Exception as exc:  # e.g. "Kernel died before replying to kernel_info" under memory pressure
            error = exc
            _stop_kernel()
            time.sleep(0.5)
            continue
        # nbclient gets asyncio clients from km.client(): a blocking one would stall its event loop and
        # hide a kernel that died in the middle of a report
        km.client_class = "jupyter_client.asynchronous.AsyncKernelClient"
        return
    raise RuntimeError(f"the kernel did not start ({KERNEL_START_ATTEMPTS} attempts): {error}")


def _stop_kernel() -> None:
    """Stop this worker's kernel and its clients, remove its socket folder (connection file included)."""
    for client in ("kc", "notebook_client"):
        if _WORKER.get(client) is not None:
            _WORKER[client].stop_channels()
    if _WORKER.get("km") is not None:
        try:
            _WORKER["km"].shutdown_kernel(now=True)
        except Exception:
            _kill_kernel_process()
    _remove_sockets()
    _WORKER.update(km=None, kc=None, notebook_client=None, sockets=None, kernel_pid=None)


def _run_quiet(kc, code: str) -> None:
    reply = kc.execute_interactive(code, timeout=120, store_history=False, output_hook=lambda msg: None)
    if reply["content"]["status"] != "ok":
        raise RuntimeError(f"kernel set-up failed: {reply['content'].get('evalue')}")


def _restart_kernel() -> None:
    """Replace this worker's kernel with a fresh, warmed one (after a crash or a timed-out cell)."""
    _stop_kernel()
    _start_kernel()


def _ensure_kernel() -> None:
    if _WORKER.get("km") is None or not _WORKER["km"].is_alive():  # a report crashed the kernel
        _restart_kernel()


# ---------------------------------------------------------------- papermill on the warm kernel

def register_engine() -> None:
    """Register papermill's "warm-kernel" engine: nbclient on this worker's running kernel.

    Called in the main process before the workers are forked, so each starts with papermill loaded.
    """
    from papermill.clientwrap import PapermillNotebookClient  # lazy: workers only
    from papermill.engines import NBClientEngine, papermill_engines  # lazy: workers only

    class WarmKernelEngine(NBClientEngine):
        @classmethod
        def execute_managed_notebook(cls, nb_man, kernel_name, log_output=False, stdout_file=None,
                                     stderr_file=None, start_timeout=60, execution_timeout=None, holder=None,
                                     **kwargs):
            client = PapermillNotebookClient(nb_man, km=_WORKER["km"], timeout=execution_timeout,
                                             kernel_name=kernel_name, log_output=log_output,
                                             stdout_file=stdout_file, stderr_file=stderr_file)
            # the kernel's client is connected once and kept: connecting one per report waits for the
            # kernel's reply and then 0.2 s for its output channel to fall silent (jupyter_client's
            # wait_for_ready), about a fifth of a province report; nbclient reads only the messages of
            # its own requests, so nothing of an earlier report or of the reset reaches this one
            client.kc = _WORKER.get("notebook_client")
            if holder is not None:
                holder["nb"] = nb_man.nb
            try:
                return client.execute()  # nbclient leaves running a kernel (and a client) it does not own
            finally:
                _WORKER["notebook_client"] = client.kc

    papermill_engines.register("warm-kernel", WarmKernelEngine)


def execute(job: Job, processed_dir: str) -> tuple[object, dict | None]:
    """Run the job's notebook with papermill in the warm kernel; (executed notebook, error or None)."""
    import papermill as pm  # lazy: workers only
    from papermill.exceptions import PapermillExecutionError  # lazy: workers only

    _ensure_kernel()
    _run_quiet(_WORKER["kc"], kernel.RESET_CODE)
    path = str(Path(_WORKER["notebooks_dir"]) / job.notebook)
    holder: dict = {}
    try:
        nb = pm.execute_notebook(path, None, parameters={**job.parameters, "processed_dir": processed_dir},
                                 engine_name="warm-kernel", kernel_name=KERNEL_NAME, progress_bar=False,
                                 log_output=False, request_save_on_cell_execute=False,
                                 execution_timeout=CELL_TIMEOUT_S, holder=holder)
        return nb, None
    except PapermillExecutionError as exc:
        line = (exc.evalue or "").strip().splitlines()
        return holder.get("nb"), {"cell": exc.exec_count, "cell_index": exc.cell_index, "error": exc.ename,
                                  "line": f"{exc.ename}: {line[0] if line else ''}"}
    except Exception:
        _restart_kernel()  # the kernel died, or a cell timed out and may still run: the next report gets a new one
        raise


def reproducible(nb, processed_dir: str, processed_shown: str):
    """The executed notebook as it is kept: no run-specific facts (times, durations, the snapshot's
    temporary path, papermill's random cell id), so equal inputs give equal bytes."""
    parameters = nb.metadata.get("papermill", {}).get("parameters", {})
    nb.metadata["papermill"] = {"parameters": {**parameters, "processed_dir": processed_shown}}
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        cell.metadata.pop("papermill", None)
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell["id"] = INJECTED_CELL_ID
            cell.source = cell.source.replace(f'"{processed_dir}"', f'"{processed_shown}"')
    return nb


@contextmanager
def time_limit(seconds: float, what: str):
    """Raise RenderTimeout in this (the worker's main) thread when the block runs longer than `seconds`."""
    def on_alarm(signum: int, frame: object) -> None:
        raise RenderTimeout(f"{what} took longer than {seconds:g} s (--render-timeout)")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds, 1.0)  # and every second after, should one be swallowed
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _write(out: Path, rel: str, data: bytes, result: JobResult) -> None:
    try:
        files.atomic_write_bytes(out / rel, data)
    except OSError as exc:
        raise WriteError(f"cannot write {rel}: {exc.strerror or exc}") from exc
    result.outputs[rel] = files.sha256_bytes(data)


class WriteError(OSError):
    """An output could not be written (disk full, read-only folder); the message names the file."""


def render_job(job: Job, out_dir: str, formats: tuple[str, ...], version: str, processed_dir: str,
               processed_shown: str) -> JobResult:
    """Worker entry point: execute, keep the executed notebook, write HTML and PDF (atomically)."""
    import nbformat  # lazy: workers only

    from analysis.present import recorded as recorded_values  # lazy: workers only
    from analysis.reports import render  # lazy: workers only

    started = time.perf_counter()
    result = JobResult(job.key, "built", started=datetime.now(UTC).isoformat(timespec="seconds"))
    out = Path(out_dir)
    try:
        nb, error = execute(job, processed_dir)
        notebook = b""
        if nb is not None:
            nb = reproducible(nb, processed_dir, processed_shown)
            notebook = nbformat.writes(nb).encode("utf-8")
            result.recorded = recorded_values.recorded(nb)
        if error is not None:
            result.status, result.error = "failed", error
            if notebook:  # kept for audit, beside (never over) the notebook of the previous good version
                _write(out, f"notebooks/{job.stem}.failed.ipynb", notebook, result)
        else:
            with time_limit(_WORKER["render_timeout_s"], "HTML and PDF rendering"):
                html = render.notebook_html(nb, job.title, job.header, job.lang, version, render.draft_stamp(job.lang))
                figures = [(f"{Path(job.stem).name}.csv", render.figures_csv(result.recorded),
                            f"{job.title}: figures (CSV)")]
                pdf = (render.html_to_pdf(html, job.parameters["year"], job.lang, figures)
                       if "pdf" in formats else b"")
            # the notebook last: a report that could not be written leaves its earlier files as they were
            if "html" in formats:
                _write(out, f"{job.stem}.html", html.encode("utf-8"), result)
            if "pdf" in formats:
                _write(out, f"{job.stem}.pdf", pdf, result)
            _write(out, f"notebooks/{job.stem}.ipynb", notebook, result)
    except (Exception, RenderTimeout) as exc:  # isolate the failure to this report
        text = str(exc).splitlines()[0] if str(exc) else ""
        result.status = "failed"
        result.error = {"cell": None, "error": type(exc).__name__, "line": f"{type(exc).__name__}: {text}"}
        if isinstance(exc, WriteError):
            result.error.update(kind="write", line=text)
        elif isinstance(exc, RenderTimeout):
            result.error.update(kind="timeout", line=text)
        else:
            result.error["traceback"] = traceback.format_exc(limit=5)
    result.duration_s = round(time.perf_counter() - started, 3)
    return result
