"""Every figure to its cell (issue 12 §2): cells.parquet, `khuyencong trace`, trace.place_of."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from analysis import cli, config, dataset, trace
from conftest import return_row
from present_inputs import cells_of


@pytest.fixture(scope="module")
def built(sample_processed) -> Path:
    """The sample data built once per test run (conftest.sample_years)."""
    return sample_processed


def test_trace_leads_to_the_cell_holding_the_figure(built):
    """Every provincial staff_field of the sample: the traced cell, opened with openpyxl (or read from the
    CSV line and column), holds the figure kept in units.parquet."""
    cells = dataset.load_cells(2022, built)
    units = dataset.load_units(2022, built).set_index("province_code")
    traced = trace.trace_records(cells, "staff_field")
    assert len(traced["cells"]) == 63
    for record in traced["cells"]:
        path = config.PROJECT_ROOT / record["source_file"]
        if record["sheet"] is None:
            rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
            content = rows[record["source_row"] - 1][record["col"] - 1]
        else:
            book = openpyxl.load_workbook(path, read_only=True, data_only=True)
            content = book[record["sheet"]][record["cell"]].value
            book.close()
        assert str(content).strip() == record["typed"]
        assert record["value"] == units.at[record["province_code"], "staff_field"]
    assert traced["total"] == 516  # the published national figure


def test_cli_trace_one_province_prints_file_sheet_cell_typed_value(built, capsys):
    assert cli.main(["trace", "--year", "2022", "--province", "77", "staff_field", "--processed", str(built)]) == 0
    assert capsys.readouterr().out == (
        "data/raw/2022/77-ba-ria-vung-tau.xlsx · sheet 'Báo cáo' · cell F5 · typed '7' -> 7\n")


def test_cli_trace_national_lists_every_cell_and_the_sum(built, capsys):
    assert cli.main(["trace", "--year", "2022", "staff_field", "--processed", str(built)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 64 and lines[-1] == "sum of 63 provincial units: 516"
    assert sum(int(line.rsplit("-> ", 1)[1]) for line in lines[:-1]) == 516


def test_cli_trace_json_for_tools(built, capsys):
    assert cli.main(["trace", "--year", "2022", "--province", "Bà Rịa - Vũng Tàu", "staff_total", "--format", "json",
                     "--processed", str(built)]) == 0
    traced = json.loads(capsys.readouterr().out)
    (cell,) = traced["cells"]
    assert (cell["sheet"], cell["cell"], cell["value"]) == ("Báo cáo", "E5", traced["total"])


def test_cli_trace_unknown_column_is_a_usage_error(built, capsys):
    assert cli.main(["trace", "--year", "2022", "staf_field", "--processed", str(built)]) == 2
    assert "did you mean staff_field" in capsys.readouterr().err


def test_place_of_for_reports_words_the_cell_in_the_readers_language(built):
    cells = dataset.load_cells(2022, built)

    def place(code: str, lang: str = "vi") -> str:
        return trace.place_of(trace.cells_of(cells, "staff_field", code).iloc[0], lang)
    assert place("77") == "77-ba-ria-vung-tau.xlsx · trang 'Báo cáo', ô F5"  # vi default
    assert place("77", "en") == "77-ba-ria-vung-tau.xlsx · sheet 'Báo cáo', cell F5"
    assert place("24") == "24-bac-giang.csv · dòng 2, cột F"
    assert place("24", "en") == "24-bac-giang.csv · line 2, column F"
    assert trace.cells_of(cells, "staff_field", "99").empty  # no return, no cell
    assert "!" not in place("77")  # no spreadsheet syntax for readers


def test_place_of_a_cells_row(built):
    row = trace.cells_of(dataset.load_cells(2022, built), "staff_field", "77").iloc[0]
    assert trace.place_of(row, "en") == "77-ba-ria-vung-tau.xlsx · sheet 'Báo cáo', cell F5"
    assert trace.place_of({**row.to_dict(), "cell": None}, "vi") == "77-ba-ria-vung-tau.xlsx"


def test_place_of_a_csv_cell_and_of_a_snapshot_total():
    csv = cells_of(("staff_total", None, "E2", "30", "30")).iloc[0]
    csv["source_file"] = "data/raw/2022/24-bac-giang.csv"
    assert trace.place_of(csv, "en") == "24-bac-giang.csv · line 5, column E"
    snapshot = cells_of(("communes_total", "Báo cáo", "J5", None, "150")).iloc[0]
    assert trace.place_of(snapshot, "vi") == ("77-ba-ria-vung-tau.xlsx · trang 'Báo cáo', ô J5 "
                                              "(để trống, lấy theo danh mục đơn vị hành chính)")


def test_cells_table_one_row_per_unit_and_column_typed_as_written(write_csv, raw_dir):
    write_csv("r.csv", [return_row(staff_total="30 người", communes_with_network="-")], title_rows=("BÁO CÁO",))
    result = dataset.process_year(2022, raw_dir)
    cells = result.cells.set_index("column")
    assert len(cells) == len(config.RETURN_COLUMNS)
    assert (cells.at["staff_total", "cell"], cells.at["staff_total", "typed"], cells.at["staff_total", "value"]) == (
        "E3", "30 người", "30")
    assert cells.at["communes_with_network", "typed"] == "-" and pd.isna(cells.at["communes_with_network", "value"])
    assert cells.at["province_name", "typed"] == "Lào Cai" and cells.at["province_name", "value"] == "Lào Cai"
    assert pd.isna(cells.at["communes_total", "typed"]) and cells.at["communes_total", "value"] == "152"  # Lào Cai in the 2022 list (admin_unit_counts.csv)
