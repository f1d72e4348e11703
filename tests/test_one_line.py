"""Every fault README promises one line for ends in one line, no traceback, with the command that
fixes it for the folders actually used (fast: no kernel starts)."""

from __future__ import annotations

import errno
import json
import os
import shutil
import socket
from pathlib import Path

import pandas as pd
import pytest

from analysis import cli, config, dataset
from analysis.reports import lock, run
from conftest import return_row


def one_line(capsys) -> str:
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1, err
    assert "Traceback" not in err[0]
    return err[0]


@pytest.fixture
def processed(report_build, tmp_path) -> Path:
    """A private copy of the session's processed 2022 build, to damage."""
    copy = tmp_path / "processed"
    shutil.copytree(report_build, copy)
    return copy


def build(raw: Path, out: Path) -> int:
    return cli.main(["build", "--year", "2022", "--raw", str(raw), "--out", str(out)])


def test_build_on_a_full_disk(write_csv, raw_dir, tmp_path, monkeypatch, capsys):
    write_csv("10-lao-cai.csv", [return_row()])

    def full(self, *args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), "units.parquet")

    monkeypatch.setattr(pd.DataFrame, "to_parquet", full)
    assert build(raw_dir, tmp_path / "out") == 1
    line = one_line(capsys)
    assert line.startswith("khuyencong build: cannot write units.parquet: No space left on device (disk full)")
    assert line.endswith("the earlier build is kept as it was")
    assert [p.name for p in (tmp_path / "out").iterdir()] == [], "no half-written folder"


def test_build_into_a_read_only_out(write_csv, raw_dir, tmp_path, monkeypatch, capsys):
    write_csv("10-lao-cai.csv", [return_row()])
    out = tmp_path / "out"
    out.mkdir()
    opened = os.open

    def read_only(path, *args, **kwargs):  # what a read-only folder does to anyone but root
        if Path(path).parent == out:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return opened(path, *args, **kwargs)

    monkeypatch.setattr(lock.os, "open", read_only)
    assert build(raw_dir, out) == 1
    assert one_line(capsys) == (f"khuyencong build: cannot create the lock file {out / lock.LOCK_NAME}: "
                                "Permission denied")


def test_build_into_an_out_that_is_a_file_or_inside_one(write_csv, raw_dir, tmp_path, capsys):
    write_csv("10-lao-cai.csv", [return_row()])
    (tmp_path / "file").write_text("x")
    assert build(raw_dir, tmp_path / "file") == 2
    assert one_line(capsys) == f"khuyencong build: --out {tmp_path / 'file'}: is a file, not a folder"
    assert build(raw_dir, tmp_path / "file" / "out") == 1
    assert "cannot create the lock file" in one_line(capsys)


@pytest.mark.parametrize("command", ["report", "indicators", "trace"])
def test_a_truncated_units_parquet(processed, command, capsys):
    units = processed / "2022" / "units.parquet"
    units.write_bytes(units.read_bytes()[:200])
    extra = ["staff_field"] if command == "trace" else []
    assert cli.main([command, *extra, "--year", "2022", "--processed", str(processed)]) == 1
    line = one_line(capsys)
    assert f"{config.relative_to_root(units)} is not the file its build wrote" in line
    assert f"`khuyencong build --year 2022 --out {config.relative_to_root(processed)}`" in line


def test_garbage_in_provenance_json(processed, capsys):
    (processed / "2022" / "provenance.json").write_bytes(b"\x00\xffgarbage{")
    assert cli.main(["report", "--year", "2022", "--processed", str(processed), "--out",
                     str(processed.parent / "reports")]) == 1
    line = one_line(capsys)
    assert "provenance.json is damaged" in line and f"--out {config.relative_to_root(processed)}" in line


def test_a_missing_cells_parquet_is_named_in_the_folder_given(processed, tmp_path, capsys):
    (processed / "2022" / "cells.parquet").unlink()
    assert cli.main(["report", "--year", "2022", "--processed", str(processed), "--out", str(tmp_path / "r")]) == 2
    line = one_line(capsys)
    assert line == (f"khuyencong report: {config.relative_to_root(processed / '2022' / 'cells.parquet')} does not "
                    f"exist; run `khuyencong build --year 2022 --out {config.relative_to_root(processed)}`")


def test_the_run_api_names_the_folder_given_not_its_private_copy(processed, tmp_path):
    (processed / "2022" / "cells.parquet").unlink()
    with pytest.raises(dataset.MissingBuild) as caught:
        run.run_reports(2022, [], out=tmp_path / "r", quiet=True, processed_dir=processed)
    assert config.relative_to_root(processed / "2022" / "cells.parquet") in str(caught.value)
    assert "snapshot" not in str(caught.value)
    assert not [p for p in (tmp_path / "r").iterdir() if p.name.startswith(".2022")], "no stage left"


def test_a_folder_where_the_lock_file_should_be(write_csv, raw_dir, tmp_path, report_build, capsys):
    write_csv("10-lao-cai.csv", [return_row()])
    for out, command in ((tmp_path / "out", ["build", "--year", "2022", "--raw", str(raw_dir)]),
                         (tmp_path / "reports", ["report", "--year", "2022", "--processed", str(report_build)])):
        (out / lock.LOCK_NAME).mkdir(parents=True)
        assert cli.main([*command, "--out", str(out)]) == 1
        path = out / lock.LOCK_NAME
        assert one_line(capsys) == (f"khuyencong {command[0]}: {path} is a folder, not the lock file; "
                                    f"remove it (`rmdir {path}`) and run again")


def test_a_failure_without_a_cell_does_not_say_cell_none():
    assert run.failure_line("national", {"cell": None, "line": "worker died: x"}) == "national: worker died: x"
    assert run.failure_line("national", {"cell": 4, "line": "ValueError: y"}) == "national: cell 4: ValueError: y"


def test_a_lock_left_with_the_pid_of_a_live_process_is_not_called_dead(tmp_path, capsys):
    (tmp_path / lock.LOCK_NAME).write_text(json.dumps({"pid": 1, "host": socket.gethostname(),
                                                       "command": "khuyencong report"}))
    with lock.hold(tmp_path):
        pass
    err = capsys.readouterr().err
    assert "pid 1," in err and "no longer running" not in err and "which no longer holds it" in err


@pytest.mark.parametrize("command", ["report", "release"])
def test_jobs_below_one_is_one_usage_line(report_build, tmp_path, command, capsys):
    extra = ["--note", "x"] if command == "release" else []
    assert cli.main(["--lang", "en", command, "--year", "2022", "--processed", str(report_build), "--out",
                     str(tmp_path), "--jobs", "0", *extra]) == 2
    assert one_line(capsys) == f"khuyencong {command}: --jobs must be 1 or more"
