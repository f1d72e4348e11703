"""The rendered province profiles fit on two A4 pages (the batch's reports: conftest.built_reports)."""

from __future__ import annotations

import re

import pytest
from pypdf import PdfReader

from conftest import pdf_page_texts

pytestmark = pytest.mark.slow


def test_every_province_profile_pdf_has_at_most_two_pages(built_reports):
    folder, summary = built_reports
    pdfs = sorted((folder / "provinces").glob("*.pdf"))
    assert pdfs, "no province PDF was rendered"
    pages = {pdf.name: len(PdfReader(pdf).pages) for pdf in pdfs}  # no text: quick
    assert {name: n for name, n in pages.items() if n > 2} == {}


def test_national_pdf_cites_the_article_and_names_each_reconciliation_rule(built_reports):
    folder, _ = built_reports
    text = " ".join(pdf_pages(folder / "national.pdf"))
    assert "Nhịp cầu Công Thương (Bộ Công Thương)" in text
    assert "cùng danh sách tỉnh, thành phố" in text and "làm tròn" in text and "khuyến công viên phát triển" in text


def pdf_pages(path) -> list[str]:
    return [" ".join(text.split()) for text in pdf_page_texts(path)]


@pytest.mark.parametrize("name", ["national.pdf", "data-quality.pdf"])
def test_reports_open_with_a_title_block_and_contents_and_number_their_tables(built_reports, name):
    folder, _ = built_reports
    pages = pdf_pages(folder / name)
    first = pages[0]
    assert "Cơ quan phát hành Cục Đổi mới sáng tạo, Chuyển đổi xanh và Khuyến công, Bộ Công Thương" in first
    assert "Dự kiến phát hành" in first and "phiên bản" in first and "Mục lục" in first
    # a draft says so at the head of the page and does not call itself released in its title block
    assert "Bản dự thảo" in first and "Ngày phát hành" not in first
    assert re.search(r"Tóm tắt \.{5,} \d+", first), "the printed contents give page numbers"
    text = " ".join(pages)
    assert "Bảng 1." in text and "Nguồn:" in text and "Phương pháp và định nghĩa" in text


def test_national_pdf_numbers_its_figures_and_has_a_summary_in_sentences(built_reports):
    folder, _ = built_reports
    text = " ".join(pdf_pages(folder / "national.pdf"))
    assert "Hình 1." in text and "Hình 6." in text and "Bảng 11." in text
    assert "Tổng số cán bộ, viên chức, người lao động của 62 Trung tâm Khuyến công cấp tỉnh" in text


@pytest.mark.parametrize("name", ["national.pdf", "data-quality.pdf", "provinces/77-ba-ria-vung-tau.pdf"])
def test_no_page_holds_only_the_colophon(built_reports, name):
    folder, _ = built_reports
    for page in pdf_pages(folder / name):
        body = re.sub(r"Phiên bản \d.*$", "", page.split(" Cả nước · ")[0].split(" Bà Rịa - Vũng Tàu · ")[0])
        assert len(body) > 200, page[:300]


def test_the_2022_data_quality_pdf_is_a_third_of_its_former_twelve_pages(built_reports):
    folder, _ = built_reports
    pages = pdf_pages(folder / "data-quality.pdf")
    assert len(pages) <= 4, len(pages)
    text = " ".join(pages)
    assert "cần xác nhận với địa phương" in text and "☐" in text and "tất cả 62 tỉnh, thành phố có báo cáo" in text
