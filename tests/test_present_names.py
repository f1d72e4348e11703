"""analysis.present.names: regions and centres in each edition's words, province names kept as names."""

from __future__ import annotations

import pytest

from analysis import reference
from analysis.present.names import REGION_KEYS, centre_name, region_name


@pytest.mark.parametrize(("region", "en"), [("Đông Nam Bộ", "South East"),
                                            ("Đồng bằng sông Cửu Long", "Mekong River Delta")])
def test_region_name_is_translated_in_english_and_kept_in_vietnamese(region, en):
    assert region_name(region, "en") == en
    assert region_name(region, "vi") == region


def test_every_region_of_both_maps_has_an_english_name():
    for geo in ("vn63", "vn34"):
        regions = set(reference.provinces(geo)["region"])
        assert regions <= set(REGION_KEYS), regions - set(REGION_KEYS)
        assert all(region_name(r, "en") != r for r in regions)


def test_region_name_of_an_unknown_region_is_shown_as_it_is():
    assert region_name("Vùng mới", "en") == "Vùng mới"


@pytest.mark.parametrize(("name", "en"), [
    ("Trung tâm Khuyến công Hà Tĩnh", "Industrial Promotion Centre of Hà Tĩnh"),
    ("Trung tâm Khuyến công tỉnh Nghệ An", "Industrial Promotion Centre of Nghệ An"),
    ("Trung tâm Khuyến công và Xúc tiến thương mại thành phố Đà Nẵng",
     "Industrial Promotion and Trade Promotion Centre of Đà Nẵng"),
    ("Trung tâm Khuyến công và Tư vấn phát triển công nghiệp TP. Hồ Chí Minh",
     "Industrial Promotion and Industrial Development Consulting Centre of Hồ Chí Minh"),
    ("Trung tâm Khuyến công và Tư vấn phát triển công nghiệp 1",  # a national centre: its number
     "Industrial Promotion and Industrial Development Consulting Centre 1"),
])
def test_centre_name_translates_the_kind_and_keeps_the_place(name, en):
    assert centre_name(name, "en") == en
    assert centre_name(name, "vi") == name


def test_centre_name_of_another_kind_of_unit_is_shown_as_it_is():
    assert centre_name("Sở Công Thương Hà Nội", "en") == "Sở Công Thương Hà Nội"
    assert centre_name(None, "en") == "None" and centre_name("", "vi") == ""
