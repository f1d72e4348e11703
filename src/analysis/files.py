"""File helpers every stage shares: content hashes, atomic writes, strict JSON, formula-safe
spreadsheet cells and file names escaped for the terminal."""

from __future__ import annotations

import hashlib
import json
import math
import numbers
import os
from pathlib import Path

import numpy as np
import pandas as pd


def sha256_file(path: Path) -> str:
    """Hex sha256 of a file's bytes."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def sha256_bytes(data: bytes) -> str:
    """Hex sha256 of bytes."""
    return hashlib.sha256(data).hexdigest()


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write data to path via a temporary file in the same folder and a rename (never a half file)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()


# --- text shown to people: escaped file names and values ---------------------------------------

def escaped(text: object) -> str:
    """`text` safe for one terminal line: control characters and undecodable bytes escaped.

    Printable characters (Vietnamese included) stay as they are; a newline becomes ``\\n``, other
    control and format characters ``\\xNN`` / ``\\uNNNN``, and a byte that was not UTF-8 (kept by
    Python as a lone surrogate, "surrogateescape") ``\\xNN``. Returns "" for None.
    """
    if text is None:
        return ""
    out = []
    for char in str(text):
        code = ord(char)
        if 0xDC80 <= code <= 0xDCFF:  # an undecodable byte of a file name
            out.append(f"\\x{code - 0xDC00:02x}")
        elif char.isprintable() or char == " ":
            out.append(char)
        else:
            out.append(repr(char)[1:-1])  # \n, \x1b, \u200b, ...
    return "".join(out)


# --- what the project writes for spreadsheets and tools ------------------------------------------

#: A text cell starting with one of these is run as a formula by spreadsheet programs (OWASP's list).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value: object) -> object:
    """A cell value safe to open in a spreadsheet: text starting with = + - @ tab or CR gets a leading '.

    Numbers, None and other non-text values are returned unchanged (a negative number stays a
    number); only ``str`` values are prefixed.
    """
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def neutralise_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of `frame` whose text cells are formula-safe (see neutralise_formula); numbers untouched.

    Column names are neutralised too, so a header cannot become a formula.
    """
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(neutralise_formula, na_action="ignore")
    out.columns = [neutralise_formula(c) for c in out.columns]
    return out


def flattened(value: object, prefix: str = ""):
    """(dotted name, scalar) pairs of nested JSON-like values, for one-row-per-value CSVs: dict keys
    joined with ".", a list holding dicts or lists numbered, a list of scalars joined with "; "."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from flattened(item, f"{prefix}.{key}" if prefix else str(key))
    elif isinstance(value, list) and any(isinstance(item, (dict, list)) for item in value):
        for number, item in enumerate(value):
            yield from flattened(item, f"{prefix}.{number}")
    elif isinstance(value, list):
        yield prefix, "; ".join(map(str, value))
    else:
        yield prefix, value


def json_ready(value: object) -> object:
    """`value` as plain values strict JSON can hold: numpy scalars unwrapped; NaN, inf, NA and NaT as None."""
    if isinstance(value, dict):
        return {str(k): json_ready(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_ready(v) for v in value]
    if isinstance(value, (bool, str)) or value is None:
        return value
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        number = float(value)
        return number if math.isfinite(number) else None
    if value is pd.NA or value is pd.NaT:
        return None
    return value


def json_dumps(value: object, **options) -> str:
    """Strict JSON text of `value`: NaN and infinities become null first, never `NaN`/`Infinity`.

    Options go to json.dumps (default: ensure_ascii=False, indent=2); allow_nan is always False,
    so anything left non-finite raises ValueError instead of writing invalid JSON.
    """
    options = {"ensure_ascii": False, "indent": 2, **options, "allow_nan": False}
    return json.dumps(json_ready(value), **options)


def write_json(path: Path, value: object, **options) -> Path:
    """Write strict JSON (json_dumps, with a final newline) to `path` atomically; returns the path."""
    atomic_write_bytes(Path(path), (json_dumps(value, **options) + "\n").encode("utf-8"))
    return Path(path)
