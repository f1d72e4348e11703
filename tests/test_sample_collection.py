"""analysis.sample_collection: the 2025 sample's receipts and approvals logs (the collection's worked
example): reproducible, readable by the collection, one late return, one signed off on an earlier version."""

from __future__ import annotations

import datetime as dt
import re
import shutil

from analysis import config
from analysis.collection import approvals, receipts
from analysis.collection.settings import deadline
from analysis.files import sha256_file
from analysis.sample import SEED
from analysis.sample_collection import APPROVER, CHANGED_AFTER, LATE, SIGNED_OFF, YEAR, readme_text, write_logs


def _returns(tmp_path):
    """A copy of the 2025 sample's returns (.xlsx and .csv, not its logs) and their paths."""
    out = tmp_path / str(YEAR)
    out.mkdir()
    for path in (config.RAW_DIR / str(YEAR)).iterdir():
        if re.fullmatch(r"\d\d-[a-z0-9-]+\.(xlsx|csv)", path.name):
            shutil.copy2(path, out / path.name)
    return out, sorted(p for p in out.iterdir())


def test_the_logs_are_the_committed_ones_and_read_back(tmp_path):
    out, returns = _returns(tmp_path)
    written = write_logs(out, returns, seed=SEED)
    for path in written:
        assert path.read_bytes() == (config.RAW_DIR / str(YEAR) / path.name).read_bytes(), path.name
    rows = receipts.read_receipts(out)
    assert {r["file"] for r in rows} == {p.name for p in returns}
    assert all(r["sender"].endswith("(thư điện tử)") for r in rows)


def test_one_return_is_late_and_the_others_on_time(tmp_path):
    out, returns = _returns(tmp_path)
    write_logs(out, returns, seed=SEED)
    due = deadline(YEAR).date
    late = {r["file"][:2] for r in receipts.read_receipts(out) if r["received"] > due}
    assert late == {LATE[0]} and LATE[1] > due


def test_one_sign_off_is_of_an_earlier_version_of_its_file(tmp_path):
    out, returns = _returns(tmp_path)
    write_logs(out, returns, seed=SEED)
    rows = approvals.read_approvals(out, YEAR)
    assert [r["province_code"] for r in rows] == list(SIGNED_OFF) and {r["approved_by"] for r in rows} == {APPROVER}
    current = {r["province_code"]: sha256_file(out / r["file"]) == r["sha256"] for r in rows}
    assert [code for code, same in current.items() if not same] == [CHANGED_AFTER]
    assert all(r["approved_at"].tzinfo is not None and r["approved_at"] > dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
               for r in rows)


def test_the_readme_names_the_late_and_the_changed_province():
    text = readme_text()
    assert "Điện Biên" in text and "late" in text and "signed off" in text
