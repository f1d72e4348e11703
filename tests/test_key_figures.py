"""analysis.key_figures: the national figures, a province's profile and the year's assessment of every
province as JSON-ready data, from hand-typed unit frames (answers worked out by hand in the comments)."""

from __future__ import annotations

import copy
import json

import pytest

from analysis import key_figures, reconciliation, reference
from analysis.thresholds import assessment_thresholds
from conftest import IPC, NORTH, RED_RIVER, four_provinces, prov, units_frame


def test_units_expected_63_before_2025_and_34_from_2025():
    assert key_figures.units_expected(2022) == 63
    assert key_figures.units_expected(2025) == 34


def test_assessment_table_every_province_of_2022():
    table = key_figures.year_assessment(four_provinces(), 2022)
    assert list(table.index) == list(reference.provinces("vn63")["province_code"])
    assert len(table) == 63


def test_assessment_table_no_return_for_provinces_without_return():
    table = key_figures.year_assessment(four_provinces(), 2022)
    others = table.drop(index=["01", "02", "10", "22"])
    assert len(others) == 59
    assert (others["staffing"] == "no_return").all()
    assert (others["network"] == "no_return").all()
    assert not others["low_pay"].any()
    assert others["staff_total"].isna().all()


def test_assessment_table_ratings_of_reporting_provinces():
    table = key_figures.year_assessment(four_provinces(), 2022)
    got = table.loc[["01", "10", "22", "02"], ["staffing", "network", "low_pay"]]
    assert got.values.tolist() == [
        ["adequate", "developed", False],   # 40 staff; districts 24/30 = 0.8; 348 / 174 = 2.0 a head
        ["adequate", "partial", True],      # 30 staff; 3/9 and 15/150 = 0.1; 9 / 18 = 0.5 a head
        ["thin", "none", False],            # 15 staff; no network, no collaborator to pay
        ["critical", "developed", True],    # 5 staff; communes 60/200 = 0.3; 0 / 60 paid
    ]
    assert table.at["10", "field_share"] == pytest.approx(0.4)
    assert table.at["01", "staff_total"] == 40


def test_assessment_table_low_pay_when_pay_blank_but_collaborators():
    units = units_frame(prov("01", "Hà Nội", RED_RIVER, 20, 8, communes_total=100,
                             communes_with_network=10, commune_collaborators=10))
    assert bool(key_figures.year_assessment(units, 2022).at["01", "low_pay"]) is True


def test_assessment_table_custom_thresholds_decide():
    thresholds = copy.deepcopy(assessment_thresholds())
    thresholds["staffing"] = {"critical_below": 6, "thin_below": 31}
    thresholds["network"] = {"developed_district_coverage": 0.9, "developed_commune_coverage": 0.35}
    thresholds["remuneration"] = {"low_pay_below_mvnd": 0.4}
    table = key_figures.year_assessment(four_provinces(), 2022, thresholds)
    got = table.loc[["01", "10", "22", "02"], ["staffing", "network", "low_pay"]]
    assert got.values.tolist() == [
        ["adequate", "partial", False],     # 40 >= 31; 0.8 < 0.9 and 0.2 < 0.35
        ["thin", "partial", False],         # 30 < 31; 0.5 a head >= 0.4
        ["thin", "none", False],
        ["critical", "partial", True],      # 5 < 6; 0.3 < 0.35; 0 a head
    ]


@pytest.fixture(scope="module")
def national() -> dict:
    return key_figures.national_indicators(four_provinces(), 2022, reconciliation.published_figures(2022))


def test_national_indicators_is_json_serialisable(national):
    assert json.loads(json.dumps(national, allow_nan=False)) == national


def test_national_indicators_staff_figures(national):
    assert national["year"] == 2022
    assert national["geo"] == "vn63"
    assert national["units_expected"] == 63
    assert national["units_reporting"] == 4
    assert national["staff_total"] == 90
    assert national["staff_field"] == 40
    assert 0 <= national["field_share"] <= 1
    assert national["field_share"] == pytest.approx(40 / 90)
    assert national["field_per_unit"] == 10.0
    assert national["field_per_unit_median"] == 9.0
    assert len(national["missing_returns"]) == 59
    assert "Hà Nội" not in national["missing_returns"]


def test_national_indicators_bands(national):
    assert list(national["bands"]) == ["over_30", "20_30", "10_19", "under_10"]
    assert national["bands"] == {
        "over_30": {"count": 1, "provinces": ["Hà Nội"]},
        "20_30": {"count": 1, "provinces": ["Lào Cai"]},
        "10_19": {"count": 1, "provinces": ["Quảng Ninh"]},
        "under_10": {"count": 1, "provinces": ["Hà Giang"]},
    }


def test_national_indicators_network(national):
    assert national["districts_total"] == 63                    # 30 + 9 + 14 + 10
    assert national["districts_with_network"] == 27             # 24 + 3 + 0 + 0
    assert national["district_coverage"] == pytest.approx(27 / 63)
    assert national["communes_total"] == 1000                   # 500 + 150 + 150 + 200
    assert national["communes_with_network"] == 175             # 100 + 15 + 0 + 60
    assert national["commune_coverage"] == pytest.approx(0.175)
    assert national["collaborators"] == 252                     # 174 + 18 + 0 + 60
    assert national["collaborator_pay_mvnd"] == 357.0           # 348 + 9 + 0 (blank left out)
    assert national["pay_per_collaborator_mvnd"] == pytest.approx(357 / 252)
    assert national["provinces_without_network"] == ["Quảng Ninh"]
    # scores: Hà Nội (0.8 + 0.2) / 2, Lào Cai (1/3 + 0.1) / 2, Hà Giang (0 + 0.3) / 2
    assert national["widest_networks"][:3] == ["Hà Nội", "Lào Cai", "Hà Giang"]


def test_national_indicators_central_units(national):
    assert national["central_units"] == [
        {"name": IPC.format(1), "short_name": "IPC1", "staff_total": 24, "staff_field": 9}]


def test_national_indicators_reconciliation_against_published(national):
    rows = {r["figure"]: r for r in national["reconciliation"]}
    assert set(rows) == set(reconciliation.published_figures(2022)["figure"])
    assert rows["central.IPC1.staff_total"]["match"] is True        # 24 published, 24 here
    assert rows["units_reporting"]["match"] is False                # 63 published, 4 here
    assert rows["units_reporting"]["computed"] == 4


def test_national_indicators_2025_without_districts_gives_none():
    units = units_frame(prov("15", "Lào Cai", NORTH, 20, 8, communes_total=99, communes_with_network=33,
                             commune_collaborators=33, collaborator_pay_mvnd=66.0))
    national = key_figures.national_indicators(units, 2025)
    json.dumps(national, allow_nan=False)
    assert national["geo"] == "vn34"
    assert national["units_expected"] == 34
    assert national["districts_total"] is None
    assert national["district_coverage"] is None
    assert national["commune_coverage"] == pytest.approx(1 / 3)
    assert national["pay_per_collaborator_mvnd"] == pytest.approx(2.0)
    assert national["reconciliation"] == []


@pytest.fixture(scope="module")
def lao_cai() -> dict:
    return key_figures.province_indicators(four_provinces(), 2022, "10")


def test_province_indicators_returned_province_identity(lao_cai):
    json.dumps(lao_cai, allow_nan=False)
    assert lao_cai["returned"] is True
    assert (lao_cai["province_code"], lao_cai["province_name"], lao_cai["region"]) == ("10", "Lào Cai", NORTH)
    assert lao_cai["merged_into_2025"] == "Lào Cai"
    assert "former_provinces" not in lao_cai
    assert lao_cai["unit_name"] == "Trung tâm Khuyến công Lào Cai"


def test_province_indicators_staff_rank_and_medians(lao_cai):
    # staff 40, 30, 15, 5: Lào Cai second; national median (30 + 15) / 2; north 30 and 5
    assert lao_cai["figures"]["staff_total"] == {"value": 30.0, "rank": 2, "tied": False, "none": False,
                                                 "n": 4, "national_median": 22.5, "regional_median": 17.5}


def test_province_indicators_ties_share_rank(lao_cai):
    # field shares 0.5, 0.4, 0.4, 0.4: the three at 0.4 all rank 2
    figure = lao_cai["figures"]["field_share"]
    assert figure["rank"] == 2 and figure["tied"] is True
    assert figure["value"] == pytest.approx(0.4)
    assert figure["national_median"] == pytest.approx(0.4)
    assert figure["regional_median"] == pytest.approx(0.4)


def test_province_indicators_coverage_rank_and_medians(lao_cai):
    # districts: 0.8, 1/3, 0, 0 -> rank 2, median 1/6; north 1/3 and 0 -> 1/6
    district = lao_cai["figures"]["district_coverage"]
    assert district["rank"] == 2
    assert district["national_median"] == pytest.approx(1 / 6)
    assert district["regional_median"] == pytest.approx(1 / 6)
    # communes: 0.2, 0.1, 0, 0.3 -> rank 3, median 0.15; north 0.1 and 0.3 -> 0.2
    commune = lao_cai["figures"]["commune_coverage"]
    assert commune["value"] == pytest.approx(0.1)
    assert commune["rank"] == 3
    assert commune["national_median"] == pytest.approx(0.15)
    assert commune["regional_median"] == pytest.approx(0.2)


def test_province_indicators_figures_and_ratings(lao_cai):
    assert (lao_cai["staff_total"], lao_cai["staff_field"]) == (30, 12)
    assert lao_cai["band"] == "20_30"
    assert lao_cai["collaborators"] == 18
    assert lao_cai["collaborator_pay_mvnd"] == 9.0
    assert lao_cai["pay_per_collaborator_mvnd"] == pytest.approx(0.5)
    assert lao_cai["network_rank"] == 2
    assert (lao_cai["staffing"], lao_cai["network"], lao_cai["low_pay"]) == ("adequate", "partial", True)
    assert lao_cai["notes"] is None


def test_profiles_made_from_the_years_ranks_are_the_profiles_made_alone():
    # a batch makes every province's profile from one YearRanks (report_inputs); a profile made alone
    # computes its own: the same dicts, for reporting provinces and for the one without a return
    units = four_provinces()
    ranks = key_figures.year_ranks(units, 2022)
    for code in ("01", "02", "04", "10", "22"):  # Hà Giang, Cao Bằng (no return), Lào Cai, Quảng Ninh
        assert key_figures.province_indicators(units, 2022, code, ranks=ranks) == \
            key_figures.province_indicators(units, 2022, code), code
    assert set(ranks.ranks) == set(key_figures.PROFILE_MEASURES) == set(ranks.values)


def test_province_indicators_merged_into_another_province_in_2025():
    assert key_figures.province_indicators(four_provinces(), 2022, "02")["merged_into_2025"] == "Tuyên Quang"


def test_province_indicators_no_return():
    profile = key_figures.province_indicators(four_provinces(), 2022, "04")
    json.dumps(profile, allow_nan=False)
    assert profile["returned"] is False
    assert profile["province_name"] == "Cao Bằng"
    assert profile["merged_into_2025"] == "Cao Bằng"
    for key in ("figures", "staff_total", "staff_field", "staffing", "network", "unit_name"):
        assert key not in profile


def test_province_indicators_2025_lists_former_provinces():
    units = units_frame(
        prov("15", "Lào Cai", NORTH, 20, 8, communes_total=99, communes_with_network=33,
             commune_collaborators=33, collaborator_pay_mvnd=66.0, notes="ghi chú"),
        prov("04", "Cao Bằng", NORTH, 10, 2, communes_total=50, communes_with_network=0),
    )
    profile = key_figures.province_indicators(units, 2025, "15")
    json.dumps(profile, allow_nan=False)
    assert profile["geo"] == "vn34"
    assert profile["former_provinces"] == reference.former_provinces("15") == ["Lào Cai", "Yên Bái"]
    assert "merged_into_2025" not in profile
    assert profile["figures"]["district_coverage"] == {"value": None, "rank": None, "tied": False,
                                                       "none": False, "n": 0, "national_median": None, "regional_median": None}
    assert profile["districts_total"] is None
    assert profile["commune_coverage"] == pytest.approx(1 / 3)
    assert profile["network"] == "developed"                   # 1/3 of communes >= 0.3
    assert profile["notes"] == "ghi chú"
