"""analysis.present.quality, the data-quality views: messages and column names in the report's language,
the cell of each row, every text column escaped."""

from __future__ import annotations

import pandas as pd

from analysis import report_inputs as ri
from analysis.present import quality as present_quality
from present_inputs import EVIL, assert_escaped, cells_of


def quality_of(*severities: str) -> pd.DataFrame:
    return pd.DataFrame({"severity": list(severities), "file": ["a.csv"] * len(severities),
                         "row": pd.array([5] * len(severities), dtype="Int64"),
                         "column": ["communes_total"] * len(severities), "value": ["1"] * len(severities),
                         "message": ["m"] * len(severities)})


def test_quality_table_escapes_every_text_column():
    # the file is shown by its name only (no project folders): a hostile name is escaped too
    quality = pd.DataFrame({"province": [EVIL], "severity": ["error"], "file": ["data/raw/2022/" + EVIL.replace("/", "")],
                            "row": [5], "column": [EVIL], "value": [EVIL], "message": [EVIL]})
    html = present_quality.quality_table(quality, "vi").data
    assert html.count("&lt;script&gt;") >= 5 and "data/raw" not in html
    assert_escaped(html)


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


def test_the_data_quality_report_groups_repeated_notes_and_lists_blanks_to_confirm(report_build):
    from analysis.present import quality as pq

    inputs = ri.report_inputs(2022, "vi", report_build)
    quality = inputs.quality
    grouped = pq.grouped_notes(quality, "vi", reporting=inputs.reporting_provinces).data
    notes = quality[(quality["severity"] == "info") & ~quality["code"].isin(["network.blank_as_zero", "file.readme"])]
    texts = [pq.message_text(row, "vi") for _, row in notes.iterrows()]
    lines = notes.assign(text=texts).groupby(["column", "text"]).size()
    # one line per repeated message (with its count): every note of quality.csv is accounted for
    assert grouped.count("<tr>") - 1 == len(lines) < len(notes)
    assert all(f"<td>{n}</td>" in grouped for n in lines)
    checklist = pq.blank_checklist(quality, "vi").data
    blanks = quality[quality["code"] == "network.blank_as_zero"]
    assert checklist.count("☐") == blanks["province"].nunique()
    assert all(name in checklist for name in blanks["province"].unique())
    assert f"{len(blanks)} ô để trống" in checklist
    assert "có 1 tệp không phải là báo cáo" in pq.not_returns(quality, "vi").data and "README" not in grouped + checklist
