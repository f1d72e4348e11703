"""The collection's worked example planted in the 2025 sample: a receipts log (one return late) and an
approvals log (returns signed off, one of them invalidated by a file changed after its approval), so
`khuyencong status`, `feedback` and the build have something to show. Figures are not touched."""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
import tempfile
from pathlib import Path

import openpyxl

from analysis import reference
from analysis.collection.approvals import HEADER as APPROVAL_HEADER
from analysis.collection.receipts import HEADER as RECEIPT_HEADER
from analysis.collection.settings import log_names
from analysis.files import atomic_write_bytes, sha256_file
from analysis.form import DATA_SHEET, save_reproducibly

#: The year carrying the worked example.
YEAR = 2025
#: The late return (received after the deadline of collection.yml) and its date.
LATE = ("96", dt.date(2026, 2, 9))
#: Returns signed off (clean ones), and the one whose file changed after it was signed off.
SIGNED_OFF = ("01", "19", "48", "79")
CHANGED_AFTER = "48"
APPROVER = "Nguyễn Văn An (chuyên viên tổng hợp, ví dụ)"
APPROVED_AT = dt.datetime(2026, 2, 12, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=7)))


def _csv(header: list[str], rows: list[list[str]]) -> bytes:

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def _earlier_version_sha(path: Path) -> str:
    """The sha256 of the return as it was when approved: the same workbook before its notes were edited."""
    book = openpyxl.load_workbook(path)
    sheet = book[DATA_SHEET]
    notes = next(c.column for c in sheet[4] if c.value == "Ghi chú")
    sheet.cell(row=5, column=notes, value=f"{sheet.cell(row=5, column=notes).value} (bản trước khi sửa)")
    with tempfile.TemporaryDirectory() as folder:
        earlier = Path(folder) / path.name
        save_reproducibly(book, earlier)
        return sha256_file(earlier)


def write_logs(out: Path, returns: list[Path], seed: int) -> list[Path]:
    """Write receipts.csv and approvals.csv beside the 2025 sample returns; returns their paths."""
    rng = random.Random(seed + 18)
    names = reference.provinces(reference.geo_for_year(YEAR)).set_index("province_code")["province_name"]
    receipts = []
    for path in sorted(returns, key=lambda p: p.name):
        code = path.name[:2]
        received = LATE[1] if code == LATE[0] else dt.date(2026, 1, 5) + dt.timedelta(days=rng.randint(0, 25))
        sender = ("Cục Công Thương địa phương" if code == "00" else f"Sở Công Thương {names[code]}") + " (thư điện tử)"
        receipts.append([path.name, received.isoformat(), sender])
    receipts_name, approvals_name = log_names()
    atomic_write_bytes(out / receipts_name, _csv(RECEIPT_HEADER, receipts))
    by_code = {p.name[:2]: p for p in returns}
    approvals = [[code, by_code[code].name,
                  _earlier_version_sha(by_code[code]) if code == CHANGED_AFTER else sha256_file(by_code[code]),
                  APPROVER, APPROVED_AT.isoformat()] for code in SIGNED_OFF]
    atomic_write_bytes(out / approvals_name, _csv(APPROVAL_HEADER, approvals))
    return [out / receipts_name, out / approvals_name]


def readme_text() -> str:
    """The worked example, as the 2025 README says it."""
    names = reference.provinces(reference.geo_for_year(YEAR)).set_index("province_code")["province_name"]
    signed = ", ".join(names[c] for c in SIGNED_OFF if c != CHANGED_AFTER)
    return f"""
The collection's worked example (issue 18; `khuyencong status --year {YEAR}`):

- `receipts.csv`: the date each file was received and from whom; {names[LATE[0]]}'s return arrived on
  {LATE[1].strftime('%d/%m/%Y')}, after the sample's deadline of 31/01/2026 (`src/analysis/collection/collection.yml`): late.
- `approvals.csv`: {signed} signed off; {names[CHANGED_AFTER]} was signed off on a version of its file
  that has changed since, so every build names it until it is approved again.
- Feedback (`khuyencong feedback --year {YEAR} --out DIR`) for five provinces, each with open checks:
  Điện Biên (its doubled staff, by the year-on-year rule and Hidiroglou-Berthelot), Đồng Tháp, Ninh
  Bình and Tuyên Quang (pay per collaborator of 105,7, 47,9 and 42,1 million VND a year: above the
  plausible maximum and far from the median by the modified z-score) and Thanh Hóa (91 % field staff,
  by the modified z-score).
- Cao Bằng's new network is confirmed in its notes (no feedback); the other provinces are clean.
- No province is missing here (that would change the 2025 figures): remove a file from a copy of this
  folder to see one (`tests/test_collection.py` does).
"""
