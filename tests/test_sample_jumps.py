"""analysis.sample_jumps: the invented year-on-year jumps of the 2023-2025 sample returns, kept in the later
years, for the edit checks to find; 2021 and 2022 untouched."""

from __future__ import annotations

from analysis import sample, sample_jumps


def test_sample_jumps_only_from_2023_and_2022_untouched():
    # the planted jumps start in 2023; 2021 and 2022 (the published figures) have none
    assert min(when for when, *_ in sample_jumps.SAMPLE_JUMPS) == 2023
    rows = sample.sample_units(2022)
    assert sample_jumps.with_jumps(rows, range(2021, 2023)) == rows


def _row(province: str, **values) -> dict:
    row = {"province": province, "staff_total": 20, "staff_field": 8, "districts_with_network": 3,
           "district_collaborators": 3, "communes_with_network": 10, "commune_collaborators": 12,
           "collaborator_pay_mvnd": 6.0, "notes": "DỮ LIỆU MẪU"}
    row.update(values)
    return row


def test_a_jump_is_planted_in_its_year_and_kept_after_it():
    rows = [_row("Nghệ An"), _row("Hà Nội")]
    assert sample_jumps.with_jumps(rows, 2023) == rows
    doubled, untouched = sample_jumps.with_jumps(rows, range(2021, 2026))
    assert (doubled["staff_total"], doubled["staff_field"]) == (42, 16) and untouched == rows[1]
    assert doubled["notes"] == "DỮ LIỆU MẪU" + sample_jumps.NOTE_SEPARATOR + "tiếp nhận cán bộ của Trung tâm Xúc tiến thương mại"


def test_an_unconfirmed_jump_leaves_the_notes_as_they_were():
    (row,) = sample_jumps.with_jumps([_row("Thanh Hóa")], 2023)
    assert row["staff_field"] == 18 and row["notes"] == "DỮ LIỆU MẪU"


def test_a_network_that_stops_keeps_blank_district_counts_blank():
    (row,) = sample_jumps.with_jumps([_row("Sơn La", districts_with_network=None, district_collaborators=None)], 2023)
    assert (row["districts_with_network"], row["district_collaborators"]) == (None, None)
    assert (row["communes_with_network"], row["commune_collaborators"], row["collaborator_pay_mvnd"]) == (0, 0, 0.0)


def test_with_jumps_does_not_change_its_input():
    rows = [_row("Bình Thuận")]
    (row,) = sample_jumps.with_jumps(rows, 2024)
    assert row["collaborator_pay_mvnd"] == 30.0 and rows[0]["collaborator_pay_mvnd"] == 6.0
