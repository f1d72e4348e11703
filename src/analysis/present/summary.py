"""The summaries of the national and data-quality reports, written in sentences from the figures.

In the style of the published article the project started from: counts and shares, the provinces of
each size band, the networks, the comparison with the previous year and the caveats that apply.
Across the July 2025 reorganisation only totals of people are compared, with the caveat that the
other changes come from the merger (never shown as an improvement).
"""

from __future__ import annotations

import pandas as pd
from IPython.display import HTML

from analysis import fmt
from analysis.flags import unconfirmed_checks
from analysis.labels import t
from analysis.present.blocks import paragraphs
from analysis.present.method import band_phrase
from analysis.quality import SEVERITIES

#: Bands whose provinces are named (the article names the largest units; a short list is named too).
NAMED_UP_TO = 10
#: Figures compared with the previous year: on the same map, and across the 2025 reorganisation.
COMPARED = ("staff_total", "staff_field", "communes_with_network")
COMPARED_ACROSS_MERGER = ("staff_total", "staff_field")


def names(items: list[str]) -> str:
    """Names joined by commas."""
    return ", ".join(items)


def change_words(before: object, after: object, lang: str, persons: bool = True) -> str:
    """"tăng từ 500 lên 516 người" / "fell from 12 to 9", in the edition's number format."""
    a, b = int(before), int(after)
    kind = "up" if b > a else "down" if b < a else "same"
    key = f"change_{kind}" + ("" if persons else "_units")
    return t(key, lang, before=fmt.number(a, lang), after=fmt.number(b, lang))


def crosses_merger(trend: pd.DataFrame, year: int, previous: int) -> bool:
    """Whether the comparison of `previous` with `year` spans the July 2025 reorganisation."""
    return year >= 2025 > previous


def band_sentence(inputs) -> str:
    """The size bands with their counts and, for short lists, their provinces."""
    lang, national = inputs.lang, inputs.national
    n = national["units_reporting"]
    parts = []
    for band in inputs.thresholds["size_bands"]:
        entry = national["bands"][band["key"]]
        values = dict(count=fmt.number(entry["count"], lang), n=fmt.number(n, lang), band=band_phrase(band, lang))
        named = entry["provinces"] and len(entry["provinces"]) <= NAMED_UP_TO
        parts.append(t("summary_band_named", lang, names=names(entry["provinces"]), **values) if named
                     else t("summary_band", lang, **values))
    return t("summary_bands", lang, n=fmt.number(n, lang), parts="; ".join(parts))


def change_sentence(inputs) -> list[str]:
    """The comparison with the previous year (if built), and the merger caveat when it spans July 2025."""
    trend, year, lang = inputs.trend, inputs.year, inputs.lang
    earlier = [y for y in trend.index if y < year]
    if not earlier or year not in trend.index:
        return [t("summary_merger_caveat", lang, year=year)] if year >= 2025 else []
    previous = max(earlier)
    merger = crosses_merger(trend, year, previous)
    parts = [t(f"change_{name}", lang, change=change_words(trend.at[previous, name], trend.at[year, name], lang,
                                                          persons=name.startswith("staff")))
             for name in (COMPARED_ACROSS_MERGER if merger else COMPARED)
             if pd.notna(trend.at[previous, name]) and pd.notna(trend.at[year, name])]
    out = [t("summary_change", lang, previous=previous, parts="; ".join(parts))] if parts else []
    return out + ([t("summary_merger_caveat", lang, year=year)] if year >= 2025 else [])


def national_sentences(inputs) -> list[str]:
    """The national summary, one paragraph per string."""
    lang, n = inputs.lang, inputs.national
    reporting = fmt.number(n["units_reporting"], lang)
    expected = fmt.number(n["units_expected"], lang)
    out = [t("summary_units_missing", lang, year=inputs.year, reporting=reporting, expected=expected,
             names=names(n["missing_returns"])) if n["missing_returns"]
           else t("summary_units_all", lang, year=inputs.year, expected=expected)]
    out.append(t("summary_staff", lang, reporting=reporting, staff=fmt.number(n["staff_total"], lang),
                 field=fmt.number(n["staff_field"], lang), share=fmt.percent(n["field_share"], lang),
                 per_unit=fmt.number(n["field_per_unit"], lang, 1)))
    out.append(band_sentence(inputs))
    short = inputs.assessment["staffing"].isin(["critical", "thin"]).sum()
    out.append(t("summary_short_staffed", lang, count=fmt.number(int(short), lang), n=reporting))
    network = dict(communes=fmt.number(n["communes_with_network"], lang), cshare=fmt.percent(n["commune_coverage"], lang),
                   collaborators=fmt.number(n["collaborators"], lang))
    if n["districts_total"] is None:
        network_text = t("summary_network_vn34", lang, **network)
    else:
        network_text = t("summary_network", lang, districts=fmt.number(n["districts_with_network"], lang),
                         dshare=fmt.percent(n["district_coverage"], lang), **network)
    developed = n["developed_networks"]  # the report's "developed" class, widest first (as reconciled)
    network_text += " " + t("summary_without_network", lang, count=fmt.number(len(n["provinces_without_network"]), lang))
    network_text += " " + (t("summary_developed", lang, names=names(developed)) if developed
                           else t("summary_developed_none", lang))
    out.append(network_text)
    out += change_sentence(inputs)
    open_checks = unconfirmed_checks(inputs.quality)  # one value may fail two checks: counted once
    if len(open_checks):
        values = open_checks.drop_duplicates(["province", "column"])
        out.append(t("summary_checks", lang, count=fmt.number(len(values), lang),
                     checks=fmt.number(len(open_checks), lang)))
    if inputs.sample:
        out.append(t("summary_sample", lang))
    return out


def national_summary(inputs) -> HTML:
    """The national summary as paragraphs."""
    return paragraphs(national_sentences(inputs), "summary")


def quality_sentences(inputs) -> list[str]:
    """The data-quality summary: files and rows read, and the results of the checks by kind."""
    lang = inputs.lang
    counts = inputs.quality["severity"].value_counts()
    shown = "; ".join(f"{t(f'severity_count_{s}', lang).lower()}: {fmt.number(int(counts.get(s, 0)), lang)}"
                      for s in SEVERITIES)
    return [t("quality_summary_text", lang, year=inputs.year, files=fmt.number(len(inputs.provenance["inputs"]), lang),
              rows=fmt.number(inputs.provenance["rows"]["provincial"], lang), counts=shown)]


def quality_summary(inputs) -> HTML:
    """The data-quality summary as paragraphs."""
    return paragraphs(quality_sentences(inputs), "summary")


