"""analysis.present.national, the national assessment's tables: ranks with ties, the reconciliation with
its rules and the article, the assessment of provinces without a return, inequality."""

from __future__ import annotations

import re
from html import unescape

import pandas as pd
import pytest

from analysis import key_figures
from analysis import report_inputs as ri
from analysis.present import national


def table_rows(html: str) -> list[str]:
    """The <tr ...>...</tr> rows of the table body."""
    body = html.split("<tbody>", 1)[1]
    return re.findall(r"<tr[^>]*>.*?</tr>", body)


def test_coverage_table_shows_tied_network_ranks():
    ranking = pd.DataFrame({"has_network": [True, True, True], "province_name": ["A", "B", "C"],
                            "rank": [1, 2, 2], "tied": [False, True, True], "n": [3, 3, 3],
                            "districts_with_network": [1, 1, 1], "district_coverage": [0.5, 0.2, 0.2],
                            "communes_with_network": [1, 1, 1], "commune_coverage": [0.5, 0.2, 0.2],
                            "collaborators_per_commune": [1.0, 1.0, 1.0]})
    html = national.coverage_table(ranking, "vi").data
    rows = table_rows(html)
    assert [re.search(r"<td>([^<]*)</td>", r).group(1) for r in rows] == ["1/3", "=2/3", "=2/3"]
    assert "Thứ hạng theo chỉ số bao phủ của mạng lưới" in html and "bình quân tỷ lệ huyện và tỷ lệ xã" in html
    assert "Rank by network coverage index" in national.coverage_table(ranking, "en").data


RECONCILIATION = [
    {"figure": "units_reporting", "label_vi": "Số đơn vị", "label_en": "Provincial units", "computed": 62,
     "published": "63", "comparison": "exact", "match": False},
    {"figure": "staff_field", "label_vi": "Cán bộ trực tiếp", "label_en": "Field staff", "computed": 516,
     "published": "516", "comparison": "exact", "match": True},
    {"figure": "widest_networks", "label_vi": "Mạng lưới phát triển", "label_en": "Widest networks",
     "computed": ["Bình Dương", "Quảng Trị", "Bà Rịa - Vũng Tàu", "Trà Vinh", "Đồng Tháp"],
     "published": "Bà Rịa - Vũng Tàu; Bình Dương; Quảng Trị", "comparison": "in_top_5", "match": True},
    {"figure": "field_per_unit", "label_vi": "Bình quân", "label_en": "Mean", "computed": 8.19,
     "published": "8", "comparison": "round", "match": True},
]


@pytest.mark.parametrize("lang, no, yes", [("vi", "KHÔNG KHỚP", "khớp"), ("en", "NO", "yes")])
def test_reconciliation_table_marks_mismatch(lang, no, yes):
    rows = table_rows(national.reconciliation_table(RECONCILIATION, lang, 2022).data)
    assert len(rows) == 4
    assert rows[0].startswith('<tr class="mismatch">')
    assert no in rows[0]
    assert RECONCILIATION[0][f"label_{lang}"] in rows[0]
    assert rows[1].startswith('<tr class="match">')
    assert no not in rows[1]
    assert yes in rows[1]


def test_reconciliation_table_shows_each_rule_next_to_its_row():
    rows = table_rows(national.reconciliation_table(RECONCILIATION, "vi", 2022).data)
    assert "trong 5 tỉnh có mạng lưới rộng nhất" in rows[2]
    assert "Bình Dương, Quảng Trị, Bà Rịa - Vũng Tàu, Trà Vinh, Đồng Tháp" in rows[2]  # 5 computed, 3 published
    assert "làm tròn" in rows[3] and "<td>8,19</td>" in rows[3]
    assert "bằng đúng" in rows[0]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_reconciliation_table_leaves_the_citation_to_its_source_line(lang):
    # the article is cited once, by the source line under the table (test_present_furniture)
    html = national.reconciliation_table(RECONCILIATION, lang, 2022).data
    assert "Nhịp cầu Công Thương" not in html and "seeds" not in html


def test_reconciliation_table_empty_says_no_published_figures():
    assert "No published figures for 2025." in national.reconciliation_table([], "en", 2025).data


def test_assessment_view_province_without_return_shows_dash():
    units = pd.DataFrame({
        "unit_type": ["tỉnh"], "province_code": ["01"], "province_name": ["Hà Nội"],
        "region": ["Đồng bằng sông Hồng"], "unit_name": ["Trung tâm Khuyến công Hà Nội"],
        "staff_total": [40], "staff_field": [16], "districts_total": [30], "districts_with_network": [0],
        "district_collaborators": [0], "communes_total": [500], "communes_with_network": [0],
        "commune_collaborators": [0], "collaborator_pay_mvnd": [0.0], "notes": [None],
    }).astype({"staff_total": "Int64", "staff_field": "Int64", "districts_total": "Int64",
               "districts_with_network": "Int64", "district_collaborators": "Int64", "communes_total": "Int64",
               "communes_with_network": "Int64", "commune_collaborators": "Int64",
               "collaborator_pay_mvnd": "Float64", "notes": "string"})
    html = national.assessment_view(key_figures.year_assessment(units, 2022), "vi").data
    rows = table_rows(html)
    assert len(rows) == 63
    assert '<td data-figure="assessment.01.staff_total">40</td>' in rows[0]  # keyed for revision marks
    assert re.sub(r' data-figure="[^"]*"', "", rows[1]).count("<td>02</td><td>Hà Giang</td><td>–</td><td>–</td><td>–</td>") == 1
    assert "không có báo cáo" in rows[1]


@pytest.mark.parametrize("lang, heading_measure", [("vi", '"Tổng số cán bộ"'), ("en", '"All staff"')])
def test_inequality_table_names_its_measure(lang, heading_measure):
    inequality = pd.DataFrame({"n": [2], "cv": [0.5], "gini": [0.2], "max_min": [3.0]},
                              index=pd.Index(["all"], name="group"))
    inequality.attrs["column"] = "staff_total"
    html = unescape(national.inequality_table(inequality, lang).data)
    assert heading_measure in html


def test_inequality_table_says_not_meaningful_under_five_provinces():
    from analysis import indicators as ind
    from analysis.present import national as present_national
    units = pd.DataFrame([dict(unit_type="tỉnh", province_code=c, province_name=n, region=r, geo="vn34",
                               staff_total=s, staff_field=1) for c, n, r, s in
                          (("66", "Đắk Lắk", "Tây Nguyên", 20), ("68", "Lâm Đồng", "Tây Nguyên", 45))])
    html = unescape(present_national.inequality_table(ind.inequality(ind.provincial_units(units)), "vi").data)
    assert html.count("không có ý nghĩa (dưới 5 tỉnh, thành phố)") == 2  # "all" and Tây Nguyên, once a row


def test_a_province_listed_on_an_unconfirmed_figure_is_marked_in_the_counted_tables(sample_processed):
    from analysis.present import national as national_blocks

    inputs = ri.report_inputs(2022, "vi", sample_processed)
    # the five provinces counted as "little money" are there on a pay of 0 they have not confirmed
    little = inputs.constraints.at["little_money", "provinces"]
    assert little and all((name, "collaborator_pay_mvnd") in inputs.unconfirmed for name in little)
    html = national_blocks.constraints_table(inputs.constraints, "vi", inputs.unconfirmed).data
    assert all(f"{name}\u00a0(*)" in html for name in little) and html.count("(*) Số liệu cần") == 1
    # staff were confirmed or unchecked: no band lists a mark, and no note explains one
    bands = national_blocks.bands_table(inputs.bands, "vi", inputs.unconfirmed).data
    assert "(*)" not in bands
