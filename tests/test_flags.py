"""analysis.flags: the values a report flags as not confirmed by the province (the year-on-year checks left
open), in the tables, the trends of later years and the national trend; confirmed ones are not flagged."""

from __future__ import annotations

import json
import re

import pandas as pd

from analysis import flags, fmt
from analysis import report_inputs as ri


def test_unconfirmed_values_of_earlier_years_stay_flagged_in_the_trends(sample_processed):
    from analysis.present import blocks
    from analysis.present import profile as pp

    # Thanh Hóa's 2023 field staff (a jump of more than 20 points) was never confirmed: the 2025 and
    # 2024 reports still show it in its trend, flagged, and the national trend's 2023 total says so
    for year in (2024, 2025):
        inputs = ri.report_inputs(year, "vi", sample_processed, "38")
        assert {(2023, "staff_field"), (2023, "field_share")} <= inputs.province_trend_unconfirmed
        html = pp.trend_note(inputs.profile, inputs.province_trend, "vi", inputs.province_trend_unconfirmed).data
        share = inputs.province_trend.at[2023, "field_share"]
        assert fmt.percent(share, "vi").startswith("90,9") and fmt.percent(share, "vi") + "\u00a0(*)" in html
        assert "chưa được xác nhận" in html
    national = ri.report_inputs(2025, "vi", sample_processed)
    assert (2023, "field_share") in national.trend_unconfirmed
    html = blocks.trend_table(national.trend, "vi", unconfirmed=national.trend_unconfirmed).data
    assert "Tổng số có bao gồm số liệu" in html
    # Sơn La's 2023 drop was confirmed in its return: not flagged
    son_la = ri.report_inputs(2024, "vi", sample_processed, "14")
    assert not {m for y, m in son_la.province_trend_unconfirmed if y == 2023} & {"communes_with_network"}
    # a province whose checks were all confirmed carries no flag in its trend
    assert not ri.report_inputs(2024, "vi", sample_processed, "40").province_trend_unconfirmed & {(2024, "staff_total")}


def test_unconfirmed_values_are_flagged_and_confirmed_ones_are_not(sample_processed):
    from analysis.present import national as national_blocks
    from analysis.present import profile as pp

    inputs = ri.report_inputs(2025, "vi", sample_processed)
    # Điện Biên 23 -> 48 is not confirmed; Cao Bằng's new network is confirmed in its return
    assert ("Điện Biên", "staff_total") in inputs.unconfirmed
    assert not any(name == "Cao Bằng" for name, _ in inputs.unconfirmed)
    html = national_blocks.assessment_view(inputs.assessment, "vi", inputs.unconfirmed).data
    assert re.search(r"<td[^>]*>48\u00a0\(\*\)</td>", html) and html.count("(*) Số liệu cần địa phương xác nhận") == 1
    profile = ri.report_inputs(2025, "vi", sample_processed, "Điện Biên")
    assert "48\u00a0(*)" in pp.key_figures(profile.profile, "vi", profile.cells, profile.unconfirmed).data


def _checks(*rows: tuple) -> pd.DataFrame:
    """quality.csv rows of (severity, column, params) of province "A" (its name in the province column)."""
    return pd.DataFrame([{"province": "A", "severity": s, "column": c, "params": json.dumps(p)} for s, c, p in rows])


def test_an_open_check_flags_every_measure_computed_from_its_column():
    quality = _checks(("check", "staff_field", {"previous": 5, "current": 12}))
    assert flags.unconfirmed_values(quality) == {("A", "staff_field"), ("A", "field_share")}


def test_a_confirmed_check_and_other_severities_flag_nothing():
    quality = _checks(("check", "staff_total", {"confirmation": "đã tuyển thêm 5 người"}),
                      ("warning", "staff_field", {}), ("info", "communes_total", {}))
    assert flags.unconfirmed_values(quality) == frozenset()
    assert flags.unconfirmed_checks(quality).empty
    blank = _checks(("check", "staff_total", {"confirmation": "  "}))  # a blank confirmation confirms nothing
    assert len(flags.unconfirmed_checks(blank)) == 1


def test_without_a_province_column_the_check_names_its_province():
    quality = _checks(("check", "communes_with_network", {"province": "Sơn La"})).drop(columns="province")
    assert flags.unconfirmed_values(quality) == {("Sơn La", m) for m in
                                                 ("communes_with_network", "commune_coverage", "collaborators_per_commune")}


def test_trend_cells_mark_the_years_and_measures_of_the_provinces_a_row_sums():
    by_year = {2023: frozenset({("Hà Giang", "staff_total"), ("Hà Giang", "collaborator_pay_mvnd")}),
               2024: frozenset({("Tuyên Quang", "field_share")})}
    # the national trend sums every province; measures the trend does not show are left out
    assert flags.trend_cells(by_year) == {(2023, "staff_total"), (2024, "field_share")}
    # a 2025 province's trend sums its former provinces
    assert flags.trend_cells(by_year, {2023: {"Hà Giang", "Tuyên Quang"}, 2024: {"Hà Giang"}}) == {(2023, "staff_total")}
    assert flags.trend_cells(by_year, {}) == frozenset()
