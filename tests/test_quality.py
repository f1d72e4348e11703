"""analysis.quality: the build's problems as data (code + params), rendered in the reader's language, and
each row placed at its province (and, with the cells, its sheet and cell)."""

from __future__ import annotations

import json

import pandas as pd

from analysis.quality import (
    QUALITY_COLUMNS,
    Issue,
    count,
    issues_frame,
    message_in,
    params_of,
    quality_with_cells,
    quality_with_province,
    sorted_issues,
)
from conftest import IPC, centre, four_provinces, units_frame


def test_message_in_without_code_falls_back_to_the_english_text():
    assert message_in("", "", "vi", "as written") == "as written"
    assert list(issues_frame([]).columns)[-4:] == ["code", "params", "sheet", "cell"]


def test_quality_with_province_maps_files_to_provinces():
    quality = pd.DataFrame({
        "severity": ["warning", "info", "error"],
        "file": ["data/raw/2022/10.xlsx", "data/raw/2022/00-trung-uong.xlsx", "data/raw/2022/ha-tay.csv"],
        "row": [5, 5, 2], "column": ["staff_field", "notes", "province"], "value": ["", "", "Hà Tây"],
        "message": ["a", "b", "c"],
    })
    before = quality.copy()
    out = quality_with_province(quality, four_provinces())
    assert list(out.columns) == ["province", *quality.columns]
    assert list(out["province"]) == ["Lào Cai", IPC.format(1), ""]
    pd.testing.assert_frame_equal(quality, before)


def test_quality_with_province_names_the_centre_of_the_row():
    quality = pd.DataFrame({"severity": ["warning", "warning"], "file": ["data/raw/2022/00-trung-uong.xlsx"] * 2,
                            "row": [6, 7], "column": ["notes", "notes"], "value": ["", ""], "message": ["a", "b"]})
    units = units_frame(centre(1, 24, 9), centre(2, 19, 7), centre(3, 21, 8))
    out = quality_with_province(quality, units)
    assert list(out["province"]) == [IPC.format(2), IPC.format(3)]


def test_an_issue_line_names_the_sheet_and_cell_or_a_csv_column():
    xlsx = Issue.make("error", "number.negative", "data/raw/2022/77-ba-ria-vung-tau.xlsx", 5, "staff_total", "-3",
                      sheet="Báo cáo", cell="E5")
    assert str(xlsx).startswith("data/raw/2022/77-ba-ria-vung-tau.xlsx:5: error: sheet 'Báo cáo', cell E5: staff_total: ")
    assert xlsx.line("vi").startswith("data/raw/2022/77-ba-ria-vung-tau.xlsx:5: lỗi: trang 'Báo cáo', ô E5: "
                                      "Tổng số cán bộ, viên chức, người lao động: ")
    csv = Issue.make("error", "number.negative", "24-bac-giang.csv", 2, "staff_total", "-3", cell="E2")
    assert str(csv).startswith("24-bac-giang.csv:2: error: column E: staff_total: ")  # the line is said first
    assert csv.line("vi").startswith("24-bac-giang.csv:2: lỗi: cột E: ")
    sheet = Issue.make("info", "sheet.hidden", "a.xlsx", sheet="2021", name="2021")  # a whole sheet
    assert str(sheet).startswith("a.xlsx: info: sheet '2021': hidden sheet '2021' has")
    assert sheet.line("vi").startswith("a.xlsx: ghi chú: trang '2021': ")
    whole = Issue.make("error", "limit.rows", "a.csv", limit=5000)  # a whole file: no place
    assert str(whole).startswith("a.csv: error: ") and str(whole).count(": ") == 2


def test_an_issue_shows_a_long_value_cut_and_escaped():
    issue = Issue.make("error", "number.invalid", "a\nb.csv", 2, "staff_total", "x" * 500 + "\x1b")
    assert "\n" not in str(issue) and "a\\nb.csv:2:" in str(issue)
    assert len(issue.value) < 500 and issue.params["value"] == issue.value


def test_params_of_a_dict_its_json_or_nothing():
    assert params_of({"a": 1}) == {"a": 1}
    assert params_of('{"a": 1}') == {"a": 1}
    assert params_of("") == {} and params_of(None) == {} and params_of(float("nan")) == {}


def test_issues_frame_orders_by_severity_then_file_and_row():
    issues = [Issue.make("info", "total.row", "b.csv", 4, "", "Tổng", n=2),
              Issue.make("warning", "number.negative", "b.csv", 3, "staff_total", "-1"),
              Issue.make("error", "number.negative", "b.csv", 9, "staff_total", "-1"),
              Issue.make("error", "limit.rows", "a.csv", limit=5000)]
    frame = issues_frame(issues)
    assert list(frame["severity"]) == ["error", "error", "warning", "info"]
    assert list(frame["file"]) == ["a.csv", "b.csv", "b.csv", "b.csv"] and pd.isna(frame.at[0, "row"])
    assert json.loads(frame.at[3, "params"])["n"] == 2 and tuple(frame.columns) == QUALITY_COLUMNS
    assert count(issues, "error") == 2 and count(issues, "check") == 0


def test_sorted_issues_follow_the_forms_column_order_within_a_row():
    issues = [Issue.make("error", "number.negative", "a.csv", 2, "staff_field", "-1"),
              Issue.make("error", "number.negative", "a.csv", 2, "staff_total", "-1"),
              Issue.make("error", "limit.rows", "a.csv", limit=5000)]
    ordered = sorted_issues(issues, ["staff_total", "staff_field"])
    assert [(i.row, i.column) for i in ordered] == [(None, ""), (2, "staff_total"), (2, "staff_field")]


def test_quality_with_cells_takes_the_cells_table_then_the_builds_own_place():
    quality = pd.DataFrame({"file": ["a.xlsx", "a.xlsx", "a.xlsx"], "row": pd.array([5, 6, None], dtype="Int64"),
                            "column": ["staff_total", "notes", ""], "sheet": ["", "Báo cáo", "Cũ"], "cell": ["", "M6", ""]})
    cells = pd.DataFrame({"source_file": ["a.xlsx"], "source_row": [5], "column": ["staff_total"], "sheet": ["Báo cáo"],
                          "cell": ["E5"]})
    placed = quality_with_cells(quality, cells)
    assert placed[["sheet", "cell"]].fillna("").values.tolist() == [["Báo cáo", "E5"], ["Báo cáo", "M6"], ["Cũ", ""]]
