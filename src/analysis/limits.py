"""Limits on what a return may hold, each with its reason; every limit passed is an error naming it.

A return is a few kilobytes: one row per unit, 14 columns. The limits sit far above any real
return and far below what would make a build slow or a report endless.
"""

from __future__ import annotations

from analysis.files import escaped

#: Files larger than this are refused before reading (a real return is 5-20 KB).
MAX_FILE_BYTES = 10 * 1024 * 1024
#: Uncompressed size of an .xlsx/.ods archive (guards against zip bombs).
MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024
#: Elements in all the XML of one .xlsx/.ods archive. A real return's XML holds a few thousand; a
#: 5,000-row sheet with every column filled about 200,000. Past this, parsing a file of a few
#: kilobytes (millions of empty or nested elements compress to nothing) could cost gigabytes.
MAX_XML_ELEMENTS = 1_000_000
#: Nesting depth of any XML element of an .xlsx/.ods archive (office programs write fewer than 15 levels).
MAX_XML_DEPTH = 100
#: Columns read from each sheet (the form has 14; title rows or a shifted table may use a few more).
#: Cells right of this are never read, so a cell in column XFD costs nothing.
READ_COLUMNS = 40
#: Rows searched for the header row below the title rows of an official form.
HEADER_SEARCH_ROWS = 30
#: Data rows below the header in one sheet or CSV file (a consolidated national workbook has ~70).
MAX_DATA_ROWS = 5000
#: Characters in one text cell (a note is a sentence or two; longer text would stall the PDF step).
MAX_TEXT_CHARS = 2000
#: Largest count of people, districts or communes a return may state (Vietnam has ~10,000 communes).
MAX_COUNT = 1_000_000
#: Largest amount in million VND (10^9 million VND = 10^15 VND, far above any budget line).
MAX_AMOUNT_MVND = 1_000_000_000
#: Characters of a cell's text quoted in a message; longer values are cut with "…".
SHOWN_VALUE_CHARS = 60


def shown_value(text: object) -> str:
    """A cell's text as quoted in a message: at most SHOWN_VALUE_CHARS characters, escaped."""
    text = escaped("" if text is None else text)
    return text if len(text) <= SHOWN_VALUE_CHARS else text[:SHOWN_VALUE_CHARS] + "…"
