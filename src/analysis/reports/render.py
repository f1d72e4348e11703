"""Executed notebook -> self-contained HTML (nbconvert, our "basic"-derived template) -> A4 PDF (WeasyPrint).

The HTML has no input code, no script, images embedded as data URIs and print CSS; the PDF is
made from that HTML, with the province and year in the running header, page numbers and, for
sample data, the banner on every page. Files are written under a temporary name and renamed.
"""

from __future__ import annotations

import copy
from functools import lru_cache

from analysis.config import PACKAGE_DIR
from analysis.store import RECORD_MIME

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
    from nbconvert import HTMLExporter

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


def notebook_html(notebook, title: str, header: str, lang: str, version: str) -> str:
    """The report HTML of an executed notebook (self-contained, no script)."""
    resources = {"report": {"title": title, "header": header, "lang": lang, "css": report_css(),
                            "version": version}}
    body, _ = html_exporter().from_notebook_node(report_notebook(notebook), resources=resources)
    return body


def html_to_pdf(html: str) -> bytes:
    """A4 PDF bytes of a report page (WeasyPrint; fonts embedded, print CSS applied)."""
    from weasyprint import HTML

    return HTML(string=html, base_url=str(TEMPLATES_DIR)).write_pdf()
