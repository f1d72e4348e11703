"""Numbers shown the Vietnamese (1.290; 40,0 %) or English (1,290; 40.0%) way, through babel.

One rounding rule for every displayed number: half-up (8.5 -> 9, 0.125 -> 0.13, -8.5 -> -9: halves
away from zero), as the published figures are rounded; ``round_half_up`` is also the rule of the
reconciliation. Babel alone would round half to even (8.5 -> 8). A float is rounded by its shortest
decimal text (``repr``), so 0.125 and 2.675 round up as a reader of those digits expects.
"""

from __future__ import annotations

import math
import sys
from decimal import ROUND_HALF_UP, Decimal
from functools import cache

from babel import Locale
from babel.numbers import parse_pattern

_LOCALES = {"vi": "vi_VN", "en": "en_GB"}
_PERCENT_SIGN = {"vi": "\u00a0%", "en": "%"}


@cache
def _locale(lang: str) -> Locale:
    return Locale.parse(_LOCALES[lang])


@cache
def _pattern(pattern: str):
    return parse_pattern(pattern)


def is_missing(value: object) -> bool:
    """True for None, NaN and pandas' NA and NaT (what a table leaves blank), False for anything else.

    numpy and pandas are not imported here (a command that prints a line need not load them): a value
    can only be one of their types when they are already loaded."""
    if value is None:
        return True
    pd, np = sys.modules.get("pandas"), sys.modules.get("numpy")
    if pd is not None and (value is pd.NA or value is pd.NaT):
        return True
    return isinstance(value, float if np is None else (float, np.floating)) and math.isnan(value)


def round_half_up(value: float, decimals: int = 0) -> Decimal:
    """`value` rounded to `decimals` places, halves away from zero (8.5 -> 9, -8.5 -> -9), as a Decimal.

    The float is read by its shortest decimal text, so 0.125 -> 0.13 (not 0.12 from its binary value).
    """
    exponent = Decimal(1).scaleb(-decimals)
    return Decimal(repr(float(value))).quantize(exponent, rounding=ROUND_HALF_UP)


def number(value: object, lang: str = "vi", decimals: int = 0) -> str:
    """A number rounded half-up to `decimals`, with the language's grouping and decimal marks; "–" when missing."""
    if is_missing(value):
        return "–"
    rounded = round_half_up(float(value), decimals)
    if rounded == 0:
        rounded = abs(rounded)  # no "-0"
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return _pattern(pattern).apply(rounded, _locale(lang))


def points(value: object, lang: str = "vi", decimals: int = 1) -> str:
    """A figure already in percent with the language's sign: 40 -> "40 %" (vi) / "40%" (en), 40.5 ->
    "40,5 %"; a whole number without decimals, else `decimals` of them; "–" when missing."""
    if is_missing(value):
        return "–"
    number_ = float(value)
    return number(number_, lang, 0 if number_.is_integer() else decimals) + _PERCENT_SIGN[lang]


def percent(share: object, lang: str = "vi", decimals: int = 1) -> str:
    """A share (0..1) as a percentage rounded half-up: 0.4 -> "40,0 %" (vi) or "40.0%" (en); "–" when missing."""
    if is_missing(share):
        return "–"
    hundredths = Decimal(repr(float(share))) * 100
    return number(float(hundredths), lang, decimals) + _PERCENT_SIGN[lang]


def day(iso_date: str) -> str:
    """An ISO date ("2022-12-31") as the reports write it in both editions: "31/12/2022"."""
    year, month, dd = str(iso_date).split("-")
    return f"{int(dd):02d}/{int(month):02d}/{year}"
