"""What a release shows of its revisions: every figure that changed since the previous release
marked "(R)" in the tables that show it, with the note once under each such table, and a section
"Thay đổi so với lần phát hành trước" / "Changes since the previous release" in the national report.

The tables name the recorded figure of each cell (`data-figure`, present.blocks.keyed: e.g.
``assessment.79.staff_total`` in the national report, ``profile.figures.staff_total.rank`` in a
profile), the names analysis.reports.changes compares, so a release marks exactly the cells of the
figures its changes list, in the executed notebook's HTML outputs, before the pages are rendered.
"""

from __future__ import annotations

import copy
import html
import re

from analysis import fmt, reference
from analysis.labels import t
from analysis.present import blocks
from analysis.present.recorded import RECORD_MIME

_CELL = re.compile(r'(<td(?=[^>]*\sdata-figure="([^"]+)")[^>]*>)(.*?)(</td>)', re.S)


def revised_names(found: list[dict], key: str) -> set[str]:
    """The recorded figures of report `key` that changed (analysis.reports.changes.figure_changes)."""
    return {c["figure"] for c in found if c["report"] == key}


def marked_html(text: str, names: set[str], lang: str) -> str:
    """An output's HTML with each cell showing a changed figure marked "(R)", and the note once under
    the table (after its other notes); unchanged when none of its cells is in `names`."""
    symbol = t("revised_symbol", lang)
    hits = [0]

    def mark(match: re.Match) -> str:
        if html.unescape(match.group(2)) not in names:
            return match.group(0)
        hits[0] += 1
        return f"{match.group(1)}{match.group(3)} {symbol}{match.group(4)}"

    out = _CELL.sub(mark, text)
    if not hits[0]:
        return text
    note = f'<p class="source">{html.escape(symbol)} {html.escape(t("revised_note", lang))}</p>'
    end = out.rfind("</div>")
    return out[:end] + note + out[end:] if end >= 0 else out + note


def figure_label(name: str, lang: str, geo: str) -> str:
    """A recorded figure's name for readers: "Quảng Trị: Tổng số cán bộ", "Thứ hạng: ..."."""
    parts = name.split(".")
    measure = parts[-1]
    rank = measure == "rank" and len(parts) > 1
    if measure in ("value", "rank") and len(parts) > 1:
        measure = parts[-2]
    label = _label(measure, lang)
    if rank:
        label = t("changes_rank_of", lang, label=label)
    if parts[0] == "assessment" and len(parts) >= 3:
        return f"{_province_name(parts[1], geo)}: {label}"
    return label


def _label(measure: str, lang: str) -> str:
    try:
        return t(measure, lang)
    except KeyError:
        return measure


def _province_name(code: object, geo: str) -> str:
    try:
        return reference.province(str(code), geo).name
    except Exception:  # noqa: BLE001 - a code the map no longer has is shown as it is
        return str(code)


def shown_value(name: str, value: object, lang: str) -> str:
    """A figure's previous or new value as the tables show it ("–" for none)."""
    if value is None or value == "":
        return "–"
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    last = name.rsplit(".", 2)
    measure = last[-2] if last[-1] in ("value",) and len(last) > 1 else last[-1]
    if "share" in measure or "coverage" in measure:
        return fmt.percent(value, lang)
    return fmt.number(value, lang, 0 if float(value).is_integer() else 1)


def changes_section(found: list[dict], record: dict, lang: str, geo: str) -> str:
    """The HTML of the section listing every figure that changed since the previous release: the
    figure, the previous and the new value, the province and return file whose change caused it, and
    the release's kind and reason."""
    kind = t(f"release_kind_{record.get('kind', 'revision')}", lang)
    values = {"number": record["number"], "kind": kind, "previous": record.get("previous"),
              "note": record.get("note") or "–"}
    parts = [blocks.heading("changes_heading", lang).data]
    if not found:
        return "".join(parts + [blocks.paragraphs([t("changes_none", lang, **values)]).data])
    parts.append(blocks.paragraphs([t("changes_intro", lang, **values)]).data)

    def cause(change: dict) -> str:
        provinces = ", ".join(_province_name(c, geo) for c in change.get("cause_provinces", []))
        files = ", ".join(f.rsplit("/", 1)[-1] for f in change.get("cause_files", []))
        return f"{provinces} ({files})" if files else provinces or "–"

    parts.append(blocks.table({
        t("changes_figure", lang): [figure_label(c["figure"], lang, geo) for c in found],
        t("changes_previous", lang): [shown_value(c["figure"], c["previous"], lang) for c in found],
        t("changes_new", lang): [shown_value(c["figure"], c["new"], lang) for c in found],
        t("changes_cause", lang): [cause(c) for c in found],
    }, "changes").data)
    return "".join(parts)


def revised_notebook(notebook, names: set[str], lang: str, section: str | None = None):
    """A copy of an executed notebook with its changed figures marked in every HTML output and, when
    given, the changes section shown before its last cell (the provenance note)."""
    nb = copy.deepcopy(notebook)
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if "text/html" in data and RECORD_MIME not in data and names:
                text = data["text/html"]
                text = "".join(text) if isinstance(text, list) else text
                data["text/html"] = marked_html(text, names, lang)
    if section:
        import nbformat  # lazy: releases only

        cell = nbformat.v4.new_code_cell(source="# changes since the previous release (khuyencong release)")
        cell.outputs = [nbformat.v4.new_output("display_data", data={"text/html": section})]
        nb.cells.insert(max(len(nb.cells) - 1, 0), cell)
    return nb
