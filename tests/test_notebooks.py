"""The notebooks as the batch runs them (papermill on warm kernels): the values each records in its
executed notebook, for the kinds of province and for the national report.

The executed notebooks are those of the shared report sets (conftest.built_reports from the test build,
conftest.sample_reports from the unmodified sample), kept for audit in <year>/notebooks/, so no test
here starts a kernel of its own. Parameter errors as a researcher sees them: tests/test_lab.py.
"""

from __future__ import annotations

import nbformat
import pandas as pd
import pytest

from analysis.present.recorded import recorded
from conftest import BIG_CITY, NO_NETWORK, NO_RETURN, UNDER_TEN

#: the shared report sets are rendered by Jupyter kernels
pytestmark = pytest.mark.slow


def executed(folder, stem: str):
    """An executed notebook of a report set (<year>/notebooks/<stem>.ipynb)."""
    return nbformat.read(folder / "notebooks" / f"{stem}.ipynb", as_version=4)


@pytest.fixture(scope="module")
def profiles(built_reports) -> dict:
    """The values recorded by the province notebook for the four kinds of province, with the test build."""
    folder, _ = built_reports
    notebooks = folder / "notebooks" / "provinces"
    return {code: recorded(nbformat.read(next(notebooks.glob(f"{code}-*.ipynb")), as_version=4))
            for code in (BIG_CITY, NO_NETWORK, UNDER_TEN, NO_RETURN)}


def units_row(report_build, code: str) -> pd.Series:
    units = pd.read_parquet(report_build / "2022" / "units.parquet")
    return units[units["province_code"] == code].iloc[0]


def test_province_profile_big_city_figures_come_from_the_processed_row(profiles, report_build):
    profile = profiles[BIG_CITY]["profile"]
    row = units_row(report_build, BIG_CITY)
    assert profile["province_name"] == "TP Hồ Chí Minh" and profile["returned"] is True
    assert profile["staff_total"] == row["staff_total"] and profile["staff_field"] == row["staff_field"]
    assert profile["field_share"] == pytest.approx(row["staff_field"] / row["staff_total"])
    assert profile["band"] == "over_30" and profile["staffing"] == "adequate"
    assert profile["merged_into_2025"] == "TP Hồ Chí Minh"
    assert profile["figures"]["staff_total"]["n"] == 62  # Kon Tum sent no return in this build


def test_province_profile_no_network_is_rated_none(profiles, report_build):
    profile = profiles[NO_NETWORK]["profile"]
    row = units_row(report_build, NO_NETWORK)
    for column in ("districts_with_network", "communes_with_network"):
        assert pd.isna(row[column]) or row[column] == 0
    assert profile["network"] == "none"
    assert profile["districts_with_network"] == 0 and profile["communes_with_network"] == 0


def test_province_profile_under_ten_staff_is_critical(profiles, report_build):
    profile = profiles[UNDER_TEN]["profile"]
    assert units_row(report_build, UNDER_TEN)["staff_total"] < 10
    assert profile["band"] == "under_10" and profile["staffing"] == "critical"


def test_province_profile_no_return_is_a_page_not_an_error(profiles):
    profile = profiles[NO_RETURN]["profile"]
    assert profile["province_name"] == "Kon Tum"
    assert profile["returned"] is False and "figures" not in profile


def test_national_notebook_reproduces_every_published_figure(sample_reports):
    # the shipped sample, unmodified (conftest.sample_years): never skipped
    values = recorded(executed(sample_reports / "2022", "national"))
    rows = values["national"]["reconciliation"]
    assert len(rows) >= 13
    assert [r["figure"] for r in rows if not r["match"]] == []
    assert values["mismatches"] == []
    assert values["national"]["staff_field"] == 516


def test_national_notebook_shows_a_mismatch_when_data_differs(built_reports):
    nb = executed(built_reports[0], "national")
    failed = {r["figure"] for r in recorded(nb)["national"]["reconciliation"] if not r["match"]}
    assert "units_reporting" in failed  # Kon Tum is missing from this build: 62, not 63
    html = "".join(o.get("data", {}).get("text/html", "") for c in nb.cells for o in c.get("outputs", []))
    assert 'class="mismatch"' in html and "KHÔNG KHỚP" in html
