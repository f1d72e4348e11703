"""The block kit every report uses: title, headings, paragraphs, cards, tables, rank labels, the
rating rules and the trend table, each rendered by a macro of templates/html/blocks.html.j2.

Every block is rendered by a Jinja2 template (blocks.html.j2 and the shared macros of
components.html.j2) through analysis.present.jinja, with autoescape: a `<script>` typed into a
return shows as text and never runs. Numbers are formatted by ``fmt`` (half-up), ranks by
``ranking`` (ties share the best rank, "=52/63"), words come from the catalogue (``labels.t``).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from IPython.display import HTML
from markupsafe import Markup

from analysis import fmt
from analysis.denominators import counts_phrase
from analysis.labels import t
from analysis.present.jinja import render_macro
from analysis.present.style import notebook_css
from analysis.ranking import rank_label
from analysis.thresholds import geo_thresholds

BLOCKS = "blocks.html.j2"



def block(macro: str, *args: object, **kwargs: object) -> HTML:
    """The HTML of one macro of blocks.html.j2, ready for display()."""
    return HTML(render_macro(BLOCKS, macro, *args, **kwargs))



def heading(key: str, lang: str, level: int = 2, **values: object) -> HTML:
    """A section heading from the translation table; a level-2 heading has the id "s-<key>" the
    table of contents links to (present.furniture)."""
    return block("heading", t(key, lang, **values), level, f"s-{key}" if level == 2 else "")



def title(key: str, lang: str, sample: bool, published: bool = False, subtitle: str = "", **values: object) -> HTML:
    """The report's title with the notebook style (a scoped <style>) and, for sample data, the banner.

    published: whether the year has published figures (then the banner says the national totals match them).
    """
    banner = t("sample_banner" if published else "sample_banner_unpublished", lang) if sample else ""
    style = Markup(notebook_css())  # the project's own stylesheet, not data: kept as written
    return block("title", style, banner, t(key, lang, **values), subtitle)



def paragraphs(texts: list[str], css_class: str = "", notes: tuple[str, ...] = ()) -> HTML:
    """Paragraphs of text (already in the report's language), with optional small-print notes."""
    return block("text", list(texts), css_class, list(notes))



def cards(items: list[tuple[str, str]], notes: tuple[str, ...] = ()) -> HTML:
    """Headline figures as cards: (label, formatted value) pairs, with optional notes below."""
    return block("cards", list(items), list(notes))



@dataclass(frozen=True)
class Flag:
    """A mark on a figure (unconfirmed, revised...): the symbol shown after the value and the note
    that explains it once under the table."""

    symbol: str
    note: str


def flagged(cell: object, *flags: Flag) -> object:
    """A table cell carrying flags (a text or a cell dict); the cell itself when there are none."""
    if not flags:
        return cell
    base = dict(cell) if isinstance(cell, dict) else {"text": cell}
    return {**base, "flags": (*base.get("flags", ()), *flags)}


def keyed(cell: object, figure: str) -> object:
    """A table cell that names the recorded figure it shows (``assessment.79.staff_total``, as the
    report records it: analysis.present.recorded), so a release can mark it revised
    (analysis.reports.revisions); shown as a `data-figure` attribute, invisible to readers."""
    base = dict(cell) if isinstance(cell, dict) else {"text": cell}
    return {**base, "figure": figure}


def _with_symbols(cell: object, used: dict[str, Flag]) -> object:
    """A cell with its flags' symbols after its text; each flag seen is added to `used` (first seen first)."""
    if not isinstance(cell, dict) or not cell.get("flags"):
        return cell
    for flag in cell["flags"]:
        used.setdefault(flag.symbol, flag)
    symbols = "".join(dict.fromkeys(f.symbol for f in cell["flags"]))
    out = {k: v for k, v in cell.items() if k != "flags"}
    out["text"] = f"{cell.get('text', '')}\u00a0{symbols}"
    return out


def table(columns: dict[str, list], css_class: str = "", row_classes: list[str] | None = None,
          notes: tuple[str, ...] = ()) -> HTML:
    """A table from {header: cells}; a cell is text or a dict (text, title, sort, css: see components.table;
    flags: Flag marks, see `flagged`). A flagged cell shows its symbols after its value, and each symbol
    used in the table is explained once under it, after the notes."""
    header = list(columns)
    used: dict[str, Flag] = {}
    rows = [[_with_symbols(cell, used) for cell in cells] for cells in zip(*columns.values())] if columns else []
    flag_notes = [f"{flag.symbol} {flag.note}" for flag in used.values()]
    return block("table", header, rows, css_class, row_classes, list(notes) + flag_notes)


def unconfirmed_flag(lang: str) -> Flag:
    """The mark of a figure computed from a value whose year-on-year check the province has not confirmed."""
    return Flag(t("flag_unconfirmed_symbol", lang), t("flag_unconfirmed_note", lang))


def unconfirmed_total_flag(lang: str) -> Flag:
    """The same mark on a total that includes such a figure of some province (the national trend)."""
    return Flag(t("flag_unconfirmed_symbol", lang), t("flag_unconfirmed_total_note", lang))


def marked(cells: list, names: list[str], measure: str, unconfirmed: frozenset, lang: str) -> list:
    """Cells of one measure, each flagged unconfirmed when (its province name, measure) is in `unconfirmed`."""
    flag = unconfirmed_flag(lang)
    return [flagged(cell, flag) if (name, measure) in unconfirmed else cell for cell, name in zip(cells, names)]



def ranks(frame: pd.DataFrame, lang: str) -> list[str]:
    """The rank labels ("5/63", "=52/63", "chưa có (=63/63)") of a frame with columns rank, n, tied
    and optionally none (analysis.ranking)."""
    none = frame["none"] if "none" in frame else [False] * len(frame)
    return [rank_label(r, n, tied, lang, bool(z))
            for r, n, tied, z in zip(frame["rank"], frame["n"], frame["tied"], none)]



def tie_notes(tied: object, lang: str) -> tuple[str, ...]:
    """The note explaining "=" under a table when any of its ranks is tied."""
    return (t("rank_tie_note", lang),) if any(bool(x) for x in tied) else ()



def name_list(label: str, names: list[str], lang: str) -> HTML:
    """A labelled, comma-separated list of names ("không có"/"none" when empty)."""
    return block("name_list", label, fmt.number(len(names), lang), ", ".join(names) if names else t("none", lang))



def rating_label(rating: str, lang: str) -> str:
    """The translated label of a rating key ("thin" -> "còn thiếu")."""
    return t(f"rating_{rating}", lang)



def rule_lines(thresholds: dict, lang: str, geo: str = "vn63") -> list[str]:
    """The assessment rules with the thresholds in force (assessment.yml), one sentence each.

    geo "vn34" (from 2025, no district level): the network rule names the commune share only.
    """
    thresholds = geo_thresholds(geo, thresholds)  # the limits in force on this map (assessment.yml)
    network = {"commune": fmt.percent(thresholds["network"]["developed_commune_coverage"], lang, 0)}
    if geo != "vn34":
        network["district"] = fmt.percent(thresholds["network"]["developed_district_coverage"], lang, 0)
    staffing = thresholds["staffing"]
    per_former = staffing.get("per_former_province")
    return [
        t("rule_staffing_vn34" if per_former else "rule_staffing", lang, critical=staffing["critical_below"],
          thin=staffing["thin_below"], **({"critical3": 3 * staffing["critical_below"],
                                          "thin3": 3 * staffing["thin_below"]} if per_former else {})),
        t("rule_network_vn34" if geo == "vn34" else "rule_network", lang, **network),
        t("rule_pay", lang, pay=fmt.number(thresholds["remuneration"]["low_pay_below_mvnd"], lang, 1)),
    ]



def rules(thresholds: dict, lang: str, geo: str = "vn63") -> HTML:
    """The assessment rules with the thresholds in force, as a boxed list (geo: as rule_lines)."""
    return block("rules", rule_lines(thresholds, lang, geo))



def trend_table(trend: pd.DataFrame, lang: str, notes: tuple[str, ...] | None = None,
                unconfirmed: frozenset = frozenset()) -> HTML:
    """The trend by year (trends.national_trend or province_trend); "–" where not defined.

    notes: the small print below (default: the July 2025 break, when the years cross it). unconfirmed: (year, measure) cells
    built from a value with an unconfirmed check (flags.trend_cells), flagged; on the national trend
    (it has units_reporting) the note says the total includes such a value.
    """
    flag = unconfirmed_total_flag(lang) if "units_reporting" in trend else unconfirmed_flag(lang)
    years = [int(y) for y in trend.index]

    def cells(measure: str, shown: list[str]) -> list:
        return [flagged(c, flag) if (y, measure) in unconfirmed else c for c, y in zip(shown, years)]

    def counts(column: str) -> list:
        return cells(column, [fmt.number(v, lang) for v in trend[column]])

    def shares(column: str) -> list:
        return cells(column, [fmt.percent(v, lang) for v in trend[column]])

    columns = {t("year", lang): [str(y) for y in years]}
    if "units_reporting" in trend:
        columns[t("units_reporting", lang)] = [fmt.number(v, lang) for v in trend["units_reporting"]]
    columns.update({
        t("staff_total", lang): counts("staff_total"),
        t("staff_field", lang): counts("staff_field"),
        t("field_share", lang): shares("field_share"),
        t("districts_with_network", lang): counts("districts_with_network"),
        t("district_coverage", lang): shares("district_coverage"),
        t("communes_with_network", lang): counts("communes_with_network"),
        t("commune_coverage", lang): shares("commune_coverage"),
    })
    if notes is None:  # the July 2025 break, said where the years run across it
        notes = (t("trend_note", lang),) if years and min(years) < 2025 <= max(years) else ()
    return table(columns, notes=(t("trend_denominators", lang), *notes))


def provenance_note(provenance: dict, lang: str) -> HTML:
    """Where the figures come from (the footer, for audit): the version and commit of the build that
    compiled them, its raw files, the administrative counts of the year's denominators."""
    text = t("generated", lang, version=provenance.get("package_version", "?"),
             commit=(provenance.get("git_commit") or "?")[:12], inputs=len(provenance.get("inputs", [])),
             counts=counts_phrase(int(provenance["year"]), lang))
    return block("provenance", [text])
