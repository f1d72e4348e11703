"""Values that stand out among the provinces (issue 18 §4): modified z-score, Hidiroglou-Berthelot and the
plausibility bounds of checks.yml, worked by hand; the sample's planted outlier is a check in quality.csv."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from analysis import checks, outliers, reference
from analysis.present import quality as pq


def test_modified_z_score_by_hand():
    # median 3; |x - 3| = 2, 1, 0, 1, 97 -> MAD = median(0, 1, 1, 2, 97) = 1; M = 0.6745 (x - 3) / 1
    values = pd.Series([1.0, 2.0, 3.0, 4.0, 100.0], index=list("abcde"))
    scores, median, mad = outliers.modified_z_scores(values)
    assert (median, mad) == (3.0, 1.0)
    assert scores["e"] == pytest.approx(0.6745 * 97) and scores["a"] == pytest.approx(-1.349)
    assert [k for k, s in scores.items() if abs(s) > 3.5] == ["e"]


def test_modified_z_score_needs_three_values_and_a_spread():
    assert outliers.modified_z_scores(pd.Series([1.0, 5.0]))[1] is None
    scores, median, mad = outliers.modified_z_scores(pd.Series([2.0, 2.0, 2.0, 9.0]))
    assert (median, mad) == (2.0, 0.0) and scores.isna().all()  # MAD 0: no score rather than infinity


def test_hidiroglou_berthelot_by_hand():
    # r = 0.9, 1.0, 1.1, 1.2, 3.0; r_M = 1.1
    # s = 1 - 1.1/0.9 = -0.2222, 1 - 1.1/1.0 = -0.1, 0, 1.2/1.1 - 1 = 0.0909, 3.0/1.1 - 1 = 1.7273
    # E = s * max(x_t, x_t-1) ** 0.5: -2.2222, -1.0, 0, 0.0909 * sqrt(120) = 0.9959, 1.7273 * sqrt(300) = 29.917
    # quartiles (linear, n = 5): Q1 = -1.0, M = 0, Q3 = 0.9959; bounds with C = 4, A = 0.05:
    # 0 - 4 * max(1.0, 0) = -4 and 0 + 4 * max(0.9959, 0) = 3.9834: only the last is outside
    previous = pd.Series([100.0] * 5, index=list("abcde"))
    current = pd.Series([90.0, 100.0, 110.0, 120.0, 300.0], index=list("abcde"))
    tested = outliers.hidiroglou_berthelot(current, previous, u=0.5, a=0.05, c=4)
    assert tested["ratio_median"].iloc[0] == pytest.approx(1.1)
    assert list(tested["effect"]) == pytest.approx([-2.2222, -1.0, 0.0, 0.9959, 29.9172], abs=1e-4)
    assert tested["lower"].iloc[0] == pytest.approx(-4.0) and tested["upper"].iloc[0] == pytest.approx(3.9834, abs=1e-4)
    assert list(tested.index[tested["outlier"]]) == ["e"]
    # as a ratio for e's size sqrt(300): 1.1 * (1 + 3.9834 / 17.3205) = 1.353
    assert tested.loc["e", "ratio_upper"] == pytest.approx(1.1 * (1 + 3.98343 / 300 ** 0.5), abs=1e-4)


def _units(rows: list[dict], year: int = 2022) -> pd.DataFrame:
    geo = reference.geo_for_year(year)
    base = {"year": year, "geo": geo, "unit_type": "tỉnh", "staff_total": 20, "staff_field": 8,
            "districts_with_network": 0, "district_collaborators": 0, "communes_with_network": 2,
            "commune_collaborators": 4, "collaborator_pay_mvnd": 12.0, "notes": None, "source_file": "r.xlsx",
            "source_row": 5, "unit_name": "x"}
    frame = pd.DataFrame([{**base, "province_code": code, **row} for code, row in rows])
    frame["province_name"] = [reference.province(c, geo).name for c in frame["province_code"]]
    return frame


def test_pay_in_thousand_vnd_stands_out_and_passes_the_bound():
    codes = ["01", "02", "04", "06", "08", "10", "11"]
    rows = [(c, {"collaborator_pay_mvnd": 10.0 + i}) for i, c in enumerate(codes)]  # 2.5 .. 4 per collaborator
    rows[-1] = ("11", {"collaborator_pay_mvnd": 400.0, "notes": "xác nhận: thù lao đã tăng"})  # 100 per collaborator
    hits = outliers.outlier_hits(_units(rows), None, 2022)
    mine = hits[hits["province_code"] == "11"]
    assert set(mine["code"]) == {"outlier.modified_z", "outlier.pay_above_max"}
    z = mine[mine["code"] == "outlier.modified_z"].iloc[0]
    assert (z["ratio"], z["method"], z["value"], z["median"]) == ("pay_per_collaborator", "modified_z", 100, 3.2)
    assert z["bound"] < 100 and z["confirmation"] == "thù lao đã tăng"
    assert set(hits["province_code"]) == {"11"}
    (issue,) = [i for i in outliers.outlier_issues(hits, 2022) if i.code == "outlier.modified_z"]
    assert issue.severity == "check" and issue.column == "collaborator_pay_mvnd" and issue.params["median"] == 3.2
    assert "modified z-score" in issue.message and "median 3.2" in issue.message
    assert "điểm z hiệu chỉnh" in issue.message_in("vi")


def test_collaborators_with_no_pay_are_a_check_and_blank_pay_is_not():
    rows = [("01", {}), ("02", {}), ("04", {"collaborator_pay_mvnd": 0.0}), ("06", {"collaborator_pay_mvnd": None})]
    hits = outliers.outlier_hits(_units(rows), None, 2022)
    unpaid = hits[hits["code"] == "outlier.unpaid_collaborators"]
    assert list(unpaid["province_code"]) == ["04"] and unpaid["value"].iloc[0] == 4


def test_thresholds_and_reasons_come_from_the_checks_file():
    rules = checks.rules()["cross_province"]
    assert rules["modified_z"]["threshold"] == 3.5 and rules["modified_z"]["reason"]
    assert rules["bounds"]["pay_per_collaborator_max"]["max"] > 0
    assert all(spec["reason"] for spec in (rules["hidiroglou_berthelot"], *rules["bounds"].values()))


def test_sample_2025_dong_thap_pay_is_a_check_naming_its_method(sample_years_outliers):
    quality = sample_years_outliers
    row = quality[(quality["code"] == "outlier.modified_z") & quality["params"].str.contains("Đồng Tháp")
                  & quality["params"].str.contains("pay_per_collaborator")]
    assert len(row) == 1
    assert "modified z-score" in row["message"].iloc[0] and "median" in row["message"].iloc[0]
    assert math.isclose(float(row["value"].iloc[0]), 105.7)
    shown = pq.cross_province_checks(quality.assign(province=""), "vi").data
    assert "điểm z hiệu chỉnh" in shown and "105,7" in shown


@pytest.fixture(scope="module")
def sample_years_outliers(sample_processed):
    """The 2025 sample's quality table, from the run's one build of the samples (conftest.sample_years)."""
    from analysis import dataset

    return dataset.load_quality(2025, sample_processed)
