"""Numbers shown the Vietnamese (1.290; 40,0 %) or English (1,290; 40.0%) way, through babel."""

from __future__ import annotations

import math
from functools import cache

import numpy as np
import pandas as pd
from babel import Locale
from babel.numbers import parse_pattern

_LOCALES = {"vi": "vi_VN", "en": "en_GB"}
_PERCENT = {"vi": "#,##0{decimals}\u00a0%", "en": "#,##0{decimals}%"}


@cache
def _locale(lang: str) -> Locale:
    return Locale.parse(_LOCALES[lang])


@cache
def _pattern(pattern: str):
    return parse_pattern(pattern)


def _missing(value: object) -> bool:
    """True for None, NaN and pandas' NA (anything else must be a number)."""
    if value is None or value is pd.NA:
        return True
    return isinstance(value, (float, np.floating)) and math.isnan(value)


def number(value: object, lang: str = "vi", decimals: int = 0) -> str:
    """A number with the language's grouping and decimal marks; "–" when missing."""
    if _missing(value):
        return "–"
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return _pattern(pattern).apply(float(value), _locale(lang))


def percent(share: object, lang: str = "vi", decimals: int = 1) -> str:
    """A share (0..1) as a percentage: 0.4 -> "40,0 %" (vi) or "40.0%" (en); "–" when missing."""
    if _missing(share):
        return "–"
    pattern = _PERCENT[lang].format(decimals="." + "0" * decimals if decimals else "")
    return _pattern(pattern).apply(float(share), _locale(lang))
