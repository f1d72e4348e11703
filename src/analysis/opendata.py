"""Open data beside the reports: reports/<year>/data/ with units.csv, national-indicators.csv,
provinces.csv and datapackage.json (a Frictionless Data Package with a Table Schema per file).

Load inputs (the year's processed units), process (the national and province indicators of
``analysis.indicators``), save outputs (CSV in UTF-8 with BOM, formula-safe, numbers rounded to
their field's decimals, missing as empty; each file written atomically, identical bytes for
identical inputs). Titles, descriptions, units, constraints, the citation and the licence are
data, in ``opendata.yml`` beside this module; its header says the language convention.
"""

from __future__ import annotations

import csv
import io
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

from analysis import dataset, indicators, key_figures, reference
from analysis.config import UNIT_COLUMNS, read_yaml
from analysis.files import atomic_write_bytes, json_dumps, neutralise_formulas, sha256_bytes
from analysis.thresholds import assessment_thresholds, geo_thresholds

OPENDATA_CONFIG = Path(__file__).with_name("opendata.yml")
#: The folder under reports/<year>/ that holds the open data; the index links DATA_FOLDER/PACKAGE_FILE.
DATA_FOLDER = "data"
PACKAGE_FILE = "datapackage.json"
#: Custom properties of datapackage.json carry this prefix (the Data Package spec allows extra properties).
PREFIX = "khuyencong:"
BOM = "\ufeff"


@cache
def opendata_metadata(path: str | None = None) -> dict:
    """The metadata of opendata.yml: package texts, citation, licence, resources, fields, units."""
    return read_yaml(Path(path or OPENDATA_CONFIG))


# --- Process data: the three tables -------------------------------------------------------------

def units_table(units: pd.DataFrame) -> pd.DataFrame:
    """The processed units with every column: units.parquet's documented order first, then any other column.

    A new copy; rows in the build's order (provincial units by code, then the national centres).
    """
    first = [c for c in UNIT_COLUMNS if c in units.columns]
    return units[first + [c for c in units.columns if c not in first]].reset_index(drop=True)


def _dotted(national: dict, key: str) -> object:
    """A value of the national figures by dotted path ("bands.over_30.count"); None when absent."""
    value: object = national
    for part in key.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def national_indicator_table(national: dict, meta: dict) -> pd.DataFrame:
    """One row per national indicator: year, indicator, value, unit, unit_vi, title_vi, title_en.

    `national` is key_figures.national_indicators(...); values are rounded to the indicator's
    decimals (opendata.yml), None (e.g. districts from 2025) stays missing. The national centres
    follow as central.<short name>.<figure> rows. Lists (province names) are left to the reports.
    """
    rows = []
    for item in meta["indicators"]:
        rows.append(_indicator_row(item, item["key"], _dotted(national, item["key"]), meta, {}))
    for centre in national.get("central_units", []):
        for item in meta["central_indicators"]:
            key = f"central.{centre['short_name']}.{item['key']}"
            rows.append(_indicator_row(item, key, centre.get(item["key"]), meta, centre))
    table = pd.DataFrame(rows, columns=["indicator", "value", "unit", "unit_vi", "title_vi", "title_en"])
    table.insert(0, "year", national["year"])
    table["value"] = table["value"].astype("Float64")
    return table


def _indicator_row(item: dict, key: str, value: object, meta: dict, names: dict) -> dict:
    """One national-indicator row: value rounded to the item's decimals (None kept), unit and titles."""
    unit = meta["units"][item["unit"]]
    if value is not None and item.get("decimals") is not None:
        value = round(float(value), item["decimals"])
    return {"indicator": key, "value": value, "unit": unit["en"], "unit_vi": unit["vi"],
            "title_vi": item["title_vi"].format(**names), "title_en": item["title_en"].format(**names)}


def province_table(units: pd.DataFrame, year: int, columns: list[str], thresholds: dict) -> pd.DataFrame:
    """One row per province of the year's map (63 or 34) with its indicators and ratings, in code order.

    Counts are persons or administrative units (Int64), shares 0..1, pay in million VND a year.
    A province with no return has returned False, every figure missing and ratings "no_return";
    district figures from 2025 are missing (no district level), never 0. `columns` picks and orders.
    """
    assess = key_figures.year_assessment(units, year, thresholds)
    provincial = indicators.provincial_units(units)
    coverage = indicators.network_coverage(provincial).reindex(assess.index)
    returned = pd.Series(assess.index.isin(provincial.index), index=assess.index)
    staff_total = assess["staff_total"].astype("Int64")
    band = staff_total.map(lambda staff: indicators.size_band(staff, thresholds), na_action="ignore")
    table = pd.DataFrame({
        "year": pd.array([year] * len(assess), dtype="Int64"),
        "geo": reference.geo_for_year(year),
        "province_code": assess.index.astype(str),
        "returned": returned,
        "staff_total": staff_total,
        "staff_field": assess["staff_field"].astype("Int64"),
        "size_band": band.astype(object),
        "low_pay": assess["low_pay"].astype("boolean").where(returned, pd.NA),
    }, index=assess.index)
    for column in ("districts_total", "districts_with_network", "district_collaborators", "communes_total",
                   "communes_with_network", "commune_collaborators", "collaborators"):
        table[column] = coverage[column].astype("Int64")
    table["collaborator_pay_mvnd"] = coverage["collaborator_pay_mvnd"].astype("Float64")
    for column in ("province_name", "region", "field_share", "district_coverage", "commune_coverage",
                   "pay_per_collaborator_mvnd", "staffing", "network"):
        table[column] = assess[column]
    return table[columns].reset_index(drop=True)


# --- Save outputs: CSV bytes and the Table Schema -------------------------------------------------

def field_descriptors(table: pd.DataFrame, meta: dict, thresholds: dict) -> list[dict]:
    """The Table Schema field descriptor of every column of `table`, from opendata.yml.

    A column opendata.yml does not describe gets a type from its dtype and its name as title.
    Each descriptor also keeps "decimals" (how its numbers are written), removed before publishing.
    """
    return [_field_descriptor(column, table[column], meta, thresholds) for column in table.columns]


def _field_descriptor(name: str, column: pd.Series, meta: dict, thresholds: dict) -> dict:
    spec = meta["fields"].get(name) or {
        "type": _type_of(column), "title_vi": name, "title_en": name,
        "description_vi": "(chưa có mô tả trong opendata.yml)",
        "description_en": "(not yet described in opendata.yml)"}
    geo = thresholds.get("geo", "")  # a map's own wording where opendata.yml has one (description_vi_vn34)
    texts = {k: spec.get(f"{k}_{geo}", spec[k]).format(**thresholds)
             for k in ("title_vi", "title_en", "description_vi", "description_en")}
    field = {"name": name, "type": spec["type"], "title": texts["title_vi"], "description": texts["description_vi"],
             PREFIX + "title_en": texts["title_en"], PREFIX + "description_en": texts["description_en"]}
    if spec["type"] == "boolean":
        field.update(trueValues=["true"], falseValues=["false"])
    if "unit" in spec:
        unit = meta["units"][spec["unit"]]
        field[PREFIX + "unit"], field[PREFIX + "unit_en"] = unit["vi"], unit["en"]
        field["description"] += f" Đơn vị: {unit['vi']}."
        field[PREFIX + "description_en"] += f" Unit: {unit['en']}."
    constraints = dict(spec.get("constraints", {}))
    if "enum" in spec:
        constraints["enum"] = list(spec["enum"])
    if constraints:
        field["constraints"] = constraints
    field["decimals"] = spec.get("decimals")
    return field


def _type_of(column: pd.Series) -> str:
    if pd.api.types.is_bool_dtype(column):
        return "boolean"
    if pd.api.types.is_integer_dtype(column):
        return "integer"
    return "number" if pd.api.types.is_numeric_dtype(column) else "string"


def _cell(value: object, field: dict) -> str:
    """One CSV cell: "" for missing, numbers without float noise, booleans as true/false, text as is."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    kind = field["type"]
    if kind == "boolean":
        return "true" if bool(value) else "false"
    if kind == "integer":
        return str(int(value))
    if kind == "number":
        number = float(value)
        if field.get("decimals") is not None:
            number = round(number, field["decimals"])
        return np.format_float_positional(number, trim="-")
    return str(value)


def csv_bytes(table: pd.DataFrame, fields: list[dict]) -> bytes:
    """The table as CSV in UTF-8 with BOM (for Excel), CRLF lines, header of field names.

    Text cells starting with = + - @ tab or CR get a leading ' (files.neutralise_formulas, OWASP);
    numbers stay numbers, written with their field's decimals; missing values are empty cells.
    """
    safe = neutralise_formulas(table)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([f["name"] for f in fields])
    for row in safe.itertuples(index=False):
        writer.writerow([_cell(value, field) for value, field in zip(row, fields)])
    return (BOM + buffer.getvalue()).encode("utf-8")


def table_schema(fields: list[dict], primary_key: list[str] | None) -> dict:
    """The Table Schema of a resource: fields (without the internal "decimals"), missing values, key."""
    schema = {"fields": [{k: v for k, v in f.items() if k != "decimals"} for f in fields], "missingValues": [""]}
    if primary_key:
        schema["primaryKey"] = list(primary_key)
    return schema


def _texts(spec: dict, year: int, sample: bool, meta: dict) -> dict:
    """title, description and their English twins for a package or resource spec, with the sample notice."""
    vi_title, en_title = spec["title_vi"].format(year=year), spec["title_en"].format(year=year)
    vi_text = " ".join(spec["description_vi"].format(year=year).split())
    en_text = " ".join(spec["description_en"].format(year=year).split())
    if sample:
        vi_title = f"[DỮ LIỆU MẪU / SAMPLE DATA] {vi_title}"
        en_title = f"[SAMPLE DATA / DỮ LIỆU MẪU] {en_title}"
        vi_text, en_text = f"{meta['sample_notice_vi']} {vi_text}", f"{meta['sample_notice_en']} {en_text}"
    return {"title": vi_title, "description": vi_text,
            PREFIX + "title_en": en_title, PREFIX + "description_en": en_text}


def resource_descriptor(name: str, data: bytes, fields: list[dict], year: int, sample: bool, meta: dict) -> dict:
    """The Data Resource of one CSV: path, format, encoding, bytes, sha256 hash, texts and its Table Schema."""
    spec = meta["resources"][name]
    return {"name": name, "path": spec["path"], "profile": "tabular-data-resource", "format": "csv",
            "mediatype": "text/csv", "encoding": "utf-8", "bytes": len(data),
            "hash": "sha256:" + sha256_bytes(data), **_texts(spec, year, sample, meta),
            "schema": table_schema(fields, spec.get("primary_key"))}


def data_package(year: int, resources: list[dict], sample: bool, meta: dict) -> dict:
    """The Frictionless Data Package (tabular) of the year: texts in vi/en, citation, licence, sample flag."""
    source = meta["source"]
    return {
        "profile": "tabular-data-package",
        "name": meta["name"].format(year=year),
        **_texts(meta, year, sample, meta),
        "keywords": list(meta["keywords"]),
        PREFIX + "year": year,
        PREFIX + "geo": reference.geo_for_year(year),
        PREFIX + "sample_data": bool(sample),
        PREFIX + "citation": " ".join(meta["citation"].split()),
        "sources": [{"title": " ".join(source["title"].split()), "path": source["path"],
                     "description": " ".join(source["description_vi"].split()),
                     PREFIX + "description_en": " ".join(source["description_en"].split())}],
        "licenses": [dict(meta["license"])],
        PREFIX + "license_note": meta["license_note_vi"],
        PREFIX + "license_note_en": meta["license_note_en"],
        "resources": resources,
    }


def _write_if_changed(path: Path, data: bytes) -> Path:
    """Write `data` atomically unless the file already holds exactly these bytes; returns the path."""
    if not (path.is_file() and path.read_bytes() == data):
        atomic_write_bytes(path, data)
    return path


def write_open_data(year: int, processed_dir: Path, out_dir: Path, sample: bool) -> list[Path]:
    """Write out_dir/data/{units,national-indicators,provinces}.csv and datapackage.json; returns their paths.

    `out_dir` is the year's report folder (reports/<year>/); `processed_dir` the build folder
    (data/processed/); `sample` marks the package as illustrative sample data. The same inputs give
    byte-identical files (no timestamps); each file is replaced atomically, datapackage.json last.
    Raises FileNotFoundError (one line, from dataset.load_units) when the year is not built.
    """
    # Load inputs
    units = dataset.load_units(year, processed_dir)
    # the thresholds in force on the year's map (vn34: per former province, commune share only)
    meta, thresholds = opendata_metadata(), geo_thresholds(reference.geo_for_year(year), assessment_thresholds())
    # Process data
    national = key_figures.national_indicators(units, year, thresholds=thresholds)
    specs = meta["resources"]
    tables = {
        "units": units_table(units),
        "national-indicators": national_indicator_table(national, meta)[specs["national-indicators"]["fields"]],
        "provinces": province_table(units, year, specs["provinces"]["fields"], thresholds),
    }
    # Save outputs
    folder = Path(out_dir) / DATA_FOLDER
    paths, resources = [], []
    for name, table in tables.items():
        fields = field_descriptors(table, meta, thresholds)
        data = csv_bytes(table, fields)
        paths.append(_write_if_changed(folder / specs[name]["path"], data))
        resources.append(resource_descriptor(name, data, fields, year, sample, meta))
    package = data_package(year, resources, sample, meta)
    text = json_dumps(package, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    paths.append(_write_if_changed(folder / PACKAGE_FILE, text.encode("utf-8")))
    return paths
