"""The annual collection (issue 18): receipts, status, feedback workbooks, pre-filled forms, sign-off.

The "done when" scenario runs on a copy of the 2025 sample: one province's file removed, one late
receipt, an error planted in another province, Đồng Tháp's pay as it is."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from analysis import cli, config, dataset, form
from analysis.collection import approvals, receipts
from analysis.collection.settings import settings

MISSING, ERROR, LATE = "15", "42", "08"  # Lào Cai removed; Hà Tĩnh gets an error; Tuyên Quang late


@pytest.fixture(scope="module")
def clean_build(sample_processed) -> Path:
    """The shipped samples as built once for the whole run (conftest.sample_years): the processed folder (read only)."""
    return sample_processed


@pytest.fixture(scope="module")
def collection(tmp_path_factory, clean_build) -> Path:
    """tmp/raw/{2024,2025} copied from the sample, 2024 built into tmp/processed; in 2025 Lào Cai's file is
    removed, Hà Tĩnh's field staff made larger than its staff (an error) and Tuyên Quang's receipt late."""
    root = tmp_path_factory.mktemp("collection")
    for year in (2024, 2025):
        shutil.copytree(config.RAW_DIR / str(year), root / "raw" / str(year))
    shutil.copytree(clean_build / "2024", root / "processed" / "2024")
    year_dir = root / "raw" / "2025"
    for path in year_dir.glob(f"{MISSING}-*"):
        path.unlink()
    path = next(year_dir.glob(f"{ERROR}-*.xlsx"))
    book = openpyxl.load_workbook(path)
    sheet = book[form.DATA_SHEET]
    sheet["F5"] = 999  # staff_field (column F) more than staff_total
    book.save(path)
    rows = [r for r in receipts.read_receipts(year_dir) if not r["file"].startswith(MISSING)]
    late = next(year_dir.glob(f"{LATE}-*")).name
    lines = ["file,received,sender"] + [f"{r['file']},{'2026-02-20' if r['file'] == late else r['received']},"
                                        f"{r['sender']}" for r in rows]
    (year_dir / "receipts.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def _args(root: Path) -> list[str]:
    return ["--raw", str(root / "raw"), "--processed", str(root / "processed")]


def test_status_names_the_missing_the_late_and_the_error_with_the_reporting_rate(collection, capsys):
    code, out, _err = _run(capsys, "status", "--year", "2025", *_args(collection))
    assert code == 0
    lines = out.splitlines()
    assert any(line.startswith("15 Lào Cai · no return") for line in lines)
    assert any(line.startswith("08 Tuyên Quang") and "received 2026-02-20" in line and " · late · " in line
               for line in lines)
    (ha_tinh,) = [line for line in lines if line.startswith("42 Hà Tĩnh")]
    assert "1 error(s)" in ha_tinh
    assert any("42-ha-tinh.xlsx:5: error: staff_field: 999 is more than staff_total" in line for line in lines)
    assert "Reporting rate: 33/34 (97.1%)" in out and "Missing (1): Lào Cai" in out
    code, out, _err = _run(capsys, "status", "--year", "2025", "--lang", "vi", *_args(collection))
    assert "Tỷ lệ báo cáo: 33/34 (97,1\xa0%)" in out and "trễ hạn" in out


def test_feedback_marks_the_cell_trace_names_and_the_corrected_file_builds(collection, clean_build, capsys, tmp_path):
    out_dir = tmp_path / "feedback"
    code, out, _err = _run(capsys, "feedback", "--year", "2025", "--out", str(out_dir), *_args(collection))
    assert code == 0
    names = sorted(p.name for p in out_dir.iterdir())
    assert "42-ha-tinh-phan-hoi-2025.xlsx" in names and "15-lao-cai-phan-hoi-2025.xlsx" in names
    assert "82-dong-thap-phan-hoi-2025.xlsx" in names  # its pay per collaborator is an open check
    book = openpyxl.load_workbook(out_dir / "42-ha-tinh-phan-hoi-2025.xlsx")
    assert book.sheetnames[0] == settings()["feedback"]["sheet"]
    listed = [[c.value for c in row] for row in book.worksheets[0].iter_rows()]
    assert any(row[:2] == [form.DATA_SHEET, "F5"] and "lớn hơn" in str(row[4]) for row in listed)
    # the cell `khuyencong trace` names for Hà Tĩnh's field staff (the clean sample build) is F5
    code, out, _err = _run(capsys, "trace", "staff_field", "--year", "2025", "--province", "42",
                           "--processed", str(clean_build))
    assert f"sheet '{form.DATA_SHEET}' · cell F5" in out
    cell = book[form.DATA_SHEET]["F5"]
    assert cell.comment is not None and "lớn hơn" in cell.comment.text and "Cần làm" in cell.comment.text
    assert cell.fill.fgColor.rgb.endswith(settings()["feedback"]["fill"])
    # the clerk corrects the cell in the feedback workbook and sends it back: it builds without edits
    raw = tmp_path / "raw" / "2025"
    shutil.copytree(collection / "raw" / "2025", raw)
    (raw / "42-ha-tinh.xlsx").unlink()
    book[form.DATA_SHEET]["F5"] = 5
    book.save(raw / "42-ha-tinh-phan-hoi-2025.xlsx")
    result = dataset.process_year(2025, tmp_path / "raw")
    assert result.errors == 0, [str(i) for i in result.issues if i.severity == "error"]
    unit = result.units[result.units["province_code"] == "42"].iloc[0]
    assert unit["staff_field"] == 5 and unit["source_row"] == 5
    assert not [i for i in result.issues if i.file.endswith("phan-hoi-2025.xlsx") and i.severity == "warning"]


def test_missing_province_gets_a_reminder_with_the_empty_form(collection, tmp_path, capsys):
    _run(capsys, "feedback", "--year", "2025", "--out", str(tmp_path), *_args(collection))
    book = openpyxl.load_workbook(tmp_path / "15-lao-cai-phan-hoi-2025.xlsx")
    assert "chưa nhận được báo cáo năm 2025" in str(book.worksheets[0]["A2"].value)
    assert form.DATA_SHEET in book.sheetnames


def test_clean_province_gets_no_feedback_and_the_status_says_so(collection, capsys, tmp_path):
    _run(capsys, "feedback", "--year", "2025", "--out", str(tmp_path), *_args(collection))
    code, out, _err = _run(capsys, "status", "--year", "2025", *_args(collection))
    clean = [line for line in out.splitlines() if line.endswith("clean, no feedback")]
    assert clean
    written = {p.name[:2] for p in tmp_path.iterdir()}
    assert not {line[:2] for line in clean} & written


def test_approve_then_a_changed_file_is_named_at_the_next_build(clean_build, tmp_path, capsys):
    raw = tmp_path / "raw"
    shutil.copytree(config.RAW_DIR / "2025", raw / "2025")
    shutil.copytree(clean_build / "2024", tmp_path / "processed" / "2024")
    args = ["--raw", str(raw), "--processed", str(tmp_path / "processed")]
    code, out, _err = _run(capsys, "approve", "--year", "2025", "--province", "Hà Nội", "--by", "Nguyễn An", *args)
    assert code == 0 and "Nguyễn An" in out
    row = [r for r in approvals.read_approvals(raw / "2025", 2025) if r["province_code"] == "01"][-1]  # the latest
    assert row["sha256"] == approvals.current_files(raw / "2025", ["01-ha-noi.xlsx"])["01-ha-noi.xlsx"]
    result = dataset.build_year(2025, raw, tmp_path / "processed")
    assert not [i for i in result.issues if i.code == "approval.changed" and "Hà Nội" in i.message]
    path = raw / "2025" / "01-ha-noi.xlsx"
    book = openpyxl.load_workbook(path)
    book[form.DATA_SHEET]["N5"] = "đã sửa sau khi duyệt"
    book.save(path)
    code = cli.main(["build", "--year", "2025", "--raw", str(raw), "--out", str(tmp_path / "processed")])
    err = capsys.readouterr().err
    assert code == 0
    assert "01-ha-noi.xlsx: warning: the return of Hà Nội changed after it was signed off by Nguyễn An" in err
    table = pd.read_csv(tmp_path / "processed" / "2025" / "status.csv", dtype=str, keep_default_na=False)
    assert table.set_index("province_code").loc["01", "approval"] == "changed"
    code, out, _err = _run(capsys, "status", "--year", "2025", *args)
    assert "changed since signed off by Nguyễn An" in out


def test_approve_refuses_a_return_with_errors(collection, capsys):
    code, _out, err = _run(capsys, "approve", "--year", "2025", "--province", ERROR, "--by", "An", *_args(collection))
    assert code == 1 and "error(s)" in err


def test_nonsense_approval_log_gets_one_clear_line_per_bad_row(tmp_path, capsys):
    year_dir = tmp_path / "raw" / "2025"
    shutil.copytree(config.RAW_DIR / "2025", year_dir)
    (year_dir / "approvals.csv").write_text("province_code,file,sha256,approved_by,approved_at\n"
                                            "99,01-ha-noi.xlsx,abc,An,yesterday\n", encoding="utf-8")
    code = cli.main(["build", "--year", "2025", "--raw", str(tmp_path / "raw"), "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 1 and "Traceback" not in err
    assert "approvals.csv:2: error: sha256: 'abc' is not a sha256" in err
    assert "approvals.csv:2: error: approved_at: 'yesterday' is not a date and time" in err
    (year_dir / "approvals.csv").write_text("who,when\nAn,now\n", encoding="utf-8")
    code, _out, err = _run(capsys, "status", "--year", "2025", "--raw", str(tmp_path / "raw"))
    assert code == 1 and len(err.strip().splitlines()) == 1 and "not the log's header" in err


def test_receive_copies_the_file_and_appends_a_receipt(tmp_path, capsys):
    inbox = tmp_path / "inbox" / "12-lai-chau.xlsx"
    inbox.parent.mkdir()
    shutil.copy(config.RAW_DIR / "2025" / "12-lai-chau.xlsx", inbox)
    raw = tmp_path / "raw"
    code, out, _err = _run(capsys, "receive", str(inbox), "--year", "2025", "--date", "2026-02-02",
                           "--from", "sct@laichau", "--raw", str(raw))
    assert code == 0 and "late" in out
    assert (raw / "2025" / "12-lai-chau.xlsx").read_bytes() == inbox.read_bytes()
    assert receipts.read_receipts(raw / "2025") == [{"line": 2, "file": "12-lai-chau.xlsx",
                                                     "received": dt.date(2026, 2, 2), "sender": "sct@laichau"}]
    inbox.write_bytes(b"other")
    code, _out, err = _run(capsys, "receive", str(inbox), "--year", "2025", "--raw", str(raw))
    assert code == 2 and "--replace" in err


def test_prefilled_2026_form_for_quang_tri_shows_its_2025_figures(clean_build, tmp_path, capsys):
    processed = clean_build
    out = tmp_path / "quang-tri-2026.xlsx"
    code, _out, _err = _run(capsys, "template", "--year", "2026", "--province", "Quảng Trị", "--prefill-from", "2025",
                            "--processed", str(processed), "--out", str(out))
    assert code == 0
    units = dataset.load_units(2025, processed)
    before = units[units["province_code"] == "44"].iloc[0]
    sheet = openpyxl.load_workbook(out)[form.DATA_SHEET]
    header = {c.value: c.column for c in sheet[form.HEADER_ROW + 1] if c.value}
    staff = header["Tổng số cán bộ, viên chức, người lao động"]
    assert sheet.cell(form.HEADER_ROW, staff).value == int(before["staff_total"])
    assert sheet.cell(form.HEADER_ROW, header["Năm"]).value == 2025
    assert sheet.cell(form.HEADER_ROW + 2, header["Tỉnh/thành phố"]).value == "Quảng Trị"
    assert sheet.cell(form.HEADER_ROW + 2, staff).value is None
    # filled in, it builds like any other form (the reference row above the header is not read)
    sheet.cell(form.HEADER_ROW + 2, staff, 12)
    sheet.cell(form.HEADER_ROW + 2, header["Số cán bộ trực tiếp làm khuyến công tại cơ sở"], 5)
    book = sheet.parent
    (tmp_path / "raw" / "2026").mkdir(parents=True)
    book.save(tmp_path / "raw" / "2026" / "44-quang-tri.xlsx")
    result = dataset.process_year(2026, tmp_path / "raw")
    assert result.errors == 0, [str(i) for i in result.issues if i.severity == "error"]
    (unit,) = result.units.to_dict("records")
    assert (unit["province_code"], unit["staff_total"], unit["staff_field"]) == ("44", 12, 5)


def test_prefilled_2025_form_sums_the_merged_provinces_of_2024(clean_build):
    processed = clean_build
    units = dataset.load_units(2024, processed)
    row = form.previous_figures(units, 2025, "44")  # Quảng Trị = Quảng Bình (44) + Quảng Trị (45) of 2024
    both = units[units["province_code"].isin(["44", "45"]) & (units["unit_type"] == "tỉnh")]
    assert row["staff_total"] == int(both["staff_total"].sum()) and "Quảng Bình" in row["notes"]
    assert row["communes_total"] is None  # communes were redrawn in July 2025


def test_sample_readme_names_the_provinces_that_get_feedback(collection, tmp_path, capsys):
    from analysis import reference

    code, _out, _err = _run(capsys, "feedback", "--year", "2025", "--out", str(tmp_path), "--raw", str(config.RAW_DIR),
                            "--processed", str(collection / "processed"))
    assert code == 0
    names = reference.provinces("vn34").set_index("province_code")["province_name"]
    written = sorted(names[p.name[:2]] for p in tmp_path.iterdir())
    readme = (config.RAW_DIR / "2025" / "README.md").read_text(encoding="utf-8")
    section = " ".join(readme[readme.index("- Feedback"):readme.index("- Cao Bằng's")].split())
    assert set(written) == {n for n in names if n in section}, written
    assert f"for {len(written)} provinces" in section.replace("five", "5")
