"""HTML blocks of the data-quality report (and the national report's quality section).

Build messages and column names are shown in the report's language: a quality row with a message
``code`` and ``params`` (quality.csv) is rendered by analysis.messages; column names go through
its ``column_label``. The quality rows carry the province they are about (analysis.quality.quality_with_places).
"""

from __future__ import annotations

import pandas as pd
from IPython.display import HTML

from analysis import fmt, messages, trace
from analysis.labels import t
from analysis.present.blocks import cards, name_list, paragraphs, table
from analysis.quality import SEVERITIES, message_in, params_of


def message_text(row: pd.Series, lang: str) -> str:
    """A quality row's message in `lang`, rendered from its code and params (analysis.messages);
    the stored English text for a row without a code (a build older than the message codes)."""
    return message_in(row.get("code"), row.get("params"), lang, str(row.get("message", "")))


def column_label(name: object, lang: str) -> str:
    """The readers' name of a column ("communes_total" -> "Tổng số xã"; analysis.messages); "" for none."""
    return messages.column_label(name, lang) if isinstance(name, str) and name else ""


def quality_summary(provenance: dict, quality: pd.DataFrame, lang: str) -> HTML:
    """Returns received, files read, and the quality rows counted by kind (errors, warnings, checks,
    notes), then the provinces with no return."""
    counts = quality["severity"].value_counts()
    items = [(t("returns_received", lang), fmt.number(provenance["rows"]["provincial"], lang)),
             (t("files_read", lang), fmt.number(len(provenance["inputs"]), lang))]
    items += [(t(f"severity_count_{s}", lang), fmt.number(int(counts.get(s, 0)), lang)) for s in SEVERITIES
              if s != "check" or s in counts]
    collection = provenance.get("collection")
    if collection:  # the returns signed off (analysis.collection.approvals)
        items.append((t("signed_off_card", lang), f"{fmt.number(collection['signed_off'], lang)}/"
                                                  f"{fmt.number(collection['expected'], lang)}"))
    missing = provenance.get("missing_returns", [])
    return HTML(cards(items).data + name_list(t("missing_returns", lang), missing, lang).data)


def place(row: pd.Series, lang: str) -> str:
    """Where a quality row points: "trang 'Báo cáo', ô F5" (a CSV: "dòng 2, cột F"; analysis.trace.cell_words)
    when the cell is known, else "dòng 5", else ""."""
    sheet, cell = row.get("sheet"), row.get("cell")
    if isinstance(cell, str) and cell:
        return trace.cell_words(sheet if isinstance(sheet, str) and sheet else None, cell, row["row"], lang)
    return "" if pd.isna(row.get("row")) else t("row_n", lang, row=int(row["row"]))


def quality_table(quality: pd.DataFrame, lang: str, severities: tuple[str, ...] = ("error", "warning")) -> HTML:
    """The quality rows of the given severities: province, severity, file, place, column, value, message.

    When there are none, one sentence says so and counts the rows of the other kinds.
    """
    data = quality[quality["severity"].isin(severities)]
    if data.empty:
        others = quality["severity"].value_counts()
        rest = [f"{fmt.number(int(others[s]), lang)} {t(f'severity_{s}', lang)}" for s in SEVERITIES if s in others]
        shown = t("list_or", lang).join(t(f"severity_{s}", lang) for s in severities)
        text = t("quality_none_of", lang, kinds=shown)
        return paragraphs([text + (" " + t("quality_others", lang, counts=", ".join(rest)) if rest else "")])
    rows = [row for _, row in data.iterrows()]
    return table({
        **({t("province", lang): list(data["province"])} if "province" in data.columns else {}),
        t("severity", lang): [t(f"severity_{s}", lang) for s in data["severity"]],
        t("file", lang): list(data["file"]),
        t("place", lang): [place(row, lang) for row in rows],
        t("column", lang): [column_label(c, lang) for c in data["column"]],
        t("value", lang): list(data["value"]),
        t("message", lang): [message_text(row, lang) for row in rows],
    }, "quality")


def quality_by_kind(quality: pd.DataFrame, lang: str) -> HTML:
    """Counts of the quality rows by severity and column (the kind of problem)."""
    if quality.empty:
        return paragraphs([t("none", lang)])
    order = {s: i for i, s in enumerate(SEVERITIES)}
    counts = quality.groupby(["severity", "column"], dropna=False).size().reset_index(name="n")
    counts = counts.sort_values(["severity", "column"], key=lambda s: s.map(order) if s.name == "severity" else s)
    return table({
        t("severity", lang): [t(f"severity_{s}", lang) for s in counts["severity"]],
        t("column", lang): [column_label(c, lang) for c in counts["column"]],
        t("entries", lang): [fmt.number(n, lang) for n in counts["n"]],
    })


def _param(row: pd.Series, name: str) -> object:
    return params_of(row.get("params")).get(name)


def year_on_year_checks(quality: pd.DataFrame, lang: str, province: str | None = None) -> HTML:
    """The year-on-year check hits (severity "check"): province, column, previous and current value,
    the message (with any confirmation the return gives) and the cell; one sentence when there are none.
    """
    data = quality[(quality["severity"] == "check") & ~quality["code"].astype(str).str.startswith("outlier.")]
    if province is not None and "province" in data.columns:
        data = data[data["province"] == province]
    if data.empty:
        return paragraphs([t("checks_none", lang)])
    rows = [row for _, row in data.iterrows()]

    def value(row: pd.Series, name: str) -> str:
        found = row.get(name) if name in row.index else _param(row, name)
        if found is None or found == "" or (not isinstance(found, str) and pd.isna(found)):
            return "–"
        if str(row.get("code", "")).endswith("_points"):
            return fmt.points(found, lang, 1)
        number = float(found)
        return fmt.number(number, lang, 0 if number.is_integer() else 1)

    return table({
        **({t("province", lang): list(data["province"])} if "province" in data.columns and province is None else {}),
        t("column", lang): [column_label(c, lang) for c in data["column"]],
        t("previous_value", lang): [value(row, "previous") for row in rows],
        t("current_value", lang): [value(row, "current") for row in rows],
        t("message", lang): [message_text(row, lang) for row in rows],
        t("place", lang): [place(row, lang) for row in rows],
    }, "quality checks")


def cross_province_checks(quality: pd.DataFrame, lang: str, province: str | None = None) -> HTML:
    """The checks across the provinces of the year (analysis.outliers; codes outlier.*): province, what
    is compared, the method, the province's value, the median, the bound, the message and the cell; one
    sentence when there are none."""
    data = quality[(quality["severity"] == "check") & quality["code"].astype(str).str.startswith("outlier.")]
    if province is not None and "province" in data.columns:
        data = data[data["province"] == province]
    if data.empty:
        return paragraphs([t("outliers_none", lang)])
    rows = [row for _, row in data.iterrows()]

    def number(row: pd.Series, name: str) -> str:
        found = _param(row, name)
        if found is None or found == "":
            return "–"
        value = float(found)
        return fmt.number(value, lang, 0 if value.is_integer() else 1)

    return table({
        **({t("province", lang): list(data["province"])} if "province" in data.columns and province is None else {}),
        t("column", lang): [column_label(_param(row, "ratio"), lang) for row in rows],
        t("method", lang): [t(f"method_{_param(row, 'method')}", lang) for row in rows],
        t("value", lang): [number(row, "current") for row in rows],
        t("median_value", lang): [number(row, "median") for row in rows],
        t("bound_value", lang): [number(row, "bound") for row in rows],
        t("message", lang): [message_text(row, lang) for row in rows],
        t("place", lang): [place(row, lang) for row in rows],
    }, "quality checks")
