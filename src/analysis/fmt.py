"""Numbers shown the Vietnamese (1.290; 40,0 %) or English (1,290; 40.0%) way, through babel."""

from __future__ import annotations

import math

from babel.numbers import format_decimal, format_percent

_LOCALES = {"vi": "vi_VN", "en": "en_GB"}
_PERCENT = {"vi": "#,##0{decimals}\u00a0%", "en": "#,##0{decimals}%"}


def _missing(value: object) -> bool:
    try:
        return value is None or math.isnan(float(value))
    except (TypeError, ValueError):
        return value is None


def number(value: object, lang: str = "vi", decimals: int = 0) -> str:
    """A number with the language's grouping and decimal marks; "–" when missing."""
    if _missing(value):
        return "–"
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(float(value), format=pattern, locale=_LOCALES[lang])


def percent(share: object, lang: str = "vi", decimals: int = 1) -> str:
    """A share (0..1) as a percentage: 0.4 -> "40,0 %" (vi) or "40.0%" (en); "–" when missing."""
    if _missing(share):
        return "–"
    pattern = _PERCENT[lang].format(decimals="." + "0" * decimals if decimals else "")
    return format_percent(float(share), format=pattern, locale=_LOCALES[lang])
