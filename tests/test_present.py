"""HTML blocks: text from data is escaped; recorded values round-trip; mismatches are marked."""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest

from analysis import indicators, present, store

EVIL = '<script>alert(1)</script>"onmouseover=alert(2)'


def assert_escaped(html: str) -> None:
    """The hostile text shows as text: no raw tag or attribute break-out, its escaped form present."""
    assert "<script>" not in html
    assert '"onmouseover=' not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&quot;onmouseover=alert(2)" in html


def returned_profile(**values) -> dict:
    """A province profile as indicators.province_indicators returns it, typed by hand."""
    figure = {"value": 30.0, "rank": 2, "n": 4, "national_median": 22.5, "regional_median": 17.5}
    profile = {
        "year": 2022, "geo": "vn63", "province_code": "77", "province_name": "Bà Rịa - Vũng Tàu",
        "region": "Đông Nam Bộ", "province_type": "tỉnh", "returned": True,
        "merged_into_2025": "TP Hồ Chí Minh", "unit_name": "Trung tâm Khuyến công Bà Rịa - Vũng Tàu",
        "figures": {"staff_total": figure}, "staff_total": 30, "staff_field": 12, "field_share": 0.4,
        "districts_with_network": 3, "district_coverage": 0.375, "communes_with_network": 15,
        "commune_coverage": 0.1, "collaborators": 18, "collaborator_pay_mvnd": 9.0,
        "pay_per_collaborator_mvnd": 0.5, "staffing": "adequate", "network": "partial", "low_pay": True,
        "notes": None,
    }
    profile.update(values)
    return profile


# --- escaping ---------------------------------------------------------------------------------


def test_table_escapes_cells_and_headers():
    html = present.table(pd.DataFrame({EVIL: ["Hà Nội", EVIL]})).data
    assert html.count("&lt;script&gt;") == 2
    assert_escaped(html)


def test_table_raw_html_columns_are_not_escaped():
    html = present.table(pd.DataFrame({"a": ["<b>x</b>"], "b": ["<b>y</b>"]}), raw_html_columns=("a",)).data
    assert "<td><b>x</b></td>" in html
    assert "<td>&lt;b&gt;y&lt;/b&gt;</td>" in html


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_name_list_escapes_names_and_label(lang):
    html = present.name_list(EVIL, ["Hà Nội", EVIL], lang).data
    assert html.count("&lt;script&gt;") == 2
    assert_escaped(html)


def test_province_identity_escapes_data_text():
    profile = returned_profile(unit_name=EVIL, merged_into_2025=EVIL, notes=EVIL)
    html = present.province_identity(profile, "vi").data
    assert html.count("&lt;script&gt;") == 3
    assert_escaped(html)


def test_province_identity_escapes_former_provinces():
    profile = returned_profile(geo="vn34", merged_into_2025=None, former_provinces=["Lào Cai", EVIL])
    html = present.province_identity(profile, "en").data
    assert "Lào Cai, &lt;script&gt;" in html
    assert_escaped(html)


def test_quality_table_escapes_every_text_column():
    quality = pd.DataFrame({"province": [EVIL], "severity": ["error"], "file": [EVIL], "row": [5],
                            "column": [EVIL], "value": [EVIL], "message": [EVIL]})
    html = present.quality_table(quality, "vi").data
    assert html.count("&lt;script&gt;") == 5
    assert_escaped(html)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_assessment_sentences_escape_province_name(lang):
    html = present.assessment_sentences(returned_profile(province_name=EVIL), indicators.assessment_config(),
                                        lang).data
    assert_escaped(html)


# --- record / recorded ------------------------------------------------------------------------


def test_record_recorded_round_trip(monkeypatch):
    shown = []
    monkeypatch.setattr(store, "display", lambda obj, raw=False: shown.append((obj, raw)))
    store.record("national", {"staff_total": 1290, "field_share": 0.4, "bands": ["over_30"]})
    store.record("lang", "vi")
    assert [raw for _, raw in shown] == [True, True]
    assert all(set(obj) == {store.RECORD_MIME} for obj, _ in shown)
    notebook = {"cells": [
        {"cell_type": "markdown", "source": "# title"},
        {"cell_type": "code", "outputs": [{"output_type": "stream", "name": "stdout", "text": "x"},
                                          {"output_type": "display_data", "data": shown[0][0], "metadata": {}}]},
        {"cell_type": "code", "outputs": [{"output_type": "display_data", "data": shown[1][0], "metadata": {}}]},
    ]}
    notebook = json.loads(json.dumps(notebook))    # as read back from the .ipynb file
    assert store.recorded(notebook) == {"national": {"staff_total": 1290, "field_share": 0.4,
                                                       "bands": ["over_30"]},
                                          "lang": "vi"}


def test_recorded_reads_json_text_data():
    notebook = {"cells": [{"cell_type": "code", "outputs": [
        {"output_type": "display_data", "data": {store.RECORD_MIME: '{"year": 2022}',
                                                 "text/plain": "<IPython.core.display.JSON object>"}}]}]}
    assert store.recorded(notebook) == {"year": 2022}


def test_recorded_later_value_wins_and_empty_notebook():
    notebook = {"cells": [{"outputs": [{"data": {store.RECORD_MIME: {"n": 1}}}]},
                          {"outputs": [{"data": {store.RECORD_MIME: {"n": 2}}}]}]}
    assert store.recorded(notebook) == {"n": 2}
    assert store.recorded({"cells": []}) == {}


# --- reconciliation table ---------------------------------------------------------------------

RECONCILIATION = [
    {"figure": "units_reporting", "label_vi": "Số đơn vị", "label_en": "Provincial units", "computed": 62,
     "published": "63", "comparison": "exact", "match": False},
    {"figure": "staff_field", "label_vi": "Cán bộ trực tiếp", "label_en": "Field staff", "computed": 516,
     "published": "516", "comparison": "exact", "match": True},
]


def table_rows(html: str) -> list[str]:
    """The <tr ...>...</tr> rows of the table body."""
    body = html.split("<tbody>", 1)[1]
    return re.findall(r"<tr[^>]*>.*?</tr>", body)


@pytest.mark.parametrize("lang, no, yes", [("vi", "KHÔNG KHỚP", "khớp"), ("en", "NO", "yes")])
def test_reconciliation_table_marks_mismatch(lang, no, yes):
    rows = table_rows(present.reconciliation_table(RECONCILIATION, lang, 2022).data)
    assert len(rows) == 2
    assert rows[0].startswith('<tr class="mismatch">')
    assert no in rows[0]
    assert RECONCILIATION[0][f"label_{lang}"] in rows[0]
    assert rows[1].startswith('<tr class="match">')
    assert no not in rows[1]
    assert yes in rows[1]


def test_reconciliation_table_empty_says_no_published_figures():
    assert "No published figures for 2025." in present.reconciliation_table([], "en", 2025).data


def test_reconciliation_table_escapes_citation():
    html = present.reconciliation_table(RECONCILIATION, "vi", 2022, citation=EVIL).data
    assert_escaped(html)


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
    html = present.assessment_view(indicators.assessment_table(units, 2022), "vi").data
    rows = table_rows(html)
    assert len(rows) == 63
    assert "<td>40</td>" in rows[0]
    assert "<td>02</td><td>Hà Giang</td><td>–</td><td>–</td><td>–</td>" in rows[1]
    assert "không có báo cáo" in rows[1]
