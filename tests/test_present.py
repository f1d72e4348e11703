"""HTML blocks: text from data is escaped; ranks, rules and counts as readers see them; recorded values round-trip."""

from __future__ import annotations

import json
import re
from html import unescape

import pandas as pd
import pytest

from analysis import key_figures, trace
from analysis.present import blocks, national, recorded
from analysis.present import profile as present_profile
from analysis.present import quality as present_quality
from analysis.present.style import notebook_css
from analysis.thresholds import assessment_thresholds

EVIL = '<script>alert(1)</script>"onmouseover=alert(2)'


def assert_escaped(html: str) -> None:
    """The hostile text shows as text: no raw tag or attribute break-out, its escaped form present."""
    assert "<script>" not in html
    assert '"onmouseover=' not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&#34;onmouseover=alert(2)" in html


def returned_profile(**values) -> dict:
    """A province profile as key_figures.province_indicators returns it, typed by hand."""
    figure = {"value": 30.0, "rank": 2, "tied": False, "n": 4, "national_median": 22.5, "regional_median": 17.5}
    profile = {
        "year": 2022, "geo": "vn63", "province_code": "77", "province_name": "Bà Rịa - Vũng Tàu",
        "region": "Đông Nam Bộ", "province_type": "tỉnh", "returned": True,
        "merged_into_2025": "TP Hồ Chí Minh", "unit_name": "Trung tâm Khuyến công Bà Rịa - Vũng Tàu",
        "figures": {"staff_total": figure}, "staff_total": 30, "staff_field": 12, "field_share": 0.4,
        "districts_with_network": 3, "district_coverage": 0.375, "communes_with_network": 15,
        "commune_coverage": 0.1, "collaborators": 18, "collaborator_pay_mvnd": 9.0,
        "pay_per_collaborator_mvnd": 0.5, "staffing": "adequate", "network": "partial", "low_pay": True,
        "notes": None, "source_file": "data/raw/2022/77-ba-ria-vung-tau.xlsx", "source_row": 5,
        "network_rank": 2, "network_rank_tied": False, "network_ranked": 4,
    }
    profile.update(values)
    return profile


# --- escaping ---------------------------------------------------------------------------------


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


def test_quality_table_escapes_every_text_column():
    # the file is shown by its name only (no project folders): a hostile name is escaped too
    quality = pd.DataFrame({"province": [EVIL], "severity": ["error"], "file": ["data/raw/2022/" + EVIL.replace("/", "")],
                            "row": [5], "column": [EVIL], "value": [EVIL], "message": [EVIL]})
    html = present_quality.quality_table(quality, "vi").data
    assert html.count("&lt;script&gt;") >= 5 and "data/raw" not in html
    assert_escaped(html)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_assessment_sentences_escape_province_name(lang):
    html = present_profile.assessment_sentences(returned_profile(province_name=EVIL), assessment_thresholds(),
                                                lang).data
    assert_escaped(html)


# --- style: the same in JupyterLab as in the reports ------------------------------------------


def test_title_carries_the_scoped_style_and_the_banner():
    html = blocks.title("national_title", "vi", sample=True, published=True, year=2022).data
    assert html.startswith("<style>") and ".kc .card {" in html
    assert "các tổng số toàn quốc khớp với số liệu đã công bố" in html
    unpublished = blocks.title("national_title", "en", sample=True, published=False, year=2023).data
    assert "every figure in this report is illustrative" in unpublished
    assert 'class="sample-banner"' not in blocks.title("national_title", "en", sample=False, year=2023).data


def test_notebook_css_scopes_every_rule_to_blocks():
    rules = [line for line in notebook_css().splitlines() if "{" in line]
    assert rules and all(all(sel.strip().startswith(".kc") for sel in line.split("{")[0].split(","))
                         for line in rules)
    assert "@page" not in notebook_css() and "html {" not in notebook_css()


def test_every_block_is_wrapped_for_the_scoped_style():
    shown = [blocks.heading("headline", "vi"), blocks.cards([("a", "1")]), blocks.table({"a": ["1"]}),
             blocks.name_list("x", [], "vi"), present_profile.key_figures(returned_profile(), "vi")]
    assert all(b.data.startswith('<div class="kc') for b in shown)


# --- ranks: one label in tables and sentences -------------------------------------------------


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


def test_coverage_table_shows_tied_network_ranks():
    ranking = pd.DataFrame({"has_network": [True, True, True], "province_name": ["A", "B", "C"],
                            "rank": [1, 2, 2], "tied": [False, True, True], "n": [3, 3, 3],
                            "districts_with_network": [1, 1, 1], "district_coverage": [0.5, 0.2, 0.2],
                            "communes_with_network": [1, 1, 1], "commune_coverage": [0.5, 0.2, 0.2],
                            "collaborators_per_commune": [1.0, 1.0, 1.0]})
    html = national.coverage_table(ranking, "vi").data
    rows = table_rows(html)
    assert [re.search(r"<td>([^<]*)</td>", r).group(1) for r in rows] == ["1/3", "=2/3", "=2/3"]
    assert "Thứ hạng về độ bao phủ của mạng lưới" in html and "trung bình của tỷ lệ huyện và tỷ lệ xã" in html
    assert "Rank by network breadth" in national.coverage_table(ranking, "en").data


@pytest.mark.parametrize("lang, label, rank", [("vi", "Thứ hạng về độ bao phủ của mạng lưới", "=3/63"),
                                               ("en", "Rank by network breadth", "=3 of 63")])
def test_coverage_bars_show_the_breadth_rank_of_the_national_table(lang, label, rank):
    coverage = {"value": 0.2, "rank": 9, "tied": False, "n": 63, "national_median": 0.1, "regional_median": 0.3}
    profile = returned_profile(figures={"district_coverage": coverage, "commune_coverage": coverage},
                               network_rank=3, network_rank_tied=True, network_ranked=63)
    html = present_profile.coverage_bars(profile, lang).data
    assert f"<strong>{label}:</strong> {rank}</p>" in html


# --- record / recorded ------------------------------------------------------------------------


def test_record_recorded_round_trip(monkeypatch):
    shown = []
    monkeypatch.setattr(recorded, "display", lambda obj, raw=False: shown.append((obj, raw)))
    recorded.record("national", {"staff_total": 1290, "field_share": 0.4, "bands": ["over_30"]})
    recorded.record("lang", "vi")
    assert [raw for _, raw in shown] == [True, True]
    assert all(set(obj) == {recorded.RECORD_MIME} for obj, _ in shown)
    notebook = {"cells": [
        {"cell_type": "markdown", "source": "# title"},
        {"cell_type": "code", "outputs": [{"output_type": "stream", "name": "stdout", "text": "x"},
                                          {"output_type": "display_data", "data": shown[0][0], "metadata": {}}]},
        {"cell_type": "code", "outputs": [{"output_type": "display_data", "data": shown[1][0], "metadata": {}}]},
    ]}
    notebook = json.loads(json.dumps(notebook))    # as read back from the .ipynb file
    assert recorded.recorded(notebook) == {"national": {"staff_total": 1290, "field_share": 0.4,
                                                       "bands": ["over_30"]},
                                          "lang": "vi"}


def test_recorded_reads_json_text_data():
    notebook = {"cells": [{"cell_type": "code", "outputs": [
        {"output_type": "display_data", "data": {recorded.RECORD_MIME: '{"year": 2022}',
                                                 "text/plain": "<IPython.core.display.JSON object>"}}]}]}
    assert recorded.recorded(notebook) == {"year": 2022}


def test_recorded_later_value_wins_and_empty_notebook():
    notebook = {"cells": [{"outputs": [{"data": {recorded.RECORD_MIME: {"n": 1}}}]},
                          {"outputs": [{"data": {recorded.RECORD_MIME: {"n": 2}}}]}]}
    assert recorded.recorded(notebook) == {"n": 2}
    assert recorded.recorded({"cells": []}) == {}


# --- reconciliation table ---------------------------------------------------------------------

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


def table_rows(html: str) -> list[str]:
    """The <tr ...>...</tr> rows of the table body."""
    body = html.split("<tbody>", 1)[1]
    return re.findall(r"<tr[^>]*>.*?</tr>", body)


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
def test_reconciliation_table_cites_the_article(lang):
    html = national.reconciliation_table(RECONCILIATION, lang, 2022).data
    assert "Nhịp cầu Công Thương" in html and "Thăng Long" in html
    assert "seeds" not in html


def test_reconciliation_table_empty_says_no_published_figures():
    assert "No published figures for 2025." in national.reconciliation_table([], "en", 2025).data


# --- quality ----------------------------------------------------------------------------------


def quality_of(*severities: str) -> pd.DataFrame:
    return pd.DataFrame({"severity": list(severities), "file": ["a.csv"] * len(severities),
                         "row": pd.array([5] * len(severities), dtype="Int64"),
                         "column": ["communes_total"] * len(severities), "value": ["1"] * len(severities),
                         "message": ["m"] * len(severities)})


def test_quality_summary_counts_every_kind():
    provenance = {"rows": {"provincial": 63}, "inputs": [{}] * 64, "missing_returns": []}
    html = present_quality.quality_summary(provenance, quality_of("info", "info", "warning"), "vi").data
    assert '<div class="card-value">2</div><div class="card-label">Ghi chú</div>' in html
    assert '<div class="card-value">1</div><div class="card-label">Cảnh báo</div>' in html


def test_quality_table_without_errors_counts_the_notes_instead_of_saying_none():
    html = present_quality.quality_table(quality_of(*["info"] * 126), "vi").data
    assert "Không có lỗi hay cảnh báo." in html and "Ghi chú: 126" in html


def test_quality_table_names_columns_in_the_report_language():
    html = present_quality.quality_table(quality_of("warning"), "vi").data
    assert "Tổng số xã" in html and "communes_total" not in html


# --- assessment view --------------------------------------------------------------------------


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


def test_quality_messages_are_rendered_from_their_code_in_the_report_language():
    quality = quality_of("info", "info")
    quality["code"] = ["total.from_snapshot", ""]
    quality["params"] = ['{"column": "communes_total", "value": "1", "library": "vietnamadminunits 1.0.4", '
                         '"snapshot_geo": "vn63"}', ""]
    quality["message"] = ["(English as built)", "an older build's message"]
    vi = present_quality.quality_table(quality, "vi", ("info",)).data
    assert "không ghi trong báo cáo; dùng số liệu của danh mục 63 tỉnh, thành phố ngày 04/01/2025" in vi
    assert "an older build&#39;s message" in vi  # no code: shown as stored
    en = present_quality.quality_table(quality, "en", ("info",)).data
    assert "not stated in the return" in en and "(English as built)" not in en


# --- every figure to its cell -----------------------------------------------------------------


def cells_of(*rows: tuple) -> pd.DataFrame:
    """A cells table (cells.parquet) of (column, sheet, cell, typed, value) rows of province 77's return."""
    return pd.DataFrame([{"province_code": "77", "unit_name": "u", "column": c, "source_file":
                          "data/raw/2022/77-ba-ria-vung-tau.xlsx", "source_row": 5, "sheet": s, "cell": a,
                          "col": 6, "typed": ty, "value": v} for c, s, a, ty, v in rows])


def test_key_figures_name_the_cells_of_each_figure_on_hover():
    cells = cells_of(("staff_total", "Báo cáo", "E5", "30", "30"), ("staff_field", "Báo cáo", "F5", "12 người", "12"))
    profile = returned_profile(figures={
        "staff_total": {"value": 30.0, "rank": 2, "tied": False, "n": 4, "national_median": 1, "regional_median": 1},
        "field_share": {"value": 0.4, "rank": 2, "tied": False, "n": 4, "national_median": 1, "regional_median": 1}})
    html = present_profile.key_figures(profile, "vi", cells).data
    assert 'title="Tổng số cán bộ: 77-ba-ria-vung-tau.xlsx · trang &#39;Báo cáo&#39;, ô E5"' in html
    assert ('title="Cán bộ trực tiếp tại cơ sở: 77-ba-ria-vung-tau.xlsx · trang &#39;Báo cáo&#39;, ô F5; '
            'Tổng số cán bộ: 77-ba-ria-vung-tau.xlsx · trang &#39;Báo cáo&#39;, ô E5"') in html


def test_cell_place_of_a_csv_and_of_a_snapshot_total():
    csv = cells_of(("staff_total", None, "E2", "30", "30")).iloc[0]
    csv["source_file"] = "data/raw/2022/24-bac-giang.csv"
    assert trace.place_of(csv, "en") == "24-bac-giang.csv · line 5, column E"
    snapshot = cells_of(("communes_total", "Báo cáo", "J5", None, "150")).iloc[0]
    assert trace.place_of(snapshot, "vi") == ("77-ba-ria-vung-tau.xlsx · trang 'Báo cáo', ô J5 "
                                                          "(để trống, lấy theo danh mục đơn vị hành chính)")


def test_quality_table_names_the_cell_of_each_row():
    from analysis.quality import quality_with_cells

    quality = quality_of("warning")
    quality["file"] = ["data/raw/2022/77-ba-ria-vung-tau.xlsx"]
    cells = cells_of(("communes_total", "Báo cáo", "J5", "1", "1"))
    html = present_quality.quality_table(quality_with_cells(quality, cells), "vi").data
    assert "<td>trang &#39;Báo cáo&#39;, ô J5</td>" in html
    assert "<td>dòng 5</td>" in present_quality.quality_table(quality, "vi").data  # no cells table: the row


def test_quality_table_names_a_csv_cell_by_line_and_column():
    quality = quality_of("warning")
    quality["sheet"], quality["cell"], quality["row"] = [None], ["G2"], pd.array([2], dtype="Int64")
    assert "<td>dòng 2, cột G</td>" in present_quality.quality_table(quality, "vi").data
    assert "<td>line 2, column G</td>" in present_quality.quality_table(quality, "en").data


def test_year_on_year_checks_show_previous_and_current_values_in_the_report_format():
    quality = pd.DataFrame({
        "province": ["Thanh Hóa", "Điện Biên"], "severity": ["check", "check"], "file": ["a.xlsx", "b.xlsx"],
        "row": pd.array([5, 5], dtype="Int64"), "column": ["staff_field", "staff_total"], "value": ["", ""],
        "message": ["", ""], "code": ["check.field_share_points", "check.staff_total_change"],
        "params": ['{"previous": 45.8, "current": 90.9, "previous_year": 2022, "points": 20, "column": "staff_field"}',
                   '{"previous": 1023, "current": 2048, "previous_year": 2024, "share_pct": 50, "people": 5, '
                   '"column": "staff_total"}']})
    html = present_quality.year_on_year_checks(quality, "vi").data
    assert "<td>45,8\u00a0%</td><td>90,9\u00a0%</td>" in html and "<td>1.023</td><td>2.048</td>" in html
    assert "Điện Biên" not in present_quality.year_on_year_checks(quality, "vi", province="Thanh Hóa").data
    assert "Không có biến động" in present_quality.year_on_year_checks(quality, "vi", province="Huế").data


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
