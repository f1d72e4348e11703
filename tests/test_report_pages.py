"""The rendered province profiles fit on two A4 pages (the batch's reports: conftest.built_reports)."""

from __future__ import annotations

import pytest
from pypdf import PdfReader

pytestmark = pytest.mark.slow


def test_every_province_profile_pdf_has_at_most_two_pages(built_reports):
    folder, summary = built_reports
    pdfs = sorted((folder / "provinces").glob("*.pdf"))
    assert pdfs, "no province PDF was rendered"
    pages = {pdf.name: len(PdfReader(pdf).pages) for pdf in pdfs}
    assert {name: n for name, n in pages.items() if n > 2} == {}


def test_national_pdf_cites_the_article_and_names_each_reconciliation_rule(built_reports):
    folder, _ = built_reports
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(folder / "national.pdf").pages)
    assert "Nhịp cầu Công Thương (Bộ Công Thương)" in text
    assert "mạng lưới rộng nhất" in text and "làm tròn" in text
