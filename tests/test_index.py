"""reports/index.html (analysis.reports.index.root_index_html): banner, description and year links."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from analysis.labels import t
from analysis.reconciliation import published_figures
from analysis.reports import index, manifest


def _year(reports: Path, year: int, sample: bool | None, package_flag: bool | None = None) -> None:
    """A built year: its index.html, a manifest with (or, when `sample` is None, without) the flag."""
    folder = reports / str(year)
    folder.mkdir(parents=True)
    (folder / "index.html").write_text("<html></html>", encoding="utf-8")
    manifest.write_manifest(folder / manifest.MANIFEST_NAME, year, {}, sample)
    if package_flag is not None:
        (folder / "data").mkdir()
        (folder / "data" / "datapackage.json").write_text(json.dumps({"khuyencong:sample_data": package_flag}))


def _banners(page: str) -> list[str]:
    """The text of each sample banner of a page (HTML entities read back)."""
    return [html.unescape(b) for b in re.findall(r'<div class="sample-banner" role="note">(.*?)</div>', page)]


def test_manifest_records_the_sample_flag(tmp_path):
    _year(tmp_path, 2022, True)
    assert json.loads((tmp_path / "2022" / "manifest.json").read_text())["sample_data"] is True
    assert manifest.sample_data(tmp_path / "2022")


def test_root_index_without_sample_years_has_no_banner_but_says_what_the_reports_are(tmp_path):
    _year(tmp_path, 2022, False)
    _year(tmp_path, 2023, False)
    page = index.root_index_html(tmp_path)
    assert _banners(page) == []
    assert t("national_title", "vi", year="2022–2023") in page
    assert page.index('href="2023/index.html"') < page.index('href="2022/index.html"')


def test_root_index_has_the_banner_when_any_year_is_sample_data(tmp_path):
    published = next(y for y in range(2015, 2031) if len(published_figures(y)))
    _year(tmp_path, published, True)
    _year(tmp_path, 2030, False)
    page = index.root_index_html(tmp_path)
    assert _banners(page) == [t("sample_banner", "vi")]  # the year's own banner: national totals published
    assert index.root_index_html(tmp_path, "en").count(t("sample_banner", "en")) == 1


def test_root_index_banner_for_mixed_sample_years_is_the_stronger_warning(tmp_path):
    published = next(y for y in range(2015, 2031) if len(published_figures(y)))
    unpublished = next(y for y in range(2015, 2031) if not len(published_figures(y)))
    _year(tmp_path, published, True)
    _year(tmp_path, unpublished, True)
    assert _banners(index.root_index_html(tmp_path)) == [t("sample_banner_unpublished", "vi")]


def test_root_index_reads_the_open_data_flag_of_a_manifest_without_one(tmp_path):
    _year(tmp_path, 2030, None, package_flag=True)
    _year(tmp_path, 2029, None)  # neither: not sample data
    assert _banners(index.root_index_html(tmp_path)) == [t("sample_banner_unpublished", "vi")]


def test_write_root_index_writes_the_page(tmp_path):
    _year(tmp_path, 2030, True)
    (tmp_path / "2030" / "index.en.html").write_text("<html></html>", encoding="utf-8")
    page = index.write_root_index(tmp_path).read_text(encoding="utf-8")
    assert _banners(page) == [t("sample_banner_unpublished", "vi")]
    assert 'href="2030/index.en.html"' in page and '<html lang="vi">' in page


def test_the_year_index_links_each_csv_of_the_open_data():
    from analysis.reports import index

    html = index.index_html(2022, {}, "vi", data_package="data/datapackage.json")
    for name in ("units.csv", "national-indicators.csv", "provinces.csv"):
        assert f'href="data/{name}"' in html
