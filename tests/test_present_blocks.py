"""analysis.present.blocks, the kit every report uses: text from data is escaped, every block wrapped for the
scoped style, the title's banner, the rules in force."""

from __future__ import annotations

from html import unescape

import pytest

from analysis.present import blocks
from analysis.present import profile as present_profile
from analysis.thresholds import assessment_thresholds
from present_inputs import EVIL, assert_escaped, returned_profile


def test_table_escapes_cells_headers_and_cell_titles():
    html = blocks.table({EVIL: ["Hà Nội", EVIL, {"text": "x", "title": EVIL}]}).data
    assert html.count("&lt;script&gt;") == 3
    assert_escaped(html)


def test_table_cell_title_is_an_attribute():
    html = blocks.table({"a": [{"text": "7", "title": "Báo cáo!F5"}]}).data
    assert '<td title="Báo cáo!F5">7</td>' in html


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_name_list_escapes_names_and_label(lang):
    html = blocks.name_list(EVIL, ["Hà Nội", EVIL], lang).data
    assert html.count("&lt;script&gt;") == 2
    assert_escaped(html)


def test_title_carries_the_scoped_style_and_the_banner():
    html = blocks.title("national_title", "vi", sample=True, published=True, year=2022).data
    assert html.startswith("<style>") and ".kc .card {" in html
    assert "chỉ các số liệu toàn quốc nêu trong mục “Đối chiếu với số liệu đã công bố” khớp" in html
    unpublished = blocks.title("national_title", "en", sample=True, published=False, year=2023).data
    assert "every figure in this report is illustrative" in unpublished
    assert 'class="sample-banner"' not in blocks.title("national_title", "en", sample=False, year=2023).data


def test_every_block_is_wrapped_for_the_scoped_style():
    shown = [blocks.heading("headline", "vi"), blocks.cards([("a", "1")]), blocks.table({"a": ["1"]}),
             blocks.name_list("x", [], "vi"), present_profile.key_figures(returned_profile(), "vi")]
    assert all(b.data.startswith('<div class="kc') for b in shown)


@pytest.mark.parametrize("lang, district", [("vi", "80\u00a0% số huyện"), ("en", "80% of districts")])
def test_rules_of_2025_name_the_commune_share_only(lang, district):
    thresholds = assessment_thresholds()
    assert district in " ".join(blocks.rule_lines(thresholds, lang))
    vn34 = " ".join(blocks.rule_lines(thresholds, lang, "vn34"))
    # vn34's own limit (assessment.yml geographies): the district criterion carried to the new communes
    assert district not in vn34 and ("17\u00a0% số xã" in vn34 or "17% of communes" in vn34)
    profile = returned_profile(geo="vn34", year=2025, districts_with_network=None, district_coverage=None)
    sentences = unescape(present_profile.assessment_sentences(profile, thresholds, lang).data)
    assert district not in sentences and district not in blocks.rules(thresholds, lang, "vn34").data


def test_a_table_marks_flagged_cells_and_explains_each_symbol_once():
    from analysis.present.blocks import Flag, flagged, table

    revised, unconfirmed = Flag("(R)", "revised"), Flag("(*)", "not confirmed")
    html = table({"A": [flagged("1", unconfirmed), flagged({"text": "2", "title": "t"}, unconfirmed, revised), "3"],
                  "B": ["x", "y", flagged("<z>", revised)]}, notes=("a note",)).data
    assert "1\u00a0(*)" in html and "2\u00a0(*)(R)" in html and "&lt;z&gt;\u00a0(R)" in html
    assert html.count("(*) not confirmed") == 1 and html.count("(R) revised") == 1
    assert html.index("a note") < html.index("(*) not confirmed") < html.index("(R) revised")
    assert "flags" not in html
    assert "(*)" not in table({"A": ["1"]}).data
