"""Reconciliation with the published figures: the comparison rules, half-up rounding, the wording of mismatches."""

from __future__ import annotations

import logging

import pandas as pd
import pytest

from analysis import reconciliation

IPC = "Trung tâm Khuyến công và Tư vấn phát triển công nghiệp {}"

FIGURES = {
    "units_reporting": 4,
    "field_share": 0.404,
    "field_per_unit": 8.19,
    "bands": {"over_30": {"count": 1, "provinces": ["Hà Nội", "Lào Cai"]}},
    "widest_networks": ["Bình Dương", "Quảng Trị", "Hà Nội", "Lào Cai", "Huế", "Bà Rịa - Vũng Tàu"],
    "central_units": [{"name": IPC.format(1), "short_name": "IPC1", "staff_total": 24, "staff_field": 9}],
}


def published(*rows: tuple[str, str, str]) -> pd.DataFrame:
    """A published-figures table of (figure, published, comparison) rows for 2022."""
    return pd.DataFrame([{"year": "2022", "figure": f, "label_vi": f"vi {f}", "label_en": f"en {f}",
                          "published": p, "comparison": c} for f, p, c in rows])


@pytest.mark.parametrize("figure, value, comparison, computed, match", [
    ("units_reporting", "4", "exact", 4, True),
    ("units_reporting", "5", "exact", 4, False),
    ("central.IPC1.staff_total", "24", "exact", 24, True),
    ("central.IPC1.staff_total", "25", "exact", 24, False),
    ("bands.over_30.count", "1", "exact", 1, True),
    ("field_per_unit", "8", "round", 8.19, True),
    ("field_per_unit", "9", "round", 8.19, False),
    ("field_share", "40", "percent", 40.4, True),
    ("field_share", "41", "percent", 40.4, False),
    ("bands.over_30.provinces", "Lào Cai; Hà Nội", "same_set", "Hà Nội; Lào Cai", True),
    ("bands.over_30.provinces", "Hà Nội", "same_set", "Hà Nội; Lào Cai", False),
    ("bands.over_30.provinces", "Hà Nội; Lào Cai; Huế", "same_set", "Hà Nội; Lào Cai", False),
])
def test_reconciliation_comparison_rules(figure, value, comparison, computed, match):
    (row,) = reconciliation.reconcile(FIGURES, published((figure, value, comparison)))
    assert row["computed"] == (computed.split("; ") if comparison == "same_set" else computed)
    assert row["match"] is match
    assert (row["figure"], row["published"], row["comparison"]) == (figure, value, comparison)
    assert (row["label_vi"], row["label_en"]) == (f"vi {figure}", f"en {figure}")


def test_reconciliation_in_top_5_matches_names_among_first_five():
    (row,) = reconciliation.reconcile(FIGURES, published(("widest_networks", "Huế; Bình Dương", "in_top_5")))
    assert row["match"] is True
    assert row["computed"] == ["Bình Dương", "Quảng Trị", "Hà Nội", "Lào Cai", "Huế"]


def test_reconciliation_in_top_5_mismatch_when_a_name_is_sixth():
    # Bà Rịa - Vũng Tàu is sixth
    (row,) = reconciliation.reconcile(FIGURES, published(("widest_networks", "Bình Dương; Bà Rịa - Vũng Tàu",
                                                           "in_top_5")))
    assert row["match"] is False


def test_reconciliation_in_top_3_is_stricter():
    (row,) = reconciliation.reconcile(FIGURES, published(("widest_networks", "Lào Cai", "in_top_3")))
    assert row["match"] is False


def test_reconciliation_unknown_figure_is_a_mismatch():
    (row,) = reconciliation.reconcile(FIGURES, published(("central.IPC9.staff_total", "20", "exact"),))
    assert row["computed"] is None
    assert row["match"] is False


def test_reconciliation_unknown_comparison_raises():
    with pytest.raises(ValueError, match="unknown comparison 'about'"):
        reconciliation.reconcile(FIGURES, published(("units_reporting", "4", "about")))


def test_reconciliation_empty_published_gives_no_rows():
    assert reconciliation.reconcile(FIGURES, reconciliation.published_figures(2022, published_dir="/nonexistent")) == []


def test_published_figures_of_one_year(tmp_path):
    (tmp_path / "figures.csv").write_text(
        "# source: test\nyear,figure,label_vi,label_en,published,comparison\n"
        "2021,units_reporting,a,b,60,exact\n2022,units_reporting,a,b,63,exact\n", encoding="utf-8")
    table = reconciliation.published_figures(2022, tmp_path)
    assert table.to_dict("records") == [{"year": "2022", "figure": "units_reporting", "label_vi": "a",
                                         "label_en": "b", "published": "63", "comparison": "exact"}]


def test_published_figures_empty_without_file(tmp_path):
    assert reconciliation.published_figures(2022, tmp_path).empty


def test_reconciliation_mismatches_one_line_each_and_logged(caplog):
    rows = reconciliation.reconcile(FIGURES, published(
        ("units_reporting", "4", "exact"),
        ("units_reporting", "63", "exact"),
        ("field_share", "45", "percent"),
    ))
    with caplog.at_level(logging.WARNING, logger="analysis.reconciliation"):
        lines = reconciliation.log_mismatches(rows)
    assert lines == ["units_reporting: computed 4 but published 63 (exact)",
                     "field_share: computed 40.4 but published 45 (percent)"]
    warnings = [r for r in caplog.records if r.name == "analysis.reconciliation"]
    assert [r.levelno for r in warnings] == [logging.WARNING, logging.WARNING]
    assert [r.getMessage() for r in warnings] == [f"mismatch with the published figures: {x}" for x in lines]


def test_reconciliation_mismatches_empty_when_all_match(caplog):
    rows = reconciliation.reconcile(FIGURES, published(("units_reporting", "4", "exact")))
    with caplog.at_level(logging.WARNING, logger="analysis.reconciliation"):
        assert reconciliation.log_mismatches(rows) == []
    assert not [r for r in caplog.records if r.name == "analysis.reconciliation"]


@pytest.mark.parametrize("computed, published, match", [
    (8.5, "9", True),     # half-up: 8.5 rounds to 9 as the published figures do (half-even would give 8)
    (8.49, "8", True),
    (9.5, "10", True),
    (7.5, "8", True),     # half-even would give 8 too; 6.5 tells them apart
    (6.5, "7", True),
])
def test_round_rule_rounds_half_up(computed, published, match):
    assert reconciliation.compare(computed, published, "round")[1] is match


def test_percent_rule_rounds_half_up():
    # 0.405 -> 40.5 % -> 41 (half-even would give 40)
    assert reconciliation.compare(0.405, "41", "percent") == (40.5, True)
    assert reconciliation.compare(0.405, "40", "percent")[1] is False


def test_missing_computed_value_never_matches():
    assert reconciliation.compare(None, "4", "exact") == (None, False)


def test_the_article_s_developed_networks_are_read_as_the_report_s_own_class(tmp_path):
    # the transcription in data/raw stays as typed (widest_networks, in_top_5); reconciliation.yml
    # reads it as the report's "phát triển" class, which gives exactly the article's three provinces
    raw = (reconciliation.PUBLISHED_DIR / "figures.csv").read_text(encoding="utf-8")
    assert "widest_networks" in raw and "in_top_5" in raw
    row = reconciliation.published_figures(2022).set_index("label_vi").loc[
        "Địa phương có hệ thống khuyến công viên phát triển"]
    assert (row["figure"], row["comparison"]) == ("developed_networks", "same_set")
    figures = {"developed_networks": ["Bình Dương", "Quảng Trị", "Bà Rịa - Vũng Tàu"],
               "widest_networks": ["Bình Dương", "Quảng Trị", "Bà Rịa - Vũng Tàu", "Trà Vinh", "Đồng Tháp"]}
    (result,) = reconciliation.reconcile(figures, row.to_frame().T.reset_index(names="label_vi"))
    assert result["match"] and result["computed"] == figures["developed_networks"]
    # one more developed province than the article names is a mismatch (the top-5 rule hid that)
    (result,) = reconciliation.reconcile({"developed_networks": figures["widest_networks"]},
                                         row.to_frame().T.reset_index(names="label_vi"))
    assert not result["match"]
    # no reading file, or a figure it does not name: the transcription's own figure and rule
    plain = reconciliation.published_figures(2022, reading_file=_empty(tmp_path))
    assert "developed_networks" not in set(plain["figure"]) and "in_top_5" in set(plain["comparison"])


def _empty(tmp_path):
    path = tmp_path / "reading.yml"
    path.write_text("{}\n", encoding="utf-8")
    return path
