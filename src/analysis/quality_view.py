"""The build's quality table as the reports show it: each row with the province it is about."""

from __future__ import annotations

import json

import pandas as pd


def quality_with_province(quality: pd.DataFrame, units: pd.DataFrame) -> pd.DataFrame:
    """A copy of the quality rows with a first column `province`: the province (or national centre)
    of the unit read from the same file and row, else of the same file, else "".
    """
    who = units.assign(who=units["province_name"].fillna(units["unit_name"]))
    by_row = {(f, int(r)): w for f, r, w in zip(who["source_file"], who["source_row"], who["who"])}
    by_file = who.drop_duplicates("source_file").set_index("source_file")["who"]
    out = quality.copy()
    names = [by_row.get((f, int(r))) if not pd.isna(r) else None for f, r in zip(out["file"], out["row"])]
    out.insert(0, "province", [n if n is not None else by_file.get(f, "") for n, f in zip(names, out["file"])])
    return out


#: Until every quality row carries a message code (analysis.messages): the English build messages
#: of older builds and their Vietnamese wording, (regular expression over the message, template).
QUALITY_MESSAGES_VI: tuple[tuple[str, str], ...] = (
    (r"not stated in the return; (?P<source>.+) used", "không ghi trong báo cáo; dùng số liệu {source}"),
    (r"exact duplicate of (?P<place>.+); counted once", "trùng hoàn toàn với {place}; chỉ tính một lần"),
    (r"no return from (?P<n>\d+) province\(s\): (?P<names>.+)", "không có báo cáo của {n} tỉnh, thành phố: {names}"),
    (r"column not in the return form; value kept here, not used",
     "cột không có trong mẫu báo cáo; giá trị được ghi lại ở đây, không dùng để tính"),
    (r"value in a column with no header; value kept here, not used",
     "giá trị ở cột không có tiêu đề; được ghi lại ở đây, không dùng để tính"),
    (r"extra column not in the return form; its values are listed in the quality report",
     "cột ngoài mẫu báo cáo; các giá trị của cột được liệt kê trong báo cáo chất lượng dữ liệu"),
    (r"a national centre has no province; value ignored", "trung tâm quốc gia không thuộc tỉnh nào; bỏ qua giá trị này"),
    (r"file is not UTF-8; decoded as Windows-1258 \(Vietnamese\), headers verified",
     "tệp không mã hóa UTF-8; đã đọc theo bảng mã Windows-1258 và kiểm tra khớp tiêu đề cột"),
)


def message_text(row: pd.Series, lang: str) -> str:
    """A quality row's message in `lang`: rendered from its code and params when it has them, else
    the stored English text (turned into Vietnamese by QUALITY_MESSAGES_VI for older builds)."""
    import re

    code = row.get("code")
    if isinstance(code, str) and code:
        from analysis.messages import render

        params = row.get("params")
        params = json.loads(params) if isinstance(params, str) and params else dict(params or {})
        return snapshot_named(render(code, params, lang), lang)
    message = str(row.get("message", ""))
    if lang == "vi":
        for pattern, template in QUALITY_MESSAGES_VI:
            match = re.fullmatch(pattern, message)
            if match:
                return snapshot_named(template.format(**match.groupdict()), lang)
    return message


def snapshot_named(text: str, lang: str) -> str:
    """`text` with the administrative snapshot named in `lang` (the build names it in English:
    reference.SNAPSHOTS, e.g. "63-province snapshot of 2025-01-04")."""
    from analysis import reference
    from analysis.labels import t

    for geo, english in reference.SNAPSHOTS.items():
        text = text.replace(english, t(f"snapshot_{geo}", lang))
    return text


def column_label(name: object, lang: str) -> str:
    """The readers' name of a column ("communes_total" -> "Tổng số xã"); "" for none; the name if unknown."""
    if not isinstance(name, str) or not name:
        return ""
    try:
        from analysis.messages import column_label as label
    except ImportError:  # the message catalogue is not there yet: the report labels
        from analysis.labels import catalogue

        entry = catalogue().get(name)
        return entry[lang] if entry else name
    return label(name, lang)
