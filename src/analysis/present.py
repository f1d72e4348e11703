"""HTML blocks the notebooks display: banner, headline cards, tables, sentences.

Every text that comes from data (names, notes, messages) goes through html.escape here, so a
`<script>` typed into a return shows as text and never runs. Numbers are formatted by ``fmt``.
"""

from __future__ import annotations

import html

import pandas as pd
from IPython.display import HTML, display

from analysis import fmt
from analysis.labels import quality_message, t

def esc(value: object) -> str:
    """HTML-escaped text of a value ("" for None/NA)."""
    if value is None or (not isinstance(value, (list, dict, str)) and pd.isna(value)):
        return ""
    return html.escape(str(value), quote=True)


def heading(key: str, lang: str, level: int = 2, **values: object) -> HTML:
    """A section heading from the translation table."""
    return HTML(f"<h{level}>{esc(t(key, lang, **values))}</h{level}>")


def title(key: str, lang: str, sample: bool, subtitle: str = "", **values: object) -> HTML:
    """The report's title, with the sample-data banner when built from sample data."""
    parts = []
    if sample:
        from analysis.indicators import published_figures

        year = values.get("year")
        key_banner = "sample_banner" if year is not None and len(published_figures(int(year))) else "sample_banner_unpublished"
        parts.append(f'<div class="sample-banner" role="note">{esc(t(key_banner, lang))}</div>')
    parts.append(f"<h1>{esc(t(key, lang, **values))}</h1>")
    if subtitle:
        parts.append(f'<p class="subtitle">{esc(subtitle)}</p>')
    return HTML("\n".join(parts))


def cards(items: list[tuple[str, str]]) -> HTML:
    """Headline figures as cards: (label, formatted value) pairs."""
    body = "".join(f'<div class="card"><div class="card-value">{esc(v)}</div>'
                   f'<div class="card-label">{esc(k)}</div></div>' for k, v in items)
    return HTML(f'<div class="cards">{body}</div>')


def national_cards(national: dict, lang: str) -> HTML:
    """The national headline figures (indicators.national_indicators) as cards."""
    items = [
        (t("units_reporting", lang), f"{fmt.number(national['units_reporting'], lang)}/"
                                     f"{fmt.number(national['units_expected'], lang)}"),
        (t("staff_total", lang), fmt.number(national["staff_total"], lang)),
        (t("staff_field", lang), fmt.number(national["staff_field"], lang)),
        (t("field_share", lang), fmt.percent(national["field_share"], lang)),
        (t("field_per_unit", lang), fmt.number(national["field_per_unit"], lang, 1)),
        (t("communes_with_network", lang), fmt.number(national["communes_with_network"], lang)),
        (t("commune_coverage", lang), fmt.percent(national["commune_coverage"], lang)),
    ]
    if national.get("districts_total"):
        items[5:5] = [(t("districts_with_network", lang), fmt.number(national["districts_with_network"], lang)),
                      (t("district_coverage", lang), fmt.percent(national["district_coverage"], lang))]
    central = national.get("central_units", [])
    scope = t("staff_scope", lang, n=len(central), staff=fmt.number(sum(c["staff_total"] for c in central), lang))
    return HTML(cards(items).data + f'<p class="source">{esc(scope)}</p>')


def table(frame: pd.DataFrame, css_class: str = "", row_classes: list[str] | None = None,
          raw_html_columns: tuple[str, ...] = ()) -> HTML:
    """An HTML table of already formatted values; every cell escaped (but raw_html_columns)."""
    head = "".join(f"<th>{esc(c)}</th>" for c in frame.columns)
    rows = []
    for i, (_, row) in enumerate(frame.iterrows()):
        cls = f' class="{row_classes[i]}"' if row_classes and row_classes[i] else ""
        cells = "".join(f"<td>{row[c] if c in raw_html_columns else esc(row[c])}</td>" for c in frame.columns)
        rows.append(f"<tr{cls}>{cells}</tr>")
    return HTML(f'<div class="table-wrap"><table class="data {css_class}"><thead><tr>{head}</tr></thead>'
                f'<tbody>{"".join(rows)}</tbody></table></div>')


def _counted_provinces(groups: pd.DataFrame, kind: str, lang: str) -> HTML:
    """A table of groups (index: label keys "<kind>_<key>") with their count and provinces."""
    frame = pd.DataFrame({
        t(kind, lang): [t(f"{kind}_{k}", lang) for k in groups.index],
        t("count", lang): [fmt.number(c, lang) for c in groups["count"]],
        t("provinces", lang): [", ".join(p) for p in groups["provinces"]],
    })
    return table(frame)


def bands_table(bands: pd.DataFrame, lang: str) -> HTML:
    """Size bands with their count and provinces (bands: indicators.size_band_counts)."""
    return _counted_provinces(bands, "band", lang)


def central_table(central: list[dict], lang: str) -> HTML:
    """The national centres and their staff."""
    frame = pd.DataFrame({
        t("unit_name", lang): [c["name"] for c in central],
        t("staff_total", lang): [fmt.number(c["staff_total"], lang) for c in central],
        t("staff_field", lang): [fmt.number(c["staff_field"], lang) for c in central],
    })
    return table(frame)


def inequality_table(inequality: pd.DataFrame, lang: str) -> HTML:
    """CV, Gini and max/min by group (indicators.inequality)."""
    frame = pd.DataFrame({
        t("region", lang): [t("all_provinces", lang) if g == "all" else g for g in inequality.index],
        t("units_reporting", lang): [fmt.number(n, lang) for n in inequality["n"]],
        t("cv", lang): [fmt.number(v, lang, 2) for v in inequality["cv"]],
        t("gini", lang): [fmt.number(v, lang, 2) for v in inequality["gini"]],
        t("max_min", lang): [fmt.number(v, lang, 1) for v in inequality["max_min"]],
    })
    return table(frame)


def coverage_table(ranking: pd.DataFrame, lang: str, with_districts: bool = True) -> HTML:
    """Provinces with a network, by rank (indicators.network_ranking)."""
    data = ranking[ranking["has_network"]]
    columns = {
        t("rank", lang): [fmt.number(r, lang) for r in data["rank"]],
        t("province", lang): list(data["province_name"]),
    }
    if with_districts:
        columns[t("districts_with_network", lang)] = [fmt.number(v, lang) for v in data["districts_with_network"]]
        columns[t("district_coverage", lang)] = [fmt.percent(v, lang) for v in data["district_coverage"]]
    columns[t("communes_with_network", lang)] = [fmt.number(v, lang) for v in data["communes_with_network"]]
    columns[t("commune_coverage", lang)] = [fmt.percent(v, lang) for v in data["commune_coverage"]]
    columns[t("collaborators_per_commune", lang)] = [fmt.number(v, lang, 1) for v in data["collaborators_per_commune"]]
    return table(pd.DataFrame(columns))


def name_list(label: str, names: list[str], lang: str) -> HTML:
    """A labelled, comma-separated list of names ("không có"/"none" when empty)."""
    text = ", ".join(names) if names else t("none", lang)
    return HTML(f"<p><strong>{esc(label)} ({fmt.number(len(names), lang)}):</strong> {esc(text)}</p>")


def remuneration_table(coverage: pd.DataFrame, lang: str) -> HTML:
    """Pay and pay per collaborator of provinces with collaborators, highest per person first."""
    data = coverage[coverage["collaborators"] > 0].sort_values("pay_per_collaborator_mvnd", ascending=False)
    columns = {t("province", lang): list(data["province_name"])}
    if data["district_collaborators"].notna().any():  # no district level from 2025
        columns[t("district_collaborators", lang)] = [fmt.number(v, lang) for v in data["district_collaborators"]]
    frame = pd.DataFrame({
        **columns,
        t("commune_collaborators", lang): [fmt.number(v, lang) for v in data["commune_collaborators"]],
        t("pay_total", lang): [fmt.number(v, lang, 1) for v in data["collaborator_pay_mvnd"]],
        t("pay_per_collaborator", lang): [fmt.number(v, lang, 1) for v in data["pay_per_collaborator_mvnd"]],
    })
    return table(frame)


def rating_label(rating: str, lang: str) -> str:
    """The translated label of a rating key ("thin" -> "mỏng")."""
    return t(f"rating_{rating}", lang)


def assessment_view(assessment: pd.DataFrame, lang: str) -> HTML:
    """Every province with its ratings (indicators.assessment_table), in code order."""
    frame = pd.DataFrame({
        t("code", lang): list(assessment.index),
        t("province", lang): list(assessment["province_name"]),
        t("staff_total", lang): [fmt.number(v, lang) for v in assessment["staff_total"]],
        t("field_share", lang): [fmt.percent(v, lang) for v in assessment["field_share"]],
        t("commune_coverage", lang): [fmt.percent(v, lang) for v in assessment["commune_coverage"]],
        t("staffing_rating", lang): [rating_label(r, lang) for r in assessment["staffing"]],
        t("network_rating", lang): [rating_label(r, lang) for r in assessment["network"]],
    })
    classes = [f"rating-{s} network-{n}" for s, n in zip(assessment["staffing"], assessment["network"])]
    return table(frame, "assessment", classes)


def rules(thresholds: dict, lang: str) -> HTML:
    """The assessment rules with the thresholds in force (assessment.yml)."""
    lines = [
        t("rule_staffing", lang, critical=thresholds["staffing"]["critical_below"],
          thin=thresholds["staffing"]["thin_below"]),
        t("rule_network", lang, district=fmt.percent(thresholds["network"]["developed_district_coverage"], lang, 0),
          commune=fmt.percent(thresholds["network"]["developed_commune_coverage"], lang, 0)),
        t("rule_pay", lang, pay=fmt.number(thresholds["remuneration"]["low_pay_below_mvnd"], lang, 1)),
    ]
    return HTML('<div class="rules"><ul>' + "".join(f"<li>{esc(x)}</li>" for x in lines) + "</ul></div>")


def constraints_table(constraints: pd.DataFrame, lang: str) -> HTML:
    """The principal constraints with their counts and provinces (indicators.principal_constraints)."""
    return _counted_provinces(constraints, "constraint", lang)


def reconciliation_table(rows: list[dict], lang: str, year: int, citation: str = "") -> HTML:
    """Computed vs published figures; a mismatch is a red row marked "KHÔNG KHỚP"/"NO"."""
    if not rows:
        return HTML(f"<p>{esc(t('no_published', lang, year=year))}</p>")

    def shown(value: object) -> str:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return fmt.number(value, lang, 0 if float(value).is_integer() else 2)
        return "" if value is None else str(value)

    frame = pd.DataFrame({
        t("figure", lang): [r[f"label_{lang}"] for r in rows],
        t("computed", lang): [shown(r["computed"]) for r in rows],
        t("published", lang): [r["published"] for r in rows],
        t("match", lang): [("✔ " + t("yes", lang)) if r["match"] else ("✘ " + t("no", lang)) for r in rows],
    })
    classes = ["match" if r["match"] else "mismatch" for r in rows]
    source = f'<p class="source">{esc(t("source", lang))}: {esc(citation)}</p>' if citation else ""
    return HTML(table(frame, "reconciliation", classes).data + source)


def quality_summary(provenance: dict, quality: pd.DataFrame, lang: str) -> HTML:
    """Returns received, files read, counts of errors/warnings/notes, and provinces with no return."""
    counts = quality["severity"].value_counts()
    items = [
        (t("returns_received", lang), fmt.number(provenance["rows"]["provincial"], lang)),
        (t("files_read", lang), fmt.number(len(provenance["inputs"]), lang)),
        (t("warnings", lang), fmt.number(int(counts.get("warning", 0)), lang)),
        (t("notes_info", lang), fmt.number(int(counts.get("info", 0)), lang)),
    ]
    missing = provenance.get("missing_returns", [])
    return HTML(cards(items).data + name_list(t("missing_returns", lang), missing, lang).data)


def quality_table(quality: pd.DataFrame, lang: str, severities: tuple[str, ...] = ("error", "warning")) -> HTML:
    """The quality rows of the given severities (province if known, file, row, column, value, message)."""
    data = quality[quality["severity"].isin(severities)]
    if data.empty:
        return HTML(f"<p>{esc(t('none', lang))}</p>")
    frame = pd.DataFrame({
        **({t("province", lang): list(data["province"])} if "province" in data.columns else {}),
        t("severity", lang): [t(f"severity_{s}", lang) for s in data["severity"]],
        t("file", lang): list(data["file"]),
        t("row", lang): ["" if pd.isna(r) else str(r) for r in data["row"]],
        t("column", lang): list(data["column"]),
        t("value", lang): list(data["value"]),
        t("message", lang): [quality_message(m, lang) for m in data["message"]],
    })
    return table(frame, "quality")


def quality_by_kind(quality: pd.DataFrame, lang: str) -> HTML:
    """Counts of issues by severity and column (the kind of problem)."""
    if quality.empty:
        return HTML(f"<p>{esc(t('none', lang))}</p>")
    counts = quality.groupby(["severity", "column"], dropna=False).size().reset_index(name="n")
    frame = pd.DataFrame({
        t("severity", lang): [t(f"severity_{s}", lang) for s in counts["severity"]],
        t("column", lang): list(counts["column"]),
        t("count", lang): [fmt.number(n, lang) for n in counts["n"]],
    })
    return table(frame)


def province_identity(profile: dict, lang: str) -> HTML:
    """Code, region, type, map and (2025+) the former provinces or (before) where it went in 2025."""
    rows = [(t("code", lang), profile["province_code"]), (t("region", lang), profile["region"]),
            (t("province_type", lang), t("type_city" if profile["province_type"] == "thành phố" else "type_province", lang)),
            (t("map", lang), t(f"geo_{profile['geo']}", lang))]
    if profile.get("former_provinces"):
        rows.append((t("former_provinces", lang), ", ".join(profile["former_provinces"])))
    if profile.get("merged_into_2025"):
        rows.append((t("merged_into", lang), profile["merged_into_2025"]))
    if profile.get("unit_name"):
        rows.append((t("unit_name", lang), profile["unit_name"]))
    if profile.get("notes"):
        rows.append((t("notes", lang), profile["notes"]))
    body = "".join(f"<tr><th>{esc(k)}</th><td>{esc(v)}</td></tr>" for k, v in rows)
    return HTML(f'<table class="identity">{body}</table>')


def key_figures(profile: dict, lang: str) -> HTML:
    """The province's figures next to the national and regional medians, with its rank (or the no-return page)."""
    if not profile["returned"]:
        return no_return(profile, lang)
    rows = []
    for name, fig in profile["figures"].items():
        if fig["n"] == 0:
            continue  # e.g. district coverage from 2025: there is no district level
        percent = name in ("field_share", "district_coverage", "commune_coverage")
        show = (lambda v: fmt.percent(v, lang)) if percent else (lambda v: fmt.number(v, lang, 0))
        rows.append({
            t("measure", lang): t(name, lang), t("value", lang): show(fig["value"]),
            t("rank", lang): t("of_n", lang, rank=fig["rank"], n=fig["n"]) if fig["rank"] else "–",
            t("national_median", lang): show(fig["national_median"]),
            t("regional_median", lang): show(fig["regional_median"]),
        })
    return table(pd.DataFrame(rows))


def assessment_sentences(profile: dict, thresholds: dict, lang: str) -> HTML:
    """The province's assessment in a few sentences, followed by the rules that produced it."""
    if not profile["returned"]:
        return HTML(f"<p>{esc(t('no_return_text', lang, province=profile['province_name'], year=profile['year']))}</p>")
    figures = profile["figures"]
    sentences = [t("sentence_staffing", lang, province=profile["province_name"],
                   staff=fmt.number(profile["staff_total"], lang), field=fmt.number(profile["staff_field"], lang),
                   share=fmt.percent(profile["field_share"], lang), rank=figures["staff_total"]["rank"],
                   n=figures["staff_total"]["n"], rating=rating_label(profile["staffing"], lang))]
    if profile["geo"] == "vn34":
        sentences.append(t("sentence_network_vn34", lang, communes=fmt.number(profile["communes_with_network"], lang),
                           ccov=fmt.percent(profile["commune_coverage"], lang),
                           rating=rating_label(profile["network"], lang)))
    else:
        sentences.append(t("sentence_network", lang, districts=fmt.number(profile["districts_with_network"], lang),
                           dcov=fmt.percent(profile["district_coverage"], lang),
                           communes=fmt.number(profile["communes_with_network"], lang),
                           ccov=fmt.percent(profile["commune_coverage"], lang),
                           rating=rating_label(profile["network"], lang)))
    if profile.get("collaborator_pay_mvnd") is not None and profile["collaborators"]:
        sentences.append(t("sentence_pay", lang, pay=fmt.number(profile["collaborator_pay_mvnd"], lang, 1),
                           per=fmt.number(profile["pay_per_collaborator_mvnd"], lang, 1)))
    else:
        sentences.append(t("sentence_no_pay", lang))
    body = "".join(f"<p>{esc(s)}</p>" for s in sentences)
    return HTML(f'<div class="assessment-text">{body}</div>' + rules(thresholds, lang).data)


def coverage_bars(profile: dict, lang: str) -> HTML:
    """The province's district and commune coverage beside the regional and national medians, as bars."""
    if not profile["returned"]:
        return HTML("")
    rows = []
    for measure in ("district_coverage", "commune_coverage"):
        figure = profile["figures"][measure]
        if figure["value"] is None:
            continue
        for label, key, css in ((profile["province_name"], "value", "own"), (t("regional_median", lang),
                                "regional_median", "region"), (t("national_median", lang), "national_median", "nation")):
            value = figure[key] or 0.0
            rows.append(f'<tr class="bar-{css}"><th>{esc(t(measure, lang)) if key == "value" else ""}</th>'
                        f"<td>{esc(label)}</td><td class='bar-cell'><span class='bar' style='width:{min(value, 1) * 100:.1f}%'>"
                        f"</span></td><td class='bar-value'>{esc(fmt.percent(value, lang))}</td></tr>")
    return HTML(f'<table class="coverage-bars">{"".join(rows)}</table>')


def trend_table(trend: pd.DataFrame, lang: str) -> HTML:
    """The trend by year (indicators.national_trend): reporting units, staff, shares; "–" where not defined."""
    def counts(column: str) -> list[str]:
        return [fmt.number(v, lang) for v in trend[column]] if column in trend else []

    columns = {t("year", lang): [str(y) for y in trend.index]}
    if "units_reporting" in trend:
        columns[t("units_reporting", lang)] = counts("units_reporting")
    columns.update({
        t("staff_total", lang): counts("staff_total"),
        t("staff_field", lang): counts("staff_field"),
        t("field_share", lang): [fmt.percent(v, lang) for v in trend["field_share"]],
        t("districts_with_network", lang): counts("districts_with_network"),
        t("district_coverage", lang): [fmt.percent(v, lang) for v in trend["district_coverage"]],
        t("communes_with_network", lang): counts("communes_with_network"),
        t("commune_coverage", lang): [fmt.percent(v, lang) for v in trend["commune_coverage"]],
    })
    return HTML(table(pd.DataFrame(columns)).data + f'<p class="source">{esc(t("trend_note", lang))}</p>')


def trend_note(profile: dict, trend: pd.DataFrame, lang: str) -> HTML:
    """What a province's trend is built from: its former provinces (2025+) or where it went in 2025."""
    parts = []
    if profile.get("former_provinces") and len(profile["former_provinces"]) > 1:
        parts.append(t("trend_former", lang, names=", ".join(profile["former_provinces"])))
    if profile.get("merged_into_2025"):
        parts.append(f'{t("merged_into", lang)}: {profile["merged_into_2025"]}.')
    parts.append(t("trend_note", lang))
    return HTML(trend_table(trend, lang).data.rsplit("<p", 1)[0] + "".join(f"<p class='source'>{esc(p)}</p>" for p in parts))


def no_return(profile: dict, lang: str) -> HTML:
    """The page shown for a province that sent no return for the year."""
    return HTML(f'<div class="no-return"><h2>{esc(t("no_return", lang))}</h2>'
                f'<p>{esc(t("no_return_text", lang, province=profile["province_name"], year=profile["year"]))}</p></div>')


def provenance_note(provenance: dict, lang: str) -> HTML:
    """Where the figures come from: package version, commit, inputs, reference snapshot."""
    text = t("generated", lang, version=provenance.get("package_version", "?"),
             commit=(provenance.get("git_commit") or "?")[:12], inputs=len(provenance.get("inputs", [])),
             library=provenance["reference"]["library"], snapshot=provenance["reference"]["snapshot"])
    return HTML(f'<p class="provenance">{esc(text)}</p>')
