"""analysis.build_check: a year's build is read only when every file is there and is what the build wrote;
otherwise one fault naming the file (in the folder the user gave) and the command that builds it again."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from analysis import config
from analysis.build_check import check_built
from analysis.dataset import OUTPUTS, MissingBuild
from analysis.faults import Fault


@pytest.fixture
def processed(sample_processed, tmp_path) -> Path:
    """A private copy of the sample's 2022 build and its panel (conftest.sample_years builds it once)."""
    out = tmp_path / "processed"
    shutil.copytree(sample_processed / "2022", out / "2022")
    shutil.copy2(sample_processed / "panel.parquet", out / "panel.parquet")
    return out


def test_an_intact_build_gives_its_provenance_record(processed):
    meta = check_built(2022, processed)
    assert meta == json.loads((processed / "2022" / "provenance.json").read_text(encoding="utf-8"))
    assert set(meta["outputs"]) <= set(OUTPUTS)


@pytest.mark.parametrize("name", ["provenance.json", *OUTPUTS])
def test_a_missing_file_is_named_with_the_command_that_builds_it(processed, name):
    (processed / "2022" / name).unlink()
    with pytest.raises(MissingBuild) as info:
        check_built(2022, processed)
    assert info.value.exit_status == 2 and info.value.params["path"].endswith(f"processed/2022/{name}")
    assert info.value.params["command"] == config.build_command(2022, processed)


def test_a_file_changed_since_the_build_is_refused(processed):
    quality = processed / "2022" / "quality.csv"
    quality.write_text(quality.read_text(encoding="utf-8") + "error,x.csv,1,,,,,,,\n", encoding="utf-8")
    with pytest.raises(Fault) as info:
        check_built(2022, processed)
    assert info.value.code == "data.changed" and info.value.params["path"].endswith("2022/quality.csv")


@pytest.mark.parametrize("text", ["{not json", "[1, 2]", '{"outputs": 3}', "\udcff"])
def test_a_provenance_record_that_cannot_be_read_says_why(processed, text):
    (processed / "2022" / "provenance.json").write_bytes(text.encode("utf-8", "surrogateescape"))
    with pytest.raises(Fault) as info:
        check_built(2022, processed)
    assert info.value.code == "data.unreadable" and info.value.params["reason"]
    assert "\n" not in info.value.line("en")


def test_a_damaged_or_missing_panel_is_named(processed):
    (processed / "panel.parquet").write_bytes(b"PAR1 not a parquet file")
    with pytest.raises(Fault) as info:
        check_built(2022, processed)
    assert info.value.code == "data.unreadable" and info.value.params["path"].endswith("panel.parquet")
    (processed / "panel.parquet").unlink()
    with pytest.raises(MissingBuild):
        check_built(2022, processed)


def test_a_copy_is_checked_but_the_folder_given_is_named(processed, tmp_path):
    (processed / "2022" / "cells.parquet").unlink()
    shown = tmp_path / "what-the-user-typed"
    with pytest.raises(MissingBuild) as info:
        check_built(2022, processed, shown)
    assert info.value.params["path"] == config.relative_to_root(shown / "2022" / "cells.parquet")
    assert info.value.params["command"] == config.build_command(2022, shown)
