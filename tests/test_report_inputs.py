"""report_inputs: the one set-up call of the notebooks, its year-level cache and what it holds."""

from __future__ import annotations

import dataclasses
import os
import shutil

import pytest

from analysis import dataset, indicators, key_figures
from analysis import report_inputs as ri
from analysis.params import ParameterError


def test_inputs_hold_the_figures_the_indicators_compute(report_build):
    inputs = ri.report_inputs(2022, "vi", report_build)
    units = dataset.load_units(2022, report_build)
    assert inputs.year == 2022 and inputs.lang == "vi" and inputs.geo == "vn63"
    assert inputs.national == key_figures.national_indicators(units, 2022, inputs.published_figures)
    assert inputs.assessment.equals(key_figures.year_assessment(units, 2022))
    assert inputs.coverage.equals(indicators.network_coverage(indicators.provincial_units(units)))
    assert {"province", "sheet", "cell"} <= set(inputs.quality.columns)
    assert inputs.trend.index.max() == 2022
    assert inputs.province is None and inputs.profile is None


def test_inputs_are_frozen(report_build):
    inputs = ri.report_inputs(2022, "vi", report_build)
    with pytest.raises(dataclasses.FrozenInstanceError):
        inputs.lang = "en"
    with pytest.raises(dataclasses.FrozenInstanceError):
        inputs.tables.year = 2023


def test_the_year_tables_are_computed_once_for_every_report_of_the_year(report_build):
    national = ri.report_inputs(2022, "vi", report_build)
    english = ri.report_inputs("2022", "en", str(report_build))
    profile = ri.report_inputs(2022, "vi", report_build, "Bà Rịa - Vũng Tàu")
    same_en = ri.report_inputs(2022, "en", report_build, "77")
    assert national.tables is english.tables is profile.tables
    assert profile.province.code == "77" and profile.profile["province_code"] == "77"
    assert profile.profile is same_en.profile  # the two editions share the profile
    assert profile.profile == key_figures.province_indicators(dataset.load_units(2022, report_build), 2022, "77")


def test_a_rebuilt_year_is_read_again(report_build, tmp_path):
    folder = tmp_path / "processed"
    shutil.copytree(report_build, folder)
    first = ri.report_inputs(2022, "vi", folder)
    assert ri.report_inputs(2022, "vi", folder).tables is first.tables
    units = folder / "2022" / "units.parquet"
    stat = units.stat()
    os.utime(units, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    again = ri.report_inputs(2022, "vi", folder)
    assert again.tables is not first.tables
    assert sum(1 for key in ri._YEAR_CACHE if key[0] == str(folder.resolve())) == 1, "the stale tables are dropped"


def test_bad_parameters_are_one_line_errors(report_build):
    with pytest.raises(ParameterError, match="year=1999"):
        ri.report_inputs(1999, "vi", report_build)
    with pytest.raises(ParameterError, match="lang='fr'"):
        ri.report_inputs(2022, "fr", report_build)
    with pytest.raises(ParameterError, match="province='Atlantis'"):
        ri.report_inputs(2022, "vi", report_build, "Atlantis")
