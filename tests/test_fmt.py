"""Number formats: Vietnamese (1.290; 40,0 %) and English (1,290; 40.0%); "–" for missing values."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis import fmt


def test_number_vietnamese_groups_with_dot():
    assert fmt.number(1290) == "1.290"


def test_number_vietnamese_millions():
    assert fmt.number(10035) == "10.035"
    assert fmt.number(1234567) == "1.234.567"


def test_number_vietnamese_decimal_comma():
    assert fmt.number(8.19, "vi", 1) == "8,2"


def test_number_english_groups_with_comma():
    assert fmt.number(1290, "en") == "1,290"


def test_number_english_decimal_point():
    assert fmt.number(8.19, "en", 1) == "8.2"
    assert fmt.number(1290.5, "en", 2) == "1,290.50"


def test_number_no_decimals_rounds():
    assert fmt.number(8.7) == "9"


def test_percent_vietnamese_comma_and_space():
    assert fmt.percent(0.4) == "40,0\u00a0%"


def test_percent_english():
    assert fmt.percent(0.4, "en") == "40.0%"


def test_percent_whole_percent():
    assert fmt.percent(0.8, "vi", 0) == "80\u00a0%"
    assert fmt.percent(0.175, "en", 1) == "17.5%"


@pytest.mark.parametrize("value", [None, float("nan"), np.nan, pd.NA])
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_number_missing_is_dash(value, lang):
    assert fmt.number(value, lang) == "–"


@pytest.mark.parametrize("value", [None, float("nan"), np.nan, pd.NA])
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_percent_missing_is_dash(value, lang):
    assert fmt.percent(value, lang) == "–"


def test_number_missing_cells_of_a_nullable_column():
    # iterating an Int64/Float64 column yields pd.NA for blanks (e.g. staff of a province with no return)
    assert [fmt.number(v) for v in pd.Series([1290, None], dtype="Float64")] == ["1.290", "–"]


def test_number_zero_is_not_missing():
    assert fmt.number(0) == "0"
    assert fmt.percent(0.0, "en") == "0.0%"


# one rounding rule for every displayed number: half-up, halves away from zero


@pytest.mark.parametrize("value, decimals, vi, en", [
    (8.5, 0, "9", "9"),          # babel alone gives "8" (half to even)
    (9.5, 0, "10", "10"),
    (0.125, 2, "0,13", "0.13"),  # binary 0.125 is exact; half-even would give 0,12
    (2.675, 2, "2,68", "2.68"),  # binary 2.67499999...: rounded by its decimal text
    (-8.5, 0, "-9", "-9"),
    (-0.125, 2, "-0,13", "-0.13"),
    (-0.4, 0, "0", "0"),         # no "-0"
    (1289.5, 0, "1.290", "1,290"),
])
def test_number_rounds_half_up(value, decimals, vi, en):
    assert fmt.number(value, "vi", decimals) == vi
    assert fmt.number(value, "en", decimals) == en


@pytest.mark.parametrize("share, decimals, expected", [
    (0.0125, 1, "1.3%"),   # 1.25 %: half-even would give 1.2
    (0.445, 0, "45%"),     # 44.5 % -> 45
    (0.28915, 2, "28.92%"),
    (-0.0125, 1, "-1.3%"),
])
def test_percent_rounds_half_up(share, decimals, expected):
    assert fmt.percent(share, "en", decimals) == expected


def test_round_half_up_is_the_reconciliation_rule():
    from analysis import reconciliation

    assert reconciliation.round_half_up is fmt.round_half_up  # the one rule, not a copy
    assert fmt.round_half_up(8.5) == 9 and fmt.round_half_up(-8.5) == -9
    assert str(fmt.round_half_up(0.125, 2)) == "0.13" and round(0.125, 2) == 0.12  # half up, not half to even
    assert str(fmt.round_half_up(2.675, 2)) == "2.68"  # read as typed, not as its binary value 2.67499...
