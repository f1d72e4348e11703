"""Benchmark: naive per-province loop vs `khuyencong report` vs an immediate rerun vs the same notebooks
in-process without kernels; prints times and ratios (one run, so the ratios share the machine's load).

(a) naive: for each province, the papermill CLI, then `jupyter nbconvert --to html --no-input`,
    then the weasyprint CLI on that HTML, one after the other (what a shell loop would do);
(b) `khuyencong report --force` for the same year (national + data quality + every province, HTML and PDF);
(c) `khuyencong report` again right away (everything up to date), three times;
(d) the same 65 reports executed in-process by ploomber-engine, no kernels, with the project's own HTML
    and PDF/A, in as many processes as (b) has workers (benchmarks/in_process.py): the floor the batch
    is compared with;
(e) with --all: `khuyencong report --force --lang both --year <every sample year>` (the whole sample, one
    run: the years one after the other on the same workers).
Peak memory is the largest sum of resident memory over the process tree, sampled every 0.1 s.

Usage: python benchmarks/bench_report.py [--year 2022] [--provinces N] [--jobs N] [--all]
With --provinces N the naive loop runs N provinces and its time is scaled linearly to all of them: an
extrapolation, and the output says so. The machine's load is printed at the start and the end: on a
shared machine every figure moves with it, so run the bench more than once.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


class PeakMemory:
    """Samples the resident memory of a process and all its children; .peak in bytes."""

    def __init__(self, pid: int):
        self.process, self.peak, self._stop = psutil.Process(pid), 0, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                procs = [self.process] + self.process.children(recursive=True)
                self.peak = max(self.peak, sum(p.memory_info().rss for p in procs if p.is_running()))
            except psutil.Error:
                pass
            time.sleep(0.1)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


def load() -> str:
    """The machine's load average (1, 5, 15 min)."""
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def timed(command: list[str], lines: list[str] | None = None, **kwargs) -> tuple[float, int]:
    """(seconds, peak bytes) of one command; raises if it fails. With `lines`, what the command
    printed is appended to it, a line each."""
    start = time.perf_counter()
    proc = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL if lines is None else subprocess.PIPE,
                            stderr=subprocess.PIPE, **kwargs)
    with PeakMemory(proc.pid) as memory:
        printed, err = proc.communicate()
    if proc.returncode != 0:
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(command)}\n{err.decode()[-2000:]}")
    if lines is not None:
        lines += printed.decode("utf-8").splitlines()
    return time.perf_counter() - start, memory.peak


def naive_loop(year: int, codes: list[str], work: Path) -> tuple[float, int]:
    """The per-province CLI loop; returns (seconds, peak bytes)."""
    total, peak = 0.0, 0
    notebook = ROOT / "notebooks" / "province_profile.ipynb"
    for n, code in enumerate(codes, start=1):
        executed = work / f"{code}.ipynb"
        steps = [
            [str(BIN / "papermill"), str(notebook), str(executed), "-p", "province", code, "-p", "year", str(year),
             "--no-progress-bar"],
            [str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(executed)],
            [str(BIN / "weasyprint"), str(work / f"{code}.html"), str(work / f"{code}.pdf")],
        ]
        for step in steps:
            seconds, memory = timed(step)
            total, peak = total + seconds, max(peak, memory)
        print(f"\r(a) naive loop: {n}/{len(codes)} provinces, {total:.1f} s", end="", flush=True)
    print()
    return total, peak


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--year", type=int, default=2022)
    parser.add_argument("--provinces", type=int, help="run the naive loop on this many provinces and scale")
    parser.add_argument("--jobs", type=int, help="workers for khuyencong report (default: CPUs)")
    parser.add_argument("--all", action="store_true", help="also time every sample year in both editions")
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT / "src"))
    from analysis import reference

    codes = list(reference.provinces(reference.geo_for_year(args.year))["province_code"])
    sample = codes[: args.provinces] if args.provinces else codes
    work = Path(tempfile.mkdtemp(prefix="khuyencong-bench-"))
    out = work / "reports"
    jobs = ["--jobs", str(args.jobs)] if args.jobs else []
    print(f"machine: {os.cpu_count()} CPUs, load (1, 5, 15 min) {load()}; year {args.year}; {len(codes)} provinces; "
          f"work folder {work}")
    try:
        naive_s, naive_mem = naive_loop(args.year, sample, work)
        scaled = len(sample) < len(codes)
        if scaled:
            print(f"    measured on {len(sample)} provinces ({naive_s:.1f} s), extrapolated linearly to {len(codes)}")
            naive_s = naive_s * len(codes) / len(sample)
        report = [str(BIN / "khuyencong"), "report", "--year", str(args.year), "--out", str(out), "--quiet", *jobs]
        full_s, full_mem = timed(report + ["--force"])
        print(f"(b) khuyencong report --force: {full_s:.1f} s")
        reruns = [timed(report) for _ in range(3)]
        rerun_s, rerun_mem = sorted(reruns)[1]  # the median of three
        print(f"(c) immediate rerun: {', '.join(f'{s:.2f}' for s, _ in reruns)} s (median {rerun_s:.2f} s)")
        workers = min(args.jobs or os.cpu_count() or 1, os.cpu_count() or 1)  # as khuyencong report caps them
        floor_s, floor_mem = timed([sys.executable, str(ROOT / "benchmarks" / "in_process.py"), "--year",
                                    str(args.year), "--out", str(work / "in-process"), "--jobs", str(workers)])
        print(f"(d) in-process, no kernels: {floor_s:.1f} s")
        if args.all:
            years = sorted(p.name for p in (ROOT / "data" / "raw").iterdir() if p.name.isdigit())
            printed: list[str] = []
            all_s, _ = timed([str(BIN / "khuyencong"), "report", "--year", *years, "--out", str(work / "all"),
                              "--quiet", "--force", "--lang", "both", *jobs], lines=printed)
            for line in printed:  # each year's and edition's summary line, with its own time
                print(f"(e) {line}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    per = len(codes)
    print()
    print(f"{'':32}{'seconds':>10}{'s/province':>12}{'peak MB':>10}")
    naive_label = f"(a) naive loop{' (extrapolated)' if scaled else ''}"
    print(f"{naive_label:32}{naive_s:>10.1f}{naive_s / per:>12.2f}{naive_mem / 2**20:>10.0f}")
    print(f"{'(b) khuyencong report --force':32}{full_s:>10.1f}{full_s / per:>12.2f}{full_mem / 2**20:>10.0f}")
    print(f"{'(c) rerun, nothing to do':32}{rerun_s:>10.2f}{'':>12}{rerun_mem / 2**20:>10.0f}")
    print(f"{'(d) in-process, no kernels':32}{floor_s:>10.1f}{floor_s / per:>12.2f}{floor_mem / 2**20:>10.0f}")
    print()
    print(f"machine load (1, 5, 15 min) at the end: {load()}")
    print(f"speed-up (a)/(b): {naive_s / full_s:.1f}x  (target >= 15x; (a) renders the {per} provinces only, "
          f"(b) also national and data quality{'; (a) extrapolated from ' + str(len(sample)) if scaled else ''})")
    print(f"batch over in-process (b)/(d): {full_s / floor_s:.2f}x  (target <= 1.25x)")
    print(f"rerun (c): {rerun_s:.2f} s (target < 1 s); peak memory of (b): {full_mem / 2**30:.2f} GB (target < 2 GB)")
    if args.all:
        print(f"whole sample (e), {len(years)} years, both editions: {all_s:.0f} s = {all_s / 60:.1f} min "
              "(target < 5 min)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
