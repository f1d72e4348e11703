"""The notebooks run by papermill: values recorded in the executed notebook, parameter checks."""

from __future__ import annotations

import pandas as pd
import papermill as pm
import pytest

from analysis import config
from analysis.present.recorded import recorded
from conftest import BIG_CITY, HOSTILE, NO_NETWORK, NO_RETURN, UNDER_TEN

#: every test here drives a Jupyter kernel through papermill
pytestmark = pytest.mark.slow


def run(notebook: str, tmp_path, **parameters) -> dict:
    out = tmp_path / f"out-{notebook}"
    nb = pm.execute_notebook(str(config.NOTEBOOKS_DIR / notebook), str(out), parameters=parameters,
                             progress_bar=False, kernel_name="python3", cwd=str(config.NOTEBOOKS_DIR))
    return nb


@pytest.fixture(scope="module")
def profiles(report_build, tmp_path_factory):
    """The province notebook executed for the four kinds of province, with the test build."""
    return {code: recorded(run("province_profile.ipynb", tmp_path_factory.mktemp(f"profile-{code}"),
                               province=code, year=2022, processed_dir=str(report_build)))
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


def test_national_notebook_reproduces_every_published_figure(sample_build, tmp_path):
    # the shipped 2022 sample built into a temporary folder by the fixture: never skipped
    assert sample_build.errors == 0
    values = recorded(run("national_assessment.ipynb", tmp_path, year=2022,
                          processed_dir=str(sample_build.out_dir.parent)))
    rows = values["national"]["reconciliation"]
    assert len(rows) >= 13
    assert [r["figure"] for r in rows if not r["match"]] == []
    assert values["mismatches"] == []
    assert values["national"]["staff_field"] == 516


def test_national_notebook_shows_a_mismatch_when_data_differs(report_build, tmp_path):
    nb = run("national_assessment.ipynb", tmp_path, year=2022, processed_dir=str(report_build))
    values = recorded(nb)
    failed = {r["figure"] for r in values["national"]["reconciliation"] if not r["match"]}
    assert "units_reporting" in failed  # Kon Tum is missing from this build: 62, not 63
    html = "".join(o.get("data", {}).get("text/html", "") for c in nb.cells for o in c.get("outputs", []))
    assert 'class="mismatch"' in html and "KHÔNG KHỚP" in html


def test_province_notebook_escapes_hostile_notes(report_build, tmp_path):
    nb = run("province_profile.ipynb", tmp_path, province="77", year=2022, processed_dir=str(report_build))
    html = "".join(o.get("data", {}).get("text/html", "") for c in nb.cells for o in c.get("outputs", []))
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html  # Jinja2 escapes " as &#34;
    assert recorded(nb)["profile"]["notes"] == HOSTILE


@pytest.mark.parametrize("parameters, message", [
    ({"province": "Hà Tây", "year": 2022}, "province='Hà Tây'"),
    ({"province": "77", "year": 1999, "lang": "en"}, "year=1999 is not a built year; valid: "),
    ({"province": "77", "year": 1999}, "year=1999 không phải năm đã tổng hợp; hợp lệ: "),  # lang="vi"
    ({"province": "77", "year": 2022, "lang": "fr"}, "lang='fr' is not a report language; valid: vi, en"),
])
def test_province_notebook_rejects_bad_parameters_in_one_line(parameters, message, tmp_path):
    with pytest.raises(pm.PapermillExecutionError) as failure:
        run("province_profile.ipynb", tmp_path, **parameters)
    assert failure.value.ename == "ParameterError"
    assert message in failure.value.evalue and "\n" not in failure.value.evalue
