"""analysis.collection.approvals: the sign-off log read with its bad rows named, each province's latest
approval, and whether a return changed since (by sha256 of each file)."""

from __future__ import annotations

import datetime as dt

import pytest

from analysis.collection import approvals, logs
from analysis.files import sha256_file

SHA = "a" * 64


def _write(year_dir, text: str):
    approvals.log_path(year_dir).write_text(text, encoding="utf-8")


def test_read_approvals_parses_every_field(tmp_path):
    _write(tmp_path, f"province_code,file,sha256,approved_by,approved_at\n01,01-ha-noi.xlsx,{SHA.upper()},An,"
                     "2026-02-12T09:30:00+07:00\n12,12-lai-chau.xlsx," + "b" * 64 + ",Bình,2026-02-13 10:00\n")
    rows = approvals.read_approvals(tmp_path, 2025)
    assert [(r["province_code"], r["sha256"], r["approved_by"]) for r in rows] == [("01", SHA, "An"), ("12", "b" * 64, "Bình")]
    assert rows[0]["approved_at"] == dt.datetime(2026, 2, 12, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=7)))
    assert rows[1]["approved_at"].tzinfo == dt.UTC  # no time zone given: read as UTC


def test_each_bad_field_is_named(tmp_path):
    _write(tmp_path, "province_code,file,sha256,approved_by,approved_at\n1,a/b.xlsx,abc,,yesterday\n")
    with pytest.raises(logs.LogError) as info:
        approvals.read_approvals(tmp_path, 2025)
    assert [(i.column, i.code) for i in info.value.issues] == [
        ("province_code", "log.province_code"), ("file", "log.file_name"), ("sha256", "log.sha256"),
        ("approved_by", "log.blank"), ("approved_at", "log.datetime")]


def test_latest_approvals_keep_the_last_sign_off_with_all_its_files():
    day1, day2 = dt.datetime(2026, 2, 1, tzinfo=dt.UTC), dt.datetime(2026, 2, 5, tzinfo=dt.UTC)
    rows = [{"province_code": "01", "file": "old.xlsx", "sha256": "1", "approved_by": "An", "approved_at": day1},
            {"province_code": "01", "file": "a.xlsx", "sha256": "2", "approved_by": "Bình", "approved_at": day2},
            {"province_code": "01", "file": "b.xlsx", "sha256": "3", "approved_by": "Bình", "approved_at": day2}]
    assert approvals.latest_approvals(rows) == {"01": {"by": "Bình", "at": day2, "files": {"a.xlsx": "2", "b.xlsx": "3"}}}


@pytest.mark.parametrize("files, state", [
    ({"a.xlsx": "2"}, ("approved", [])),
    ({"a.xlsx": "9"}, ("changed", ["a.xlsx"])),                   # changed since
    ({"a.xlsx": "2", "b.xlsx": "3"}, ("changed", ["b.xlsx"])),    # a file added
    ({}, ("changed", ["a.xlsx"])),                               # the file removed
])
def test_approval_state_compares_the_files_signed_off_with_those_there(files, state):
    assert approvals.approval_state({"by": "An", "at": None, "files": {"a.xlsx": "2"}}, files) == state
    assert approvals.approval_state(None, files) == ("none", [])


def test_current_files_hash_the_files_there_and_leave_out_the_ones_gone(tmp_path):
    (tmp_path / "01-ha-noi.xlsx").write_bytes(b"return")
    assert approvals.current_files(tmp_path, ["01-ha-noi.xlsx", "gone.xlsx"]) == {
        "01-ha-noi.xlsx": sha256_file(tmp_path / "01-ha-noi.xlsx")}
