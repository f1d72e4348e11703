"""The trend tables read a blank network count by the same rule as the key figures (indicators.provincial_units)."""

from __future__ import annotations

import pandas as pd

from analysis import indicators, trends


def tiny_panel() -> pd.DataFrame:
    """Two provinces (Thanh Hóa 38, Nghệ An 40) in 2022 and Thanh Hóa in 2025, typed by hand; blanks are None."""
    rows = [
        {"year": 2022, "geo": "vn63", "unit_type": "tỉnh", "province_code": "38", "staff_total": 8, "staff_field": 2,
         "districts_total": 26, "districts_with_network": None, "district_collaborators": None,
         "communes_total": 500, "communes_with_network": None, "commune_collaborators": None},
        {"year": 2022, "geo": "vn63", "unit_type": "tỉnh", "province_code": "40", "staff_total": 10, "staff_field": 5,
         "districts_total": 20, "districts_with_network": None, "district_collaborators": None,
         "communes_total": 400, "communes_with_network": 40, "commune_collaborators": 40},
        {"year": 2025, "geo": "vn34", "unit_type": "tỉnh", "province_code": "38", "staff_total": 9, "staff_field": 3,
         "districts_total": None, "districts_with_network": None, "district_collaborators": None,
         "communes_total": 166, "communes_with_network": None, "commune_collaborators": None},
    ]
    names = {"38": ("Thanh Hóa", "Bắc Trung Bộ"), "40": ("Nghệ An", "Bắc Trung Bộ")}
    for row in rows:
        row["province_name"], row["region"] = names[row["province_code"]]
        row["collaborator_pay_mvnd"] = None
    return pd.DataFrame(rows).astype({c: "Int64" for c in trends.TREND_COLUMNS})


def test_national_trend_reads_blank_network_counts_as_no_collaborators():
    trend = trends.national_trend(tiny_panel())
    assert trend.at[2022, "districts_with_network"] == 0 and trend.at[2022, "district_coverage"] == 0.0
    assert trend.at[2022, "communes_with_network"] == 40 and trend.at[2022, "commune_coverage"] == 40 / 900
    assert trend.at[2025, "communes_with_network"] == 0 and trend.at[2025, "commune_coverage"] == 0.0
    assert pd.isna(trend.at[2025, "districts_with_network"]) and pd.isna(trend.at[2025, "district_coverage"])


def test_province_trend_agrees_with_the_key_figures_of_the_same_year():
    panel = tiny_panel()
    trend = trends.province_trend(panel, 2022, "38")
    key = indicators.network_coverage(indicators.provincial_units(panel[panel["year"] == 2022])).loc["38"]
    assert trend.at[2022, "district_coverage"] == key["district_coverage"] == 0.0
    assert trend.at[2022, "commune_coverage"] == key["commune_coverage"] == 0.0


def test_province_trend_of_2025_gives_0_communes_and_no_districts():
    trend = trends.province_trend(tiny_panel(), 2025, "38")  # Thanh Hóa was not merged
    assert trend.at[2022, "district_coverage"] == 0.0 and trend.at[2022, "commune_coverage"] == 0.0
    assert trend.at[2025, "commune_coverage"] == 0.0 and pd.isna(trend.at[2025, "district_coverage"])


def test_the_panel_is_not_changed():
    panel = tiny_panel()
    before = panel.copy()
    trends.national_trend(panel)
    pd.testing.assert_frame_equal(panel, before)
