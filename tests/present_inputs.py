"""Hand-typed inputs of the report blocks (analysis.present), shared by the test_present_* files: a
hostile text and the check that it shows as text, a province profile, a cells table."""

from __future__ import annotations

import pandas as pd

EVIL = '<script>alert(1)</script>"onmouseover=alert(2)'


def assert_escaped(html: str) -> None:
    """The hostile text shows as text: no raw tag or attribute break-out, its escaped form present."""
    assert "<script>" not in html
    assert '"onmouseover=' not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&#34;onmouseover=alert(2)" in html


def returned_profile(**values) -> dict:
    """A province profile as key_figures.province_indicators returns it, typed by hand."""
    figure = {"value": 30.0, "rank": 2, "tied": False, "n": 4, "national_median": 22.5, "regional_median": 17.5}
    profile = {
        "year": 2022, "geo": "vn63", "province_code": "77", "province_name": "Bà Rịa - Vũng Tàu",
        "region": "Đông Nam Bộ", "province_type": "tỉnh", "returned": True,
        "merged_into_2025": "TP Hồ Chí Minh", "unit_name": "Trung tâm Khuyến công Bà Rịa - Vũng Tàu",
        "figures": {"staff_total": figure}, "staff_total": 30, "staff_field": 12, "field_share": 0.4,
        "districts_with_network": 3, "district_coverage": 0.375, "communes_with_network": 15,
        "commune_coverage": 0.1, "collaborators": 18, "collaborator_pay_mvnd": 9.0,
        "pay_per_collaborator_mvnd": 0.5, "staffing": "adequate", "network": "partial", "low_pay": True,
        "notes": None, "source_file": "data/raw/2022/77-ba-ria-vung-tau.xlsx", "source_row": 5,
        "network_rank": 2, "network_rank_tied": False, "network_ranked": 4,
    }
    profile.update(values)
    return profile


def cells_of(*rows: tuple) -> pd.DataFrame:
    """A cells table (cells.parquet) of (column, sheet, cell, typed, value) rows of province 77's return."""
    return pd.DataFrame([{"province_code": "77", "unit_name": "u", "column": c, "source_file":
                          "data/raw/2022/77-ba-ria-vung-tau.xlsx", "source_row": 5, "sheet": s, "cell": a,
                          "col": 6, "typed": ty, "value": v} for c, s, a, ty, v in rows])
