"""Numbers as people type them in a return: "12", "12 người", "1.250,5" (Vietnamese), "1,250.5"."""

from __future__ import annotations

import math
import re
import unicodedata

from analysis import reference

#: Words people write after a figure ("12 người"); accepted and ignored. Compared without diacritics.
UNIT_WORDS = ("nguoi", "ng", "canbo", "cb", "huyen", "xa", "ctv", "congtacvien", "trieu", "tr",
              "trd", "trieudong", "donvi", "dv")
MISSING_MARKS = ("", "-", "–", "—", "x", "không có số liệu")

class NumberError(ValueError):
    """A cell that is not a number (or not a whole number where one is needed); `code` says which."""

    def __init__(self, message: str, code: str = "number.invalid"):
        super().__init__(message)
        self.code = code


def parse_number(value: object) -> float | None:
    """The number a cell holds, or None for blank and "-".

    Accepts numbers, and text such as "12", " 12 ", "12 người", "1.250,5" (Vietnamese: dot for
    thousands, comma for decimals), "1,250.5" (English). With one kind of separator the Vietnamese
    reading wins: "1.250" is 1250 and "2,5" is 2.5; "12.5" (not groups of three) is 12.5.
    Raises NumberError for any other text, and for a number that is not finite (400 nines).
    """
    if value is None:
        return None
    if isinstance(value, bool):
        raise NumberError(f"{value!r} is not a number")
    if isinstance(value, (int, float)):
        if isinstance(value, float) and math.isnan(value):
            return None
        number = float(value) if not isinstance(value, int) or abs(value) < 10**300 else math.inf
        if not math.isfinite(number):
            raise NumberError(f"{shown_text(value)!r} is not a finite number", "number.not_finite")
        return number
    text = unicodedata.normalize("NFC", str(value)).strip().replace("\u00a0", " ")
    if text.lower() in MISSING_MARKS:
        return None
    match = re.fullmatch(r"([+-]?[\d][\d.,\s]*)\s*([^\d]*)", text)
    if not match:
        raise NumberError(f"{text!r} is not a number")
    digits, suffix = match.group(1).strip().replace(" ", ""), reference.name_key(match.group(2))
    if suffix and suffix not in UNIT_WORDS:
        raise NumberError(f"{text!r} is not a number")
    if "." in digits and "," in digits:
        decimal = "." if digits.rfind(".") > digits.rfind(",") else ","
        thousands = "," if decimal == "." else "."
        head, _, tail = digits.rpartition(decimal)
        if thousands in tail or not re.fullmatch(rf"\d{{1,3}}(\{thousands}\d{{3}})*", head):
            raise NumberError(f"{text!r} is not a number")
        digits = head.replace(thousands, "") + "." + tail
    elif "." in digits:
        if re.fullmatch(r"\d{1,3}(\.\d{3})+", digits):
            digits = digits.replace(".", "")
        elif digits.count(".") != 1:
            raise NumberError(f"{text!r} is not a number")
    elif "," in digits:
        if re.fullmatch(r"\d{1,3}(,\d{3}){2,}", digits):
            digits = digits.replace(",", "")
        elif digits.count(",") == 1:
            digits = digits.replace(",", ".")
        else:
            raise NumberError(f"{text!r} is not a number")
    try:
        number = float(digits)
    except ValueError as exc:
        raise NumberError(f"{text!r} is not a number") from exc
    if not math.isfinite(number):
        raise NumberError(f"{text!r} is not a finite number", "number.not_finite")
    return number


def parse_whole_number(value: object) -> int | None:
    """parse_number for counts: an int, or None for blank; NumberError if it has a fraction."""
    number = parse_number(value)
    if number is None:
        return None
    if not float(number).is_integer():
        raise NumberError(f"{shown_text(value)!r} is not a whole number", "number.not_whole")
    return int(number)


def shown_text(value: object) -> str:
    """A cell's value as a message quotes it: a whole float without ".0", text stripped, "" for None."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value).strip()
