"""The one ranking: competition ranks (ties share the best rank), labels "=52/63"."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis import fmt
from analysis.ranking import competition_ranks, measure_ranks, rank_label, share_ranks


def test_competition_ranks_ties_share_the_best_rank_and_the_next_skips():
    # values 30, 11, 11, 5: 30 is first, the two 11s share 2nd, 5 is 4th (not 3rd)
    values = pd.Series([11, 30, 5, 11], index=["b", "a", "d", "c"])
    ranks = competition_ranks(values)
    assert list(ranks.index) == ["b", "a", "d", "c"]
    assert ranks["rank"].to_dict() == {"a": 1, "b": 2, "c": 2, "d": 4}
    assert ranks["tied"].to_dict() == {"a": False, "b": True, "c": True, "d": False}
    assert ranks["n"].tolist() == [4, 4, 4, 4]
    assert ranks["rank"].dtype.kind == "i" and ranks["n"].dtype.kind == "i" and ranks["tied"].dtype == bool


def test_competition_ranks_ascending_ranks_the_smallest_first():
    # 0.2 < 0.5 = 0.5 < 0.9: ranks 1, 2, 2, 4
    values = pd.Series([0.5, 0.9, 0.2, 0.5], index=["p", "q", "r", "s"])
    assert competition_ranks(values, ascending=True)["rank"].to_dict() == {"p": 2, "q": 4, "r": 1, "s": 2}


def test_competition_ranks_drops_missing_values_and_counts_only_ranked():
    # NaN and NA are not ranked; n counts the three known values: 7 -> 1, 3 -> 2, 1 -> 3
    values = pd.Series([3.0, np.nan, 7.0, None, 1.0], index=list("abcde"))
    ranks = competition_ranks(values)
    assert list(ranks.index) == ["a", "c", "e"]
    assert ranks["rank"].tolist() == [2, 1, 3]
    assert set(ranks["n"]) == {3}
    assert not ranks["tied"].any()
    nullable = pd.Series([2, pd.NA, 2], index=list("xyz"), dtype="Int64")
    assert competition_ranks(nullable).to_dict("index") == {"x": {"rank": 1, "tied": True, "n": 2, "none": False},
                                                           "z": {"rank": 1, "tied": True, "n": 2, "none": False}}


def test_competition_ranks_all_equal_all_first():
    ranks = competition_ranks(pd.Series([11, 11, 11], index=["a", "b", "c"]))
    assert ranks["rank"].tolist() == [1, 1, 1] and ranks["tied"].all()


def test_competition_ranks_empty_input_gives_empty_frame_with_columns():
    ranks = competition_ranks(pd.Series([np.nan, np.nan], index=["a", "b"]))
    assert ranks.empty and list(ranks.columns) == ["rank", "tied", "n", "none"]


def test_competition_ranks_does_not_change_its_input():
    values = pd.Series([1.0, np.nan, 2.0])
    before = values.copy()
    competition_ranks(values)
    pd.testing.assert_series_equal(values, before)


@pytest.mark.parametrize(("rank", "n", "tied", "lang", "expected"), [
    (52, 63, True, "vi", "=52/63"),
    (52, 63, False, "vi", "52/63"),
    (1, 34, False, "vi", "1/34"),
    (52, 63, True, "en", "=52 of 63"),
    (7, 63, False, "en", "7 of 63"),
    (1250, 10035, False, "vi", "1.250/10.035"),     # Vietnamese grouping through fmt.number
    (1250, 10035, True, "en", "=1,250 of 10,035"),
])
def test_rank_label(rank, n, tied, lang, expected):
    assert rank_label(rank, n, tied, lang) == expected


def test_shares_rank_on_the_value_as_displayed():
    # four shares all shown "1,0 %" and one shown "1,1 %" (0.0105 rounds half-up like fmt.percent)
    shares = pd.Series([0.0104, 0.00996, 0.01, 0.0095, 0.0105, np.nan], index=list("abcdef"))
    shown = [fmt.percent(v, "vi") for v in shares.dropna()]
    assert shown == ["1,0\u00a0%", "1,0\u00a0%", "1,0\u00a0%", "1,0\u00a0%", "1,1\u00a0%"]
    ranks = share_ranks(shares)
    assert ranks["rank"].to_dict() == {"a": 2, "b": 2, "c": 2, "d": 2, "e": 1}
    assert ranks["tied"].to_dict() == {"a": True, "b": True, "c": True, "d": True, "e": False}
    assert (ranks["n"] == 5).all()


def test_measure_ranks_rounds_shares_only():
    values = pd.Series([0.0104, 0.0101], index=["a", "b"])
    assert measure_ranks("commune_coverage", values)["rank"].tolist() == [1, 1]
    assert measure_ranks("staff_total", values)["rank"].tolist() == [1, 2]  # counts are not rounded


def test_zero_is_tied_last_not_mid_table():
    # 23 of 34 have none (the 2025 case that showed "=12/34"): they all rank 34, marked none
    values = pd.Series([0.0] * 23 + [float(v) for v in range(1, 12)], index=[f"p{i}" for i in range(34)])
    ranks = competition_ranks(values)
    zeros = ranks[values == 0]
    assert set(zeros["rank"]) == {34} and zeros["tied"].all() and zeros["none"].all()
    others = ranks[values > 0]
    assert sorted(others["rank"]) == list(range(1, 12)) and not others["none"].any()
    assert rank_label(34, 34, True, "vi", none=True) == "chưa có (=34/34)"
    assert rank_label(34, 34, True, "en", none=True) == "none (=34 of 34)"


def test_a_single_zero_is_last_and_not_tied():
    ranks = competition_ranks(pd.Series([5, 0, 3], index=list("abc")))
    assert ranks.loc["b"].to_dict() == {"rank": 3, "tied": False, "n": 3, "none": True}


def test_ascending_ranks_have_no_none():
    ranks = competition_ranks(pd.Series([0, 2, 1], index=list("abc")), ascending=True)
    assert ranks["rank"].tolist() == [1, 3, 2] and not ranks["none"].any()


def test_a_share_shown_as_zero_but_positive_is_not_none():
    # 0,04 % shows "0,0 %" but the province has some: it ranks above those with none, untied with them
    shares = pd.Series([0.0004, 0.0, 0.0, 0.2], index=list("abcd"))
    ranks = share_ranks(shares)
    assert ranks.loc["a"].to_dict() == {"rank": 2, "tied": False, "n": 4, "none": False}
    assert ranks.loc[["b", "c"], "rank"].tolist() == [4, 4] and ranks.loc[["b", "c"], "none"].all()


def test_the_rule_is_one_label_in_both_languages():
    from analysis.ranking import rank_rule
    assert "chưa có" in rank_rule("vi") and "none" in rank_rule("en")


def test_vietnamese_order():
    from analysis.ranking import vietnamese_order
    names = ["Thái Bình", "Đắk Nông", "Cần Thơ", "Cao Bằng", "Bến Tre", "Bắc Ninh", "Bà Rịa - Vũng Tàu",
             "Điện Biên", "Đà Nẵng", "Dak", "Ê", "An Giang", "Ăn", "Hà Nam", "Hà Giang", "Hải Phòng"]
    assert sorted(names, key=vietnamese_order) == [
        "An Giang", "Ăn", "Bà Rịa - Vũng Tàu", "Bắc Ninh", "Bến Tre", "Cao Bằng", "Cần Thơ", "Dak",
        "Đà Nẵng", "Đắk Nông", "Điện Biên", "Ê", "Hà Giang", "Hà Nam", "Hải Phòng", "Thái Bình"]
