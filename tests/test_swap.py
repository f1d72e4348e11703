"""The build's swap of data/processed/<year>/ under a real kill at each of its steps, and the
year-on-year checks never skipped without a word.

A `khuyencong build` subprocess SIGKILLs itself at one step (files.FAULT_ENV "kill:<step>"), with
the kernel's directory exchange and with the two renames used where it is missing ("no-exchange");
whatever the step, the year's folder is then the earlier build or the new one, whole, and the next
build leaves no hidden folder behind.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from analysis import cli, config, dataset, files
from analysis.files import sha256_file
from conftest import return_row

STEPS = [("exchange", "swap-start"), ("exchange", "swap-exchanged"), ("no-exchange", "swap-start"),
         ("no-exchange", "swap-old-moved"), ("no-exchange", "swap-new-moved")]


def build_command(raw: Path, out: Path, year: int = 2022) -> list[str]:
    return [sys.executable, "-m", "analysis", "build", "--year", str(year), "--raw", str(raw), "--out", str(out)]


def staff_total(year_dir: Path) -> int:
    """The one unit's staff in a whole build (every output as provenance.json records it)."""
    meta = json.loads((year_dir / "provenance.json").read_text(encoding="utf-8"))
    assert all(sha256_file(year_dir / name) == digest for name, digest in meta["outputs"].items())
    return int(dataset.load_units(int(year_dir.name), year_dir.parent)["staff_total"].iloc[0])


@pytest.mark.parametrize(("mode", "step"), STEPS)
def test_a_kill_at_any_step_of_the_swap_loses_nothing(write_csv, raw_dir, tmp_path, mode, step):
    out = tmp_path / "out"
    write_csv("10-lao-cai.csv", [return_row(staff_total=30)])
    assert dataset.build_year(2022, raw_dir, out).errors == 0
    write_csv("10-lao-cai.csv", [return_row(staff_total=31)])
    env = {**os.environ, files.FAULT_ENV: f"{mode},kill:{step}" if mode == "no-exchange" else f"kill:{step}"}
    proc = subprocess.run(build_command(raw_dir, out), env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    if step == "swap-old-moved":
        assert not (out / "2022").exists(), "killed between the two renames"
    else:
        assert staff_total(out / "2022") in (30, 31), "the earlier build or the new one, whole"
    # the next build finishes or undoes what the killed one left, then builds
    assert cli.main(["build", "--year", "2022", "--raw", str(raw_dir), "--out", str(out)]) == 0
    assert staff_total(out / "2022") == 31
    assert sorted(p.name for p in out.iterdir()) == ["2022", "panel.parquet"], "no hidden folder left"


def test_the_first_build_killed_while_renaming_leaves_no_year_and_nothing_hidden(write_csv, raw_dir, tmp_path):
    out = tmp_path / "out"
    write_csv("10-lao-cai.csv", [return_row()])
    env = {**os.environ, files.FAULT_ENV: "kill:swap-start"}
    assert subprocess.run(build_command(raw_dir, out), env=env, capture_output=True,
                          timeout=120).returncode == -signal.SIGKILL
    assert not (out / "2022").exists()
    assert cli.main(["build", "--year", "2022", "--raw", str(raw_dir), "--out", str(out)]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["2022", "panel.parquet"]


def test_building_the_next_year_after_a_killed_swap_restores_it_and_runs_the_checks(write_csv, raw_dir, tmp_path,
                                                                                    capsys):
    out = tmp_path / "out"
    write_csv("10-lao-cai.csv", [return_row(staff_total=30)])
    write_csv("10-lao-cai.csv", [return_row(year=2023, staff_total=90)], year=2023)
    assert dataset.build_year(2022, raw_dir, out).errors == 0
    write_csv("10-lao-cai.csv", [return_row(staff_total=31)])
    env = {**os.environ, files.FAULT_ENV: "no-exchange,kill:swap-old-moved"}
    subprocess.run(build_command(raw_dir, out), env=env, capture_output=True, timeout=120)
    assert not (out / "2022").exists()
    assert cli.main(["build", "--year", "2023", "--raw", str(raw_dir), "--out", str(out)]) == 0
    err = capsys.readouterr().err
    assert "put back as it was before a build that was killed" in err
    assert staff_total(out / "2022") == 30, "the earlier build, as the killed one found it"
    codes = set(dataset.load_quality(2023, out)["code"])
    assert "check.staff_total_change" in codes, "30 -> 90 staff, compared with the restored 2022"
    assert "check.no_previous_year" not in codes
    assert set(dataset.load_panel(out)["year"]) == {2022, 2023}
    assert sorted(p.name for p in out.iterdir()) == ["2022", "2023", "panel.parquet"]


def test_a_previous_year_with_returns_but_no_build_is_built_first(write_csv, raw_dir, tmp_path, capsys):
    out = tmp_path / "out"
    write_csv("10-lao-cai.csv", [return_row(staff_total=30)])
    write_csv("10-lao-cai.csv", [return_row(year=2023, staff_total=90)], year=2023)
    assert cli.main(["build", "--year", "2023", "--raw", str(raw_dir), "--out", str(out)]) == 0
    assert "2022: built first, as the year-on-year checks of 2023 compare with it" in capsys.readouterr().err
    codes = set(dataset.load_quality(2023, out)["code"])
    assert "check.staff_total_change" in codes and "check.no_previous_year" not in codes


def test_a_year_whose_previous_year_cannot_be_built_is_refused_naming_the_command(write_csv, raw_dir, tmp_path,
                                                                                    capsys):
    out = tmp_path / "out"
    write_csv("10-lao-cai.csv", [return_row(staff_field=99)])  # more field staff than staff: an error
    write_csv("10-lao-cai.csv", [return_row(year=2023)], year=2023)
    assert cli.main(["build", "--year", "2023", "--raw", str(raw_dir), "--out", str(out)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    refusal = [line for line in err if line.startswith("2023:")]
    assert len(refusal) == 1 and refusal[0].startswith("2023: not built: its year-on-year checks need 2022")
    assert f"`khuyencong build --year 2023 --out {config.relative_to_root(out)}`" in refusal[0]
    assert not (out / "2023").exists() and not (out / "2022").exists()
