"""Several years on two maps: the 63 -> 34 conversion, codes read on their own map, trends, maps."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from analysis import config, maps, reference, trends
from analysis.labels import t


def test_codes_are_read_on_their_own_map():
    assert reference.match_province("24", 2022).name == "Bắc Giang"
    assert reference.match_province("24", 2025).name == "Bắc Ninh"
    assert reference.match_province("52", 2024).name == "Bình Định"
    assert reference.match_province("52", 2025).name == "Gia Lai"
    assert reference.match_province("80", 2022).name == "Long An"
    assert reference.match_province("80", 2025).name == "Tây Ninh"


def one_row_per_province(geo: str, value) -> pd.DataFrame:
    table = reference.provinces(geo)
    return pd.DataFrame({"year": 2024 if geo == "vn63" else 2025, "geo": geo,
                         "province_code": table["province_code"],
                         "staff_total": [value(c) for c in table["province_code"]]}).astype({"staff_total": "Int64"})


def test_to_vn34_sums_match_the_crosswalk_for_every_merged_province():
    frame = one_row_per_province("vn63", lambda code: int(code))  # staff = the code, easy to add up by hand
    out = reference.to_vn34(frame, ["staff_total"]).set_index("province_code")
    crosswalk = reference.crosswalk()
    assert len(out) == 34
    for code_vn34, group in crosswalk.groupby("code_vn34"):
        assert out.at[code_vn34, "staff_total"] == sum(int(c) for c in group["code_vn63"])
        assert out.at[code_vn34, "n_former"] == len(group)
    # TP Hồ Chí Minh = Bình Dương (74) + Bà Rịa - Vũng Tàu (77) + TP Hồ Chí Minh (79)
    assert out.at["79", "staff_total"] == 74 + 77 + 79


def test_to_vn34_keeps_a_sum_of_blanks_blank_and_passes_vn34_rows():
    frame = one_row_per_province("vn63", lambda code: None)
    frame.loc[frame["province_code"] == "79", "staff_total"] = 5
    out = reference.to_vn34(frame, ["staff_total"]).set_index("province_code")
    assert out.at["79", "staff_total"] == 5  # 5 + blank + blank
    assert pd.isna(out.at["01", "staff_total"])
    same = reference.to_vn34(one_row_per_province("vn34", lambda code: 3), ["staff_total"])
    assert (same["staff_total"] == 3).all() and (same["n_former"] == 1).all()


def test_to_vn34_refuses_a_code_on_the_wrong_map():
    vn34_code_on_vn63 = pd.DataFrame({"year": [2024], "geo": ["vn63"], "province_code": ["03"], "staff_total": [1]})
    with pytest.raises(KeyError, match="vn63"):
        reference.to_vn34(vn34_code_on_vn63, ["staff_total"])
    old_code_in_2025 = pd.DataFrame({"year": [2025], "geo": ["vn34"], "province_code": ["74"], "staff_total": [1]})
    with pytest.raises(KeyError, match="vn34"):  # Bình Dương exists only on the 63-province map
        reference.to_vn34(old_code_in_2025, ["staff_total"])


def panel_of_two_years() -> pd.DataFrame:
    rows = []
    for code in reference.provinces("vn63")["province_code"]:
        rows.append({"year": 2024, "geo": "vn63", "unit_type": "tỉnh", "province_code": code, "staff_total": 10,
                     "staff_field": 4, "districts_total": 10, "districts_with_network": 1, "communes_total": 100,
                     "communes_with_network": 5})
    for code in reference.provinces("vn34")["province_code"]:
        rows.append({"year": 2025, "geo": "vn34", "unit_type": "tỉnh", "province_code": code, "staff_total": 15,
                     "staff_field": 6, "districts_total": None, "districts_with_network": None, "communes_total": 100,
                     "communes_with_network": 10})
    rows.append({"year": 2025, "geo": "vn34", "unit_type": "trung ương", "province_code": None, "staff_total": 24,
                 "staff_field": 9})
    return pd.DataFrame(rows).astype({c: "Int64" for c in trends.TREND_COLUMNS})


def test_national_trend_recomputes_shares_from_sums_and_has_no_2025_districts():
    trend = trends.national_trend(panel_of_two_years())
    assert trend.at[2024, "staff_total"] == 630 and trend.at[2025, "staff_total"] == 510  # centres excluded
    assert trend.at[2024, "field_share"] == pytest.approx(0.4)
    assert trend.at[2024, "district_coverage"] == pytest.approx(63 / 630)
    assert pd.isna(trend.at[2025, "district_coverage"]) and pd.isna(trend.at[2025, "districts_with_network"])
    assert trend.at[2025, "commune_coverage"] == pytest.approx(0.1)
    assert list(trend["units_reporting"]) == [63, 34]


def test_province_trend_of_a_2025_province_sums_its_former_provinces():
    trend = trends.province_trend(panel_of_two_years(), 2025, "79")
    assert trend.at[2024, "staff_total"] == 30 and trend.at[2024, "n_former"] == 3  # three provinces of 10
    assert trend.at[2025, "staff_total"] == 15 and trend.at[2025, "n_former"] == 1
    assert trend.at[2024, "commune_coverage"] == pytest.approx(15 / 300)


def test_province_trend_before_2025_is_the_province_itself():
    trend = trends.province_trend(panel_of_two_years(), 2024, "77")
    assert list(trend.index) == [2024] and trend.at[2024, "staff_total"] == 10


@pytest.mark.parametrize("geo, count", [("vn63", 63), ("vn34", 34)])
def test_outlines_cover_every_province_of_the_map(geo, count):
    data = json.loads((config.GEO_DIR / f"{geo}.geojson").read_text(encoding="utf-8"))
    codes = [f["properties"]["code"] for f in data["features"]]
    assert len(codes) == count and set(codes) == set(reference.provinces(geo)["province_code"])
    assert "MIT" in data["source"] and "simplified" in data["note"].lower()


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_maps_name_both_archipelagos_and_say_outlines_are_simplified(lang):
    table = reference.provinces("vn63").set_index("province_code")
    values = pd.DataFrame({"staff_total": range(63), "field_share": 0.4, "district_coverage": None},
                          index=table.index)
    figure = maps.national(values, 2022, lang)
    texts = [x.get_text() for ax in figure.axes for x in ax.texts] + [x.get_text() for x in figure.texts]
    for key in ("archipelago_hoang_sa", "archipelago_truong_sa"):
        assert texts.count(t(key, lang)) == 3, "named on each of the three maps"
    assert any(t("map_note", lang) == " ".join(text.split("\n")) for text in texts), "the note, in lines"
    locator = maps.locator(2025, "79", lang)
    texts = [x.get_text() for ax in locator.axes for x in ax.texts] + [x.get_text() for x in locator.texts]
    assert t("archipelago_hoang_sa", lang) in texts and t("map_note_short", lang) in texts
