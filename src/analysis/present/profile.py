"""HTML blocks of the province profile: identity, key figures, coverage bars, trend, assessment text.

Same rules as ``present``: templates with autoescape, numbers through ``fmt``, ranks through
``ranking`` (the same "=52/63" in the table, the sentence and the position chart).
"""

from __future__ import annotations

import pandas as pd
from IPython.display import HTML

from analysis import fmt, trace
from analysis.config import SAMPLE_MARKER
from analysis.labels import t
from analysis.present.blocks import (
    block,
    flagged,
    keyed,
    paragraphs,
    rating_label,
    rule_lines,
    table,
    tie_notes,
    trend_table,
    unconfirmed_flag,
)
from analysis.present.names import centre_name, region_name
from analysis.present.quality import column_label
from analysis.ranking import SHARE_MEASURES, rank_label


def province_identity(profile: dict, lang: str) -> HTML:
    """Code, region, type, map and (2025+) the former provinces ("not merged" when it is its only
    former province) or (before 2025) where it went in 2025."""
    kind = "type_city" if profile["province_type"] == "thành phố" else "type_province"
    rows = [(t("code", lang), profile["province_code"]), (t("region", lang), region_name(profile["region"], lang)),
            (t("province_type", lang), t(kind, lang)), (t("map", lang), t(f"geo_{profile['geo']}", lang))]
    former = profile.get("former_provinces") or []
    if len(former) == 1:  # a 2025 province made of one former province: not merged (Huế: renamed)
        same = former[0] == profile["province_name"]
        rows.append((t("reorganisation_2025", lang),
                     t("not_merged", lang) if same else t("not_merged_renamed", lang, name=former[0])))
    elif former:
        rows.append((t("former_provinces", lang), ", ".join(former)))
    if profile.get("merged_into_2025"):
        rows.append((t("merged_into", lang), profile["merged_into_2025"]))
    if profile.get("unit_name"):
        rows.append((t("unit_name", lang), centre_name(profile["unit_name"], lang)))
    if profile.get("notes"):
        rows.append((t("notes", lang), return_note(profile["notes"], lang)))
    return block("identity", rows)


def return_note(notes: str, lang: str) -> str:
    """The return's "Ghi chú" as a reader sees it: the province's own words, with the note the sample
    generator writes (it starts with config.SAMPLE_MARKER and names the tool) told in the edition's
    words instead ("Dữ liệu mẫu, không phải báo cáo thật của đơn vị")."""
    parts = [p.strip() for p in str(notes).split(";")]
    shown = [t("sample_return_note", lang) if p.startswith(SAMPLE_MARKER) else p for p in parts if p]
    return "; ".join(shown)


def figure_rank(figure: dict, lang: str) -> str:
    """A key figure's rank label ("=52/63"), or "–" when the province has no value."""
    return rank_label(figure["rank"], figure["n"], figure.get("tied", False), lang,
                      figure.get("none", False)) if figure["rank"] else "–"


#: The return columns each key figure is computed from (its hover text names their cells).
FIGURE_COLUMNS = {"staff_total": ("staff_total",), "staff_field": ("staff_field",),
                  "field_share": ("staff_field", "staff_total"),
                  "district_coverage": ("districts_with_network", "districts_total"),
                  "commune_coverage": ("communes_with_network", "communes_total")}


def figure_sources(cells: pd.DataFrame | None, profile: dict, name: str, lang: str) -> str:
    """The hover text of a key figure: each source column's label and cell ("" without a cells table)."""
    if cells is None:
        return source_of(profile, lang)
    mine = cells[(cells["province_code"] == profile["province_code"])
                 & (cells["source_file"] == profile.get("source_file"))]
    parts = []
    for column in FIGURE_COLUMNS.get(name, ()):
        found = mine[mine["column"] == column]
        if len(found):
            parts.append(f"{column_label(column, lang)}: {trace.place_of(found.iloc[0], lang)}")
    return "; ".join(parts)


def source_of(profile: dict, lang: str) -> str:
    """Where the province's figures were read: file and row."""
    if not profile.get("source_file"):
        return ""
    return t("source_cell", lang, file=profile["source_file"], row=profile.get("source_row") or "–")


def key_figures(profile: dict, lang: str, cells: pd.DataFrame | None = None,
                unconfirmed: frozenset = frozenset()) -> HTML:
    """The province's figures next to the national and regional medians, with its rank (or the no-return page).

    Each value cell names, on hover (title attribute), the cells of the return it comes from
    (cells: the year's cells.parquet, dataset.load_cells); without them, the file and row.
    """
    if not profile["returned"]:
        return no_return(profile, lang)
    shown = [(name, fig) for name, fig in profile["figures"].items() if fig["n"]]  # no district level from 2025

    def show(name: str, value: object) -> str:
        return fmt.percent(value, lang) if name in SHARE_MEASURES else fmt.number(value, lang, 0)

    return table({
        t("measure", lang): [t(name, lang) for name, _ in shown],
        t("value", lang): [flagged({"text": show(name, fig["value"]), "title": figure_sources(cells, profile, name, lang),
                                    "figure": f"profile.figures.{name}.value"},
                                   *([unconfirmed_flag(lang)] if (profile["province_name"], name) in unconfirmed else []))
                           for name, fig in shown],
        t("rank", lang): [keyed(figure_rank(fig, lang), f"profile.figures.{name}.rank") for name, fig in shown],
        t("national_median", lang): [show(name, fig["national_median"]) for name, fig in shown],
        t("regional_median", lang): [show(name, fig["regional_median"]) for name, fig in shown],
    }, notes=tie_notes([fig.get("tied") for _, fig in shown], lang))


def assessment_sentences(profile: dict, thresholds: dict, lang: str) -> HTML:
    """The province's assessment in a few sentences (staffing, network, pay and, with collaborators, the
    low-pay rating with its threshold from assessment.yml), followed by the rules that produced it."""
    if not profile["returned"]:
        return paragraphs([t("no_return_text", lang, province=profile["province_name"], year=profile["year"])])
    staff = profile["figures"]["staff_total"]
    sentences = [t("sentence_staffing", lang, province=profile["province_name"],
                   staff=fmt.number(profile["staff_total"], lang), field=fmt.number(profile["staff_field"], lang),
                   share=fmt.percent(profile["field_share"], lang), rank=figure_rank(staff, lang),
                   rating=rating_label(profile["staffing"], lang))]
    network = rating_label(profile["network"], lang)
    if profile["geo"] == "vn34":
        sentences.append(t("sentence_network_vn34", lang, communes=fmt.number(profile["communes_with_network"], lang),
                           ccov=fmt.percent(profile["commune_coverage"], lang), rating=network))
    else:
        sentences.append(t("sentence_network", lang, districts=fmt.number(profile["districts_with_network"], lang),
                           dcov=fmt.percent(profile["district_coverage"], lang),
                           communes=fmt.number(profile["communes_with_network"], lang),
                           ccov=fmt.percent(profile["commune_coverage"], lang), rating=network))
    if profile.get("collaborator_pay_mvnd") is not None and profile["collaborators"]:
        sentences.append(t("sentence_pay", lang, pay=fmt.number(profile["collaborator_pay_mvnd"], lang, 1),
                           per=fmt.number(profile["pay_per_collaborator_mvnd"], lang, 1)))
    else:
        sentences.append(t("sentence_no_pay", lang))
    if profile["collaborators"]:  # the low-pay rating (indicators.assessment_table) applies to provinces with collaborators
        limit = fmt.number(thresholds["remuneration"]["low_pay_below_mvnd"], lang, 1)
        sentences.append(t("sentence_low_pay" if profile["low_pay"] else "sentence_pay_enough", lang, pay=limit))
    return block("assessment", sentences, rule_lines(thresholds, lang, profile["geo"]))


def coverage_bars(profile: dict, lang: str) -> HTML:
    """The province's district and commune coverage beside the regional and national medians, as bars,
    then its rank by network breadth (the rank of the national network table, indicators.network_ranking)."""
    if not profile["returned"]:
        return HTML("")
    bars = []
    for measure in ("district_coverage", "commune_coverage"):
        figure = profile["figures"][measure]
        if figure["value"] is None:
            continue
        for label, key, css in ((profile["province_name"], "value", "own"),
                                (t("regional_median", lang), "regional_median", "region"),
                                (t("national_median", lang), "national_median", "nation")):
            value = figure[key] or 0.0
            bars.append({"measure": t(measure, lang) if key == "value" else "", "label": label, "css": css,
                         "width": min(value, 1) * 100, "value": fmt.percent(value, lang)})
    rank = rank_label(profile["network_rank"], profile["network_ranked"], profile["network_rank_tied"], lang,
                      profile.get("network_rank_none", False))
    note = t("breadth_note_vn34" if profile["geo"] == "vn34" else "breadth_note", lang)
    notes = [note, *tie_notes([profile["network_rank_tied"]], lang)]
    return block("coverage_bars", bars, (t("rank_breadth", lang), rank), notes)


def trend_note(profile: dict, trend: pd.DataFrame, lang: str, unconfirmed: frozenset = frozenset()) -> HTML:
    """The province's trend table, with what it is built from: its former provinces (2025+) or where it
    went; unconfirmed: its (year, measure) cells to flag (report_inputs: province_trend_unconfirmed)."""
    notes = []
    if profile.get("former_provinces") and len(profile["former_provinces"]) > 1:
        notes.append(t("trend_former", lang, names=", ".join(profile["former_provinces"])))
    years = list(trend.index)
    if years and (min(years) < 2025 <= max(years) or profile.get("year", 0) >= 2025):
        notes.append(t("trend_note", lang))  # the caveat where the trend runs across July 2025
    return trend_table(trend, lang, tuple(notes), unconfirmed)


def no_return(profile: dict, lang: str) -> HTML:
    """The page shown for a province that sent no return for the year."""
    return block("no_return", t("no_return", lang),
                 t("no_return_text", lang, province=profile["province_name"], year=profile["year"]))
