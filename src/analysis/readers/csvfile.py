"""CSV returns: UTF-8 (with or without BOM), UTF-16 with BOM, or verified Windows-1258;
delimiter ",", ";" or tab, chosen as the one under which the form's header row appears."""

from __future__ import annotations

import csv
import io
import itertools
import unicodedata
from collections.abc import Iterator
from pathlib import Path

from analysis import limits
from analysis.config import RETURN_COLUMNS
from analysis.headers import header_names
from analysis.quality import BadInput, Issue
from analysis.readers.sheet import Sheet, kept_rows

#: CSV delimiters tried, in order: Excel's "CSV UTF-8", a Vietnamese-locale Excel (";"), tab.
CSV_DELIMITERS = (",", ";", "\t")


def _header_score(text: str, delimiter: str) -> int:
    """Most known return headers found in one of the first rows when split by `delimiter`."""
    best = 0
    try:
        for row in itertools.islice(csv.reader(io.StringIO(text), delimiter=delimiter), limits.HEADER_SEARCH_ROWS):
            best = max(best, len(header_names(row)))
    except csv.Error:
        return 0
    return best


def decode_csv(data: bytes, shown: str) -> tuple[str, list[Issue]]:
    """CSV bytes as NFC text: UTF-8 (BOM or not), UTF-16 with BOM, or verified Windows-1258."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return unicodedata.normalize("NFC", data.decode("utf-16")), []
        except UnicodeDecodeError:
            pass
    try:
        return unicodedata.normalize("NFC", data.decode("utf-8-sig")), []
    except UnicodeDecodeError as exc:
        utf8_error = exc
    # Vietnamese Windows code page: accepted only if the header then reads exactly as the form's
    # (with its diacritics), which a wrong guess cannot produce.
    try:
        text = unicodedata.normalize("NFC", data.decode("cp1258"))
    except UnicodeDecodeError:
        text = ""
    canonical = {unicodedata.normalize("NFC", c.header).casefold() for c in RETURN_COLUMNS}
    required = sum(1 for c in RETURN_COLUMNS if c.required)
    for delimiter in CSV_DELIMITERS if text else ():
        head = itertools.islice(csv.reader(io.StringIO(text), delimiter=delimiter), limits.HEADER_SEARCH_ROWS)
        for row in head:
            if sum(str(c).strip().casefold() in canonical for c in row) >= required:
                return text, [Issue.make("warning", "csv.cp1258", shown, value="cp1258")]
    raise BadInput(Issue.make("error", "csv.not_utf8", shown,
                              value=f"byte 0x{data[utf8_error.start]:02x} at offset {utf8_error.start}"))


def read_csv(path: Path, shown: str) -> Iterator[Sheet]:
    """The file as one sheet of rows (row n = the n-th record, as a spreadsheet program shows it),
    with any decoding warning in the sheet's issues."""
    text, issues = decode_csv(Path(path).read_bytes(), shown)
    delimiter = max(CSV_DELIMITERS, key=lambda d: (_header_score(text, d), -CSV_DELIMITERS.index(d)))
    csv.field_size_limit(max(csv.field_size_limit(), limits.MAX_FILE_BYTES))  # long cells: our own limit says so
    try:
        records = csv.reader(io.StringIO(text), csv.excel, delimiter=delimiter)
        rows = kept_rows(enumerate(records, start=1))
    except csv.Error as exc:
        raise BadInput(Issue.make("error", "file.unreadable", shown, kind="CSV file", reason=str(exc))) from exc
    yield Sheet("", rows, kind="csv", issues=tuple(issues))
