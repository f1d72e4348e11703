"""analysis.present.profile, the province profile's blocks: data text escaped, one rank label in tables and
sentences, each key figure naming its cells, the ratings stated with their thresholds."""

from __future__ import annotations

import re
from html import unescape

import pytest

from analysis.present import profile as present_profile
from analysis.thresholds import assessment_thresholds
from present_inputs import EVIL, assert_escaped, cells_of, returned_profile


def test_province_identity_escapes_data_text():
    profile = returned_profile(unit_name=EVIL, merged_into_2025=EVIL, notes=EVIL)
    html = present_profile.province_identity(profile, "vi").data
    assert html.count("&lt;script&gt;") == 3
    assert_escaped(html)


def test_province_identity_escapes_former_provinces():
    profile = returned_profile(geo="vn34", merged_into_2025=None, former_provinces=["Lào Cai", EVIL])
    html = present_profile.province_identity(profile, "en").data
    assert "Lào Cai, &lt;script&gt;" in html
    assert_escaped(html)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_assessment_sentences_escape_province_name(lang):
    html = present_profile.assessment_sentences(returned_profile(province_name=EVIL), assessment_thresholds(),
                                                lang).data
    assert_escaped(html)


def tied_profile() -> dict:
    figure = {"value": 11.0, "rank": 52, "tied": True, "n": 63, "national_median": 18.0, "regional_median": 15.0}
    return returned_profile(province_name="Quảng Trị", staff_total=11, figures={"staff_total": figure})


@pytest.mark.parametrize("lang, label", [("vi", "=52/63"), ("en", "=52 of 63")])
def test_tied_rank_is_the_same_in_the_key_figures_and_the_sentence(lang, label):
    table = present_profile.key_figures(tied_profile(), lang).data
    sentence = present_profile.assessment_sentences(tied_profile(), assessment_thresholds(), lang).data
    assert re.search(rf"<td[^>]*>{re.escape(label)}</td>", table) and label in sentence
    assert '"="' in table or "&#34;=&#34;" in table  # the note explaining "="


def test_key_figures_value_cells_name_their_source():
    html = present_profile.key_figures(returned_profile(), "vi").data
    assert 'title="Nguồn: data/raw/2022/77-ba-ria-vung-tau.xlsx, dòng 5"' in html


@pytest.mark.parametrize("lang, label, rank", [("vi", "Thứ hạng theo chỉ số bao phủ của mạng lưới", "=3/63"),
                                               ("en", "Rank by network coverage index", "=3 of 63")])
def test_coverage_bars_show_the_breadth_rank_of_the_national_table(lang, label, rank):
    coverage = {"value": 0.2, "rank": 9, "tied": False, "n": 63, "national_median": 0.1, "regional_median": 0.3}
    profile = returned_profile(figures={"district_coverage": coverage, "commune_coverage": coverage},
                               network_rank=3, network_rank_tied=True, network_ranked=63)
    html = present_profile.coverage_bars(profile, lang).data
    assert f"<strong>{label}:</strong> {rank}</p>" in html


def test_key_figures_name_the_cells_of_each_figure_on_hover():
    cells = cells_of(("staff_total", "Báo cáo", "E5", "30", "30"), ("staff_field", "Báo cáo", "F5", "12 người", "12"))
    profile = returned_profile(figures={
        "staff_total": {"value": 30.0, "rank": 2, "tied": False, "n": 4, "national_median": 1, "regional_median": 1},
        "field_share": {"value": 0.4, "rank": 2, "tied": False, "n": 4, "national_median": 1, "regional_median": 1}})
    html = present_profile.key_figures(profile, "vi", cells).data
    assert 'title="Tổng số cán bộ: 77-ba-ria-vung-tau.xlsx · trang &#39;Báo cáo&#39;, ô E5"' in html
    assert ('title="Cán bộ trực tiếp tại cơ sở: 77-ba-ria-vung-tau.xlsx · trang &#39;Báo cáo&#39;, ô F5; '
            'Tổng số cán bộ: 77-ba-ria-vung-tau.xlsx · trang &#39;Báo cáo&#39;, ô E5"') in html


@pytest.mark.parametrize("lang, low, enough", [
    ("vi", 'kinh phí cho cộng tác viên được xếp loại "hạn chế" (dưới 1,0 triệu đồng', 'không bị xếp loại "hạn chế" (từ 1,0 triệu'),
    ("en", 'funding for collaborators is rated "low" (under 1.0 million VND', 'not rated "low" (1.0 million VND')])
def test_assessment_sentences_state_the_low_pay_rating_with_its_threshold(lang, low, enough):
    # Quảng Trị 2022 in the sample: 74 collaborators, nothing paid
    thresholds = assessment_thresholds()
    assert thresholds["remuneration"]["low_pay_below_mvnd"] == 1.0
    quang_tri = returned_profile(collaborators=74, collaborator_pay_mvnd=0.0, pay_per_collaborator_mvnd=0.0, low_pay=True)
    text = unescape(present_profile.assessment_sentences(quang_tri, thresholds, lang).data)
    assert low in text and enough not in text
    paid = returned_profile(collaborators=10, collaborator_pay_mvnd=20.0, pay_per_collaborator_mvnd=2.0, low_pay=False)
    text = unescape(present_profile.assessment_sentences(paid, thresholds, lang).data)
    assert enough in text and low not in text
    none = returned_profile(collaborators=0, collaborator_pay_mvnd=None, low_pay=False)
    text = unescape(present_profile.assessment_sentences(none, thresholds, lang).data)
    assert low not in text and enough not in text


@pytest.mark.parametrize("name, former, lang, expected", [
    ("Hà Nội", ["Hà Nội"], "vi", "<th scope=\"row\">Sắp xếp tỉnh 7/2025</th><td>Không thực hiện sắp xếp</td>"),
    ("Hà Nội", ["Hà Nội"], "en", "<th scope=\"row\">July 2025 reorganisation</th><td>Not reorganised</td>"),
    ("Huế", ["Thừa Thiên Huế"], "vi", "<td>Không thực hiện sắp xếp (trước 7/2025: Thừa Thiên Huế)</td>"),
    ("Lào Cai", ["Lào Cai", "Yên Bái"], "vi", "<th scope=\"row\">Hợp nhất từ</th><td>Lào Cai, Yên Bái</td>"),
])
def test_province_identity_says_not_merged_for_a_province_that_is_its_only_former(name, former, lang, expected):
    profile = returned_profile(geo="vn34", year=2025, province_name=name, merged_into_2025=None, former_provinces=former)
    html = present_profile.province_identity(profile, lang).data
    assert expected in html
    assert ("Hợp nhất từ" in html) == (len(former) > 1)
