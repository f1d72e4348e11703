"""analysis.collection.feedback: the workbook sent back to a province: its own return with each problem's
cell marked and explained in Vietnamese, a first sheet listing them; the empty form for a missing return."""

from __future__ import annotations

import shutil

import openpyxl

from analysis import config, form
from analysis.collection import feedback
from analysis.collection.settings import settings
from analysis.ingest import shown_path
from analysis.quality import Issue


def test_advice_by_code_then_by_family_then_the_default():
    table = feedback.messages.catalogue()["advice"]
    some_code = next(c for c in table if "." in c)
    assert feedback.advice(some_code, "vi") == table[some_code]["vi"]
    assert feedback.advice("zzz.unknown", "en") == table["default"]["en"]


def test_feedback_name_is_the_province_code_and_slug():
    assert feedback.feedback_name("12", "Lai Châu", 2025) == "12-lai-chau-phan-hoi-2025.xlsx"


def test_a_missing_return_gets_the_empty_form_with_a_reminder():
    book = feedback.feedback_workbook(2025, "12", config.RAW_DIR / "2025", [], [])
    marks = settings()["feedback"]
    first = book.worksheets[0]
    assert first.title == marks["sheet"] and first["A1"].value.startswith(marks["marker"])
    assert form.DATA_SHEET in book.sheetnames
    assert any("chưa nhận được báo cáo năm 2025" in str(c.value) for row in first.iter_rows() for c in row)


def test_a_problem_is_marked_in_its_cell_of_the_provinces_own_file(tmp_path):
    year_dir = tmp_path / "2025"
    year_dir.mkdir()
    shutil.copy(config.RAW_DIR / "2025" / "12-lai-chau.xlsx", year_dir)
    shown = shown_path(year_dir / "12-lai-chau.xlsx")  # as the build names the file
    issue = Issue.make("error", "number.negative", shown, 5, "staff_total", "-3")
    book = feedback.feedback_workbook(2025, "12", year_dir, ["12-lai-chau.xlsx"], [issue])
    sheet = book[form.DATA_SHEET]
    marked = [c for row in sheet.iter_rows(min_row=5, max_row=5) for c in row if c.comment is not None]
    assert len(marked) == 1 and "Cần làm:" in marked[0].comment.text
    listed = [str(c.value) for row in book.worksheets[0].iter_rows() for c in row if c.value]
    assert any("1 vấn đề trong báo cáo năm 2025" in text for text in listed)
    out = tmp_path / "fb.xlsx"
    form.save_reproducibly(book, out)
    assert openpyxl.load_workbook(out).sheetnames[0] == settings()["feedback"]["sheet"]
