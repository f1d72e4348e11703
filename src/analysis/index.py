"""reports/<year>/index.html: headline figures and a sortable table linking every report.

Built from the manifest (the values each notebook recorded), so skipped reports appear too.
Provinces with no return, a failed build or no report yet are marked, never left out. The only
script is a few inline lines that sort the table; nothing is fetched from elsewhere.
"""

from __future__ import annotations

from pathlib import Path

from analysis import fmt, reference
from analysis.files import atomic_write_bytes
from analysis.labels import t
from analysis.present import cards, esc
from analysis.render import report_css

SORT_SCRIPT = """
document.querySelectorAll('table.sortable th').forEach(function (th, col) {
  th.tabIndex = 0;
  th.addEventListener('click', function () {
    var table = th.closest('table'), body = table.tBodies[0];
    var asc = th.getAttribute('aria-sort') !== 'ascending';
    table.querySelectorAll('th').forEach(function (h) { h.removeAttribute('aria-sort'); });
    th.setAttribute('aria-sort', asc ? 'ascending' : 'descending');
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = a.cells[col].getAttribute('data-sort'), y = b.cells[col].getAttribute('data-sort');
      var nx = parseFloat(x), ny = parseFloat(y), r;
      if (!isNaN(nx) && !isNaN(ny)) { r = nx - ny; }
      else if (isNaN(nx) !== isNaN(ny)) { r = isNaN(nx) ? 1 : -1; }
      else { r = x.localeCompare(y, 'vi'); }
      return asc ? r : -r;
    });
    rows.forEach(function (r) { body.appendChild(r); });
  });
});
"""

INDEX_CSS = """
main.report { max-width: 1280px; }
table.sortable th { cursor: pointer; user-select: none; }
table.sortable th::after { content: " ⇅"; color: #9aa5b1; font-size: 0.8em; }
table.sortable th[aria-sort=ascending]::after { content: " ▲"; color: #0072B2; }
table.sortable th[aria-sort=descending]::after { content: " ▼"; color: #0072B2; }
tr.status-failed td { color: #b00020; }
tr.status-noreport td.links { color: #5f6b7a; font-style: italic; }
tr.status-no_return td { color: #5f6b7a; font-style: italic; }
.links a { margin-right: 0.5rem; }
ul.reports li { margin: 0.2rem 0; }
"""


def _cell(text: str, sort: object = None) -> str:
    sort_value = text if sort is None else sort
    return f'<td data-sort="{esc(sort_value)}">{text}</td>'


def _links(entry: dict | None, lang: str) -> str:
    if not entry or entry.get("status") != "built":
        return ""
    return "".join(f'<a href="{esc(rel)}">{esc(Path(rel).suffix[1:].upper())}</a>'
                   for rel in entry.get("outputs", {}) if not rel.startswith("notebooks/"))


def province_rows(year: int, entries: dict, lang: str) -> list[str]:
    """One <tr> per province of the year's map: figures and ratings, status, links to its reports.

    Figures come from the province's own report when it was built, else from the national report's
    assessment table, so every row is filled whichever reports this run built. A province with no
    return, a failed build or no report yet says so in words (not only by colour).
    """
    geo = reference.geo_for_year(year)
    suffix = "" if lang == "vi" else f".{lang}"
    national = entries.get("national" + suffix, {}).get("recorded", {})
    assessed = {row["province_code"]: row for row in national.get("assessment", [])}
    rows = []
    for p in reference.provinces(geo).itertuples():
        entry = entries.get(f"province-{p.province_code}{suffix}")
        values = dict(assessed.get(p.province_code, {}))
        profile = (entry or {}).get("recorded", {}).get("profile", {})
        if profile.get("returned"):
            values.update({k: profile.get(k) for k in ("staff_total", "field_share", "district_coverage",
                                                        "commune_coverage", "staffing", "network")})
        returned = values.get("staffing") not in (None, "no_return") if values else profile.get("returned", False)
        if entry is not None and entry["status"] != "built":
            status, links = "failed", esc(t("status_failed", lang))
        elif entry is None:
            status, links = "noreport", esc(t("status_not_built", lang))
        else:
            status, links = "ok", _links(entry, lang)
        if not returned and (values or profile):
            status = "no_return" if status == "ok" else status

        def pct(key: str, values: dict = values) -> str:
            v = values.get(key)
            return _cell(esc(fmt.percent(v, lang)), "" if v is None else v)

        def rating(key: str, values: dict = values) -> str:
            r = values.get(key)
            return _cell(esc(t(f"rating_{r}", lang)) if r else "–", r or "")

        staff = None if values.get("staff_total") is None else int(values["staff_total"])  # persons
        cells = [
            _cell(esc(p.province_code)), _cell(esc(p.province_name)), _cell(esc(p.region)),
            _cell(esc(fmt.number(staff, lang)), "" if staff is None else staff), pct("field_share"),
        ]
        if geo == "vn63":
            cells.append(pct("district_coverage"))
        cells += [pct("commune_coverage"), rating("staffing"), rating("network"),
                  f'<td class="links">{links}</td>']
        rows.append(f'<tr class="status-{status}">{"".join(cells)}</tr>')
    return rows


def index_html(year: int, entries: dict, lang: str = "vi", sample: bool = False) -> str:
    """The index page of a year's reports, self-contained (inline CSS and sort script)."""
    suffix = "" if lang == "vi" else f".{lang}"
    national = entries.get("national" + suffix, {})
    figures = national.get("recorded", {}).get("national", {})
    parts = []
    if sample:
        from analysis.indicators import published_figures

        banner = "sample_banner" if len(published_figures(year)) else "sample_banner_unpublished"
        parts.append(f'<div class="sample-banner">{esc(t(banner, lang))}</div>')
    parts.append(f"<h1>{esc(t('index_title', lang, year=year))}</h1>")
    if figures:
        items = [(t("units_reporting", lang), f"{fmt.number(figures['units_reporting'], lang)}/"
                                              f"{fmt.number(figures['units_expected'], lang)}"),
                 (t("staff_total", lang), fmt.number(figures["staff_total"], lang)),
                 (t("staff_field", lang), fmt.number(figures["staff_field"], lang)),
                 (t("field_share", lang), fmt.percent(figures["field_share"], lang)),
                 (t("communes_with_network", lang), fmt.number(figures["communes_with_network"], lang))]
        if figures.get("districts_total"):
            items.insert(4, (t("districts_with_network", lang), fmt.number(figures["districts_with_network"], lang)))
        parts.append(f"<h2>{esc(t('headline', lang))}</h2>" + cards(items).data)
    report_links = []
    for key, label in (("national", "national_title"), ("data-quality", "quality_title")):
        entry = entries.get(key + suffix)
        links = _links(entry, lang) or esc(t("status_failed", lang) if entry else t("none", lang))
        report_links.append(f"<li>{esc(t(label, lang, year=year))}: <span class='links'>{links}</span></li>")
    other = "en" if lang == "vi" else "vi"
    if any(k.endswith(".en") for k in entries) or (lang == "en"):
        name = "index.html" if other == "vi" else "index.en.html"
        report_links.append(f'<li><a href="{name}">{"English" if other == "en" else "Tiếng Việt"}</a></li>')
    parts.append(f"<h2>{esc(t('reports', lang))}</h2><ul class='reports'>{''.join(report_links)}</ul>")
    geo = reference.geo_for_year(year)
    headers = [t("code", lang), t("province", lang), t("region", lang), t("staff_total", lang), t("field_share", lang)]
    if geo == "vn63":
        headers.append(t("district_coverage", lang))
    headers += [t("commune_coverage", lang), t("staffing_rating", lang), t("network_rating", lang), t("reports", lang)]
    head = "".join(f"<th scope='col'>{esc(h)}</th>" for h in headers)
    parts.append(f"<h2>{esc(t('assessment', lang))}</h2><div class='table-wrap'><table class='data sortable' id='provinces'>"
                 f"<thead><tr>{head}</tr></thead><tbody>{''.join(province_rows(year, entries, lang))}</tbody></table></div>")
    return (f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{esc(t('index_title', lang, year=year))}</title><style>{report_css()}{INDEX_CSS}</style></head>"
            f'<body><main class="report">{"".join(parts)}</main><script>{SORT_SCRIPT}</script></body></html>')


def write_index(year: int, out_dir: Path, entries: dict, sample: bool = False) -> Path:
    """Write index.html (and index.en.html when English reports exist) atomically; returns index.html."""
    path = Path(out_dir) / "index.html"
    atomic_write_bytes(path, index_html(year, entries, "vi", sample).encode("utf-8"))
    if any(key.endswith(".en") for key in entries):
        atomic_write_bytes(Path(out_dir) / "index.en.html", index_html(year, entries, "en", sample).encode("utf-8"))
    return path


def write_root_index(reports_dir: Path) -> Path:
    """reports/index.html: one link per year that has reports (Vietnamese and, if built, English)."""
    reports_dir = Path(reports_dir)
    years = sorted((p.name for p in reports_dir.iterdir() if p.name.isdigit() and (p / "index.html").exists()),
                   reverse=True)
    items = []
    for year in years:
        english = f' · <a href="{year}/index.en.html">English</a>' if (reports_dir / year / "index.en.html").exists() else ""
        items.append(f'<li><a href="{year}/index.html">{esc(t("index_title", "vi", year=year))}</a>{english}</li>')
    page = (f'<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1"><title>Khuyến công</title>'
            f"<style>{report_css()}{INDEX_CSS}</style></head><body><main class='report'>"
            f"<h1>{esc(t('reports', 'vi'))}</h1><ul class='reports'>{''.join(items)}</ul></main></body></html>")
    path = reports_dir / "index.html"
    atomic_write_bytes(path, page.encode("utf-8"))
    return path
