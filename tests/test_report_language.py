"""Every visible word of a report in its edition's language.

The reports are rendered by the project's renderer (analysis.reports, HTML only; the sample years
2022 and 2025 built into a temporary folder) for a province of each year, the national report and
the data-quality report, in Vietnamese and English. Visible text is what a reader sees: the page
without <style> and <script>, with the text of the SVG charts and the hover titles.
A Vietnamese report fails on an English word or a snake_case identifier; an English report fails on
a Vietnamese word. Proper names (provinces, regions, units, the cited article, tools) are allowed.
"""

from __future__ import annotations

import csv
import re
from html.parser import HTMLParser

import pytest

from analysis import config, dataset, reference
from analysis.labels import t
from conftest import SAMPLE_REPORT_PROVINCES

pytestmark = pytest.mark.slow


#: English words a Vietnamese report must not show (Vietnamese written without marks never uses them).
ENGLISH_WORDS = {
    "the", "of", "and", "or", "for", "from", "with", "not", "used", "in", "to", "is", "are", "no", "yes", "none",
    "snapshot", "province", "provinces", "source", "copy", "seeds", "figures", "figure", "printed", "staff",
    "field", "share", "district", "districts", "commune", "communes", "total", "return", "returns", "file",
    "row", "column", "value", "message", "warning", "note", "notes", "error", "sample", "data", "rank", "median",
    "national", "regional", "network", "collaborators", "pay", "year", "years", "commit", "made", "list", "force",
    "report", "reports", "unit", "units", "stated", "counted", "once", "duplicate", "exact", "round", "percent",
}
SNAKE_CASE = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b")
VIETNAMESE = re.compile(r"[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]", re.I)
#: Names that stay as written in both editions.
TOOL_NAMES = ("IPC", "MIT", "Frictionless Data Package")
#: Names of the tools, packages and folders behind the reports: none reaches a reader of a report.
HIDDEN_NAMES = ("khuyencong", "vietnamadminunits", "echarts", "pypkg", "data/raw", "data/processed", ".parquet", "README")


class VisibleText(HTMLParser):
    """The text a reader sees in HTML or SVG: no <style>/<script> content, one chunk per text node."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.chunks: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        self._skip += tag in ("style", "script")
        self.chunks.extend(value for name, value in attrs if name == "title" and value)  # hover titles

    def handle_endtag(self, tag):
        self._skip -= tag in ("style", "script")

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.chunks.append(data.strip())


@pytest.fixture(scope="module")
def proper_names(built) -> list[str]:
    """Names allowed in either language, longest first (so a long name is removed before its parts)."""
    names = set(TOOL_NAMES) | {"Hoàng Sa", "Trường Sa", "Hoàng", "Trường", "Nhịp cầu Công Thương", "Thăng Long",
                               "Tiếng Việt",  # the index's link to the Vietnamese edition, named in its language
                               "Xây dựng đội ngũ cán bộ làm công tác khuyến công chuyên nghiệp",
                               "Hai Bà Trưng"}  # the publisher's street (publication.yml)
    for geo in reference.GEOS:
        names |= set(reference.provinces(geo)["province_name"])
    names |= set(reference.regions()["region"])
    for year in SAMPLE_REPORT_PROVINCES:
        units = dataset.load_units(year, built)
        names |= set(units["unit_name"]) | set(units["notes"].dropna())
        names |= set(dataset.load_cells(year, built)["sheet"].dropna())  # sheet names in the cells' hover text
        # what a return confirms in its notes ("xác nhận: ...") is quoted as typed by the year-on-year checks
        names |= {note.split("xác nhận:", 1)[1].strip(" .;") for note in units["notes"].dropna() if "xác nhận:" in note}
        # who signed a return off, as the analyst typed it in the year's approvals log (an input, quoted as typed)
        approvals = config.RAW_DIR / str(year) / "approvals.csv"
        if approvals.exists():
            with approvals.open(encoding="utf-8-sig", newline="") as log:
                names |= {row["approved_by"] for row in csv.DictReader(log) if row.get("approved_by")}
    return sorted(names, key=len, reverse=True)


@pytest.fixture(scope="module")
def built(sample_processed):
    """The sample built once per test run (conftest.sample_years; the trends need the panel)."""
    return sample_processed


@pytest.fixture(scope="module")
def reports(sample_reports) -> dict:
    """(year, report, province, lang) -> visible text chunks of the rendered HTML (conftest.sample_reports:
    analysis.reports), the index pages included."""
    texts = {}
    for year, codes in SAMPLE_REPORT_PROVINCES.items():
        folder = sample_reports / str(year)
        for lang in ("vi", "en"):
            suffix = ".html" if lang == "vi" else ".en.html"
            pages = {("national_assessment", None): folder / f"national{suffix}",
                     ("data_quality", None): folder / f"data-quality{suffix}",
                     ("index", None): folder / f"index{suffix}"}
            for code in codes:
                (page,) = [p for p in (folder / "provinces").glob(f"{code}-*.html")
                           if p.name.endswith(".en.html") == (lang == "en")]
                pages[("province_profile", code)] = page
            for (name, code), page in pages.items():
                parser = VisibleText()
                parser.feed(page.read_text(encoding="utf-8"))
                texts[(year, name, code, lang)] = parser.chunks
    return texts


def without_names(chunk: str, names: list[str]) -> str:
    """A text chunk (whitespace collapsed) with proper names, file paths, URLs and commit hashes taken out."""
    chunk = " ".join(chunk.split())
    for name in names:
        chunk = chunk.replace(name, " ")
    chunk = re.sub(r"\S*/\S*|\S+\.(?:xlsx|xls|ods|csv)\b", " ", chunk)  # paths and the article's address
    return re.sub(r"\b[0-9a-f]{7,40}\b", " ", chunk)


def test_vietnamese_reports_show_no_english_word_or_identifier(reports, proper_names):
    found = []
    for (year, name, province, lang), chunks in reports.items():
        if lang != "vi":
            continue
        for chunk in chunks:
            text = without_names(chunk, proper_names)
            words = {w.lower() for w in re.findall(r"[^\W\d_]+", text) if w.isascii()} & ENGLISH_WORDS
            words |= set(SNAKE_CASE.findall(text))
            if words:
                found.append(f"{year} {name} {province or ''}: {sorted(words)} in {chunk[:100]!r}")
    assert found == [], "\n".join(sorted(set(found))[:40])


def test_english_reports_show_no_vietnamese_word(reports, proper_names):
    found = []
    for (year, name, province, lang), chunks in reports.items():
        if lang != "en":
            continue
        for chunk in chunks:
            text = without_names(chunk, proper_names)
            if VIETNAMESE.search(text) or SNAKE_CASE.search(text):
                found.append(f"{year} {name} {province or ''}: {text[:100]!r}")
    assert found == [], "\n".join(sorted(set(found))[:40])


def test_both_editions_cite_the_article_as_a_publication(reports):
    for lang in ("vi", "en"):
        text = " ".join(reports[(2022, "national_assessment", None, lang)])
        assert t("published_source", lang) in text


def test_each_edition_labels_and_formats_numbers_in_its_language_and_links_the_other(reports, sample_reports):
    def text(name, code, lang):
        return " ".join(reports[(2022, name, code, lang)])

    for name, code in (("national_assessment", None), ("province_profile", "77"), ("index", None)):
        assert "Bà Rịa - Vũng Tàu" in text(name, code, "en"), "names stay in Vietnamese"
    vietnamese, english = text("province_profile", "77", "vi"), text("province_profile", "77", "en")
    assert "Tổng số cán bộ" in vietnamese and "Total staff" not in vietnamese
    assert "All staff" in english and "Field staff share" in english
    assert re.search(r"\d{2}\.\d %", english) is None and re.search(r"\d\.\d%", english), "English number format"
    assert re.search(r"\d,\d\u00a0%", vietnamese), "Vietnamese number format"
    assert 'href="index.en.html"' in (sample_reports / "2022" / "index.html").read_text(encoding="utf-8")


def test_no_tool_package_or_folder_name_reaches_a_reader(reports, built):
    # what a return's notes say is quoted as typed (the sample's notes name the tool that made them)
    typed = sorted({n for year in SAMPLE_REPORT_PROVINCES for n in dataset.load_units(year, built)["notes"].dropna()},
                   key=len, reverse=True)

    def shown(chunk: str) -> str:
        for note in typed:
            chunk = chunk.replace(note, " ")
        return chunk

    found = [f"{year} {name} {province or ''} {lang}: {chunk[:120]!r}"
             for (year, name, province, lang), chunks in reports.items() if name != "index" for chunk in chunks
             if any(hidden in shown(chunk) for hidden in HIDDEN_NAMES)]
    assert found == [], "\n".join(sorted(set(found))[:40])


def test_each_edition_writes_numbers_in_its_own_format(reports):
    found = []
    for (year, name, province, lang), chunks in reports.items():
        for chunk in chunks:
            text = " ".join(chunk.split())
            wrong = re.search(r"\d\.\d+ ?%", text) if lang == "vi" else re.search(r"\d,\d ?%|\d %", text)
            if wrong:
                found.append(f"{year} {name} {province or ''} {lang}: {wrong.group(0)!r} in {text[:120]!r}")
    assert found == [], "\n".join(sorted(set(found))[:40])


def test_the_english_edition_says_industrial_promotion(reports):
    english = " ".join(" ".join(c) for (_, _, _, lang), c in reports.items() if lang == "en").lower()
    assert "industrial promotion" in english and "extension" not in english
    assert "Trung tâm Khuyến công" not in english and "Đông Nam Bộ" not in english
