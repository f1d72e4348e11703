"""analysis.collection.receipts: the receipts log (file, received, sender) read with its bad rows named,
each file's first receipt, a receipt appended only to a log that reads."""

from __future__ import annotations

import datetime as dt

import pytest

from analysis.collection import logs, receipts


def _write(year_dir, text: str):
    year_dir.mkdir(exist_ok=True)
    receipts.log_path(year_dir).write_text(text, encoding="utf-8")


def test_read_receipts_parses_dates_and_keeps_the_sender(tmp_path):
    _write(tmp_path, "file,received,sender\n12-lai-chau.xlsx,2026-02-02,sct@laichau\n01-ha-noi.xlsx,2026-01-15,\n")
    assert receipts.read_receipts(tmp_path) == [
        {"line": 2, "file": "12-lai-chau.xlsx", "received": dt.date(2026, 2, 2), "sender": "sct@laichau"},
        {"line": 3, "file": "01-ha-noi.xlsx", "received": dt.date(2026, 1, 15), "sender": ""}]
    assert receipts.read_receipts(tmp_path / "no-year") == []


def test_a_bad_date_is_named_on_its_line(tmp_path):
    _write(tmp_path, "file,received,sender\n12-lai-chau.xlsx,02/02/2026,x\n")
    with pytest.raises(logs.LogError) as info:
        receipts.read_receipts(tmp_path)
    (issue,) = info.value.issues
    assert (issue.row, issue.column, issue.code, issue.value) == (2, "received", "log.date", "02/02/2026")


def test_received_dates_keep_each_files_first_receipt():
    rows = [{"line": 2, "file": "a.xlsx", "received": dt.date(2026, 2, 1), "sender": "second"},
            {"line": 3, "file": "a.xlsx", "received": dt.date(2026, 1, 20), "sender": "first"},
            {"line": 4, "file": "b.xlsx", "received": dt.date(2026, 1, 20), "sender": "b"},
            {"line": 5, "file": "b.xlsx", "received": dt.date(2026, 1, 20), "sender": "b again"}]
    assert receipts.received_dates(rows) == {"a.xlsx": (dt.date(2026, 1, 20), "first"),
                                             "b.xlsx": (dt.date(2026, 1, 20), "b")}


def test_add_receipt_creates_the_log_with_its_header_then_appends(tmp_path):
    path = receipts.add_receipt(tmp_path, "12-lai-chau.xlsx", dt.date(2026, 2, 2), "sct@laichau")
    receipts.add_receipt(tmp_path, "01-ha-noi.xlsx", dt.date(2026, 2, 3), "")
    assert path.read_text(encoding="utf-8") == ("file,received,sender\n12-lai-chau.xlsx,2026-02-02,sct@laichau\n"
                                                "01-ha-noi.xlsx,2026-02-03,\n")


def test_add_receipt_leaves_a_bad_log_and_a_bad_name_alone(tmp_path):
    _write(tmp_path, "who,when\n")
    with pytest.raises(logs.LogError):
        receipts.add_receipt(tmp_path, "12-lai-chau.xlsx", dt.date(2026, 2, 2), "x")
    assert receipts.log_path(tmp_path).read_text(encoding="utf-8") == "who,when\n"
    receipts.log_path(tmp_path).unlink()
    with pytest.raises(ValueError):
        receipts.add_receipt(tmp_path, "../12-lai-chau.xlsx", dt.date(2026, 2, 2), "x")
