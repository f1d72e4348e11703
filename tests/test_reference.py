"""Province reference: the two maps, regions, the 2025 crosswalk, admin-unit counts and name matching."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import reference
from analysis.config import REFERENCE_DATA_DIR

# --- provinces, regions, crosswalk ------------------------------------------------------------


def test_provinces_vn63_has_63_rows():
    assert len(reference.provinces("vn63")) == 63


def test_provinces_vn34_has_34_rows():
    assert len(reference.provinces("vn34")) == 34


@pytest.mark.parametrize("geo", reference.GEOS)
def test_provinces_codes_are_unique_two_digit_strings(geo):
    codes = reference.provinces(geo)["province_code"]
    assert all(isinstance(code, str) and re.fullmatch(r"\d{2}", code) for code in codes)
    assert codes.is_unique


def test_provinces_rejects_unknown_geo():
    with pytest.raises(ValueError, match="geo must be one of"):
        reference.provinces("vn64")


def test_provinces_vn63_region_counts():
    counts = reference.provinces("vn63")["region"].value_counts().to_dict()
    assert counts == {
        "Trung du và miền núi phía Bắc": 14,
        "Đồng bằng sông Hồng": 11,
        "Bắc Trung Bộ và duyên hải miền Trung": 14,
        "Tây Nguyên": 5,
        "Đông Nam Bộ": 6,
        "Đồng bằng sông Cửu Long": 13,
    }


def test_provinces_quang_ninh_is_in_red_river_delta():
    assert reference.province("22", "vn63").name == "Quảng Ninh"
    assert reference.province("22", "vn63").region == "Đồng bằng sông Hồng"


def test_provinces_vn34_every_province_has_a_region():
    assert reference.provinces("vn34")["region"].notna().all()


def test_province_accepts_code_without_leading_zero():
    assert reference.province("1", "vn63").name == "Hà Nội"


def test_province_unknown_code_raises():
    with pytest.raises(KeyError):
        reference.province("03", "vn63")


def test_crosswalk_maps_63_provinces_onto_the_34():
    crosswalk = reference.crosswalk()
    assert len(crosswalk) == 63
    assert crosswalk["code_vn63"].is_unique
    assert set(crosswalk["code_vn63"]) == set(reference.provinces("vn63")["province_code"])
    assert set(crosswalk["code_vn34"]) == set(reference.provinces("vn34")["province_code"])


def test_crosswalk_code_24_was_reused():
    assert reference.province("24", "vn63").name == "Bắc Giang"
    assert reference.province("24", "vn34").name == "Bắc Ninh"
    row = reference.crosswalk().set_index("code_vn63").loc["24"]
    assert (row["name_vn63"], row["code_vn34"], row["name_vn34"]) == ("Bắc Giang", "24", "Bắc Ninh")


def test_former_provinces_ho_chi_minh_city():
    # Bình Dương (74) and Bà Rịa - Vũng Tàu (77) merged into TP Hồ Chí Minh (79) on 1/7/2025.
    assert reference.former_provinces("79") == ["Bình Dương", "Bà Rịa - Vũng Tàu", "TP Hồ Chí Minh"]


def test_former_provinces_bac_ninh():
    assert reference.former_provinces("24") == ["Bắc Giang", "Bắc Ninh"]


def test_admin_unit_counts_vn63_totals():
    counts = reference.admin_unit_counts("vn63")
    assert len(counts) == 63
    assert counts["districts"].sum() == 696
    assert counts["communes"].sum() == 10035


def test_admin_unit_counts_vn34_totals():
    counts = reference.admin_unit_counts("vn34")
    assert len(counts) == 34
    assert counts["communes"].sum() == 3321
    assert (counts["districts"] == 0).all()


def test_reference_data_every_file_names_its_source():
    files = sorted(p for p in REFERENCE_DATA_DIR.iterdir() if p.is_file())
    assert files
    for path in files:
        first_line = path.read_text(encoding="utf-8").splitlines()[0]
        assert first_line.startswith("# source:"), path.name


def test_province_slug_ba_ria_vung_tau():
    assert reference.province_slug("Bà Rịa - Vũng Tàu") == "ba-ria-vung-tau"


def test_province_slug_d_with_stroke():
    assert reference.province_slug("Đắk Lắk") == "dak-lak"


def test_name_key_ignores_tone_placement_case_and_form():
    forms = ["Hoà Bình", "Hòa Bình", "HOA BINH", unicodedata.normalize("NFD", "Hòa Bình")]
    assert {reference.name_key(f) for f in forms} == {"hoabinh"}


def test_geo_for_year_switches_in_2025():
    assert (reference.geo_for_year(2024), reference.geo_for_year(2025)) == ("vn63", "vn34")


# --- match_province: accepted spellings -------------------------------------------------------


@pytest.mark.parametrize("text, code", [
    ("Tp Hồ Chí Minh", "79"),
    ("TP.HCM", "79"),
    ("TP. Hồ Chí Minh", "79"),
    ("Thành phố Hồ Chí Minh", "79"),
    ("HCM", "79"),
    ("Bà Rịa -Vũng Tàu", "77"),
    ("BRVT", "77"),
    ("Thừa Thiên Huế", "46"),
    ("TT Huế", "46"),
    ("Huế", "46"),
    ("Hoà Bình", "17"),
    ("Hòa Bình", "17"),
    (unicodedata.normalize("NFD", "Hà Nội"), "01"),
    (unicodedata.normalize("NFD", "Đắk Lắk"), "66"),
    ("Ha Noi", "01"),
    ("dak lak", "66"),
    ("Đăk Lăk", "66"),
    ("01", "01"),
    (1, "01"),
    (1.0, "01"),
    ("  Hà Nội  ", "01"),
    ("hà nội", "01"),
    ("HÀ NỘI", "01"),
    ("tỉnh Khánh Hoà", "56"),
])
def test_match_province_accepts_variants_2022(text, code):
    found = reference.match_province(text, 2022)
    assert (found.geo, found.code) == ("vn63", code)


def test_match_province_returns_canonical_name_and_region():
    found = reference.match_province("Tp Hồ Chí Minh", 2022)
    assert (found.name, found.region) == ("TP Hồ Chí Minh", "Đông Nam Bộ")


def test_match_province_uses_the_2025_map():
    found = reference.match_province("Huế", 2025)
    assert (found.geo, found.code, found.name) == ("vn34", "46", "Huế")


def test_match_province_every_canonical_name():
    for year, geo in ((2022, "vn63"), (2025, "vn34")):
        table = reference.provinces(geo)[["province_code", "province_name", "full_name"]]
        for code, name, full_name in table.itertuples(index=False):
            for text in (name, full_name, unicodedata.normalize("NFD", name), name.upper()):
                assert reference.match_province(text, year).code == code, (year, text)


# --- match_province: rejections ---------------------------------------------------------------


def test_match_province_rejects_ha_tay_with_suggestions():
    with pytest.raises(reference.ProvinceNotFound) as caught:
        reference.match_province("Hà Tây", 2022)
    error = caught.value
    assert str(error).startswith("'Hà Tây' is not a province in 2022 (Hà Tây was merged into Hà Nội in 2008; ")
    assert error.suggestions
    assert set(error.suggestions) <= set(reference.provinces("vn63")["province_name"])
    assert all(s in str(error) for s in error.suggestions)


def test_match_province_rejects_an_unknown_name_with_did_you_mean():
    with pytest.raises(reference.ProvinceNotFound) as caught:
        reference.match_province("Ha Tinnh", 2022)
    assert str(caught.value).startswith("'Ha Tinnh' is not a province in 2022 (did you mean 'Hà Tĩnh'")


def test_match_province_rejects_binh_duong_in_2025_saying_where_it_went():
    with pytest.raises(reference.ProvinceNotFound) as caught:
        reference.match_province("Bình Dương", 2025)
    message = str(caught.value)
    assert message.startswith("'Bình Dương' is not a province in 2025")
    assert "merged into TP Hồ Chí Minh" in message
    assert caught.value.suggestions
    assert set(caught.value.suggestions) <= set(reference.provinces("vn34")["province_name"])


def test_match_province_rejects_bac_giang_in_2025():
    with pytest.raises(reference.ProvinceNotFound, match="Bắc Giang was merged into Bắc Ninh"):
        reference.match_province("Bắc Giang", 2025)


def test_match_province_rejects_unknown_code():
    with pytest.raises(reference.ProvinceNotFound, match="no province has code 03"):
        reference.match_province("03", 2022)


@pytest.mark.parametrize("text", [None, "", "   ", "Atlantis"])
def test_match_province_rejects_non_names(text):
    with pytest.raises(reference.ProvinceNotFound):
        reference.match_province(text, 2022)


# --- match_province: properties ---------------------------------------------------------------

_NAMES = [(year, code, name)
          for year, geo in ((2022, "vn63"), (2025, "vn34"))
          for code, name in reference.provinces(geo)[["province_code", "province_name"]].itertuples(index=False)]
_CASES = {"upper": str.upper, "lower": str.lower, "title": str.title, "as is": str}


@settings(max_examples=50, deadline=None)
@given(entry=st.sampled_from(_NAMES), form=st.sampled_from(["NFC", "NFD"]), case=st.sampled_from(sorted(_CASES)),
       lead=st.text(" \t", max_size=3), trail=st.text(" \t", max_size=3), gap=st.text(" ", min_size=1, max_size=3))
def test_match_province_stable_under_form_case_and_spaces(entry, form, case, lead, trail, gap):
    year, code, name = entry
    text = lead + gap.join(name.split(" ")) + trail
    text = unicodedata.normalize(form, _CASES[case](text))
    assert reference.match_province(text, year).code == code


def test_regions_of_the_34_provinces_follow_their_stated_rule():
    # every vn34 row says its rule; the region is that of the former province whose code it keeps
    rules = reference.region_rules("vn34")
    assert len(rules) == 34 and set(rules["rule"]) == {"code_kept"}
    old = reference.provinces("vn63").set_index("province_code")["region"]
    assert (rules["region"] == rules["province_code"].map(old)).all()
    spans = rules[rules["spans_regions"]].set_index("province_name")
    assert spans.at["Bắc Ninh", "kept_from"] == "Bắc Giang"
    assert spans.at["Bắc Ninh", "region"] == "Trung du và miền núi phía Bắc"
    assert spans.at["Tây Ninh", "kept_from"] == "Long An" and spans.at["Tây Ninh", "region"] == "Đồng bằng sông Cửu Long"
    from analysis.present.method import regions_note
    note = regions_note("vn34", "vi")
    assert "giữ lại" in note and "Tây Ninh (vùng của Long An: Đồng bằng sông Cửu Long)" in note
    english = regions_note("vn34", "en")
    assert "statistical code it keeps" in english and "Tây Ninh (region of Long An: Mekong River Delta)" in english
    assert "Đồng bằng" not in english and "Trung du" not in english  # region names translated
    assert set(reference.region_rules("vn63")["rule"]) == {"listed"} and "81/2023/QH15" in regions_note("vn63")
