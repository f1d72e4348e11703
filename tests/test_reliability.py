"""A report run that is killed, run twice, starved of disk or CPU still publishes one consistent set.

Real processes: `khuyencong report` is started as a subprocess and killed with SIGKILL or SIGTERM;
psutil then checks that none of its workers and kernels is left, nor their socket folders. Locks,
leftovers and strict JSON are also tested without kernels (fast).
"""

from __future__ import annotations

import errno
import json
import math
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil
import pytest

from analysis import cli, dataset, files, reference
from analysis.reports import lifetime, lock, manifest, render, run
from analysis.reports.plan import sha256_path


def report_command(out: Path, processed: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "analysis", "report", "--year", "2022", "--out", str(out),
            "--processed", str(processed), "--quiet", *extra]


def alive(procs: list[psutil.Process]) -> list[psutil.Process]:
    """The processes that still run (zombies waiting to be reaped do not run)."""
    left = []
    for proc in procs:
        try:
            if proc.is_running() and proc.status() != psutil.STATUS_ZOMBIE:
                left.append(proc)
        except psutil.NoSuchProcess:
            pass
    return left


def kernels_of(main: psutil.Process) -> list[psutil.Process]:
    try:
        return [p for p in main.children(recursive=True) if "ipykernel" in " ".join(p.cmdline())]
    except psutil.Error:
        return []


def dead_pid() -> int:
    """The pid of a process that has finished (and been reaped)."""
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def wait_for_holder(folder: Path, proc: subprocess.Popen, timeout_s: float = 60) -> None:
    """Return once `proc` holds `folder`'s lock (its record is in the lock file)."""
    deadline = time.time() + timeout_s
    while time.time() < deadline and proc.poll() is None:
        try:
            if json.loads((folder / lock.LOCK_NAME).read_text() or "{}").get("pid") == proc.pid:
                return
        except (OSError, ValueError):
            pass
        time.sleep(0.05)
    raise AssertionError("the first run never held the lock")


def verify_outputs(out_dir: Path) -> list[str]:
    """Outputs on disk that disagree with manifest.json (path: reason); [] when all agree."""
    data = json.loads((out_dir / "manifest.json").read_text(encoding="utf-8"))
    wrong = []
    for entry in data["reports"].values():
        for rel, digest in entry.get("outputs", {}).items():
            if sha256_path(out_dir / rel) != digest:
                wrong.append(rel)
    return wrong


# ---------------------------------------------------------------- fast: locks, leftovers, JSON


def test_lock_refuses_a_second_holder_and_names_the_first(tmp_path):
    with lock.hold(tmp_path, command="khuyencong report --year 2022") as holder:
        with pytest.raises(lock.LockHeld) as caught:
            with lock.hold(tmp_path):
                pass
    message = str(caught.value)
    assert f"pid {holder['pid']}" in message and "khuyencong report --year 2022" in message
    assert "--wait" in message and caught.value.exit_status == 2
    assert not (tmp_path / lock.LOCK_NAME).exists(), "released and removed"


def test_lock_of_a_dead_process_is_taken_over_with_a_warning(tmp_path, capsys):
    pid = dead_pid()
    (tmp_path / lock.LOCK_NAME).write_text(json.dumps({"pid": pid, "command": "khuyencong report",
                                                       "started": "2026-01-01 00:00:00 UTC"}))
    with lock.hold(tmp_path) as holder:
        assert holder["pid"] == os.getpid()
        assert json.loads((tmp_path / lock.LOCK_NAME).read_text())["pid"] == os.getpid()
    err = capsys.readouterr().err
    assert "taking over" in err and f"pid {pid}" in err and "no longer running" in err


def test_lock_wait_takes_it_when_the_holder_releases(tmp_path):
    held, release = threading.Event(), threading.Event()

    def holder():
        with lock.hold(tmp_path):
            held.set()
            release.wait(10)

    thread = threading.Thread(target=holder)
    thread.start()
    held.wait(10)
    threading.Timer(0.5, release.set).start()
    started = time.perf_counter()
    with lock.hold(tmp_path, wait=True, poll_s=0.05):
        waited = time.perf_counter() - started
    thread.join()
    assert waited >= 0.4


def test_leftovers_of_dead_processes_are_removed_and_live_ones_kept(tmp_path):
    dead = Path(tempfile.mkdtemp(prefix=f"{lifetime.KERNEL_PREFIX}{dead_pid()}-"))
    (dead / "kernel.json").write_text("{}")
    ours = lifetime.private_folder(lifetime.SNAPSHOT_PREFIX)
    (tmp_path / "2022").mkdir()
    half = tmp_path / "2022" / ".national.pdf.99999.tmp"
    half.write_bytes(b"half")
    try:
        lifetime.remove_leftovers(tmp_path / "2022")
        assert not dead.exists() and ours.exists() and not half.exists()
    finally:
        shutil.rmtree(ours, ignore_errors=True)
        shutil.rmtree(dead, ignore_errors=True)


def test_manifest_json_is_strict(tmp_path):
    path = tmp_path / "manifest.json"
    manifest.write_manifest(path, 2022, {"x": {"recorded": {"share": math.nan, "pay": math.inf, "n": 3}}})

    def refuse(name):
        raise AssertionError(f"{name} in strict JSON")

    data = json.loads(path.read_text(encoding="utf-8"), parse_constant=refuse)
    assert data["reports"]["x"]["recorded"] == {"share": None, "pay": None, "n": 3}


def test_worker_count_is_capped_at_the_cpus():
    cpus = os.cpu_count() or 1
    assert run.worker_count(1000, 65) == cpus
    assert run.worker_count(None, 1) == 1 and run.worker_count(1, 65) == 1


def test_out_that_is_a_file_is_one_line_and_exit_2(tmp_path, capsys, report_build):
    target = tmp_path / "reports"
    target.write_text("not a folder")
    assert cli.main(["report", "--year", "2022", "--out", str(target), "--processed", str(report_build)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"khuyencong report: --out {target}: is a file, not a folder"]


def test_out_that_cannot_be_created_is_one_line_and_exit_1(tmp_path, capsys, report_build):
    (tmp_path / "file").write_text("x")
    out = tmp_path / "file" / "reports"
    assert cli.main(["report", "--year", "2022", "--out", str(out), "--processed", str(report_build),
                     "--quiet"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(f"khuyencong report: --out {out}: cannot write there")


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_read_only_out_is_one_line_and_exit_1(tmp_path, capsys, report_build):
    out = tmp_path / "reports"
    out.mkdir(mode=0o555)
    assert cli.main(["report", "--year", "2022", "--out", str(out), "--processed", str(report_build),
                     "--quiet"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "cannot write there" in err[0] and "Permission denied" in err[0]


def test_build_refuses_while_its_folder_is_locked_and_names_the_holder(tmp_path, capsys):
    with lock.hold(tmp_path / "processed", command="khuyencong report --year 2022"):
        status = cli.main(["build", "--year", "2022", "--out", str(tmp_path / "processed")])
    assert status == 2
    err = capsys.readouterr().err
    assert "khuyencong build:" in err and "khuyencong report --year 2022" in err and f"pid {os.getpid()}" in err


# ---------------------------------------------------------------- slow: real runs, real kills


def provinces(*codes: str) -> list[reference.Province]:
    return [reference.match_province(code, 2022) for code in codes]


@pytest.mark.slow
@pytest.mark.parametrize("signum", [signal.SIGKILL, signal.SIGTERM])
def test_killed_report_leaves_no_process_and_no_socket_folder(report_build, tmp_path, signum, capsys):
    proc = subprocess.Popen(report_command(tmp_path / "out", report_build, "--force", "--jobs", "2"),
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    main = psutil.Process(proc.pid)
    deadline = time.time() + 120
    while len(kernels_of(main)) < 2 and time.time() < deadline and proc.poll() is None:
        time.sleep(0.2)
    assert len(kernels_of(main)) >= 2, "the run started two workers with a kernel each"
    time.sleep(2)  # reports are being rendered
    family = main.children(recursive=True)
    workers = [p for p in family if p.ppid() == proc.pid]
    os.kill(proc.pid, signum)
    proc.wait(timeout=30)
    psutil.wait_procs(family, timeout=10)
    left = alive(family)
    assert left == [], f"still running 10 s after the kill: {[p.cmdline()[:3] for p in left]}"
    sockets = [p for w in workers for p in Path(tempfile.gettempdir()).glob(f"{lifetime.KERNEL_PREFIX}{w.pid}-*")]
    assert sockets == [], "kernel socket folders (and their connection files) are removed"
    # the next run removes what the killed one could not (its snapshot, half-written files) and works,
    # with --jobs capped at the CPUs (said once)
    status = cli.main(["report", "--year", "2022", "--province", "77", "--format", "html", "--jobs", "1000",
                       "--out", str(tmp_path / "out"), "--processed", str(report_build), "--quiet"])
    err = capsys.readouterr().err
    assert status == 0, err
    assert f"--jobs 1000: using {os.cpu_count()}, the number of CPUs" in err and err.count("--jobs 1000") == 1
    assert not list(Path(tempfile.gettempdir()).glob(f"{lifetime.SNAPSHOT_PREFIX}{proc.pid}-*"))
    assert not list((tmp_path / "out").rglob(".*.tmp"))
    assert verify_outputs(tmp_path / "out" / "2022") == []


@pytest.mark.slow
def test_two_concurrent_runs_one_is_refused_naming_the_other(report_build, tmp_path, capsys):
    out = tmp_path / "out"
    first = subprocess.Popen(report_command(out, report_build, "--province", "77", "79", "--force",
                                            "--format", "html"),
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    wait_for_holder(out, first)
    status = cli.main(["report", "--year", "2022", "--province", "77", "79", "--force", "--format", "html",
                       "--out", str(out), "--processed", str(report_build), "--quiet"])
    err = capsys.readouterr().err
    assert status == 2 and f"pid {first.pid}" in err and "khuyencong" in err and "--wait" in err
    _, first_err = first.communicate(timeout=300)
    assert first.returncode == 0, first_err
    assert verify_outputs(out / "2022") == []
    # with --wait the second run waits for the first and then publishes a consistent set too
    first = subprocess.Popen(report_command(out, report_build, "--province", "77", "--force", "--format", "html"),
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_for_holder(out, first)
    status = cli.main(["report", "--year", "2022", "--province", "77", "--format", "html", "--out", str(out),
                       "--processed", str(report_build), "--quiet", "--wait"])
    assert first.wait(timeout=300) == 0 and status == 0
    assert verify_outputs(out / "2022") == []


@pytest.mark.slow
def test_a_build_during_a_report_cannot_mix_versions(report_build, tmp_path):
    raw, processed = tmp_path / "raw", tmp_path / "processed"
    shutil.copytree(report_build.parent / "raw", raw)
    assert dataset.build_year(2022, raw, processed).errors == 0
    before = sha256_path(processed / "2022" / "units.parquet")
    proc = subprocess.Popen(report_command(tmp_path / "out", processed, "--province", "77", "79", "01",
                                           "--format", "html", "--jobs", "1"),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    out_dir = tmp_path / "out" / "2022"
    deadline = time.time() + 120
    while not (out_dir / "manifest.json").exists() and time.time() < deadline:  # first report done
        time.sleep(0.1)
    # a new version of the data: Hà Nội's return removed, then built with --wait (the report is not blocked)
    for path in (raw / "2022").glob("01-*"):
        path.unlink()
    build = subprocess.run([sys.executable, "-m", "analysis", "build", "--year", "2022", "--raw", str(raw),
                            "--out", str(processed), "--wait"], capture_output=True, text=True, timeout=300)
    assert build.returncode == 0, build.stderr
    assert sha256_path(processed / "2022" / "units.parquet") != before
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    entries = json.loads((out_dir / "manifest.json").read_text(encoding="utf-8"))["reports"]
    assert {e["inputs"]["units.parquet"] for e in entries.values()} == {before}, "every report read one version"
    assert entries["province-01"]["recorded"]["profile"]["returned"] is True, "Hà Nội from the earlier version"


@pytest.mark.slow
def test_a_report_over_the_render_time_limit_fails_alone(report_build, tmp_path, monkeypatch):
    # the HTML of one report takes forever (the limit covers its HTML and PDF alike); HTML only, so
    # the others finish well within a short limit
    original = render.notebook_html

    def slow_for_one(notebook, title, *args, **kwargs):
        if "TP Hồ Chí Minh" in title:
            time.sleep(300)
        return original(notebook, title, *args, **kwargs)

    monkeypatch.setattr(render, "notebook_html", slow_for_one)  # the workers are forked after this
    started = time.perf_counter()
    summary = run.run_reports(2022, provinces("77", "79"), ("html",), jobs=1, out=tmp_path, quiet=True,
                              processed_dir=report_build, render_timeout_s=6)
    assert time.perf_counter() - started < 200
    assert summary.failed == 1 and summary.built == 3, summary.failures
    (failure,) = summary.failures
    assert failure.startswith("province-79") and "took longer than 6 s (--render-timeout)" in failure
    assert (tmp_path / "2022" / "provinces" / "77-ba-ria-vung-tau.html").exists()
    assert not (tmp_path / "2022" / "provinces" / "79-tp-ho-chi-minh.html").exists()


@pytest.mark.slow
def test_disk_full_keeps_the_previous_reports_listed(report_build, built_reports, tmp_path, monkeypatch, capsys):
    # the previous complete set: the session's run (HTML and PDF) copied, as a folder of earlier reports
    shutil.copytree(built_reports[0].parent, tmp_path, dirs_exist_ok=True)
    out_dir = tmp_path / "2022"
    assert verify_outputs(out_dir) == []
    before = {p.name: p.read_bytes() for p in out_dir.glob("national.*")}
    writer = files.atomic_write_bytes

    def full_disk_for_reports(path, data):
        if Path(path).suffix in (".pdf", ".html") and Path(path).name not in ("index.html", "status.html"):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
        return writer(path, data)

    monkeypatch.setattr(files, "atomic_write_bytes", full_disk_for_reports)
    summary = run.run_reports(2022, provinces("77"), ("html",), jobs=2, force=True, out=tmp_path,
                              quiet=True, processed_dir=report_build)
    assert summary.failed == 3 and all("No space left on device" in f for f in summary.failures)
    assert {p.name: p.read_bytes() for p in out_dir.glob("national.*")} == before, "no half-written file"
    index = (out_dir / "index.html").read_text(encoding="utf-8")
    assert 'href="national.html"' in index and 'href="provinces/77-ba-ria-vung-tau.pdf"' in index
    assert verify_outputs(out_dir) == []
    # when nothing can be written at all: one line, exit 1, no traceback
    monkeypatch.setattr(files, "atomic_write_bytes",
                        lambda path, data: (_ for _ in ()).throw(OSError(errno.ENOSPC, "No space left on device")))
    capsys.readouterr()
    status = cli.main(["report", "--year", "2022", "--province", "77", "--force", "--format", "html",
                       "--out", str(tmp_path), "--processed", str(report_build), "--quiet"])
    err = capsys.readouterr().err.strip().splitlines()
    assert status == 1
    assert err[-1].startswith("khuyencong report: cannot write") and "(disk full)" in err[-1]
    assert not any("Traceback" in line for line in err)
    assert 'href="national.html"' in (out_dir / "index.html").read_text(encoding="utf-8")


@pytest.mark.slow
def test_a_kernel_that_fails_to_start_is_started_again(monkeypatch):
    from jupyter_client.manager import KernelManager

    from analysis.config import NOTEBOOKS_DIR
    from analysis.reports import pool

    real, calls = KernelManager.start_kernel, []

    def fails_once(self, **kwargs):
        calls.append(kwargs)
        if len(calls) == 1:
            raise RuntimeError("Kernel died before replying to kernel_info")
        return real(self, **kwargs)

    monkeypatch.setattr(KernelManager, "start_kernel", fails_once)
    monkeypatch.setattr(pool, "_WORKER", {"notebooks_dir": str(NOTEBOOKS_DIR)})
    try:
        pool._start_kernel()
        assert len(calls) == 2 and pool._WORKER["km"].is_alive()
        sockets = pool._WORKER["sockets"]
        assert (sockets / "kernel.json").exists(), "the connection file lives in the kernel's socket folder"
    finally:
        pool._stop_kernel()
    assert not sockets.exists()
    assert len(list(Path(tempfile.gettempdir()).glob(f"{lifetime.KERNEL_PREFIX}{os.getpid()}-*"))) == 0
