"""Readers for every kind of file a province sends: .xlsx/.xlsm, .xls, .ods and .csv.

Each reader turns a file into sheets of numbered rows: ``(row number as the clerk sees it in
that program, cells)``, where cells are the first ``limits.READ_COLUMNS`` columns as text,
numbers or None. Blank rows are left out (their numbers are simply skipped), and at most
``limits.HEADER_SEARCH_ROWS + limits.MAX_DATA_ROWS + 1`` non-blank rows are kept per sheet, so a
hostile file costs bounded time and memory. A file that cannot be read raises
``quality.BadInput`` with one message naming why.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from analysis import limits
from analysis.quality import BadInput, Issue

#: Kept rows per sheet: the header search, the data-row limit, and one more to see it was passed.
ROWS_KEPT = limits.HEADER_SEARCH_ROWS + limits.MAX_DATA_ROWS + 1


@dataclass(frozen=True)
class Sheet:
    """One sheet of a return file: its title ("" for CSV) and its non-blank rows, numbered."""

    title: str
    rows: list[tuple[int, list[object]]]
    kind: str = "sheet"  # "sheet" (a spreadsheet: cells are named F5) or "csv" (line and column)


def is_blank(cell: object) -> bool:
    """True for None and for text of only spaces."""
    return cell is None or (isinstance(cell, str) and not cell.strip())


def kept_rows(numbered: Iterable[tuple[int, list[object]]]) -> list[tuple[int, list[object]]]:
    """The non-blank rows of a sheet, cut to READ_COLUMNS cells, at most ROWS_KEPT of them."""
    rows = []
    for number, cells in numbered:
        cells = list(cells[:limits.READ_COLUMNS])
        if all(is_blank(c) for c in cells):
            continue
        rows.append((number, cells))
        if len(rows) >= ROWS_KEPT:
            break
    return rows


def check_archive(path: Path, shown: str, kind: str) -> None:
    """Refuse a zip-based workbook that is damaged, would unpack far larger than a return (zip bomb),
    or declares a DOCTYPE in any XML member (where entities live: a 'billion laughs' attack)."""
    try:
        with zipfile.ZipFile(path) as archive:
            size = sum(info.file_size for info in archive.infolist())
            if size > limits.MAX_UNCOMPRESSED_BYTES:
                raise BadInput(Issue.make("error", "file.too_large_unpacked", shown, size=size,
                                          limit=limits.MAX_UNCOMPRESSED_BYTES))
            declared = _declares_doctype(archive)
    except (zipfile.BadZipFile, zlib.error, OSError, ValueError, EOFError) as exc:  # a damaged archive
        raise BadInput(Issue.make("error", "file.unreadable", shown, kind=kind, reason=str(exc) or type(exc).__name__)
                       ) from exc
    if declared:
        raise BadInput(Issue.make("error", "file.unreadable", shown, kind=kind, reason=(
            f"entity expansion refused ({declared} declares a DOCTYPE or entities, as a 'billion laughs' attack "
            "does; office files never do)")))


_ROOT_TAG = re.compile(rb"<[A-Za-z_]")


def _declares_doctype(archive: zipfile.ZipFile) -> str | None:
    """The first XML member of a zip-based workbook that declares a DOCTYPE (where entities live), or None.

    Only the prologue before each member's root element is read, so this costs a few bytes per member
    and does not depend on which XML parser openpyxl happens to use.
    """
    for info in archive.infolist():
        if not info.filename.endswith((".xml", ".rels")):
            continue
        with archive.open(info) as member:
            head, root = b"", None
            while len(head) < 1 << 20:
                block = member.read(4096)
                head += block
                root = _ROOT_TAG.search(head)
                if not block or root:
                    break
        prologue = head[:root.start()] if root else head
        if b"<!DOCTYPE" in prologue.upper() or b"<!ENTITY" in prologue.upper():
            from analysis.files import escaped

            return escaped(info.filename)
    return None


def refused_xml_reason(exc: BaseException) -> str | None:
    """Why defusedxml refused a file's XML (entity expansion, DTD, external reference), or None."""
    try:
        from defusedxml import DefusedXmlException
    except ImportError:  # pragma: no cover - defusedxml is a dependency
        return None
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, DefusedXmlException):
            name = type(seen).__name__
            return {"EntitiesForbidden": "entity expansion refused (the XML declares entities, as a "
                                         "'billion laughs' attack does)",
                    "DTDForbidden": "document type declaration refused",
                    "ExternalReferenceForbidden": "external reference refused"}.get(name, name)
        seen = seen.__cause__ or seen.__context__
    return None


def read_sheets(path: Path, shown: str) -> Iterator[Sheet]:
    """The sheets of one return file, by its suffix; BadInput when the file cannot be read."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        from analysis.readers.csvfile import read_csv

        yield from read_csv(path, shown)
    elif suffix in (".xlsx", ".xlsm"):
        from analysis.readers.xlsx import read_xlsx

        yield from read_xlsx(path, shown)
    elif suffix == ".xls":
        from analysis.readers.xls import read_xls

        yield from read_xls(path, shown)
    elif suffix == ".ods":
        from analysis.readers.ods import read_ods

        yield from read_ods(path, shown)
    else:  # pragma: no cover - callers filter by RETURN_SUFFIXES
        raise ValueError(f"no reader for {suffix}")


#: Suffixes of the files read as returns.
RETURN_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".csv")
