"""analysis.collection.page: the status page of the reports (status.html, status.en.html) from the build's
status.csv: the rates as cards, one row per province, data text escaped, a page for a build without it."""

from __future__ import annotations

import pandas as pd

from analysis.collection import page
from analysis.labels import t


def _table(**values) -> pd.DataFrame:
    row = {"province_code": "12", "province_name": "Lai Châu", "files": "12-lai-chau.xlsx", "received": "2026-02-02",
           "received_from": "receipts", "deadline": "2026-01-31", "timeliness": "late", "errors": 0, "warnings": 1,
           "checks_open": 0, "checks_confirmed": 1, "approval": "none", "approved_by": "", "approved_at": "",
           "changed_files": ""}
    row.update(values)
    return pd.DataFrame([row])


def test_page_names_of_each_edition():
    assert [page.page_name(lang) for lang in ("vi", "en")] == list(page.PAGES)
    assert page.index_entry(2025, "en")["links"] == [("HTML", "status.en.html")]


def test_the_page_shows_the_rates_and_one_row_per_province():
    html = page.status_html(2025, _table(), "en", banner="SAMPLE")
    assert "SAMPLE" in html and t("status_title", "en", year=2025) in html
    assert html.count('class="status-late"') == 1 and "Lai Châu" in html and "0 / 1 / 0 (1)" in html
    assert 'href="index.en.html"' in html and 'href="index.html"' in page.status_html(2025, _table(), "vi")


def test_data_text_is_escaped():
    html = page.status_html(2025, _table(province_name="<script>x</script>", files="<b>f</b>.xlsx"), "vi")
    assert "<script>x" not in html and "&lt;script&gt;x&lt;/script&gt;" in html and "<b>f</b>" not in html


def test_a_build_without_a_status_table_gets_a_page_that_says_none(tmp_path):
    assert page.load_status(2025, tmp_path) is None
    html = page.status_html(2025, None, "en")
    assert t("none", "en") in html and 'class="status-' not in html


def test_load_status_reads_the_counts_as_numbers_and_text_as_text(tmp_path):
    (tmp_path / "2025").mkdir()
    _table(province_code="01", received="").to_csv(tmp_path / "2025" / page.STATUS_FILE, index=False)
    table = page.load_status(2025, tmp_path)
    assert table.at[0, "province_code"] == "01" and table.at[0, "received"] == "" and table.at[0, "warnings"] == 1
