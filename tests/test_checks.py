"""Year-on-year edit checks (issue 12 §1): rules from checks.yml, hits with previous and current value."""

from __future__ import annotations

import shutil

import openpyxl
import pandas as pd
import pytest

from analysis import checks, config, dataset, reference
from analysis.quality import message_in, params_of, quality_with_province
from conftest import return_row


def _units(year: int, geo: str, rows: list[dict]) -> pd.DataFrame:
    """Provincial units of one year: rows give province_code and any figures (others blank)."""
    base = {"year": year, "geo": geo, "unit_type": "tỉnh", "staff_total": 20, "staff_field": 8,
            "districts_with_network": 0, "district_collaborators": 0, "communes_with_network": 0,
            "commune_collaborators": 0, "collaborator_pay_mvnd": 0.0, "notes": None,
            "source_file": "r.xlsx", "source_row": 5}
    frame = pd.DataFrame([{**base, **row} for row in rows])
    frame["province_name"] = [reference.province(c, geo).name for c in frame["province_code"]]
    return frame


def _hits(now: list[dict], before: list[dict], year: int = 2023) -> list[tuple]:
    geo = reference.geo_for_year(year)
    previous_geo = reference.geo_for_year(year - 1)
    hits = checks.year_on_year_hits(_units(year, geo, now), _units(year - 1, previous_geo, before), year)
    def plain(value):
        return None if pd.isna(value) else value

    return [(code, check, plain(old), plain(new)) for code, check, old, new in
            zip(hits["province_code"], hits["code"], hits["previous"], hits["current"])]


def test_staff_change_needs_both_half_and_five_people():
    # 10 -> 16: +60 % and +6 people (hit); 4 -> 9: +125 % but 5 people (no hit); 40 -> 59: +19 but 47 % (no hit)
    # (field staff kept in proportion, so the share does not move)
    hits = _hits([{"province_code": "01", "staff_total": 16, "staff_field": 6},
                  {"province_code": "02", "staff_total": 9, "staff_field": 2},
                  {"province_code": "04", "staff_total": 59, "staff_field": 12}],
                 [{"province_code": "01", "staff_total": 10, "staff_field": 4},
                  {"province_code": "02", "staff_total": 4, "staff_field": 1},
                  {"province_code": "04", "staff_total": 40, "staff_field": 8}])
    assert hits == [("01", "check.staff_total_change", 10, 16)]


def test_field_share_moves_more_than_20_points():
    # 8/20 = 40 % -> 13/20 = 65 % (25 points, hit); 8/20 -> 12/20 = 60 % (20 points exactly, no hit)
    hits = _hits([{"province_code": "01", "staff_field": 13}, {"province_code": "02", "staff_field": 12}],
                 [{"province_code": "01"}, {"province_code": "02"}])
    assert hits == [("01", "check.field_share_points", 40, 65)]


def test_network_appears_or_disappears_and_pay_threefold():
    hits = _hits([{"province_code": "01", "communes_with_network": 2, "commune_collaborators": 2,
                   "collaborator_pay_mvnd": 4.0},
                  {"province_code": "02"},
                  {"province_code": "04", "communes_with_network": 2, "commune_collaborators": 4,
                   "collaborator_pay_mvnd": 50.0}],
                 [{"province_code": "01"},
                  {"province_code": "02", "districts_with_network": 1, "district_collaborators": 1},
                  {"province_code": "04", "communes_with_network": 2, "commune_collaborators": 4,
                   "collaborator_pay_mvnd": 16.0}])
    # 04: 16/4 = 4 -> 50/4 = 12.5 million VND per collaborator: 3.1 times (hit)
    # previous and current: districts and communes with collaborators (01: 0 -> 2; 02: 1 district -> none)
    assert hits == [("01", "check.network_appears", 0, 2), ("02", "check.network_disappears", 1, 0),
                    ("04", "check.pay_per_collaborator", 4, 12.5)]


def test_province_after_a_year_with_no_return():
    assert _hits([{"province_code": "01"}, {"province_code": "02"}], [{"province_code": "01"}]) == [
        ("02", "check.returned_after_gap", None, None)]


def test_2025_compared_with_the_sum_of_its_former_provinces_without_districts():
    # Tuyên Quang (08) = Hà Giang (02) + Tuyên Quang (08): 10 + 12 = 22 staff in 2024 -> 30 in 2025: no hit
    # (36 %); the 2024 district network is not compared across July 2025, nor is the pay per collaborator
    before = [{"province_code": "02", "staff_total": 10, "staff_field": 4, "districts_with_network": 3,
               "district_collaborators": 3, "collaborator_pay_mvnd": 3.0},
              {"province_code": "08", "staff_total": 12, "staff_field": 5, "communes_with_network": 1,
               "commune_collaborators": 1, "collaborator_pay_mvnd": 1.0}]
    now = [{"province_code": "08", "staff_total": 30, "staff_field": 12, "communes_with_network": 1,
            "commune_collaborators": 1, "collaborator_pay_mvnd": 40.0}]
    assert _hits(now, before, 2025) == []
    now[0]["staff_total"] = 34  # 22 -> 34: +55 %, +12 people
    assert _hits(now, before, 2025) == [("08", "check.staff_total_change", 22, 34)]


def test_confirmation_in_the_notes_is_kept_with_the_hit():
    assert checks.confirmation("DỮ LIỆU MẪU; xác nhận: tiếp nhận 10 cán bộ") == "tiếp nhận 10 cán bộ"
    assert checks.confirmation("Xac nhan: dung") == "dung"
    assert checks.confirmation("ghi chú khác") is None and checks.confirmation(None) is None


def test_tripled_staff_planted_in_a_2023_return_is_flagged_with_its_2022_value(tmp_path):
    raw = tmp_path / "raw"
    for year in (2022, 2023):
        shutil.copytree(config.RAW_DIR / str(year), raw / str(year))
    path = sorted(p for p in (raw / "2023").glob("*.xlsx") if not p.name.startswith("00-"))[0]
    code = path.name[:2]
    book = openpyxl.load_workbook(path)
    sheet = book["Báo cáo"]
    column = next(c.column for c in sheet[4] if c.value == "Tổng số cán bộ, viên chức, người lao động")
    typed = sheet.cell(row=5, column=column).value
    sheet.cell(row=5, column=column, value=3 * int(str(typed).split()[0]))
    book.save(path)
    out = tmp_path / "processed"
    before = dataset.build_year(2022, raw, out).units
    result = dataset.build_year(2023, raw, out)
    assert result.errors == 0
    staff_2022 = int(before.loc[before["province_code"] == code, "staff_total"].iloc[0])
    flagged = [i for i in result.issues if i.code.startswith("check.") and i.file.endswith(path.name)]
    (hit,) = [i for i in flagged if i.column == "staff_total"]  # (the field share moves too)
    assert (hit.code, hit.row, hit.params["previous"], hit.params["previous_year"]) == (
        "check.staff_total_change", 5, staff_2022, 2022)
    assert hit.params["current"] == 3 * int(str(typed).split()[0])
    quality = quality_with_province(dataset.load_quality(2023, out), result.units)
    row = quality[(quality["severity"] == "check") & quality["file"].str.endswith(path.name)
                  & (quality["column"] == "staff_total")].iloc[0]
    assert (params_of(row["params"])["previous"], row["province"]) == (staff_2022, reference.province(code, "vn63").name)
    assert message_in(row["code"], row["params"], "vi").startswith(f"tổng số cán bộ thay đổi từ {staff_2022} (năm 2022)")


@pytest.mark.parametrize("year", [2023, 2024, 2025])
def test_sample_years_carry_two_or_three_jumps(sample_years, year):
    hits = [i for i in sample_years[year].issues if i.severity == "check" and i.code.startswith("check.")]
    assert 2 <= len(hits) <= 3, [str(i) for i in hits]  # the year-on-year checks (outliers: test_outliers.py)
    assert any(i.params["confirmation"] for i in hits)  # one of them confirmed in its return's notes


def test_a_year_whose_previous_year_is_not_built_has_a_note_and_no_checks(write_csv, raw_dir, tmp_path):
    (raw_dir / "2021").mkdir()  # a 2021 folder in the raw data, not built in the output folder
    write_csv("10-lao-cai.csv", [return_row()])
    result = dataset.build_year(2022, raw_dir, tmp_path / "processed")
    notes = [i for i in result.issues if i.code == "check.no_previous_year"]
    assert len(notes) == 1 and notes[0].severity == "info" and notes[0].params["previous_year"] == 2021
    assert not [i for i in result.issues if i.severity == "check"]
