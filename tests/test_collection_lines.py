"""analysis.collection.lines: what `khuyencong status` prints, in the terminal's language: a province's
line, its problems, the rates with the deadline and its reason."""

from __future__ import annotations

import pandas as pd

from analysis.collection import lines
from analysis.labels import t
from analysis.quality import Issue


def _row(**values) -> dict:
    row = {"province_code": "12", "province_name": "Lai Châu", "files": "12-lai-chau.xlsx", "received": "2026-02-02",
           "received_from": "receipts", "timeliness": "late", "errors": 0, "warnings": 1, "checks_open": 0,
           "checks_confirmed": 1, "approval": "none", "approved_by": "", "approved_at": "", "changed_files": ""}
    row.update(values)
    return row


def test_a_province_line_in_each_language():
    assert lines.province_line(_row(), "en") == ("12 Lai Châu · 12-lai-chau.xlsx · received 2026-02-02 (receipts log) · "
                                                 + t("timeliness_late", "en") + " · "
                                                 + t("status_counts", "en", errors=0, warnings=1, open=0, confirmed=1)
                                                 + " · not signed off")
    assert "nhận ngày 02/02/2026 (sổ nhận báo cáo)" in lines.province_line(_row(), "vi")


def test_a_missing_province_says_only_that():
    assert lines.province_line(_row(timeliness="missing"), "en") == "12 Lai Châu · no return"


def test_a_clean_return_says_so():
    clean = lines.province_line(_row(warnings=0, timeliness="on_time"), "en")
    assert clean.endswith(t("status_clean", "en"))
    assert t("status_clean", "en") not in lines.province_line(_row(), "en")


def test_approval_words_name_who_when_and_the_files_changed():
    row = _row(approval="changed", approved_by="An", approved_at="2026-02-12T09:30:00+07:00", changed_files="a.xlsx")
    assert lines.approval_words(row, "en") == "changed since signed off by An on 2026-02-12: a.xlsx; approve again"
    assert lines.approval_words(dict(row, approval="approved"), "vi") == "đã duyệt (An, 12/02/2026)"


def test_problem_lines_are_the_provinces_own_and_leave_out_notes_and_confirmed_checks():
    issues = [Issue.make("error", "number.negative", "12-lai-chau.xlsx", 5, "staff_total", "-3"),
              Issue.make("info", "total.from_snapshot", "12-lai-chau.xlsx", 5, "communes_total", "",
                         library="x", snapshot_geo="vn34"),
              Issue.make("warning", "number.negative", "01-ha-noi.xlsx", 5, "staff_total", "-1")]
    shown = lines.problem_lines(issues, ["12", "12", "01"], "12", "en")
    assert len(shown) == 1 and shown[0].startswith("12-lai-chau.xlsx:5: ") and " staff_total: " in shown[0]
    assert " Tổng số cán bộ: " in lines.problem_lines(issues, ["12", "12", "01"], "12", "vi")[0]


def test_summary_lines_give_the_rates_the_deadline_and_the_missing():
    table = pd.DataFrame([_row(), _row(province_code="01", province_name="Hà Nội", timeliness="missing"),
                          _row(province_code="19", province_name="Thái Nguyên", timeliness="on_time", approval="approved")])
    shown = lines.summary_lines(table, 2025, "en")
    assert len(shown) == 5
    assert "31/01/2026" in " ".join(lines.summary_lines(table, 2025, "vi"))
    assert "Hà Nội" in shown[3] and "Thái Nguyên" not in shown[3]
    assert t("deadline_none", "en", year=2030) in lines.summary_lines(table, 2030, "en")
