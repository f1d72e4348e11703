"""The one ranking of provinces used by tables, sentences and charts (competition ranking).

Ties share the best rank and the next rank skips ("1, 2, 2, 4": pandas' rank method "min"), so a
province's rank is the same wherever a report shows it. A tied rank is shown with a leading "="
("=52/63"), as league tables do.

Zero is last: where the largest value ranks first, a province with none (value 0) is not given the
rank after the last province with some (which reads as mid-table when many have none) but the last
rank, tied with every other province with none, and is shown "chưa có (=63/63)" / "none (=63 of
63)". The rule is stated once, by the label "rank_rule" (``rank_rule``).

Shares (0..1) are ranked on the value as displayed: rounded half-up, like analysis.fmt.percent, to
0.1 % (SHARE_DECIMALS = 3 decimals of the share) before ranking (``share_ranks``), so two provinces
shown with the same percentage share a rank. ``measure_ranks`` picks the rule by the measure's name;
every table, sentence and chart ranks through it (or ``share_ranks`` for a share without a name).
"""

from __future__ import annotations

import unicodedata

import pandas as pd

from analysis import fmt
from analysis.labels import t


def competition_ranks(values: pd.Series, ascending: bool = False, none: pd.Series | None = None) -> pd.DataFrame:
    """Competition rank of each value: a frame with columns rank, tied, n, in the order of `values`.

    Parameters
    ----------
    values
        One number per item (e.g. staff per province, index province_code). NaN (and pandas' NA)
        values are not ranked and their rows are dropped.
    ascending
        False (default): the largest value gets rank 1; True: the smallest gets rank 1.
    none
        Which items have none of the measure (bool, index of `values`); default: the value is 0.
        Ignored when ascending.

    Returns
    -------
    DataFrame with the index of `values` minus its missing values, and columns
    ``rank`` (int, 1 = first; ties share the best rank, the next rank skips: 1, 2, 2, 4),
    ``tied`` (bool, True when another ranked item has the same value) and
    ``n`` (int, the number of items ranked, the same on every row) and
    ``none`` (bool, True for a value of 0 when the largest ranks first: such an item has rank n,
    shared by every item with none, whatever the others' ranks; never True when ascending).
    Empty input (or all NaN) gives an empty frame with those columns. The input is not changed.
    """
    known = pd.to_numeric(values, errors="coerce").astype(float).dropna()
    rank = known.rank(ascending=ascending, method="min")
    none = (known == 0) if none is None else none.reindex(known.index).fillna(False).astype(bool)
    none = none & (not ascending)
    rank = rank.mask(none, len(known))
    return pd.DataFrame(
        {
            "rank": rank.astype(int),
            "tied": pd.DataFrame({"v": known, "none": none}).duplicated(keep=False).astype(bool),
            "n": pd.Series(len(known), index=known.index, dtype=int),
            "none": none.astype(bool),
        },
        index=known.index,
    )


#: Shares rank on their displayed value: 0.1 % = 3 decimals of a share (0..1).
SHARE_DECIMALS = 3
#: The measures that are shares (0..1), shown as percentages with one decimal.
SHARE_MEASURES = frozenset({"field_share", "district_coverage", "commune_coverage"})


def shown_share(values: pd.Series) -> pd.Series:
    """Shares (0..1) rounded half-up to SHARE_DECIMALS, as fmt.percent shows them (float; NaN/NA stay NaN)."""
    numbers = pd.to_numeric(values, errors="coerce").astype(float)
    return numbers.map(lambda v: v if pd.isna(v) else float(fmt.round_half_up(v, SHARE_DECIMALS)))


def share_ranks(values: pd.Series, ascending: bool = False) -> pd.DataFrame:
    """competition_ranks of shares (0..1) on their displayed value (shown_share): 1,04 % and 1,0 % tie.

    Only a share that is exactly 0 counts as none (tied last); 0,04 % shows "0,0 %" but is not none.
    """
    none = pd.to_numeric(values, errors="coerce").astype(float) == 0
    return competition_ranks(shown_share(values), ascending, none)


def measure_ranks(measure: str, values: pd.Series, ascending: bool = False) -> pd.DataFrame:
    """The ranks of one measure: share_ranks for a share (SHARE_MEASURES), else competition_ranks."""
    return (share_ranks if measure in SHARE_MEASURES else competition_ranks)(values, ascending)


#: The Vietnamese alphabet's letter order; tone marks only break ties (a < à < á < ả < ã < ạ).
_ALPHABET = "a ă â b c d đ e ê f g h i j k l m n o ô ơ p q r s t u ư v w x y z".split()
_VOWEL_MARKS = {"\u0306": "ă", "\u0302": "^", "\u031b": "horn"}  # breve, circumflex, horn
_TONES = "\u0300\u0301\u0309\u0303\u0323"  # huyền, sắc, hỏi, ngã, nặng


def vietnamese_order(name: object) -> tuple:
    """A sort key giving Vietnamese alphabetical order: "Bắc Ninh" < "Bến Tre", "Cao Bằng" < "Cần Thơ",
    "Đắk Nông" after every "D…" and before "E…"; letters first, tones only between equal letters."""
    letters, tones = [], []
    for char in unicodedata.normalize("NFD", str(name).lower()):
        if char in _TONES:
            tones[-1:] = [_TONES.index(char) + 1] if tones else []
        elif char in _VOWEL_MARKS and letters:
            base = letters.pop()
            mark = {"a\u0306": "ă", "a\u0302": "â", "e\u0302": "ê", "o\u0302": "ô", "o\u031b": "ơ",
                    "u\u031b": "ư"}.get(_ALPHABET[base] + char)
            letters.append(_ALPHABET.index(mark) if mark else base)
        elif char in _ALPHABET:
            letters.append(_ALPHABET.index(char))
            tones.append(0)
        elif char.isalnum():
            letters.append(100 + ord(char))
            tones.append(0)
        elif char.isspace() and letters and letters[-1] != -1:  # a word ends: "Hà Nam" before "Hải Phòng"
            letters.append(-1)
            tones.append(0)
    return tuple(letters), tuple(tones)


def sorted_by_rank(frame: pd.DataFrame, names: str = "province_name") -> pd.DataFrame:
    """`frame` (with a rank column) in the one order of every table and chart: rank, then name in
    Vietnamese alphabetical order (vietnamese_order: "Đắk Nông" after the D, not after "Thái Bình").
    Tied provinces thus stand in the same order in a table and its chart."""
    keys = [(rank, vietnamese_order(name)) for rank, name in zip(frame["rank"], frame[names])]
    positions = sorted(range(len(frame)), key=keys.__getitem__)  # sorted() is stable
    return frame.iloc[positions]


def display_order(measure: str, values: pd.Series, names: pd.Series, ascending: bool = False) -> pd.Index:
    """The index of `values` (missing values dropped) in table order: measure_ranks (the displayed
    value; none last), then name as sorted_by_rank. A chart drawn bottom-up reverses it."""
    ranks = measure_ranks(measure, values, ascending)
    return sorted_by_rank(ranks.assign(province_name=names.reindex(ranks.index))).index


def rank_label(rank: int, n: int, tied: bool, lang: str = "vi", none: bool = False) -> str:
    """The rank as shown in reports: "52/63" (vi) or "52 of 63" (en); "=52/63" when tied.

    With `none` (the province has none of the measure, ranked last: competition_ranks' column
    none) the label says so: "chưa có (=63/63)" / "none (=63 of 63)" (label "rank_none").
    Numbers are formatted with analysis.fmt.number in the report language; the pattern comes from
    the translation table (label "of_n").
    """
    shown = ("=" if tied else "") + fmt.number(rank, lang)
    label = t("of_n", lang, rank=shown, n=fmt.number(n, lang))
    return t("rank_none", lang, rank=label) if none else label


def rank_rule(lang: str = "vi", n: int = 63) -> str:
    """The ranking rule in words (ties share the best rank; none is tied last), to state once in a
    report; the example is a tied rank among the report's `n` provinces."""
    return t("rank_rule", lang, example=rank_label(5, n, True, lang))
