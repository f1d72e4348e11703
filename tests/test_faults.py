"""analysis.faults: an error that ends a command in one line, in the terminal's language, with its exit
status; an output that cannot be written says the path and why."""

from __future__ import annotations

import errno

from analysis import faults, messages
from analysis.faults import Fault


def test_a_fault_is_its_message_in_either_language_and_carries_its_exit_status(monkeypatch):
    fault = Fault("data.missing", 2, path="data/processed/2022/units.parquet", command="khuyencong build --year 2022")
    assert fault.exit_status == 2 and fault.code == "data.missing"
    assert fault.line("en") == messages.render("data.missing", fault.params, "en")
    assert fault.line("vi") == messages.render("data.missing", fault.params, "vi") != fault.line("en")
    assert "\n" not in fault.line("en") and "data/processed/2022/units.parquet" in fault.line("en")
    monkeypatch.setenv(messages.LANG_VARIABLE, "vi")
    assert str(fault) == fault.line("vi")
    monkeypatch.setenv(messages.LANG_VARIABLE, "en")
    assert str(fault) == fault.line("en")
    assert Fault("data.missing", path="p", command="c").exit_status == 1


def test_reason_says_disk_full_and_falls_back_to_the_errors_name():
    assert faults.reason(OSError(errno.ENOSPC, "No space left on device")) == "No space left on device (disk full)"
    assert faults.reason(OSError(errno.EACCES, "Permission denied")) == "Permission denied"
    assert faults.reason(OSError()) == "OSError"


def test_cannot_write_names_the_path_and_the_reason():
    fault = faults.cannot_write("build.cannot_write", "data/processed/2022",
                                OSError(errno.ENOSPC, "No space left on device"))
    assert fault.params == {"path": "data/processed/2022", "reason": "No space left on device (disk full)"}
    assert fault.exit_status == 1
    line = fault.line("en")
    assert "data/processed/2022" in line and "(disk full)" in line and "\n" not in line
