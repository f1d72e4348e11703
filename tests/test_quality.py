"""analysis.quality: the build's problems as data (code + params), rendered in the reader's language, and
each row placed at its province (and, with the cells, its sheet and cell)."""

from __future__ import annotations

import pandas as pd

from analysis.quality import issues_frame, message_in, quality_with_province
from conftest import IPC, centre, four_provinces, units_frame


def test_message_in_without_code_falls_back_to_the_english_text():
    assert message_in("", "", "vi", "as written") == "as written"
    assert list(issues_frame([]).columns)[-4:] == ["code", "params", "sheet", "cell"]


def test_quality_with_province_maps_files_to_provinces():
    quality = pd.DataFrame({
        "severity": ["warning", "info", "error"],
        "file": ["data/raw/2022/10.xlsx", "data/raw/2022/00-trung-uong.xlsx", "data/raw/2022/ha-tay.csv"],
        "row": [5, 5, 2], "column": ["staff_field", "notes", "province"], "value": ["", "", "Hà Tây"],
        "message": ["a", "b", "c"],
    })
    before = quality.copy()
    out = quality_with_province(quality, four_provinces())
    assert list(out.columns) == ["province", *quality.columns]
    assert list(out["province"]) == ["Lào Cai", IPC.format(1), ""]
    pd.testing.assert_frame_equal(quality, before)


def test_quality_with_province_names_the_centre_of_the_row():
    quality = pd.DataFrame({"severity": ["warning", "warning"], "file": ["data/raw/2022/00-trung-uong.xlsx"] * 2,
                            "row": [6, 7], "column": ["notes", "notes"], "value": ["", ""], "message": ["a", "b"]})
    units = units_frame(centre(1, 24, 9), centre(2, 19, 7), centre(3, 21, 8))
    out = quality_with_province(quality, units)
    assert list(out["province"]) == [IPC.format(2), IPC.format(3)]
