"""analysis.numbers: numbers as people type them (units, both separators, blanks), whole numbers, and the
text a message shows for a value."""

from __future__ import annotations

import pytest

from analysis import numbers


@pytest.mark.parametrize("value, expected", [
    ("12", 12.0),
    (" 12 ", 12.0),
    ("12 người", 12.0),
    ("12 nguoi", 12.0),
    ("1.250,5", 1250.5),   # Vietnamese: dot for thousands, comma for decimals
    ("1,250.5", 1250.5),   # English
    ("1.250", 1250.0),     # one dot between groups of three: thousands
    ("2,5", 2.5),          # one comma: Vietnamese decimal
    ("12.5", 12.5),        # not a group of three: decimal
    (12, 12.0),
    (12.0, 12.0),
    (0, 0.0),
    ("1,250", 1.25),             # one comma: the Vietnamese reading (a decimal comma), not 1250
    ("1,250,000", 1250000.0),    # commas between several groups of three: thousands
    ("1.250.000", 1250000.0),
    ("12\u00a0người", 12.0),      # a no-break space, as spreadsheets paste it
    ("1 250", 1250.0),           # a space between groups
    ("+5", 5.0),
    ("-3", -3.0),                # negative figures are parsed here, refused by the checks of their column
    ("7 tr", 7.0),               # "triệu" shortened
    ("30 CB", 30.0),
])
def test_parse_number_reads_typed_numbers(value, expected):
    assert numbers.parse_number(value) == expected


@pytest.mark.parametrize("value", ["", "-", "  ", None, float("nan"), "x", "X", "—", "không có số liệu"])
def test_parse_number_blank_is_none(value):
    assert numbers.parse_number(value) is None


@pytest.mark.parametrize("value", ["mười hai", "12abc", "1.2.3", "abc", "1,2,3.4,5", True])
def test_parse_number_rejects_text(value):
    with pytest.raises(numbers.NumberError, match="is not a number"):
        numbers.parse_number(value)


def test_parse_whole_number_returns_int():
    assert numbers.parse_whole_number("30 người") == 30
    assert isinstance(numbers.parse_whole_number(30.0), int)


def test_parse_whole_number_blank_is_none():
    assert numbers.parse_whole_number("-") is None


@pytest.mark.parametrize("value", ["2,5", 2.5])
def test_parse_whole_number_rejects_fractions(value):
    with pytest.raises(numbers.NumberError, match="'2.5' is not a whole number|'2,5' is not a whole number"):
        numbers.parse_whole_number(value)


@pytest.mark.parametrize("value", ["9" * 400, float("inf"), 10**400])
def test_parse_number_refuses_numbers_that_are_not_finite(value):
    with pytest.raises(numbers.NumberError) as info:
        numbers.parse_number(value)
    assert info.value.code == "number.not_finite"


def test_parse_number_refuses_a_unit_word_it_does_not_know():
    with pytest.raises(numbers.NumberError, match="'12 kg' is not a number") as info:
        numbers.parse_number("12 kg")
    assert info.value.code == "number.invalid"


def test_parse_whole_number_says_why_in_its_code():
    with pytest.raises(numbers.NumberError) as info:
        numbers.parse_whole_number("2,5")
    assert info.value.code == "number.not_whole"


@pytest.mark.parametrize("value, shown", [(30.0, "30"), (2.5, "2.5"), ("  12 người ", "12 người"), (None, ""), (7, "7")])
def test_shown_text_quotes_a_value_as_the_clerk_typed_it(value, shown):
    assert numbers.shown_text(value) == shown
