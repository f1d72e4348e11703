"""reports/<year>/status.html (and status.en.html): the collection status the build recorded
(status.csv of the processed data), linked from the year's index. Template: templates/html/status.html.j2."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from markupsafe import Markup

from analysis import files, fmt
from analysis.collection import status as st
from analysis.collection.lines import approval_words, received_words, summary_lines
from analysis.labels import t
from analysis.present import jinja
from analysis.reconciliation import published_figures
from analysis.reports.plan import has_english
from analysis.reports.render import report_css

STATUS_FILE = "status.csv"
#: The pages a report run writes (one per edition), kept by its sweep and compared by `verify`.
PAGES = ("status.html", "status.en.html")


def page_name(lang: str) -> str:
    """status.html, or status.en.html for the English edition."""
    return "status.html" if lang == "vi" else f"status.{lang}.html"


def load_status(year: int, processed_dir: Path) -> pd.DataFrame | None:
    """The status table the build wrote (status.csv), or None for a build older than it."""
    path = Path(processed_dir) / str(year) / STATUS_FILE
    if not path.exists():
        return None
    return pd.read_csv(path, dtype=str, keep_default_na=False).astype(
        {c: int for c in ("errors", "warnings", "checks_open", "checks_confirmed")})


def status_html(year: int, table: pd.DataFrame | None, lang: str, banner: str = "") -> str:
    """The page: cards (reporting rate, on-time rate, signed off), the rate lines, one row per province."""
    index = "index.html" if lang == "vi" else "index.en.html"
    if table is None:
        return jinja.render("status.html.j2", lang=lang, title=t("status_title", lang, year=year),
                            report_css=Markup(report_css()), banner=banner, cards=[], lines=[t("none", lang)],
                            back={"href": index, "label": t("index_title", lang, year=year)},
                            heading=t("status_page_heading", lang), header=[], rows=[], row_classes=[])
    r = st.rates(table)
    cards = [(t("reporting_rate", lang), fmt.percent(r["reporting_rate"], lang)),
             (t("on_time_rate", lang), fmt.percent(r["on_time_rate"], lang)),
             (t("signed_off_card", lang), f"{r['signed_off']}/{r['expected']}")]
    rows = []
    for row in table.to_dict("records"):
        rows.append([row["province_code"], row["province_name"], row["files"] or "–", received_words(row, lang),
                     t(f"timeliness_{row['timeliness']}", lang),
                     f"{row['errors']} / {row['warnings']} / {row['checks_open']} ({row['checks_confirmed']})",
                     approval_words(row, lang) if row["timeliness"] != "missing" else "–"])
    header = [t("code", lang), t("province", lang), t("status_file", lang), t("status_received", lang),
              t("status_timeliness", lang), t("status_problems", lang), t("status_approval", lang)]
    return jinja.render("status.html.j2", lang=lang, title=t("status_title", lang, year=year),
                        report_css=Markup(report_css()), banner=banner, cards=cards, lines=summary_lines(table, year, lang),
                        back={"href": index, "label": t("index_title", lang, year=year)},
                        heading=t("status_page_heading", lang), header=header, rows=rows,
                        row_classes=[f"status-{row['timeliness']}" for row in table.to_dict("records")])


def write_status_pages(year: int, processed_dir: Path, out_dir: Path, entries: dict, sample: bool) -> list[Path]:
    """Write status.html (and status.en.html when the run has English reports, as the index does) from the
    processed data, atomically, with the sample-data banner when the data is the sample."""
    table = load_status(year, processed_dir)
    written = []
    for lang in ("vi", "en") if has_english(entries) else ("vi",):
        banner = "" if not sample else t("sample_banner" if len(published_figures(year)) else
                                         "sample_banner_unpublished", lang)
        path = Path(out_dir) / page_name(lang)
        files.atomic_write_bytes(path, status_html(year, table, lang, banner).encode("utf-8"))
        written.append(path)
    return written


def index_entry(year: int, lang: str) -> dict:
    """The status page's line in the year's index (reports.index)."""
    return {"title": t("status_title", lang, year=year), "links": [("HTML", page_name(lang))], "fallback": ""}
