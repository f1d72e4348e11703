"""analysis.thresholds: the rating thresholds and size bands of assessment.yml, each map's own limits
(vn34's per former province and on communes only)."""

from __future__ import annotations

import copy

import pytest

from analysis.thresholds import assessment_thresholds, geo_thresholds, staffing_limits


def test_thresholds_are_defined_for_each_map():
    from analysis.present.method import thresholds_reason
    from analysis.thresholds import geo_thresholds, staffing_limits
    vn63, vn34 = geo_thresholds("vn63"), geo_thresholds("vn34")
    assert vn63["staffing"] == {"critical_below": 10, "thin_below": 20, "per_former_province": False}
    assert vn63["network"] == {"developed_district_coverage": 0.8, "developed_commune_coverage": 0.3}
    assert vn34["staffing"]["per_former_province"] is True
    assert vn34["network"] == {"developed_district_coverage": None, "developed_commune_coverage": 0.17}
    # the vn34 commune limit is the 80 % district criterion carried to the new communes: 0.8 x 696 / 3,321
    assert vn34["network"]["developed_commune_coverage"] == pytest.approx(0.8 * 696 / 3321, abs=0.005)
    assert staffing_limits(vn34, 3) == (30, 60) and staffing_limits(vn34, 1) == (10, 20)
    assert staffing_limits(vn63, 3) == (10, 20)
    assert geo_thresholds("vn34", vn34) == vn34  # idempotent
    assert thresholds_reason("vn63") == "" and "17" in thresholds_reason("vn34", "en")
    with pytest.raises(ValueError, match="vn99"):
        geo_thresholds("vn99")


def test_size_bands_cover_every_staff_count_once():
    bands = assessment_thresholds()["size_bands"]
    assert [b["key"] for b in bands] == ["over_30", "20_30", "10_19", "under_10"]
    for staff in range(0, 200):
        holding = [b["key"] for b in bands if b["low"] <= staff and (b["high"] is None or staff <= b["high"])]
        assert len(holding) == 1, (staff, holding)
    assert [b["key"] for b in bands if b["low"] <= 30 and (b["high"] is None or 30 <= b["high"])] == ["20_30"]


def test_assessment_thresholds_are_read_once_and_from_the_file_given(tmp_path):
    assert assessment_thresholds() is assessment_thresholds()
    own = tmp_path / "assessment.yml"
    own.write_text("staffing: {critical_below: 5, thin_below: 8}\nnetwork: {developed_commune_coverage: 0.5}\n"
                   "geographies: {vn63: {}}\n", encoding="utf-8")
    rules = geo_thresholds("vn63", assessment_thresholds(str(own)))
    assert staffing_limits(rules, 3) == (5, 8)  # not per former province unless the map says so
    assert rules["geo"] == "vn63" and rules["network"] == {"developed_commune_coverage": 0.5}


def test_geo_thresholds_does_not_change_its_input():
    rules = assessment_thresholds()
    before = copy.deepcopy(rules)
    merged = geo_thresholds("vn34", rules)
    assert rules == before and "geo" not in rules
    assert merged["staffing"]["critical_below"] == rules["staffing"]["critical_below"] == 10
    merged["staffing"]["critical_below"] = 99
    assert assessment_thresholds()["staffing"]["critical_below"] == 10


def test_staffing_limits_multiply_per_former_province_only_where_the_map_says_so():
    vn34 = geo_thresholds("vn34")
    assert [staffing_limits(vn34, n) for n in (1, 2, 4)] == [(10, 20), (20, 40), (40, 80)]
    assert staffing_limits(vn34) == (10, 20)
    assert staffing_limits(geo_thresholds("vn63"), 4) == (10, 20)
