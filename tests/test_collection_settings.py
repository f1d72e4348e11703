"""analysis.collection.settings: collection.yml's logs, deadlines with their reasons, contact, and the
mark of a feedback workbook's problem list."""

from __future__ import annotations

import datetime as dt

from analysis.collection import settings


def test_log_names_are_the_receipts_then_the_approvals():
    assert settings.log_names() == ("receipts.csv", "approvals.csv")


def test_each_sample_year_has_a_deadline_with_its_reason_in_both_languages():
    for year in range(2021, 2026):
        due = settings.deadline(year)
        assert due.date == dt.date(year + 1, 1, 31) and set(due.reason) == {"vi", "en"}
    assert settings.deadline(2030) is None  # no deadline configured: timeliness unknown


def test_contact_lines_start_with_the_office_and_add_what_is_set(monkeypatch):
    config = settings.settings()
    assert settings.contact_lines("en")[0] == config["contact"]["office"]["en"]
    monkeypatch.setitem(config, "contact", {**config["contact"], "email": "kc@example.gov.vn", "phone": ""})
    assert settings.contact_lines("vi") == [config["contact"]["office"]["vi"], "kc@example.gov.vn"]


def test_a_feedback_sheet_is_known_by_its_name_and_first_cell():
    marks = settings.settings()["feedback"]
    assert settings.is_feedback_sheet(marks["sheet"], [(1, [marks["marker"] + " 2025"])])
    assert not settings.is_feedback_sheet("Báo cáo", [(1, [marks["marker"]])])
    assert not settings.is_feedback_sheet(marks["sheet"], [(1, ["Năm"])])
    assert not settings.is_feedback_sheet(marks["sheet"], [])
    assert not settings.is_feedback_sheet(marks["sheet"], [(1, [])])
