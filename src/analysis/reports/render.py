"""Executed notebook -> self-contained HTML (nbconvert, our "basic"-derived template) -> A4 PDF (WeasyPrint).

The HTML has no input code, no script, images embedded as data URIs and print CSS; the PDF is
made from that HTML, with the province and year in the running header, page numbers and, for
sample data, the banner on every page. Every PDF is PDF/A-3a (archival, tagged for screen
readers) with XMP metadata (title, language, producer, the data's date) and the report's own
figures attached as CSV, so a PDF that travels alone still carries its data.
"""

from __future__ import annotations

import copy
import logging
import os
from contextlib import contextmanager
from datetime import datetime
from functools import lru_cache
from html import escape

from analysis.config import PACKAGE_DIR
from analysis.files import figures_table
from analysis.labels import t
from analysis.present.recorded import RECORD_MIME

TEMPLATES_DIR = PACKAGE_DIR / "templates"
TEMPLATE_NAME = "khuyencong"
#: Cells with these tags are for researchers in JupyterLab and are left out of the reports.
REMOVE_TAGS = {"researcher-note", "remove-report"}


@lru_cache(maxsize=1)
def report_css() -> str:
    """The report stylesheet (screen and print)."""
    return (TEMPLATES_DIR / TEMPLATE_NAME / "report.css").read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def html_exporter():
    """A cached nbconvert HTMLExporter with the project's template, inputs and prompts hidden."""
    from nbconvert import HTMLExporter  # lazy: rendering only

    exporter = HTMLExporter(template_name=TEMPLATE_NAME, extra_template_basedirs=[str(TEMPLATES_DIR)])
    exporter.exclude_input = True
    exporter.exclude_input_prompt = True
    exporter.exclude_output_prompt = True
    exporter.embed_images = True
    return exporter


def report_notebook(notebook):
    """A copy of an executed notebook as readers see it: no researcher notes, stderr or recorded values."""
    nb = copy.deepcopy(notebook)
    cells = []
    for cell in nb.cells:
        if REMOVE_TAGS & set(cell.get("metadata", {}).get("tags", [])):
            continue
        if cell.cell_type == "markdown":
            continue  # headings come from the translation table, so every edition is in one language
        if cell.cell_type == "code":
            cell.outputs = [o for o in cell.outputs
                            if not (o.output_type == "stream" and o.get("name") == "stderr")
                            and RECORD_MIME not in o.get("data", {})]
        cells.append(cell)
    nb.cells = cells
    return nb


def notebook_html(notebook, title: str, header: str, lang: str, version: str, stamp: str | None = None) -> str:
    """The report HTML of an executed notebook (self-contained, no script). `stamp` (the draft
    banner, or a release's number and date) is shown under the running header, added to it (so the
    PDF carries it on every page) and written as the page's description (the PDF's XMP)."""
    if stamp:
        header = f"{header} · {stamp}"
    resources = {"report": {"title": title, "header": header, "lang": lang, "css": report_css(),
                            "version": version, "stamp": stamp}}
    body, _ = html_exporter().from_notebook_node(report_notebook(notebook), resources=resources)
    return body


def draft_stamp(lang: str) -> str:
    """What every page rendered by `khuyencong report` says: a draft, not a release."""

    return t("draft_banner", lang)


def release_stamp(number: int, date: str, lang: str) -> str:
    """What every page of release `number` says: its number and date."""

    return t("release_banner", lang, number=number, date=date)


#: Archival and tagged (screen readers): PDF/A-3a, which also allows the CSV attachments.
PDF_VARIANT = "pdf/a-3a"
_XMP_LANGUAGE = ('<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">'
                 '<dc:language><rdf:Bag><rdf:li>{lang}</rdf:li></rdf:Bag></dc:language></rdf:Description>')


def figures_csv(recorded: dict) -> bytes:
    """The figures a report recorded (analysis.present.recorded) as CSV bytes (files.figures_table: columns
    `figure` and `value`, missing values empty), UTF-8 with BOM (Excel shows Vietnamese), CRLF."""

    return figures_table(recorded).to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def data_date(year: int) -> str:
    """The date written into a report's PDF (creation and modification): 31 December of the report
    year, the data's own reference date, so the bytes never depend on when a report was rendered."""
    return f"{int(year):04d}-12-31T00:00:00+00:00"


class _SubsetterNotice(logging.Filter):
    """Drops WeasyPrint's notice that fontTools subsets the fonts: it is chosen here on purpose."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "instead of HarfBuzz-Subset" not in record.getMessage()


@lru_cache(maxsize=1)
def one_font_subsetter() -> None:
    """Make WeasyPrint subset fonts with fontTools (a pinned Python package) on every machine.

    WeasyPrint uses the system's libharfbuzz-subset when it finds it and fontTools otherwise; the
    two write different font bytes, so a PDF would depend on whether a browser or an office suite
    happened to pull in the library. fontTools alone gives the same bytes wherever the Python
    packages are the same (with the timestamp fixed by `fixed_font_clock`). Each font file is
    subset once per process to a fixed set of glyphs (analysis.reports.fonts).
    """
    from weasyprint.pdf import fonts  # lazy: rendering only

    from analysis.reports import fonts as embedded_fonts  # lazy: rendering only

    fonts.harfbuzz_subset = None
    embedded_fonts.install()
    logging.getLogger("weasyprint").addFilter(_SubsetterNotice())


@lru_cache(maxsize=1)
def font_configuration():
    """One WeasyPrint FontConfiguration per process (a report worker renders many PDFs): making one per
    PDF set up fontconfig again each time, about a third of a province PDF. The reports declare no
    @font-face, so nothing of one document stays in it for the next; the PDFs are byte-identical."""
    from weasyprint.text.fonts import FontConfiguration  # lazy: rendering only

    return FontConfiguration()


@contextmanager
def fixed_font_clock(year: int | None):
    """fontTools stamps the current time into each subset font's `head.modified` unless
    SOURCE_DATE_EPOCH is set: set it to the data's date while a PDF is written."""
    stamp = datetime.fromisoformat(data_date(year if year is not None else 1970))
    before = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(int(stamp.timestamp()))
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = before


def html_to_pdf(html: str, year: int | None = None, lang: str = "vi",
                attachments: list[tuple[str, bytes, str]] = ()) -> bytes:
    """A4 PDF/A-3a bytes of a report page (WeasyPrint: fonts embedded, print CSS applied, tagged).

    XMP metadata: the page's title, `lang`, WeasyPrint as producer and, with `year`, data_date(year)
    as creation and modification date. `attachments` are (file name, bytes, description) embedded
    as associated files (the report's own figures as CSV). Equal inputs give equal bytes, on any
    machine with the same Python packages (`one_font_subsetter`, `fixed_font_clock`).
    """
    from weasyprint import HTML, Attachment  # lazy: rendering only

    one_font_subsetter()
    document = HTML(string=html, base_url=str(TEMPLATES_DIR)).render(pdf_variant=PDF_VARIANT,
                                                                     font_config=font_configuration())
    metadata = document.metadata
    metadata.lang = metadata.lang or lang
    if year is not None:
        metadata.created = metadata.modified = data_date(year)
    language = _XMP_LANGUAGE.format(lang=escape(metadata.lang)).encode("utf-8")
    rdf = metadata.generate_rdf_metadata
    metadata.generate_rdf_metadata = lambda *args: rdf(*args).replace(b"</rdf:RDF>", language + b"</rdf:RDF>")
    stamp = datetime.fromisoformat(data_date(year)) if year is not None else None
    files = [Attachment(string=data, name=name, description=description, relationship="Data",
                        created=stamp, modified=stamp)
             for name, data, description in attachments]
    with fixed_font_clock(year):
        return document.write_pdf(pdf_variant=PDF_VARIANT, attachments=files)
