"""A publication's furniture: the title block (publisher, contact, release date and version from
publication.yml), the printed table of contents, numbered captions of tables and figures with their
source lines (the method section: present.method).

Each report has an outline (``OUTLINES``): its sections in order and its tables ("t:") and figures
("f:") in order. The contents are drawn from the sections, and a caption's number is the item's place
among the tables (or figures) of its report, so numbers and contents never drift from the page.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
from IPython.display import HTML, display
from markupsafe import Markup
from matplotlib.figure import Figure

from analysis import publication, reference
from analysis.denominators import counts_phrase
from analysis.labels import t
from analysis.present.blocks import block
from analysis.present.style import notebook_css
from analysis.reports.plan import edition_suffix

#: Sections (heading label keys) and numbered items of each report, in the order the page shows them.
OUTLINES: dict[str, dict[str, tuple[str, ...]]] = {
    "national": {
        "sections": ("summary", "method_section", "headline", "trend", "size_bands", "staff_by_province", "maps",
                     "field_share_section", "inequality", "network", "remuneration", "assessment",
                     "reconciliation", "data_quality"),
        "items": ("t:central_units", "t:trend", "f:trend", "t:size_bands", "f:size_bands", "f:staff_by_province",
                  "f:maps", "f:field_share_section", "t:inequality", "t:network", "f:network",
                  "t:remuneration", "t:assessment", "t:constraints", "t:reconciliation", "t:issue_kind",
                  "t:data_quality"),
    },
    "quality": {
        "sections": ("summary", "method_section", "issue_kind", "year_on_year", "outliers", "data_quality",
                     "blanks_checklist", "grouped_notes"),
        "items": ("t:issue_kind", "t:year_on_year", "t:outliers", "t:data_quality", "t:blanks_checklist",
                  "t:grouped_notes"),
    },
}


def anchor(key: str) -> str:
    """The id of a section heading (the contents link to it)."""
    return f"s-{key}"


def page_links(report: str, inputs) -> list[tuple[str, str]]:
    """The navigation of a report page (HTML only): (label, relative link) to the year's index, the site
    index, the page's PDF and the year's open data, as `khuyencong report` lays out reports/<year>/."""
    lang, suffix = inputs.lang, edition_suffix(inputs.lang)
    if report == "province":
        up, stem = "../", f"{inputs.province.code}-{reference.province_slug(inputs.province.name)}{suffix}"
    else:
        up, stem = "", ("national" if report == "national" else "data-quality") + suffix
    return [(t("nav_year_index", lang, year=inputs.year), f"{up}index{suffix}.html"),
            (t("nav_site_index", lang), f"{up}../index.html"),
            (t("nav_pdf", lang), f"{stem}.pdf"),
            (t("nav_open_data", lang), f"{up}data/datapackage.json")]


def title(report: str, inputs, key: str, **values: object) -> HTML:
    """The report's title block: the stylesheet, the page's navigation (HTML only), the sample banner,
    the title, then (national and data-quality reports) publisher, contact, release date and version
    (publication.yml)."""
    lang = inputs.lang
    banner = ""
    if inputs.sample:
        banner = t("sample_banner" if inputs.published else "sample_banner_unpublished", lang)
    rows = []
    if report != "province":
        imprint = publication.imprint(inputs.year, lang)
        # the release planned in publication.yml; whether this page is a draft or that release is said
        # by the stamp at the head of every page (a draft of `khuyencong report`, or `khuyencong release`)
        released = t("imprint_release_text", lang, version=imprint.version,
                     date=publication.release_date_text(imprint.release_date, lang))
        rows = [(t("imprint_publisher", lang), imprint.publisher), (t("imprint_contact", lang), imprint.contact),
                (t("imprint_release", lang), released)]
    style = Markup(notebook_css())  # the project's own stylesheet, not data: kept as written
    return block("title", style, banner, t(key, lang, **values), "", rows, page_links(report, inputs),
                 t("nav_label", lang))


def contents(report: str, lang: str) -> HTML:
    """The table of contents: each section linked to its heading (print: with its page number)."""
    entries = [(anchor(key), t(key, lang)) for key in OUTLINES[report]["sections"]]
    return block("contents", t("contents", lang), entries)


def number(report: str, item: str) -> int:
    """The number of a table ("t:key") or figure ("f:key") among those of its kind in the report."""
    items = OUTLINES[report]["items"]
    kind = item[:2]
    return [i for i in items if i.startswith(kind)].index(item) + 1


def caption(report: str, item: str, lang: str, title_key: str | None = None) -> HTML:
    """"Bảng 3. <title>" / "Figure 2. <title>" of a table or figure of the report's outline."""
    kind = "table" if item.startswith("t:") else "figure"
    text = t(f"caption_{kind}", lang, n=number(report, item), title=t(title_key or item[2:], lang))
    return block("caption", text, kind)


def source_text(inputs, kind: str = "returns") -> str:
    """The "Nguồn: ..." line of a table or figure: returns, returns with administrative totals
    (admin), the years of the panel (panel), the published figures (published) or the build's checks
    (quality)."""
    lang, year = inputs.lang, inputs.year
    publisher = t("publisher_short", lang)
    if kind == "admin":
        return t("source_returns_admin", lang, year=year, publisher=publisher,
                 totals=t(f"source_totals_{inputs.geo}", lang), counts=counts_phrase(year, lang))
    if kind == "panel":
        # the July 2025 caveat is the table's note and the chart's own mark, not repeated here
        return t("source_panel", lang, first=int(inputs.trend.index.min()), year=year, publisher=publisher)
    if kind == "published":  # a year with no published figures cites no publication
        published = t("published_source", lang).rstrip(".")
        return (t("source_published", lang, year=year, published=published) if inputs.published
                else t("source_returns", lang, year=year, publisher=publisher))
    if kind == "quality":
        return t("source_quality", lang, year=year)
    return t("source_returns", lang, year=year, publisher=publisher)


def figure(chart: Figure | None, inputs, kind: str = "returns") -> None:
    """Show a chart or map (plots, maps) and then its source line under it, and close it: shown here,
    the figure is an output of its own before the source line (left to the end of the cell, matplotlib
    would show it after). None shows nothing (a profile of a province without a return)."""
    if chart is None:
        return
    display(chart, source(inputs, kind))
    plt.close(chart)


def source(inputs, kind: str = "returns") -> HTML:
    """The source line under a table or figure (see source_text)."""
    return block("source_line", source_text(inputs, kind))
