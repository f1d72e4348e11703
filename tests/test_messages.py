"""Messages and column labels as data (issue 11): every code in both languages, rendered from params."""

from __future__ import annotations

import ast
import json
import re
import string

import pytest

from analysis import config, dataset, messages
from analysis.quality import Issue, message_in
from conftest import return_row

_CODE = re.compile(r"^[a-z0-9_]+\.[a-z0-9_]+$")
_FILE_SUFFIXES = (".parquet", ".csv", ".json", ".xlsx", ".yml", ".md", ".ods", ".xls", ".xlsm", ".xml", ".db")
BUILD_MODULES = ["ingest.py", "clean.py", "validate.py", "dataset.py", "reference.py", "quality.py", "checks.py",
                 "readers/__init__.py", "readers/csvfile.py", "readers/xlsx.py", "readers/xls.py", "readers/ods.py",
                 "outliers.py", "collection/logs.py", "collection/receipts.py", "collection/approvals.py",
                 "collection/status.py"]


def _placeholders(template: str) -> set[str]:
    return {name.split("!")[0] for _, name, _, _ in string.Formatter().parse(template.replace("[[", "").replace("]]", ""))
            if name}


def _codes_in_source() -> set[str]:
    """Every string constant of the build modules shaped like a message code (a.b), file names aside."""
    found = set()
    for name in BUILD_MODULES:
        tree = ast.parse((config.PACKAGE_DIR / name).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and _CODE.match(node.value) \
                    and not node.value.endswith(_FILE_SUFFIXES):
                found.add(node.value)
    return found


def test_every_code_the_build_can_emit_is_in_the_catalogue():
    emitted = _codes_in_source()
    assert len(emitted) > 30
    assert emitted - set(messages.codes()) == set()


@pytest.mark.parametrize("code", messages.codes())
def test_every_code_has_both_languages_with_the_same_placeholders(code):
    entry = messages.catalogue()["messages"][code]
    assert set(entry) == {"vi", "en"}
    english, vietnamese = _placeholders(entry["en"]), _placeholders(entry["vi"])
    labels = {f"{name}_label" for name in english}
    assert vietnamese - labels <= english, code
    params = {name: "x" for name in english}
    params.update({n[:-6]: "staff_total" for n in vietnamese | english if n.endswith("_label")})
    assert messages.render(code, params, "vi") and messages.render(code, params, "en")


def test_render_optional_part_only_with_its_values():
    assert messages.render("folder.no_returns", {"found": ""}, "en").endswith("in this folder")
    assert messages.render("folder.no_returns", {"found": "a.pdf"}, "vi").endswith("chỉ có: a.pdf")


def test_render_column_label_in_the_language():
    params = {"value": "35", "part": "staff_field", "whole": "staff_total", "whole_value": "30"}
    assert messages.render("rule.at_most", params, "en") == "35 is more than staff_total 30"
    assert messages.render("rule.at_most", params, "vi") == "35 lớn hơn Tổng số cán bộ (30)"


def test_column_label_of_every_internal_column_in_both_languages():
    for name in [*config.UNIT_COLUMNS, *(c.name for c in config.RETURN_COLUMNS)]:
        for lang in ("vi", "en"):
            label = messages.column_label(name, lang)
            assert label != name and "_" not in label, (name, lang)
    assert messages.column_label("communes_total", "vi") == "Tổng số xã"


def test_issue_str_is_the_english_line_and_message_in_vietnamese():
    issue = Issue.make("error", "number.negative", "r.csv", 2, "staff_field", "-1")
    assert str(issue) == "r.csv:2: error: staff_field: -1 is negative; counts and amounts are 0 or more"
    assert issue.message_in("vi") == "-1 là số âm; số lượng và số tiền phải từ 0 trở lên"


def test_quality_csv_rows_render_in_vietnamese(write_csv, write_xlsx, raw_dir, tmp_path):
    write_xlsx("10-lao-cai.xlsx", [return_row()])
    write_csv("01-ha-noi.csv", [return_row(province="Hà Nội", unit_type="trung ương")])
    (raw_dir / "2022" / "note.pdf").write_bytes(b"%PDF")
    result = dataset.build_year(2022, raw_dir, tmp_path / "out")
    assert result.errors == 0 and all(i.code for i in result.issues)
    quality = dataset.load_quality(2022, tmp_path / "out")
    assert list(quality.columns) == ["severity", "file", "row", "column", "value", "message", "code", "params",
                                     "sheet", "cell"]
    for row in quality.itertuples():
        assert message_in(row.code, row.params, "en") == row.message  # English kept, as before
        assert json.loads(row.params)
    vietnamese = {row.code: message_in(row.code, row.params, "vi") for row in quality.itertuples()}
    assert vietnamese["file.not_return"].startswith("không phải tệp báo cáo: note.pdf")
    assert vietnamese["province.central_ignored"] == "trung tâm quốc gia không thuộc tỉnh nào; bỏ qua giá trị này"
    assert vietnamese["folder.missing_provinces"].startswith("không có báo cáo của 62 tỉnh, thành phố: ")


@pytest.mark.parametrize(("sheet", "cell", "line", "vi", "en"), [
    ("Báo cáo", "G5", 5, "trang 'Báo cáo', ô G5", "sheet 'Báo cáo', cell G5"),
    ("Báo cáo", "G5", None, "trang 'Báo cáo', ô G5", "sheet 'Báo cáo', cell G5"),
    (None, "F2", 2, "dòng 2, cột F", "line 2, column F"),
    (float("nan"), "AB7", 7, "dòng 7, cột AB", "line 7, column AB"),
    ("", "AB7", None, "cột AB", "column AB"),  # a build line: its line is named before the place
    ("Báo cáo", None, 5, "trang 'Báo cáo'", "sheet 'Báo cáo'"),  # the whole sheet
    ("Báo cáo", float("nan"), None, "trang 'Báo cáo'", "sheet 'Báo cáo'"),
    (None, None, 5, "", ""),
    ("", "", None, "", ""),
])
def test_cell_place_words_where_a_value_was_typed(sheet, cell, line, vi, en):
    assert messages.cell_place(sheet, cell, "vi", line) == vi
    assert messages.cell_place(sheet, cell, "en", line) == en


def test_cell_place_templates_are_in_the_messages_catalogue():
    places = messages.catalogue()["places"]
    assert set(places) == {"sheet_cell", "csv_cell", "sheet", "csv_column"} and all(set(p) == {"vi", "en"} for p in places.values())
    with pytest.raises(ValueError):
        messages.cell_place("Báo cáo", "G5", "fr", 5)
