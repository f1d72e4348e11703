"""Indicators: hand-typed unit frames of a few rows, answers worked out by hand in the comments."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from analysis import indicators, key_figures
from analysis.thresholds import assessment_thresholds
from conftest import IPC, NORTH, RED_RIVER, SOUTH_EAST, centre, four_provinces, prov, units_frame


def provincial(units: pd.DataFrame) -> pd.DataFrame:
    return indicators.provincial_units(units)


def coverage(units: pd.DataFrame) -> pd.DataFrame:
    return indicators.network_coverage(indicators.provincial_units(units))


# --- provincial and central units -------------------------------------------------------------


def test_provincial_units_drops_central_and_indexes_by_code():
    prov_units = indicators.provincial_units(four_provinces())
    assert list(prov_units.index) == ["01", "02", "10", "22"]
    assert (prov_units["unit_type"] == "tỉnh").all()


def test_provincial_units_reads_blank_network_counts_as_zero():
    prov_units = indicators.provincial_units(four_provinces())
    row = prov_units.loc["22"]
    assert (row["districts_with_network"], row["communes_with_network"],
            row["district_collaborators"], row["commune_collaborators"]) == (0, 0, 0, 0)


def test_provincial_units_does_not_change_its_input():
    units = four_provinces()
    before = units.copy()
    indicators.provincial_units(units)
    pd.testing.assert_frame_equal(units, before)


def test_central_unit_staff_lists_centres_in_name_order_with_short_name():
    units = units_frame(centre(3, 21, 8), prov("01", "Hà Nội", RED_RIVER, 40, 20), centre(1, 24, 9))
    assert indicators.central_unit_staff(units) == [
        {"name": IPC.format(1), "short_name": "IPC1", "staff_total": 24, "staff_field": 9},
        {"name": IPC.format(3), "short_name": "IPC3", "staff_total": 21, "staff_field": 8},
    ]


def test_central_unit_staff_empty_without_centres():
    assert indicators.central_unit_staff(units_frame(prov("01", "Hà Nội", RED_RIVER, 40, 20))) == []


def test_central_short_name_ipc_number():
    assert indicators.central_short_name(IPC.format(2)) == "IPC2"


def test_central_short_name_other_name_unchanged():
    assert indicators.central_short_name("Cục Công Thương địa phương") == "Cục Công Thương địa phương"


# --- staff ------------------------------------------------------------------------------------


def test_staff_total_count_excludes_central_units():
    # 40 + 30 + 15 + 5; IPC1's 24 left out
    assert indicators.staff_total_count(provincial(four_provinces())) == 90


def test_field_staff_count_excludes_central_units():
    # 20 + 12 + 6 + 2; IPC1's 9 left out
    assert indicators.field_staff_count(provincial(four_provinces())) == 40


def test_field_staff_share_ignores_central_units():
    # STYLE.md's example: the province's 4 of 10, not (4 + 10) / (10 + 24)
    units = units_frame(prov("01", "Hà Nội", RED_RIVER, 10, 4), centre(1, 24, 10))
    assert indicators.field_staff_share(provincial(units)) == 0.4


def test_field_staff_share_nan_with_no_staff():
    assert math.isnan(indicators.field_staff_share(provincial(units_frame(centre(1, 24, 10)))))
    assert math.isnan(indicators.field_staff_share(provincial(units_frame(prov("01", "Hà Nội", RED_RIVER, 0, 0)))))


def test_field_staff_per_unit_mean_over_provincial_units():
    # (20 + 12 + 6 + 2) / 4
    assert indicators.field_staff_per_unit(provincial(four_provinces())) == 10.0


def test_field_staff_per_unit_median_over_provincial_units():
    # sorted 2, 6, 12, 20 -> (6 + 12) / 2
    assert indicators.field_staff_per_unit_median(provincial(four_provinces())) == 9.0


def test_field_staff_per_unit_nan_with_no_unit():
    units = units_frame(centre(1, 24, 9))
    assert math.isnan(indicators.field_staff_per_unit(provincial(units)))
    assert math.isnan(indicators.field_staff_per_unit_median(provincial(units)))


# --- size bands -------------------------------------------------------------------------------


@pytest.mark.parametrize("staff_total, band", [
    (0, "under_10"), (9, "under_10"), (10, "10_19"), (19, "10_19"),
    (20, "20_30"), (30, "20_30"), (31, "over_30"), (200, "over_30"),
])
def test_size_band_edges(staff_total, band):
    assert indicators.size_band(staff_total) == band


def test_size_band_negative_raises():
    with pytest.raises(ValueError, match="falls in no size band"):
        indicators.size_band(-1)


def test_size_band_counts_lists_provinces_by_staff_descending():
    units = units_frame(
        prov("01", "Hà Nội", RED_RIVER, 35, 10),
        prov("02", "Hà Giang", NORTH, 40, 10),
        prov("04", "Cao Bằng", NORTH, 12, 5),
        prov("06", "Bắc Kạn", NORTH, 31, 10),
        prov("08", "Tuyên Quang", NORTH, 31, 10),
        centre(1, 50, 10),
    )
    bands = indicators.size_band_counts(provincial(units))
    assert list(bands.index) == ["over_30", "20_30", "10_19", "under_10"]
    assert list(bands["count"]) == [4, 0, 1, 0]
    # 40, 35, then the two with 31 by name
    assert bands.at["over_30", "provinces"] == ["Hà Giang", "Hà Nội", "Bắc Kạn", "Tuyên Quang"]
    assert bands.at["20_30", "provinces"] == []
    assert bands.at["10_19", "provinces"] == ["Cao Bằng"]


# --- inequality -------------------------------------------------------------------------------


def test_gini_equal_values_is_zero():
    assert indicators.gini(pd.Series([7, 7, 7, 7])) == 0.0


@pytest.mark.parametrize("n", [2, 4, 5])
def test_gini_one_holder_of_everything(n):
    # weights 2i - n - 1; only the largest (i = n) is non-zero: (n - 1) x / (n x)
    values = pd.Series([0] * (n - 1) + [12])
    assert indicators.gini(values) == pytest.approx((n - 1) / n)


def test_gini_four_values():
    # sorted 5, 15, 30, 40; weights -3, -1, 1, 3: -15 - 15 + 30 + 120 = 120; 120 / (4 * 90) = 1/3
    assert indicators.gini(pd.Series([40, 30, 15, 5])) == pytest.approx(1 / 3)


def test_gini_nan_when_empty_or_all_zero():
    assert math.isnan(indicators.gini(pd.Series([], dtype=float)))
    assert math.isnan(indicators.gini(pd.Series([0, 0, 0])))


def test_gini_skips_missing():
    assert indicators.gini(pd.Series([0, pd.NA, 10], dtype="Int64")) == pytest.approx(0.5)


def test_coefficient_of_variation_population_sd_over_mean():
    # mean 4; deviations -2, 0, 2; population variance 8/3
    assert indicators.coefficient_of_variation(pd.Series([2, 4, 6])) == pytest.approx(math.sqrt(8 / 3) / 4)


def test_coefficient_of_variation_equal_values_is_zero():
    assert indicators.coefficient_of_variation(pd.Series([3, 3, 3])) == 0.0


def test_coefficient_of_variation_nan_with_zero_mean_or_no_values():
    assert math.isnan(indicators.coefficient_of_variation(pd.Series([0, 0])))
    assert math.isnan(indicators.coefficient_of_variation(pd.Series([], dtype=float)))


def test_coefficient_of_variation_skips_missing():
    # 2 and 6: mean 4, population sd 2
    assert indicators.coefficient_of_variation(pd.Series([2, pd.NA, 6], dtype="Int64")) == pytest.approx(0.5)


def test_max_min_ratio_largest_over_smallest():
    assert indicators.max_min_ratio(pd.Series([8, 2, 5])) == 4.0


def test_max_min_ratio_nan_with_a_zero_or_no_values():
    assert math.isnan(indicators.max_min_ratio(pd.Series([0, 5])))
    assert math.isnan(indicators.max_min_ratio(pd.Series([], dtype=float)))


def test_inequality_national_then_by_region():
    table = indicators.inequality(provincial(four_provinces()), min_units=1)
    # the regions' own order (north first), not name order ("Đ" U+0110 sorts after "T")
    assert list(table.index) == ["all", NORTH, RED_RIVER]
    assert table.attrs["column"] == "staff_total"
    assert list(table["n"]) == [4, 2, 2]
    # all: 40, 30, 15, 5; mean 22.5; squared deviations 306.25 + 56.25 + 56.25 + 306.25 = 725; /4 = 181.25
    assert table.at["all", "cv"] == pytest.approx(math.sqrt(181.25) / 22.5)
    assert table.at["all", "gini"] == pytest.approx(1 / 3)
    assert table.at["all", "max_min"] == 8.0
    # north: 30 and 5; mean 17.5, sd 12.5; gini (30 - 5) / (2 * 35)
    assert table.at[NORTH, "cv"] == pytest.approx(12.5 / 17.5)
    assert table.at[NORTH, "gini"] == pytest.approx(25 / 70)
    assert table.at[NORTH, "max_min"] == 6.0
    # red river: 40 and 15; mean 27.5, sd 12.5; gini (40 - 15) / (2 * 55)
    assert table.at[RED_RIVER, "cv"] == pytest.approx(12.5 / 27.5)
    assert table.at[RED_RIVER, "gini"] == pytest.approx(25 / 110)
    assert table.at[RED_RIVER, "max_min"] == pytest.approx(40 / 15)


def test_inequality_regions_follow_region_order_not_names():
    units = units_frame(prov("01", "Hà Nội", RED_RIVER, 40, 20),
                        prov("38", "Thanh Hóa", "Bắc Trung Bộ và duyên hải miền Trung", 20, 5),
                        prov("77", "Bà Rịa - Vũng Tàu", SOUTH_EAST, 10, 4), prov("02", "Hà Giang", NORTH, 8, 2),
                        prov("66", "Đắk Lắk", "Tây Nguyên", 9, 3))
    table = indicators.inequality(provincial(units))
    assert list(table.index) == ["all", *[r for r in indicators.REGION_ORDER if r != "Đồng bằng sông Cửu Long"]]
    assert table.attrs["column"] == "staff_total"


def test_inequality_of_another_column():
    # staff_field 20, 12, 6, 2: max/min 10
    assert indicators.inequality(provincial(four_provinces()), "staff_field", min_units=1).at["all", "max_min"] == 10.0


def test_inequality_is_not_computed_over_fewer_than_five_provinces():
    # four provinces (2 + 2 by region): every measure NaN and not meaningful at the default minimum (5)
    table = indicators.inequality(provincial(four_provinces()))
    assert table.attrs["min_units"] == 5 == assessment_thresholds()["inequality_min_units"]
    assert not table["meaningful"].any() and table[["cv", "gini", "max_min"]].isna().all().all()
    assert list(table["n"]) == [4, 2, 2]
    five = units_frame(*[prov(c, n, NORTH, s, 2) for c, n, s in
                         (("02", "Hà Giang", 8), ("04", "Cao Bằng", 10), ("06", "Bắc Kạn", 12),
                          ("08", "Tuyên Quang", 14), ("10", "Lào Cai", 16))])
    table = indicators.inequality(provincial(five))
    assert table["meaningful"].all() and table.at[NORTH, "max_min"] == 2.0


# --- network ----------------------------------------------------------------------------------


def three_networks() -> pd.DataFrame:
    """Hà Nội: a network; Hà Giang: blank network counts; Cao Bằng: districts_total unknown, no collaborators."""
    return units_frame(
        prov("01", "Hà Nội", RED_RIVER, 20, 8, districts_total=10, districts_with_network=4,
             district_collaborators=8, communes_total=100, communes_with_network=25,
             commune_collaborators=50, collaborator_pay_mvnd=29.0),
        prov("02", "Hà Giang", NORTH, 12, 5, districts_total=12, communes_total=200),
        prov("04", "Cao Bằng", NORTH, 9, 3, districts_with_network=0, district_collaborators=0,
             communes_total=50, communes_with_network=10, commune_collaborators=0,
             collaborator_pay_mvnd=3.0),
        centre(1, 24, 9),
    )


def test_network_coverage_shares_and_per_covered_ratios():
    cov = indicators.network_coverage(provincial(three_networks()))
    assert list(cov.index) == ["01", "02", "04"]
    hn = cov.loc["01"]
    assert hn["district_coverage"] == pytest.approx(0.4)        # 4 / 10
    assert hn["commune_coverage"] == pytest.approx(0.25)        # 25 / 100
    assert hn["collaborators"] == 58                            # 8 + 50
    assert hn["collaborators_per_district"] == pytest.approx(2.0)   # 8 / 4
    assert hn["collaborators_per_commune"] == pytest.approx(2.0)    # 50 / 25
    assert hn["pay_per_collaborator_mvnd"] == pytest.approx(0.5)    # 29 / 58
    assert bool(hn["has_network"]) is True


def test_network_coverage_blank_network_counts_read_as_zero():
    hg = indicators.network_coverage(provincial(three_networks())).loc["02"]
    assert hg["districts_with_network"] == 0
    assert hg["communes_with_network"] == 0
    assert hg["collaborators"] == 0
    assert hg["district_coverage"] == 0.0                       # 0 / 12
    assert hg["commune_coverage"] == 0.0                        # 0 / 200
    assert math.isnan(hg["collaborators_per_district"])         # no covered district
    assert bool(hg["has_network"]) is False


def test_network_coverage_nan_where_total_unknown():
    cb = indicators.network_coverage(provincial(three_networks())).loc["04"]
    assert math.isnan(cb["district_coverage"])
    assert cb["commune_coverage"] == pytest.approx(0.2)         # 10 / 50
    assert cb["collaborators_per_commune"] == 0.0               # 0 collaborators over 10 communes


def test_network_coverage_pay_per_collaborator_nan_without_collaborator():
    cov = indicators.network_coverage(provincial(three_networks()))
    assert math.isnan(cov.at["04", "pay_per_collaborator_mvnd"])   # 3.0 paid, 0 collaborators
    assert math.isnan(cov.at["02", "pay_per_collaborator_mvnd"])   # pay blank, 0 collaborators


def test_district_coverage_share_over_reporting_provinces():
    # (4 + 0 + 0) / (10 + 12); Cao Bằng's unknown total adds nothing
    assert indicators.district_coverage_share(provincial(three_networks())) == pytest.approx(4 / 22)


def test_commune_coverage_share_over_reporting_provinces():
    # (25 + 0 + 10) / (100 + 200 + 50)
    assert indicators.commune_coverage_share(provincial(three_networks())) == pytest.approx(0.1)


def test_coverage_share_nan_when_totals_unknown():
    units = units_frame(prov("01", "Hà Nội", RED_RIVER, 20, 8, communes_with_network=3))
    assert math.isnan(indicators.district_coverage_share(provincial(units)))
    assert math.isnan(indicators.commune_coverage_share(provincial(units)))


def test_provinces_without_network_in_code_order():
    units = units_frame(
        prov("04", "Cao Bằng", NORTH, 9, 3),
        prov("01", "Hà Nội", RED_RIVER, 20, 8, communes_with_network=1),
        prov("02", "Hà Giang", NORTH, 12, 5, districts_with_network=0, communes_with_network=0),
        centre(1, 24, 9),
    )
    assert indicators.provinces_without_network(coverage(units)) == ["Hà Giang", "Cao Bằng"]


def test_network_score_mean_of_known_coverages():
    coverage = pd.DataFrame({"district_coverage": [0.5, float("nan"), float("nan")],
                             "commune_coverage": [0.1, 0.4, float("nan")]})
    assert list(indicators.network_score(coverage)) == pytest.approx([0.3, 0.4, 0.0])


def test_network_ranking_ties_share_rank():
    units = units_frame(
        # score (0.5 + 0.1) / 2 = 0.3
        prov("01", "Hà Nội", RED_RIVER, 20, 8, districts_total=10, districts_with_network=5,
             communes_total=100, communes_with_network=10),
        # score (0.1 + 0.5) / 2 = 0.3
        prov("02", "Hà Giang", NORTH, 12, 5, districts_total=10, districts_with_network=1,
             communes_total=100, communes_with_network=50),
        # score (0.6 + 0.6) / 2 = 0.6
        prov("04", "Cao Bằng", NORTH, 9, 3, districts_total=10, districts_with_network=6,
             communes_total=100, communes_with_network=60),
        # no network: 0
        prov("06", "Bắc Kạn", NORTH, 9, 3, districts_total=8, communes_total=100),
    )
    ranking = indicators.network_ranking(coverage(units))
    assert list(ranking["province_name"]) == ["Cao Bằng", "Hà Giang", "Hà Nội", "Bắc Kạn"]
    assert list(ranking["rank"]) == [1, 2, 2, 4]
    assert ranking.at["01", "score"] == pytest.approx(0.3)


# --- ratings ----------------------------------------------------------------------------------


@pytest.mark.parametrize("staff_total, rating", [
    (0, "critical"), (9, "critical"), (10, "thin"), (19, "thin"), (20, "adequate"), (45, "adequate"),
])
def test_staffing_rating_thresholds(staff_total, rating):
    assert indicators.staffing_rating(staff_total) == rating


@pytest.mark.parametrize("staff_total, rating", [(4, "critical"), (5, "thin"), (7, "thin"), (8, "adequate"),
                                                 (9, "adequate")])
def test_staffing_rating_custom_thresholds(staff_total, rating):
    thresholds = {"staffing": {"critical_below": 5, "thin_below": 8}}
    assert indicators.staffing_rating(staff_total, thresholds) == rating


@pytest.mark.parametrize("district, commune, has, rating", [
    (0.8, 0.0, True, "developed"),
    (0.79, 0.29, True, "partial"),
    (0.0, 0.3, True, "developed"),
    (float("nan"), 0.3, True, "developed"),
    (float("nan"), 0.29, True, "partial"),
    (float("nan"), float("nan"), True, "partial"),
    (1.0, 1.0, False, "none"),
])
def test_network_rating_thresholds(district, commune, has, rating):
    assert indicators.network_rating(district, commune, has) == rating


@pytest.mark.parametrize("district, commune, rating", [
    (0.5, 0.0, "developed"), (0.49, 0.89, "partial"), (0.0, 0.9, "developed"), (0.8, 0.3, "developed"),
    (0.4, 0.3, "partial"),
])
def test_network_rating_custom_thresholds(district, commune, rating):
    thresholds = {"network": {"developed_district_coverage": 0.5, "developed_commune_coverage": 0.9}}
    assert indicators.network_rating(district, commune, True, thresholds) == rating


# --- constraints ------------------------------------------------------------------------------


def test_principal_constraints_counts_and_names():
    constraints = indicators.principal_constraints(key_figures.year_assessment(four_provinces(), 2022))
    assert list(constraints.index) == ["few_staff", "no_network", "little_money"]
    assert list(constraints["count"]) == [2, 1, 2]
    assert constraints.at["few_staff", "provinces"] == ["Hà Giang", "Quảng Ninh"]
    assert constraints.at["no_network", "provinces"] == ["Quảng Ninh"]
    assert constraints.at["little_money", "provinces"] == ["Hà Giang", "Lào Cai"]


# --- ratings on each map's limits -------------------------------------------------------------


def test_staffing_rating_per_former_province_on_vn34():
    from analysis.thresholds import geo_thresholds
    vn34 = geo_thresholds("vn34")
    # 25 staff: adequate for a unit that was not merged, thin for two former provinces, critical for three
    assert [indicators.staffing_rating(25, vn34, n) for n in (1, 2, 3)] == ["adequate", "thin", "critical"]
    assert indicators.staffing_rating(25, geo_thresholds("vn63"), 3) == "adequate"


def test_network_rating_without_district_level():
    from analysis.thresholds import geo_thresholds
    vn34 = geo_thresholds("vn34")
    assert indicators.network_rating(float("nan"), 0.17, True, vn34) == "developed"
    assert indicators.network_rating(0.9, 0.16, True, vn34) == "partial"  # no district criterion on vn34
    assert indicators.network_rating(float("nan"), 0.0, False, vn34) == "none"


def test_assessment_table_uses_the_limits_of_the_years_map():
    # Phú Thọ 2025 (three former provinces) with 45 staff is thin (below 3 x 20), not adequate
    provinces = key_figures.map_provinces("vn34")
    assert provinces.set_index("province_code").at["25", "n_former"] == 3
    units = pd.DataFrame([dict(unit_type="tỉnh", province_code="25", province_name="Phú Thọ", geo="vn34",
                               region="Trung du và miền núi phía Bắc", staff_total=45, staff_field=20,
                               districts_total=pd.NA, districts_with_network=pd.NA, district_collaborators=pd.NA,
                               communes_total=148, communes_with_network=30, commune_collaborators=30,
                               collaborator_pay_mvnd=60.0)])
    prov = indicators.provincial_units(units)
    table = indicators.assessment_table(provinces, prov, indicators.network_coverage(prov))
    assert table.at["25", "staffing"] == "thin" and table.at["25", "network"] == "developed"  # 30/148 = 20 %
