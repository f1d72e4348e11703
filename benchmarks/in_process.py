"""The floor of `khuyencong report`: the same notebooks executed in-process, without Jupyter kernels.

Every job of the year (national, data quality, every province) is run by ploomber-engine's
PloomberClient, which executes the cells in the calling Python process (IPython's shell, matplotlib's
inline backend, no kernel, no messages), with the parameters papermill would inject, on one shell per
worker emptied before each notebook as a batch kernel is (no IPython history, as the kernels); then the
project's own HTML (render.notebook_html) and PDF/A with its figures CSV (render.html_to_pdf), as a
report worker writes them. `--jobs` forked processes share the jobs, the national report first, as
the batch does. What this leaves out of the batch: kernels, papermill's engine, the manifest, the
index and the open data.

IPython's shell makes its own module `sys.modules["__main__"]`, so the worker functions live in this
module imported by name (`in_process`), not in `__main__`: after a first report a worker could no
longer unpickle its next task and died. A worker that dies now fails the run (BrokenProcessPool,
exit 1) instead of leaving the pool waiting for it.

Usage: python benchmarks/in_process.py --year 2022 --out DIR [--processed data/processed] [--jobs N]
       [--provinces N] [--lang vi]
Prints one line: the number of reports and the seconds they took.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


_SHELL: dict = {}


def warm_client(nb):
    """A PloomberClient on this worker's one IPython shell, emptied before each notebook as a batch
    kernel is (analysis.reports.kernel.fresh_namespace), instead of a new shell per notebook: the
    same warm state as a batch worker's kernel, without the kernel."""
    from ploomber_engine.ipython import PloomberClient, PloomberShell

    from analysis.reports import kernel

    class WarmClient(PloomberClient):
        def __enter__(self):
            if "shell" not in _SHELL:
                _SHELL["shell"] = PloomberShell()
            self._shell = _SHELL["shell"]
            kernel.fresh_namespace()
            return self

        def __exit__(self, exc_type, exc_value, traceback):
            self._shell = None  # kept for the next notebook

    return WarmClient(nb, display_stdout=False, progress_bar=False)


def executed_in_process(path: Path, parameters: dict):
    """The notebook at `path` executed in this process with `parameters` injected (papermill's way)."""
    from papermill.iorw import load_notebook_node
    from papermill.parameterize import parameterize_notebook

    nb = parameterize_notebook(load_notebook_node(str(path)), parameters)
    nb = warm_client(nb).execute()
    for cell in nb.cells:  # IPython's rule that a kernel applies: a trailing ";" shows no result
        if cell.cell_type == "code" and cell.source.rstrip().endswith(";"):
            cell.outputs = [o for o in cell.outputs if o.output_type != "execute_result"]
    return nb


def render_job(job, processed: str, out: str) -> float:
    """Execute, then write HTML and PDF of one job; its seconds."""
    import nbformat

    from analysis.present.recorded import recorded
    from analysis.reports import render

    started = time.perf_counter()
    nb = executed_in_process(ROOT / "notebooks" / job.notebook, {**job.parameters, "processed_dir": processed})
    html = render.notebook_html(nb, job.title, job.header, job.lang, "bench", render.draft_stamp(job.lang))
    figures = [(f"{Path(job.stem).name}.csv", render.figures_csv(recorded(nb)), f"{job.title}: figures (CSV)")]
    pdf = render.html_to_pdf(html, job.parameters["year"], job.lang, figures)
    target = Path(out) / job.stem
    target.parent.mkdir(parents=True, exist_ok=True)
    target.with_suffix(".html").write_text(html, encoding="utf-8")
    target.with_suffix(".pdf").write_bytes(pdf)
    target.with_suffix(".ipynb").write_text(nbformat.writes(nb), encoding="utf-8")  # kept, as the batch keeps it
    return time.perf_counter() - started


def _worker_init() -> None:
    os.chdir(ROOT / "notebooks")  # the notebooks' working folder, as the kernels have it
    import matplotlib
    from IPython.core.history import HistoryManager

    matplotlib.use("module://matplotlib_inline.backend_inline")
    HistoryManager.enabled.default_value = False  # as the batch's kernels run (--HistoryManager.enabled=False)


def _run(args: tuple) -> float:
    return render_job(*args)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--year", type=int, default=2022)
    parser.add_argument("--out", required=True)
    parser.add_argument("--processed", default=str(ROOT / "data" / "processed"))
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--provinces", type=int, help="only the first N provinces (and national, data quality)")
    parser.add_argument("--lang", default="vi")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    from analysis import reference
    from analysis.reports import plan

    provinces = None
    if args.provinces:
        codes = reference.provinces(reference.geo_for_year(args.year))["province_code"][: args.provinces]
        provinces = [reference.match_province(code, args.year) for code in codes]
    jobs = plan.jobs_for_year(args.year, provinces, args.lang)
    processed = str(Path(args.processed).resolve())
    started = time.perf_counter()
    with ProcessPoolExecutor(args.jobs, mp_context=multiprocessing.get_context("fork"),
                             initializer=_worker_init) as pool:
        seconds = list(pool.map(_run, [(job, processed, args.out) for job in jobs]))
    print(f"{len(jobs)} reports in {time.perf_counter() - started:.1f} s "
          f"(sum over the reports {sum(seconds):.1f} s)")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import in_process  # the workers' functions by an importable name (see the module docstring)

    sys.exit(in_process.main())
