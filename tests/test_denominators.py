"""analysis.denominators: each year's district and commune counts (the coverage rates' denominators),
each with its source, and the sentence that says which counts a report divides by."""

from __future__ import annotations

from analysis import reference


def test_year_unit_counts_are_the_years_own_with_a_source_each():
    from analysis.denominators import unit_counts_basis, year_unit_counts
    totals = {year: (int(year_unit_counts(year)["districts"].sum()), int(year_unit_counts(year)["communes"].sum()))
              for year in (2021, 2022, 2023, 2024)}
    assert totals == {2021: (705, 10599), 2022: (705, 10599), 2023: (705, 10598), 2024: (696, 10051)}
    for year in totals:
        counts = year_unit_counts(year)
        assert len(counts) == 63 and set(counts["province_code"]) == set(reference.provinces("vn63")["province_code"])
        assert (counts["source"].str.len() > 0).all() and set(counts["basis"]) == {"year"}
    assert unit_counts_basis(2022)["as_of"] == "2022-12-31" and unit_counts_basis(2022)["districts"] == 705
    # 2025: the 34-province list in force from 1 July 2025, no district level
    b2025 = unit_counts_basis(2025)
    assert b2025["basis"] == "list" and b2025["districts"] is None and b2025["communes"] == 3321
    # a year without counts of its own: the 2025-01-04 snapshot, said so
    b2020 = unit_counts_basis(2020)
    assert (b2020["basis"], b2020["as_of"], b2020["districts"], b2020["communes"]) == ("snapshot", "2025-01-04", 696, 10035)


def test_year_counts_are_never_below_the_snapshot():
    # the merger of communes only removed units from 2023 to 2025: each year's count is at least the snapshot's
    from analysis.denominators import year_unit_counts
    from analysis.reference import admin_unit_counts
    snapshot = admin_unit_counts("vn63").set_index("province_code")
    for year in (2021, 2022, 2023, 2024):
        counts = year_unit_counts(year).set_index("province_code")
        assert (counts["communes"] >= snapshot["communes"]).all() and (counts["districts"] >= snapshot["districts"]).all()


def test_denominators_note_says_which_counts_in_words():
    from analysis.denominators import denominators_note
    assert denominators_note(2022, "vi") == (
        "Mẫu số của tỷ lệ bao phủ (khi báo cáo của tỉnh không ghi tổng số): số đơn vị hành chính cấp huyện và "
        "cấp xã của từng tỉnh, thành phố có hiệu lực tại ngày 31/12/2022, theo Danh mục đơn vị hành chính Việt "
        "Nam của Tổng cục Thống kê (nay là Cục Thống kê); cả nước có 705 đơn vị cấp huyện, 10.599 đơn vị cấp xã.")
    assert "10,599 communes" in denominators_note(2022, "en")
    assert "11/01/2025" in denominators_note(2024, "vi") and "31/12/2024" in denominators_note(2024, "vi")
    assert "3.321" in denominators_note(2025, "vi") and "district" not in denominators_note(2025, "en").split(";")[0]
    assert "04/01/2025" in denominators_note(2020, "vi") and "not those of the reporting year" in denominators_note(2020, "en")
