"""HTML blocks of the data-quality report (and the national report's quality section).

Build messages and column names are shown in the report's language: a quality row with a message
``code`` and ``params`` (quality.csv) is rendered by analysis.messages; column names go through
its ``column_label``. The quality rows carry the province they are about (analysis.quality.quality_with_places).
"""

from __future__ import annotations

import pandas as pd
from IPython.display import HTML

from analysis import fmt, messages, reference
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


def file_name(path: object) -> str:
    """A file as readers know it: its name, without the project's folders ("data/raw/2022/")."""
    return str(path).replace("\\", "/").rsplit("/", 1)[-1] if isinstance(path, str) else ""


def _place(row: pd.Series, lang: str) -> str:
    """The place column of the quality tables: the row's cell (analysis.messages.cell_place with its
    line: "trang 'Báo cáo', ô F5", a CSV "dòng 2, cột F") when the cell is known, else "dòng 5", else ""."""
    sheet, cell = row.get("sheet"), row.get("cell")
    if isinstance(cell, str) and cell:
        return messages.cell_place(sheet, cell, lang, row["row"])
    return "" if pd.isna(row.get("row")) else t("row_n", lang, row=int(row["row"]))


def quality_table(quality: pd.DataFrame, lang: str, severities: tuple[str, ...] = ("error", "warning")) -> HTML:
    """The quality rows of the given severities: province, severity, file, place, column, value, message.

    When there are none, one sentence says so and counts the rows of the other kinds.
    """
    data = quality[quality["severity"].isin(severities)]
    if data.empty:
        others = quality["severity"].value_counts()
        rest = [f"{t(f'severity_count_{s}', lang)}: {fmt.number(int(others[s]), lang)}" for s in SEVERITIES if s in others]
        shown = t("list_or", lang).join(t(f"severity_{s}", lang) for s in severities)
        text = t("quality_none_of", lang, kinds=shown)
        return paragraphs([text + (" " + t("quality_others", lang, counts=", ".join(rest)) if rest else "")])
    rows = [row for _, row in data.iterrows()]
    return table({
        **({t("province", lang): list(data["province"])} if "province" in data.columns else {}),
        t("severity", lang): [t(f"severity_{s}", lang) for s in data["severity"]],
        t("file", lang): [file_name(f) for f in data["file"]],
        t("place", lang): [_place(row, lang) for row in rows],
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


def merged_province(name: str, year: int) -> bool:
    """Whether the province `name` of the year's map was formed by merging two or more provinces in
    2025 (its comparison with 2024 then sums its former provinces)."""
    table = reference.provinces(reference.geo_for_year(year))
    codes = table.loc[table["province_name"] == name, "province_code"]
    return bool(len(codes)) and reference.geo_for_year(year) == "vn34" and len(reference.former_provinces(codes.iloc[0])) > 1


def year_on_year_checks(quality: pd.DataFrame, lang: str, province: str | None = None, year: int | None = None) -> HTML:
    """The year-on-year check hits (severity "check"): province, column, previous and current value,
    the message (with any confirmation the return gives) and the cell; one sentence when there are none.

    year: the report's year; from 2025 the comparison with 2024 spans the July 2025 reorganisation
    (2024 is summed over the former provinces), which a note under the table says.
    """
    across = year is not None and year >= 2025 and (province is None or merged_province(province, year))
    notes = (t("yoy_merger_note", lang),) if across else ()
    data = quality[(quality["severity"] == "check") & ~quality["code"].astype(str).str.startswith("outlier.")]
    if province is not None and "province" in data.columns:
        data = data[data["province"] == province]
    if data.empty:
        return paragraphs([t("checks_none", lang)], notes=notes)
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
        t("place", lang): [_place(row, lang) for row in rows],
    }, "quality checks", notes=notes)


#: Codes the data-quality report lists apart: blanks read as 0 (a checklist per province) and files
#: that are not returns (named in one sentence, not counted as returns read).
BLANK_CODE = "network.blank_as_zero"
NOT_A_RETURN_CODES = ("file.readme",)


def blank_checklist(quality: pd.DataFrame, lang: str) -> HTML:
    """The blanks read as 0, one line per province to confirm with it: the cells left blank (column and
    place) and an empty box to tick once the province has confirmed."""
    data = quality[quality["code"] == BLANK_CODE]
    if data.empty:
        return paragraphs([t("blanks_none", lang)])
    provinces, cells = [], []
    for province, rows in data.groupby("province", sort=False):
        provinces.append(province or "–")
        cells.append("; ".join(f"{column_label(row['column'], lang)} ({_place(row, lang)})" if _place(row, lang)
                               else column_label(row["column"], lang) for _, row in rows.iterrows()))
    return table({t("province", lang): provinces, t("blank_cells", lang): cells,
                  t("confirmed_box", lang): ["☐"] * len(provinces)}, "quality checklist",
                 notes=(t("blanks_note", lang, n=fmt.number(len(data), lang), provinces=fmt.number(len(provinces), lang)),))


def not_returns(quality: pd.DataFrame, lang: str) -> HTML:
    """The files of the year's folder that are not returns (ignored, not counted as returns read)."""
    count = int(quality["code"].isin(NOT_A_RETURN_CODES).sum())
    return paragraphs([t("not_returns", lang, n=fmt.number(count, lang)) if count else t("not_returns_none", lang)])


def provinces_concerned(names: list[str], reporting: tuple[str, ...], lang: str) -> str:
    """The provinces of a group of rows, or "all N reporting provinces" when it is every one of them."""
    found = list(dict.fromkeys(n for n in names if n))
    if reporting and set(reporting) <= set(found):
        return t("all_reporting", lang, n=fmt.number(len(reporting), lang))
    return ", ".join(found) or "–"


def grouped_notes(quality: pd.DataFrame, lang: str, severities: tuple[str, ...] = ("info",),
                  reporting: tuple[str, ...] = ()) -> HTML:
    """The rows of the given severities with the same message grouped into one line: kind, column,
    message, how many rows and the provinces concerned (blanks read as 0 and non-returns are listed apart).

    reporting: the names of the reporting provinces (a group covering all of them says so in words).
    """
    data = quality[quality["severity"].isin(severities) & ~quality["code"].isin((BLANK_CODE, *NOT_A_RETURN_CODES))]
    if data.empty:
        return paragraphs([t("none", lang)])
    data = data.assign(_text=[message_text(row, lang) for _, row in data.iterrows()])
    groups = data.groupby(["severity", "column", "_text"], sort=False, dropna=False)
    lines = [(key, rows) for key, rows in groups]
    order = {s: i for i, s in enumerate(SEVERITIES)}
    lines.sort(key=lambda item: (order.get(item[0][0], 9), -len(item[1])))
    return table({
        t("severity", lang): [t(f"severity_{key[0]}", lang) for key, _ in lines],
        t("column", lang): [column_label(key[1], lang) for key, _ in lines],
        t("message", lang): [key[2] for key, _ in lines],
        t("entries", lang): [fmt.number(len(rows), lang) for _, rows in lines],
        t("provinces", lang): [provinces_concerned(list(rows["province"]), reporting, lang) for _, rows in lines],
    }, "quality grouped", notes=(t("grouped_note", lang),))


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
        t("place", lang): [_place(row, lang) for row in rows],
    }, "quality checks")
