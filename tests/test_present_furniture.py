"""analysis.present.furniture, the publication's furniture: the numbering of tables and figures against the
notebooks, the title block from publication.yml (analysis.publication), the sources' caveats, the page links."""

from __future__ import annotations

import json
import re
from types import SimpleNamespace

import pytest

from analysis import config, publication
from analysis import report_inputs as ri
from analysis.present import furniture


def notebook_items(name: str) -> list[str]:
    text = "\n".join("".join(c["source"]) for c in json.loads((config.NOTEBOOKS_DIR / name).read_text("utf-8"))["cells"])
    return re.findall(r'furniture\.caption\("\w+", "([tf]:\w+)"', text)


def notebook_sections(name: str) -> list[str]:
    text = "\n".join("".join(c["source"]) for c in json.loads((config.NOTEBOOKS_DIR / name).read_text("utf-8"))["cells"])
    return re.findall(r'blocks\.heading\("(\w+)", lang\)', text)


@pytest.mark.parametrize("report, notebook", [("national", "national_assessment.ipynb"),
                                              ("quality", "data_quality.ipynb")])
def test_captions_and_contents_follow_the_notebook(report, notebook):
    assert notebook_items(notebook) == list(furniture.OUTLINES[report]["items"])
    assert notebook_sections(notebook) == list(furniture.OUTLINES[report]["sections"])


def test_tables_and_figures_are_numbered_each_from_one():
    assert furniture.number("national", "t:central_units") == 1
    assert furniture.number("national", "f:trend") == 1
    assert furniture.number("national", "t:trend") == 2
    assert furniture.caption("national", "f:maps", "vi").data.count("Hình 4.") == 1
    assert "Table 2. " in furniture.caption("national", "t:trend", "en").data


def test_the_title_block_comes_from_publication_yml(monkeypatch, sample_processed):
    inputs = ri.report_inputs(2022, "vi", sample_processed)
    html = furniture.title("national", inputs, "national_title", year=2022).data
    config_ = publication.publication()
    assert config_["publisher"]["vi"] in html and "Cục Đổi mới sáng tạo, Chuyển đổi xanh và Khuyến công" in html
    assert config_["contact"]["vi"] in html
    monkeypatch.setitem(config_, "releases", {"default": {"date": "2027-03-05", "version": "2.1"}})
    html = furniture.title("national", inputs, "national_title", year=2022).data
    assert "05/03/2027" in html and "2.1" in html
    assert "5 March 2027" in furniture.title("national", ri.report_inputs(2022, "en", sample_processed), "national_title", year=2022).data


def test_every_comparison_across_july_2025_carries_its_caveat(sample_processed):
    from analysis.present import profile as pp
    from analysis.present import quality as pq

    after, before = ri.report_inputs(2025, "vi", sample_processed, "79"), ri.report_inputs(2024, "vi", sample_processed)
    caveat = "một phần thay đổi là do sắp xếp"
    assert caveat in pq.year_on_year_checks(after.quality, "vi", year=2025).data
    assert caveat not in pq.year_on_year_checks(before.quality, "vi", year=2024).data
    from analysis.present import blocks
    assert "Từ 1/7/2025" in blocks.trend_table(after.trend, "vi").data
    assert "Từ 1/7/2025" not in blocks.trend_table(before.trend, "vi").data  # 2021-2024 does not cross it
    assert "Từ 1/7/2025" not in furniture.source_text(after, "panel")  # said once, by the table's note
    trend = pp.trend_note(after.profile, after.province_trend, "vi").data
    assert "tổng của các tỉnh đã hợp nhất" in trend and "Từ 1/7/2025" in trend


def test_report_pages_link_their_index_pdf_and_open_data_on_screen_only(report_build):
    national = ri.report_inputs(2022, "vi", report_build)
    assert furniture.page_links("national", national) == [
        ("Các báo cáo năm 2022", "index.html"), ("Tất cả các năm", "../index.html"),
        ("Bản PDF", "national.pdf"), ("Dữ liệu mở (CSV)", "data/datapackage.json")]
    profile = ri.report_inputs(2022, "en", report_build, "77")
    links = dict(furniture.page_links("province", profile))
    assert links["PDF"] == "77-ba-ria-vung-tau.en.pdf" and links["Reports for 2022"] == "../index.en.html"
    html = furniture.title("province", profile, "province_title", province="x", year=2022).data
    assert '<nav class="page-nav"' in html and "Publisher" not in html
    css = (config.PACKAGE_DIR / "templates" / "khuyencong" / "report.css").read_text(encoding="utf-8")
    assert ".page-nav { display: none; }" in css.split("@media print", 1)[1]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_reconciliations_source_line_cites_the_article_of_a_published_year_only(lang):
    published = furniture.source_text(SimpleNamespace(lang=lang, year=2022, published=True), "published")
    assert "Nhịp cầu Công Thương" in published and "Thăng Long" in published
    unpublished = furniture.source_text(SimpleNamespace(lang=lang, year=2025, published=False), "published")
    assert "Nhịp cầu Công Thương" not in unpublished and "2025" in unpublished
