"""reports/<year>/index.html and reports/index.html, through Jinja2 templates (autoescape).

Built from the manifest (the values each notebook recorded), so skipped reports appear too.
Provinces with no return, a failed build or no report yet are marked, never left out. The pages
are self-contained: the report and index CSS and the small sort script (templates/html/index.css,
sort.js) are inlined by the templates; nothing is fetched from elsewhere.
"""

from __future__ import annotations

from pathlib import Path

from markupsafe import Markup

from analysis import files, fmt, opendata, reference
from analysis.collection import page as status_page
from analysis.labels import t
from analysis.present import jinja
from analysis.reports import manifest
from analysis.reports.plan import has_english, job_key
from analysis.reports.render import report_css


def _links(entry: dict | None) -> list[tuple[str, str]]:
    """(label, relative link) of a built report's HTML and PDF; [] when it was not built."""
    if not entry or entry.get("status") != "built":
        return []
    return [(Path(rel).suffix[1:].upper(), rel) for rel in entry.get("outputs", {})
            if not rel.startswith("notebooks/")]


def _cell(text: object, sort: object = None) -> dict:
    return {"text": text, "sort": text if sort is None else sort}


def province_rows(year: int, entries: dict, lang: str) -> list[dict]:
    """One row per province of the year's map: cells (text and sort key), status, links to its reports.

    Figures come from the province's own report when it was built, else from the national report's
    assessment table, so every row is filled whichever reports this run built. A province with no
    return, a failed build or no report yet says so in words (not only by colour).
    """
    geo = reference.geo_for_year(year)
    national = entries.get(job_key("national", lang), {}).get("recorded", {})
    assessed = {row["province_code"]: row for row in national.get("assessment", [])}
    rows = []
    for p in reference.provinces(geo).itertuples():
        entry = entries.get(job_key("province", lang, p.province_code))
        values = dict(assessed.get(p.province_code, {}))
        profile = (entry or {}).get("recorded", {}).get("profile", {})
        if profile.get("returned"):
            values.update({k: profile.get(k) for k in ("staff_total", "field_share", "district_coverage",
                                                        "commune_coverage", "staffing", "network")})
        returned = values.get("staffing") not in (None, "no_return") if values else profile.get("returned", False)
        links, fallback = _links(entry), ""
        if entry is not None and not links:
            status, fallback = "failed", t("status_failed", lang)
        elif entry is None:
            status, fallback = "noreport", t("status_not_built", lang)
        else:
            status = "ok"
        if not returned and (values or profile):
            status = "no_return" if status == "ok" else status

        def pct(key: str, values: dict = values) -> dict:
            v = values.get(key)
            return _cell(fmt.percent(v, lang), "" if v is None else v)

        def rating(key: str, values: dict = values) -> dict:
            r = values.get(key)
            return _cell(t(f"rating_{r}", lang) if r else "–", r or "")

        staff = None if values.get("staff_total") is None else int(values["staff_total"])  # persons
        cells = [_cell(p.province_code), _cell(p.province_name), _cell(p.region),
                 _cell(fmt.number(staff, lang), "" if staff is None else staff), pct("field_share")]
        if geo == "vn63":
            cells.append(pct("district_coverage"))
        cells += [pct("commune_coverage"), rating("staffing"), rating("network")]
        rows.append({"cells": cells, "status": status, "links": links, "fallback": fallback})
    return rows


def _headline_cards(figures: dict, lang: str) -> list[tuple[str, str]]:
    if not figures:
        return []
    items = [(t("units_reporting", lang), f"{fmt.number(figures['units_reporting'], lang)}/"
                                          f"{fmt.number(figures['units_expected'], lang)}"),
             (t("staff_total", lang), fmt.number(figures["staff_total"], lang)),
             (t("staff_field", lang), fmt.number(figures["staff_field"], lang)),
             (t("field_share", lang), fmt.percent(figures["field_share"], lang)),
             (t("communes_with_network", lang), fmt.number(figures["communes_with_network"], lang))]
    if figures.get("districts_total"):
        items.insert(4, (t("districts_with_network", lang), fmt.number(figures["districts_with_network"], lang)))
    return items


def release_rows(releases: list[dict], lang: str) -> list[dict]:
    """The year index's list of releases (oldest first): link to each release's own index, its
    date, kind and note, its list of changes (CSV)."""
    rows = []
    for r in releases:
        base = f"releases/{r['number']}/"
        rows.append({"href": base + ("index.en.html" if lang == "en" else "index.html"),
                     "title": t("release_title", lang, number=r["number"]), "date": r.get("date", ""),
                     "kind": t(f"release_kind_{r.get('kind', 'revision')}", lang), "note": r.get("note", ""),
                     "changes": base + "data/changes.csv" if r.get("changes") else None,
                     "changes_label": t("changes_csv", lang), "latest": t("release_latest", lang)})
    return rows


def index_html(year: int, entries: dict, lang: str = "vi", sample: bool = False,
               data_package: str | None = None, releases: list[dict] | None = None) -> str:
    """The index page of a year's reports, self-contained (inline CSS and sort script); `data_package`
    is the relative link to the year's open data package (datapackage.json), if written."""
    figures = entries.get(job_key("national", lang), {}).get("recorded", {}).get("national", {})
    banner = _sample_banner(year, lang) if sample else ""
    reports = []
    for key, label in (("national", "national_title"), ("data-quality", "quality_title")):
        entry = entries.get(job_key(key, lang))
        reports.append({"title": t(label, lang, year=year), "links": _links(entry),
                        "fallback": t("status_failed", lang) if entry else t("none", lang)})
    reports.append(status_page.index_entry(year, lang))  # the collection status page (analysis.collection.page)
    other_edition = None
    if has_english(entries) or lang == "en":
        other_edition = ({"href": "index.en.html", "label": "English"} if lang == "vi"
                         else {"href": "index.html", "label": "Tiếng Việt"})
    geo = reference.geo_for_year(year)
    header = [t("code", lang), t("province", lang), t("region", lang), t("staff_total", lang), t("field_share", lang)]
    if geo == "vn63":
        header.append(t("district_coverage", lang))
    header += [t("commune_coverage", lang), t("staffing_rating", lang), t("network_rating", lang), t("reports", lang)]
    provinces = province_rows(year, entries, lang)
    folder = data_package.rsplit("/", 1)[0] + "/" if data_package and "/" in data_package else ""
    data_files = [(resource[f"title_{lang}"].format(year=year), folder + resource["path"])
                  for resource in opendata.opendata_metadata()["resources"].values()] if data_package else []
    return jinja.render(
        "index.html.j2", lang=lang, title=t("index_title", lang, year=year), report_css=Markup(report_css()),
        banner=banner, headline=t("headline", lang), cards=_headline_cards(figures, lang),
        reports_heading=t("reports", lang), reports=reports, other_edition=other_edition, data_package=data_package,
        data_files=data_files,
        table_heading=t("assessment", lang), header=header, provinces=provinces,
        releases=release_rows(releases or [], lang), releases_heading=t("releases_heading", lang),
        row_classes=[f"status-{p['status']}" for p in provinces])


def write_index(year: int, out_dir: Path, entries: dict, sample: bool = False,
                data_package: str | None = None, releases: list[dict] | None = None) -> Path:
    """Write index.html (and index.en.html when English reports exist) atomically; returns index.html.
    `releases` (manifest.releases) are listed with their date, kind and note."""
    path = Path(out_dir) / "index.html"
    files.atomic_write_bytes(path, index_html(year, entries, "vi", sample, data_package, releases).encode("utf-8"))
    if has_english(entries):
        files.atomic_write_bytes(Path(out_dir) / "index.en.html",
                                 index_html(year, entries, "en", sample, data_package, releases).encode("utf-8"))
    return path


def _sample_banner(year: int, lang: str) -> str:
    """The sample-data banner of a year's pages (the national totals match the published figures or not)."""
    from analysis.reconciliation import published_figures  # lazy: pandas, banner only

    return t("sample_banner" if len(published_figures(year)) else "sample_banner_unpublished", lang)


def root_index_html(reports_dir: Path, lang: str = "vi") -> str:
    """reports/index.html: a one-line description of the reports, one link per year that has reports
    (Vietnamese and, if built, English), and the sample-data banner when any listed year was built from
    sample data (each year's manifest flag; see manifest.sample_data)."""
    reports_dir = Path(reports_dir)
    years = sorted((int(p.name) for p in reports_dir.iterdir() if p.name.isdigit() and (p / "index.html").exists()),
                   reverse=True)
    listed = [{"href": f"{year}/index.html", "title": t("index_title", lang, year=year),
               "english": f"{year}/index.en.html" if (reports_dir / str(year) / "index.en.html").exists() else None}
              for year in years]
    banners = {_sample_banner(year, lang) for year in years if manifest.sample_data(reports_dir / str(year))}
    # one banner: where the years differ, the stronger warning (every figure illustrative)
    banner = banners.pop() if len(banners) == 1 else t("sample_banner_unpublished", lang) if banners else ""
    span = "" if not years else str(years[0]) if len(years) == 1 else f"{years[-1]}–{years[0]}"
    return jinja.render("root_index.html.j2", lang=lang, title="Khuyến công", report_css=Markup(report_css()),
                             banner=banner, heading=t("reports", lang),
                             description=t("national_title", lang, year=span) if years else "", years=listed)


def write_root_index(reports_dir: Path) -> Path:
    """Write reports/index.html (root_index_html, in Vietnamese) atomically; returns its path."""
    path = Path(reports_dir) / "index.html"
    files.atomic_write_bytes(path, root_index_html(reports_dir, "vi").encode("utf-8"))
    return path
